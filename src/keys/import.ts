import { ShirushiError } from '../errors/shirushi-error.js';
import { decodePem, type PemBlock } from '../encoding/pem.js';
import { decryptPrivateKeyInfo, readEncryptedPrivateKeyInfo } from './pbes2.js';
import {
  readEcPrivateKey,
  readPrivateKeyInfo,
  readRsaPrivateKey,
  sniffKeyStructure,
  type CurveName,
  type DecodedPrivateKey,
} from './pkcs8.js';
import { checkHash, describe, type SignatureHash } from './token.js';

/** Largest private key accepted, in DER bytes (an RSA 16384 key is about 9.5 KiB). */
export const PRIVATE_KEY_MAX_BYTES = 32 * 1024;

export interface ImportKeyOptions {
  /** Make the private key extractable (default false). */
  extractable?: boolean;
  /** For RSA keys, the hash the key will sign with (WebCrypto binds it to the key; default SHA-256). */
  hash?: SignatureHash;
}

/** What a private-key PEM holds, before any passphrase is asked for. */
export interface PrivateKeySummary {
  /** `ENCRYPTED PRIVATE KEY`, `PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`, or `''` for bare base64 / DER. */
  label: string;
  format: 'encrypted-pkcs8' | 'pkcs8' | 'pkcs1' | 'sec1';
  encrypted: boolean;
}

const LABELS: Record<string, PrivateKeySummary['format']> = {
  'ENCRYPTED PRIVATE KEY': 'encrypted-pkcs8',
  'PRIVATE KEY': 'pkcs8',
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
};
const SNIFFED: Record<ReturnType<typeof sniffKeyStructure>, PrivateKeySummary['format']> = {
  encrypted: 'encrypted-pkcs8',
  pkcs8: 'pkcs8',
  pkcs1: 'pkcs1',
  sec1: 'sec1',
};
/** Blocks that travel with keys and are skipped (`openssl ecparam -genkey` writes EC PARAMETERS first). */
const SKIPPED = new Set(['EC PARAMETERS']);

/** Public keys of the private keys we imported, for `publicKeyFromPrivate`. */
const publicKeys = new WeakMap<CryptoKey, Uint8Array>();

/** Turns a DER-level error inside a key into `key/malformed`, keeping other codes. */
function asKeyError(error: unknown, code: 'key/malformed' | 'key/wrong-passphrase'): ShirushiError {
  if (error instanceof ShirushiError) {
    if (
      error.code.startsWith('der/') ||
      (code === 'key/wrong-passphrase' && error.code === 'key/malformed')
    ) {
      return new ShirushiError(code, { detail: error.messages.en }, { cause: error });
    }
    return error;
  }
  return new ShirushiError(code, { detail: describe(error) }, { cause: error });
}

interface KeyBlock {
  label: string;
  format: PrivateKeySummary['format'];
  der: Uint8Array;
}

function findKeyBlock(input: string | Uint8Array): KeyBlock {
  let blocks: PemBlock[];
  if (typeof input === 'string') {
    blocks = decodePem(input, { maxBytes: PRIVATE_KEY_MAX_BYTES });
  } else {
    if (input.length === 0) throw new ShirushiError('input/empty');
    blocks = [{ label: '', der: input, headers: {} }];
  }
  const block = blocks.find((candidate) => candidate.label === '' || candidate.label in LABELS);
  if (!block) {
    const found = blocks.find((candidate) => !SKIPPED.has(candidate.label)) ?? blocks[0]!;
    throw new ShirushiError('key/wrong-label', { found: found.label });
  }
  if (block.der.length > PRIVATE_KEY_MAX_BYTES) {
    throw new ShirushiError('input/too-large', { size: block.der.length, limit: PRIVATE_KEY_MAX_BYTES });
  }
  const procType = block.headers['Proc-Type'];
  if (procType !== undefined && /ENCRYPTED/i.test(procType)) {
    throw new ShirushiError('key/legacy-encryption', {
      dekInfo: block.headers['DEK-Info']?.split(',')[0] ?? procType,
    });
  }
  let format = LABELS[block.label];
  if (format === undefined) {
    try {
      format = SNIFFED[sniffKeyStructure(block.der)];
    } catch (error) {
      throw asKeyError(error, 'key/malformed');
    }
  }
  return { label: block.label, format, der: block.der };
}

/**
 * Says what kind of private key a PEM (or bare base64, or DER) holds and whether it needs a passphrase,
 * without decrypting anything: a form can ask for the passphrase only when it is needed.
 */
export function inspectPrivateKey(input: string | Uint8Array): PrivateKeySummary {
  const { label, format } = findKeyBlock(input);
  return { label, format, encrypted: format === 'encrypted-pkcs8' };
}

function parsePlain(
  format: Exclude<PrivateKeySummary['format'], 'encrypted-pkcs8'>,
  der: Uint8Array,
): DecodedPrivateKey {
  if (format === 'pkcs8') return readPrivateKeyInfo(der);
  if (format === 'pkcs1') return readRsaPrivateKey(der);
  return readEcPrivateKey(der);
}

/** Decodes (and decrypts) a private key into normalised PKCS#8 and, when it can, the public key. */
export async function decodePrivateKey(
  input: string | Uint8Array,
  passphrase?: string,
): Promise<DecodedPrivateKey> {
  const { format, der } = findKeyBlock(input);
  if (format !== 'encrypted-pkcs8') {
    try {
      return parsePlain(format, der);
    } catch (error) {
      throw asKeyError(error, 'key/malformed');
    }
  }
  let parameters;
  try {
    parameters = readEncryptedPrivateKeyInfo(der);
  } catch (error) {
    throw asKeyError(error, 'key/malformed');
  }
  if (passphrase === undefined || passphrase === '') throw new ShirushiError('key/passphrase-required');
  const plain = await decryptPrivateKeyInfo(parameters, passphrase);
  try {
    return readPrivateKeyInfo(plain);
  } catch (error) {
    // Unsupported algorithms inside a correctly decrypted key keep their own code.
    throw asKeyError(error, 'key/wrong-passphrase');
  }
}

function webCryptoAlgorithm(
  decoded: DecodedPrivateKey,
  hash: SignatureHash,
): RsaHashedImportParams | EcKeyImportParams {
  return decoded.algorithm === 'RSA'
    ? { name: 'RSASSA-PKCS1-v1_5', hash }
    : { name: 'ECDSA', namedCurve: decoded.curve as CurveName };
}

async function importDecoded(decoded: DecodedPrivateKey, options: ImportKeyOptions): Promise<CryptoKey> {
  const hash = options.hash ?? 'SHA-256';
  checkHash(hash);
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey(
      'pkcs8',
      decoded.pkcs8 as BufferSource,
      webCryptoAlgorithm(decoded, hash),
      options.extractable === true,
      ['sign'],
    );
  } catch (error) {
    throw new ShirushiError('key/import-failed', { detail: describe(error) }, { cause: error });
  }
  if (decoded.spki) publicKeys.set(key, decoded.spki);
  return key;
}

/**
 * Imports a private key for signing: encrypted PKCS#8 (PBES2: PBKDF2 with HMAC-SHA-1/256/384/512 and
 * AES-128/192/256-CBC), PKCS#8, PKCS#1 (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`; P-256, P-384,
 * P-521). Returns an RSASSA-PKCS1-v1_5 (SHA-256 unless `hash`) or ECDSA key with usage `sign`,
 * non-extractable unless `extractable`. The passphrase is used as its UTF-8 bytes, as OpenSSL does.
 */
export async function importPrivateKey(
  pem: string | Uint8Array,
  passphrase?: string,
  options: ImportKeyOptions = {},
): Promise<CryptoKey> {
  return importDecoded(await decodePrivateKey(pem, passphrase), options);
}

/**
 * Imports a private key and its public key, ready for `createCsr` / `webCryptoTokenKey`. The public key
 * comes from the file: RSA's n and e, or the point stored in a SEC1 / PKCS#8 EC key. An EC key stored
 * without its point is imported once as extractable to let the browser compute it; when the browser cannot,
 * `key/no-public-key` is thrown.
 */
export async function importKeyPair(
  pem: string | Uint8Array,
  passphrase?: string,
  options: ImportKeyOptions = {},
): Promise<CryptoKeyPair> {
  const decoded = await decodePrivateKey(pem, passphrase);
  const privateKey = await importDecoded(decoded, options);
  let spki = decoded.spki;
  if (!spki) {
    const temporary = await importDecoded(decoded, { ...options, extractable: true });
    spki = await spkiFromExtractable(temporary);
    publicKeys.set(privateKey, spki);
  }
  return { privateKey, publicKey: await importSpki(spki, privateKey) };
}

/** The public key `spki` (DER) as a WebCrypto verify key with the algorithm of its `privateKey`. */
export async function importSpki(spki: Uint8Array, privateKey: CryptoKey): Promise<CryptoKey> {
  const algorithm = privateKey.algorithm as RsaHashedKeyAlgorithm | EcKeyAlgorithm;
  const params: RsaHashedImportParams | EcKeyImportParams =
    algorithm.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: (algorithm as EcKeyAlgorithm).namedCurve }
      : { name: algorithm.name, hash: (algorithm as RsaHashedKeyAlgorithm).hash.name };
  try {
    return await crypto.subtle.importKey('spki', spki as BufferSource, params, true, ['verify']);
  } catch (error) {
    throw new ShirushiError('key/import-failed', { detail: describe(error) }, { cause: error });
  }
}

/** The public half of an extractable private key, as SPKI, from its JWK (which carries n, e or x, y). */
async function spkiFromExtractable(privateKey: CryptoKey): Promise<Uint8Array> {
  try {
    const jwk = await crypto.subtle.exportKey('jwk', privateKey);
    const { kty, crv, n, e, x, y } = jwk;
    if (kty === 'EC' && (!x || !y)) throw new Error('no public point in the JWK');
    const publicJwk: JsonWebKey = kty === 'RSA' ? { kty, n, e } : { kty, crv, x, y };
    const algorithm = privateKey.algorithm as RsaHashedKeyAlgorithm | EcKeyAlgorithm;
    const params =
      algorithm.name === 'ECDSA'
        ? { name: 'ECDSA', namedCurve: (algorithm as EcKeyAlgorithm).namedCurve }
        : { name: algorithm.name, hash: (algorithm as RsaHashedKeyAlgorithm).hash.name };
    const publicKey = await crypto.subtle.importKey('jwk', publicJwk, params, true, ['verify']);
    return new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  } catch (error) {
    throw new ShirushiError('key/no-public-key', { detail: describe(error) }, { cause: error });
  }
}

/**
 * The public key matching a private key: known for keys made by `importPrivateKey` / `importKeyPair`
 * from files that carry it, and computed for any extractable key. A non-extractable key generated
 * elsewhere gives `key/no-public-key` (keep the CryptoKeyPair from `generateKeyPair` instead).
 */
export async function publicKeyFromPrivate(privateKey: CryptoKey): Promise<CryptoKey> {
  if (privateKey.type !== 'private') throw new ShirushiError('key/not-private', { type: privateKey.type });
  let spki = publicKeys.get(privateKey);
  if (!spki) {
    if (!privateKey.extractable)
      throw new ShirushiError('key/no-public-key', { detail: 'non-extractable key' });
    spki = await spkiFromExtractable(privateKey);
    publicKeys.set(privateKey, spki);
  }
  return importSpki(spki, privateKey);
}
