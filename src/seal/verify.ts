/**
 * What the verification page (`verify.html#<id>`) decides about a seal, DOM-free. Two steps, so tests can
 * drive the second with certificates and CRLs made by openssl:
 *
 * - `loadSeal` fetches the record, the status file, extra trust anchors and the CRLs (through the
 *   provider's mirror), with timeouts and size caps. It judges nothing.
 * - `evaluateSeal` turns those bytes and a time into a verdict: the chain is validated to the trust
 *   anchors and every certificate with a CRL is checked (in the Web Worker when the page configured
 *   offloading), the site that showed the seal is compared with the certificate's names, and the result
 *   is compared with the status file.
 *
 * Nothing here may ever turn a doubt into "valid": a missing referrer, a stale or unreachable CRL, or a
 * CRL with a bad signature each keep the verdict away from the green state.
 */
import { parseCertificate } from '../certificate/parse.js';
import type { CertificateInfo, ValidationLevel } from '../certificate/types.js';
import { crlDownloadUrl } from '../net/crl-fetch.js';
import { CRL_DEFAULT_MAX_BYTES, parseCrl } from '../crl/parse.js';
import { base64Decode } from '../encoding/base64.js';
import { asShirushiError } from '../errors/shirushi-error.js';
import { matchesHostname } from '../hostname/match.js';
import { readCappedBody } from '../net/capped-body.js';
import { deadline } from '../net/deadline.js';
import { localize, type ErrorCode, type LocalizedText, type MessageParams } from '../i18n/strings.js';
import { verifyChain } from '../net/offloaded.js';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../path/check-revocation.js';
import type { RevocationReason } from '../crl/types.js';
import type { ChainResult } from '../path/types.js';
import type { RevocationResult } from '../revocation/types.js';
import { SECOM_ROOTS } from './data/secom-roots.js';
import { EXPIRING_DAYS } from './state.js';
import { isSealBrand, type SealBrand, type SealRecord, type SealState, type SealStatus } from './record.js';

/** What the page says about a seal; `loading` is only ever the element's own state. */
export type VerificationState =
  | 'valid'
  | 'expiring'
  | 'expired'
  | 'revoked'
  | 'not-yet-valid'
  | 'wrong-site'
  | 'unconfirmed'
  | 'unknown-seal'
  | 'invalid-chain';

export const VERIFICATION_STATES: readonly VerificationState[] = [
  'valid',
  'expiring',
  'expired',
  'revoked',
  'not-yet-valid',
  'wrong-site',
  'unconfirmed',
  'unknown-seal',
  'invalid-chain',
];

/** `good` (green) only for a valid certificate seen on a site it names; `caution` amber; `bad` red. */
export type VerificationTone = 'good' | 'caution' | 'bad';

export type SiteCheck = 'match' | 'mismatch' | 'unknown';

/** Why revocation could not be confirmed. */
export type UnconfirmedCause =
  | 'crl-unreachable'
  | 'crl-stale'
  | 'crl-bad-signature'
  | 'no-crl'
  /** The check itself could not run to the end (the revocation worker failed). */
  | 'check-failed'
  /** The record could not be downloaded (offline, provider down, timeout): not the same as unregistered. */
  | 'record-unreachable';

export interface VerificationProblem {
  code: ErrorCode;
  message: LocalizedText;
  params?: MessageParams;
}

/** The certificate facts a visitor reads, taken from the certificate itself (never the record's summary). */
export interface SealCertificateFacts {
  /** Subject, RFC 4514. */
  subject: string;
  organization?: string;
  dnsNames: string[];
  ipAddresses: string[];
  validationLevel?: ValidationLevel;
  /** Issuer subjects above the leaf, nearest first, ending at the trust anchor when a path was found. */
  issuerChain: string[];
  /** Lowercase hex, as encoded. */
  serialNumber: string;
  /** Colon-separated uppercase hex. */
  sha256: string;
  notBefore: Date;
  notAfter: Date;
  /** Whole days until notAfter at the check time, rounded down; negative once expired. */
  daysLeft: number;
}

/** The CRL consulted for one certificate. */
export interface SealCrlFacts {
  /** 0 = leaf, 1 = the leaf's issuer, ... */
  certificateIndex: number;
  subject: string;
  url: string;
  thisUpdate?: Date;
  nextUpdate?: Date;
  /** cRLNumber in decimal. */
  number?: string;
  /** The CRL is past its nextUpdate (or not yet issued) at the check time. */
  stale: boolean;
  /** What this certificate's revocation check concluded. */
  status: 'good' | 'revoked' | 'unknown';
  unconfirmed?: UnconfirmedCause;
}

export interface StatusComparison {
  result: 'agree' | 'disagree' | 'missing';
  /** What this check concluded, in the status file's vocabulary. */
  page: SealState;
  /** What the status file said, when there is one. */
  file?: {
    status: SealState;
    reason?: RevocationReason;
    revocationDate?: Date;
    checkedAt: Date;
    crl?: { number?: string; thisUpdate: Date; nextUpdate?: Date; url?: string };
  };
}

export interface SealVerdict {
  id: string;
  state: VerificationState;
  tone: VerificationTone;
  brand?: SealBrand;
  /** Set when `state` is `unconfirmed`. */
  unconfirmed?: UnconfirmedCause;
  /** Set when `state` is `revoked`: which certificate, why and when. */
  revocation?: {
    certificateIndex: number;
    subject: string;
    reason: RevocationReason;
    date?: Date;
    invalidityDate?: Date;
  };
  site: {
    check: SiteCheck;
    /** The host the seal was shown on, from the referrer. */
    host?: string;
  };
  status: StatusComparison;
  certificate?: SealCertificateFacts;
  crls: SealCrlFacts[];
  problems: VerificationProblem[];
  checkedAt: Date;
}

/** One download's outcome: bytes, or the problem that stopped it. */
export type Download =
  { bytes: Uint8Array; problem?: undefined } | { bytes?: undefined; problem: VerificationProblem };

export interface CrlDownload {
  /** 0 = leaf, 1 = `chain[0]`, ... as in `SealRecord.crlDistributionPoints`. */
  certificate: number;
  url: string;
  result: Download;
}

/** Everything `evaluateSeal` needs; `loadSeal` fills it, tests may build it from openssl output. */
export interface LoadedSeal {
  id: string;
  /** The record's JSON text (or bytes), or why there is none. */
  record: Download;
  status: Download;
  /** DER of every trust anchor. */
  trustAnchors: Uint8Array[];
  crls: CrlDownload[];
  /** `document.referrer` of the page; empty or absent when the browser sent none. */
  referrer?: string;
  /** Problems met while loading that are not tied to one of the above (unreadable extra anchors). */
  problems?: VerificationProblem[];
}

export interface LoadSealOptions {
  /** 64 lowercase hex digits. */
  id: string;
  /** The provider base: `<base>seals/<id>.json`, `<base>trust-anchors.json`, `<base>crls/...`. */
  base: string | URL;
  referrer?: string;
  /** CRL mirror template (see `fetchCrl`); default `<base>crls/{host}{path}`. */
  mirror?: string;
  /** Extra anchors (DER or PEM), after the bundled SECOM roots and `trust-anchors.json`. */
  trustAnchors?: Array<Uint8Array | string>;
  /** Default true: trust the SECOM roots bundled from node's root store. */
  bundledAnchors?: boolean;
  /** Default true: read `<base>trust-anchors.json` (a missing file is not a problem). */
  providerAnchors?: boolean;
  /** Per download. Default 15 000 ms. */
  timeoutMs?: number;
  /** Largest record, status or anchors file. Default 1 MiB. */
  maxJsonBytes?: number;
  /** Largest CRL. Default `CRL_DEFAULT_MAX_BYTES`. */
  maxCrlBytes?: number;
  signal?: AbortSignal;
  /** The platform's fetch; default the global one. Only the page edge passes anything else. */
  fetch?: typeof fetch;
}

export interface EvaluateSealOptions {
  /** The time of the check. Default: now. */
  now?: Date;
  /** Seconds of clock difference tolerated on validity and CRL dates. Default 300. */
  clockSkew?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_JSON_BYTES = 1024 * 1024;
const ID_PATTERN = /^[0-9a-f]{64}$/;

function problem(code: ErrorCode, params: MessageParams = {}): VerificationProblem {
  return { code, message: localize(code, params), params };
}

export function isSealId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

// ---------------------------------------------------------------------------------------------------------
// Loading

/** Marks a missing `trust-anchors.json`, which is normal (compared by identity, never shown). */
const NO_ANCHOR_FILE: VerificationProblem = problem('seal/verify-bad-anchors', { url: '', detail: 'absent' });

interface ByteRequest {
  url: URL;
  fetch: typeof fetch;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** A 404 is reported with this code instead of the generic one. */
  notFound?: VerificationProblem;
}

/** Downloads one file with a deadline and a size cap; never throws. */
async function download(request: ByteRequest): Promise<Download> {
  const { url, timeoutMs, maxBytes } = request;
  const where = url.href;
  const timeLimit = deadline(timeoutMs, request.signal);
  try {
    const response = await request.fetch(where, {
      signal: timeLimit.signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    if (response.status === 404 && request.notFound) {
      void response.body?.cancel().catch(() => {});
      return { problem: request.notFound };
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => {});
      return {
        problem: problem('seal/verify-unreachable', { url: where, detail: `HTTP ${response.status}` }),
      };
    }
    const bytes = await readCappedBody(response, maxBytes, { signal: timeLimit.signal });
    if (!bytes) return { problem: problem('seal/verify-too-large', { url: where, limit: maxBytes }) };
    return { bytes };
  } catch (error) {
    if (timeLimit.timedOut()) {
      return {
        problem: problem('seal/verify-timeout', { url: where, seconds: Math.round(timeoutMs / 1000) }),
      };
    }
    const detail = error instanceof Error ? error.message : String(error);
    return { problem: problem('seal/verify-unreachable', { url: where, detail }) };
  } finally {
    timeLimit.dispose();
  }
}

function decodeJson(bytes: Uint8Array): unknown {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

/** `trust-anchors.json`: `{"anchors": [base64 DER, ...]}`. */
function readAnchorFile(bytes: Uint8Array): Uint8Array[] {
  const parsed = decodeJson(bytes) as { anchors?: unknown };
  if (!Array.isArray(parsed?.anchors) || !parsed.anchors.every((item) => typeof item === 'string')) {
    throw new Error('expected {"anchors": [base64 DER, ...]}');
  }
  return (parsed.anchors as string[]).map((text) => base64Decode(text));
}

function toAnchorDer(input: Uint8Array | string): Uint8Array {
  return parseCertificate(input).der;
}

/** The CRL URLs a record names, per certificate index, as far as the record's shape allows. */
function recordCrlUrls(record: unknown): Array<{ certificate: number; url: string }> {
  const points = (record as { crlDistributionPoints?: unknown })?.crlDistributionPoints;
  if (!Array.isArray(points)) return [];
  const out: Array<{ certificate: number; url: string }> = [];
  for (const point of points) {
    const { certificate, urls } = (point ?? {}) as { certificate?: unknown; urls?: unknown };
    if (!Number.isInteger(certificate) || (certificate as number) < 0 || !Array.isArray(urls)) continue;
    for (const url of urls) {
      if (typeof url === 'string' && /^https?:\/\//i.test(url))
        out.push({ certificate: certificate as number, url });
    }
  }
  return out;
}

/**
 * Fetches what a verdict needs from the provider base. CRLs come through the mirror, every URL a
 * certificate names (one may be down while another is up); the worker verifies them later.
 */
export async function loadSeal(options: LoadSealOptions): Promise<LoadedSeal> {
  const { id } = options;
  const base = new URL(String(options.base));
  const common = {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.signal && { signal: options.signal }),
  };
  const maxJsonBytes = options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
  const referrer = options.referrer ?? '';
  const problems: VerificationProblem[] = [];
  const trustAnchors: Uint8Array[] = options.bundledAnchors === false ? [] : SECOM_ROOTS.map(base64Decode);
  for (const anchor of options.trustAnchors ?? []) trustAnchors.push(toAnchorDer(anchor));

  if (!isSealId(id)) {
    const bad = { problem: problem('seal/bad-id', { id: String(id) }) };
    return { id, record: bad, status: bad, trustAnchors, crls: [], referrer, problems };
  }

  const recordUrl = new URL(`seals/${id}.json`, base);
  const statusUrl = new URL(`seals/${id}.status.json`, base);
  const anchorsUrl = new URL('trust-anchors.json', base);
  const [record, status, anchorFile] = await Promise.all([
    download({
      ...common,
      url: recordUrl,
      maxBytes: maxJsonBytes,
      notFound: problem('seal/verify-not-registered', { id, url: recordUrl.href }),
    }),
    download({ ...common, url: statusUrl, maxBytes: maxJsonBytes }),
    options.providerAnchors === false
      ? undefined
      : download({ ...common, url: anchorsUrl, maxBytes: maxJsonBytes, notFound: NO_ANCHOR_FILE }),
  ]);

  // A deployment without extra anchors simply has no file: only other failures are worth a word.
  if (anchorFile?.bytes) {
    try {
      trustAnchors.push(...readAnchorFile(anchorFile.bytes));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      problems.push(problem('seal/verify-bad-anchors', { url: anchorsUrl.href, detail }));
    }
  } else if (anchorFile?.problem && anchorFile.problem !== NO_ANCHOR_FILE) {
    problems.push(anchorFile.problem);
  }

  let urls: Array<{ certificate: number; url: string }> = [];
  if (record.bytes) {
    try {
      urls = recordCrlUrls(decodeJson(record.bytes));
    } catch {
      // evaluateSeal reports the malformed record; there is nothing to fetch for it.
    }
  }
  const mirror = options.mirror ?? `${base.href}crls/{host}{path}`;
  const maxCrlBytes = options.maxCrlBytes ?? CRL_DEFAULT_MAX_BYTES;
  const crls = await Promise.all(
    urls.map(async ({ certificate, url }): Promise<CrlDownload> => {
      let target: URL;
      try {
        target = crlDownloadUrl(url, mirror);
      } catch (error) {
        const failure = asShirushiError(error, 'crl-fetch/bad-url');
        return { certificate, url, result: { problem: problem(failure.code, failure.params) } };
      }
      const result = await download({ ...common, url: target, maxBytes: maxCrlBytes });
      // Name the CRL's own URL (what the certificate says), with the mirror address in the detail.
      if (
        result.problem?.code === 'seal/verify-unreachable' ||
        result.problem?.code === 'seal/verify-timeout'
      ) {
        const detail = result.problem.message.en;
        return { certificate, url, result: { problem: problem('seal/crl-unavailable', { url, detail }) } };
      }
      return { certificate, url, result };
    }),
  );
  return { id, record, status, trustAnchors, crls, referrer, problems };
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

interface ReadRecord {
  record: SealRecord;
  leaf: CertificateInfo;
  chain: CertificateInfo[];
}

function readRecord(id: string, bytes: Uint8Array, path: string): ReadRecord | VerificationProblem {
  const bad = (detail: string) => problem('seal/bad-record', { path, detail });
  let json: unknown;
  try {
    json = decodeJson(bytes);
  } catch (error) {
    return bad(error instanceof Error ? error.message : String(error));
  }
  const record = json as Partial<SealRecord> | null;
  if (typeof record !== 'object' || record === null || record.version !== 1)
    return bad('not a version 1 record');
  if (record.id !== id) return bad(`the record is for id ${String(record.id)}`);
  if (typeof record.leaf !== 'string') return bad('no leaf certificate');
  if (
    record.chain !== undefined &&
    !(Array.isArray(record.chain) && record.chain.every((c) => typeof c === 'string'))
  )
    return bad('the chain is not a list of base64 certificates');
  let leaf: CertificateInfo;
  let chain: CertificateInfo[];
  try {
    leaf = parseCertificate(base64Decode(record.leaf));
    chain = (record.chain ?? []).map((text) => parseCertificate(base64Decode(text)));
  } catch (error) {
    return bad(asShirushiError(error, 'internal/unexpected').messages.en);
  }
  const fingerprint = leaf.fingerprints.sha256.toLowerCase().replace(/[^0-9a-f]/g, '');
  if (fingerprint !== id) return problem('seal/verify-id-mismatch', { id, fingerprint });
  return {
    record: { ...(record as SealRecord), chain: record.chain ?? [] },
    leaf,
    chain,
  };
}

const STATUS_VALUES: readonly SealState[] = ['good', 'revoked', 'unknown', 'expired', 'not-yet-valid'];

function readDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function readStatusFile(id: string, bytes: Uint8Array): NonNullable<StatusComparison['file']> | string {
  let json: Partial<SealStatus> | null;
  try {
    json = decodeJson(bytes) as Partial<SealStatus> | null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  if (typeof json !== 'object' || json === null || json.version !== 1) return 'not a version 1 status file';
  if (json.id !== id) return `the status file is for id ${String(json.id)}`;
  if (!STATUS_VALUES.includes(json.status as SealState)) return `unknown status ${String(json.status)}`;
  const checkedAt = readDate(json.checkedAt);
  if (!checkedAt) return 'no checkedAt time';
  const file: NonNullable<StatusComparison['file']> = { status: json.status as SealState, checkedAt };
  if (typeof json.reason === 'string') file.reason = json.reason;
  const revocationDate = readDate(json.revocationDate);
  if (revocationDate) file.revocationDate = revocationDate;
  const thisUpdate = readDate(json.crl?.thisUpdate);
  if (json.crl && thisUpdate) {
    const nextUpdate = readDate(json.crl.nextUpdate);
    file.crl = {
      thisUpdate,
      ...(typeof json.crl.number === 'string' && { number: json.crl.number }),
      ...(nextUpdate && { nextUpdate }),
      ...(typeof json.crl.url === 'string' && { url: json.crl.url }),
    };
  }
  return file;
}

/** The host of a referrer URL, or undefined when there is none or it is not a web page. */
export function referrerHost(referrer: string | undefined): string | undefined {
  if (!referrer) return undefined;
  try {
    const url = new URL(referrer);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    // URL keeps IPv6 hosts in brackets; certificates hold the bare address.
    return url.hostname.replace(/^\[(.*)\]$/, '$1') || undefined;
  } catch {
    return undefined;
  }
}

const BAD_SIGNATURE_CODES = new Set<ErrorCode>([
  'revocation/crl-bad-signature',
  'revocation/crl-unsupported-algorithm',
  'revocation/crl-no-signer',
  'revocation/crl-signer-not-allowed',
  'revocation/crl-signer-revoked',
]);
const STALE_CODES = new Set<ErrorCode>([
  'revocation/crl-expired',
  'revocation/crl-not-yet-valid',
  'revocation/crl-too-old',
]);

/** The most telling reason a certificate's revocation stayed unknown. */
function unconfirmedCause(result: RevocationResult | undefined, downloads: CrlDownload[]): UnconfirmedCause {
  const codes = new Set((result?.problems ?? []).map((item) => item.code));
  if ([...codes].some((code) => BAD_SIGNATURE_CODES.has(code))) return 'crl-bad-signature';
  if ([...codes].some((code) => STALE_CODES.has(code))) return 'crl-stale';
  if (downloads.length === 0) return 'no-crl';
  return 'crl-unreachable';
}

const CHAIN_TIME_CODES = new Set<ErrorCode>(['chain/expired', 'chain/not-yet-valid']);
const CHAIN_REVOCATION_CODES = new Set<ErrorCode>(['chain/revoked', 'chain/revocation-unknown']);

function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

function crlFacts(
  index: number,
  subject: string,
  result: RevocationResult | undefined,
  downloads: CrlDownload[],
  now: Date,
  skewMs: number,
): SealCrlFacts {
  const status = result?.status ?? 'unknown';
  const facts: SealCrlFacts = {
    certificateIndex: index,
    subject,
    url: downloads[0]?.url ?? '',
    stale: false,
    status,
  };
  let source: { thisUpdate: Date; nextUpdate?: Date; number?: string; url?: string } | undefined =
    result?.crl;
  if (!source) {
    // No CRL decided: show the newest one that arrived, so its dates explain why (a stale CRL, usually).
    for (const item of downloads) {
      if (!item.result.bytes) continue;
      try {
        const crl = parseCrl(item.result.bytes, { maxBytes: item.result.bytes.byteLength });
        if (source && crl.thisUpdate <= source.thisUpdate) continue;
        source = {
          thisUpdate: crl.thisUpdate,
          ...(crl.nextUpdate && { nextUpdate: crl.nextUpdate }),
          ...(crl.number !== undefined && { number: crl.number.toString() }),
          url: item.url,
        };
      } catch {
        // Unreadable bytes are reported by the revocation check.
      }
    }
  }
  if (source) {
    facts.thisUpdate = source.thisUpdate;
    if (source.nextUpdate) facts.nextUpdate = source.nextUpdate;
    if (source.number !== undefined) facts.number = source.number;
    if (source.url) facts.url = source.url;
    facts.stale =
      source.thisUpdate.getTime() > now.getTime() + skewMs ||
      (source.nextUpdate !== undefined && now.getTime() > source.nextUpdate.getTime() + skewMs);
  }
  if (status === 'unknown')
    facts.unconfirmed = facts.stale ? 'crl-stale' : unconfirmedCause(result, downloads);
  return facts;
}

function toneOf(state: VerificationState, site: SiteCheck): VerificationTone {
  if (state === 'valid') return site === 'match' ? 'good' : 'caution';
  if (state === 'expiring' || state === 'unconfirmed') return 'caution';
  return 'bad';
}

/** The verdict in the status file's words, for the comparison. */
function statusWord(state: VerificationState): SealState {
  switch (state) {
    case 'valid':
    case 'expiring':
    case 'wrong-site':
      return 'good';
    case 'revoked':
    case 'expired':
    case 'not-yet-valid':
      return state;
    default:
      return 'unknown';
  }
}

/**
 * Decides what the page shows from downloaded bytes at `now`. Order of precedence: an unknown seal, a
 * chain that does not reach a trust anchor, revocation (of the leaf or a CA above it), expiry, not yet
 * valid, the wrong site, revocation that cannot be confirmed, then expiring and valid.
 */
export async function evaluateSeal(
  loaded: LoadedSeal,
  options: EvaluateSealOptions = {},
): Promise<SealVerdict> {
  const now = options.now ?? new Date();
  const clockSkew = options.clockSkew ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const { id } = loaded;
  const problems: VerificationProblem[] = [...(loaded.problems ?? [])];
  const host = referrerHost(loaded.referrer);
  const base = { id, crls: [] as SealCrlFacts[], problems, checkedAt: now };

  const finish = (verdict: Omit<SealVerdict, 'tone' | 'status'>, file?: Download): SealVerdict => {
    const page = statusWord(verdict.state);
    let status: StatusComparison = { result: 'missing', page };
    if (file?.bytes) {
      const read = readStatusFile(id, file.bytes);
      if (typeof read === 'string') {
        problems.push(
          problem('seal/verify-status-missing', { url: `seals/${id}.status.json`, detail: read }),
        );
      } else {
        status = { result: read.status === page ? 'agree' : 'disagree', page, file: read };
        if (status.result === 'disagree') {
          problems.push(
            problem('seal/verify-status-disagrees', {
              page,
              file: read.status,
              checkedAt: read.checkedAt.toISOString(),
            }),
          );
        }
      }
    } else if (file?.problem) {
      problems.push(
        problem('seal/verify-status-missing', {
          url: `seals/${id}.status.json`,
          detail: file.problem.message.en,
        }),
      );
    }
    return { ...verdict, tone: toneOf(verdict.state, verdict.site.check), status };
  };

  if (!loaded.record.bytes) {
    problems.push(loaded.record.problem);
    const site = { check: 'unknown' as const, ...(host && { host }) };
    // Only a provider that answers "no such record" makes a seal unknown; an outage or being offline
    // proves nothing either way, so it is amber, never the red "not registered".
    const code = loaded.record.problem.code;
    if (code === 'seal/verify-unreachable' || code === 'seal/verify-timeout') {
      return finish({ ...base, state: 'unconfirmed', unconfirmed: 'record-unreachable', site });
    }
    return finish({ ...base, state: 'unknown-seal', site });
  }
  const read = readRecord(id, loaded.record.bytes, `seals/${id}.json`);
  if ('code' in read) {
    problems.push(read);
    return finish({ ...base, state: 'unknown-seal', site: { check: 'unknown', ...(host && { host }) } });
  }
  const { record, leaf, chain } = read;

  // A missing referrer is "unknown", never a match: the seal could have been copied anywhere.
  let site: SiteCheck = 'unknown';
  if (host === undefined) problems.push(problem('seal/verify-no-referrer'));
  else if (matchesHostname(leaf, host)) site = 'match';
  else {
    site = 'mismatch';
    problems.push(problem('seal/verify-wrong-site', { host }));
  }

  const crlInputs = loaded.crls.flatMap((item) =>
    item.result.bytes ? [{ der: item.result.bytes, url: item.url }] : [],
  );
  for (const item of loaded.crls) if (item.result.problem) problems.push(item.result.problem);
  const certificate: SealCertificateFacts = {
    subject: leaf.subject.rfc4514,
    ...(leaf.subject.organization !== undefined && { organization: leaf.subject.organization }),
    dnsNames: [...leaf.subjectAltNames.dns],
    ipAddresses: [...leaf.subjectAltNames.ip],
    ...(leaf.validationLevel !== undefined && { validationLevel: leaf.validationLevel }),
    issuerChain: chain.map((item) => item.subject.rfc4514),
    serialNumber: leaf.serialNumber,
    sha256: leaf.fingerprints.sha256,
    notBefore: leaf.validity.notBefore,
    notAfter: leaf.validity.notAfter,
    daysLeft: daysLeft(leaf.validity.notAfter, now),
  };
  const common = {
    ...base,
    ...(isSealBrand(record.brand) && { brand: record.brand }),
    certificate,
    site: { check: site, ...(host && { host }) },
  };

  let result: ChainResult;
  try {
    result = await verifyChain({
      leaf: leaf.der,
      intermediates: chain.map((item) => item.der),
      trustAnchors: loaded.trustAnchors,
      crls: crlInputs,
      time: now,
      clockSkew,
      revocation: 'prefer',
    });
  } catch (error) {
    // The worker died or the engine failed: nothing was confirmed, which is amber, never green.
    const failure = asShirushiError(error, 'internal/unexpected');
    problems.push(problem(failure.code, failure.params));
    return finish({ ...common, state: 'unconfirmed', unconfirmed: 'check-failed' }, loaded.status);
  }

  const pathFound = result.path.length > 1 && !result.problems.some((item) => item.code === 'chain/no-path');
  if (pathFound) certificate.issuerChain = result.path.slice(1).map((item) => item.subject.rfc4514);

  // Revocation answers only count for certificates on the validated path; the trust anchor has none.
  const skewMs = clockSkew * 1000;
  const checked = new Set<number>(loaded.crls.map((item) => item.certificate));
  checked.add(0);
  const crls: SealCrlFacts[] = [];
  if (pathFound) {
    for (const index of [...checked].sort((a, b) => a - b)) {
      if (index >= result.path.length - 1) continue;
      const downloads = loaded.crls.filter((item) => item.certificate === index);
      crls.push(
        crlFacts(
          index,
          result.path[index]!.subject.rfc4514,
          result.revocation[index],
          downloads,
          now,
          skewMs,
        ),
      );
    }
  }
  common.crls = crls;

  // Unreadable extra anchors and warnings are only worth a note; everything else wrong with the path is fatal.
  const structural = result.problems.filter(
    (item) =>
      !item.warning &&
      !CHAIN_REVOCATION_CODES.has(item.code) &&
      !(CHAIN_TIME_CODES.has(item.code) && item.certificateIndex === 0) &&
      !(item.code === 'chain/bad-certificate' && String(item.params?.index).startsWith('trustAnchors')),
  );
  if (!pathFound || structural.length > 0) {
    problems.push(
      ...(structural.length > 0 ? structural : result.problems).map(({ code, message, params }) => ({
        code,
        message,
        ...(params && { params }),
      })),
    );
    return finish({ ...common, state: 'invalid-chain' }, loaded.status);
  }

  const revoked = crls.find((facts) => facts.status === 'revoked');
  if (revoked) {
    const answer = result.revocation[revoked.certificateIndex]!;
    for (const item of answer.problems) problems.push(item);
    return finish(
      {
        ...common,
        state: 'revoked',
        revocation: {
          certificateIndex: revoked.certificateIndex,
          subject: revoked.subject,
          reason: answer.reason ?? 'unspecified',
          ...(answer.revocationDate && { date: answer.revocationDate }),
          ...(answer.invalidityDate && { invalidityDate: answer.invalidityDate }),
        },
      },
      loaded.status,
    );
  }
  const timeProblem = result.problems.find(
    (item) => CHAIN_TIME_CODES.has(item.code) && item.certificateIndex === 0,
  );
  if (timeProblem) {
    problems.push(timeProblem);
    return finish(
      { ...common, state: timeProblem.code === 'chain/expired' ? 'expired' : 'not-yet-valid' },
      loaded.status,
    );
  }
  if (site === 'mismatch') return finish({ ...common, state: 'wrong-site' }, loaded.status);

  const unconfirmed = crls.find((facts) => facts.status !== 'good');
  if (unconfirmed) {
    const cause = unconfirmed.unconfirmed ?? 'crl-unreachable';
    if (cause === 'no-crl') problems.push(problem('seal/verify-no-crl', { subject: unconfirmed.subject }));
    if (cause === 'crl-stale') {
      problems.push(
        problem('seal/verify-crl-stale', {
          url: unconfirmed.url,
          nextUpdate: unconfirmed.nextUpdate?.toISOString() ?? '-',
        }),
      );
    }
    for (const item of result.revocation[unconfirmed.certificateIndex]?.problems ?? []) problems.push(item);
    return finish({ ...common, state: 'unconfirmed', unconfirmed: cause }, loaded.status);
  }
  const expiring = leaf.validity.notAfter.getTime() - now.getTime() <= EXPIRING_DAYS * DAY_MS;
  return finish({ ...common, state: expiring ? 'expiring' : 'valid' }, loaded.status);
}

/** `loadSeal` then `evaluateSeal`: what the page runs. */
export async function verifySeal(options: LoadSealOptions & EvaluateSealOptions): Promise<SealVerdict> {
  const loaded = await loadSeal(options);
  return evaluateSeal(loaded, options);
}
