import { encodePem } from '../encoding/pem.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { encryptPrivateKeyInfo } from './pbes2.js';
import { describe, tokenAlgorithm } from './token.js';

/**
 * Exports a private key as an encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`): PBES2 with
 * PBKDF2-HMAC-SHA-256 (`PBKDF2_ITERATIONS`, a fresh 16-byte salt) and AES-256-CBC (a fresh IV), as
 * `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256` writes. The passphrase is used as UTF-8.
 * A non-extractable key is refused with `key/not-extractable`, an empty passphrase with `key/empty-passphrase`.
 */
export async function exportPrivateKey(key: CryptoKey, passphrase: string): Promise<string> {
  if (key.type !== 'private') throw new ShirushiError('key/not-private', { type: key.type });
  tokenAlgorithm(key);
  if (!key.extractable) throw new ShirushiError('key/not-extractable');
  if (typeof passphrase !== 'string' || passphrase === '') throw new ShirushiError('key/empty-passphrase');
  let pkcs8: Uint8Array;
  try {
    pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
  } catch (error) {
    throw new ShirushiError('key/export-failed', { detail: describe(error) }, { cause: error });
  }
  try {
    return encodePem('ENCRYPTED PRIVATE KEY', await encryptPrivateKeyInfo(pkcs8, passphrase));
  } finally {
    pkcs8.fill(0);
  }
}
