import * as asn1js from 'asn1js';
import { decodeOid } from '../../../src/asn1/oid.js';
import { bytesToHex } from '../../../src/encoding/hex.js';
import { readName } from './dn.js';
import { contentOf } from './strings.js';
import type { SubjectAltNames } from '../../../src/certificate/types.js';

const CONTEXT = 3;
const ascii = new TextDecoder('latin1');

/** IPv4 dotted quad or IPv6 in RFC 5952 form (lowercase, longest zero run compressed). */
export function formatIpAddress(bytes: Uint8Array): string | undefined {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length !== 16) return undefined;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

export interface GeneralName {
  kind: 'dns' | 'ip' | 'email' | 'uri' | 'directory' | 'other';
  value: string;
}

/** One GeneralName (RFC 5280 4.2.1.6), with the forms people read turned into text. */
export function readGeneralName(node: asn1js.AsnType): GeneralName {
  const { tagClass, tagNumber } = node.idBlock;
  if (tagClass !== CONTEXT) return { kind: 'other', value: `unexpected tag ${tagClass}/${tagNumber}` };
  switch (tagNumber) {
    case 1:
      return { kind: 'email', value: ascii.decode(contentOf(node)) };
    case 2:
      return { kind: 'dns', value: ascii.decode(contentOf(node)) };
    case 6:
      return { kind: 'uri', value: ascii.decode(contentOf(node)) };
    case 7: {
      const bytes = contentOf(node);
      const text = formatIpAddress(bytes);
      return text ? { kind: 'ip', value: text } : { kind: 'other', value: `iPAddress:${bytes.length} bytes` };
    }
    case 4: {
      const inner = (node as asn1js.Constructed).valueBlock.value?.[0];
      return inner
        ? { kind: 'directory', value: readName(inner, 'directoryName').rfc4514 }
        : { kind: 'other', value: 'directoryName' };
    }
    case 0: {
      const oid = (node as asn1js.Constructed).valueBlock.value?.[0];
      const id = oid instanceof asn1js.ObjectIdentifier ? oid.valueBlock.toString() : '?';
      return { kind: 'other', value: `otherName:${id}` };
    }
    case 8:
      return { kind: 'other', value: `registeredID:${decodeOid(contentOf(node))}` };
    default:
      return { kind: 'other', value: `[${tagNumber}]:${bytesToHex(new Uint8Array(node.toBER(false)))}` };
  }
}

export function readGeneralNames(sequence: asn1js.AsnType): GeneralName[] {
  if (!(sequence instanceof asn1js.Sequence)) throw new TypeError('GeneralNames is not a SEQUENCE');
  return sequence.valueBlock.value.map(readGeneralName);
}

export function groupAltNames(names: GeneralName[]): SubjectAltNames {
  const groups: SubjectAltNames = { dns: [], ip: [], email: [], uri: [], other: [] };
  for (const name of names) {
    if (name.kind === 'directory') groups.other.push(`DirName:${name.value}`);
    else groups[name.kind].push(name.value);
  }
  return groups;
}
