import type { KeySpec } from '../csr/types.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { checkHash, describe, type SignatureHash } from './token.js';

/** RSA key sizes offered for new keys. */
export const RSA_KEY_SIZES: readonly number[] = [2048, 3072, 4096];
/** Curves offered for new ECDSA keys (P-521 keys can be imported but not made: the BR do not allow them). */
export const EC_CURVES: readonly string[] = ['P-256', 'P-384'];

/** A KeySpec with, for RSA, the hash the key will sign with (WebCrypto binds it to the key; default SHA-256). */
export type KeyGenerationSpec = KeySpec & { hash?: SignatureHash };

const F4 = Uint8Array.of(0x01, 0x00, 0x01);

/**
 * Generates a signing key pair with WebCrypto: RSA 2048 (default), 3072 or 4096 with exponent 65537 as
 * RSASSA-PKCS1-v1_5 keys (SHA-256 unless `hash` says otherwise), or ECDSA P-256 (default) or P-384.
 * The private key is non-extractable unless `extractable: true`; the public key is always exportable.
 */
export async function generateKeyPair(spec: KeyGenerationSpec): Promise<CryptoKeyPair> {
  const extractable = spec.extractable === true;
  let algorithm: RsaHashedKeyGenParams | EcKeyGenParams;
  if (spec.algorithm === 'RSA') {
    const size = spec.size ?? 2048;
    if (!RSA_KEY_SIZES.includes(size))
      throw new ShirushiError('key/unsupported-size', { size: String(size) });
    const hash = spec.hash ?? 'SHA-256';
    checkHash(hash);
    algorithm = { name: 'RSASSA-PKCS1-v1_5', modulusLength: size, publicExponent: F4, hash };
  } else if (spec.algorithm === 'ECDSA') {
    const curve = spec.curve ?? 'P-256';
    if (!EC_CURVES.includes(curve))
      throw new ShirushiError('key/unsupported-curve', { curve: String(curve) });
    algorithm = { name: 'ECDSA', namedCurve: curve };
  } else {
    throw new ShirushiError('key/unsupported-algorithm', {
      algorithm: String((spec as { algorithm?: unknown }).algorithm),
    });
  }
  try {
    return await crypto.subtle.generateKey(algorithm, extractable, ['sign', 'verify']);
  } catch (error) {
    throw new ShirushiError('key/generation-failed', { detail: describe(error) }, { cause: error });
  }
}
