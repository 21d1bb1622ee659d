import { sequence, integer } from '../asn1/writer.js';
import type { TokenKey } from '../csr/types.js';
import { ShirushiError } from '../errors/shirushi-error.js';

/** Hashes a CSR or a token may sign with. */
export type SignatureHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

const HASHES: readonly string[] = ['SHA-256', 'SHA-384', 'SHA-512'];

/** The `TokenKey` algorithm of a WebCrypto key, or a `key/unsupported-algorithm` error. */
export function tokenAlgorithm(key: CryptoKey): 'RSA' | 'ECDSA' {
  const name = key.algorithm.name;
  if (name === 'RSASSA-PKCS1-v1_5') return 'RSA';
  if (name === 'ECDSA') return 'ECDSA';
  throw new ShirushiError('key/unsupported-algorithm', { algorithm: name });
}

/** The hash an RSASSA-PKCS1-v1_5 key was generated or imported for. */
export function boundHash(key: CryptoKey): string | undefined {
  const hash = (key.algorithm as Partial<RsaHashedKeyAlgorithm>).hash;
  return hash?.name;
}

export function checkHash(hash: string): asserts hash is SignatureHash {
  if (!HASHES.includes(hash)) throw new ShirushiError('key/unsupported-hash', { hash });
}

/**
 * Converts a WebCrypto ECDSA signature (r || s, each the size of the curve order) into the DER
 * `SEQUENCE { r INTEGER, s INTEGER }` that X.509 and PKCS#10 carry.
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) {
    throw new ShirushiError('key/sign-failed', { detail: `ECDSA signature of ${raw.length} bytes` });
  }
  const half = raw.length / 2;
  return sequence(integer(raw.subarray(0, half)), integer(raw.subarray(half)));
}

/**
 * Signs with a WebCrypto private key as a `TokenKey` would: RSA keys with their PKCS#1 v1.5 hash, ECDSA
 * with `hash` and a DER signature. An RSA key's hash is fixed when it is generated or imported; asking for
 * another one is refused with `key/hash-mismatch`.
 */
export async function signWithWebCrypto(
  privateKey: CryptoKey,
  data: Uint8Array,
  hash: SignatureHash,
): Promise<Uint8Array> {
  checkHash(hash);
  const algorithm = tokenAlgorithm(privateKey);
  if (algorithm === 'RSA') {
    const keyHash = boundHash(privateKey);
    if (keyHash !== hash) throw new ShirushiError('key/hash-mismatch', { keyHash: keyHash ?? '?', hash });
  }
  let signature: ArrayBuffer;
  try {
    signature = await crypto.subtle.sign(
      algorithm === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5' } : { name: 'ECDSA', hash },
      privateKey,
      data as BufferSource,
    );
  } catch (error) {
    throw new ShirushiError('key/sign-failed', { detail: describe(error) }, { cause: error });
  }
  const bytes = new Uint8Array(signature);
  return algorithm === 'ECDSA' ? ecdsaRawToDer(bytes) : bytes;
}

/**
 * Adapts a WebCrypto key pair to the `TokenKey` shape, so `createCsr` has one code path for browser keys
 * and hardware tokens: `spki()` exports the public key, `sign()` signs with the private key (ECDSA
 * signatures converted from r || s to DER).
 *
 * `hash`, when given, is the hash the caller will sign with: an RSA key bound to another hash is refused
 * here, synchronously, with `key/hash-mismatch`, before any work is done.
 */
export function webCryptoTokenKey(keys: CryptoKeyPair, hash?: SignatureHash, label?: string): TokenKey {
  const { privateKey, publicKey } = keys;
  if (privateKey?.type !== 'private') {
    throw new ShirushiError('key/not-private', { type: privateKey?.type ?? 'missing' });
  }
  const algorithm = tokenAlgorithm(privateKey);
  if (!publicKey || publicKey.type !== 'public' || tokenAlgorithm(publicKey) !== algorithm) {
    throw new ShirushiError('key/no-public-key');
  }
  if (hash !== undefined) {
    checkHash(hash);
    const keyHash = boundHash(privateKey);
    if (algorithm === 'RSA' && keyHash !== hash) {
      throw new ShirushiError('key/hash-mismatch', { keyHash: keyHash ?? '?', hash });
    }
  }
  let spki: Promise<Uint8Array> | undefined;
  return {
    algorithm,
    ...(label !== undefined && { label }),
    spki() {
      spki ??= crypto.subtle.exportKey('spki', publicKey).then(
        (buffer) => new Uint8Array(buffer),
        (error: unknown) => {
          spki = undefined;
          throw new ShirushiError('key/export-failed', { detail: describe(error) }, { cause: error });
        },
      );
      return spki.then((bytes) => bytes.slice());
    },
    sign(data, signHash) {
      return signWithWebCrypto(privateKey, data, signHash);
    },
  };
}

/** `Name: message` of a thrown value (WebCrypto and IndexedDB throw DOMExceptions), for error details. */
export function describe(error: unknown): string {
  if (error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)) {
    const { name, message } = error as Error;
    return name && message ? `${name}: ${message}` : name || message;
  }
  return String(error);
}
