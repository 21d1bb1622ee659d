/**
 * Certificates from a PKCS#7 / CMS SignedData (RFC 2315, RFC 5652), the "certs-only" `.p7b` / `.p7c` files
 * CAs and Windows hand out for chains. Signatures and signer infos are not looked at: a certs-only file
 * has none, and trust in the certificates comes from path validation, never from the container.
 */
import { TAG, childrenOf, contextTag, elementBytes, readOidAt, readTlv, type Tlv } from '../asn1/reader.js';
import { decodePem } from '../encoding/pem.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { normalizeBer } from './ber.js';

/** Largest PKCS#7 file accepted, in bytes (a chain is a few kilobytes; a CA bundle rarely 1 MiB). */
export const PKCS7_MAX_BYTES = 16 * 1024 * 1024;
/** PEM labels of PKCS#7 files: OpenSSL writes `PKCS7`, RFC 7468 names `CMS`. */
export const PKCS7_LABELS = ['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA'] as const;

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const CONTENT_TYPES: Record<string, string> = {
  '1.2.840.113549.1.7.1': 'data',
  '1.2.840.113549.1.7.3': 'envelopedData',
  '1.2.840.113549.1.7.5': 'digestedData',
  '1.2.840.113549.1.7.6': 'encryptedData',
  '1.2.840.113549.1.9.16.1.2': 'authData',
};

function malformed(detail: string): ShirushiError {
  return new ShirushiError('pkcs7/malformed', { detail });
}

function expect(node: Tlv | undefined, tag: number, what: string): Tlv {
  if (!node || node.tag !== tag) throw malformed(what);
  return node;
}

/** DER (or BER) bytes, or PEM / base64 text as a string or as bytes. */
function toBytes(input: Uint8Array | ArrayBuffer | string): Uint8Array {
  if (typeof input !== 'string') {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (bytes.length === 0) throw new ShirushiError('input/empty');
    if (bytes.length > PKCS7_MAX_BYTES) {
      throw new ShirushiError('input/too-large', { size: bytes.length, limit: PKCS7_MAX_BYTES });
    }
    if (bytes[0] === 0x30) return bytes;
    input = new TextDecoder('utf-8').decode(bytes);
  }
  const blocks = decodePem(input, { maxBytes: PKCS7_MAX_BYTES });
  const block = blocks.find((b) => b.label === '' || (PKCS7_LABELS as readonly string[]).includes(b.label));
  if (!block) {
    throw new ShirushiError('pem/wrong-label', { found: blocks[0]?.label ?? '', expected: 'PKCS7' });
  }
  return block.der;
}

/**
 * The certificates of a PKCS#7 SignedData, as DER, in the order the file lists them (usually leaf first,
 * but not always: sort with the path builder, not by position). Input: DER or BER bytes, or PEM with the
 * label `PKCS7` or `CMS` (text or bytes). Attribute certificates and other non-X.509 entries are skipped.
 * Errors: `pkcs7/not-signed-data`, `pkcs7/no-certificates` (e.g. a CRL-only file), `pkcs7/malformed`.
 */
export function parsePkcs7Certificates(input: Uint8Array | ArrayBuffer | string): Uint8Array[] {
  let der: Uint8Array;
  try {
    der = normalizeBer(toBytes(input));
  } catch (error) {
    if (error instanceof ShirushiError && error.code.startsWith('der/')) {
      throw new ShirushiError('pkcs7/malformed', { detail: error.messages.en }, { cause: error });
    }
    throw error;
  }
  try {
    const top = readTlv(der, 0, der.length);
    if (top.end !== der.length) throw malformed(`${der.length - top.end} bytes after the structure`);
    const contentInfo = childrenOf(der, expect(top, TAG.SEQUENCE, 'ContentInfo'));
    const contentType = readOidAt(der, expect(contentInfo[0], TAG.OID, 'contentType'));
    if (contentType !== OID_SIGNED_DATA) {
      throw new ShirushiError('pkcs7/not-signed-data', {
        contentType: CONTENT_TYPES[contentType] ?? contentType,
      });
    }
    const explicit = childrenOf(der, expect(contentInfo[1], contextTag(0, true), 'content'));
    const signedData = childrenOf(der, expect(explicit[0], TAG.SEQUENCE, 'SignedData'));
    // version, digestAlgorithms, encapContentInfo, then [0] certificates and [1] crls, then signerInfos.
    expect(signedData[0], TAG.INTEGER, 'SignedData version');
    expect(signedData[1], TAG.SET, 'digestAlgorithms');
    expect(signedData[2], TAG.SEQUENCE, 'encapContentInfo');
    const certificates = signedData.find((field, i) => i >= 3 && field.tag === contextTag(0, true));
    const result: Uint8Array[] = [];
    if (certificates) {
      for (const choice of childrenOf(der, certificates)) {
        // CertificateChoices: a plain Certificate is a SEQUENCE; [0]-[3] are other kinds of certificate.
        if (choice.tag === TAG.SEQUENCE) result.push(elementBytes(der, choice).slice());
      }
    }
    if (result.length === 0) throw new ShirushiError('pkcs7/no-certificates');
    return result;
  } catch (error) {
    if (error instanceof ShirushiError && error.code.startsWith('der/')) {
      throw new ShirushiError('pkcs7/malformed', { detail: error.messages.en }, { cause: error });
    }
    throw error;
  }
}
