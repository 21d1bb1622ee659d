/**
 * An RFC 8555 ACME client that runs in the browser: every request is a `fetch` to the CA (which must send
 * CORS headers), every POST a JWS signed by the account key or, for revocation, the certificate key.
 *
 * `fetch`, `sleep` and `now` are the client's only contact with the platform, so tests can stand in a fake
 * server and a fake clock without timing anything.
 */
import { checkDirectoryUrl } from './directory-url.js';
import { CERTIFICATE_LABELS, parseCertificate } from '../certificate/parse.js';
import { normalizeDnsName } from '../csr/build.js';
import type { LintFinding } from '../csr/types.js';
import { decodePem, encodePem } from '../encoding/pem.js';
import { asShirushiError, ShirushiError } from '../errors/shirushi-error.js';
import { lintCsr } from '../lint/index.js';
import { sha256 } from '../hash/sha.js';
import { canonicalIp } from '../hostname/ip.js';
import { readCappedBody } from '../net/capped-body.js';
import { deadline } from '../net/deadline.js';
import { localize, type LocalizedText } from '../i18n/strings.js';
import { base64urlEncode } from './base64url.js';
import { jwkThumbprint } from './jwk.js';
import { eabJws, signJws, type AcmeSigner, type ExternalAccountBinding } from './jws.js';
import {
  AcmeError,
  findingParams,
  isRecord,
  problemDetail,
  problemError,
  problemType,
  readProblem,
  type AcmeProblem,
} from './problem.js';
import { isSubscriberReason } from './reasons.js';

export interface AcmeClientOptions {
  /** The platform edge: tests may pass a fake for problem and Retry-After cases. */
  fetch?: typeof fetch;
  /** The clock edge: waits between polls. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => Date;
  /** How often a badNonce answer is retried with the nonce it carried. Default 3. */
  maxBadNonceRetries?: number;
  /** How long waitForAuthorization / waitForOrder poll before `acme/timeout`. Default 5 minutes. */
  pollTimeoutMs?: number;
  /** The wait between polls when the server sends no Retry-After. Default 1000. */
  defaultPollIntervalMs?: number;
  /**
   * How long one HTTP exchange (headers and body) may take before `acme/request-timeout`. Default 60 s: a
   * server that stalls mid-body must not leave the page waiting forever.
   */
  requestTimeoutMs?: number;
}

export interface AcmeDirectory {
  newNonce: string;
  newAccount: string;
  newOrder: string;
  revokeCert: string;
  keyChange: string;
  newAuthz?: string;
  meta?: {
    termsOfService?: string;
    website?: string;
    caaIdentities?: string[];
    externalAccountRequired?: boolean;
  };
}

export interface AcmeAccount {
  url: string;
  status: 'valid' | 'deactivated' | 'revoked';
  contact?: string[];
  orders?: string;
  externalAccountBinding?: unknown;
}

export interface AcmeIdentifier {
  type: 'dns' | 'ip';
  value: string;
}

export interface AcmeOrder {
  url: string;
  status: 'pending' | 'ready' | 'processing' | 'valid' | 'invalid';
  expires?: string;
  identifiers: AcmeIdentifier[];
  authorizations: string[];
  finalize: string;
  certificate?: string;
  error?: AcmeProblem;
  notBefore?: string;
  notAfter?: string;
}

export interface AcmeChallenge {
  type: string;
  url: string;
  status: 'pending' | 'processing' | 'valid' | 'invalid';
  token: string;
  validated?: string;
  error?: AcmeProblem;
}

export interface AcmeAuthorization {
  url: string;
  identifier: AcmeIdentifier;
  status: 'pending' | 'valid' | 'invalid' | 'deactivated' | 'expired' | 'revoked';
  expires?: string;
  challenges: AcmeChallenge[];
  wildcard?: boolean;
}

export type ChallengeInstructions =
  | {
      type: 'http-01';
      identifier: string;
      challengeUrl: string;
      token: string;
      /** `/.well-known/acme-challenge/<token>` */
      path: string;
      /** `http://<domain>/.well-known/acme-challenge/<token>` */
      url: string;
      /** The key authorization, the file's whole content. */
      content: string;
    }
  | {
      type: 'dns-01';
      identifier: string;
      challengeUrl: string;
      token: string;
      /** `_acme-challenge.example.jp` (a wildcard's `*.` dropped) */
      name: string;
      /** base64url(SHA-256(key authorization)) */
      value: string;
      /** `_acme-challenge.example.jp. 300 IN TXT "<value>"` */
      record: string;
    };

export interface AcmeProgress {
  stage:
    | 'directory'
    | 'account'
    | 'order'
    | 'authorization'
    | 'challenge'
    | 'finalize'
    | 'certificate'
    | 'revoke'
    | 'rollover';
  state: string;
  attempt?: number;
  /** The wait before the next poll, when one follows. */
  waitMs?: number;
  url?: string;
}

export interface DownloadedCertificate {
  pem: string;
  /** DER, leaf first. */
  chain: Uint8Array[];
  /** Other chains the server offers (Link rel="alternate"). */
  alternates: string[];
}

export interface PollOptions {
  signal?: AbortSignal;
  onProgress?: (p: AcmeProgress) => void;
}

/** Largest JSON resource or problem document read (a directory, order or authorization is a few kB). */
export const MAX_JSON_BYTES = 1024 * 1024;
/** Largest certificate chain read. */
export const MAX_CHAIN_BYTES = 1024 * 1024;
/**
 * A Retry-After longer than this is waited in slices of this length: a server asking for an hour would
 * otherwise freeze the progress display; the poll timeout still bounds the total.
 */
export const MAX_POLL_WAIT_MS = 60_000;

const JOSE = 'application/jose+json';
const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const NONCE = /^[A-Za-z0-9_-]{1,512}$/;

interface Reply {
  status: number;
  url: string;
  headers: Headers;
  body: Uint8Array;
}

function badResponse(url: string, detail: string, cause?: unknown): AcmeError {
  return new AcmeError('acme/bad-response', { url, detail }, cause === undefined ? {} : { cause });
}

function aborted(cause?: unknown): AcmeError {
  return new AcmeError('acme/aborted', {}, cause === undefined ? {} : { cause });
}

function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}

/** Throws `acme/aborted` when `signal` has fired. */
export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw aborted(signal.reason);
}

/** The default clock: a timer that an AbortSignal cancels. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(aborted(signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Retry-After (RFC 9110 10.2.3): delay-seconds or an HTTP date. Undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): Date | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d{1,9}$/.test(text)) return new Date(now.getTime() + Number(text) * 1000);
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/**
 * Link headers (RFC 8288): every `<uri>; rel="..."` entry, URIs resolved against the response URL.
 * Several Link headers arrive joined by commas; URIs inside <> may themselves hold commas.
 */
export function parseLinks(
  header: string | null | undefined,
  base: string,
): { url: string; rel: string[] }[] {
  const links: { url: string; rel: string[] }[] = [];
  if (!header) return links;
  const entry = /<([^>]*)>((?:\s*;\s*[^;,"=\s]+\s*(?:=\s*(?:"[^"]*"|[^;,"]*))?)*)/g;
  for (let match = entry.exec(header); match; match = entry.exec(header)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(match[2] ?? '');
    if (!rel) continue;
    let url: string;
    try {
      url = new URL(match[1]!.trim(), base).href;
    } catch {
      continue;
    }
    links.push({ url, rel: (rel[1] ?? rel[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean) });
  }
  return links;
}

function parseJson(reply: Reply): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(reply.body);
  } catch (error) {
    throw badResponse(reply.url, 'not UTF-8', error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const type = reply.headers.get('content-type') ?? 'no content type';
    throw badResponse(reply.url, `not JSON (HTTP ${reply.status}, ${type.slice(0, 80)})`, error);
  }
}

function stringField(json: Record<string, unknown>, name: string, url: string): string {
  const value = json[name];
  if (typeof value !== 'string' || value === '') throw badResponse(url, `missing "${name}"`);
  return value;
}

function absoluteUrl(value: string, base: string, field: string): string {
  try {
    const url = new URL(value, base);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(url.protocol);
    return url.href;
  } catch (error) {
    throw badResponse(base, `"${field}" is not a URL`, error);
  }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string, url: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badResponse(url, `unexpected ${field} ${JSON.stringify(value)?.slice(0, 40) ?? 'undefined'}`);
  }
  return value as T;
}

function readIdentifier(value: unknown, url: string): AcmeIdentifier {
  if (!isRecord(value) || typeof value.value !== 'string') throw badResponse(url, 'bad identifier');
  return { type: oneOf(value.type, ['dns', 'ip'] as const, 'identifier type', url), value: value.value };
}

function optionalString<K extends string>(json: Record<string, unknown>, name: K): { [P in K]?: string } {
  return (typeof json[name] === 'string' ? { [name]: json[name] } : {}) as { [P in K]?: string };
}

function readOrder(json: unknown, url: string, base: string): AcmeOrder {
  if (!isRecord(json)) throw badResponse(base, 'the order is not a JSON object');
  const identifiers = json.identifiers;
  const authorizations = json.authorizations;
  if (!Array.isArray(identifiers) || identifiers.length === 0)
    throw badResponse(base, 'missing "identifiers"');
  if (!Array.isArray(authorizations) || !authorizations.every((a) => typeof a === 'string')) {
    throw badResponse(base, 'missing "authorizations"');
  }
  const order: AcmeOrder = {
    url,
    status: oneOf(
      json.status,
      ['pending', 'ready', 'processing', 'valid', 'invalid'] as const,
      'status',
      base,
    ),
    identifiers: identifiers.map((identifier) => readIdentifier(identifier, base)),
    authorizations: (authorizations as string[]).map((a) => absoluteUrl(a, base, 'authorizations')),
    finalize: absoluteUrl(stringField(json, 'finalize', base), base, 'finalize'),
    ...optionalString(json, 'expires'),
    ...optionalString(json, 'notBefore'),
    ...optionalString(json, 'notAfter'),
  };
  if (typeof json.certificate === 'string')
    order.certificate = absoluteUrl(json.certificate, base, 'certificate');
  const error = readProblem(json.error);
  if (error) order.error = error;
  return order;
}

function readChallenge(json: unknown, base: string): AcmeChallenge {
  if (!isRecord(json)) throw badResponse(base, 'a challenge is not a JSON object');
  const challenge: AcmeChallenge = {
    type: stringField(json, 'type', base),
    url: absoluteUrl(stringField(json, 'url', base), base, 'url'),
    status: oneOf(
      json.status,
      ['pending', 'processing', 'valid', 'invalid'] as const,
      'challenge status',
      base,
    ),
    token: typeof json.token === 'string' ? json.token : '',
    ...optionalString(json, 'validated'),
  };
  const error = readProblem(json.error);
  if (error) challenge.error = error;
  return challenge;
}

function readAuthorization(json: unknown, url: string, base: string): AcmeAuthorization {
  if (!isRecord(json)) throw badResponse(base, 'the authorization is not a JSON object');
  if (!Array.isArray(json.challenges)) throw badResponse(base, 'missing "challenges"');
  const authz: AcmeAuthorization = {
    url,
    identifier: readIdentifier(json.identifier, base),
    status: oneOf(
      json.status,
      ['pending', 'valid', 'invalid', 'deactivated', 'expired', 'revoked'] as const,
      'authorization status',
      base,
    ),
    challenges: json.challenges.map((challenge) => readChallenge(challenge, base)),
    ...optionalString(json, 'expires'),
  };
  if (json.wildcard === true) authz.wildcard = true;
  return authz;
}

function readAccount(json: unknown, url: string, base: string): AcmeAccount {
  if (!isRecord(json)) throw badResponse(base, 'the account is not a JSON object');
  const account: AcmeAccount = {
    url,
    status: oneOf(json.status, ['valid', 'deactivated', 'revoked'] as const, 'account status', base),
    ...optionalString(json, 'orders'),
  };
  if (Array.isArray(json.contact))
    account.contact = json.contact.filter((c): c is string => typeof c === 'string');
  if (json.externalAccountBinding !== undefined) account.externalAccountBinding = json.externalAccountBinding;
  return account;
}

function readDirectory(json: unknown, url: string): AcmeDirectory {
  if (!isRecord(json)) throw badResponse(url, 'the directory is not a JSON object');
  const field = (name: string) => absoluteUrl(stringField(json, name, url), url, name);
  const directory: AcmeDirectory = {
    newNonce: field('newNonce'),
    newAccount: field('newAccount'),
    newOrder: field('newOrder'),
    revokeCert: field('revokeCert'),
    keyChange: field('keyChange'),
  };
  if (typeof json.newAuthz === 'string') directory.newAuthz = absoluteUrl(json.newAuthz, url, 'newAuthz');
  if (isRecord(json.meta)) {
    const meta = json.meta;
    directory.meta = {
      ...optionalString(meta, 'termsOfService'),
      ...optionalString(meta, 'website'),
      ...(Array.isArray(meta.caaIdentities) && {
        caaIdentities: meta.caaIdentities.filter((c): c is string => typeof c === 'string'),
      }),
      ...(typeof meta.externalAccountRequired === 'boolean' && {
        externalAccountRequired: meta.externalAccountRequired,
      }),
    };
  }
  return directory;
}

/** An identifier as the order carries it: IP literals canonical, host names as lowercase A-labels. */
export function toIdentifier(input: string | AcmeIdentifier): AcmeIdentifier {
  if (typeof input !== 'string') {
    if (input?.type === 'ip') return { type: 'ip', value: canonicalIp(input.value) ?? input.value };
    if (input?.type === 'dns') return { type: 'dns', value: toIdentifier(input.value).value };
    throw new AcmeError('acme/bad-identifier', { name: String((input as { value?: unknown })?.value) });
  }
  const name = input.trim();
  const ip = canonicalIp(name.replace(/^\[(.*)\]$/, '$1'));
  if (ip !== undefined) return { type: 'ip', value: ip };
  try {
    return { type: 'dns', value: normalizeDnsName(name) };
  } catch (error) {
    throw new AcmeError('acme/bad-identifier', { name: input.slice(0, 256) }, { cause: error });
  }
}

/** Whether a lint finding is about a name the order already holds (the CA accepted it in newOrder). */
function aboutOrderedName(item: LintFinding, identifiers: readonly AcmeIdentifier[]): boolean {
  if (!item.field?.startsWith('san')) return false;
  const name = String(item.params?.name ?? '').toLowerCase();
  return identifiers.some((id) => id.value === name || `*.${id.value}` === name || id.value === `*.${name}`);
}

/**
 * The local check before finalize: `lintCsr(csr, 'acme')` errors refuse the CSR with `acme/badCSR` and the
 * findings, in the shape a server's badCSR has. Findings about names the order holds are left to the CA:
 * it accepted those names in newOrder, and its policy (a private CA's internal names, say) is the one
 * that decides.
 */
export function checkCsrForOrder(csr: Uint8Array, identifiers: readonly AcmeIdentifier[]): void {
  let findings: LintFinding[];
  try {
    findings = lintCsr(csr, 'acme');
  } catch (error) {
    // Not a CSR at all: the CA would only answer "malformed", so say what is wrong here.
    const reason = asShirushiError(error, 'csr/not-a-csr');
    throw new AcmeError(
      'acme/badCSR',
      { detail: reason.code, type: 'local', findingJa: reason.messages.ja, findingEn: reason.messages.en },
      { findings: [], cause: error },
    );
  }
  const blocking = findings.filter(
    (item) => item.severity === 'error' && !aboutOrderedName(item, identifiers),
  );
  if (blocking.length > 0) {
    throw new AcmeError(
      'acme/badCSR',
      { detail: blocking[0]!.code, type: 'local', ...findingParams(blocking) },
      { findings: blocking },
    );
  }
}

export class AcmeClient {
  readonly directoryUrl: string;
  /** Fresh nonces, last in first out: a badNonce answer's own nonce is the next one used. */
  readonly nonces: string[] = [];
  accountUrl?: string;
  signer?: AcmeSigner;

  private directoryValue?: AcmeDirectory;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => Date;
  private readonly maxBadNonceRetries: number;
  private readonly pollTimeoutMs: number;
  private readonly defaultPollIntervalMs: number;
  private readonly requestTimeoutMs: number;

  private constructor(directoryUrl: string, options: AcmeClientOptions) {
    this.directoryUrl = directoryUrl;
    const platformFetch = options.fetch;
    // A detached `fetch` throws "Illegal invocation" in browsers, so call it through globalThis.
    this.fetchImpl = platformFetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? (() => new Date());
    this.maxBadNonceRetries = Math.max(0, options.maxBadNonceRetries ?? 3);
    this.pollTimeoutMs = options.pollTimeoutMs ?? 5 * 60_000;
    this.defaultPollIntervalMs = options.defaultPollIntervalMs ?? 1000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  }

  /** Reads the directory and returns a client for it. */
  static async connect(directoryUrl: string, options: AcmeClientOptions = {}): Promise<AcmeClient> {
    const url = checkDirectoryUrl(directoryUrl);
    const client = new AcmeClient(url, options);
    const reply = await client.send(url, { method: 'GET' }, MAX_JSON_BYTES);
    if (reply.status !== 200) throw client.failure(reply);
    client.directoryValue = readDirectory(parseJson(reply), reply.url);
    return client;
  }

  get directory(): AcmeDirectory {
    return this.directoryValue!;
  }

  /** Registers (or finds) the account for `signer`; with `eab`, bound to the CA's external account. */
  async newAccount(o: {
    signer: AcmeSigner;
    contact?: string[];
    termsOfServiceAgreed: boolean;
    eab?: ExternalAccountBinding;
    onlyReturnExisting?: boolean;
  }): Promise<AcmeAccount> {
    const url = this.directory.newAccount;
    const payload: Record<string, unknown> = { termsOfServiceAgreed: o.termsOfServiceAgreed === true };
    if (o.contact && o.contact.length > 0) payload.contact = o.contact;
    if (o.onlyReturnExisting) payload.onlyReturnExisting = true;
    if (o.eab) payload.externalAccountBinding = await eabJws(o.eab, o.signer.jwk, url);
    const reply = await this.post(url, payload, { signer: o.signer, useJwk: true });
    const location = this.location(reply);
    const account = readAccount(parseJson(reply), location, reply.url);
    this.accountUrl = location;
    this.signer = o.signer;
    return account;
  }

  /** Uses a known account (a stored one) from now on. */
  useAccount(signer: AcmeSigner, accountUrl: string): void {
    this.signer = signer;
    this.accountUrl = accountUrl;
  }

  /** Account key rollover (RFC 8555 7.3.5); the client signs with `newSigner` once the CA agrees. */
  async rolloverKey(newSigner: AcmeSigner): Promise<void> {
    const { signer, accountUrl } = this.requireAccount();
    const url = this.directory.keyChange;
    const inner = await signJws({
      signer: newSigner,
      url,
      payload: { account: accountUrl, oldKey: signer.jwk },
    });
    await this.post(url, inner, { signer });
    this.signer = newSigner;
  }

  async newOrder(identifiers: (string | AcmeIdentifier)[]): Promise<AcmeOrder> {
    this.requireAccount();
    const list = identifiers.map(toIdentifier);
    if (list.length === 0) throw new AcmeError('acme/bad-identifier', { name: '' });
    const reply = await this.post(this.directory.newOrder, { identifiers: list });
    return readOrder(parseJson(reply), this.location(reply), reply.url);
  }

  async getOrder(url: string, signal?: AbortSignal): Promise<AcmeOrder> {
    const reply = await this.post(url, '', { signal });
    return readOrder(parseJson(reply), url, reply.url);
  }

  async getAuthorization(url: string, signal?: AbortSignal): Promise<AcmeAuthorization> {
    const reply = await this.post(url, '', { signal });
    return readAuthorization(parseJson(reply), url, reply.url);
  }

  /** What the user has to place for a challenge: the http-01 file or the dns-01 TXT record. */
  async challengeInstructions(
    authz: AcmeAuthorization,
    type: 'http-01' | 'dns-01',
  ): Promise<ChallengeInstructions> {
    const { signer } = this.requireAccount();
    const challenge = authz.challenges.find((c) => c.type === type);
    const identifier = authz.identifier.value.replace(/^\*\./, '');
    if (!challenge) throw new AcmeError('acme/no-challenge', { type, identifier });
    // The token becomes a URL path segment and part of a DNS value: anything but base64url is refused.
    if (!TOKEN.test(challenge.token)) throw badResponse(challenge.url, 'challenge token is not base64url');
    const keyAuthorization = `${challenge.token}.${await jwkThumbprint(signer.jwk)}`;
    if (type === 'http-01') {
      const path = `/.well-known/acme-challenge/${challenge.token}`;
      const host =
        authz.identifier.type === 'ip' && identifier.includes(':') ? `[${identifier}]` : identifier;
      return {
        type,
        identifier,
        challengeUrl: challenge.url,
        token: challenge.token,
        path,
        url: `http://${host}${path}`,
        content: keyAuthorization,
      };
    }
    const name = `_acme-challenge.${identifier}`;
    const value = base64urlEncode(sha256(new TextEncoder().encode(keyAuthorization)));
    return {
      type,
      identifier,
      challengeUrl: challenge.url,
      token: challenge.token,
      name,
      value,
      record: `${name}. 300 IN TXT "${value}"`,
    };
  }

  /** Tells the CA the challenge is in place (an empty JSON object, RFC 8555 7.5.1). */
  async respondToChallenge(challengeUrl: string): Promise<AcmeChallenge> {
    const reply = await this.post(challengeUrl, {});
    return readChallenge(parseJson(reply), reply.url);
  }

  /** Polls an authorization until it is valid; `acme/challenge-invalid` when validation failed. */
  async waitForAuthorization(url: string, o: PollOptions = {}): Promise<AcmeAuthorization> {
    return this.poll(url, 'authorization', o, async (signal) => {
      const reply = await this.post(url, '', { signal });
      const authz = readAuthorization(parseJson(reply), url, reply.url);
      if (authz.status === 'valid') return { finished: true, value: authz, state: authz.status };
      if (authz.status !== 'pending') {
        const failed =
          authz.challenges.find((c) => c.error) ?? authz.challenges.find((c) => c.status === 'invalid');
        const problem = failed?.error;
        throw new AcmeError(
          'acme/challenge-invalid',
          { identifier: authz.identifier.value, detail: problem ? problemDetail(problem) : authz.status },
          problem ? { problem } : {},
        );
      }
      const what = localize('acme/what/authorization', { identifier: authz.identifier.value });
      return { finished: false, reply, state: authz.status, what };
    });
  }

  async finalize(order: AcmeOrder, csrDer: Uint8Array): Promise<AcmeOrder> {
    this.requireAccount();
    checkCsrForOrder(csrDer, order.identifiers);
    const reply = await this.post(order.finalize, { csr: base64urlEncode(csrDer) }, { csr: csrDer });
    return readOrder(parseJson(reply), order.url, reply.url);
  }

  /**
   * Polls an order until it is `ready` (all authorizations valid) or `valid` (issued). `acme/order-invalid`
   * when the CA gave up on it.
   */
  async waitForOrder(url: string, o: PollOptions & { until?: 'ready' | 'valid' } = {}): Promise<AcmeOrder> {
    const until = o.until ?? 'valid';
    return this.poll(url, until === 'valid' ? 'finalize' : 'order', o, async (signal) => {
      const reply = await this.post(url, '', { signal });
      const order = readOrder(parseJson(reply), url, reply.url);
      if (order.status === 'invalid') {
        throw new AcmeError(
          'acme/order-invalid',
          { detail: order.error ? problemDetail(order.error) : 'invalid' },
          order.error ? { problem: order.error } : {},
        );
      }
      if (order.status === 'valid' || order.status === until)
        return { finished: true, value: order, state: order.status };
      return { finished: false, reply, state: order.status, what: localize('acme/what/order') };
    });
  }

  /** Downloads a certificate chain (application/pem-certificate-chain) and the alternates it links to. */
  async downloadCertificate(url: string): Promise<DownloadedCertificate> {
    const reply = await this.post(url, '', {
      accept: 'application/pem-certificate-chain',
      limit: MAX_CHAIN_BYTES,
    });
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(reply.body);
    } catch (error) {
      throw badResponse(url, 'the chain is not text', error);
    }
    let chain: Uint8Array[];
    try {
      chain = decodePem(text, { maxBytes: MAX_CHAIN_BYTES })
        .filter((block) => (CERTIFICATE_LABELS as readonly string[]).includes(block.label))
        .map((block) => block.der);
      chain.forEach((der) => parseCertificate(der));
    } catch (error) {
      const detail = error instanceof ShirushiError ? error.messages.en : 'unreadable PEM';
      throw badResponse(url, `certificate chain: ${detail}`, error);
    }
    if (chain.length === 0) throw badResponse(url, 'no certificate in the chain');
    const alternates = parseLinks(reply.headers.get('link'), reply.url)
      .filter((link) => link.rel.includes('alternate'))
      .map((link) => link.url);
    return { pem: chain.map((der) => encodePem('CERTIFICATE', der)).join(''), chain, alternates };
  }

  /**
   * Revokes a certificate (RFC 8555 7.6) with a reason a subscriber may choose (0, 1, 3, 4, 5). Signed by
   * the account (kid), or with `signer` by the certificate's own key (jwk), which works without the
   * account that ordered it — the way to revoke after losing the account key.
   */
  async revokeCertificate(
    certificate: Uint8Array,
    reason: 0 | 1 | 3 | 4 | 5,
    o: { signer?: AcmeSigner } = {},
  ): Promise<void> {
    if (!isSubscriberReason(reason))
      throw new AcmeError('acme/reason-not-allowed', { reason: String(reason) });
    const payload = { certificate: base64urlEncode(certificate), reason };
    if (o.signer) await this.post(this.directory.revokeCert, payload, { signer: o.signer, useJwk: true });
    else {
      this.requireAccount();
      await this.post(this.directory.revokeCert, payload);
    }
  }

  async deactivateAccount(): Promise<AcmeAccount> {
    const { accountUrl } = this.requireAccount();
    const reply = await this.post(accountUrl, { status: 'deactivated' });
    return readAccount(parseJson(reply), accountUrl, reply.url);
  }

  private requireAccount(): { signer: AcmeSigner; accountUrl: string } {
    if (!this.signer || !this.accountUrl) throw new AcmeError('acme/no-account');
    return { signer: this.signer, accountUrl: this.accountUrl };
  }

  private location(reply: Reply): string {
    const location = reply.headers.get('location');
    if (!location)
      throw badResponse(reply.url, 'no Location header (the server may not expose it to this site)');
    return absoluteUrl(location, reply.url, 'Location');
  }

  /**
   * One HTTP exchange. Every Replay-Nonce seen goes into the pool, whatever the status. The caller's signal
   * and the per-request timeout both abort it, the body read included.
   */
  private async send(
    url: string,
    init: { method: 'GET' | 'HEAD' | 'POST'; body?: string; accept?: string; signal?: AbortSignal },
    limit: number,
  ): Promise<Reply> {
    checkAbort(init.signal);
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['Content-Type'] = JOSE;
    if (init.accept) headers.Accept = init.accept;
    const request = deadline(this.requestTimeoutMs, init.signal);
    try {
      const response = await this.fetchImpl(url, {
        method: init.method,
        headers,
        ...(init.body !== undefined && { body: init.body }),
        signal: request.signal,
        cache: 'no-store',
        credentials: 'omit',
      });
      const nonce = response.headers.get('replay-nonce');
      if (nonce && NONCE.test(nonce)) this.nonces.push(nonce);
      const body =
        init.method === 'HEAD'
          ? new Uint8Array(0)
          : await readCappedBody(response, limit, { signal: request.signal });
      if (!body) throw badResponse(url, `response larger than ${limit} bytes`);
      return { status: response.status, url: response.url || url, headers: response.headers, body };
    } catch (error) {
      if (error instanceof AcmeError) throw error;
      if (request.timedOut()) {
        throw new AcmeError(
          'acme/request-timeout',
          { url: safeUrl(url), seconds: Math.round(this.requestTimeoutMs / 1000) },
          { cause: error },
        );
      }
      if (isAbort(error) || init.signal?.aborted) throw aborted(error);
      // fetch rejects with a bare TypeError for DNS, TLS, refused connections and CORS alike.
      throw new AcmeError('acme/network', { url: safeUrl(url) }, { cause: error });
    } finally {
      request.dispose();
    }
  }

  private async takeNonce(signal?: AbortSignal): Promise<string> {
    const pooled = this.nonces.pop();
    if (pooled) return pooled;
    const reply = await this.send(this.directory.newNonce, { method: 'HEAD', signal }, 0);
    const nonce = this.nonces.pop();
    if (!nonce) {
      throw badResponse(
        reply.url,
        `no Replay-Nonce header (HTTP ${reply.status}; the server may not expose it to this site)`,
      );
    }
    return nonce;
  }

  /** The error for a failed reply: its problem document, or bad-response when there is none. */
  private failure(reply: Reply, csr?: Uint8Array): AcmeError {
    let json: unknown;
    try {
      json = parseJson(reply);
    } catch {
      json = undefined;
    }
    const problem = readProblem(json, reply.status);
    if (!problem) return badResponse(reply.url, `HTTP ${reply.status} without a problem document`);
    const retryAfter = parseRetryAfter(reply.headers.get('retry-after'), this.now());
    return problemError(problem, { ...(retryAfter && { retryAfter }), ...(csr && { csr }) });
  }

  /**
   * A signed POST (or POST-as-GET with payload ''). A badNonce answer is retried with the nonce it carried,
   * up to maxBadNonceRetries times (RFC 8555 6.5: the client should retry with the new nonce).
   */
  private async post(
    url: string,
    payload: unknown,
    o: {
      signer?: AcmeSigner;
      useJwk?: boolean;
      signal?: AbortSignal | undefined;
      accept?: string;
      limit?: number;
      csr?: Uint8Array;
    } = {},
  ): Promise<Reply> {
    const signer = o.signer ?? this.requireAccount().signer;
    const kid = o.useJwk ? undefined : this.requireAccount().accountUrl;
    for (let attempt = 0; ; attempt++) {
      const nonce = await this.takeNonce(o.signal);
      const jws = await signJws({ signer, url, nonce, ...(kid !== undefined && { kid }), payload });
      const reply = await this.send(
        url,
        { method: 'POST', body: JSON.stringify(jws), accept: o.accept, signal: o.signal },
        o.limit ?? MAX_JSON_BYTES,
      );
      if (reply.status >= 200 && reply.status < 300) return reply;
      const error = this.failure(reply, o.csr);
      if (problemType(error.problem) === 'badNonce' && attempt < this.maxBadNonceRetries) continue;
      throw error;
    }
  }

  /** Polls until `step` says done, waiting what Retry-After asks (or the default interval) in between. */
  private async poll<T>(
    url: string,
    stage: AcmeProgress['stage'],
    o: PollOptions,
    step: (
      signal: AbortSignal | undefined,
    ) => Promise<
      | { finished: true; value: T; state: string }
      | { finished: false; reply: Reply; state: string; what: LocalizedText }
    >,
  ): Promise<T> {
    const started = this.now().getTime();
    const deadline = started + this.pollTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      checkAbort(o.signal);
      const result = await step(o.signal);
      if (result.finished) {
        o.onProgress?.({ stage, state: result.state, attempt, url });
        return result.value;
      }
      // One reading of the clock: "Retry-After: 30" must be a wait of exactly 30 s.
      const current = this.now();
      const now = current.getTime();
      const retryAfter = parseRetryAfter(result.reply.headers.get('retry-after'), current);
      const asked = retryAfter ? retryAfter.getTime() - now : this.defaultPollIntervalMs;
      const waitMs = Math.min(Math.max(asked, 0), MAX_POLL_WAIT_MS);
      if (now + waitMs > deadline) {
        throw new AcmeError('acme/timeout', {
          whatJa: result.what.ja,
          whatEn: result.what.en,
          seconds: Math.round(this.pollTimeoutMs / 1000),
        });
      }
      o.onProgress?.({ stage, state: result.state, attempt, waitMs, url });
      checkAbort(o.signal);
      try {
        await this.sleep(waitMs, o.signal);
      } catch (error) {
        if (error instanceof AcmeError) throw error;
        if (isAbort(error) || o.signal?.aborted) throw aborted(error);
        throw error;
      }
    }
  }
}

/** Origin and path only: a URL in a message never carries a query string. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.slice(0, 200);
  }
}
