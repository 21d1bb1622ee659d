/**
 * A small DER writer: every function returns the complete encoding of one element as bytes, so structures
 * are written inside-out by nesting calls, e.g. `sequence(oid('1.2.840.113549.1.1.1'), nullValue())`.
 * Only low tag numbers (0–30) are written, which covers every X.509, PKCS#8 and PKCS#10 structure.
 */
import { TAG } from './reader.js';

/** The length octets of a DER element: short form below 128, else the shortest long form. */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`bad DER length ${length}`);
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.from([0x80 | bytes.length, ...bytes]);
}

/** Concatenates byte arrays. */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** One element: the identifier octet `tag`, the length, and the contents (concatenated). */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xff || (tag & 0x1f) === 0x1f) {
    throw new RangeError(`bad DER tag ${tag}`);
  }
  const body = contents.length === 1 ? contents[0]! : concat(...contents);
  const length = encodeLength(body.length);
  const out = new Uint8Array(1 + length.length + body.length);
  out[0] = tag;
  out.set(length, 1);
  out.set(body, 1 + length.length);
  return out;
}

export function sequence(...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(TAG.SEQUENCE, ...elements);
}

/** A SET OF: DER orders the encoded elements as byte strings (X.690 11.6). */
export function setOf(...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(TAG.SET, ...[...elements].sort(compareBytes));
}

/** Explicit or implicit context-specific tag `[number]` around `contents`. */
export function contextSpecific(
  number: number,
  constructed: boolean,
  ...contents: readonly Uint8Array[]
): Uint8Array {
  if (!Number.isInteger(number) || number < 0 || number > 30)
    throw new RangeError(`bad tag number ${number}`);
  return tlv(0x80 | (constructed ? 0x20 : 0) | number, ...contents);
}

export function nullValue(): Uint8Array {
  return Uint8Array.of(TAG.NULL, 0);
}

export function boolean(value: boolean): Uint8Array {
  return Uint8Array.of(TAG.BOOLEAN, 1, value ? 0xff : 0);
}

export function octetString(value: Uint8Array): Uint8Array {
  return tlv(TAG.OCTET_STRING, value);
}

/** A BIT STRING of whole bytes (unused bits 0), as keys and signatures are. */
export function bitString(value: Uint8Array, unusedBits = 0): Uint8Array {
  if (
    !Number.isInteger(unusedBits) ||
    unusedBits < 0 ||
    unusedBits > 7 ||
    (unusedBits > 0 && value.length === 0)
  ) {
    throw new RangeError(`bad unused bit count ${unusedBits}`);
  }
  return tlv(TAG.BIT_STRING, Uint8Array.of(unusedBits), value);
}

/**
 * An INTEGER. A number or bigint is written in minimal two's complement; bytes are taken as an unsigned
 * big-endian magnitude (leading zeros dropped, a zero added when the top bit is set).
 */
export function integer(value: number | bigint | Uint8Array): Uint8Array {
  if (value instanceof Uint8Array) return tlv(TAG.INTEGER, unsignedIntegerContent(value));
  let n = BigInt(value);
  const bytes: number[] = [];
  // Emit bytes until the remaining value is just the sign extension of the last byte written.
  for (;;) {
    const byte = Number(n & 0xffn);
    bytes.unshift(byte);
    n >>= 8n;
    if ((n === 0n && (byte & 0x80) === 0) || (n === -1n && (byte & 0x80) !== 0)) break;
  }
  return tlv(TAG.INTEGER, Uint8Array.from(bytes));
}

/** Content octets of a non-negative INTEGER from an unsigned big-endian magnitude. */
export function unsignedIntegerContent(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  if (trimmed.length === 0) return Uint8Array.of(0);
  return (trimmed[0]! & 0x80) !== 0 ? concat(Uint8Array.of(0), trimmed) : trimmed;
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Uint8Array {
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(dotted)) throw new RangeError(`bad OID ${dotted}`);
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const [first, second] = [arcs[0]!, arcs[1]!];
  if (first < 2n && second > 39n) throw new RangeError(`bad OID ${dotted}`);
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...arcs.slice(2)]) {
    const chunk: number[] = [Number(arc & 0x7fn)];
    for (let n = arc >> 7n; n > 0n; n >>= 7n) chunk.unshift(Number(n & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return tlv(TAG.OID, Uint8Array.from(out));
}

/** An AlgorithmIdentifier: the OID and, when given, its parameters (already encoded). */
export function algorithmIdentifier(algorithm: string, parameters?: Uint8Array): Uint8Array {
  return parameters ? sequence(oid(algorithm), parameters) : sequence(oid(algorithm));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
