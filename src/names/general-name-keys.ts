import { childrenOf, contentBytes, readTlv, type Tlv } from '../asn1/reader.js';
import { bytesToHex } from '../encoding/hex.js';
import { appendRdnKey, nameKeyAt } from './compare.js';

/** A GeneralName reduced to what comparisons need: a key equal for matching names, and readable text. */
export interface GeneralNameRef {
  /** `dn:` + name key, `uri:`, `dns:`, `email:`, `ip:` + value, or `[n]:` + hex for other forms. */
  key: string;
  text: string;
}

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** Reads one GeneralName (RFC 5280 section 4.2.1.6) with the small DER reader. */
export function generalNameRef(bytes: Uint8Array, tlv: Tlv): GeneralNameRef {
  const number = tlv.tag & 0x1f;
  const content = contentBytes(bytes, tlv);
  switch (tlv.tag) {
    case 0xa4: {
      // directoryName is explicitly tagged: [4] { Name }.
      const [name, extra] = childrenOf(bytes, tlv, 2);
      if (!name || extra) throw new TypeError('directoryName');
      const key = nameKeyAt(bytes, name);
      return { key: `dn:${key}`, text: `dirName:${key}` };
    }
    case 0x86: {
      const text = latin1(content);
      return { key: `uri:${text}`, text };
    }
    case 0x82: {
      const text = latin1(content).toLowerCase();
      return { key: `dns:${text}`, text };
    }
    case 0x81: {
      const text = latin1(content);
      return { key: `email:${text.toLowerCase()}`, text };
    }
    case 0x87:
      return { key: `ip:${bytesToHex(content)}`, text: bytesToHex(content) };
    default:
      return { key: `[${number}]:${bytesToHex(bytes.subarray(tlv.start, tlv.end))}`, text: `[${number}]` };
  }
}

/** GeneralNames: the children of `tlv` (a SEQUENCE or an implicitly tagged one). */
export function generalNameRefs(bytes: Uint8Array, tlv: Tlv): GeneralNameRef[] {
  const names = childrenOf(bytes, tlv, 1000).map((child) => generalNameRef(bytes, child));
  if (names.length === 0) throw new TypeError('empty GeneralNames');
  return names;
}

/**
 * DistributionPointName (explicit `[0]` around a CHOICE of fullName `[0]` or nameRelativeToCRLIssuer `[1]`).
 * A relative name becomes a full directoryName by appending it to `relativeTo` (a name key).
 */
export function distributionPointNames(
  bytes: Uint8Array,
  wrapper: Tlv,
  relativeTo: string,
): GeneralNameRef[] {
  const choice = readTlv(bytes, wrapper.content, wrapper.end);
  if (choice.end !== wrapper.end) throw new TypeError('DistributionPointName has trailing data');
  if (choice.tag === 0xa0) return generalNameRefs(bytes, choice);
  if (choice.tag === 0xa1) {
    const key = appendRdnKey(relativeTo, bytes, choice);
    return [{ key: `dn:${key}`, text: `dirName:${key}` }];
  }
  throw new TypeError('DistributionPointName');
}

/** ReasonFlags as a mask with bit n set for reason bit n (bit 0, `unused`, is ignored). */
export function reasonMask(bytes: Uint8Array, tlv: Tlv): number {
  const content = contentBytes(bytes, tlv);
  if (content.length === 0 || content[0]! > 7) throw new TypeError('ReasonFlags');
  let mask = 0;
  for (let bit = 1; bit <= 8; bit++) {
    const byte = content[1 + (bit >> 3)] ?? 0;
    if ((byte >> (7 - (bit & 7))) & 1) mask |= 1 << bit;
  }
  return mask;
}

/** Reasons 1 to 8 (keyCompromise to aACompromise): what "all reasons" means in RFC 5280 section 6.3.3. */
export const ALL_REASONS = 0x1fe;

export const REASON_FLAG_NAMES = [
  'unused',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
  'aACompromise',
] as const;

export function reasonNames(mask: number): string[] {
  return REASON_FLAG_NAMES.filter((_, bit) => bit > 0 && (mask & (1 << bit)) !== 0);
}
