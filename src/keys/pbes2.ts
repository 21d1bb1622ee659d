/**
 * Encrypted PKCS#8 (RFC 5958 EncryptedPrivateKeyInfo) with PBES2 (RFC 8018): PBKDF2 with an HMAC PRF and
 * AES-CBC, all through WebCrypto. Writes PBKDF2-HMAC-SHA-256 / AES-256-CBC; reads what OpenSSL writes.
 */
import {
  TAG,
  childrenOf,
  contentBytes,
  readBigIntegerAt,
  readOidAt,
  readSmallIntegerAt,
  type Tlv,
} from '../asn1/reader.js';
import { algorithmIdentifier, integer, nullValue, octetString, sequence } from '../asn1/writer.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { outer } from './pkcs8.js';
import { describe } from './token.js';

/** PBKDF2 iterations used for every key we export (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256). */
export const PBKDF2_ITERATIONS = 600_000;
/** Most PBKDF2 iterations accepted on import, so a hostile file cannot keep the page busy for minutes. */
export const MAX_PBKDF2_ITERATIONS = 10_000_000;
/** Salt bytes we write. */
export const PBKDF2_SALT_BYTES = 16;

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  hmacWithSHA1: '1.2.840.113549.2.7',
  hmacWithSHA256: '1.2.840.113549.2.9',
} as const;

const PRFS: Record<string, string> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};

const CIPHERS: Record<string, number> = {
  [OID.aes128Cbc]: 16,
  [OID.aes192Cbc]: 24,
  [OID.aes256Cbc]: 32,
};

/** Schemes we recognise but cannot decrypt, named in the error. */
const UNSUPPORTED: Record<string, string> = {
  '1.2.840.113549.1.5.3': 'PBES1 MD5/DES',
  '1.2.840.113549.1.5.6': 'PBES1 MD5/RC2',
  '1.2.840.113549.1.5.10': 'PBES1 SHA-1/DES',
  '1.2.840.113549.1.5.11': 'PBES1 SHA-1/RC2',
  '1.2.840.113549.1.12.1.1': 'PKCS#12 SHA-1/RC4-128',
  '1.2.840.113549.1.12.1.2': 'PKCS#12 SHA-1/RC4-40',
  '1.2.840.113549.1.12.1.3': 'PKCS#12 SHA-1/3DES',
  '1.2.840.113549.1.12.1.4': 'PKCS#12 SHA-1/2DES',
  '1.2.840.113549.1.12.1.5': 'PKCS#12 SHA-1/RC2-128',
  '1.2.840.113549.1.12.1.6': 'PKCS#12 SHA-1/RC2-40',
  [OID.scrypt]: 'scrypt',
  '1.2.840.113549.2.8': 'HMAC-SHA-224',
  '1.2.840.113549.2.12': 'HMAC-SHA-512/224',
  '1.2.840.113549.2.13': 'HMAC-SHA-512/256',
  '1.2.840.113549.3.7': 'DES-EDE3-CBC',
  '1.3.14.3.2.7': 'DES-CBC',
  '1.2.840.113549.3.2': 'RC2-CBC',
  '1.2.392.200011.61.1.1.1.2': 'Camellia-128-CBC',
  '1.2.392.200011.61.1.1.1.4': 'Camellia-256-CBC',
  '1.2.410.200046.1.1.1': 'ARIA-128-CBC',
};

/** The parameters of one EncryptedPrivateKeyInfo. */
export interface Pbes2Parameters {
  salt: Uint8Array;
  iterations: number;
  /** WebCrypto hash name of the PBKDF2 PRF. */
  prf: string;
  /** AES key size in bytes. */
  keyBytes: number;
  iv: Uint8Array;
  ciphertext: Uint8Array;
}

function malformed(detail: string): ShirushiError {
  return new ShirushiError('key/malformed', { detail });
}

function unsupported(oid: string): ShirushiError {
  return new ShirushiError('key/unsupported-encryption', { detail: UNSUPPORTED[oid] ?? oid });
}

function expect(node: Tlv | undefined, tag: number, what: string): Tlv {
  if (!node || node.tag !== tag) throw malformed(what);
  return node;
}

/** An AlgorithmIdentifier's OID and parameters. */
function algorithmAt(
  der: Uint8Array,
  node: Tlv | undefined,
  what: string,
): { oid: string; parameters?: Tlv } {
  const fields = childrenOf(der, expect(node, TAG.SEQUENCE, what));
  if (fields.length < 1 || fields.length > 2) throw malformed(what);
  const parameters = fields[1];
  return { oid: readOidAt(der, expect(fields[0], TAG.OID, what)), ...(parameters && { parameters }) };
}

/**
 * Reads an EncryptedPrivateKeyInfo and checks everything that can be checked without the passphrase:
 * the scheme, PRF and cipher are supported, the iteration count is within bounds, the sizes are sane.
 */
export function readEncryptedPrivateKeyInfo(der: Uint8Array): Pbes2Parameters {
  const fields = childrenOf(der, outer(der, 'EncryptedPrivateKeyInfo'));
  if (fields.length !== 2) throw malformed('EncryptedPrivateKeyInfo');
  const scheme = algorithmAt(der, fields[0], 'encryptionAlgorithm');
  if (scheme.oid !== OID.pbes2) throw unsupported(scheme.oid);
  const ciphertext = contentBytes(der, expect(fields[1], TAG.OCTET_STRING, 'encryptedData'));

  const pbes2 = childrenOf(der, expect(scheme.parameters, TAG.SEQUENCE, 'PBES2-params'));
  if (pbes2.length !== 2) throw malformed('PBES2-params');
  const kdf = algorithmAt(der, pbes2[0], 'keyDerivationFunc');
  if (kdf.oid !== OID.pbkdf2) throw unsupported(kdf.oid);
  const cipher = algorithmAt(der, pbes2[1], 'encryptionScheme');
  const keyBytes = CIPHERS[cipher.oid];
  if (keyBytes === undefined) throw unsupported(cipher.oid);
  const iv = contentBytes(der, expect(cipher.parameters, TAG.OCTET_STRING, 'AES-CBC IV'));
  if (iv.length !== 16) throw malformed(`AES-CBC IV of ${iv.length} bytes`);

  const params = childrenOf(der, expect(kdf.parameters, TAG.SEQUENCE, 'PBKDF2-params'));
  // salt CHOICE { specified OCTET STRING, otherSource AlgorithmIdentifier }: only the first is in use.
  const saltNode = params[0];
  if (saltNode?.tag === TAG.SEQUENCE)
    throw new ShirushiError('key/unsupported-encryption', { detail: 'PBKDF2 otherSource salt' });
  const salt = contentBytes(der, expect(saltNode, TAG.OCTET_STRING, 'PBKDF2 salt'));
  if (salt.length === 0 || salt.length > 1024) throw malformed(`PBKDF2 salt of ${salt.length} bytes`);
  const iterationNode = expect(params[1], TAG.INTEGER, 'PBKDF2 iterationCount');
  const iterationValue = readBigIntegerAt(der, iterationNode);
  if (iterationValue < 1n) throw malformed(`PBKDF2 iterationCount ${iterationValue}`);
  if (iterationValue > BigInt(MAX_PBKDF2_ITERATIONS)) {
    throw new ShirushiError('key/iterations-too-high', {
      iterations: iterationValue.toString(),
      limit: MAX_PBKDF2_ITERATIONS,
    });
  }
  const iterations = Number(iterationValue);
  let prf = 'SHA-1';
  let index = 2;
  if (params[index]?.tag === TAG.INTEGER) {
    const keyLength = readSmallIntegerAt(der, params[index]!);
    if (keyLength !== keyBytes)
      throw malformed(`PBKDF2 keyLength ${keyLength} for a ${keyBytes * 8}-bit AES key`);
    index++;
  }
  if (params[index]) {
    const prfAlgorithm = algorithmAt(der, params[index], 'PBKDF2 prf');
    const parameters = prfAlgorithm.parameters;
    if (parameters && (parameters.tag !== TAG.NULL || parameters.end !== parameters.content)) {
      throw malformed('PBKDF2 prf parameters');
    }
    const name = PRFS[prfAlgorithm.oid];
    if (name === undefined) throw unsupported(prfAlgorithm.oid);
    prf = name;
    index++;
  }
  if (index !== params.length) throw malformed('PBKDF2-params');
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) {
    throw malformed(`encrypted data of ${ciphertext.length} bytes`);
  }
  return { salt, iterations, prf, keyBytes, iv, ciphertext };
}

async function deriveAesKey(
  passphrase: string,
  salt: Uint8Array,
  iterations: number,
  prf: string,
  keyBytes: number,
  usage: 'encrypt' | 'decrypt',
): Promise<CryptoKey> {
  const password = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  try {
    return await crypto.subtle.deriveKey(
      { name: 'PBKDF2', salt: salt as BufferSource, iterations, hash: prf },
      password,
      { name: 'AES-CBC', length: keyBytes * 8 },
      false,
      [usage],
    );
  } catch (error) {
    // Chromium has no 192-bit AES; say which scheme, not a bare OperationError.
    throw new ShirushiError(
      'key/unsupported-encryption',
      { detail: `PBKDF2-HMAC-${prf} / AES-${keyBytes * 8}-CBC in this browser: ${describe(error)}` },
      { cause: error },
    );
  }
}

/**
 * Decrypts the PKCS#8 inside. A bad padding block means a wrong passphrase (`key/wrong-passphrase`);
 * a good one by chance (about 1 in 256) is caught when the result does not parse.
 */
export async function decryptPrivateKeyInfo(
  parameters: Pbes2Parameters,
  passphrase: string,
): Promise<Uint8Array> {
  const { salt, iterations, prf, keyBytes, iv, ciphertext } = parameters;
  const key = await deriveAesKey(passphrase, salt, iterations, prf, keyBytes, 'decrypt');
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-CBC', iv: iv as BufferSource },
      key,
      ciphertext as BufferSource,
    );
    return new Uint8Array(plain);
  } catch (error) {
    throw new ShirushiError('key/wrong-passphrase', {}, { cause: error });
  }
}

/** Encrypts a PKCS#8 PrivateKeyInfo: PBKDF2-HMAC-SHA-256 with a fresh 16-byte salt, AES-256-CBC, fresh IV. */
export async function encryptPrivateKeyInfo(
  pkcs8: Uint8Array,
  passphrase: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<Uint8Array> {
  const salt = crypto.getRandomValues(new Uint8Array(PBKDF2_SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const key = await deriveAesKey(passphrase, salt, iterations, 'SHA-256', 32, 'encrypt');
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-CBC', iv }, key, pkcs8 as BufferSource),
  );
  const kdf = algorithmIdentifier(
    OID.pbkdf2,
    sequence(octetString(salt), integer(iterations), algorithmIdentifier(OID.hmacWithSHA256, nullValue())),
  );
  const cipher = algorithmIdentifier(OID.aes256Cbc, octetString(iv));
  return sequence(algorithmIdentifier(OID.pbes2, sequence(kdf, cipher)), octetString(ciphertext));
}
