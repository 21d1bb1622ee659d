import { algorithmIdentifier, nullValue, octetString, sequence } from '../asn1/writer.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import type { SignatureHash } from '../keys/token.js';
import { concatBytes } from './apdu.js';
import { readTlvs } from './tlv.js';

const HASH_OIDS: Record<SignatureHash, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

export async function digest(hash: SignatureHash, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(hash, data as BufferSource));
}

/** The DER DigestInfo that RSASSA-PKCS1-v1_5 signs (RFC 8017 9.2), with NULL parameters. */
export function digestInfo(hash: SignatureHash, hashValue: Uint8Array): Uint8Array {
  return sequence(algorithmIdentifier(HASH_OIDS[hash], nullValue()), octetString(hashValue));
}

/**
 * EMSA-PKCS1-v1_5 encoding (RFC 8017 9.2): 00 01 FF..FF 00 DigestInfo, the size of the modulus. A PIV card
 * does raw RSA on whatever block it is given, so the padding is ours to add.
 */
export function pkcs1v15Block(info: Uint8Array, modulusBytes: number): Uint8Array {
  if (info.length + 11 > modulusBytes) throw new RangeError('DigestInfo too long for the modulus');
  const block = new Uint8Array(modulusBytes).fill(0xff);
  block[0] = 0x00;
  block[1] = 0x01;
  block[modulusBytes - info.length - 1] = 0x00;
  block.set(info, modulusBytes - info.length);
  return block;
}

/**
 * The hash as ECDSA input for a curve of `size` bytes: a longer hash keeps its leftmost bytes (FIPS 186-4
 * 6.4, which a card may not do itself), a shorter one is left-padded, which leaves its integer value intact.
 */
export function ecdsaInput(hashValue: Uint8Array, size: number): Uint8Array {
  if (hashValue.length >= size) return hashValue.slice(0, size);
  return concatBytes([new Uint8Array(size - hashValue.length), hashValue]);
}

/**
 * Converts a DER `SEQUENCE { r, s }` ECDSA signature (what a PIV card returns) into WebCrypto's r || s,
 * each left-padded to the curve size. `ecdsaRawToDer` (src/keys/token.ts) goes the other way.
 */
export function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array {
  const bad = () => new ShirushiError('token/bad-response', { detail: 'ECDSA signature' });
  const outer = readTlvs(der);
  if (outer.length !== 1 || outer[0]!.tag !== 0x30) throw bad();
  const parts = readTlvs(outer[0]!.value);
  if (parts.length !== 2 || parts.some((part) => part.tag !== 0x02)) throw bad();
  const out = new Uint8Array(2 * size);
  parts.forEach((part, index) => {
    let value = part.value;
    while (value.length > 0 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) throw bad();
    out.set(value, (index + 1) * size - value.length);
  });
  return out;
}
