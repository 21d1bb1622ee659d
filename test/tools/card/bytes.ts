/**
 * Byte and BER-TLV helpers shared by the emulated card applications. Browser- and node-safe (no Buffer).
 */

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`not hex: ${text}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && equal(bytes.subarray(0, prefix.length), prefix);
}

/** BER length octets (definite form). */
export function berLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length < 0x100) return Uint8Array.of(0x81, length);
  if (length < 0x10000) return Uint8Array.of(0x82, length >> 8, length & 0xff);
  return Uint8Array.of(0x83, length >> 16, (length >> 8) & 0xff, length & 0xff);
}

/** Tag numbers are written as their big-endian bytes: 0x7f49, 0x5fc105, 0x53. */
export function tagBytes(tag: number): Uint8Array {
  if (tag > 0xffffff) return Uint8Array.of(tag >>> 24, (tag >> 16) & 0xff, (tag >> 8) & 0xff, tag & 0xff);
  if (tag > 0xffff) return Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff);
  if (tag > 0xff) return Uint8Array.of(tag >> 8, tag & 0xff);
  return Uint8Array.of(tag);
}

export function tlv(tag: number, ...value: Uint8Array[]): Uint8Array {
  const body = concat(...value);
  return concat(tagBytes(tag), berLength(body.length), body);
}

export interface Tlv {
  tag: number;
  value: Uint8Array;
  /** The whole element, tag and length included. */
  raw: Uint8Array;
}

/** Reads consecutive BER-TLVs; throws on truncation. Zero and FF filler bytes between elements are skipped. */
export function parseTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < bytes.length) {
    const start = i;
    let tag = bytes[i++]!;
    if ((tag & 0x1f) === 0x1f) {
      let next: number;
      do {
        if (i >= bytes.length) throw new Error('truncated tag');
        next = bytes[i++]!;
        tag = tag * 256 + next;
      } while (next & 0x80);
    }
    if (i >= bytes.length) throw new Error('truncated length');
    let length = bytes[i++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 3 || i + count > bytes.length) throw new Error('bad length');
      length = 0;
      for (let k = 0; k < count; k++) length = length * 256 + bytes[i++]!;
    }
    if (i + length > bytes.length) throw new Error('truncated value');
    out.push({ tag, value: bytes.subarray(i, i + length), raw: bytes.subarray(start, i + length) });
    i += length;
  }
  return out;
}

export function findTlv(tlvs: Tlv[], tag: number): Uint8Array | undefined {
  return tlvs.find((t) => t.tag === tag)?.value;
}

export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError('integer does not fit');
  return out;
}

export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${hex(bytes)}`);
}

/** Minimal unsigned big-endian bytes (at least one byte). */
export function minimalBytes(value: bigint): Uint8Array {
  let length = 1;
  while (value >> BigInt(8 * length) !== 0n) length++;
  return bigIntToBytes(value, length);
}

export function base64UrlToBytes(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  crypto.getRandomValues(out);
  return out;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
