import { parseCertificate } from '../certificate/parse.js';
import type { CertificateInfo } from '../certificate/types.js';
import {
  contextSpecific,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
  setOf,
  tlv,
  algorithmIdentifier,
} from '../asn1/writer.js';
import type { DerInput } from '../encoding/pem.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { sha1 } from '../hash/sha.js';
import { readPrivateKeyInfo } from '../keys/pkcs8.js';
import { describe } from '../keys/token.js';
import { bmpPassword, hashSize, type Pkcs12Hash } from './kdf.js';
import { MAX_PKCS12_KDF_ITERATIONS, pbeEncrypt, type PbeChoice, type Pkcs12Password } from './pbe.js';
import { OID, pkcs12Mac } from './read.js';

/** Iterations written by default: modern files (PBKDF2 and the MAC's KDF). */
export const PKCS12_ITERATIONS = 100_000;
/** Iterations written by default in legacy files, as OpenSSL and Windows write them. */
export const PKCS12_LEGACY_ITERATIONS = 2048;

export interface ExportPkcs12Options {
  /** The private key; it must be extractable. */
  key: CryptoKey;
  /** The key's certificate: DER, PEM or base64. */
  certificate: DerInput;
  /** Issuer certificates to include (DER, PEM or base64 each), leaf's issuer first. */
  chain?: DerInput[];
  /** Protects the key and the file; must not be empty. */
  password: string;
  /**
   * Legacy layout for systems without PBES2 (Windows before 10 1709 / Server 2019, old Java, old macOS):
   * `true` writes the key with pbeWithSHAAnd3-KeyTripleDES-CBC, the certificates with
   * pbeWithSHAAnd40BitRC2-CBC and a SHA-1 MAC, as `openssl pkcs12 -export -legacy` does.
   * `'3des'` encrypts the certificates with 3DES too (readable by OpenSSL 3 without its legacy provider).
   */
  legacy?: boolean | '3des';
  /** The friendlyName shown by Windows and Keychain; default: the certificate's common name. `''` omits it. */
  friendlyName?: string;
  /**
   * Iterations of PBKDF2 and of the MAC's KDF. Default `PKCS12_ITERATIONS` (100 000; OpenSSL 3 writes
   * 2048, which makes password guessing cheap), or `PKCS12_LEGACY_ITERATIONS` (2048) in legacy mode.
   */
  iterations?: number;
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return sequence(oid(type), setOf(value));
}

function bmpString(text: string): Uint8Array {
  const bytes = bmpPassword(text);
  return tlv(0x1e, bytes.subarray(0, bytes.length - 2));
}

function attributes(friendlyName: string | undefined, localKeyId: Uint8Array | undefined): Uint8Array[] {
  const list: Uint8Array[] = [];
  if (friendlyName) list.push(attribute(OID.friendlyName, bmpString(friendlyName)));
  if (localKeyId) list.push(attribute(OID.localKeyId, octetString(localKeyId)));
  return list.length > 0 ? [setOf(...list)] : [];
}

function safeBag(type: string, value: Uint8Array, attrs: Uint8Array[]): Uint8Array {
  return sequence(oid(type), contextSpecific(0, true, value), ...attrs);
}

function parse(input: DerInput, what: string): CertificateInfo {
  try {
    return parseCertificate(input);
  } catch (error) {
    if (error instanceof ShirushiError) throw error;
    throw new ShirushiError('certificate/not-a-certificate', { detail: `${what}: ${describe(error)}` });
  }
}

/**
 * Writes a PKCS#12 (.p12 / .pfx) file with the key, its certificate and the chain. Modern (default):
 * PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC for the key and for the certificates, HMAC-SHA-256 MAC,
 * the layout of OpenSSL 3's `openssl pkcs12 -export`. Legacy: see `legacy`. The key and the leaf
 * certificate carry localKeyId (the certificate's SHA-1, as OpenSSL writes it) and friendlyName.
 *
 * Errors: `pkcs12/not-extractable`, `pkcs12/empty-password`, `pkcs12/key-mismatch` (the key is not the
 * certificate's), certificate parse errors, `key/export-failed`.
 */
export async function exportPkcs12(options: ExportPkcs12Options): Promise<Uint8Array> {
  const { key, password, legacy = false } = options;
  if (typeof key !== 'object' || key === null || key.type !== 'private') {
    throw new ShirushiError('key/not-private', {
      type: String((key as CryptoKey | null)?.type ?? typeof key),
    });
  }
  if (!key.extractable) throw new ShirushiError('pkcs12/not-extractable');
  if (typeof password !== 'string' || password === '') throw new ShirushiError('pkcs12/empty-password');
  const iterations = options.iterations ?? (legacy ? PKCS12_LEGACY_ITERATIONS : PKCS12_ITERATIONS);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_PKCS12_KDF_ITERATIONS) {
    throw new ShirushiError('pkcs12/iterations-too-high', { iterations, limit: MAX_PKCS12_KDF_ITERATIONS });
  }
  const leaf = parse(options.certificate, 'certificate');
  const chain = (options.chain ?? []).map((item, index) => parse(item, `chain ${index}`));

  let pkcs8: Uint8Array;
  try {
    pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
  } catch (error) {
    throw new ShirushiError('key/export-failed', { detail: describe(error) }, { cause: error });
  }
  let decoded: ReturnType<typeof readPrivateKeyInfo> | undefined;
  try {
    decoded = readPrivateKeyInfo(pkcs8);
    const spki = decoded.spki;
    if (
      spki &&
      !(spki.length === leaf.publicKey.spki.length && spki.every((b, i) => b === leaf.publicKey.spki[i]))
    ) {
      throw new ShirushiError('pkcs12/key-mismatch');
    }
    const secret: Pkcs12Password = { text: password, bmp: bmpPassword(password) };
    const keyChoice: PbeChoice = legacy ? '3des' : 'pbes2-aes256';
    const certificateChoice: PbeChoice = legacy === true ? 'rc2-40' : legacy ? '3des' : 'pbes2-aes256';
    const macHash: Pkcs12Hash = legacy ? 'SHA-1' : 'SHA-256';
    const localKeyId = sha1(leaf.der);
    const friendlyName = options.friendlyName ?? leaf.subject.commonName;

    const certificateBags = [leaf, ...chain].map((info, index) =>
      safeBag(
        OID.certBag,
        sequence(oid(OID.x509Certificate), contextSpecific(0, true, octetString(info.der))),
        index === 0 ? attributes(friendlyName, localKeyId) : [],
      ),
    );
    const certificates = await pbeEncrypt(
      sequence(...certificateBags),
      secret,
      certificateChoice,
      iterations,
    );
    const encryptedKey = await pbeEncrypt(decoded.pkcs8, secret, keyChoice, iterations);
    const keyBag = safeBag(
      OID.shroudedKeyBag,
      sequence(encryptedKey.algorithm, octetString(encryptedKey.ciphertext)),
      attributes(friendlyName, localKeyId),
    );
    const authenticatedSafe = sequence(
      sequence(
        oid(OID.encryptedData),
        contextSpecific(
          0,
          true,
          sequence(
            integer(0),
            sequence(
              oid(OID.data),
              certificates.algorithm,
              contextSpecific(0, false, certificates.ciphertext),
            ),
          ),
        ),
      ),
      sequence(oid(OID.data), contextSpecific(0, true, octetString(sequence(keyBag)))),
    );
    const salt = crypto.getRandomValues(new Uint8Array(8));
    const mac = await pkcs12Mac(macHash, secret.bmp, salt, iterations, authenticatedSafe);
    const macOid = macHash === 'SHA-1' ? OID.sha1 : OID.sha256;
    if (mac.length !== hashSize(macHash)) throw new Error('unexpected MAC size');
    return sequence(
      integer(3),
      sequence(oid(OID.data), contextSpecific(0, true, octetString(authenticatedSafe))),
      sequence(
        sequence(algorithmIdentifier(macOid, nullValue()), octetString(mac)),
        octetString(salt),
        integer(iterations),
      ),
    );
  } finally {
    pkcs8.fill(0);
    decoded?.pkcs8.fill(0);
  }
}
