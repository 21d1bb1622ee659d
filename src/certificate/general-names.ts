import type * as asn1js from 'asn1js';
import { decodeOid } from '../asn1/oid.js';
import { childrenOf, elementBytes, readCompleteOidAt, readTlv, TAG, type Tlv } from '../asn1/reader.js';
import { CERTIFICATE_LIMITS } from '../asn1/scan.js';
import { bytesToHex } from '../encoding/hex.js';
import { readNameAt } from '../names/dn.js';
import type { SubjectAltNames } from './types.js';

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

/** Class of an identifier octet as asn1js numbers it (1 universal, 2 application, 3 context, 4 private). */
function tagClassOf(tag: number): number {
  return (tag >> 6) + 1;
}

const CONTEXT_CLASS = 3;
const CONSTRUCTED = 0x20;

/** Children of an element, or none when it is primitive. */
export function childrenIfConstructed(bytes: Uint8Array, tlv: Tlv): Tlv[] {
  return tlv.tag & CONSTRUCTED ? childrenOf(bytes, tlv, CERTIFICATE_LIMITS.maxNodes) : [];
}

/** Content bytes of a primitive element; a constructed one has no bytes of its own. */
function ownContent(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return tlv.tag & CONSTRUCTED ? new Uint8Array(0) : bytes.subarray(tlv.content, tlv.end);
}

/** One GeneralName (RFC 5280 4.2.1.6) at `tlv`, with the forms people read turned into text. */
export function readGeneralNameAt(bytes: Uint8Array, tlv: Tlv): GeneralName {
  const tagClass = tagClassOf(tlv.tag);
  const tagNumber = tlv.tag & 0x1f;
  if (tagClass !== CONTEXT_CLASS) return { kind: 'other', value: `unexpected tag ${tagClass}/${tagNumber}` };
  switch (tagNumber) {
    case 1:
      return { kind: 'email', value: ascii.decode(ownContent(bytes, tlv)) };
    case 2:
      return { kind: 'dns', value: ascii.decode(ownContent(bytes, tlv)) };
    case 6:
      return { kind: 'uri', value: ascii.decode(ownContent(bytes, tlv)) };
    case 7: {
      const address = ownContent(bytes, tlv);
      const text = formatIpAddress(address);
      return text
        ? { kind: 'ip', value: text }
        : { kind: 'other', value: `iPAddress:${address.length} bytes` };
    }
    case 4: {
      const inner = childrenIfConstructed(bytes, tlv)[0];
      return inner
        ? { kind: 'directory', value: readNameAt(bytes, inner, 'directoryName').rfc4514 }
        : { kind: 'other', value: 'directoryName' };
    }
    case 0: {
      const oid = childrenIfConstructed(bytes, tlv)[0];
      const id = oid?.tag === TAG.OID && oid.end > oid.content ? readCompleteOidAt(bytes, oid) : '?';
      return { kind: 'other', value: `otherName:${id}` };
    }
    case 8:
      return { kind: 'other', value: `registeredID:${decodeOid(ownContent(bytes, tlv))}` };
    default:
      return { kind: 'other', value: `[${tagNumber}]:${bytesToHex(elementBytes(bytes, tlv))}` };
  }
}

/** GeneralNames (a SEQUENCE of GeneralName) at `tlv`. */
export function readGeneralNamesAt(bytes: Uint8Array, tlv: Tlv): GeneralName[] {
  if (tlv.tag !== TAG.SEQUENCE) throw new TypeError('GeneralNames is not a SEQUENCE');
  return childrenOf(bytes, tlv, CERTIFICATE_LIMITS.maxNodes).map((name) => readGeneralNameAt(bytes, name));
}

/** GeneralNames from an asn1js node (for the readers that still decode with asn1js). */
export function readGeneralNames(sequence: asn1js.AsnType): GeneralName[] {
  const der = new Uint8Array(sequence.toBER(false));
  return readGeneralNamesAt(der, readTlv(der, 0, der.length));
}

export function groupAltNames(names: GeneralName[]): SubjectAltNames {
  const groups: SubjectAltNames = { dns: [], ip: [], email: [], uri: [], other: [] };
  for (const name of names) {
    if (name.kind === 'directory') groups.other.push(`DirName:${name.value}`);
    else groups[name.kind].push(name.value);
  }
  return groups;
}
