import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { CERTIFICATE_LIMITS, decodeDer } from '../../../src/asn1/der.js';
import { readAsn1Time } from './time.js';
import { bytesToHex } from '../../../src/encoding/hex.js';
import { toDerList, type DerInput } from '../../../src/encoding/pem.js';
import { asShirushiError, ShirushiError } from '../../../src/errors/shirushi-error.js';
import { sha1, sha256 } from '../../../src/hash/sha.js';
import { readName } from './dn.js';
import { extensionName, readExtensions } from './extensions.js';
import { HASH_ALGORITHMS, SIGNATURE_ALGORITHMS } from '../../../src/certificate/oids.js';
import { readPublicKey } from './public-key.js';
import type { CertificateInfo, RawExtension, SignatureAlgorithm } from '../../../src/certificate/types.js';

/** PEM labels that hold a plain X.509 certificate. OpenSSL's TRUSTED CERTIFICATE carries extra data. */
export const CERTIFICATE_LABELS = ['CERTIFICATE', 'X509 CERTIFICATE'] as const;

const PSS_OID = '1.2.840.113549.1.1.10';

function readSignatureAlgorithm(algorithm: pkijs.AlgorithmIdentifier): SignatureAlgorithm {
  const oid = algorithm.algorithmId;
  const known = SIGNATURE_ALGORITHMS[oid];
  const result: SignatureAlgorithm = { oid, name: known?.name ?? oid };
  if (known?.hash) result.hash = known.hash;
  if (oid === PSS_OID && algorithm.algorithmParams instanceof asn1js.Sequence) {
    // RSASSA-PSS-params: hashAlgorithm [0] defaults to SHA-1.
    const hashField = algorithm.algorithmParams.valueBlock.value.find(
      (node) => node.idBlock.tagClass === 3 && node.idBlock.tagNumber === 0,
    );
    const hashOid = (hashField as asn1js.Constructed | undefined)?.valueBlock.value[0];
    const inner = hashOid instanceof asn1js.Sequence ? hashOid.valueBlock.value[0] : undefined;
    result.hash =
      inner instanceof asn1js.ObjectIdentifier ? HASH_ALGORITHMS[inner.valueBlock.toString()] : 'SHA-1';
  }
  return result;
}

function readValidity(validity: asn1js.AsnType): { notBefore: Date; notAfter: Date } {
  const times = validity instanceof asn1js.Sequence ? validity.valueBlock.value : [];
  const [notBefore, notAfter] = times.map(readAsn1Time);
  if (!notBefore) throw new ShirushiError('certificate/bad-time', { detail: 'notBefore' });
  if (!notAfter) throw new ShirushiError('certificate/bad-time', { detail: 'notAfter' });
  return { notBefore, notAfter };
}

/** The TBSCertificate fields by position; version and the optional unique IDs shift the indexes. */
function tbsFields(root: asn1js.AsnType) {
  const tbs = (root as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  const hasVersion = fields[0]?.idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0;
  const at = (index: number) => fields[index + (hasVersion ? 1 : 0)]!;
  return { issuer: at(2), validity: at(3), subject: at(4), spki: at(5) };
}

function decodeStructure(der: Uint8Array): { root: asn1js.AsnType; certificate: pkijs.Certificate } {
  const root = decodeDer(der, CERTIFICATE_LIMITS);
  try {
    return { root, certificate: new pkijs.Certificate({ schema: root }) };
  } catch (error) {
    throw asShirushiError(error, 'certificate/not-a-certificate');
  }
}

function readCertificate(der: Uint8Array): CertificateInfo {
  const { root, certificate } = decodeStructure(der);
  const version = certificate.version + 1;
  if (version < 1 || version > 3) throw new ShirushiError('certificate/bad-version', { version });
  const fields = tbsFields(root);
  const extensions: RawExtension[] = (certificate.extensions ?? []).map((extension) => {
    const raw: RawExtension = {
      oid: extension.extnID,
      critical: extension.critical,
      value: new Uint8Array(extension.extnValue.valueBlock.valueHexView),
    };
    const name = extensionName(extension.extnID);
    if (name) raw.name = name;
    return raw;
  });
  const parsed = readExtensions(extensions);
  const subject = readName(fields.subject, 'subject');
  const issuer = readName(fields.issuer, 'issuer');
  let serial = certificate.serialNumber.valueBlock.valueHexView;
  if (serial.length > 1 && serial[0] === 0 && serial[1]! >= 0x80) serial = serial.subarray(1);
  return {
    version,
    serialNumber: bytesToHex(serial),
    subject,
    issuer,
    validity: readValidity(fields.validity),
    publicKey: readPublicKey(fields.spki),
    signatureAlgorithm: readSignatureAlgorithm(certificate.signatureAlgorithm),
    fingerprints: { sha256: bytesToHex(sha256(der)), sha1: bytesToHex(sha1(der)) },
    ...parsed,
    selfIssued: subject.rfc4514 === issuer.rfc4514,
    extensions,
    der,
  };
}

function parseOne(der: Uint8Array): CertificateInfo {
  try {
    return readCertificate(der);
  } catch (error) {
    throw asShirushiError(error, 'certificate/not-a-certificate');
  }
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
