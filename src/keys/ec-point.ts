/**
 * The public point Q = d·G of a NIST prime curve, for EC private keys stored without it (`openssl ec
 * -no_public`): Firefox cannot import such keys nor derive the point itself. Runs once per import, in
 * Jacobian coordinates with bigint arithmetic; not constant-time, which is acceptable for a one-off
 * computation on the user's own key in their own browser.
 */
/** The named curves WebCrypto supports for ECDSA and ECDH keys. */
export type CurveName = 'P-256' | 'P-384' | 'P-521';

interface Curve {
  p: bigint;
  gx: bigint;
  gy: bigint;
  size: number;
}

const CURVES: Record<CurveName, Curve> = {
  'P-256': {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    size: 32,
  },
  'P-384': {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    size: 48,
  },
  'P-521': {
    p: (1n << 521n) - 1n,
    gx: 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    gy: 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
    size: 66,
  },
};

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function toBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

function modPow(base: bigint, exponent: bigint, p: bigint): bigint {
  let result = 1n;
  for (base %= p; exponent > 0n; exponent >>= 1n, base = (base * base) % p) {
    if (exponent & 1n) result = (result * base) % p;
  }
  return result;
}

/** The uncompressed point 04 || x || y of `scalar`·G, or undefined for a zero scalar. */
export function publicPoint(curveName: CurveName, scalar: Uint8Array): Uint8Array | undefined {
  const { p, gx, gy, size } = CURVES[curveName];
  const d = toBigInt(scalar);
  if (d === 0n) return undefined;
  const m = (a: bigint) => ((a % p) + p) % p;
  let [x, y, z] = [gx, gy, 1n];
  for (let bit = BigInt(d.toString(2).length - 2); bit >= 0n; bit--) {
    // Doubling with a = -3 (dbl-2001-b).
    const delta = m(z * z);
    const gamma = m(y * y);
    const beta = m(x * gamma);
    const alpha = m(3n * (x - delta) * (x + delta));
    const x3 = m(alpha * alpha - 8n * beta);
    z = m((y + z) * (y + z) - gamma - delta);
    y = m(alpha * (4n * beta - x3) - 8n * gamma * gamma);
    x = x3;
    if (((d >> bit) & 1n) === 0n) continue;
    // Mixed addition of G (madd-2007-bl). d < n keeps the operands distinct and finite.
    const z1z1 = m(z * z);
    const u2 = m(gx * z1z1);
    const s2 = m(gy * z * z1z1);
    const h = m(u2 - x);
    if (h === 0n) return undefined;
    const hh = m(h * h);
    const i = m(4n * hh);
    const j = m(h * i);
    const r = m(2n * (s2 - y));
    const v = m(x * i);
    const x3a = m(r * r - j - 2n * v);
    const y3a = m(r * (v - x3a) - 2n * y * j);
    z = m((z + h) * (z + h) - z1z1 - hh);
    x = x3a;
    y = y3a;
  }
  if (z === 0n) return undefined;
  const zInverse = modPow(z, p - 2n, p);
  const zInverse2 = m(zInverse * zInverse);
  const out = new Uint8Array(1 + 2 * size);
  out[0] = 0x04;
  out.set(toBytes(m(x * zInverse2), size), 1);
  out.set(toBytes(m(y * zInverse2 * zInverse), size), 1 + size);
  return out;
}
