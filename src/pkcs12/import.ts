import { TAG, childrenOf, contentBytes, readTlv } from '../asn1/reader.js';
import { parseCertificate } from '../certificate/parse.js';
import type { CertificateInfo } from '../certificate/types.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { importPrivateKey } from '../keys/import.js';
import { readPrivateKeyInfo, type DecodedPrivateKey } from '../keys/pkcs8.js';
import type { SignatureHash } from '../keys/token.js';
import { readPkcs12, type Pkcs12CertificateEntry } from './read.js';

export interface ImportPkcs12Options {
  /** Make the private key extractable (default false: it can sign but never leave the browser). */
  extractable?: boolean;
  /** For RSA keys, the hash the key will sign with (WebCrypto binds it to the key; default SHA-256). */
  hash?: SignatureHash;
}

/** A key and its certificates from a PKCS#12 file. */
export interface ImportedPkcs12 {
  /** The private key: RSASSA-PKCS1-v1_5 or ECDSA, usage `sign`. */
  key: CryptoKey;
  /** The certificate whose public key is the key's (DER). */
  certificate: Uint8Array;
  /** The other certificates (DER): the issuer chain first, leaf's issuer upwards, then any others. */
  chain: Uint8Array[];
  /** The friendlyName of the key or its certificate, when the file has one. */
  friendlyName?: string;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b || a.length !== b.length) return false;
  return a.every((byte, i) => byte === b[i]);
}

/**
 * The subjectPublicKey bits of an SPKI. Compared instead of the whole SPKI so that encoders that differ in
 * the algorithm parameters (an absent or present NULL for RSA) still pair a key with its certificate.
 */
function publicKeyBits(spki: Uint8Array): Uint8Array | undefined {
  try {
    const fields = childrenOf(spki, readTlv(spki, 0, spki.length));
    return fields[1]?.tag === TAG.BIT_STRING ? contentBytes(spki, fields[1]) : undefined;
  } catch {
    return undefined;
  }
}

function decodeKey(pkcs8: Uint8Array): DecodedPrivateKey {
  try {
    return readPrivateKeyInfo(pkcs8);
  } catch (error) {
    if (error instanceof ShirushiError && (error.code === 'key/malformed' || error.code.startsWith('der/'))) {
      throw new ShirushiError('pkcs12/malformed', { detail: error.messages.en }, { cause: error });
    }
    throw error;
  }
}

function parseEntry(entry: Pkcs12CertificateEntry): CertificateInfo {
  try {
    return parseCertificate(entry.der);
  } catch (error) {
    const detail = error instanceof ShirushiError ? error.messages.en : String(error);
    throw new ShirushiError('pkcs12/malformed', { detail: `certificate: ${detail}` }, { cause: error });
  }
}

/** Orders the other certificates issuer-first from the leaf, then the rest in file order. */
function orderChain(leaf: CertificateInfo, others: CertificateInfo[]): CertificateInfo[] {
  const remaining = [...others];
  const ordered: CertificateInfo[] = [];
  let current = leaf;
  while (!current.selfIssued) {
    const index = remaining.findIndex((candidate) => candidate.subject.rfc4514 === current.issuer.rfc4514);
    if (index < 0) break;
    current = remaining.splice(index, 1)[0]!;
    ordered.push(current);
  }
  return [...ordered, ...remaining];
}

/**
 * Imports the private key and certificates of a PKCS#12 (.p12 / .pfx) file: modern ones (PBES2 with
 * AES-CBC and PBKDF2, SHA-256 MAC; OpenSSL 3's default) and legacy ones (3DES keys, RC2-40 certificates,
 * SHA-1 MAC; Windows, OpenSSL 1.x, many CAs). The certificate returned is the one whose public key matches
 * the key (falling back to the localKeyId pairing); the other certificates come back as `chain`.
 *
 * Errors (`ShirushiError`): `pkcs12/wrong-password`, `pkcs12/malformed` (truncated or broken files),
 * `pkcs12/unsupported-algorithm`, `pkcs12/iterations-too-high`, `pkcs12/no-key`, `pkcs12/no-certificate`,
 * and the key/* codes of `importPrivateKey` for keys WebCrypto cannot take (e.g. `key/unsupported-curve`).
 * When a file holds several keys, the first one with a certificate is used. Iteration counts are capped
 * (`MAX_PKCS12_KDF_ITERATIONS`, 1 000 000, for the MAC and legacy schemes, whose KDF runs in JavaScript;
 * `MAX_PBKDF2_ITERATIONS`, 10 000 000, for PBES2 in WebCrypto), so a hostile file cannot keep the page busy.
 */
export async function importPkcs12(
  bytes: Uint8Array | ArrayBuffer | string,
  password: string,
  options: ImportPkcs12Options = {},
): Promise<ImportedPkcs12> {
  const contents = await readPkcs12(bytes, password);
  // Every copy of key material made here is wiped once the key is inside WebCrypto.
  const copies: Uint8Array[] = contents.keys.map((key) => key.pkcs8);
  try {
    if (contents.keys.length === 0) throw new ShirushiError('pkcs12/no-key');
    const certificates = contents.certificates.map((entry) => ({ entry, info: parseEntry(entry) }));
    let chosen: { decoded: DecodedPrivateKey; leafIndex: number; name?: string } | undefined;
    for (const key of contents.keys) {
      const decoded = decodeKey(key.pkcs8);
      copies.push(decoded.pkcs8);
      const bits = decoded.spki && publicKeyBits(decoded.spki);
      let leafIndex = certificates.findIndex(({ info }) =>
        sameBytes(publicKeyBits(info.publicKey.spki), bits),
      );
      if (leafIndex < 0 && !bits && key.localKeyId) {
        leafIndex = certificates.findIndex(({ entry }) => sameBytes(entry.localKeyId, key.localKeyId));
      }
      if (leafIndex >= 0) {
        const name = key.friendlyName ?? certificates[leafIndex]!.entry.friendlyName;
        chosen = { decoded, leafIndex, ...(name !== undefined && { name }) };
        break;
      }
    }
    if (!chosen) throw new ShirushiError('pkcs12/no-certificate');
    const leaf = certificates[chosen.leafIndex]!.info;
    const others = certificates.filter((_, i) => i !== chosen.leafIndex).map(({ info }) => info);
    const key = await importPrivateKey(chosen.decoded.pkcs8, undefined, {
      extractable: options.extractable === true,
      ...(options.hash && { hash: options.hash }),
    });
    return {
      key,
      certificate: leaf.der,
      chain: orderChain(leaf, others).map((info) => info.der),
      ...(chosen.name !== undefined && { friendlyName: chosen.name }),
    };
  } finally {
    for (const copy of copies) copy.fill(0);
  }
}
