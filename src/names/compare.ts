import { childrenOf, contentBytes, readOidAt, readTlv, TAG, type Tlv } from '../asn1/reader.js';
import { bytesToHex } from '../encoding/hex.js';
import { decodeDirectoryString } from './strings.js';

/** ASN.1 string tags whose values are compared as text (RFC 4518 caseIgnoreMatch, simplified). */
const TEXT_TYPES: Record<number, string> = {
  0x0c: 'UTF8String',
  0x12: 'NumericString',
  0x13: 'PrintableString',
  0x14: 'TeletexString',
  0x16: 'IA5String',
  0x1a: 'VisibleString',
  0x1c: 'UniversalString',
  0x1e: 'BMPString',
};

/**
 * RFC 4518 string preparation, reduced to what matters between real issuers: compatibility
 * normalisation, case folding, and insignificant space (leading, trailing and repeated spaces).
 */
function prepare(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function attributeKey(bytes: Uint8Array, atv: Tlv): string {
  const [type, value, extra] = childrenOf(bytes, atv, 3);
  if (!type || !value || extra || atv.tag !== TAG.SEQUENCE) throw new TypeError('AttributeTypeAndValue');
  const oid = readOidAt(bytes, type);
  const stringType = TEXT_TYPES[value.tag];
  if (stringType)
    return `${oid}=${JSON.stringify(prepare(decodeDirectoryString(stringType, contentBytes(bytes, value))))}`;
  return `${oid}=#${bytesToHex(bytes.subarray(value.start, value.end))}`;
}

/**
 * A key that is equal for two X.501 Names exactly when RFC 5280 section 7.1 says they match: same number
 * of RDNs in the same order, each RDN the same set of attributes, text values compared after string
 * preparation. `name` is the Name element (SEQUENCE OF RelativeDistinguishedName).
 */
export function nameKeyAt(bytes: Uint8Array, name: Tlv): string {
  if (name.tag !== TAG.SEQUENCE) throw new TypeError('Name is not a SEQUENCE');
  const rdns = childrenOf(bytes, name).map((rdn) => {
    if (rdn.tag !== TAG.SET) throw new TypeError('RelativeDistinguishedName is not a SET');
    const attributes = childrenOf(bytes, rdn).map((atv) => attributeKey(bytes, atv));
    if (attributes.length === 0) throw new TypeError('empty RelativeDistinguishedName');
    return attributes.sort().join('+');
  });
  return JSON.stringify(rdns);
}

/** `nameKeyAt` for a Name given as its own DER. */
export function nameKey(der: Uint8Array): string {
  const tlv = readTlv(der, 0, der.length);
  if (tlv.end !== der.length) throw new TypeError('trailing data after Name');
  return nameKeyAt(der, tlv);
}

/** The key of `base` with one more RDN appended (nameRelativeToCRLIssuer, RFC 5280 section 4.2.1.13). */
export function appendRdnKey(baseKey: string, rdnBytes: Uint8Array, rdn: Tlv): string {
  const rdns = JSON.parse(baseKey) as string[];
  const attributes = childrenOf(rdnBytes, rdn).map((atv) => attributeKey(rdnBytes, atv));
  rdns.push(attributes.sort().join('+'));
  return JSON.stringify(rdns);
}
