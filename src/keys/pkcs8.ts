/**
 * Unencrypted private-key structures: PKCS#8 PrivateKeyInfo (RFC 5208 / 5958), PKCS#1 RSAPrivateKey
 * (RFC 8017) and SEC1 ECPrivateKey (RFC 5915). Each is normalised into the PKCS#8 that every WebCrypto
 * implementation imports, with the SubjectPublicKeyInfo of the matching public key when the structure holds it.
 */
import {
  TAG,
  childrenOf,
  contentBytes,
  contextTag,
  elementBytes,
  readBitStringAt,
  readOidAt,
  readSmallIntegerAt,
  readTlv,
  type Tlv,
} from '../asn1/reader.js';
import {
  algorithmIdentifier,
  bitString,
  contextSpecific,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
} from '../asn1/writer.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { publicPoint, type CurveName } from './ec-point.js';

export const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  dsa: '1.2.840.10040.4.1',
} as const;

export type { CurveName };

/** Named curves WebCrypto can import, by OID, with the size of a scalar in bytes. */
export const CURVES: Record<string, { name: CurveName; size: number }> = {
  '1.2.840.10045.3.1.7': { name: 'P-256', size: 32 },
  '1.3.132.0.34': { name: 'P-384', size: 48 },
  '1.3.132.0.35': { name: 'P-521', size: 66 },
};

const CURVE_OIDS: Record<CurveName, string> = {
  'P-256': '1.2.840.10045.3.1.7',
  'P-384': '1.3.132.0.34',
  'P-521': '1.3.132.0.35',
};

const ALGORITHM_NAMES: Record<string, string> = {
  [OID.rsassaPss]: 'RSASSA-PSS',
  [OID.ed25519]: 'Ed25519',
  [OID.ed448]: 'Ed448',
  [OID.x25519]: 'X25519',
  [OID.dsa]: 'DSA',
};

/** A private key ready for `crypto.subtle.importKey('pkcs8', ...)`. */
export interface DecodedPrivateKey {
  algorithm: 'RSA' | 'ECDSA';
  /** Normalised PKCS#8 PrivateKeyInfo. */
  pkcs8: Uint8Array;
  /** The public key, when the structure carries it (always for RSA; for EC when `publicKey` is present). */
  spki?: Uint8Array;
  curve?: CurveName;
  /** RSA modulus size in bits. */
  bits?: number;
}

function malformed(detail: string): ShirushiError {
  return new ShirushiError('key/malformed', { detail });
}

/** The outer element, which must fill `der` exactly. */
export function outer(der: Uint8Array, what: string): Tlv {
  const top = readTlv(der, 0, der.length);
  if (top.tag !== TAG.SEQUENCE) throw malformed(`${what}: not a SEQUENCE`);
  if (top.end !== der.length) throw malformed(`${what}: ${der.length - top.end} bytes after the structure`);
  return top;
}

function expect(node: Tlv | undefined, tag: number, what: string): Tlv {
  if (!node || node.tag !== tag) throw malformed(what);
  return node;
}

/** Reads PKCS#8 PrivateKeyInfo / OneAsymmetricKey (version 0 or 1). */
export function readPrivateKeyInfo(der: Uint8Array): DecodedPrivateKey {
  const fields = childrenOf(der, outer(der, 'PrivateKeyInfo'));
  const version = readSmallIntegerAt(der, expect(fields[0], TAG.INTEGER, 'PrivateKeyInfo version'));
  if (version > 1) throw malformed(`PrivateKeyInfo version ${version}`);
  const algorithm = childrenOf(der, expect(fields[1], TAG.SEQUENCE, 'PrivateKeyInfo algorithm'));
  const algorithmOid = readOidAt(der, expect(algorithm[0], TAG.OID, 'PrivateKeyInfo algorithm OID'));
  const privateKey = contentBytes(der, expect(fields[2], TAG.OCTET_STRING, 'PrivateKeyInfo privateKey'));
  for (const extra of fields.slice(3)) {
    if (extra.tag !== contextTag(0, true) && extra.tag !== contextTag(1, false)) {
      throw malformed('PrivateKeyInfo: unexpected field');
    }
  }
  if (algorithmOid === OID.rsaEncryption) {
    const parameters = algorithm[1];
    if (
      algorithm.length > 2 ||
      (parameters && (parameters.tag !== TAG.NULL || parameters.end !== parameters.content))
    ) {
      throw malformed('rsaEncryption parameters must be NULL');
    }
    return readRsaPrivateKey(privateKey);
  }
  if (algorithmOid === OID.ecPublicKey) {
    const parameters = algorithm[1];
    if (algorithm.length !== 2 || parameters?.tag !== TAG.OID) {
      throw new ShirushiError('key/unsupported-curve', { curve: 'explicit or implicit curve parameters' });
    }
    return readEcPrivateKey(privateKey, readOidAt(der, parameters));
  }
  throw new ShirushiError('key/unsupported-algorithm', {
    algorithm: ALGORITHM_NAMES[algorithmOid] ?? algorithmOid,
  });
}

/** Reads PKCS#1 RSAPrivateKey (two primes) and wraps it in PKCS#8. */
export function readRsaPrivateKey(der: Uint8Array): DecodedPrivateKey {
  const fields = childrenOf(der, outer(der, 'RSAPrivateKey'));
  const version = readSmallIntegerAt(der, expect(fields[0], TAG.INTEGER, 'RSAPrivateKey version'));
  if (version !== 0 || fields.length !== 9) {
    throw new ShirushiError('key/unsupported-algorithm', { algorithm: 'multi-prime RSA' });
  }
  fields.forEach((field, i) => expect(field, TAG.INTEGER, `RSAPrivateKey field ${i}`));
  const [n, e] = [fields[1]!, fields[2]!];
  for (const value of fields.slice(1)) {
    if (value.end === value.content || (der[value.content]! & 0x80) !== 0) {
      throw malformed('RSAPrivateKey: negative or empty integer');
    }
  }
  const modulus = contentBytes(der, n);
  let first = 0;
  while (first < modulus.length && modulus[first] === 0) first++;
  const bits = first === modulus.length ? 0 : (modulus.length - first) * 8 - Math.clz32(modulus[first]!) + 24;
  if (bits < 256) throw malformed(`RSA modulus of ${bits} bits`);
  const rsaAlgorithm = algorithmIdentifier(OID.rsaEncryption, nullValue());
  const publicKey = sequence(elementBytes(der, n), elementBytes(der, e));
  return {
    algorithm: 'RSA',
    pkcs8: sequence(integer(0), rsaAlgorithm, octetString(der)),
    spki: sequence(rsaAlgorithm, bitString(publicKey)),
    bits,
  };
}

/**
 * Reads SEC1 ECPrivateKey and wraps it in PKCS#8. `curveOid` comes from the PKCS#8 algorithm; a SEC1 key
 * on its own names its curve in `[0] parameters`.
 */
export function readEcPrivateKey(der: Uint8Array, curveOid?: string): DecodedPrivateKey {
  const fields = childrenOf(der, outer(der, 'ECPrivateKey'));
  const version = readSmallIntegerAt(der, expect(fields[0], TAG.INTEGER, 'ECPrivateKey version'));
  if (version !== 1) throw malformed(`ECPrivateKey version ${version}`);
  const scalar = contentBytes(der, expect(fields[1], TAG.OCTET_STRING, 'ECPrivateKey privateKey'));
  let innerCurve: string | undefined;
  let point: Uint8Array | undefined;
  for (const field of fields.slice(2)) {
    if (field.tag === contextTag(0, true)) {
      const parameters = childrenOf(der, field);
      if (parameters.length !== 1 || parameters[0]!.tag !== TAG.OID) {
        throw new ShirushiError('key/unsupported-curve', { curve: 'explicit curve parameters' });
      }
      innerCurve = readOidAt(der, parameters[0]!);
    } else if (field.tag === contextTag(1, true)) {
      const children = childrenOf(der, field);
      if (children.length !== 1) throw malformed('ECPrivateKey publicKey');
      const { bits, unused } = readBitStringAt(der, children[0]!);
      if (unused !== 0) throw malformed('ECPrivateKey publicKey');
      point = bits;
    } else {
      throw malformed('ECPrivateKey: unexpected field');
    }
  }
  if (curveOid !== undefined && innerCurve !== undefined && curveOid !== innerCurve) {
    throw malformed('the curves of PrivateKeyInfo and ECPrivateKey differ');
  }
  const chosen = curveOid ?? innerCurve;
  if (chosen === undefined) throw new ShirushiError('key/unsupported-curve', { curve: 'none named' });
  const curve = CURVES[chosen];
  if (!curve) throw new ShirushiError('key/unsupported-curve', { curve: chosen });
  // Some encoders drop leading zero bytes of the scalar; SEC1 and WebCrypto want the full field size.
  let start = 0;
  while (scalar.length - start > curve.size && scalar[start] === 0) start++;
  const trimmed = scalar.subarray(start);
  if (trimmed.length === 0 || trimmed.length > curve.size || trimmed.every((byte) => byte === 0)) {
    throw malformed('EC private scalar out of range');
  }
  const padded = new Uint8Array(curve.size);
  padded.set(trimmed, curve.size - trimmed.length);
  if (point !== undefined && (point.length !== 1 + 2 * curve.size || point[0] !== 0x04)) {
    // Compressed points are legal in SEC1 but WebCrypto cannot import them inside PKCS#8; leave the point out.
    if ((point[0] === 0x02 || point[0] === 0x03) && point.length === 1 + curve.size) point = undefined;
    else throw malformed('EC public point');
  }
  // Keys stored without their point (`openssl ec -no_public`) get it computed: Firefox imports EC PKCS#8
  // only with the point, and the CSR needs the public key anyway.
  point ??= publicPoint(curve.name, padded);
  return {
    algorithm: 'ECDSA',
    curve: curve.name,
    ...ecKeyPair(curve.name, padded, point),
  };
}

/** PKCS#8 (and SPKI when the point is known) for an EC key. */
export function ecKeyPair(
  curve: CurveName,
  scalar: Uint8Array,
  point?: Uint8Array,
): { pkcs8: Uint8Array; spki?: Uint8Array } {
  const ecAlgorithm = algorithmIdentifier(OID.ecPublicKey, oid(CURVE_OIDS[curve]));
  const inner = sequence(
    integer(1),
    octetString(scalar),
    ...(point ? [contextSpecific(1, true, bitString(point))] : []),
  );
  return {
    pkcs8: sequence(integer(0), ecAlgorithm, octetString(inner)),
    ...(point && { spki: sequence(ecAlgorithm, bitString(point)) }),
  };
}

/** Which of the four structures DER without a PEM label holds, by the shape of its first fields. */
export function sniffKeyStructure(der: Uint8Array): 'encrypted' | 'pkcs8' | 'pkcs1' | 'sec1' {
  const fields = childrenOf(der, outer(der, 'private key'));
  const [a, b] = [fields[0], fields[1]];
  if (a?.tag === TAG.SEQUENCE && b?.tag === TAG.OCTET_STRING && fields.length === 2) return 'encrypted';
  if (a?.tag === TAG.INTEGER && b?.tag === TAG.SEQUENCE) return 'pkcs8';
  if (a?.tag === TAG.INTEGER && b?.tag === TAG.INTEGER) return 'pkcs1';
  if (a?.tag === TAG.INTEGER && b?.tag === TAG.OCTET_STRING) return 'sec1';
  throw malformed('not a private key structure');
}
