/**
 * The PKCS#12 key derivation function (RFC 7292 appendix B.2), used for the MAC key of every PKCS#12 file
 * (modern ones included: OpenSSL 3 derives its HMAC-SHA-256 key this way) and for the keys and IVs of the
 * legacy pbeWithSHAAnd... schemes. WebCrypto has no such KDF; the hashes come from src/hash/sha.ts.
 */
import { sha1, sha256, sha384, sha512 } from '../hash/sha.js';

export type Pkcs12Hash = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** Hash function, output size u and block size v, in bytes. */
const HASHES: Record<Pkcs12Hash, { fn: (data: Uint8Array) => Uint8Array; u: number; v: number }> = {
  'SHA-1': { fn: sha1, u: 20, v: 64 },
  'SHA-256': { fn: sha256, u: 32, v: 64 },
  'SHA-384': { fn: sha384, u: 48, v: 128 },
  'SHA-512': { fn: sha512, u: 64, v: 128 },
};

export function hashSize(hash: Pkcs12Hash): number {
  return HASHES[hash].u;
}

/** Purpose bytes (the "ID" of RFC 7292 B.3). */
export const KDF_KEY = 1;
export const KDF_IV = 2;
export const KDF_MAC = 3;

/**
 * The password as RFC 7292 B.1 wants it: BMPString (UTF-16 big-endian) with a two-byte zero terminator.
 * JavaScript strings are UTF-16 already, so characters outside the BMP become surrogate pairs, as
 * OpenSSL's UTF-8 to BMP conversion writes them.
 */
export function bmpPassword(password: string): Uint8Array {
  const out = new Uint8Array(password.length * 2 + 2);
  for (let i = 0; i < password.length; i++) {
    const unit = password.charCodeAt(i);
    out[2 * i] = unit >> 8;
    out[2 * i + 1] = unit & 0xff;
  }
  return out;
}

/**
 * The password as OpenSSL before 1.1.0 (and some other tools) converted it: each UTF-8 byte taken as one
 * character. Only used as a fallback when the MAC fails with a non-ASCII password.
 */
export function bytewiseBmpPassword(password: string): Uint8Array {
  const bytes = new TextEncoder().encode(password);
  const out = new Uint8Array(bytes.length * 2 + 2);
  bytes.forEach((byte, i) => (out[2 * i + 1] = byte));
  return out;
}

function repeatTo(source: Uint8Array, v: number): Uint8Array {
  if (source.length === 0) return source;
  const out = new Uint8Array(v * Math.ceil(source.length / v));
  for (let i = 0; i < out.length; i++) out[i] = source[i % source.length]!;
  return out;
}

/**
 * Derives `size` bytes for purpose `id` (KDF_KEY, KDF_IV, KDF_MAC) from the BMP password, salt and
 * iteration count. Synchronous: each iteration is one hash of u bytes, so the 2 048 iterations files
 * use cost well under a millisecond of hashing per call; callers cap the iteration count.
 */
export function pkcs12Kdf(
  hash: Pkcs12Hash,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  id: number,
  size: number,
): Uint8Array {
  const { fn, u, v } = HASHES[hash];
  const d = new Uint8Array(v).fill(id);
  const i = new Uint8Array([...repeatTo(salt, v), ...repeatTo(password, v)]);
  const out = new Uint8Array(size);
  const block = new Uint8Array(v + i.length);
  for (let produced = 0; produced < size; produced += u) {
    block.set(d);
    block.set(i, v);
    let a = fn(block);
    for (let n = 1; n < iterations; n++) a = fn(a);
    out.set(a.subarray(0, Math.min(u, size - produced)), produced);
    if (produced + u >= size) break;
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I, with B = A repeated to v bytes.
    const b = repeatTo(a, v).subarray(0, v);
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k]! + b[k]! + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return out;
}
