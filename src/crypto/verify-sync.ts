/**
 * Synchronous signature verification for the algorithms CSRs are signed with, so `parseCsr` can say whether
 * a request's proof of possession holds without awaiting WebCrypto: RSASSA-PKCS1-v1_5 (SHA-1/256/384/512)
 * and ECDSA on P-256 and P-384 (SHA-1/256/384/512). Everything else is `unsupported` here; the async
 * `verifySignature` (WebCrypto) handles RSA-PSS, Ed25519 and P-521.
 *
 * Plain bigint arithmetic, not constant-time. That is fine for what it is used for: a CSR signature only
 * proves possession of the key in the request, and the request, key and signature are all public data;
 * there is no secret for timing to leak. Work is bounded: moduli over 16384 bits and public exponents over
 * 2^32 are refused as `unsupported`.
 */
import {
  childrenOf,
  expectTlv,
  readBigIntegerAt,
  readBitStringAt,
  readOidAt,
  readTlv,
  TAG,
  type Tlv,
} from '../asn1/reader.js';
import { NAMED_CURVES } from '../certificate/oids.js';
import { bytesToHex } from '../encoding/hex.js';
import { sha1, sha256, sha384, sha512 } from '../hash/sha.js';
import {
  ECDSA,
  EC_PUBLIC_KEY,
  isNullOrAbsent,
  RSA_ENCRYPTION,
  RSA_PKCS1,
  type VerifyOutcome,
} from './verify.js';
import { readAlgorithmAt, type AlgorithmRef } from '../asn1/algorithm.js';

const HASHES: Record<string, (data: Uint8Array) => Uint8Array> = {
  'SHA-1': sha1,
  'SHA-256': sha256,
  'SHA-384': sha384,
  'SHA-512': sha512,
};

/** DER DigestInfo up to the digest itself (RFC 8017 9.2 note 1), parameters NULL as the RFC writes them. */
const DIGEST_INFO_PREFIX: Record<string, string> = {
  'SHA-1': '3021300906052b0e03021a05000414',
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

const MAX_RSA_BITS = 16384;
const MAX_RSA_EXPONENT = 1n << 32n;

interface Curve {
  p: bigint;
  /** The group order. */
  n: bigint;
  /** a is -3 for both curves. */
  b: bigint;
  gx: bigint;
  gy: bigint;
  /** Field element size in bytes. */
  size: number;
}

/** SEC 2 v2 2.4.2 and 2.5.1 (= FIPS 186-4 D.1.2.3 and D.1.2.4). */
const CURVES: Record<string, Curve> = {
  'P-256': {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    size: 32,
  },
  'P-384': {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    size: 48,
  },
};

// ---- bigint helpers ----

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** base^exponent mod m by square-and-multiply (right to left). */
function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let result = 1n;
  base = mod(base, m);
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % m;
    exponent >>= 1n;
    if (exponent > 0n) base = (base * base) % m;
  }
  return result;
}

/** a^-1 mod m by the extended Euclidean algorithm; m is prime here and a not a multiple of it. */
function invert(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError('not invertible');
  return mod(s0, m);
}

// ---- SubjectPublicKeyInfo ----

interface Spki {
  algorithm: AlgorithmRef;
  /** The subjectPublicKey BIT STRING's bits (unused bits checked to be 0). */
  key: Uint8Array;
}

function readSpki(spki: Uint8Array): Spki {
  const outer = expectTlv(spki, 0, spki.length, TAG.SEQUENCE, 'SubjectPublicKeyInfo');
  if (outer.end !== spki.length) throw new TypeError('bytes after SubjectPublicKeyInfo');
  const [algorithm, key, extra] = childrenOf(spki, outer, 3);
  if (!algorithm || !key || extra) throw new TypeError('SubjectPublicKeyInfo');
  const { bits, unused } = readBitStringAt(spki, key);
  if (unused !== 0) throw new TypeError('subjectPublicKey has unused bits');
  return { algorithm: readAlgorithmAt(spki, algorithm), key: bits };
}

// ---- RSASSA-PKCS1-v1_5 ----

/**
 * RFC 8017 8.2.2: RSAVP1 then a byte-for-byte comparison with the EMSA-PKCS1-v1_5 encoding rebuilt from the
 * hash, so nothing in the recovered block is parsed (no room for lax-parsing forgeries).
 */
function verifyRsa(key: Uint8Array, hash: string, data: Uint8Array, signature: Uint8Array): VerifyOutcome {
  // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  const outer = expectTlv(key, 0, key.length, TAG.SEQUENCE, 'RSAPublicKey');
  if (outer.end !== key.length) return 'invalid';
  const [modulusTlv, exponentTlv, extra] = childrenOf(key, outer, 3);
  if (!modulusTlv || !exponentTlv || extra) return 'invalid';
  const n = readBigIntegerAt(key, modulusTlv);
  const e = readBigIntegerAt(key, exponentTlv);
  if (n <= 0n || e <= 0n) return 'invalid';
  const bits = bitLength(n);
  if (bits > MAX_RSA_BITS || e > MAX_RSA_EXPONENT) return 'unsupported';
  // An even modulus or exponent, or e = 1, is no RSA key; WebCrypto refuses to import such keys too.
  if ((n & 1n) === 0n || e < 3n || (e & 1n) === 0n) return 'invalid';

  const k = Math.ceil(bits / 8);
  if (signature.length !== k) return 'invalid';
  const s = toBigInt(signature);
  if (s >= n) return 'invalid';
  const recovered = modPow(s, e, n)
    .toString(16)
    .padStart(k * 2, '0');

  const digestInfo = DIGEST_INFO_PREFIX[hash]! + bytesToHex(HASHES[hash]!(data));
  const padding = k * 2 - digestInfo.length - 6;
  // At least 8 bytes of FF (RFC 8017 9.2 step 4): a modulus too short for this hash verifies nothing.
  if (padding < 16) return 'invalid';
  const expected = `0001${'f'.repeat(padding)}00${digestInfo}`;
  let difference = recovered.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= recovered.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0 ? 'valid' : 'invalid';
}

// ---- ECDSA ----

/** A point in Jacobian coordinates (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity. */
type Point = readonly [bigint, bigint, bigint];

/** 2P with a = -3 (dbl-2001-b). Infinity and points with y = 0 come out as infinity. */
function double([x, y, z]: Point, p: bigint): Point {
  if (z === 0n) return [1n, 1n, 0n];
  const delta = mod(z * z, p);
  const gamma = mod(y * y, p);
  const beta = mod(x * gamma, p);
  const alpha = mod(3n * (x - delta) * (x + delta), p);
  const x3 = mod(alpha * alpha - 8n * beta, p);
  const z3 = mod((y + z) * (y + z) - gamma - delta, p);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, p);
  return [x3, y3, z3];
}

/** P + Q for any P and Q, including infinity, Q = P and Q = -P (add-1998-cmo-2). */
function add(a: Point, b: Point, p: bigint): Point {
  const [x1, y1, z1] = a;
  const [x2, y2, z2] = b;
  if (z1 === 0n) return b;
  if (z2 === 0n) return a;
  const z1z1 = mod(z1 * z1, p);
  const z2z2 = mod(z2 * z2, p);
  const u1 = mod(x1 * z2z2, p);
  const u2 = mod(x2 * z1z1, p);
  const s1 = mod(y1 * z2 * z2z2, p);
  const s2 = mod(y2 * z1 * z1z1, p);
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  if (h === 0n) return r === 0n ? double(a, p) : [1n, 1n, 0n];
  const hh = mod(h * h, p);
  const hhh = mod(hh * h, p);
  const v = mod(u1 * hh, p);
  const x3 = mod(r * r - hhh - 2n * v, p);
  const y3 = mod(r * (v - x3) - s1 * hhh, p);
  const z3 = mod(h * z1 * z2, p);
  return [x3, y3, z3];
}

/** u1·G + u2·Q with one pass over the bits (Shamir's trick); the result stays in Jacobian coordinates. */
function twoMultiply(u1: bigint, g: Point, u2: bigint, q: Point, p: bigint): Point {
  const table: Point[] = [[1n, 1n, 0n], g, q, add(g, q, p)];
  let result: Point = [1n, 1n, 0n];
  for (let bit = BigInt(Math.max(bitLength(u1), bitLength(u2)) - 1); bit >= 0n; bit--) {
    result = double(result, p);
    const index = Number(((u1 >> bit) & 1n) | (((u2 >> bit) & 1n) << 1n));
    if (index) result = add(result, table[index]!, p);
  }
  return result;
}

/** The public point from SEC 1 2.3.4 (uncompressed or compressed), checked to be on the curve. */
function readPoint(key: Uint8Array, curve: Curve): Point | undefined {
  const { p, b, size } = curve;
  const rhs = (x: bigint) => mod(x * x * x - 3n * x + b, p);
  if (key.length === 1 + 2 * size && key[0] === 0x04) {
    const x = toBigInt(key.subarray(1, 1 + size));
    const y = toBigInt(key.subarray(1 + size));
    if (x >= p || y >= p || mod(y * y, p) !== rhs(x)) return undefined;
    return [x, y, 1n];
  }
  if (key.length === 1 + size && (key[0] === 0x02 || key[0] === 0x03)) {
    const x = toBigInt(key.subarray(1));
    if (x >= p) return undefined;
    const alpha = rhs(x);
    // p ≡ 3 (mod 4) for both curves, so a square root is alpha^((p+1)/4).
    let y = modPow(alpha, (p + 1n) / 4n, p);
    if (mod(y * y, p) !== alpha) return undefined;
    if (Number(y & 1n) !== (key[0] & 1)) y = mod(-y, p);
    return [x, y, 1n];
  }
  return undefined;
}

/** A DER INTEGER's value if it is minimally encoded and positive. */
function readPositiveInteger(bytes: Uint8Array, tlv: Tlv): bigint | undefined {
  if (tlv.tag !== TAG.INTEGER || tlv.end === tlv.content) return undefined;
  const first = bytes[tlv.content]!;
  if (tlv.end - tlv.content > 1 && first === 0 && bytes[tlv.content + 1]! < 0x80) return undefined;
  if (first & 0x80) return undefined;
  return readBigIntegerAt(bytes, tlv);
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }, strict DER. */
function readEcdsaSignature(signature: Uint8Array): [bigint, bigint] | undefined {
  const outer = readTlv(signature, 0, signature.length);
  if (outer.tag !== TAG.SEQUENCE || outer.end !== signature.length) return undefined;
  const parts = childrenOf(signature, outer, 3);
  if (parts.length !== 2) return undefined;
  const r = readPositiveInteger(signature, parts[0]!);
  const s = readPositiveInteger(signature, parts[1]!);
  return r === undefined || s === undefined ? undefined : [r, s];
}

/** FIPS 186-4 6.4.2 (= SEC 1 4.1.4). */
function verifyEcdsa(
  point: Point,
  curve: Curve,
  hash: string,
  data: Uint8Array,
  signature: Uint8Array,
): VerifyOutcome {
  const { n, p } = curve;
  const rs = readEcdsaSignature(signature);
  if (!rs) return 'invalid';
  const [r, s] = rs;
  if (r < 1n || r >= n || s < 1n || s >= n) return 'invalid';
  // e: the leftmost bitlen(n) bits of the hash (matters for SHA-512 on P-256 and P-384).
  const digest = HASHES[hash]!(data);
  const excess = digest.length * 8 - bitLength(n);
  const e = excess > 0 ? toBigInt(digest) >> BigInt(excess) : toBigInt(digest);
  const w = invert(s, n);
  const u1 = mod(e * w, n);
  const u2 = mod(r * w, n);
  const [x, , z] = twoMultiply(u1, [curve.gx, curve.gy, 1n], u2, point, p);
  if (z === 0n) return 'invalid';
  const zInverse = invert(z, p);
  const affineX = mod(x * zInverse * zInverse, p);
  return mod(affineX, n) === r ? 'valid' : 'invalid';
}

// ---- entry point ----

/**
 * Verifies `signature` over `data` with the key in `spki` (DER SubjectPublicKeyInfo), synchronously.
 * `valid` or `invalid` for RSASSA-PKCS1-v1_5 with SHA-1/256/384/512 and ECDSA on P-256/P-384 with
 * SHA-1/256/384/512 (the same key/algorithm pairings `verifySignature` accepts); `unsupported` for anything
 * else (RSA-PSS, Ed25519, P-521, other curves, RSA moduli over 16384 bits or exponents over 2^32), which
 * the async `verifySignature` may still check. Malformed keys or signatures are `invalid`; never throws.
 * Not constant-time: meant for public data such as a CSR's proof of possession.
 */
export function verifySignatureSync(
  spki: Uint8Array,
  algorithm: AlgorithmRef,
  data: Uint8Array,
  signature: Uint8Array,
): VerifyOutcome {
  try {
    return verify(spki, algorithm, data, signature);
  } catch {
    return 'invalid';
  }
}

function verify(
  spki: Uint8Array,
  algorithm: AlgorithmRef,
  data: Uint8Array,
  signature: Uint8Array,
): VerifyOutcome {
  const { algorithm: keyAlgorithm, key } = readSpki(spki);

  const pkcs1Hash = RSA_PKCS1[algorithm.oid];
  if (pkcs1Hash) {
    if (keyAlgorithm.oid !== RSA_ENCRYPTION || !isNullOrAbsent(algorithm.parameters)) return 'unsupported';
    return verifyRsa(key, pkcs1Hash, data, signature);
  }

  const ecdsaHash = ECDSA[algorithm.oid];
  if (ecdsaHash) {
    if (keyAlgorithm.oid !== EC_PUBLIC_KEY || !keyAlgorithm.parameters || algorithm.parameters)
      return 'unsupported';
    const parameters = keyAlgorithm.parameters;
    const curveOid = readOidAt(parameters, readTlv(parameters, 0, parameters.length));
    const curve = CURVES[NAMED_CURVES[curveOid]?.name ?? ''];
    if (!curve) return 'unsupported';
    const point = readPoint(key, curve);
    if (!point) return 'invalid';
    return verifyEcdsa(point, curve, ecdsaHash, data, signature);
  }

  return 'unsupported';
}
