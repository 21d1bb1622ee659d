import {
  childrenOf,
  contextTag,
  elementBytes,
  expectTlv,
  readBitStringAt,
  readOidAt,
  readSmallIntegerAt,
  readTlv,
  TAG,
  type Tlv,
} from '../asn1/reader.js';
import { readAlgorithmAt, type AlgorithmRef } from '../asn1/algorithm.js';
import { HASH_ALGORITHMS, NAMED_CURVES } from '../certificate/oids.js';
import { bytesToHex } from '../encoding/hex.js';

export type VerifyOutcome = 'valid' | 'invalid' | 'unsupported';

export const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const RSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';
export const EC_PUBLIC_KEY = '1.2.840.10045.2.1';
const ED25519 = '1.3.101.112';

export const RSA_PKCS1: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

export const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};

const WEBCRYPTO_HASHES = new Set(['SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

interface Plan {
  importAlgorithm: RsaHashedImportParams | EcKeyImportParams | Algorithm;
  verifyAlgorithm: RsaPssParams | EcdsaParams | Algorithm;
  spki: Uint8Array;
  /** ECDSA signatures arrive as DER and WebCrypto wants r || s of this many bytes each. */
  ecFieldBytes?: number;
}

interface PssParameters {
  hash: string;
  saltLength: number;
}

export function isNullOrAbsent(parameters: Uint8Array | undefined): boolean {
  return (
    parameters === undefined || (parameters.length === 2 && parameters[0] === 0x05 && parameters[1] === 0)
  );
}

/** RSASSA-PSS-params (RFC 4055): every field is optional, with SHA-1 defaults. */
function readPssParameters(parameters: Uint8Array | undefined): PssParameters | undefined {
  if (!parameters) return undefined;
  const outer = expectTlv(parameters, 0, parameters.length, TAG.SEQUENCE, 'RSASSA-PSS-params');
  let hash = 'SHA-1';
  let mgfHash = 'SHA-1';
  let saltLength = 20;
  for (const field of childrenOf(parameters, outer, 4)) {
    const inner = readTlv(parameters, field.content, field.end);
    if (field.tag === contextTag(0, true)) {
      const algorithm = readAlgorithmAt(parameters, inner);
      const name = HASH_ALGORITHMS[algorithm.oid];
      if (!name || !isNullOrAbsent(algorithm.parameters)) return undefined;
      hash = name;
    } else if (field.tag === contextTag(1, true)) {
      const mgf = readAlgorithmAt(parameters, inner);
      if (mgf.oid !== MGF1 || !mgf.parameters) return undefined;
      const mgfAlgorithm = readAlgorithmAt(mgf.parameters, readTlv(mgf.parameters, 0, mgf.parameters.length));
      const name = HASH_ALGORITHMS[mgfAlgorithm.oid];
      if (!name) return undefined;
      mgfHash = name;
    } else if (field.tag === contextTag(2, true)) {
      saltLength = readSmallIntegerAt(parameters, inner);
    } else if (field.tag === contextTag(3, true)) {
      if (readSmallIntegerAt(parameters, inner) !== 1) return undefined;
    } else {
      return undefined;
    }
  }
  // WebCrypto ties the MGF1 hash to the message hash; other combinations are legal but unseen in practice.
  return mgfHash === hash ? { hash, saltLength } : undefined;
}

/** The SPKI re-labelled as rsaEncryption, which every WebCrypto accepts for RSA-PSS keys. */
function asRsaEncryptionSpki(spki: Uint8Array, key: Tlv): Uint8Array {
  const keyBytes = elementBytes(spki, key);
  const algorithm = Uint8Array.of(
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    0x86,
    0x48,
    0x86,
    0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00,
  );
  const body = new Uint8Array(algorithm.length + keyBytes.length);
  body.set(algorithm);
  body.set(keyBytes, algorithm.length);
  const length = body.length;
  const header =
    length < 0x80
      ? [0x30, length]
      : length < 0x100
        ? [0x30, 0x81, length]
        : [0x30, 0x82, length >> 8, length & 0xff];
  const out = new Uint8Array(header.length + length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

function plan(spki: Uint8Array, algorithm: AlgorithmRef): Plan | undefined {
  const outer = expectTlv(spki, 0, spki.length, TAG.SEQUENCE, 'SubjectPublicKeyInfo');
  const [keyAlgorithmTlv, key, extra] = childrenOf(spki, outer, 3);
  if (!keyAlgorithmTlv || !key || extra) throw new TypeError('SubjectPublicKeyInfo');
  readBitStringAt(spki, key);
  const keyAlgorithm = readAlgorithmAt(spki, keyAlgorithmTlv);

  const pkcs1Hash = RSA_PKCS1[algorithm.oid];
  if (pkcs1Hash) {
    if (keyAlgorithm.oid !== RSA_ENCRYPTION || !isNullOrAbsent(algorithm.parameters)) return undefined;
    const name = 'RSASSA-PKCS1-v1_5';
    return { importAlgorithm: { name, hash: pkcs1Hash }, verifyAlgorithm: { name }, spki };
  }
  if (algorithm.oid === RSA_PSS) {
    const parameters = readPssParameters(algorithm.parameters);
    if (!parameters || (keyAlgorithm.oid !== RSA_ENCRYPTION && keyAlgorithm.oid !== RSA_PSS))
      return undefined;
    const importSpki = keyAlgorithm.oid === RSA_PSS ? asRsaEncryptionSpki(spki, key) : spki;
    return {
      importAlgorithm: { name: 'RSA-PSS', hash: parameters.hash },
      verifyAlgorithm: { name: 'RSA-PSS', saltLength: parameters.saltLength },
      spki: importSpki,
    };
  }
  const ecdsaHash = ECDSA[algorithm.oid];
  if (ecdsaHash) {
    if (keyAlgorithm.oid !== EC_PUBLIC_KEY || !keyAlgorithm.parameters || algorithm.parameters)
      return undefined;
    const curveOid = readOidAt(
      keyAlgorithm.parameters,
      readTlv(keyAlgorithm.parameters, 0, keyAlgorithm.parameters.length),
    );
    const curve = NAMED_CURVES[curveOid];
    if (!curve || !['P-256', 'P-384', 'P-521'].includes(curve.name)) return undefined;
    return {
      importAlgorithm: { name: 'ECDSA', namedCurve: curve.name },
      verifyAlgorithm: { name: 'ECDSA', hash: ecdsaHash },
      spki,
      ecFieldBytes: Math.ceil(curve.size / 8),
    };
  }
  if (algorithm.oid === ED25519 && keyAlgorithm.oid === ED25519 && !algorithm.parameters) {
    return { importAlgorithm: { name: 'Ed25519' }, verifyAlgorithm: { name: 'Ed25519' }, spki };
  }
  return undefined;
}

/** ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }) to the fixed-width r || s WebCrypto verifies. */
function ecdsaRaw(signature: Uint8Array, fieldBytes: number): Uint8Array | undefined {
  try {
    const outer = expectTlv(signature, 0, signature.length, TAG.SEQUENCE, 'ECDSA-Sig-Value');
    if (outer.end !== signature.length) return undefined;
    const parts = childrenOf(signature, outer, 3);
    if (parts.length !== 2) return undefined;
    const raw = new Uint8Array(fieldBytes * 2);
    for (const [index, part] of parts.entries()) {
      if (part.tag !== TAG.INTEGER) return undefined;
      let value = signature.subarray(part.content, part.end);
      // Strict DER, as the synchronous verifier requires: positive and minimally encoded.
      if (value.length === 0 || (value[0]! & 0x80) !== 0) return undefined;
      if (value[0] === 0) {
        if (value.length === 1 || (value[1]! & 0x80) === 0) return undefined;
        value = value.subarray(1);
      }
      if (value.length > fieldBytes) return undefined;
      raw.set(value, (index + 1) * fieldBytes - value.length);
    }
    return raw;
  } catch {
    return undefined;
  }
}

const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_SIZE = 128;

function importKey(plan: Plan): Promise<CryptoKey> {
  const cacheKey = `${JSON.stringify(plan.importAlgorithm)}|${bytesToHex(plan.spki)}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey('spki', plan.spki as BufferSource, plan.importAlgorithm, false, ['verify']);
    // A key that failed to import is not remembered, so a transient failure does not stick.
    key.catch(() => keyCache.delete(cacheKey));
    keyCache.set(cacheKey, key);
    if (keyCache.size > KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
  }
  return key;
}

/**
 * Verifies `signature` over `data` with the public key in `spki` (DER SubjectPublicKeyInfo), using the
 * signature algorithm as the signed object names it. Hashing and the public-key operation are WebCrypto's.
 * `unsupported` means the algorithm, key type or curve is one WebCrypto or shirushi does not do.
 */
export async function verifySignature(
  spki: Uint8Array,
  algorithm: AlgorithmRef,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<VerifyOutcome> {
  return (await startVerification(spki, algorithm, data, signature)).outcome;
}

const failed = (error: unknown): VerifyOutcome =>
  (error as { name?: string })?.name === 'NotSupportedError' ? 'unsupported' : 'invalid';

/**
 * `verifySignature` in two steps: the returned promise settles once the key is imported and WebCrypto has
 * been handed the data; `outcome` settles when it is done. A caller can do other work (scanning a large CRL)
 * while WebCrypto hashes on its own thread. The outcome is wrapped so it is not awaited along with the start.
 */
export async function startVerification(
  spki: Uint8Array,
  algorithm: AlgorithmRef,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<{ outcome: Promise<VerifyOutcome> }> {
  const done = (outcome: VerifyOutcome) => ({ outcome: Promise.resolve(outcome) });
  let steps: Plan | undefined;
  try {
    steps = plan(spki, algorithm);
  } catch {
    return done('invalid');
  }
  if (!steps) return done('unsupported');
  const hash =
    (steps.importAlgorithm as { hash?: string }).hash ?? (steps.verifyAlgorithm as { hash?: string }).hash;
  if (hash && !WEBCRYPTO_HASHES.has(hash)) return done('unsupported');
  const value = steps.ecFieldBytes === undefined ? signature : ecdsaRaw(signature, steps.ecFieldBytes);
  if (!value) return done('invalid');
  let key: CryptoKey;
  try {
    key = await importKey(steps);
  } catch (error) {
    return done(failed(error));
  }
  let pending: Promise<boolean>;
  try {
    pending = crypto.subtle.verify(steps.verifyAlgorithm, key, value as BufferSource, data as BufferSource);
  } catch (error) {
    return done(failed(error));
  }
  return { outcome: pending.then((ok) => (ok ? 'valid' : 'invalid'), failed) };
}

/** Readable name of a signature algorithm for messages. */
export function algorithmLabel(algorithm: AlgorithmRef): string {
  return algorithm.oid;
}
