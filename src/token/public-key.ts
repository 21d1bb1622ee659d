import { algorithmIdentifier, bitString, integer, nullValue, oid, sequence } from '../asn1/writer.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { findTlv } from './tlv.js';

/** Key types both card applications generate, and what the CSR builder signs with. */
export type CardKeyType = 'RSA-2048' | 'P-256' | 'P-384';

export const CARD_KEY_TYPES: readonly CardKeyType[] = ['RSA-2048', 'P-256', 'P-384'];

export const CURVE_OIDS: Record<'P-256' | 'P-384', string> = {
  'P-256': '1.2.840.10045.3.1.7',
  'P-384': '1.3.132.0.34',
};

const CURVE_POINT_SIZE: Record<'P-256' | 'P-384', number> = { 'P-256': 65, 'P-384': 97 };

export function checkKeyType(type: string): asserts type is CardKeyType {
  if (!CARD_KEY_TYPES.includes(type as CardKeyType)) {
    throw new ShirushiError('token/unsupported-algorithm', { algorithm: type });
  }
}

/**
 * The DER SubjectPublicKeyInfo of a public key as both PIV (SP 800-73-4 3.3.2) and OpenPGP card (4.4.3.3)
 * return it inside 7F49: modulus 81 and exponent 82 for RSA, uncompressed point 86 for EC.
 */
export function spkiFromCard(type: CardKeyType, template: Uint8Array): Uint8Array {
  if (type === 'RSA-2048') {
    const modulus = findTlv(template, 0x81);
    const exponent = findTlv(template, 0x82);
    if (!modulus || !exponent)
      throw new ShirushiError('token/bad-response', { detail: 'RSA public key template' });
    let start = 0;
    while (start < modulus.length && modulus[start] === 0) start++;
    if (modulus.length - start !== 256) {
      throw new ShirushiError('token/bad-response', {
        detail: `RSA modulus of ${modulus.length - start} bytes`,
      });
    }
    return sequence(
      algorithmIdentifier('1.2.840.113549.1.1.1', nullValue()),
      bitString(sequence(integer(modulus), integer(exponent))),
    );
  }
  const point = findTlv(template, 0x86);
  if (!point || point.length !== CURVE_POINT_SIZE[type] || point[0] !== 0x04) {
    throw new ShirushiError('token/bad-response', { detail: `${type} public point` });
  }
  return sequence(sequence(oid('1.2.840.10045.2.1'), oid(CURVE_OIDS[type])), bitString(point));
}

/** Field size in bytes of the curve, or the modulus size for RSA. */
export function keySize(type: CardKeyType): number {
  return type === 'RSA-2048' ? 256 : type === 'P-256' ? 32 : 48;
}
