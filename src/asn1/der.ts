import * as asn1js from 'asn1js';
import { ShirushiError } from '../errors/shirushi-error.js';

/** Our own bounds on a DER structure; asn1js's limits are then set from what the scan found. */
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

/**
 * Decodes DER with asn1js after our own scan, so asn1js's defaults (10 000 nodes, 16 MiB) never refuse a
 * structure that is within our limits, and anything outside them is refused before asn1js allocates.
 */
export function decodeDer(der: Uint8Array, limits: DerLimits): asn1js.AsnType {
  const scan = scanDer(der, limits);
  const result = asn1js.fromBER(der, {
    maxDepth: scan.depth + 2,
    maxNodes: scan.nodes + 2,
    maxContentLength: der.length,
    // Encapsulated DER (extension values, keys) is decoded on demand with its own scan.
    parseEmbedded: false,
  });
  if (result.offset === -1 || result.result.error) {
    throw new ShirushiError('der/bad-length', { offset: 0 });
  }
  return result.result;
}
