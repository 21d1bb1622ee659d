/** base64url without padding (RFC 4648 section 5), as JOSE and ACME use it. */
import { base64Decode, base64Encode } from '../encoding/base64.js';
import { ShirushiError } from '../errors/shirushi-error.js';

const utf8 = new TextEncoder();

export function base64urlEncode(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? utf8.encode(data) : data;
  return base64Encode(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Strict decoding: only the URL-safe alphabet, no padding, no whitespace. The shared base64 decoder is
 * lenient (PEM bodies wrap and pad), which is wrong for JOSE values that are compared byte for byte.
 */
export function base64urlDecode(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new ShirushiError('pem/bad-base64', { detail: 'base64url' });
  }
  return base64Decode(text);
}
