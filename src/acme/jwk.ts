/** Account and certificate keys as JWKs (RFC 7517/7518) and their RFC 7638 thumbprints. */
import * as asn1js from 'asn1js';
import { CERTIFICATE_LIMITS, decodeDer } from '../asn1/der.js';
import { readPublicKey } from '../certificate/public-key.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { sha256 } from '../hash/sha.js';
import { base64urlEncode } from './base64url.js';

export type AcmeJwk =
  { kty: 'EC'; crv: 'P-256' | 'P-384'; x: string; y: string } | { kty: 'RSA'; n: string; e: string };

const COORDINATE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48 };

function unsupported(detail: string): ShirushiError {
  return new ShirushiError('acme/unsupported-key', { detail });
}

/** JWK integers are unsigned big-endian without leading zero bytes (RFC 7518 6.3.1). */
function unsignedBytes(integer: asn1js.Integer): Uint8Array {
  const bytes = integer.valueBlock.valueHexView;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.slice(start);
}

/** The JWK of a DER SubjectPublicKeyInfo: RSA, or ECDSA on P-256 or P-384 (the curves ACME CAs take). */
export function jwkFromSpki(spki: Uint8Array): AcmeJwk {
  const node = decodeDer(spki, CERTIFICATE_LIMITS);
  const info = readPublicKey(node);
  const key = (node as asn1js.Sequence).valueBlock.value[1] as asn1js.BitString;
  const keyBytes = key.valueBlock.valueHexView;
  if (info.algorithm === 'RSA') {
    const rsa = decodeDer(keyBytes, CERTIFICATE_LIMITS);
    const [n, e] = rsa instanceof asn1js.Sequence ? rsa.valueBlock.value : [];
    if (!(n instanceof asn1js.Integer) || !(e instanceof asn1js.Integer)) throw unsupported('RSAPublicKey');
    return { kty: 'RSA', n: base64urlEncode(unsignedBytes(n)), e: base64urlEncode(unsignedBytes(e)) };
  }
  if (info.algorithm === 'EC') {
    const size = COORDINATE_BYTES[info.curve ?? ''];
    if (!size) throw unsupported(`ECDSA ${info.curve ?? '?'}`);
    if (keyBytes.length !== 1 + 2 * size || keyBytes[0] !== 4) throw unsupported('compressed EC point');
    return {
      kty: 'EC',
      crv: info.curve as 'P-256' | 'P-384',
      x: base64urlEncode(keyBytes.slice(1, 1 + size)),
      y: base64urlEncode(keyBytes.slice(1 + size)),
    };
  }
  throw unsupported(info.algorithm);
}

/**
 * The JSON the thumbprint hashes: required members only, in lexicographic order, no whitespace
 * (RFC 7638 3.2). Also the form a JWK is compared in.
 */
export function canonicalJwk(jwk: AcmeJwk): string {
  return jwk.kty === 'EC'
    ? JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y })
    : JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
}

/** RFC 7638 thumbprint: base64url(SHA-256(canonical JWK)). */
export async function jwkThumbprint(jwk: AcmeJwk): Promise<string> {
  return base64urlEncode(sha256(new TextEncoder().encode(canonicalJwk(jwk))));
}
