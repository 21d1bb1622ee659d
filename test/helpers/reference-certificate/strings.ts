import type * as asn1js from 'asn1js';

/** ASN.1 universal tag numbers of the string types that appear in names. */
const STRING_TYPES: Record<number, string> = {
  12: 'UTF8String',
  18: 'NumericString',
  19: 'PrintableString',
  20: 'TeletexString',
  21: 'VideotexString',
  22: 'IA5String',
  25: 'GraphicString',
  26: 'VisibleString',
  27: 'GeneralString',
  28: 'UniversalString',
  30: 'BMPString',
};

const utf8 = new TextDecoder('utf-8');

function decodeUtf16be(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
  return out;
}

function decodeUtf32be(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const code = ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
    out += code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
  }
  return out;
}

function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}

/** The ASN.1 type name of a string element, or `undefined` when it is not a string type. */
export function stringTypeOf(node: asn1js.AsnType): string | undefined {
  const id = node.idBlock;
  return id.tagClass === 1 && !id.isConstructed ? STRING_TYPES[id.tagNumber] : undefined;
}

/**
 * Decodes a directory string from its raw bytes by its ASN.1 type: UTF-8 for UTF8String, UTF-16BE for
 * BMPString (what older Japanese CAs use for kanji), UTF-32BE for UniversalString, and Latin-1 for the
 * single-byte types (TeletexString is T.61 in theory and Latin-1 in practice).
 */
export function decodeDirectoryString(type: string, bytes: Uint8Array): string {
  switch (type) {
    case 'UTF8String':
      return utf8.decode(bytes);
    case 'BMPString':
      return decodeUtf16be(bytes);
    case 'UniversalString':
      return decodeUtf32be(bytes);
    default:
      return decodeLatin1(bytes);
  }
}

/** Raw content bytes of a primitive element. */
export function contentOf(node: asn1js.AsnType): Uint8Array {
  return (node.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
}
