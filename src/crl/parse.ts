import { CERTIFICATE_LIMITS, decodeDer } from '../asn1/der.js';
import {
  childrenOf,
  contentBytes,
  contextTag,
  elementBytes,
  readBigIntegerAt,
  readBitStringAt,
  readBooleanAt,
  readOidAt,
  readSmallIntegerAt,
  readTimeAt,
  readTlv,
  TAG,
  type Tlv,
} from '../asn1/reader.js';
import { SIGNATURE_ALGORITHMS } from '../certificate/oids.js';
import type { RawExtension, SignatureAlgorithm } from '../certificate/types.js';
import { readAlgorithmAt } from '../asn1/algorithm.js';
import { bytesToHex } from '../encoding/hex.js';
import { toDer, type DerInput } from '../encoding/pem.js';
import { asShirushiError, ShirushiError } from '../errors/shirushi-error.js';
import { nameKeyAt } from '../names/compare.js';
import { readName } from '../names/dn.js';
import { distributionPointNames, reasonMask } from '../names/general-name-keys.js';
import type { CrlInfo, IssuingDistributionPoint } from './types.js';

/** Default cap on a CRL's size. Real CRLs reach 100 MB after mass revocations; this leaves room. */
export const CRL_DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

/** PEM labels of a CRL (`X509 CRL` is what openssl writes). */
export const CRL_LABELS = ['X509 CRL', 'CRL'] as const;

export const CRL_EXTENSIONS = {
  cRLNumber: '2.5.29.20',
  deltaCRLIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  authorityKeyIdentifier: '2.5.29.35',
  issuerAltName: '2.5.29.18',
  freshestCRL: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  expiredCertsOnCRL: '2.5.29.60',
} as const;

const KNOWN_CRL_EXTENSIONS: ReadonlySet<string> = new Set(Object.values(CRL_EXTENSIONS));
const EXTENSION_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(CRL_EXTENSIONS).map(([name, oid]) => [oid, name]),
);

function fail(detail: string): never {
  throw new TypeError(detail);
}

function signatureAlgorithmInfo(oid: string): SignatureAlgorithm {
  const known = SIGNATURE_ALGORITHMS[oid];
  const result: SignatureAlgorithm = { oid, name: known?.name ?? oid };
  if (known?.hash) result.hash = known.hash;
  return result;
}

function readIssuingDistributionPoint(value: Uint8Array, issuerKey: string): IssuingDistributionPoint {
  const outer = readTlv(value, 0, value.length);
  if (outer.tag !== TAG.SEQUENCE || outer.end !== value.length) fail('issuingDistributionPoint');
  const idp: IssuingDistributionPoint = {
    onlyContainsUserCerts: false,
    onlyContainsCACerts: false,
    onlyContainsAttributeCerts: false,
    indirectCRL: false,
    der: value,
  };
  const fields = childrenOf(value, outer, 6);
  // RFC 5280 5.2.5: an empty sequence is forbidden; it would say nothing about the CRL's scope.
  if (fields.length === 0) throw new ShirushiError('crl/empty-issuing-distribution-point');
  let last = -1;
  for (const field of fields) {
    const number = field.tag & 0x1f;
    if ((field.tag & 0xc0) !== 0x80 || number <= last || number > 5) fail('issuingDistributionPoint field');
    last = number;
    // BOOLEAN fields are implicitly tagged; DER omits FALSE because it is the default.
    const flag = () => {
      const on = readBooleanAt(value, { ...field, tag: TAG.BOOLEAN });
      if (!on) fail('issuingDistributionPoint encodes a default FALSE');
      return true;
    };
    if (field.tag === contextTag(0, true)) idp.names = distributionPointNames(value, field, issuerKey);
    else if (field.tag === contextTag(1, false)) idp.onlyContainsUserCerts = flag();
    else if (field.tag === contextTag(2, false)) idp.onlyContainsCACerts = flag();
    else if (field.tag === contextTag(3, false)) idp.onlySomeReasons = reasonMask(value, field);
    else if (field.tag === contextTag(4, false)) idp.indirectCRL = flag();
    else if (field.tag === contextTag(5, false)) idp.onlyContainsAttributeCerts = flag();
    else fail('issuingDistributionPoint field');
  }
  const scopes = [idp.onlyContainsUserCerts, idp.onlyContainsCACerts, idp.onlyContainsAttributeCerts];
  if (scopes.filter(Boolean).length > 1) fail('issuingDistributionPoint sets more than one "only" scope');
  return idp;
}

function readInteger(value: Uint8Array, name: string): bigint {
  const tlv = readTlv(value, 0, value.length);
  if (tlv.end !== value.length) fail(name);
  const number = readBigIntegerAt(value, tlv);
  if (number < 0n) fail(`${name} is negative`);
  return number;
}

function readAuthorityKeyIdentifier(value: Uint8Array): string | undefined {
  const outer = readTlv(value, 0, value.length);
  if (outer.tag !== TAG.SEQUENCE || outer.end !== value.length) fail('authorityKeyIdentifier');
  const keyId = childrenOf(value, outer, 3).find((field) => field.tag === contextTag(0, false));
  return keyId ? bytesToHex(contentBytes(value, keyId)) : undefined;
}

/** Reads `Extensions` (SEQUENCE OF Extension) into raw extensions, refusing duplicates. */
export function readExtensionList(
  bytes: Uint8Array,
  list: Tlv,
  duplicateCode: 'crl/duplicate-extension',
  names: Record<string, string>,
): RawExtension[] {
  if (list.tag !== TAG.SEQUENCE) fail('Extensions is not a SEQUENCE');
  const seen = new Set<string>();
  const extensions: RawExtension[] = [];
  for (const item of childrenOf(bytes, list, 1000)) {
    if (item.tag !== TAG.SEQUENCE) fail('Extension is not a SEQUENCE');
    const parts = childrenOf(bytes, item, 4);
    const [oidTlv, second, third] = parts;
    if (!oidTlv || !second || parts.length > 3) fail('Extension');
    const oid = readOidAt(bytes, oidTlv);
    const critical = third ? readBooleanAt(bytes, second) : false;
    const value = third ?? second;
    if (value.tag !== TAG.OCTET_STRING) fail('extnValue is not an OCTET STRING');
    if (seen.has(oid)) throw new ShirushiError(duplicateCode, { name: names[oid] ?? oid });
    seen.add(oid);
    const extension: RawExtension = { oid, critical, value: contentBytes(bytes, value) };
    if (names[oid]) extension.name = names[oid];
    extensions.push(extension);
  }
  return extensions;
}

function readCrl(der: Uint8Array): CrlInfo {
  const outer = readTlv(der, 0, der.length);
  if (outer.tag !== TAG.SEQUENCE) fail('the outer element is not a SEQUENCE');
  if (outer.end !== der.length)
    throw new ShirushiError('der/trailing-data', { count: der.length - outer.end });
  const tbs = readTlv(der, outer.content, outer.end);
  if (tbs.tag !== TAG.SEQUENCE) fail('TBSCertList is not a SEQUENCE');
  const outerAlgorithm = readTlv(der, tbs.end, outer.end);
  const signatureValue = readTlv(der, outerAlgorithm.end, outer.end);
  if (signatureValue.end !== outer.end) fail('data after signatureValue');
  const signatureAlgorithmRef = readAlgorithmAt(der, outerAlgorithm);
  readBitStringAt(der, signatureValue);

  let offset = tbs.content;
  const next = () => {
    if (offset >= tbs.end) fail('TBSCertList is missing fields');
    const tlv = readTlv(der, offset, tbs.end);
    offset = tlv.end;
    return tlv;
  };
  const peek = () => (offset < tbs.end ? der[offset] : undefined);

  let version = 1;
  if (peek() === TAG.INTEGER) {
    const versionTlv = next();
    const value = readSmallIntegerAt(der, versionTlv);
    if (value !== 1) throw new ShirushiError('crl/bad-version', { version: value + 1 });
    version = 2;
  }
  const innerAlgorithm = next();
  if (innerAlgorithm.tag !== TAG.SEQUENCE) fail('signature is not an AlgorithmIdentifier');
  // RFC 5280 section 5.1.1.2: the signed and the unsigned algorithm fields must agree.
  const inner = elementBytes(der, innerAlgorithm);
  const outerBytes = elementBytes(der, outerAlgorithm);
  if (inner.length !== outerBytes.length || inner.some((byte, i) => byte !== outerBytes[i])) {
    fail('the signature algorithm inside TBSCertList differs from the outer one');
  }
  const issuerTlv = next();
  if (issuerTlv.tag !== TAG.SEQUENCE) fail('issuer is not a Name');
  const issuerKey = nameKeyAt(der, issuerTlv);
  const issuer = readName(decodeDer(elementBytes(der, issuerTlv), CERTIFICATE_LIMITS), 'issuer');

  const thisUpdate = readTimeAt(der, next());
  if (!thisUpdate) throw new ShirushiError('crl/bad-time', { field: 'thisUpdate' });
  let nextUpdate: Date | undefined;
  if (peek() === TAG.UTC_TIME || peek() === TAG.GENERALIZED_TIME) {
    nextUpdate = readTimeAt(der, next());
    if (!nextUpdate) throw new ShirushiError('crl/bad-time', { field: 'nextUpdate' });
  }
  let entries = { start: offset, end: offset };
  if (peek() === TAG.SEQUENCE) {
    const list = next();
    // RFC 5280 5.1.2.6: with nothing revoked the list must be absent; an empty one is a broken encoder.
    if (list.content === list.end) throw new ShirushiError('crl/empty-revoked-list');
    entries = { start: list.content, end: list.end };
  }
  let extensions: RawExtension[] = [];
  if (peek() === contextTag(0, true)) {
    const wrapper = next();
    const list = readTlv(der, wrapper.content, wrapper.end);
    if (list.end !== wrapper.end) fail('data after crlExtensions');
    extensions = readExtensionList(der, list, 'crl/duplicate-extension', EXTENSION_NAMES);
    if (extensions.length === 0) fail('crlExtensions is empty');
  }
  if (offset !== tbs.end) fail('unexpected data at the end of TBSCertList');

  const info: CrlInfo = {
    version,
    issuer,
    issuerKey,
    thisUpdate,
    signatureAlgorithm: signatureAlgorithmInfo(signatureAlgorithmRef.oid),
    extensions,
    der,
    entries,
    tbs: { start: tbs.start, end: tbs.end },
    signature: { start: signatureValue.content + 1, end: signatureValue.end },
    signatureAlgorithmRef,
  };
  if (nextUpdate) info.nextUpdate = nextUpdate;
  for (const extension of extensions) {
    const read = <T>(reader: () => T): T => {
      try {
        return reader();
      } catch (error) {
        throw asShirushiError(error, 'crl/bad-extension', { name: extension.name ?? extension.oid });
      }
    };
    switch (extension.oid) {
      case CRL_EXTENSIONS.cRLNumber:
        info.number = read(() => readInteger(extension.value, 'cRLNumber'));
        break;
      case CRL_EXTENSIONS.deltaCRLIndicator:
        info.deltaBaseNumber = read(() => readInteger(extension.value, 'BaseCRLNumber'));
        break;
      case CRL_EXTENSIONS.issuingDistributionPoint:
        info.issuingDistributionPoint = read(() => readIssuingDistributionPoint(extension.value, issuerKey));
        break;
      case CRL_EXTENSIONS.authorityKeyIdentifier: {
        const keyId = read(() => readAuthorityKeyIdentifier(extension.value));
        if (keyId) info.authorityKeyIdentifier = keyId;
        break;
      }
      default:
        if (extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.oid)) {
          info.unknownCriticalExtension ??= extension.oid;
        }
    }
  }
  return info;
}

/**
 * Reads a CRL's header from DER or PEM (`X509 CRL`). The revoked list is only located, not read: that
 * happens lazily, after the signature is checked (see `checkRevocation`). DER input is not copied.
 * Throws `ShirushiError` (`crl/*`, `der/*`, `input/*`, `pem/*`) for anything that is not a well-formed CRL.
 */
export function parseCrl(input: DerInput, options: { maxBytes?: number } = {}): CrlInfo {
  const maxBytes = options.maxBytes ?? CRL_DEFAULT_MAX_BYTES;
  const der = toDer(input, { labels: CRL_LABELS, maxBytes });
  try {
    return readCrl(der);
  } catch (error) {
    throw asShirushiError(error, 'crl/not-a-crl');
  }
}
