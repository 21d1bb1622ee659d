/**
 * CertIDs (RFC 6960 section 4.1.1) and OCSP requests. A CertID names a certificate by hashes of its issuer's
 * name and key plus its serial number, so both sides need only a few fields of the two certificates; those
 * are read here with the DER reader rather than through a full certificate parse.
 */
import {
  childrenOf,
  contentBytes,
  contextTag,
  elementBytes,
  expectTlv,
  readBitStringAt,
  TAG,
  type Tlv,
} from '../asn1/reader.js';
import {
  algorithmIdentifier,
  contextSpecific,
  nullValue,
  octetString,
  oid,
  sequence,
  tlv,
} from '../asn1/writer.js';
import { CERTIFICATE_LIMITS } from '../asn1/der.js';
import { CERTIFICATE_LABELS } from '../certificate/parse.js';
import { readAlgorithmAt, type AlgorithmRef } from '../asn1/algorithm.js';
import { toDer } from '../encoding/pem.js';
import { asShirushiError, ShirushiError } from '../errors/shirushi-error.js';
import { sha1, sha256, sha384, sha512 } from '../hash/sha.js';
import { nameKeyAt } from '../names/compare.js';
import type { OcspCertId } from './types.js';

export type OcspHash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Hashes a CertID may use, by OID. */
export const OCSP_HASHES: Record<string, { name: OcspHash; digest: (data: Uint8Array) => Uint8Array }> = {
  '1.3.14.3.2.26': { name: 'SHA-1', digest: sha1 },
  '2.16.840.1.101.3.4.2.1': { name: 'SHA-256', digest: sha256 },
  '2.16.840.1.101.3.4.2.2': { name: 'SHA-384', digest: sha384 },
  '2.16.840.1.101.3.4.2.3': { name: 'SHA-512', digest: sha512 },
};

const NONCE_OID = '1.3.6.1.5.5.7.48.1.2';

/** The certificate fields OCSP uses, located in the certificate's DER. */
export interface CertificateFields {
  der: Uint8Array;
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmRef;
  signature: Uint8Array;
  /** serialNumber INTEGER contents. */
  serial: Uint8Array;
  /** DER of the issuer and subject Names. */
  issuerName: Uint8Array;
  subjectName: Uint8Array;
  /** Comparison keys of the two names (src/names/compare.ts). */
  issuerKey: string;
  subjectKey: string;
  /** DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** The subjectPublicKey BIT STRING contents, which CertID and ResponderID byKey hash. */
  publicKey: Uint8Array;
}

/** Reads the fields; throws `ShirushiError` (`der/*`, `certificate/*`) when the bytes are no certificate. */
export function certificateFields(der: Uint8Array): CertificateFields {
  const outer = expectTlv(der, 0, der.length, TAG.SEQUENCE, 'Certificate');
  const [tbsTlv, algorithmTlv, signatureTlv] = childrenOf(der, outer, 3);
  if (!tbsTlv || !algorithmTlv || !signatureTlv || tbsTlv.tag !== TAG.SEQUENCE) {
    throw new ShirushiError('der/bad-tag', { offset: 0, detail: 'Certificate' });
  }
  const fields = childrenOf(der, tbsTlv, 12);
  const skip = fields[0]?.tag === contextTag(0, true) ? 1 : 0;
  const at = (index: number): Tlv => {
    const field = fields[index + skip];
    if (!field) throw new ShirushiError('der/bad-tag', { offset: tbsTlv.start, detail: 'TBSCertificate' });
    return field;
  };
  const spkiTlv = at(5);
  if (spkiTlv.tag !== TAG.SEQUENCE) throw new ShirushiError('der/bad-tag', { offset: spkiTlv.start });
  const [, keyTlv] = childrenOf(der, spkiTlv, 2);
  if (!keyTlv)
    throw new ShirushiError('der/bad-tag', { offset: spkiTlv.start, detail: 'SubjectPublicKeyInfo' });
  let signatureAlgorithm: AlgorithmRef;
  try {
    signatureAlgorithm = readAlgorithmAt(der, algorithmTlv);
  } catch (error) {
    throw asShirushiError(error, 'der/bad-tag', { offset: algorithmTlv.start });
  }
  return {
    der,
    tbs: elementBytes(der, tbsTlv),
    signatureAlgorithm,
    signature: readBitStringAt(der, signatureTlv).bits,
    serial: contentBytes(der, expectTlv(der, at(0).start, at(0).end, TAG.INTEGER, 'serialNumber')),
    issuerName: elementBytes(der, at(2)),
    subjectName: elementBytes(der, at(4)),
    issuerKey: nameKeyAt(der, at(2)),
    subjectKey: nameKeyAt(der, at(4)),
    spki: elementBytes(der, spkiTlv),
    publicKey: readBitStringAt(der, keyTlv).bits,
  };
}

/** Certificate input as the public functions take it: DER, PEM, or anything carrying its `der`. */
export type OcspCertificateInput = Uint8Array | string | { der: Uint8Array };

const fieldCache = new WeakMap<Uint8Array, CertificateFields>();

export function fieldsOf(input: OcspCertificateInput): CertificateFields {
  const der =
    typeof input === 'string' || input instanceof Uint8Array
      ? toDer(input, { labels: CERTIFICATE_LABELS, maxBytes: CERTIFICATE_LIMITS.maxBytes })
      : input.der;
  let fields = fieldCache.get(der);
  if (!fields) {
    fields = certificateFields(der);
    fieldCache.set(der, fields);
  }
  return fields;
}

function hashOid(name: OcspHash | undefined): string {
  const wanted = name ?? 'SHA-1';
  const found = Object.entries(OCSP_HASHES).find(([, hash]) => hash.name === wanted);
  if (!found) throw new ShirushiError('ocsp/unsupported-hash', { hash: String(wanted) });
  return found[0];
}

/** The CertID of `certificate` issued by `issuer`, with the hash `hashAlgorithm` (an OID of `OCSP_HASHES`). */
export function certIdFor(
  certificate: CertificateFields,
  issuer: CertificateFields,
  hashAlgorithm: string,
): OcspCertId | undefined {
  const hash = OCSP_HASHES[hashAlgorithm];
  if (!hash) return undefined;
  return {
    hashAlgorithm,
    // The issuer's subject, byte for byte as responders hash it from their CA certificate.
    issuerNameHash: hash.digest(issuer.subjectName),
    issuerKeyHash: hash.digest(issuer.publicKey),
    serial: certificate.serial,
  };
}

export interface OcspRequestOptions {
  /** The hash in the CertID. Default SHA-1, which every responder understands. */
  hash?: OcspHash;
  /**
   * A nonce extension (RFC 8954) against replayed answers: bytes to send, or `true` for 32 random bytes.
   * Many CA responders serve pre-signed answers and ignore it.
   */
  nonce?: Uint8Array | boolean;
}

/** The DER OCSPRequest (RFC 6960 section 4.1) asking about one certificate, unsigned. */
export function buildOcspRequest(
  certificate: OcspCertificateInput,
  issuer: OcspCertificateInput,
  options: OcspRequestOptions = {},
): Uint8Array {
  const algorithm = hashOid(options.hash);
  const id = certIdFor(fieldsOf(certificate), fieldsOf(issuer), algorithm)!;
  const certId = sequence(
    algorithmIdentifier(algorithm, nullValue()),
    octetString(id.issuerNameHash),
    octetString(id.issuerKeyHash),
    tlv(TAG.INTEGER, id.serial),
  );
  const parts = [sequence(sequence(certId))];
  const nonce = options.nonce === true ? crypto.getRandomValues(new Uint8Array(32)) : options.nonce;
  if (nonce instanceof Uint8Array) {
    const extension = sequence(oid(NONCE_OID), octetString(octetString(nonce)));
    parts.push(contextSpecific(2, true, sequence(extension)));
  }
  return sequence(sequence(...parts));
}

/** Reads one CertID element (shared with the response parser). */
export function readCertId(bytes: Uint8Array, element: Tlv): OcspCertId {
  if (element.tag !== TAG.SEQUENCE)
    throw new ShirushiError('der/bad-tag', { offset: element.start, detail: 'CertID' });
  const [algorithmTlv, nameHash, keyHash, serial, extra] = childrenOf(bytes, element, 5);
  if (!algorithmTlv || !nameHash || !keyHash || !serial || extra) {
    throw new ShirushiError('der/bad-tag', { offset: element.start, detail: 'CertID' });
  }
  const expect = (item: Tlv, tag: number, what: string) => {
    if (item.tag !== tag) throw new ShirushiError('der/bad-tag', { offset: item.start, detail: what });
    return contentBytes(bytes, item);
  };
  let hashAlgorithm: string;
  try {
    hashAlgorithm = readAlgorithmAt(bytes, algorithmTlv).oid;
  } catch (error) {
    throw asShirushiError(error, 'der/bad-tag', { offset: algorithmTlv.start });
  }
  return {
    hashAlgorithm,
    issuerNameHash: expect(nameHash, TAG.OCTET_STRING, 'issuerNameHash'),
    issuerKeyHash: expect(keyHash, TAG.OCTET_STRING, 'issuerKeyHash'),
    serial: expect(serial, TAG.INTEGER, 'serialNumber'),
  };
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
