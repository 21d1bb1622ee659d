import {
  childrenOf,
  contextTag,
  readCompleteOidAt,
  readTimeAt,
  readTlv,
  TAG,
  type Tlv,
} from '../asn1/reader.js';
import { CERTIFICATE_LIMITS, checkElementForms, scanDer } from '../asn1/scan.js';
import { bytesToHex } from '../encoding/hex.js';
import { toDerList, type DerInput } from '../encoding/pem.js';
import { asShirushiError, ShirushiError } from '../errors/shirushi-error.js';
import { sha1, sha256 } from '../hash/sha.js';
import { readNameAt } from '../names/dn.js';
import { extensionName, readExtensions } from './extensions.js';
import { HASH_ALGORITHMS, SIGNATURE_ALGORITHMS } from './oids.js';
import { readPublicKeyDer } from './public-key.js';
import type { CertificateInfo, DistinguishedName, RawExtension, SignatureAlgorithm } from './types.js';

/** PEM labels that hold a plain X.509 certificate. OpenSSL's TRUSTED CERTIFICATE carries extra data. */
export const CERTIFICATE_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE'] as const;

const PSS_OID = '1.2.840.113549.1.1.10';

/**
 * Where the signed parts of a certificate sit in its DER, found by the same read that makes the
 * `CertificateInfo`, so path validation and revocation checking never read the certificate a second time.
 */
export interface CertificateParts {
  certificate: Tlv;
  tbs: Tlv;
  signatureAlgorithm: Tlv;
  signature: Tlv;
  serial: Tlv;
  issuer: Tlv;
  subject: Tlv;
  spki: Tlv;
}

export interface CertificateModel {
  info: CertificateInfo;
  parts: CertificateParts;
}

/** The structure does not have the shape of a Certificate (RFC 5280 4.1). */
class NotACertificate extends Error {}

function expectTag(node: Tlv | undefined, tag: number, what: string): Tlv {
  if (node?.tag !== tag) throw new NotACertificate(what);
  return node;
}

/** A short INTEGER's value, two's complement, as the earlier asn1js reader gave it. */
function smallSignedInteger(der: Uint8Array, node: Tlv): number {
  let value = 0;
  for (let i = node.content; i < node.end; i++) value = value * 256 + der[i]!;
  const length = node.end - node.content;
  if (length > 0 && der[node.content]! & 0x80) value -= 2 ** (8 * length);
  return value;
}

/** A BIT STRING's first content byte counts unused bits, 0 to 7; anything else is not DER. */
function checkBitString(der: Uint8Array, bits: Tlv): void {
  if (bits.end === bits.content || der[bits.content]! > 7) {
    throw new ShirushiError('der/bad-length', { offset: bits.start });
  }
}

function isContextZero(node: Tlv): boolean {
  return (node.tag & 0xdf) === 0x80;
}

function readSignatureAlgorithm(der: Uint8Array, algorithm: Tlv): SignatureAlgorithm {
  const [oidNode, parameters] = childrenOf(der, algorithm, CERTIFICATE_LIMITS.maxNodes);
  expectTag(oidNode, TAG.OID, 'AlgorithmIdentifier');
  const oid = readCompleteOidAt(der, oidNode!);
  const known = SIGNATURE_ALGORITHMS[oid];
  const result: SignatureAlgorithm = { oid, name: known?.name ?? oid };
  if (known?.hash) result.hash = known.hash;
  if (oid === PSS_OID && parameters?.tag === TAG.SEQUENCE) {
    // RSASSA-PSS-params: hashAlgorithm [0] defaults to SHA-1.
    const hashField = childrenOf(der, parameters, CERTIFICATE_LIMITS.maxNodes).find(isContextZero);
    const hashAlgorithm =
      hashField && hashField.tag & 0x20
        ? childrenOf(der, hashField, CERTIFICATE_LIMITS.maxNodes)[0]
        : undefined;
    const inner =
      hashAlgorithm?.tag === TAG.SEQUENCE
        ? childrenOf(der, hashAlgorithm, CERTIFICATE_LIMITS.maxNodes)[0]
        : undefined;
    result.hash =
      inner?.tag === TAG.OID && inner.end > inner.content
        ? HASH_ALGORITHMS[readCompleteOidAt(der, inner)]
        : 'SHA-1';
  }
  return result;
}

/** The two times of a Validity; their shape is part of the certificate's, their content is checked later. */
function validityTimes(der: Uint8Array, validity: Tlv): [Tlv, Tlv] {
  const times = childrenOf(der, validity, CERTIFICATE_LIMITS.maxNodes);
  if (times.length !== 2) throw new NotACertificate('Validity');
  for (const time of times) {
    if (time.tag !== TAG.UTC_TIME && time.tag !== TAG.GENERALIZED_TIME) throw new NotACertificate('Time');
  }
  return times as [Tlv, Tlv];
}

function readValidity(der: Uint8Array, times: [Tlv, Tlv]): { notBefore: Date; notAfter: Date } {
  const notBefore = readTimeAt(der, times[0]!);
  const notAfter = readTimeAt(der, times[1]!);
  if (!notBefore) throw new ShirushiError('certificate/bad-time', { detail: 'notBefore' });
  if (!notAfter) throw new ShirushiError('certificate/bad-time', { detail: 'notAfter' });
  return { notBefore, notAfter };
}

function readRawExtensions(der: Uint8Array, wrapper: Tlv): RawExtension[] {
  const [list, extra] = childrenOf(der, wrapper, CERTIFICATE_LIMITS.maxNodes);
  if (extra) throw new NotACertificate('extensions');
  const entries = childrenOf(der, expectTag(list, TAG.SEQUENCE, 'Extensions'), CERTIFICATE_LIMITS.maxNodes);
  return entries.map((entry) => {
    const fields = childrenOf(der, expectTag(entry, TAG.SEQUENCE, 'Extension'), CERTIFICATE_LIMITS.maxNodes);
    const oidNode = expectTag(fields[0], TAG.OID, 'extnID');
    const hasCritical = fields[1]?.tag === TAG.BOOLEAN;
    if (fields.length !== (hasCritical ? 3 : 2)) throw new NotACertificate('Extension');
    const value = expectTag(fields[hasCritical ? 2 : 1], TAG.OCTET_STRING, 'extnValue');
    const critical = hasCritical && fields[1]!.end > fields[1]!.content && der[fields[1]!.content] !== 0;
    const oid = readCompleteOidAt(der, oidNode);
    const raw: RawExtension = { oid, critical, value: der.subarray(value.content, value.end) };
    const name = extensionName(oid);
    if (name) raw.name = name;
    return raw;
  });
}

/** The TBSCertificate fields, checked for shape; version and the optional unique IDs are optional. */
function tbsFields(der: Uint8Array, tbs: Tlv) {
  const fields = childrenOf(der, tbs, CERTIFICATE_LIMITS.maxNodes);
  let index = 0;
  let version = 0;
  if (fields[0]?.tag === contextTag(0, true)) {
    const [number, extra] = childrenOf(der, fields[0], CERTIFICATE_LIMITS.maxNodes);
    if (extra) throw new NotACertificate('version');
    version = smallSignedInteger(der, expectTag(number, TAG.INTEGER, 'version'));
    index = 1;
  }
  const serial = expectTag(fields[index], TAG.INTEGER, 'serialNumber');
  const signature = expectTag(fields[index + 1], TAG.SEQUENCE, 'signature');
  const [signatureOid] = childrenOf(der, signature, CERTIFICATE_LIMITS.maxNodes);
  readCompleteOidAt(der, expectTag(signatureOid, TAG.OID, 'signature'));
  const issuer = expectTag(fields[index + 2], TAG.SEQUENCE, 'issuer');
  const validity = expectTag(fields[index + 3], TAG.SEQUENCE, 'validity');
  const subject = expectTag(fields[index + 4], TAG.SEQUENCE, 'subject');
  const times = validityTimes(der, validity);
  const spki = expectTag(fields[index + 5], TAG.SEQUENCE, 'subjectPublicKeyInfo');
  const [keyAlgorithm, keyBits] = childrenOf(der, spki, CERTIFICATE_LIMITS.maxNodes);
  const [keyOid] = childrenOf(
    der,
    expectTag(keyAlgorithm, TAG.SEQUENCE, 'algorithm'),
    CERTIFICATE_LIMITS.maxNodes,
  );
  expectTag(keyOid, TAG.OID, 'algorithm');
  checkBitString(der, expectTag(keyBits, TAG.BIT_STRING, 'subjectPublicKey'));
  index += 6;
  // issuerUniqueID [1] and subjectUniqueID [2] are skipped; extensions [3] come last.
  if (fields[index]?.tag === contextTag(1, false)) index++;
  if (fields[index]?.tag === contextTag(2, false)) index++;
  let extensions: Tlv | undefined;
  if (fields[index]?.tag === contextTag(3, true)) extensions = fields[index++];
  if (index !== fields.length) throw new NotACertificate('TBSCertificate');
  return { version, serial, signature, issuer, times, subject, spki, extensions };
}

function readCertificateName(der: Uint8Array, name: Tlv, field: string): DistinguishedName {
  try {
    return readNameAt(der, name, field);
  } catch (error) {
    if (error instanceof ShirushiError && error.code === 'certificate/bad-name') {
      throw new NotACertificate(field);
    }
    throw error;
  }
}

/** The certificate's shape (what the earlier pkijs schema checked), with the parts later steps read. */
function readStructure(der: Uint8Array) {
  scanDer(der, CERTIFICATE_LIMITS);
  checkElementForms(der);
  try {
    const certificate = expectTag(readTlv(der, 0, der.length), TAG.SEQUENCE, 'Certificate');
    const [tbs, signatureAlgorithm, signature, extra] = childrenOf(
      der,
      certificate,
      CERTIFICATE_LIMITS.maxNodes,
    );
    if (extra) throw new NotACertificate('Certificate');
    expectTag(tbs, TAG.SEQUENCE, 'TBSCertificate');
    expectTag(signatureAlgorithm, TAG.SEQUENCE, 'signatureAlgorithm');
    checkBitString(der, expectTag(signature, TAG.BIT_STRING, 'signatureValue'));
    const fields = tbsFields(der, tbs!);
    const algorithm = readSignatureAlgorithm(der, signatureAlgorithm!);
    // A name that is not a SEQUENCE OF SET OF AttributeTypeAndValue breaks the certificate's shape.
    const subject = readCertificateName(der, fields.subject, 'subject');
    const issuer = readCertificateName(der, fields.issuer, 'issuer');
    const extensions = fields.extensions ? readRawExtensions(der, fields.extensions) : [];
    return {
      certificate,
      tbs: tbs!,
      signatureAlgorithm: signatureAlgorithm!,
      signature: signature!,
      fields,
      algorithm,
      subject,
      issuer,
      extensions,
    };
  } catch (error) {
    // The scan accepted the bytes, so our reader's der/bad-tag here is a high tag number, which the
    // pkijs schema refused as not a certificate.
    if (error instanceof ShirushiError && error.code === 'der/bad-tag') throw new NotACertificate('tag');
    throw error;
  }
}

function readCertificate(der: Uint8Array): CertificateModel {
  const { certificate, tbs, signatureAlgorithm, signature, fields, algorithm, subject, issuer, extensions } =
    readStructure(der);
  const version = fields.version + 1;
  if (version < 1 || version > 3) throw new ShirushiError('certificate/bad-version', { version });
  const parsed = readExtensions(extensions);
  let serial = der.subarray(fields.serial.content, fields.serial.end);
  if (serial.length > 1 && serial[0] === 0 && serial[1]! >= 0x80) serial = serial.subarray(1);
  const info: CertificateInfo = {
    version,
    serialNumber: bytesToHex(serial),
    subject,
    issuer,
    validity: readValidity(der, fields.times),
    publicKey: readPublicKeyDer(der.subarray(fields.spki.start, fields.spki.end)),
    signatureAlgorithm: algorithm,
    fingerprints: { sha256: bytesToHex(sha256(der)), sha1: bytesToHex(sha1(der)) },
    ...parsed,
    selfIssued: subject.rfc4514 === issuer.rfc4514,
    extensions,
    der,
  };
  const parts: CertificateParts = {
    certificate,
    tbs,
    signatureAlgorithm,
    signature,
    serial: fields.serial,
    issuer: fields.issuer,
    subject: fields.subject,
    spki: fields.spki,
  };
  return { info, parts };
}

/**
 * Reads one DER certificate in a single pass: the `CertificateInfo` and where its signed parts are.
 * Throws `ShirushiError` like `parseCertificate`.
 */
export function readCertificateModel(der: Uint8Array): CertificateModel {
  try {
    return readCertificate(der);
  } catch (error) {
    if (error instanceof NotACertificate) {
      throw new ShirushiError('certificate/not-a-certificate', {}, { cause: error });
    }
    throw asShirushiError(error, 'certificate/not-a-certificate');
  }
}

function parseOne(der: Uint8Array): CertificateInfo {
  return readCertificateModel(der).info;
}

/**
 * Parses one X.509 certificate from DER, PEM (the first CERTIFICATE block; text around it is ignored)
 * or bare base64. Throws `ShirushiError` with a stable code for anything that is not a well-formed
 * certificate within `CERTIFICATE_LIMITS`.
 */
export function parseCertificate(input: DerInput): CertificateInfo {
  const [der] = toDerList(input, { labels: CERTIFICATE_LABELS, maxBytes: CERTIFICATE_LIMITS.maxBytes });
  return parseOne(der!);
}

/** Parses every CERTIFICATE block in the input, in order (a chain file, a bundle with its key). */
export function parseCertificates(input: DerInput): CertificateInfo[] {
  return toDerList(input, { labels: CERTIFICATE_LABELS, maxBytes: CERTIFICATE_LIMITS.maxBytes }).map(
    parseOne,
  );
}
