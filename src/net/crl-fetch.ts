/**
 * Downloading CRLs in a browser. CA CRL URLs are usually plain `http://` without CORS headers, so a page
 * (an HTTPS one in particular) often cannot fetch them itself: `mirror` names a relay or static mirror
 * instead. A mirror need not be trusted, because a CRL is verified against its issuer before it is
 * cached, and `checkRevocation` verifies every CRL it is given again.
 */
import { readCappedBody } from './capped-body.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { localize, type ErrorCode, type MessageParams } from '../i18n/strings.js';
import { verifyCrl, type VerifyCrlOptions } from '../path/check-revocation.js';
import { runOffloadable } from './offload.js';
import type { RevocationProblem } from '../revocation/types.js';
import {
  cachedCrlsFor,
  compareCrlAge,
  crlCacheAvailable,
  crlMarkFor,
  readCachedDer,
  storeCrl,
  type CachedCrlRecord,
} from './crl-cache.js';
import { CRL_DEFAULT_MAX_BYTES, parseCrl } from '../crl/parse.js';
import type { CrlInfo } from '../crl/types.js';

export interface CrlFetchProgress {
  /** Bytes received so far. */
  loaded: number;
  /** The size the server announced (Content-Length), while it is consistent with what arrives. */
  total?: number;
}

export interface FetchCrlOptions {
  /**
   * URL template of a relay or static mirror, used instead of the CRL's own URL. Placeholders:
   * `{url}` the CRL URL, percent-encoded as one query value (`https://relay.example/crl?u={url}`);
   * `{host}` its host (and port); `{path}` its path and query, starting with `/`
   * (`https://mirror.example/crl/{host}{path}`). A relative template resolves against the page.
   */
  mirror?: string;
  /**
   * The CRL issuer's certificate. When given, the CRL is verified (signature, dates, critical
   * extensions) before it is returned or cached, and one that fails is refused with
   * `crl-fetch/not-verified`. Without it the CRL is returned unverified and never cached; pass it to
   * `checkRevocation`, which verifies it there.
   */
  issuer?: Uint8Array | string;
  /** Certificates that may sign the issuer's CRLs (see `CheckRevocationOptions.crlSigners`). */
  crlSigners?: Array<Uint8Array | string>;
  /** Called as the download proceeds, at most every 100 ms plus once at the end. */
  onProgress?: (progress: CrlFetchProgress) => void;
  signal?: AbortSignal;
  /** Largest CRL accepted, checked while the body streams in. Default `CRL_DEFAULT_MAX_BYTES`. */
  maxBytes?: number;
  /** Read and write the IndexedDB cache. Default: true where IndexedDB exists. Only verified CRLs are written. */
  cache?: boolean;
  /** The time CRLs must be current at. Default: now. */
  time?: Date;
  /** Seconds of clock difference tolerated on thisUpdate and nextUpdate. */
  clockSkew?: number;
  /** The fetch function to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** Usable directly as a `CrlInput` (`{ der, url }`). */
export interface FetchedCrl {
  der: Uint8Array;
  /** The CRL's own URL (the distribution point), even when a mirror served it. */
  url: string;
  crl: CrlInfo;
  /** True when the CRL came from the IndexedDB cache and nothing was downloaded. */
  fromCache: boolean;
  /** True when `issuer` was given and the CRL verified. */
  verified: boolean;
  /** The address the bytes were downloaded from (the mirror's, or `url`); absent for a cached CRL. */
  source?: string;
  /** Notes that did not stop the CRL from being used: verification notes, cache trouble, a replayed older CRL. */
  problems: RevocationProblem[];
}

const PROGRESS_INTERVAL_MS = 100;

function problem(code: ErrorCode, params: MessageParams): RevocationProblem {
  return { code, message: localize(code, params), params };
}

function pageUrl(): string | undefined {
  return (globalThis as { location?: { href?: string } }).location?.href;
}

function parseHttpUrl(text: string, base?: string): URL | undefined {
  try {
    const url = new URL(text, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where to download from: the CRL URL itself, or the mirror template filled in. Nothing is upgraded.
 * `badUrl` is the error code for an unusable URL (the OCSP download shares this with its own code).
 */
export function crlDownloadUrl(url: string, mirror?: string, badUrl: ErrorCode = 'crl-fetch/bad-url'): URL {
  const source = parseHttpUrl(url);
  if (!source) throw new ShirushiError(badUrl, { url });
  if (mirror === undefined) return source;
  if (!/\{(url|path)\}/.test(mirror)) throw new ShirushiError(badUrl, { url: mirror });
  const filled = mirror.replace(/\{(url|host|path)\}/g, (_whole, name: string) => {
    if (name === 'url') return encodeURIComponent(source.href);
    if (name === 'host') return source.host;
    return source.pathname + source.search;
  });
  const target = parseHttpUrl(filled, pageUrl());
  if (!target) throw new ShirushiError(badUrl, { url: filled });
  return target;
}

const LOCAL_HOSTS = /^(localhost|127(\.\d+){3}|\[::1\]|.+\.localhost)$/;

/** An HTTPS page cannot fetch http:// (mixed content), except from the local machine. */
export function checkMixedContent(target: URL, code: ErrorCode = 'crl-fetch/mixed-content'): void {
  const page = parseHttpUrl(pageUrl() ?? '');
  if (page?.protocol === 'https:' && target.protocol === 'http:' && !LOCAL_HOSTS.test(target.hostname)) {
    throw new ShirushiError(code, { url: target.href });
  }
}

function abortedError(url: string, signal: AbortSignal | undefined, cause?: unknown): ShirushiError {
  return new ShirushiError('crl-fetch/aborted', { url }, { cause: cause ?? signal?.reason });
}

/**
 * Downloads a CRL (DER or PEM), or takes it from the cache, and verifies it when `issuer` is given.
 *
 * Cache: a verified CRL is stored under its issuer, `url` and CRL number until its nextUpdate. The newest
 * cached CRL for `url` that is current at `time` (and verifies, when `issuer` is given) is returned
 * without any network request. A download that turns out older (lower CRL number) than a CRL already
 * stored for the same issuer and URL never replaces it: the stored one is returned with the problem
 * `crl-fetch/older-than-cached` (or, if its bytes have expired from the cache, that error is thrown).
 *
 * Large CRLs are verified in a Web Worker (see `runOffloadable`). Throws `ShirushiError`:
 * `crl-fetch/*` for the download, `crl/*`, `der/*`, `pem/*` or `input/*` when the bytes are no CRL.
 */
export async function fetchCrl(url: string, options: FetchCrlOptions = {}): Promise<FetchedCrl> {
  const { signal, issuer } = options;
  const time = options.time ?? new Date();
  const maxBytes = options.maxBytes ?? CRL_DEFAULT_MAX_BYTES;
  const target = crlDownloadUrl(url, options.mirror);
  const problems: RevocationProblem[] = [];
  const useCache = (options.cache ?? true) && crlCacheAvailable();
  if (signal?.aborted) throw abortedError(url, signal);

  if (useCache) {
    try {
      const cached = await fromCache(url, options, time, maxBytes);
      if (cached) return cached;
    } catch (error) {
      problems.push(cacheProblem(error));
    }
    if (signal?.aborted) throw abortedError(url, signal);
  }

  checkMixedContent(target);
  const bytes = await download(target, url, options, maxBytes);
  const crl = parseCrl(bytes, { maxBytes });
  const fetched: FetchedCrl = {
    der: crl.der,
    url,
    crl,
    fromCache: false,
    verified: false,
    source: target.href,
    problems,
  };
  if (issuer === undefined) return fetched;

  const verdict = await verify(crl.der, options, time, maxBytes);
  if (!verdict.usable) {
    throw new ShirushiError(
      'crl-fetch/not-verified',
      { url, detail: describeProblems(verdict.problems) },
      { cause: verdict.problems },
    );
  }
  fetched.verified = true;
  problems.push(...verdict.problems);
  if (!useCache) return fetched;

  try {
    const mark = await crlMarkFor(crl.issuerKey, url);
    if (mark && compareCrlAge(crl, mark) < 0) {
      const cachedNumber = mark.number ?? mark.thisUpdate.toISOString();
      const kept = (await cachedCrlsFor(url)).find(
        (record) => record.issuerKey === crl.issuerKey && compareCrlAge(record, mark) >= 0,
      );
      if (!kept) throw new ShirushiError('crl-fetch/older-than-cached', { url, cached: cachedNumber });
      const older = problem('crl-fetch/older-than-cached', { url, cached: cachedNumber });
      const result = await cachedResult(kept, url, options, time, maxBytes, false);
      if (!result) throw new ShirushiError('crl-fetch/older-than-cached', { url, cached: cachedNumber });
      return { ...result, problems: [older, ...result.problems] };
    }
    await storeCrl(url, crl, crl.der);
  } catch (error) {
    if (error instanceof ShirushiError) throw error;
    problems.push(cacheProblem(error));
  }
  return fetched;
}

function cacheProblem(error: unknown): RevocationProblem {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return problem('crl-fetch/cache-failed', { detail });
}

function describeProblems(problems: RevocationProblem[]): string {
  return problems.map((item) => item.message.en).join(' ') || 'not usable';
}

function verify(
  der: Uint8Array,
  options: FetchCrlOptions,
  time: Date,
  maxBytes: number,
): Promise<{ usable: boolean; problems: RevocationProblem[] }> {
  const request: VerifyCrlOptions = { crl: der, issuer: options.issuer!, time, maxCrlBytes: maxBytes };
  if (options.crlSigners) request.crlSigners = options.crlSigners;
  if (options.clockSkew !== undefined) request.clockSkew = options.clockSkew;
  return runOffloadable('verifyCrl', request, async (inline) => {
    const { usable, problems } = await verifyCrl(inline);
    return { usable, problems };
  });
}

/** The newest cached CRL for `url` current at `time` that parses (and verifies, with an issuer). */
async function fromCache(
  url: string,
  options: FetchCrlOptions,
  time: Date,
  maxBytes: number,
): Promise<FetchedCrl | undefined> {
  const skew = (options.clockSkew ?? 300) * 1000;
  for (const record of await cachedCrlsFor(url)) {
    const current =
      record.thisUpdate.getTime() <= time.getTime() + skew && time.getTime() < record.nextUpdate.getTime();
    if (!current || record.size > maxBytes) continue;
    const result = await cachedResult(record, url, options, time, maxBytes, true);
    if (result) return result;
  }
  return undefined;
}

/** A cached record as a result, verified again when there is an issuer; undefined if it no longer reads. */
async function cachedResult(
  record: CachedCrlRecord,
  url: string,
  options: FetchCrlOptions,
  time: Date,
  maxBytes: number,
  requireUsable: boolean,
): Promise<FetchedCrl | undefined> {
  let crl: CrlInfo;
  try {
    crl = parseCrl(await readCachedDer(record), { maxBytes });
  } catch {
    return undefined;
  }
  const result: FetchedCrl = { der: crl.der, url, crl, fromCache: true, verified: false, problems: [] };
  if (options.issuer === undefined) return result;
  const verdict = await verify(crl.der, options, time, maxBytes);
  if (requireUsable && !verdict.usable) return undefined;
  result.verified = verdict.usable;
  result.problems.push(...verdict.problems);
  return result;
}

async function download(
  target: URL,
  url: string,
  options: FetchCrlOptions,
  maxBytes: number,
): Promise<Uint8Array> {
  const { signal, onProgress } = options;
  const fetchFunction = options.fetch ?? globalThis.fetch.bind(globalThis);
  const where = target.href;
  let response: Response;
  try {
    response = await fetchFunction(where, {
      ...(signal && { signal }),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'follow',
    });
  } catch (error) {
    if (signal?.aborted) throw abortedError(url, signal, error);
    const detail = error instanceof Error ? error.message : String(error);
    throw new ShirushiError('crl-fetch/network', { url: where, detail }, { cause: error });
  }
  if (!response.ok) {
    void response.body?.cancel().catch(() => {});
    throw new ShirushiError('crl-fetch/http-status', { url: where, status: response.status });
  }
  const announced = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  let total = Number.isSafeInteger(announced) && announced >= 0 ? announced : undefined;

  let loaded = 0;
  let lastReport = -Infinity;
  const report = (force: boolean) => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    // A compressed response announces fewer bytes than arrive; then the total is unknown.
    if (total !== undefined && loaded > total) total = undefined;
    onProgress(total === undefined ? { loaded } : { loaded, total });
  };
  report(true);

  let body: Uint8Array | undefined;
  try {
    body = await readCappedBody(response, maxBytes, {
      ...(signal && { signal }),
      onLoaded: (bytes) => {
        loaded = bytes;
        report(false);
      },
    });
  } catch (error) {
    if (signal?.aborted) throw abortedError(url, signal, error);
    const detail = error instanceof Error ? error.message : String(error);
    throw new ShirushiError('crl-fetch/network', { url: where, detail }, { cause: error });
  }
  if (!body) throw new ShirushiError('crl-fetch/too-large', { url, limit: maxBytes });
  loaded = body.byteLength;
  report(true);
  return body;
}
