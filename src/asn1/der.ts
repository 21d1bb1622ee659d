import * as asn1js from 'asn1js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { scanDer, type DerLimits } from './scan.js';

// The scan and the limits live in ./scan.js so that readers on our own DER reader do not pull in asn1js.
export { CERTIFICATE_LIMITS, scanDer, type DerLimits, type DerScan } from './scan.js';

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
