import { encodeLength } from '../asn1/writer.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { concatBytes } from './apdu.js';

/**
 * BER-TLV as smart cards use it (ISO 7816-4 5.2): tags of one to three bytes (`0x7F49`, `0x5FC105`),
 * definite lengths up to three bytes. The DER reader in src/asn1 accepts only one-byte tags, and card
 * data objects are not DER anyway (PIV pads with trailing TLVs, OpenPGP nests vendor tags).
 */
export interface CardTlv {
  tag: number;
  value: Uint8Array;
}

const bad = (detail: string) => new ShirushiError('token/bad-response', { detail });

/** Reads consecutive TLVs from `bytes`; zero padding (00 or FF between objects) is skipped. */
export function readTlvs(bytes: Uint8Array): CardTlv[] {
  const out: CardTlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const first = bytes[offset]!;
    if (first === 0x00 || first === 0xff) {
      offset++;
      continue;
    }
    let tag = first;
    offset++;
    if ((first & 0x1f) === 0x1f) {
      for (let count = 0; ; count++) {
        if (offset >= bytes.length || count > 2) throw bad('TLV tag');
        const next = bytes[offset++]!;
        tag = tag * 256 + next;
        if ((next & 0x80) === 0) break;
      }
    }
    if (offset >= bytes.length) throw bad('TLV length');
    let length = bytes[offset++]!;
    if (length > 0x80) {
      const count = length & 0x7f;
      if (count > 3 || offset + count > bytes.length) throw bad('TLV length');
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + bytes[offset++]!;
    } else if (length === 0x80) {
      throw bad('indefinite TLV length');
    }
    if (offset + length > bytes.length) throw bad(`TLV ${tag.toString(16)} truncated`);
    out.push({ tag, value: bytes.subarray(offset, offset + length) });
    offset += length;
  }
  return out;
}

/** The value of the first `tag` among the TLVs in `bytes`, if any. */
export function findTlv(bytes: Uint8Array, tag: number): Uint8Array | undefined {
  return readTlvs(bytes).find((item) => item.tag === tag)?.value;
}

/** Searches constructed objects too (depth first), for OpenPGP's nested application data. */
export function findTlvDeep(bytes: Uint8Array, tag: number, depth = 4): Uint8Array | undefined {
  for (const item of readTlvs(bytes)) {
    if (item.tag === tag) return item.value;
    const firstByte = item.tag >= 0x10000 ? item.tag >> 16 : item.tag >= 0x100 ? item.tag >> 8 : item.tag;
    if (depth > 0 && (firstByte & 0x20) !== 0) {
      try {
        const found = findTlvDeep(item.value, tag, depth - 1);
        if (found) return found;
      } catch {
        // A "constructed" tag with primitive content (some vendor objects): not a place to look.
      }
    }
  }
  return undefined;
}

/** One TLV with a tag of one to three bytes. */
export function berTlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  const tagBytes =
    tag > 0xffff ? [tag >> 16, (tag >> 8) & 0xff, tag & 0xff] : tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  const value = concatBytes(values);
  return concatBytes([Uint8Array.from(tagBytes), encodeLength(value.length), value]);
}
