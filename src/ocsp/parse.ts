/**
 * Reading OCSP responses (RFC 6960 section 4.2) with the DER reader. A response comes from a network
 * answer or a caller, so every length is checked against its parent and every count is bounded; anything
 * that does not fit the structure is `ocsp/malformed`.
 */
import {
  childrenOf,
  contentBytes,
  contextTag,
  elementBytes,
  readBitStringAt,
  readBooleanAt,
  readOidAt,
  readSmallIntegerAt,
  readTimeAt,
  readTlv,
  TAG,
  type Tlv,
} from '../asn1/reader.js';
import { REASONS } from '../crl/entries.js';
import { readAlgorithmAt } from '../asn1/algorithm.js';
import { isShirushiError, ShirushiError } from '../errors/shirushi-error.js';
import { readCertId } from './cert-id.js';
import type {
  BasicOcspResponse,
  OcspExtension,
  OcspResponse,
  OcspResponseStatus,
  OcspResponderId,
  OcspSingleResponse,
} from './types.js';

/** Bounds on what `parseOcspResponse` reads; real responses are a few kilobytes with one answer. */
export const OCSP_LIMITS = Object.freeze({
  maxBytes: 1024 * 1024,
  maxResponses: 1000,
  maxCertificates: 20,
  maxExtensions: 50,
});

const BASIC_RESPONSE = '1.3.6.1.5.5.7.48.1.1';

const STATUSES: Record<number, OcspResponseStatus> = {
  0: 'successful',
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized',
};

/** Thrown inside the parser and turned into `ocsp/malformed` with what was wrong and where. */
function bad(at: Tlv | number, what: string): never {
  const offset = typeof at === 'number' ? at : at.start;
  throw new ShirushiError('ocsp/malformed', { detail: `${what} at offset ${offset}` });
}

function children(bytes: Uint8Array, parent: Tlv, max: number, what: string): Tlv[] {
  if (parent.tag !== TAG.SEQUENCE) bad(parent, what);
  return childrenOf(bytes, parent, max);
}

/** The single element inside an EXPLICIT tag. */
function explicit(bytes: Uint8Array, wrapper: Tlv, what: string): Tlv {
  const inner = readTlv(bytes, wrapper.content, wrapper.end);
  if (inner.end !== wrapper.end) bad(wrapper, what);
  return inner;
}

function generalizedTime(bytes: Uint8Array, tlv: Tlv, what: string): Date {
  if (tlv.tag !== TAG.GENERALIZED_TIME) bad(tlv, what);
  const date = readTimeAt(bytes, tlv);
  if (!date) bad(tlv, what);
  return date;
}

function readExtensions(bytes: Uint8Array, wrapper: Tlv, what: string): OcspExtension[] {
  const list = explicit(bytes, wrapper, what);
  return children(bytes, list, OCSP_LIMITS.maxExtensions, what).map((extension) => {
    const fields = children(bytes, extension, 3, 'Extension');
    const [oidTlv, second, third] = fields;
    const valueTlv = third ?? second;
    if (!oidTlv || !valueTlv || valueTlv.tag !== TAG.OCTET_STRING) bad(extension, 'Extension');
    const critical = third ? readBooleanAt(bytes, second!) : false;
    return { oid: readOidAt(bytes, oidTlv), critical, value: contentBytes(bytes, valueTlv) };
  });
}

function readSingleResponse(bytes: Uint8Array, element: Tlv): OcspSingleResponse {
  const [certIdTlv, statusTlv, thisUpdateTlv, ...rest] = children(bytes, element, 5, 'SingleResponse');
  if (!certIdTlv || !statusTlv || !thisUpdateTlv) bad(element, 'SingleResponse');
  const single: OcspSingleResponse = {
    certId: readCertId(bytes, certIdTlv),
    status: 'good',
    thisUpdate: generalizedTime(bytes, thisUpdateTlv, 'thisUpdate'),
    extensions: [],
  };
  if (statusTlv.tag === contextTag(0, false) || statusTlv.tag === contextTag(2, false)) {
    if (statusTlv.end !== statusTlv.content) bad(statusTlv, 'certStatus');
    single.status = statusTlv.tag === contextTag(0, false) ? 'good' : 'unknown';
  } else if (statusTlv.tag === contextTag(1, true)) {
    // RevokedInfo, IMPLICIT: revocationTime, then revocationReason [0] EXPLICIT CRLReason OPTIONAL.
    const [timeTlv, reasonTlv, extra] = childrenOf(bytes, statusTlv, 3);
    if (!timeTlv || extra) bad(statusTlv, 'RevokedInfo');
    single.status = 'revoked';
    single.revocationTime = generalizedTime(bytes, timeTlv, 'revocationTime');
    if (reasonTlv) {
      if (reasonTlv.tag !== contextTag(0, true)) bad(reasonTlv, 'revocationReason');
      const code = readSmallIntegerAt(bytes, explicit(bytes, reasonTlv, 'CRLReason'), TAG.ENUMERATED);
      const reason = REASONS[code];
      if (!reason) bad(reasonTlv, 'revocationReason');
      single.reason = reason;
    }
  } else {
    bad(statusTlv, 'certStatus');
  }
  let last = -1;
  for (const field of rest) {
    const number = field.tag - contextTag(0, true);
    if (number <= last || number > 1) bad(field, 'SingleResponse field');
    last = number;
    if (number === 0)
      single.nextUpdate = generalizedTime(bytes, explicit(bytes, field, 'nextUpdate'), 'nextUpdate');
    else single.extensions = readExtensions(bytes, field, 'singleExtensions');
  }
  return single;
}

function readResponderId(bytes: Uint8Array, element: Tlv): OcspResponderId {
  const inner = explicit(bytes, element, 'ResponderID');
  if (element.tag === contextTag(1, true) && inner.tag === TAG.SEQUENCE) {
    return { byName: elementBytes(bytes, inner) };
  }
  if (element.tag === contextTag(2, true) && inner.tag === TAG.OCTET_STRING) {
    return { byKey: contentBytes(bytes, inner) };
  }
  return bad(element, 'ResponderID');
}

function readBasicResponse(bytes: Uint8Array): BasicOcspResponse {
  const outer = readTlv(bytes, 0, bytes.length);
  if (outer.end !== bytes.length) bad(outer.end, 'data after BasicOCSPResponse');
  const [dataTlv, algorithmTlv, signatureTlv, certsTlv, extra] = children(
    bytes,
    outer,
    5,
    'BasicOCSPResponse',
  );
  if (!dataTlv || !algorithmTlv || !signatureTlv || extra) bad(outer, 'BasicOCSPResponse');
  const fields = children(bytes, dataTlv, 5, 'ResponseData');
  let index = 0;
  if (fields[0]?.tag === contextTag(0, true)) {
    if (readSmallIntegerAt(bytes, explicit(bytes, fields[0], 'version')) !== 0) bad(fields[0], 'version');
    index = 1;
  }
  const [responderTlv, producedTlv, responsesTlv, extensionsTlv, more] = fields.slice(index);
  if (!responderTlv || !producedTlv || !responsesTlv || more) bad(dataTlv, 'ResponseData');
  if (extensionsTlv && extensionsTlv.tag !== contextTag(1, true)) bad(extensionsTlv, 'responseExtensions');
  const responses = children(bytes, responsesTlv, OCSP_LIMITS.maxResponses, 'responses');
  let certs: Uint8Array[] = [];
  if (certsTlv) {
    if (certsTlv.tag !== contextTag(0, true)) bad(certsTlv, 'certs');
    const list = explicit(bytes, certsTlv, 'certs');
    certs = children(bytes, list, OCSP_LIMITS.maxCertificates, 'certs').map((cert) => {
      if (cert.tag !== TAG.SEQUENCE) bad(cert, 'Certificate');
      return elementBytes(bytes, cert);
    });
  }
  let signatureAlgorithm;
  try {
    signatureAlgorithm = readAlgorithmAt(bytes, algorithmTlv);
  } catch (error) {
    if (isShirushiError(error)) throw error;
    bad(algorithmTlv, 'signatureAlgorithm');
  }
  return {
    tbsResponseData: elementBytes(bytes, dataTlv),
    responderId: readResponderId(bytes, responderTlv),
    producedAt: generalizedTime(bytes, producedTlv, 'producedAt'),
    responses: responses.map((single) => readSingleResponse(bytes, single)),
    extensions: extensionsTlv ? readExtensions(bytes, extensionsTlv, 'responseExtensions') : [],
    signatureAlgorithm,
    signature: readBitStringAt(bytes, signatureTlv).bits,
    certs,
  };
}

function readResponse(der: Uint8Array): OcspResponse {
  const outer = readTlv(der, 0, der.length);
  if (outer.end !== der.length) bad(outer.end, 'data after OCSPResponse');
  const [statusTlv, bytesTlv, extra] = children(der, outer, 3, 'OCSPResponse');
  if (!statusTlv || extra) bad(outer, 'OCSPResponse');
  const status = STATUSES[readSmallIntegerAt(der, statusTlv, TAG.ENUMERATED)];
  if (!status) bad(statusTlv, 'responseStatus');
  if (status !== 'successful') {
    if (bytesTlv) bad(bytesTlv, 'responseBytes in an unsuccessful response');
    return { status };
  }
  if (!bytesTlv || bytesTlv.tag !== contextTag(0, true)) bad(outer, 'responseBytes');
  const [typeTlv, responseTlv, more] = children(
    der,
    explicit(der, bytesTlv, 'ResponseBytes'),
    3,
    'ResponseBytes',
  );
  if (!typeTlv || !responseTlv || more || responseTlv.tag !== TAG.OCTET_STRING)
    bad(bytesTlv, 'ResponseBytes');
  const type = readOidAt(der, typeTlv);
  if (type !== BASIC_RESPONSE) throw new ShirushiError('ocsp/unsupported-response-type', { type });
  return { status, basic: readBasicResponse(contentBytes(der, responseTlv)) };
}

/**
 * Reads a DER OCSPResponse. Throws `ShirushiError`: `ocsp/too-large` above `maxBytes` (default 1 MiB),
 * `ocsp/unsupported-response-type` for anything but a BasicOCSPResponse, else `ocsp/malformed`.
 * Nothing is verified here; `ocspStatus` checks signatures, signers and dates.
 */
export function parseOcspResponse(der: Uint8Array, options: { maxBytes?: number } = {}): OcspResponse {
  const limit = options.maxBytes ?? OCSP_LIMITS.maxBytes;
  if (!(der instanceof Uint8Array))
    throw new ShirushiError('ocsp/malformed', { detail: { ja: 'バイト列ではありません', en: 'not bytes' } });
  if (der.length > limit) throw new ShirushiError('ocsp/too-large', { size: der.length, limit });
  try {
    return readResponse(der);
  } catch (error) {
    if (isShirushiError(error) && error.code.startsWith('ocsp/')) throw error;
    const detail = isShirushiError(error)
      ? error.messages
      : { ja: '構造が正しくありません', en: String(error) };
    throw new ShirushiError('ocsp/malformed', { detail }, { cause: error });
  }
}
