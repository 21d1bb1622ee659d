import type * as asn1js from 'asn1js';
import { CERTIFICATE_LIMITS } from '../asn1/scan.js';
import { childrenOf, elementBytes, readCompleteOidAt, readTlv, TAG, type Tlv } from '../asn1/reader.js';
import type { DistinguishedName, NameAttribute } from './types.js';
import { bytesToHex } from '../encoding/hex.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { decodeDirectoryString, stringTypeOfTag } from './strings.js';

/** Attribute short names: RFC 4519's, then the ones CA/B Forum EV and e-mail certificates carry. */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.15': 'businessCategory',
  '2.5.4.17': 'postalCode',
  '2.5.4.42': 'GN',
  '2.5.4.43': 'initials',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '1.3.6.1.4.1.311.60.2.1.1': 'jurisdictionL',
  '1.3.6.1.4.1.311.60.2.1.2': 'jurisdictionST',
  '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionC',
};

/** Characters that make `escapeValue` do more than copy; most real values have none. */
const NEEDS_ESCAPE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"+,;<>\\#]|^ | $/u;

/**
 * RFC 4514 escaping, plus hex escapes for control, bidirectional and invisible format characters:
 * a hostile subject must not be able to reorder or hide text when the string is shown to a person.
 */
function escapeValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  const encoder = new TextEncoder();
  let out = '';
  const chars = Array.from(value);
  chars.forEach((char, index) => {
    const edge = index === 0 || index === chars.length - 1;
    if (/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(char)) {
      for (const byte of encoder.encode(char)) out += '\\' + byte.toString(16).padStart(2, '0').toUpperCase();
    } else if ('"+,;<>\\'.includes(char) || (index === 0 && char === '#') || (edge && char === ' ')) {
      out += '\\' + char;
    } else {
      out += char;
    }
  });
  return out;
}

function describeAttribute(
  bytes: Uint8Array,
  sequence: Tlv,
  field: string,
): { attribute: NameAttribute; rfc: string } {
  const parts = sequence.tag === TAG.SEQUENCE ? childrenOf(bytes, sequence, CERTIFICATE_LIMITS.maxNodes) : [];
  const [type, value] = parts;
  if (parts.length !== 2 || type!.tag !== TAG.OID || type!.end === type!.content) {
    throw new ShirushiError('certificate/bad-name', { field, detail: 'AttributeTypeAndValue' });
  }
  const oid = readCompleteOidAt(bytes, type!);
  const encoding = stringTypeOfTag(value!.tag);
  const known = SHORT_NAMES[oid];
  if (encoding) {
    const text = decodeDirectoryString(encoding, bytes.subarray(value!.content, value!.end));
    const attribute = { oid, shortName: known ?? oid, value: text, encoding };
    return { attribute, rfc: `${known ?? oid}=${escapeValue(text)}` };
  }
  // Not a string: RFC 4514 says to show the BER encoding in hex.
  const hex = bytesToHex(elementBytes(bytes, value!));
  const attribute = { oid, shortName: known ?? oid, value: `#${hex}`, encoding: 'non-string' };
  return { attribute, rfc: `${known ?? oid}=#${hex}` };
}

/** Reads an X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue) at `name` inside `bytes`. */
export function readNameAt(bytes: Uint8Array, name: Tlv, field: string): DistinguishedName {
  if (name.tag !== TAG.SEQUENCE) {
    throw new ShirushiError('certificate/bad-name', { field, detail: 'not a SEQUENCE' });
  }
  const rdns: NameAttribute[][] = [];
  const rfcParts: string[] = [];
  for (const set of childrenOf(bytes, name, CERTIFICATE_LIMITS.maxNodes)) {
    const members = set.tag === TAG.SET ? childrenOf(bytes, set, CERTIFICATE_LIMITS.maxNodes) : [];
    if (members.length === 0) {
      throw new ShirushiError('certificate/bad-name', { field, detail: 'RelativeDistinguishedName' });
    }
    const described = members.map((sequence) => describeAttribute(bytes, sequence, field));
    rdns.push(described.map((item) => item.attribute));
    rfcParts.push(described.length === 1 ? described[0]!.rfc : described.map((item) => item.rfc).join('+'));
  }
  let commonName: string | undefined;
  let organization: string | undefined;
  let country: string | undefined;
  for (const rdn of rdns) {
    for (const attribute of rdn) {
      if (attribute.oid === '2.5.4.3') commonName ??= attribute.value;
      else if (attribute.oid === '2.5.4.10') organization ??= attribute.value;
      else if (attribute.oid === '2.5.4.6') country ??= attribute.value;
    }
  }
  const result: DistinguishedName = { rdns, rfc4514: rfcParts.reverse().join(',') };
  if (commonName !== undefined) result.commonName = commonName;
  if (organization !== undefined) result.organization = organization;
  if (country !== undefined) result.country = country;
  return result;
}

/** Reads a Name from an asn1js node (for the readers that still decode with asn1js). */
export function readName(node: asn1js.AsnType, field: string): DistinguishedName {
  const der = new Uint8Array(node.toBER(false));
  return readNameAt(der, readTlv(der, 0, der.length), field);
}
