import { CERTIFICATE_LIMITS, decodeDer, scanDer, type DerLimits } from '../asn1/der.js';
import {
  childrenOf,
  contentBytes,
  contextTag,
  elementBytes,
  expectTlv,
  readBitStringAt,
  readBooleanAt,
  readOidAt,
  readSmallIntegerAt,
  TAG,
  type Tlv,
} from '../asn1/reader.js';
import { groupAltNames, readGeneralNames } from '../certificate/general-names.js';
import { EXTENSIONS, EXTENSION_NAMES, SIGNATURE_ALGORITHMS } from '../certificate/oids.js';
import { readPublicKey } from '../certificate/public-key.js';
import type { SignatureAlgorithm, SubjectAltNames } from '../certificate/types.js';
import { verifySignatureSync } from '../crypto/verify-sync.js';
import { readAlgorithmAt, type AlgorithmRef } from '../asn1/algorithm.js';
import { verifySignature, type VerifyOutcome } from '../crypto/verify.js';
import { encodePem, toDer, type DerInput } from '../encoding/pem.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { readName } from '../names/dn.js';
import type { CsrInfo } from './types.js';

/** PEM labels of a PKCS#10 request: the RFC 7468 one, and the one older Microsoft and Netscape tools write. */
export const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'] as const;

/**
 * Bounds for one CSR: the certificate's (1 MiB, 32 levels, 200 000 elements). A real CSR is one or two
 * kilobytes; the room is for requests listing thousands of SANs.
 */
export const CSR_LIMITS: DerLimits = CERTIFICATE_LIMITS;

export const CSR_OIDS = {
  /** PKCS#9 extensionRequest. */
  extensionRequest: '1.2.840.113549.1.9.14',
  /** Microsoft's older name for the same thing (certreq, some appliances). Same syntax. */
  msExtensionRequest: '1.3.6.1.4.1.311.2.1.14',
  challengePassword: '1.2.840.113549.1.9.7',
} as const;

const EXTENSION_REQUESTS: readonly string[] = [CSR_OIDS.extensionRequest, CSR_OIDS.msExtensionRequest];

/** Where the signed part and the signature sit in a CSR's DER. */
interface CsrLayout {
  info: Tlv;
  algorithm: AlgorithmRef;
  signature: Tlv;
}

function notACsr(detail: string): ShirushiError {
  return new ShirushiError('csr/not-a-csr', { detail });
}

/** CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING } */
function layout(der: Uint8Array): CsrLayout {
  const outer = expectTlv(der, 0, der.length, TAG.SEQUENCE, 'CertificationRequest');
  const [info, algorithm, signature, extra] = childrenOf(der, outer);
  if (!info || !algorithm || !signature || extra) throw notACsr('CertificationRequest has 3 fields');
  if (info.tag !== TAG.SEQUENCE) throw notACsr('CertificationRequestInfo');
  if (signature.tag !== TAG.BIT_STRING) throw notACsr('signature');
  let algorithmRef: AlgorithmRef;
  try {
    algorithmRef = readAlgorithmAt(der, algorithm);
  } catch {
    throw notACsr('signatureAlgorithm');
  }
  return { info, algorithm: algorithmRef, signature };
}

function readSignatureAlgorithm(algorithm: AlgorithmRef): SignatureAlgorithm {
  const known = SIGNATURE_ALGORITHMS[algorithm.oid];
  const result: SignatureAlgorithm = { oid: algorithm.oid, name: known?.name ?? algorithm.oid };
  if (known?.hash) result.hash = known.hash;
  return result;
}

/** The DER of one element, decoded by asn1js for the name and key readers the certificate parser uses. */
function decodeElement(der: Uint8Array, tlv: Tlv) {
  return decodeDer(elementBytes(der, tlv), CSR_LIMITS);
}

interface Requested {
  extensions: CsrInfo['extensions'];
  subjectAltNames: SubjectAltNames;
}

/** Extensions ::= SEQUENCE OF Extension; Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue } */
function readRequestedExtensions(der: Uint8Array, value: Tlv): Requested {
  const result: Requested = {
    extensions: [],
    subjectAltNames: { dns: [], ip: [], email: [], uri: [], other: [] },
  };
  if (value.tag !== TAG.SEQUENCE) throw new TypeError('Extensions is not a SEQUENCE');
  const seen = new Set<string>();
  for (const extension of childrenOf(der, value, CSR_LIMITS.maxNodes)) {
    if (extension.tag !== TAG.SEQUENCE) throw new TypeError('Extension is not a SEQUENCE');
    const fields = childrenOf(der, extension);
    const [id, second, third, extra] = fields;
    if (!id || !second || extra) throw new TypeError('Extension has 2 or 3 fields');
    const oid = readOidAt(der, id);
    const critical = third ? readBooleanAt(der, second) : false;
    const octets = third ?? second;
    if (octets.tag !== TAG.OCTET_STRING) throw new TypeError('extnValue is not an OCTET STRING');
    const name = EXTENSION_NAMES[oid] ?? oid;
    if (seen.has(oid)) throw new ShirushiError('csr/duplicate-extension', { name });
    seen.add(oid);
    const raw = contentBytes(der, octets).slice();
    result.extensions.push({ oid, critical, value: raw });
    if (oid === EXTENSIONS.subjectAltName) {
      try {
        result.subjectAltNames = groupAltNames(readGeneralNames(decodeDer(raw, CSR_LIMITS)));
      } catch (error) {
        throw new ShirushiError('csr/bad-extension', { name, detail: describe(error) }, { cause: error });
      }
    }
  }
  return result;
}

function describe(error: unknown): string {
  if (error instanceof ShirushiError) return error.messages.en;
  return error instanceof Error ? error.message : String(error);
}

/** Attribute ::= SEQUENCE { type OBJECT IDENTIFIER, values SET OF ANY } */
function readAttributes(der: Uint8Array, attributes: Tlv) {
  const others: CsrInfo['attributes'] = [];
  let requested: Requested | undefined;
  for (const attribute of childrenOf(der, attributes, CSR_LIMITS.maxNodes)) {
    let oid = '?';
    try {
      if (attribute.tag !== TAG.SEQUENCE) throw new TypeError('Attribute is not a SEQUENCE');
      const [type, values, extra] = childrenOf(der, attribute);
      if (!type || !values || extra) throw new TypeError('Attribute has 2 fields');
      oid = readOidAt(der, type);
      if (values.tag !== TAG.SET) throw new TypeError('values is not a SET');
      const items = childrenOf(der, values, CSR_LIMITS.maxNodes);
      if (EXTENSION_REQUESTS.includes(oid)) {
        // One extensionRequest, holding exactly one Extensions value (RFC 2985 5.4.2).
        if (requested || items.length !== 1) throw new TypeError('one extensionRequest with one value');
        requested = readRequestedExtensions(der, items[0]!);
      } else {
        others.push({ oid, values: items.map((item) => elementBytes(der, item).slice()) });
      }
    } catch (error) {
      if (error instanceof ShirushiError && error.code.startsWith('csr/')) throw error;
      throw new ShirushiError('csr/bad-attribute', { oid, detail: describe(error) }, { cause: error });
    }
  }
  return { others, requested };
}

function readCsr(der: Uint8Array): CsrInfo {
  scanDer(der, CSR_LIMITS);
  const { info, algorithm, signature } = layout(der);
  const signatureBits = readBitStringAt(der, signature);
  // CertificationRequestInfo ::= SEQUENCE { version, subject Name, subjectPKInfo, attributes [0] IMPLICIT SET OF }
  const [versionTlv, subjectTlv, spkiTlv, attributesTlv, extra] = childrenOf(der, info);
  if (!versionTlv || !subjectTlv || !spkiTlv || extra) throw notACsr('CertificationRequestInfo has 4 fields');
  if (versionTlv.tag !== TAG.INTEGER) throw notACsr('version');
  const version = readSmallIntegerAt(der, versionTlv);
  if (version !== 0) throw new ShirushiError('csr/bad-version', { version });
  if (subjectTlv.tag !== TAG.SEQUENCE) throw notACsr('subject');
  if (spkiTlv.tag !== TAG.SEQUENCE) throw notACsr('subjectPKInfo');
  // The attributes field is required, but some old encoders leave it out when it is empty.
  if (attributesTlv && attributesTlv.tag !== contextTag(0, true)) throw notACsr('attributes');

  let subject: CsrInfo['subject'];
  try {
    subject = readName(decodeElement(der, subjectTlv), 'subject');
  } catch (error) {
    throw notACsr(`subject: ${describe(error)}`);
  }
  let publicKey: CsrInfo['publicKey'];
  try {
    publicKey = readPublicKey(decodeElement(der, spkiTlv));
  } catch (error) {
    throw notACsr(`subjectPKInfo: ${describe(error)}`);
  }
  const { others, requested } = attributesTlv
    ? readAttributes(der, attributesTlv)
    : { others: [], requested: undefined };
  return {
    version,
    subject,
    publicKey,
    signatureAlgorithm: readSignatureAlgorithm(algorithm),
    signatureValid: checkSignatureSync(der, info, algorithm, signatureBits, elementBytes(der, spkiTlv)),
    subjectAltNames: requested?.subjectAltNames ?? { dns: [], ip: [], email: [], uri: [], other: [] },
    extensions: requested?.extensions ?? [],
    attributes: others,
    der,
    pem: encodePem(CSR_LABELS[0], der),
  };
}

/**
 * The proof of possession, checked synchronously: `true` or `false`, or `undefined` for an algorithm the
 * synchronous verifier does not do (RSA-PSS, Ed25519, P-521, ...).
 */
function checkSignatureSync(
  der: Uint8Array,
  signed: Tlv,
  algorithm: AlgorithmRef,
  signature: { bits: Uint8Array; unused: number },
  spki: Uint8Array,
): boolean | undefined {
  const outcome: VerifyOutcome =
    signature.unused !== 0
      ? 'invalid'
      : verifySignatureSync(spki, algorithm, elementBytes(der, signed), signature.bits);
  return outcome === 'unsupported' ? undefined : outcome === 'valid';
}

function toCsrDer(input: DerInput): Uint8Array {
  return toDer(input, { labels: CSR_LABELS, maxBytes: CSR_LIMITS.maxBytes });
}

/**
 * Reads a PKCS#10 certificate signing request from DER, PEM (`CERTIFICATE REQUEST` or
 * `NEW CERTIFICATE REQUEST`; text around the block is ignored) or bare base64.
 *
 * Checks the signature (proof of possession) synchronously and sets `signatureValid`: RSASSA-PKCS1-v1_5 and
 * ECDSA on P-256/P-384, with SHA-1/256/384/512, which covers what CSRs are signed with. For other
 * algorithms (RSA-PSS, Ed25519, P-521, ...) `signatureValid` is left `undefined`; `verifyCsr` checks those
 * with WebCrypto. Throws `ShirushiError` (`input/*`, `pem/*`, `der/*`, `csr/*`) for anything that is not
 * a well-formed request within `CSR_LIMITS`.
 */
export function parseCsr(input: DerInput): CsrInfo {
  const der = toCsrDer(input);
  try {
    return readCsr(der);
  } catch (error) {
    if (error instanceof ShirushiError) throw error;
    throw new ShirushiError('csr/not-a-csr', { detail: describe(error) }, { cause: error });
  }
}

/**
 * Checks the request's signature with its own public key (proof of possession) through WebCrypto and
 * records the result in `info.signatureValid`, replacing what `parseCsr` found. `parseCsr` already checks
 * RSASSA-PKCS1-v1_5 and ECDSA P-256/P-384 synchronously; this is what checks RSA-PSS, Ed25519 and P-521.
 * Given DER or PEM, parses it first. Resolves `true` only for a valid signature; for an algorithm WebCrypto
 * cannot check here (DSA, Ed448, ...) it resolves `false` and leaves `signatureValid` `undefined`.
 */
export async function verifyCsr(input: CsrInfo | DerInput): Promise<boolean> {
  const info = isCsrInfo(input) ? input : parseCsr(input);
  const der = info.der;
  const { info: signed, algorithm, signature } = layout(der);
  const { bits, unused } = readBitStringAt(der, signature);
  if (unused !== 0) {
    info.signatureValid = false;
    return false;
  }
  const outcome = await verifySignature(info.publicKey.spki, algorithm, elementBytes(der, signed), bits);
  if (outcome === 'unsupported') {
    info.signatureValid = undefined;
    return false;
  }
  info.signatureValid = outcome === 'valid';
  return info.signatureValid;
}

function isCsrInfo(input: CsrInfo | DerInput): input is CsrInfo {
  return typeof input === 'object' && !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer);
}
