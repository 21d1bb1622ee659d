/**
 * A whole ACME order, as the `<shirushi-acme>` element and the tests run it: order the names, show the
 * challenges, validate, finalize with a CSR (a new key per order by default), download every chain.
 */
import { parseCertificate } from '../certificate/parse.js';
import type { DistinguishedName } from '../certificate/types.js';
import { createCsr } from '../csr/build.js';
import type { KeySpec } from '../csr/types.js';
import { encodePem } from '../encoding/pem.js';
import { generateKeyPair } from '../keys/generate.js';
import { storeKey } from '../keys/store.js';
import {
  checkAbort,
  toIdentifier,
  type AcmeClient,
  type AcmeOrder,
  type AcmeProgress,
  type ChallengeInstructions,
  type DownloadedCertificate,
} from './client.js';
import { AcmeError } from './problem.js';

export interface OrderCertificateOptions {
  client: AcmeClient;
  names: string[];
  challengeType: 'http-01' | 'dns-01';
  /** A CSR from the CSR studio (its key-store record); default: a new key for this order. */
  csr?: { der: Uint8Array; keyId?: string };
  /** The new key per order (default ECDSA P-256), stored in the key store. */
  keySpec?: KeySpec;
  /** Resolve when the user has placed every challenge. */
  onChallenges: (instructions: ChallengeInstructions[]) => Promise<void>;
  onProgress?: (p: AcmeProgress) => void;
  signal?: AbortSignal;
  /** Issuer CN of the wanted root; default: the default chain. */
  preferredChain?: string;
}

export interface OrderResult {
  order: AcmeOrder;
  certificate: DownloadedCertificate;
  alternates: DownloadedCertificate[];
  keyId?: string;
  csrPem: string;
}

/** X.520 ub-common-name: a longer first name goes in the SAN only. */
const MAX_COMMON_NAME = 64;

/** The issuer of the top certificate of a chain: the root the chain leads to (undefined if unreadable). */
export function chainRoot(chain: DownloadedCertificate): DistinguishedName | undefined {
  const top = chain.chain[chain.chain.length - 1];
  try {
    return top ? parseCertificate(top).issuer : undefined;
  } catch {
    return undefined;
  }
}

const rootName = (chain: DownloadedCertificate) => chainRoot(chain)?.commonName;

async function newKeyCsr(
  names: string[],
  keySpec: KeySpec | undefined,
): Promise<{ der: Uint8Array; pem: string; keys: CryptoKeyPair }> {
  const identifiers = names.map(toIdentifier);
  const dnsNames = identifiers.filter((id) => id.type === 'dns').map((id) => id.value);
  const ipAddresses = identifiers.filter((id) => id.type === 'ip').map((id) => id.value);
  const keys = await generateKeyPair(keySpec ?? { algorithm: 'ECDSA', curve: 'P-256' });
  const first = identifiers[0]?.value ?? '';
  const created = await createCsr({
    keys,
    subject: first.length <= MAX_COMMON_NAME ? { commonName: first } : {},
    dnsNames,
    ipAddresses,
    profile: 'acme',
  });
  return { der: created.der, pem: created.pem, keys };
}

/**
 * Orders a certificate for `names` with the client's account. The new key (when no CSR is given) is put
 * in the key store just before finalize, so an order that fails validation leaves no orphan key, and an
 * issued certificate is never without its key.
 */
export async function orderCertificate(o: OrderCertificateOptions): Promise<OrderResult> {
  const { client, signal } = o;
  const progress = (p: AcmeProgress) => o.onProgress?.(p);
  const poll = { ...(signal && { signal }), ...(o.onProgress && { onProgress: o.onProgress }) };
  checkAbort(signal);

  // A new key's CSR is built first: a name createCsr refuses should fail before an order exists.
  const fresh = o.csr ? undefined : await newKeyCsr(o.names, o.keySpec);
  const csrDer = o.csr?.der ?? fresh!.der;
  const csrPem = fresh?.pem ?? encodePem('CERTIFICATE REQUEST', csrDer);

  progress({ stage: 'order', state: 'creating' });
  let order = await client.newOrder(o.names);
  progress({ stage: 'order', state: order.status, url: order.url });

  const pending: string[] = [];
  const instructions: ChallengeInstructions[] = [];
  for (const url of order.authorizations) {
    checkAbort(signal);
    const authz = await client.getAuthorization(url, signal);
    progress({ stage: 'authorization', state: authz.status, url });
    if (authz.status === 'valid') continue;
    pending.push(url);
    instructions.push(await client.challengeInstructions(authz, o.challengeType));
  }
  if (instructions.length > 0) {
    await o.onChallenges(instructions);
    checkAbort(signal);
    for (const item of instructions) {
      progress({ stage: 'challenge', state: 'responding', url: item.challengeUrl });
      await client.respondToChallenge(item.challengeUrl);
    }
    for (const url of pending) await client.waitForAuthorization(url, poll);
  }

  order = await client.waitForOrder(order.url, { ...poll, until: 'ready' });
  let keyId = o.csr?.keyId;
  if (fresh) {
    checkAbort(signal);
    keyId = (await storeKey({ keys: fresh.keys, csrPem, names: order.identifiers.map((id) => id.value) })).id;
  }
  if (order.status === 'ready') {
    progress({ stage: 'finalize', state: 'sending', url: order.finalize });
    order = await client.finalize(order, csrDer);
  }
  if (order.status !== 'valid') order = await client.waitForOrder(order.url, { ...poll, until: 'valid' });
  if (!order.certificate) {
    throw new AcmeError('acme/bad-response', { url: order.url, detail: 'valid order without "certificate"' });
  }

  progress({ stage: 'certificate', state: 'downloading', url: order.certificate });
  const main = await client.downloadCertificate(order.certificate);
  const alternates: DownloadedCertificate[] = [];
  for (const url of main.alternates) {
    checkAbort(signal);
    alternates.push(await client.downloadCertificate(url));
  }
  let certificate = main;
  if (o.preferredChain !== undefined) {
    const preferred = alternates.find((chain) => rootName(chain) === o.preferredChain);
    if (preferred && rootName(main) !== o.preferredChain) {
      certificate = preferred;
      alternates.splice(alternates.indexOf(preferred), 1, main);
    }
  }
  progress({ stage: 'certificate', state: 'valid', url: order.certificate });
  return { order, certificate, alternates, ...(keyId !== undefined && { keyId }), csrPem };
}
