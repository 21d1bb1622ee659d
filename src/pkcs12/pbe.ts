/**
 * Password-based encryption inside PKCS#12: PBES2 (PBKDF2 + AES-CBC, through WebCrypto via
 * src/keys/pbes2.ts) and the legacy PKCS#12 schemes of RFC 7292 appendix C (3DES and RC2 keyed by the
 * PKCS#12 KDF, in JavaScript because WebCrypto has neither cipher).
 */
import {
  TAG,
  childrenOf,
  contentBytes,
  elementBytes,
  readBigIntegerAt,
  readOidAt,
  readTlv,
  type Tlv,
} from '../asn1/reader.js';
import { algorithmIdentifier, integer, octetString, sequence } from '../asn1/writer.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { decryptPrivateKeyInfo, encryptPrivateKeyInfo, readEncryptedPrivateKeyInfo } from '../keys/pbes2.js';
import { cbcDecrypt, cbcEncrypt, rc2, tripleDes, type BlockFunction } from './cbc.js';
import { KDF_IV, KDF_KEY, pkcs12Kdf } from './kdf.js';

/**
 * Most iterations accepted for the PKCS#12 KDF (MAC and legacy schemes). It runs in JavaScript at roughly
 * 100 000 iterations per 0.4–0.8 s, so this bounds the work a hostile file can cause to a few seconds;
 * real files use 2 000 to 100 000. PBKDF2 (native in WebCrypto) keeps its own limit, MAX_PBKDF2_ITERATIONS.
 */
export const MAX_PKCS12_KDF_ITERATIONS = 1_000_000;

export const PBE_OID = {
  pbes2: '1.2.840.113549.1.5.13',
  sha1Rc4128: '1.2.840.113549.1.12.1.1',
  sha1Rc440: '1.2.840.113549.1.12.1.2',
  sha1TripleDes: '1.2.840.113549.1.12.1.3',
  sha1TwoKeyDes: '1.2.840.113549.1.12.1.4',
  sha1Rc2128: '1.2.840.113549.1.12.1.5',
  sha1Rc240: '1.2.840.113549.1.12.1.6',
} as const;

interface LegacyScheme {
  name: string;
  keyBytes: number;
  cipher: (key: Uint8Array) => BlockFunction;
}

const LEGACY: Record<string, LegacyScheme> = {
  [PBE_OID.sha1TripleDes]: { name: 'pbeWithSHAAnd3-KeyTripleDES-CBC', keyBytes: 24, cipher: tripleDes },
  [PBE_OID.sha1TwoKeyDes]: { name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', keyBytes: 16, cipher: tripleDes },
  [PBE_OID.sha1Rc2128]: { name: 'pbeWithSHAAnd128BitRC2-CBC', keyBytes: 16, cipher: (key) => rc2(key, 128) },
  [PBE_OID.sha1Rc240]: { name: 'pbeWithSHAAnd40BitRC2-CBC', keyBytes: 5, cipher: (key) => rc2(key, 40) },
};

const UNSUPPORTED: Record<string, string> = {
  [PBE_OID.sha1Rc4128]: 'pbeWithSHAAnd128BitRC4',
  [PBE_OID.sha1Rc440]: 'pbeWithSHAAnd40BitRC4',
  '1.2.840.113549.1.5.3': 'PBES1 MD5/DES',
  '1.2.840.113549.1.5.6': 'PBES1 MD5/RC2',
  '1.2.840.113549.1.5.10': 'PBES1 SHA-1/DES',
  '1.2.840.113549.1.5.11': 'PBES1 SHA-1/RC2',
};

/** The password in both forms a PKCS#12 file may need. */
export interface Pkcs12Password {
  /** As typed; PBES2 uses its UTF-8 bytes. */
  text: string;
  /** BMPString form for the PKCS#12 KDF (whichever form matched the MAC). */
  bmp: Uint8Array;
}

function malformed(detail: string): ShirushiError {
  return new ShirushiError('pkcs12/malformed', { detail });
}

export function checkIterations(value: bigint, limit: number): number {
  if (value < 1n) throw malformed(`iteration count ${value}`);
  if (value > BigInt(limit)) {
    throw new ShirushiError('pkcs12/iterations-too-high', { iterations: value.toString(), limit });
  }
  return Number(value);
}

/** Maps the PBES2 module's key/* errors to the PKCS#12 ones. */
function fromKeyError(error: unknown): unknown {
  if (!(error instanceof ShirushiError)) return error;
  const detail = String(error.params.detail ?? error.messages.en);
  switch (error.code) {
    case 'key/wrong-passphrase':
      return new ShirushiError('pkcs12/wrong-password', {}, { cause: error });
    case 'key/unsupported-encryption':
      return new ShirushiError('pkcs12/unsupported-algorithm', { detail }, { cause: error });
    case 'key/iterations-too-high':
      return new ShirushiError('pkcs12/iterations-too-high', error.params, { cause: error });
    default:
      return error.code.startsWith('key/') || error.code.startsWith('der/')
        ? new ShirushiError('pkcs12/malformed', { detail }, { cause: error })
        : error;
  }
}

/**
 * Decrypts `ciphertext` with the AlgorithmIdentifier `algorithm` (a node of `der`). A padding failure
 * means a wrong password (`pkcs12/wrong-password`); the MAC, when present, has already caught most of those.
 */
export async function pbeDecrypt(
  der: Uint8Array,
  algorithm: Tlv,
  ciphertext: Uint8Array,
  password: Pkcs12Password,
): Promise<Uint8Array> {
  if (algorithm.tag !== TAG.SEQUENCE) throw malformed('encryption AlgorithmIdentifier');
  const fields = childrenOf(der, algorithm);
  if (fields[0]?.tag !== TAG.OID) throw malformed('encryption algorithm OID');
  const oid = readOidAt(der, fields[0]);
  if (oid === PBE_OID.pbes2) {
    // Reuse the PBES2 reader and its checks by presenting the pair as an EncryptedPrivateKeyInfo,
    // which has exactly this shape.
    try {
      const info = sequence(elementBytes(der, algorithm), octetString(ciphertext));
      // WebKit refuses an empty PBKDF2 password. PBKDF2 only uses the password as an HMAC key, and HMAC
      // pads keys with zero bytes to its block size, so "" and "\0" derive the same key everywhere.
      const text = password.text === '' ? '\u0000' : password.text;
      return await decryptPrivateKeyInfo(readEncryptedPrivateKeyInfo(info), text);
    } catch (error) {
      throw fromKeyError(error);
    }
  }
  const scheme = LEGACY[oid];
  if (!scheme) throw new ShirushiError('pkcs12/unsupported-algorithm', { detail: UNSUPPORTED[oid] ?? oid });
  const params = fields[1];
  if (fields.length !== 2 || params?.tag !== TAG.SEQUENCE) throw malformed(`${scheme.name} parameters`);
  const [saltNode, iterationNode, extra] = childrenOf(der, params);
  if (saltNode?.tag !== TAG.OCTET_STRING || iterationNode?.tag !== TAG.INTEGER || extra) {
    throw malformed(`${scheme.name} parameters`);
  }
  const salt = contentBytes(der, saltNode);
  const iterations = checkIterations(readBigIntegerAt(der, iterationNode), MAX_PKCS12_KDF_ITERATIONS);
  const key = pkcs12Kdf('SHA-1', password.bmp, salt, iterations, KDF_KEY, scheme.keyBytes);
  const iv = pkcs12Kdf('SHA-1', password.bmp, salt, iterations, KDF_IV, 8);
  const plain = cbcDecrypt(scheme.cipher(key), iv, ciphertext);
  key.fill(0);
  if (!plain) throw new ShirushiError('pkcs12/wrong-password');
  return plain;
}

/** Encryption choices for `pbeEncrypt`. */
export type PbeChoice = 'pbes2-aes256' | '3des' | 'rc2-40';

const CHOICE_OIDS: Record<Exclude<PbeChoice, 'pbes2-aes256'>, string> = {
  '3des': PBE_OID.sha1TripleDes,
  'rc2-40': PBE_OID.sha1Rc240,
};

/**
 * Encrypts `plain`, returning the AlgorithmIdentifier (DER) and the ciphertext. PBES2 is PBKDF2-HMAC-SHA-256
 * with a 16-byte salt and AES-256-CBC; the legacy schemes use an 8-byte salt, as OpenSSL does.
 */
export async function pbeEncrypt(
  plain: Uint8Array,
  password: Pkcs12Password,
  choice: PbeChoice,
  iterations: number,
): Promise<{ algorithm: Uint8Array; ciphertext: Uint8Array }> {
  if (choice === 'pbes2-aes256') {
    const info = await encryptPrivateKeyInfo(plain, password.text, iterations);
    const [algorithm, data] = childrenOf(info, readTlv(info, 0, info.length));
    return { algorithm: elementBytes(info, algorithm!), ciphertext: contentBytes(info, data!).slice() };
  }
  const oid = CHOICE_OIDS[choice];
  const scheme = LEGACY[oid]!;
  const salt = crypto.getRandomValues(new Uint8Array(8));
  const key = pkcs12Kdf('SHA-1', password.bmp, salt, iterations, KDF_KEY, scheme.keyBytes);
  const iv = pkcs12Kdf('SHA-1', password.bmp, salt, iterations, KDF_IV, 8);
  const ciphertext = cbcEncrypt(scheme.cipher(key), iv, plain);
  key.fill(0);
  return {
    algorithm: algorithmIdentifier(oid, sequence(octetString(salt), integer(iterations))),
    ciphertext,
  };
}
