import { ShirushiError } from '../errors/shirushi-error.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const INVALID = 255;
const SKIP = 254;
const DECODE = new Uint8Array(256).fill(INVALID);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
// PEM bodies are wrapped and may arrive with CRLF; URL-safe characters show up when people paste from JWK tools.
for (const c of ' \t\r\n\f\v') DECODE[c.charCodeAt(0)] = SKIP;
DECODE['-'.charCodeAt(0)] = 62;
DECODE['_'.charCodeAt(0)] = 63;

/**
 * Strict base64 decoding: whitespace is ignored, `=` padding is optional but must be at the end,
 * anything else is an error that names the offending position.
 */
export function base64Decode(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 256 ? DECODE[code]! : INVALID;
    if (value === SKIP) continue;
    if (code === 61 /* = */) {
      padding++;
      continue;
    }
    if (value === INVALID || padding > 0) {
      const char = value === INVALID ? JSON.stringify(text[i]) : 'data after "="';
      throw new ShirushiError('pem/bad-base64', { detail: `${char} @ ${i}` });
    }
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  const symbols = (length * 8 + bits) / 6;
  if (bits >= 6 || (padding > 0 && (symbols + padding) % 4 !== 0) || padding > 2) {
    throw new ShirushiError('pem/bad-base64', { detail: 'length' });
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) {
    throw new ShirushiError('pem/bad-base64', { detail: 'non-zero trailing bits' });
  }
  return out.slice(0, length);
}

/** Standard base64 with padding; `lineLength` wraps lines (PEM uses 64). */
export function base64Encode(bytes: Uint8Array, lineLength = 0): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + '=';
  }
  if (lineLength <= 0) return out;
  const lines: string[] = [];
  for (let j = 0; j < out.length; j += lineLength) lines.push(out.slice(j, j + lineLength));
  return lines.join('\n');
}
