import { ShirushiError } from '../errors/shirushi-error.js';
import { decodeOid } from './oid.js';
import { decodeTime } from './time.js';

/**
 * A small DER reader for the hot paths (CRLs with a million entries, path validation): it walks bytes in
 * place and never copies content. Only low tag numbers are accepted, which covers every X.509 and CRL
 * structure; lengths must be definite and fit in their parent.
 */
export interface Tlv {
  /** The identifier octet: class, constructed bit and tag number. */
  tag: number;
  start: number;
  /** First content byte. */
  content: number;
  /** One past the last content byte. */
  end: number;
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  ENUMERATED: 0x0a,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag `[n]`, constructed or primitive. */
export function contextTag(number: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | number;
}

/** Reads the element at `offset`, which must end at or before `limit`. */
export function readTlv(bytes: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) {
    throw new ShirushiError(limit >= bytes.length ? 'der/truncated' : 'der/bad-length', { offset });
  }
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new ShirushiError('der/bad-tag', { offset });
  let length = bytes[offset + 1]!;
  let content = offset + 2;
  if (length >= 0x80) {
    const count = length & 0x7f;
    // 0x80 is BER's indefinite length; DER lengths over 2^32 cannot describe anything we accept.
    if (count === 0 || count > 4) throw new ShirushiError('der/bad-length', { offset });
    if (content + count > limit) throw new ShirushiError('der/truncated', { offset });
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[content + i]!;
    // DER requires the shortest form; a padded length is a sign of a crafted or broken encoder.
    if (length < 0x80 || bytes[content] === 0) throw new ShirushiError('der/bad-length', { offset });
    content += count;
  }
  const end = content + length;
  if (end > limit) {
    throw new ShirushiError(end > bytes.length ? 'der/truncated' : 'der/bad-length', { offset });
  }
  return { tag, start: offset, content, end };
}

/** Reads an element and checks its tag. */
export function expectTlv(bytes: Uint8Array, offset: number, limit: number, tag: number, what: string): Tlv {
  const tlv = readTlv(bytes, offset, limit);
  if (tlv.tag !== tag) {
    throw new ShirushiError('der/bad-tag', { offset, detail: what });
  }
  return tlv;
}

/** All children of a constructed element, checking that they exactly fill it. */
export function childrenOf(bytes: Uint8Array, parent: Tlv, max = 10_000): Tlv[] {
  const result: Tlv[] = [];
  let offset = parent.content;
  while (offset < parent.end) {
    if (result.length >= max) throw new ShirushiError('der/too-many-nodes', { limit: max });
    const child = readTlv(bytes, offset, parent.end);
    result.push(child);
    offset = child.end;
  }
  return result;
}

export function contentBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.content, tlv.end);
}

export function elementBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  return bytes.subarray(tlv.start, tlv.end);
}

export function readOidAt(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== TAG.OID || tlv.end === tlv.content) {
    throw new ShirushiError('der/bad-tag', { offset: tlv.start, detail: 'OBJECT IDENTIFIER' });
  }
  return decodeOid(contentBytes(bytes, tlv));
}

/** A DER BOOLEAN: exactly one byte, 0x00 or 0xFF. */
export function readBooleanAt(bytes: Uint8Array, tlv: Tlv): boolean {
  const value = bytes[tlv.content];
  if (tlv.tag !== TAG.BOOLEAN || tlv.end - tlv.content !== 1 || (value !== 0 && value !== 0xff)) {
    throw new ShirushiError('der/bad-tag', { offset: tlv.start, detail: 'BOOLEAN' });
  }
  return value === 0xff;
}

/** A non-negative INTEGER or ENUMERATED that fits a JavaScript number. */
export function readSmallIntegerAt(bytes: Uint8Array, tlv: Tlv, tag: number = TAG.INTEGER): number {
  const length = tlv.end - tlv.content;
  if (tlv.tag !== tag || length === 0 || length > 6 || (bytes[tlv.content]! & 0x80) !== 0) {
    throw new ShirushiError('der/bad-tag', { offset: tlv.start, detail: 'INTEGER' });
  }
  let value = 0;
  for (let i = tlv.content; i < tlv.end; i++) value = value * 256 + bytes[i]!;
  return value;
}

/** An INTEGER of any size as a bigint (two's complement). */
export function readBigIntegerAt(bytes: Uint8Array, tlv: Tlv): bigint {
  if (tlv.tag !== TAG.INTEGER || tlv.end === tlv.content) {
    throw new ShirushiError('der/bad-tag', { offset: tlv.start, detail: 'INTEGER' });
  }
  let value = 0n;
  for (let i = tlv.content; i < tlv.end; i++) value = (value << 8n) | BigInt(bytes[i]!);
  if ((bytes[tlv.content]! & 0x80) !== 0) value -= 1n << BigInt(8 * (tlv.end - tlv.content));
  return value;
}

export function readTimeAt(bytes: Uint8Array, tlv: Tlv): Date | undefined {
  return decodeTime(tlv.tag, contentBytes(bytes, tlv));
}

/** BIT STRING contents without the unused-bits byte; `unused` is that byte. */
export function readBitStringAt(bytes: Uint8Array, tlv: Tlv): { bits: Uint8Array; unused: number } {
  if (tlv.tag !== TAG.BIT_STRING || tlv.end === tlv.content || bytes[tlv.content]! > 7) {
    throw new ShirushiError('der/bad-tag', { offset: tlv.start, detail: 'BIT STRING' });
  }
  return { bits: bytes.subarray(tlv.content + 1, tlv.end), unused: bytes[tlv.content]! };
}

/**
 * `readOidAt` that also refuses an OID whose last arc is cut off (its last byte says more follow), as the
 * asn1js decoder did for certificates; CRL entries keep the lenient read.
 */
export function readCompleteOidAt(bytes: Uint8Array, tlv: Tlv): string {
  if (tlv.end > tlv.content && (bytes[tlv.end - 1]! & 0x80) !== 0) {
    throw new ShirushiError('der/bad-length', { offset: tlv.start });
  }
  return readOidAt(bytes, tlv);
}
