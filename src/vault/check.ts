/**
 * Chain and revocation for certificates in the vault: the path is built from the vault's own CA
 * certificates (what the CA sent with the leaf) up to the bundled SECOM roots or anchors the caller
 * gives; each certificate's CRLs are downloaded (through a mirror when CA URLs have no CORS) and the
 * engine decides. The leaf's answer is kept in the vault as its latest revocation result.
 */
import { fetchCrl } from '../net/crl-fetch.js';
import { asShirushiError, ShirushiError } from '../errors/shirushi-error.js';
import { localize } from '../i18n/strings.js';
import { verifyChain } from '../net/offloaded.js';
import type { ChainResult } from '../path/types.js';
import type { CrlInput, RevocationProblem, RevocationResult } from '../revocation/types.js';
import { SECOM_ROOTS } from '../seal/data/secom-roots.js';
import type { VaultRevocation } from './schema.js';
import type { Vault } from './vault.js';

export interface VaultChainOptions {
  /** Default: the bundled SECOM roots (`SECOM_ROOTS`). */
  trustAnchors?: Array<Uint8Array | string>;
  /** Default: now. */
  time?: Date;
}

export interface VaultRevocationCheckOptions extends VaultChainOptions {
  /** CRL mirror template, as `fetchCrl`'s `mirror`. */
  mirror?: string;
  signal?: AbortSignal;
  /** Seconds of clock difference tolerated on CRL dates. */
  clockSkew?: number;
  fetch?: typeof fetch;
}

export interface VaultRevocationCheck {
  /** The path with revocation answers for every certificate below the anchor. */
  chain: ChainResult;
  /** The leaf's answer, as recorded in the vault. */
  result: RevocationResult;
  recorded: VaultRevocation;
  /** CRLs that could not be downloaded, and other notes from the downloads. */
  problems: RevocationProblem[];
}

async function vaultDer(vault: Vault, id: string): Promise<Uint8Array> {
  const certificate = await vault.get(id);
  if (!certificate) throw new ShirushiError('vault/not-found', { id });
  return certificate.der;
}

/** The vault's CA certificates, the candidates for intermediates. */
async function caCertificates(vault: Vault, except: string): Promise<Uint8Array[]> {
  const ids = vault
    .search({ includeCa: true })
    .filter((summary) => summary.ca && summary.id !== except)
    .map((summary) => summary.id);
  const found = await Promise.all(ids.map((id) => vault.get(id)));
  return found.flatMap((certificate) => (certificate ? [certificate.der] : []));
}

/** Builds and checks the path of a vault certificate (signatures, validity, constraints; no CRLs). */
export async function vaultChainOf(
  vault: Vault,
  id: string,
  options: VaultChainOptions = {},
): Promise<ChainResult> {
  const leaf = await vaultDer(vault, id);
  return verifyChain({
    leaf,
    intermediates: await caCertificates(vault, id),
    trustAnchors: options.trustAnchors ?? [...SECOM_ROOTS],
    revocation: 'off',
    ...(options.time && { time: options.time }),
  });
}

/**
 * Downloads the CRLs of every certificate on the path, checks revocation with the engine and records the
 * leaf's answer in the vault (`revocation-checked` history event). A path that does not reach an anchor
 * leaves the leaf `unknown` (no issuer to check its CRL against), with the chain's problems.
 */
export async function checkVaultRevocation(
  vault: Vault,
  id: string,
  options: VaultRevocationCheckOptions = {},
): Promise<VaultRevocationCheck> {
  const time = options.time ?? new Date();
  const trustAnchors = options.trustAnchors ?? [...SECOM_ROOTS];
  const leaf = await vaultDer(vault, id);
  const intermediates = await caCertificates(vault, id);
  const path = (await verifyChain({ leaf, intermediates, trustAnchors, revocation: 'off', time })).path;
  const problems: RevocationProblem[] = [];
  const crls: CrlInput[] = [];
  // The anchor (last) has no issuer above it here.
  for (let index = 0; index + 1 < path.length; index++) {
    const certificate = path[index]!;
    const issuer = path[index + 1]!;
    const urls = [...new Set(certificate.crlDistributionPoints.flatMap((point) => point.urls))];
    for (const url of urls) {
      try {
        const fetched = await fetchCrl(url, {
          issuer: issuer.der,
          time,
          ...(options.mirror !== undefined && { mirror: options.mirror }),
          ...(options.signal && { signal: options.signal }),
          ...(options.clockSkew !== undefined && { clockSkew: options.clockSkew }),
          ...(options.fetch && { fetch: options.fetch }),
        });
        crls.push({ der: fetched.der, url: fetched.url });
        problems.push(...fetched.problems);
      } catch (error) {
        const failure = asShirushiError(error, 'crl-fetch/network');
        problems.push({
          code: failure.code,
          message: localize(failure.code, failure.params),
          params: failure.params,
        });
      }
    }
  }
  const chain = await verifyChain({
    leaf,
    intermediates,
    trustAnchors,
    crls,
    time,
    revocation: 'prefer',
    ...(options.clockSkew !== undefined && { clockSkew: options.clockSkew }),
  });
  const leafAnswer: RevocationResult = chain.revocation[0] ?? {
    status: 'unknown',
    problems: chain.problems,
  };
  // A revoked CA revokes everything below it; the leaf's own CRL may still list it as good.
  const revokedCa = chain.revocation.slice(1).find((answer) => answer.status === 'revoked');
  const result: RevocationResult = revokedCa
    ? { ...revokedCa, problems: [...revokedCa.problems, ...leafAnswer.problems] }
    : { ...leafAnswer, problems: [...problems, ...leafAnswer.problems] };
  const recorded = await vault.recordRevocation(id, result, time);
  return { chain, result, recorded, problems };
}
