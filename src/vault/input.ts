/**
 * What `Vault.importCertificates` accepts, sorted out before anything is written: PEM (one or several
 * blocks, certificates and PKCS#7 mixed), DER certificates, PKCS#7 `.p7b` / `.p7c` (DER, BER or PEM) and
 * PKCS#12 `.p12` / `.pfx` (with a password). Everything is parsed first so a bad block fails the whole
 * import before the transaction starts.
 */
import { TAG, childrenOf, contentBytes, readTlv } from '../asn1/reader.js';
import { CERTIFICATE_LABELS, parseCertificate } from '../certificate/parse.js';
import type { CertificateInfo } from '../certificate/types.js';
import { decodePem, type PemBlock } from '../encoding/pem.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import type { SignatureHash } from '../keys/token.js';
import { importPkcs12 } from '../pkcs12/import.js';
import { readPkcs12 } from '../pkcs12/read.js';
import { PKCS7_LABELS, PKCS7_MAX_BYTES, parsePkcs7Certificates } from '../pkcs7/certificates.js';
import type { ImportFormat } from './schema.js';

export interface ReadInputOptions {
  /** The PKCS#12 password (an empty string is a valid password). */
  password?: string;
  /** Keep the PKCS#12 private key extractable. */
  extractable?: boolean;
  hash?: SignatureHash;
}

export interface ReadInput {
  format: Exclude<ImportFormat, 'backup'>;
  certificates: CertificateInfo[];
  /** The PKCS#12 private key and the leaf it belongs to. */
  key?: { privateKey: CryptoKey; certificate: CertificateInfo; friendlyName?: string };
  /** PEM labels that were skipped (a private key pasted with its certificate, a CRL). */
  skipped: string[];
}

const CERTIFICATE = new Set<string>(CERTIFICATE_LABELS);
const PKCS7 = new Set<string>(PKCS7_LABELS);

/** PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, ... }: enough to ask for a password. */
function looksLikePkcs12(der: Uint8Array): boolean {
  try {
    const top = readTlv(der, 0, der.length);
    const fields = childrenOf(der, top, 4);
    const version = fields[0];
    if (version?.tag !== TAG.INTEGER || fields[1]?.tag !== TAG.SEQUENCE) return false;
    const value = contentBytes(der, version);
    return value.length === 1 && value[0] === 3;
  } catch {
    return false;
  }
}

async function readPkcs12File(der: Uint8Array, options: ReadInputOptions): Promise<ReadInput> {
  const password = options.password ?? '';
  try {
    const imported = await importPkcs12(der, password, {
      extractable: options.extractable === true,
      ...(options.hash && { hash: options.hash }),
    });
    const leaf = parseCertificate(imported.certificate);
    return {
      format: 'pkcs12',
      certificates: [leaf, ...imported.chain.map((bytes) => parseCertificate(bytes))],
      key: {
        privateKey: imported.key,
        certificate: leaf,
        ...(imported.friendlyName !== undefined && { friendlyName: imported.friendlyName }),
      },
      skipped: [],
    };
  } catch (error) {
    // A certificates-only PKCS#12 (a chain exported without its key) is still worth importing.
    if (!(error instanceof ShirushiError) || error.code !== 'pkcs12/no-key') throw error;
    const contents = await readPkcs12(der, password);
    const certificates = contents.certificates.map((entry) => parseCertificate(entry.der));
    if (certificates.length === 0) throw error;
    return { format: 'pkcs12', certificates, skipped: [] };
  }
}

function readDer(der: Uint8Array): ReadInput | undefined {
  try {
    return { format: 'der', certificates: [parseCertificate(der)], skipped: [] };
  } catch (certificateError) {
    try {
      const list = parsePkcs7Certificates(der);
      return { format: 'pkcs7', certificates: list.map((bytes) => parseCertificate(bytes)), skipped: [] };
    } catch {
      if (looksLikePkcs12(der)) return undefined;
      throw certificateError;
    }
  }
}

function readBlocks(blocks: PemBlock[]): ReadInput {
  const certificates: CertificateInfo[] = [];
  const skipped: string[] = [];
  let pkcs7 = false;
  for (const block of blocks) {
    if (block.label === '') {
      const read = readDer(block.der);
      if (!read) throw new ShirushiError('vault/password-required');
      certificates.push(...read.certificates);
      pkcs7 ||= read.format === 'pkcs7';
    } else if (CERTIFICATE.has(block.label)) {
      certificates.push(parseCertificate(block.der));
    } else if (PKCS7.has(block.label)) {
      certificates.push(...parsePkcs7Certificates(block.der).map((bytes) => parseCertificate(bytes)));
      pkcs7 = true;
    } else {
      skipped.push(block.label);
    }
  }
  if (certificates.length === 0) {
    throw new ShirushiError('vault/no-certificates', { detail: skipped.join(', ') || 'no PEM blocks' });
  }
  const onlyPkcs7 = pkcs7 && blocks.every((block) => PKCS7.has(block.label) || block.label === '');
  return { format: onlyPkcs7 ? 'pkcs7' : 'pem', certificates, skipped };
}

/** Sorts out and parses an import. */
export async function readInput(
  input: Uint8Array | ArrayBuffer | string,
  options: ReadInputOptions = {},
): Promise<ReadInput> {
  if (typeof input !== 'string') {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (bytes.length === 0) throw new ShirushiError('input/empty');
    if (bytes.length > PKCS7_MAX_BYTES) {
      throw new ShirushiError('input/too-large', { size: bytes.length, limit: PKCS7_MAX_BYTES });
    }
    if (bytes[0] === 0x30) {
      if (options.password !== undefined && looksLikePkcs12(bytes)) return readPkcs12File(bytes, options);
      const read = readDer(bytes);
      if (read) return read;
      if (options.password === undefined) throw new ShirushiError('vault/password-required');
      return readPkcs12File(bytes, options);
    }
    input = new TextDecoder('utf-8').decode(bytes);
  }
  const blocks = decodePem(input, { maxBytes: PKCS7_MAX_BYTES });
  if (options.password !== undefined && blocks.length === 1 && blocks[0]!.label === '') {
    if (looksLikePkcs12(blocks[0]!.der)) return readPkcs12File(blocks[0]!.der, options);
  }
  return readBlocks(blocks);
}
