/**
 * CBC mode with PKCS#7 padding over the 8-byte block ciphers of `des.ts` and `rc2.ts`. AES-CBC goes
 * through WebCrypto instead (src/keys/pbes2.ts).
 */
import { tripleDesBlock, tripleDesKey } from './des.js';
import { rc2Block, rc2KeySchedule } from './rc2.js';

/** Encrypts or decrypts one 8-byte block at `offset` in place. */
export type BlockFunction = (block: Uint8Array, offset: number, decrypt: boolean) => void;

export function tripleDes(key: Uint8Array): BlockFunction {
  const schedule = tripleDesKey(key);
  return (block, offset, decrypt) => tripleDesBlock(block, offset, schedule, decrypt);
}

export function rc2(key: Uint8Array, effectiveBits: number): BlockFunction {
  const schedule = rc2KeySchedule(key, effectiveBits);
  return (block, offset, decrypt) => rc2Block(block, offset, schedule, decrypt);
}

/** CBC encryption without padding; `data.length` must be a multiple of 8. */
export function cbcEncryptRaw(cipher: BlockFunction, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (iv.length !== 8 || data.length % 8 !== 0) throw new RangeError('CBC needs 8-byte blocks and IV');
  const out = data.slice();
  let previous = iv;
  for (let offset = 0; offset < out.length; offset += 8) {
    for (let i = 0; i < 8; i++) out[offset + i]! ^= previous[i]!;
    cipher(out, offset, false);
    previous = out.subarray(offset, offset + 8);
  }
  return out;
}

/** CBC decryption without unpadding; `data.length` must be a multiple of 8. */
export function cbcDecryptRaw(cipher: BlockFunction, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (iv.length !== 8 || data.length % 8 !== 0) throw new RangeError('CBC needs 8-byte blocks and IV');
  const out = data.slice();
  for (let offset = 0; offset < out.length; offset += 8) {
    cipher(out, offset, true);
    const previous = offset === 0 ? iv : data.subarray(offset - 8, offset);
    for (let i = 0; i < 8; i++) out[offset + i]! ^= previous[i]!;
  }
  return out;
}

/** PKCS#7 padding to 8-byte blocks, then CBC. */
export function cbcEncrypt(cipher: BlockFunction, iv: Uint8Array, plain: Uint8Array): Uint8Array {
  const pad = 8 - (plain.length % 8);
  const padded = new Uint8Array(plain.length + pad);
  padded.set(plain);
  padded.fill(pad, plain.length);
  return cbcEncryptRaw(cipher, iv, padded);
}

/** CBC, then PKCS#7 unpadding; `undefined` when the padding is wrong (a wrong key, nearly always). */
export function cbcDecrypt(cipher: BlockFunction, iv: Uint8Array, data: Uint8Array): Uint8Array | undefined {
  if (data.length === 0 || data.length % 8 !== 0) return undefined;
  const plain = cbcDecryptRaw(cipher, iv, data);
  const pad = plain[plain.length - 1]!;
  if (pad < 1 || pad > 8) return undefined;
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) return undefined;
  return plain.subarray(0, plain.length - pad);
}
