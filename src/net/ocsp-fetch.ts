/**
 * Asking an OCSP responder from a browser (RFC 6960 appendix A). Responders are plain http:// services
 * without CORS headers, like CRL servers, so the same `mirror` templates as `fetchCrl` apply; the answer
 * need not be trusted, because `ocspStatus` verifies its signer and dates.
 */
import { checkMixedContent, crlDownloadUrl } from './crl-fetch.js';
import { base64Encode } from '../encoding/base64.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import {
  buildOcspRequest,
  fieldsOf,
  type OcspCertificateInput,
  type OcspRequestOptions,
} from '../ocsp/cert-id.js';
import { OCSP_LIMITS } from '../ocsp/parse.js';
import { parseCertificate } from '../certificate/parse.js';
import { readCappedBody } from './capped-body.js';
import { deadline } from './deadline.js';

/** RFC 5019 section 5: GET while the encoded request fits in 255 bytes, so caches can serve it. */
const MAX_GET_REQUEST = 255;

export interface FetchOcspOptions extends OcspRequestOptions {
  /** The responder URL. Default: the first http(s) OCSP entry of the certificate's authorityInfoAccess. */
  url?: string;
  /** A relay or mirror template, as in `FetchCrlOptions.mirror` (`{url}`, `{host}`, `{path}`). */
  mirror?: string;
  signal?: AbortSignal;
  /** Default 10 000 ms. */
  timeoutMs?: number;
  /** Largest answer accepted. Default `OCSP_LIMITS.maxBytes` (1 MiB). */
  maxBytes?: number;
  /** The fetch function to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** The responder URL for `certificate`, or undefined when its authorityInfoAccess names none. */
export function ocspUrlOf(certificate: OcspCertificateInput): string | undefined {
  const info = parseCertificate(fieldsOf(certificate).der);
  return info.authorityInfoAccess.ocsp.find((url) => /^https?:\/\//i.test(url));
}

/**
 * Asks the responder about `certificate` (issued by `issuer`) and returns the DER OCSPResponse, not yet
 * verified: pass it to `checkRevocation` or `verifyChain` as one of `ocspResponses`. Throws `ShirushiError`
 * with an `ocsp-fetch/*` code when the responder cannot be asked or its answer is no OCSP response.
 */
export async function fetchOcsp(
  certificate: OcspCertificateInput,
  issuer: OcspCertificateInput,
  options: FetchOcspOptions = {},
): Promise<Uint8Array> {
  const responder = options.url ?? ocspUrlOf(certificate);
  if (responder === undefined) {
    const subject = parseCertificate(fieldsOf(certificate).der).subject.rfc4514;
    throw new ShirushiError('ocsp-fetch/no-url', { subject });
  }
  const request = buildOcspRequest(certificate, issuer, options);
  const encoded = encodeURIComponent(base64Encode(request));
  const useGet = encoded.length <= MAX_GET_REQUEST;
  const address = useGet ? `${responder}${responder.endsWith('/') ? '' : '/'}${encoded}` : responder;
  const target = crlDownloadUrl(address, options.mirror, 'ocsp-fetch/bad-url');
  checkMixedContent(target, 'ocsp-fetch/mixed-content');

  const where = target.href;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? OCSP_LIMITS.maxBytes;
  const fetchFunction = options.fetch ?? globalThis.fetch.bind(globalThis);
  const limit = deadline(timeoutMs, options.signal);
  const failure = (error: unknown): ShirushiError => {
    if (limit.timedOut())
      return new ShirushiError('ocsp-fetch/timeout', { url: where, timeoutMs }, { cause: error });
    if (options.signal?.aborted)
      return new ShirushiError('ocsp-fetch/aborted', { url: where }, { cause: error });
    const detail = error instanceof Error ? error.message : String(error);
    return new ShirushiError('ocsp-fetch/network', { url: where, detail }, { cause: error });
  };
  try {
    let response: Response;
    try {
      response = await fetchFunction(where, {
        method: useGet ? 'GET' : 'POST',
        ...(!useGet && {
          body: request as BufferSource,
          headers: { 'Content-Type': 'application/ocsp-request' },
        }),
        signal: limit.signal,
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        redirect: 'follow',
      });
    } catch (error) {
      throw failure(error);
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => {});
      throw new ShirushiError('ocsp-fetch/http-status', { url: where, status: response.status });
    }
    let body: Uint8Array | undefined;
    try {
      body = await readCappedBody(response, maxBytes, { signal: limit.signal });
    } catch (error) {
      throw failure(error);
    }
    if (!body) throw new ShirushiError('ocsp-fetch/too-large', { url: where, limit: maxBytes });
    // Lenient: some responders label their answer application/octet-stream or not at all, so only an
    // answer that is neither labelled as OCSP nor starts like DER (an error page) is refused here.
    const type = response.headers.get('content-type') ?? '';
    if (body[0] !== 0x30 && !/application\/ocsp-response/i.test(type)) {
      throw new ShirushiError('ocsp-fetch/not-ocsp', { url: where, type: type || 'no content type' });
    }
    return body;
  } finally {
    limit.dispose();
  }
}
