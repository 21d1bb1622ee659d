/**
 * Reading PKCS#12 (RFC 7292) in password integrity and password privacy mode, the only modes CAs and
 * browsers use: the PFX, its MAC, the AuthenticatedSafe of plain and encrypted SafeContents, and the bags.
 * Input may be BER (Windows writes indefinite lengths); it is normalised first, leaving the MAC'd octets
 * as they were.
 */
import {
  TAG,
  childrenOf,
  contentBytes,
  contextTag,
  elementBytes,
  readBigIntegerAt,
  readOidAt,
  readSmallIntegerAt,
  readTlv,
  type Tlv,
} from '../asn1/reader.js';
import { decodePem } from '../encoding/pem.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { normalizeBer } from '../pkcs7/ber.js';
import { bmpPassword, bytewiseBmpPassword, hashSize, KDF_MAC, pkcs12Kdf, type Pkcs12Hash } from './kdf.js';
import { checkIterations, MAX_PKCS12_KDF_ITERATIONS, pbeDecrypt, type Pkcs12Password } from './pbe.js';

/** Largest PKCS#12 file accepted, in bytes (a key with its chain is under 10 KiB). */
export const PKCS12_MAX_BYTES = 8 * 1024 * 1024;
/** Deepest nesting of safeContentsBag accepted. */
const MAX_BAG_NESTING = 4;

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  envelopedData: '1.2.840.113549.1.7.3',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  crlBag: '1.2.840.113549.1.12.10.1.4',
  secretBag: '1.2.840.113549.1.12.10.1.5',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  pbmac1: '1.2.840.113549.1.5.14',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
} as const;

export const MAC_HASHES: Record<string, Pkcs12Hash> = {
  [OID.sha1]: 'SHA-1',
  [OID.sha256]: 'SHA-256',
  [OID.sha384]: 'SHA-384',
  [OID.sha512]: 'SHA-512',
};

/** The attributes shirushi reads from a bag. */
export interface Pkcs12BagAttributes {
  /** friendlyName (PKCS#9): the label Windows and Keychain show. */
  friendlyName?: string;
  /** localKeyId: pairs a key bag with its certificate bag (OpenSSL writes the certificate's SHA-1). */
  localKeyId?: Uint8Array;
}

export interface Pkcs12KeyEntry extends Pkcs12BagAttributes {
  /** Decrypted PKCS#8 PrivateKeyInfo (DER). Wipe it with `fill(0)` when done. */
  pkcs8: Uint8Array;
}

export interface Pkcs12CertificateEntry extends Pkcs12BagAttributes {
  /** The certificate's DER. */
  der: Uint8Array;
}

/** Everything in a PKCS#12 file, decrypted. */
export interface Pkcs12Contents {
  keys: Pkcs12KeyEntry[];
  certificates: Pkcs12CertificateEntry[];
  /** The MAC's hash and iteration count; absent for files written without a MAC (`-nomac`). */
  mac?: { hash: Pkcs12Hash; iterations: number };
}

function malformed(detail: string): ShirushiError {
  return new ShirushiError('pkcs12/malformed', { detail });
}

function expect(node: Tlv | undefined, tag: number, what: string): Tlv {
  if (!node || node.tag !== tag) throw malformed(what);
  return node;
}

function toBytes(input: Uint8Array | ArrayBuffer | string): Uint8Array {
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    // Base64 pasted as text; PEM armour is accepted too although no standard label exists.
    const [block] = decodePem(input, { maxBytes: PKCS12_MAX_BYTES });
    bytes = block!.der;
  } else {
    bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  }
  if (bytes.length === 0) throw new ShirushiError('input/empty');
  if (bytes.length > PKCS12_MAX_BYTES) {
    throw new ShirushiError('input/too-large', { size: bytes.length, limit: PKCS12_MAX_BYTES });
  }
  return bytes;
}

/** Parses a (normalised) DER structure that must fill `der`. */
function top(der: Uint8Array, what: string): Tlv {
  const node = readTlv(der, 0, der.length);
  if (node.end !== der.length) throw malformed(`${what}: ${der.length - node.end} bytes after the structure`);
  return expect(node, TAG.SEQUENCE, what);
}

function decodeBmp(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return text;
}

function readAttributes(der: Uint8Array, set: Tlv | undefined): Pkcs12BagAttributes {
  const result: Pkcs12BagAttributes = {};
  if (!set) return result;
  if (set.tag !== TAG.SET) throw malformed('bagAttributes');
  for (const attribute of childrenOf(der, set)) {
    const [type, values] = childrenOf(der, expect(attribute, TAG.SEQUENCE, 'attribute'));
    const oid = readOidAt(der, expect(type, TAG.OID, 'attribute type'));
    const [value] = childrenOf(der, expect(values, TAG.SET, 'attribute values'));
    if (!value) continue;
    if (oid === OID.friendlyName && value.tag === 0x1e)
      result.friendlyName = decodeBmp(contentBytes(der, value));
    if (oid === OID.localKeyId && value.tag === TAG.OCTET_STRING) {
      result.localKeyId = contentBytes(der, value).slice();
    }
  }
  return result;
}

/** The password as the readers pass it on; `verified` once the file's MAC proved it right. */
interface Secret extends Pkcs12Password {
  verified: boolean;
}

/**
 * Reads bytes that came out of a decryption. Without a MAC nothing proves the password: a wrong one leaves
 * valid padding about once in 256 tries, and the garbage then fails to parse. That is far likelier than a
 * broken file, so it is reported as a wrong password; with a verified MAC, a parse failure is malformed.
 */
async function readDecrypted<T>(secret: Secret, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    const wrapped = wrap(error);
    if (!secret.verified && wrapped instanceof ShirushiError && wrapped.code === 'pkcs12/malformed') {
      throw new ShirushiError('pkcs12/wrong-password', {}, { cause: wrapped });
    }
    throw wrapped;
  }
}

async function readSafeContents(
  plain: Uint8Array,
  password: Secret,
  out: Pkcs12Contents,
  depth: number,
): Promise<void> {
  if (depth > MAX_BAG_NESTING) throw malformed('safe contents nested too deep');
  const der = normalizeBer(plain);
  for (const bag of childrenOf(der, top(der, 'SafeContents'))) {
    const [idNode, valueNode, attributesNode, extra] = childrenOf(der, expect(bag, TAG.SEQUENCE, 'SafeBag'));
    if (extra) throw malformed('SafeBag');
    const bagId = readOidAt(der, expect(idNode, TAG.OID, 'bagId'));
    const [value] = childrenOf(der, expect(valueNode, contextTag(0, true), 'bagValue'));
    if (!value) throw malformed('bagValue');
    const attributes = readAttributes(der, attributesNode);
    switch (bagId) {
      case OID.keyBag:
        out.keys.push({ pkcs8: elementBytes(der, value).slice(), ...attributes });
        break;
      case OID.shroudedKeyBag: {
        const [algorithm, data, more] = childrenOf(
          der,
          expect(value, TAG.SEQUENCE, 'EncryptedPrivateKeyInfo'),
        );
        if (!algorithm || more) throw malformed('EncryptedPrivateKeyInfo');
        const ciphertext = contentBytes(der, expect(data, TAG.OCTET_STRING, 'encryptedData'));
        const decrypted = await pbeDecrypt(der, algorithm, ciphertext, password);
        const pkcs8 = await readDecrypted(password, () => normalizeBer(decrypted));
        out.keys.push({ pkcs8, ...attributes });
        break;
      }
      case OID.certBag: {
        const [certId, certValue] = childrenOf(der, expect(value, TAG.SEQUENCE, 'CertBag'));
        if (readOidAt(der, expect(certId, TAG.OID, 'certId')) !== OID.x509Certificate) break;
        const [octets] = childrenOf(der, expect(certValue, contextTag(0, true), 'certValue'));
        const certificate = contentBytes(der, expect(octets, TAG.OCTET_STRING, 'certValue'));
        out.certificates.push({ der: normalizeBer(certificate).slice(), ...attributes });
        break;
      }
      case OID.safeContentsBag:
        await readSafeContents(elementBytes(der, value), password, out, depth + 1);
        break;
      default:
        // CRL and secret bags are legal and ignored: shirushi keeps keys and certificates.
        break;
    }
  }
}

interface MacData {
  hash: Pkcs12Hash;
  digest: Uint8Array;
  salt: Uint8Array;
  iterations: number;
}

function readMacData(der: Uint8Array, node: Tlv): MacData {
  const [digestInfo, saltNode, iterationNode, extra] = childrenOf(der, expect(node, TAG.SEQUENCE, 'MacData'));
  if (extra) throw malformed('MacData');
  const [algorithm, digestNode] = childrenOf(der, expect(digestInfo, TAG.SEQUENCE, 'MacData digest'));
  const [oidNode, parameters] = childrenOf(der, expect(algorithm, TAG.SEQUENCE, 'MAC algorithm'));
  const oid = readOidAt(der, expect(oidNode, TAG.OID, 'MAC algorithm'));
  if (oid === OID.pbmac1) {
    throw new ShirushiError('pkcs12/unsupported-algorithm', { detail: 'PBMAC1 (RFC 9579)' });
  }
  const hash = MAC_HASHES[oid];
  if (!hash) throw new ShirushiError('pkcs12/unsupported-algorithm', { detail: `MAC hash ${oid}` });
  if (parameters && (parameters.tag !== TAG.NULL || parameters.end !== parameters.content)) {
    throw malformed('MAC algorithm parameters');
  }
  const digest = contentBytes(der, expect(digestNode, TAG.OCTET_STRING, 'MAC value'));
  if (digest.length !== hashSize(hash)) throw malformed(`MAC of ${digest.length} bytes`);
  const salt = contentBytes(der, expect(saltNode, TAG.OCTET_STRING, 'MAC salt'));
  const iterations = iterationNode
    ? checkIterations(
        readBigIntegerAt(der, expect(iterationNode, TAG.INTEGER, 'MAC iterations')),
        MAX_PKCS12_KDF_ITERATIONS,
      )
    : 1;
  return { hash, digest, salt, iterations };
}

/** HMAC over the AuthenticatedSafe octets with the PKCS#12-derived MAC key. */
export async function pkcs12Mac(
  hash: Pkcs12Hash,
  password: Uint8Array,
  salt: Uint8Array,
  iterations: number,
  data: Uint8Array,
): Promise<Uint8Array> {
  const keyBytes = pkcs12Kdf(hash, password, salt, iterations, KDF_MAC, hashSize(hash));
  const key = await crypto.subtle.importKey('raw', keyBytes as BufferSource, { name: 'HMAC', hash }, false, [
    'sign',
  ]);
  keyBytes.fill(0);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, data as BufferSource));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** The password forms to try against the MAC, most likely first. */
function passwordForms(password: string): Uint8Array[] {
  const forms = [bmpPassword(password)];
  // OpenSSL treats an empty password as either "" (two zero bytes) or none at all (no bytes).
  if (password === '') forms.push(new Uint8Array(0));
  // Files from OpenSSL before 1.1.0 took each UTF-8 byte as one BMP character.
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(password)) forms.push(bytewiseBmpPassword(password));
  return forms;
}

function wrap(error: unknown): unknown {
  if (error instanceof ShirushiError && error.code.startsWith('der/')) {
    return new ShirushiError('pkcs12/malformed', { detail: error.messages.en }, { cause: error });
  }
  return error;
}

/**
 * Opens a PKCS#12 file: checks the MAC (a mismatch is `pkcs12/wrong-password`), decrypts every bag and
 * returns the private keys (PKCS#8) and certificates (DER) with their friendlyName and localKeyId, in file
 * order. Encryption: PBES2 (PBKDF2 with HMAC-SHA-1/256/384/512, AES-128/192/256-CBC) and the PKCS#12
 * schemes with 3DES (3-key and 2-key) and RC2 (40 and 128 bit). Iteration counts above
 * `MAX_PKCS12_KDF_ITERATIONS` (MAC, legacy schemes) or `MAX_PBKDF2_ITERATIONS` (PBES2) are refused with
 * `pkcs12/iterations-too-high` before any work is done on them.
 */
export async function readPkcs12(
  input: Uint8Array | ArrayBuffer | string,
  password: string,
): Promise<Pkcs12Contents> {
  if (typeof password !== 'string') throw new ShirushiError('pkcs12/wrong-password');
  try {
    const der = normalizeBer(toBytes(input));
    const [versionNode, authSafe, macNode, extra] = childrenOf(der, top(der, 'PFX'));
    if (extra) throw malformed('PFX');
    const version = readSmallIntegerAt(der, expect(versionNode, TAG.INTEGER, 'PFX version'));
    if (version !== 3) throw malformed(`PFX version ${version}`);
    const [typeNode, contentNode] = childrenOf(der, expect(authSafe, TAG.SEQUENCE, 'authSafe'));
    const contentType = readOidAt(der, expect(typeNode, TAG.OID, 'authSafe contentType'));
    if (contentType === OID.signedData) {
      throw new ShirushiError('pkcs12/unsupported-algorithm', { detail: 'public-key integrity mode' });
    }
    if (contentType !== OID.data) throw malformed(`authSafe content type ${contentType}`);
    const [octets] = childrenOf(der, expect(contentNode, contextTag(0, true), 'authSafe content'));
    const authSafeBytes = contentBytes(der, expect(octets, TAG.OCTET_STRING, 'authSafe content'));

    let bmp = bmpPassword(password);
    let mac: MacData | undefined;
    if (macNode) {
      mac = readMacData(der, macNode);
      let matched: Uint8Array | undefined;
      for (const form of passwordForms(password)) {
        const computed = await pkcs12Mac(mac.hash, form, mac.salt, mac.iterations, authSafeBytes);
        if (sameBytes(computed, mac.digest)) {
          matched = form;
          break;
        }
      }
      if (!matched) throw new ShirushiError('pkcs12/wrong-password');
      bmp = matched;
    }
    const secret: Secret = { text: password, bmp, verified: mac !== undefined };
    const out: Pkcs12Contents = {
      keys: [],
      certificates: [],
      ...(mac && { mac: { hash: mac.hash, iterations: mac.iterations } }),
    };
    const safe = normalizeBer(authSafeBytes);
    for (const info of childrenOf(safe, top(safe, 'AuthenticatedSafe'))) {
      const [typeOid, content] = childrenOf(safe, expect(info, TAG.SEQUENCE, 'ContentInfo'));
      const type = readOidAt(safe, expect(typeOid, TAG.OID, 'ContentInfo contentType'));
      const [inner] = childrenOf(safe, expect(content, contextTag(0, true), 'ContentInfo content'));
      if (type === OID.data) {
        const plain = contentBytes(safe, expect(inner, TAG.OCTET_STRING, 'data content'));
        await readSafeContents(plain, secret, out, 1);
      } else if (type === OID.encryptedData) {
        const [encVersion, encrypted] = childrenOf(safe, expect(inner, TAG.SEQUENCE, 'EncryptedData'));
        expect(encVersion, TAG.INTEGER, 'EncryptedData version');
        const [innerType, algorithm, body] = childrenOf(
          safe,
          expect(encrypted, TAG.SEQUENCE, 'EncryptedContentInfo'),
        );
        if (readOidAt(safe, expect(innerType, TAG.OID, 'EncryptedContentInfo type')) !== OID.data) {
          throw malformed('EncryptedContentInfo content type');
        }
        if (!algorithm) throw malformed('EncryptedContentInfo algorithm');
        if (!body) continue;
        // [0] IMPLICIT OCTET STRING: primitive, or constructed from OCTET STRING chunks (BER writers).
        let ciphertext: Uint8Array;
        if (body.tag === contextTag(0, false)) ciphertext = contentBytes(safe, body);
        else if (body.tag === contextTag(0, true)) {
          const chunks = childrenOf(safe, body).map((chunk) =>
            contentBytes(safe, expect(chunk, TAG.OCTET_STRING, 'encryptedContent')),
          );
          ciphertext = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
          let offset = 0;
          for (const chunk of chunks) {
            ciphertext.set(chunk, offset);
            offset += chunk.length;
          }
        } else throw malformed('encryptedContent');
        const decrypted = await pbeDecrypt(safe, algorithm, ciphertext, secret);
        await readDecrypted(secret, () => readSafeContents(decrypted, secret, out, 1));
      } else if (type === OID.envelopedData) {
        throw new ShirushiError('pkcs12/unsupported-algorithm', { detail: 'public-key privacy mode' });
      } else {
        throw malformed(`ContentInfo type ${type}`);
      }
    }
    return out;
  } catch (error) {
    throw wrap(error);
  }
}
