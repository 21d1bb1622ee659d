import { ShirushiError } from '../errors/shirushi-error.js';

/** Our own bounds on a DER structure; asn1js's limits, where asn1js still decodes, are set from what the scan found. */
export interface DerLimits {
  /** Largest DER size accepted. */
  maxBytes: number;
  /** Deepest nesting of constructed elements. */
  maxDepth: number;
  /** Most elements (constructed and primitive) in one structure. */
  maxNodes: number;
}

/**
 * Bounds for one certificate. Real certificates are a few kilobytes and nest about ten deep; these leave
 * room for certificates with thousands of SANs or RDNs while keeping hostile input cheap to refuse.
 */
export const CERTIFICATE_LIMITS: DerLimits = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 32,
  maxNodes: 200_000,
});

export interface DerScan {
  /** Elements found, constructed and primitive. */
  nodes: number;
  /** Deepest nesting seen; the outer element is depth 1. */
  depth: number;
  /** Length of the outer element, which is the whole input when there is no trailing data. */
  length: number;
}

/**
 * Walks the TLV structure of `der` without building objects: checks definite lengths, that each element
 * fits in its parent, nesting depth, element count, and that nothing follows the outer element.
 * Runs in time linear in the input and constant memory per nesting level.
 */
export function scanDer(der: Uint8Array, limits: DerLimits): DerScan {
  if (der.length === 0) throw new ShirushiError('input/empty');
  if (der.length > limits.maxBytes) {
    throw new ShirushiError('input/too-large', { size: der.length, limit: limits.maxBytes });
  }
  const ends: number[] = [der.length];
  let offset = 0;
  let nodes = 0;
  let depth = 0;
  let outerEnd = -1;
  while (offset < der.length) {
    while (ends.length > 1 && offset === ends[ends.length - 1]) ends.pop();
    if (outerEnd >= 0 && ends.length === 1) break;
    const parentEnd = ends[ends.length - 1]!;
    const start = offset;
    const first = der[offset++]!;
    if ((first & 0x1f) === 0x1f) {
      // High tag numbers: base-128 continuation bytes.
      let count = 0;
      while (true) {
        if (offset >= parentEnd) throw new ShirushiError('der/truncated', { offset });
        const byte = der[offset++]!;
        if (++count > 4) throw new ShirushiError('der/bad-tag', { offset: start });
        if ((byte & 0x80) === 0) break;
      }
    }
    if (offset >= parentEnd) throw new ShirushiError('der/truncated', { offset });
    const lengthByte = der[offset++]!;
    let length = lengthByte;
    if (lengthByte === 0x80) throw new ShirushiError('der/bad-length', { offset: start });
    if (lengthByte > 0x80) {
      const count = lengthByte & 0x7f;
      if (count > 4) throw new ShirushiError('der/bad-length', { offset: start });
      length = 0;
      for (let i = 0; i < count; i++) {
        if (offset >= parentEnd) throw new ShirushiError('der/truncated', { offset });
        length = length * 256 + der[offset++]!;
      }
    }
    const end = offset + length;
    if (end > der.length) throw new ShirushiError('der/truncated', { offset: der.length });
    if (end > parentEnd) throw new ShirushiError('der/bad-length', { offset: start });
    if (++nodes > limits.maxNodes) throw new ShirushiError('der/too-many-nodes', { limit: limits.maxNodes });
    if (outerEnd < 0) outerEnd = end;
    const constructed = (first & 0x20) !== 0;
    if (constructed) {
      ends.push(end);
      if (ends.length - 1 > limits.maxDepth)
        throw new ShirushiError('der/too-deep', { limit: limits.maxDepth });
      depth = Math.max(depth, ends.length - 1);
    } else {
      depth = Math.max(depth, ends.length);
      offset = end;
    }
  }
  if (outerEnd < der.length) throw new ShirushiError('der/trailing-data', { count: der.length - outerEnd });
  return { nodes, depth, length: outerEnd };
}

/** Universal tags that are always primitive (BOOLEAN, INTEGER, NULL, OBJECT IDENTIFIER, ENUMERATED). */
const ALWAYS_PRIMITIVE = new Set([0x01, 0x02, 0x05, 0x06, 0x0a]);

/**
 * After `scanDer`: refuses the element forms the asn1js decoder refused, so readers on our own DER reader
 * answer bad input as the asn1js-based readers did: tag 0 (end-of-contents, BER only), a constructed
 * BOOLEAN/INTEGER/NULL/OID/ENUMERATED, a constructed (BER) BIT or OCTET STRING, a primitive SET, a BIT
 * STRING whose unused-bit count is over 7, an OBJECT IDENTIFIER cut off in its last arc. Walks each
 * element once; nothing is allocated per element but the stack of open ends.
 */
export function checkElementForms(der: Uint8Array): void {
  const ends: number[] = [der.length];
  let offset = 0;
  while (offset < der.length) {
    while (ends.length > 1 && offset >= ends[ends.length - 1]!) ends.pop();
    const start = offset;
    const first = der[offset++]!;
    if ((first & 0x1f) === 0x1f) while (der[offset++]! & 0x80);
    let length = der[offset++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + der[offset++]!;
    }
    const end = offset + length;
    const universal = (first & 0xc0) === 0;
    const number = first & 0x1f;
    const constructed = (first & 0x20) !== 0;
    if (universal) {
      const bad =
        number === 0 ||
        (constructed && ALWAYS_PRIMITIVE.has(number)) ||
        (constructed && (number === 0x03 || number === 0x04)) ||
        (!constructed && number === 0x11) ||
        (number === 0x03 && !constructed && (length === 0 || der[offset]! > 7)) ||
        (number === 0x06 && (length === 0 || (der[end - 1]! & 0x80) !== 0));
      if (bad) throw new ShirushiError('der/bad-length', { offset: start });
    }
    if (constructed) ends.push(end);
    else offset = end;
  }
}
