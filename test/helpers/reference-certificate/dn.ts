import * as asn1js from 'asn1js';
import type { DistinguishedName, NameAttribute } from '../../../src/certificate/types.js';
import { bytesToHex } from '../../../src/encoding/hex.js';
import { ShirushiError } from '../../../src/errors/shirushi-error.js';
import { contentOf, decodeDirectoryString, stringTypeOf } from './strings.js';

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

/**
 * RFC 4514 escaping, plus hex escapes for control, bidirectional and invisible format characters:
 * a hostile subject must not be able to reorder or hide text when the string is shown to a person.
 */
function escapeValue(value: string): string {
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
  sequence: asn1js.AsnType,
  field: string,
): { attribute: NameAttribute; rfc: string } {
  const parts = sequence instanceof asn1js.Sequence ? sequence.valueBlock.value : [];
  const [type, value] = parts;
  if (parts.length !== 2 || !(type instanceof asn1js.ObjectIdentifier) || !value) {
    throw new ShirushiError('certificate/bad-name', { field, detail: 'AttributeTypeAndValue' });
  }
  const oid = type.valueBlock.toString();
  const encoding = stringTypeOf(value);
  const known = SHORT_NAMES[oid];
  if (encoding) {
    const text = decodeDirectoryString(encoding, contentOf(value));
    const attribute = { oid, shortName: known ?? oid, value: text, encoding };
    return { attribute, rfc: `${known ?? oid}=${escapeValue(text)}` };
  }
  // Not a string: RFC 4514 says to show the BER encoding in hex.
  const hex = bytesToHex(new Uint8Array(value.toBER(false)));
  const attribute = { oid, shortName: known ?? oid, value: `#${hex}`, encoding: 'non-string' };
  return { attribute, rfc: `${known ?? oid}=#${hex}` };
}

/** Reads an X.501 Name (SEQUENCE OF SET OF AttributeTypeAndValue) from its decoded ASN.1. */
export function readName(node: asn1js.AsnType, field: string): DistinguishedName {
  if (!(node instanceof asn1js.Sequence)) {
    throw new ShirushiError('certificate/bad-name', { field, detail: 'not a SEQUENCE' });
  }
  const rdns: NameAttribute[][] = [];
  const rfcParts: string[] = [];
  for (const set of node.valueBlock.value) {
    if (!(set instanceof asn1js.Set) || set.valueBlock.value.length === 0) {
      throw new ShirushiError('certificate/bad-name', { field, detail: 'RelativeDistinguishedName' });
    }
    const described = set.valueBlock.value.map((sequence) => describeAttribute(sequence, field));
    rdns.push(described.map((item) => item.attribute));
    rfcParts.push(described.map((item) => item.rfc).join('+'));
  }
  const first = (oid: string) => rdns.flat().find((attribute) => attribute.oid === oid)?.value;
  const name: DistinguishedName = { rdns, rfc4514: rfcParts.reverse().join(',') };
  const commonName = first('2.5.4.3');
  const organization = first('2.5.4.10');
  const country = first('2.5.4.6');
  if (commonName !== undefined) name.commonName = commonName;
  if (organization !== undefined) name.organization = organization;
  if (country !== undefined) name.country = country;
  return name;
}
