/**
 * BER to definite-length encoding, for the PKCS#7 and PKCS#12 files other tools write: Windows and some
 * Java and NSS versions use indefinite lengths and chunked (constructed) OCTET STRINGs, which the strict DER
 * reader in `src/asn1/reader.ts` refuses. The contents of primitive strings are never touched, so a MAC or
 * signature over them still verifies, and DER input comes out byte for byte the same.
 */
import { ShirushiError } from '../errors/shirushi-error.js';
import { concat, tlv } from '../asn1/writer.js';

/** Deepest nesting accepted; PKCS#12 files nest about 12 deep. */
export const BER_MAX_DEPTH = 64;

/** Universal string types that BER may split into constructed chunks (BIT STRING is left alone). */
const CHUNKABLE = new Set([0x04, 0x0c, 0x13, 0x14, 0x16, 0x1e]);

interface Parsed {
  bytes: Uint8Array;
  next: number;
}

function element(input: Uint8Array, offset: number, limit: number, depth: number): Parsed {
  if (depth > BER_MAX_DEPTH) throw new ShirushiError('der/too-deep', { limit: BER_MAX_DEPTH });
  if (offset + 2 > limit) throw new ShirushiError('der/truncated', { offset });
  const tag = input[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new ShirushiError('der/bad-tag', { offset });
  const constructed = (tag & 0x20) !== 0;
  let length = input[offset + 1]!;
  let content = offset + 2;
  let indefinite = false;
  if (length === 0x80) {
    if (!constructed) throw new ShirushiError('der/bad-length', { offset });
    indefinite = true;
  } else if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4) throw new ShirushiError('der/bad-length', { offset });
    if (content + count > limit) throw new ShirushiError('der/truncated', { offset });
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + input[content + i]!;
    content += count;
  }
  if (!constructed) {
    const end = content + length;
    if (end > limit)
      throw new ShirushiError(end > input.length ? 'der/truncated' : 'der/bad-length', { offset });
    return { bytes: tlv(tag, input.subarray(content, end)), next: end };
  }
  const end = indefinite ? limit : content + length;
  if (end > limit)
    throw new ShirushiError(end > input.length ? 'der/truncated' : 'der/bad-length', { offset });
  const children: Uint8Array[] = [];
  const chunks: Uint8Array[] = [];
  let position = content;
  for (;;) {
    if (indefinite) {
      if (position + 2 > end) throw new ShirushiError('der/truncated', { offset: position });
      if (input[position] === 0 && input[position + 1] === 0) {
        position += 2;
        break;
      }
    } else if (position >= end) {
      break;
    }
    const child = element(input, position, end, depth + 1);
    children.push(child.bytes);
    position = child.next;
  }
  const universal = tag & ~0x20;
  if ((tag & 0xc0) === 0 && CHUNKABLE.has(universal)) {
    // A chunked string: its value is the concatenation of its chunks' values, written as one primitive.
    for (const child of children) {
      if ((child[0]! & ~0x20) !== universal) throw new ShirushiError('der/bad-tag', { offset });
      chunks.push(valueOf(child));
    }
    return { bytes: tlv(universal, concat(...chunks)), next: position };
  }
  return { bytes: tlv(tag, concat(...children)), next: position };
}

/** The contents of an element this module wrote (always definite length). */
export function valueOf(encoded: Uint8Array): Uint8Array {
  const first = encoded[1]!;
  const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return encoded.subarray(header);
}

/**
 * Rewrites BER as definite-length encoding with primitive strings. Set ordering and other DER rules are
 * not enforced (nothing read here is re-signed). Input that is already DER is returned as is.
 */
export function normalizeBer(input: Uint8Array): Uint8Array {
  if (input.length === 0) throw new ShirushiError('input/empty');
  if (!hasIndefiniteOrChunks(input)) return input;
  const parsed = element(input, 0, input.length, 1);
  if (parsed.next !== input.length) {
    throw new ShirushiError('der/trailing-data', { count: input.length - parsed.next });
  }
  return parsed.bytes;
}

/** Cheap pre-check: walks the structure and says whether anything needs rewriting. */
function hasIndefiniteOrChunks(input: Uint8Array): boolean {
  try {
    return walk(input, 0, input.length, 1) !== input.length;
  } catch {
    return true;
  }
}

/** Returns the end of the element, or throws where DER rules are broken (so the slow path runs). */
function walk(input: Uint8Array, offset: number, limit: number, depth: number): number {
  if (depth > BER_MAX_DEPTH || offset + 2 > limit) throw new Error('not DER');
  const tag = input[offset]!;
  let length = input[offset + 1]!;
  let content = offset + 2;
  if (length === 0x80 || (tag & 0x1f) === 0x1f) throw new Error('not DER');
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4 || content + count > limit) throw new Error('not DER');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + input[content + i]!;
    content += count;
  }
  const end = content + length;
  if (end > limit) throw new Error('not DER');
  if ((tag & 0x20) !== 0) {
    if ((tag & 0xc0) === 0 && CHUNKABLE.has(tag & ~0x20)) throw new Error('not DER');
    let position = content;
    while (position < end) position = walk(input, position, end, depth + 1);
  }
  return end;
}
