/**
 * The emulated card's cryptography, browser- and node-safe: WebCrypto generates RSA keys and does AES,
 * BigInt does what a card does but WebCrypto cannot (raw RSA on a caller-padded block, ECDSA over a
 * caller-supplied hash, ECDH), and 3DES comes from the PKCS#12 code. Test tool only: not constant time.
 */
import { tripleDesBlock, tripleDesKey } from '../../../src/pkcs12/des.js';
import { base64UrlToBytes, bigIntToBytes, bytesToBigInt, concat, randomBytes } from './bytes.js';

// ---------------------------------------------------------------------------------------------- BigInt

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

export function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [mod(a, m), m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new RangeError('not invertible');
  return mod(oldS, m);
}

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** A uniformly random integer in [1, n - 1]. */
function randomScalar(n: bigint): bigint {
  const length = Math.ceil(bitLength(n) / 8) + 8;
  for (;;) {
    const k = mod(bytesToBigInt(randomBytes(length)), n);
    if (k !== 0n) return k;
  }
}

// ------------------------------------------------------------------------------------------------- RSA

export interface RsaPrivateKey {
  kind: 'rsa';
  bits: number;
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qi: bigint;
}

export async function generateRsaKey(bits: number): Promise<RsaPrivateKey> {
  const pair = await crypto.subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: bits,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  const big = (field: string | undefined): bigint => {
    if (!field) throw new Error('WebCrypto exported an incomplete RSA key');
    return bytesToBigInt(base64UrlToBytes(field));
  };
  return {
    kind: 'rsa',
    bits,
    n: big(jwk.n),
    e: big(jwk.e),
    d: big(jwk.d),
    p: big(jwk.p),
    q: big(jwk.q),
    dp: big(jwk.dp),
    dq: big(jwk.dq),
    qi: big(jwk.qi),
  };
}

/** Raw RSA private operation (m^d mod n, by CRT) on a block exactly as long as the modulus. */
export function rsaPrivate(key: RsaPrivateKey, block: Uint8Array): Uint8Array {
  const size = key.bits / 8;
  const c = bytesToBigInt(block);
  if (block.length !== size || c >= key.n) throw new RangeError('input is not a block below the modulus');
  const m1 = modPow(c, key.dp, key.p);
  const m2 = modPow(c, key.dq, key.q);
  const h = mod(key.qi * (m1 - m2), key.p);
  return bigIntToBytes(m2 + h * key.q, size);
}

/** EMSA-PKCS1-v1_5 encoding of a DigestInfo (RFC 8017 9.2 steps 3-5), then the private operation. */
export function rsaPkcs1Sign(key: RsaPrivateKey, digestInfo: Uint8Array): Uint8Array {
  const size = key.bits / 8;
  if (digestInfo.length > size - 11) throw new RangeError('DigestInfo too long for the key');
  const block = new Uint8Array(size).fill(0xff);
  block[0] = 0;
  block[1] = 1;
  block[size - digestInfo.length - 1] = 0;
  block.set(digestInfo, size - digestInfo.length);
  return rsaPrivate(key, block);
}

// -------------------------------------------------------------------------------------------------- EC

export type CurveName = 'P-256' | 'P-384';

export interface Curve {
  name: CurveName;
  size: number;
  p: bigint;
  b: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
  /** DER OID contents (without tag and length). */
  oid: Uint8Array;
}

export const CURVES: Record<CurveName, Curve> = {
  'P-256': {
    name: 'P-256',
    size: 32,
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    oid: Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07),
  },
  'P-384': {
    name: 'P-384',
    size: 48,
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    oid: Uint8Array.of(0x2b, 0x81, 0x04, 0x00, 0x22),
  },
};

/** Jacobian coordinates; z = 0 is the point at infinity. */
type Point = [bigint, bigint, bigint];

function pointDouble([x, y, z]: Point, p: bigint): Point {
  if (y === 0n || z === 0n) return [1n, 1n, 0n];
  // a = -3 for both curves.
  const delta = (z * z) % p;
  const gamma = (y * y) % p;
  const beta = (x * gamma) % p;
  const alpha = mod(3n * (x - delta) * (x + delta), p);
  const x3 = mod(alpha * alpha - 8n * beta, p);
  const z3 = mod((y + z) * (y + z) - gamma - delta, p);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, p);
  return [x3, y3, z3];
}

function pointAdd(a: Point, b: Point, p: bigint): Point {
  if (a[2] === 0n) return b;
  if (b[2] === 0n) return a;
  const z1z1 = (a[2] * a[2]) % p;
  const z2z2 = (b[2] * b[2]) % p;
  const u1 = (a[0] * z2z2) % p;
  const u2 = (b[0] * z1z1) % p;
  const s1 = (a[1] * b[2] * z2z2) % p;
  const s2 = (b[1] * a[2] * z1z1) % p;
  if (u1 === u2) return s1 === s2 ? pointDouble(a, p) : [1n, 1n, 0n];
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const hh = (h * h) % p;
  const hhh = (hh * h) % p;
  const x3 = mod(r * r - hhh - 2n * u1 * hh, p);
  const y3 = mod(r * (u1 * hh - x3) - s1 * hhh, p);
  const z3 = (h * a[2] * b[2]) % p;
  return [x3, y3, z3];
}

function scalarMultiply(k: bigint, point: Point, p: bigint): Point {
  let result: Point = [1n, 1n, 0n];
  for (let bit = bitLength(k) - 1; bit >= 0; bit--) {
    result = pointDouble(result, p);
    if ((k >> BigInt(bit)) & 1n) result = pointAdd(result, point, p);
  }
  return result;
}

function toAffine([x, y, z]: Point, p: bigint): [bigint, bigint] {
  if (z === 0n) throw new RangeError('point at infinity');
  const zi = modInverse(z, p);
  const zi2 = (zi * zi) % p;
  return [(x * zi2) % p, (y * zi2 * zi) % p];
}

export function isOnCurve(curve: Curve, x: bigint, y: bigint): boolean {
  const { p, b } = curve;
  return x < p && y < p && mod(y * y - (x * x * x - 3n * x + b), p) === 0n;
}

export interface EcPrivateKey {
  kind: 'ec';
  curve: Curve;
  d: bigint;
  /** Uncompressed point 04 || x || y. */
  publicPoint: Uint8Array;
}

export function ecKeyFromScalar(curve: Curve, d: bigint): EcPrivateKey {
  const [x, y] = toAffine(scalarMultiply(d, [curve.gx, curve.gy, 1n], curve.p), curve.p);
  return {
    kind: 'ec',
    curve,
    d,
    publicPoint: concat(Uint8Array.of(4), bigIntToBytes(x, curve.size), bigIntToBytes(y, curve.size)),
  };
}

export function generateEcKey(curveName: CurveName): EcPrivateKey {
  const curve = CURVES[curveName];
  return ecKeyFromScalar(curve, randomScalar(curve.n));
}

/** ECDSA over a hash the caller computed (FIPS 186-4 6.4: its leftmost bits when longer than the order). */
export function ecdsaSign(key: EcPrivateKey, hash: Uint8Array): { r: bigint; s: bigint } {
  const { n, p, gx, gy } = key.curve;
  const excess = hash.length * 8 - bitLength(n);
  const e = mod(excess > 0 ? bytesToBigInt(hash) >> BigInt(excess) : bytesToBigInt(hash), n);
  for (;;) {
    const k = randomScalar(n);
    const [x] = toAffine(scalarMultiply(k, [gx, gy, 1n], p), p);
    const r = mod(x, n);
    if (r === 0n) continue;
    const s = mod(modInverse(k, n) * (e + r * key.d), n);
    if (s !== 0n) return { r, s };
  }
}

/** r || s, each as long as the curve's field (the OpenPGP card and WebCrypto form). */
export function ecdsaRaw(key: EcPrivateKey, signature: { r: bigint; s: bigint }): Uint8Array {
  return concat(bigIntToBytes(signature.r, key.curve.size), bigIntToBytes(signature.s, key.curve.size));
}

function derInteger(value: bigint): Uint8Array {
  let bytes = bigIntToBytes(value, Math.max(1, Math.ceil(bitLength(value) / 8)));
  if (bytes[0]! & 0x80) bytes = concat(Uint8Array.of(0), bytes);
  return concat(Uint8Array.of(0x02, bytes.length), bytes);
}

/** SEQUENCE { INTEGER r, INTEGER s } (what PIV cards return). */
export function ecdsaDer(signature: { r: bigint; s: bigint }): Uint8Array {
  const body = concat(derInteger(signature.r), derInteger(signature.s));
  const length = body.length < 0x80 ? Uint8Array.of(body.length) : Uint8Array.of(0x81, body.length);
  return concat(Uint8Array.of(0x30), length, body);
}

/** ECDH: the x coordinate of d * peer, peer given as an uncompressed point. */
export function ecdh(key: EcPrivateKey, peer: Uint8Array): Uint8Array {
  const { size, p } = key.curve;
  if (peer.length !== 1 + 2 * size || peer[0] !== 4) throw new RangeError('not an uncompressed point');
  const x = bytesToBigInt(peer.subarray(1, 1 + size));
  const y = bytesToBigInt(peer.subarray(1 + size));
  if (!isOnCurve(key.curve, x, y)) throw new RangeError('point not on the curve');
  const [sx] = toAffine(scalarMultiply(key.d, [x, y, 1n], p), p);
  return bigIntToBytes(sx, size);
}

// ----------------------------------------------------------------------------------- block ciphers (ECB)

export type ManagementAlgorithm = '3des' | 'aes128' | 'aes192' | 'aes256';

export interface BlockCipher {
  blockSize: number;
  encrypt(block: Uint8Array): Promise<Uint8Array>;
  decrypt(block: Uint8Array): Promise<Uint8Array>;
}

export const MANAGEMENT_KEY_LENGTH: Record<ManagementAlgorithm, number> = {
  '3des': 24,
  aes128: 16,
  aes192: 24,
  aes256: 32,
};

/** One block in, one block out, no chaining: what PIV management-key authentication uses. */
export function blockCipher(algorithm: ManagementAlgorithm, key: Uint8Array): BlockCipher {
  if (key.length !== MANAGEMENT_KEY_LENGTH[algorithm])
    throw new RangeError(`${algorithm} key has the wrong length`);
  if (algorithm === '3des') {
    const schedule = tripleDesKey(key);
    const run = (block: Uint8Array, decrypt: boolean): Promise<Uint8Array> => {
      if (block.length !== 8) throw new RangeError('3DES block is 8 bytes');
      const out = block.slice();
      tripleDesBlock(out, 0, schedule, decrypt);
      return Promise.resolve(out);
    };
    return { blockSize: 8, encrypt: (b) => run(b, false), decrypt: (b) => run(b, true) };
  }
  // WebCrypto has no ECB: AES-CBC with a zero IV over one block gives E(block) as its first 16 bytes, and a
  // crafted second block makes CBC decryption end in valid PKCS#7 padding.
  const zeroIv = new Uint8Array(16);
  const keyPromise = crypto.subtle.importKey('raw', key.slice(), 'AES-CBC', false, ['encrypt', 'decrypt']);
  const encrypt = async (block: Uint8Array): Promise<Uint8Array> => {
    if (block.length !== 16) throw new RangeError('AES block is 16 bytes');
    const out = await crypto.subtle.encrypt({ name: 'AES-CBC', iv: zeroIv }, await keyPromise, block.slice());
    return new Uint8Array(out, 0, 16).slice();
  };
  const decrypt = async (block: Uint8Array): Promise<Uint8Array> => {
    if (block.length !== 16) throw new RangeError('AES block is 16 bytes');
    const padding = block.map((b) => b ^ 0x10);
    const tail = await encrypt(padding);
    const out = await crypto.subtle.decrypt(
      { name: 'AES-CBC', iv: zeroIv },
      await keyPromise,
      concat(block, tail).slice(),
    );
    return new Uint8Array(out).slice(0, 16);
  };
  return { blockSize: 16, encrypt, decrypt };
}

export async function sha(
  name: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512',
  data: Uint8Array,
): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(name, data.slice()));
}

export type PrivateKey = RsaPrivateKey | EcPrivateKey;
