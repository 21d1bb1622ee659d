/**
 * JWS for ACME (RFC 8555 6.2): flattened JSON serialization, signed by an account key or a certificate key,
 * and the HMAC-signed External Account Binding (7.3.4).
 */
import type { TokenKey } from '../csr/types.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { generateKeyPair } from '../keys/generate.js';
import { boundHash, describe, webCryptoTokenKey } from '../keys/token.js';
import { ecdsaDerToRaw } from '../token/signature.js';
import { base64urlDecode, base64urlEncode } from './base64url.js';
import { jwkFromSpki, type AcmeJwk } from './jwk.js';

export type AcmeJwsAlg = 'ES256' | 'ES384' | 'RS256';

export interface AcmeSigner {
  readonly alg: AcmeJwsAlg;
  readonly jwk: AcmeJwk;
  /** The JWS signature of `data`: raw r || s for ECDSA (RFC 7518 3.4), PKCS#1 v1.5 for RSA. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

export interface FlattenedJws {
  protected: string;
  payload: string;
  signature: string;
}

export type EabAlg = 'HS256' | 'HS384' | 'HS512';

export interface ExternalAccountBinding {
  kid: string;
  /** The MAC key, base64url, exactly as the CA hands it. */
  macKey: string;
  /** Default HS256. */
  alg?: EabAlg;
}

const EC_ALGS: Record<string, { alg: AcmeJwsAlg; hash: 'SHA-256' | 'SHA-384'; size: number }> = {
  'P-256': { alg: 'ES256', hash: 'SHA-256', size: 32 },
  'P-384': { alg: 'ES384', hash: 'SHA-384', size: 48 },
};

const EAB_HASHES: Record<EabAlg, string> = { HS256: 'SHA-256', HS384: 'SHA-384', HS512: 'SHA-512' };

function isTokenKey(key: CryptoKeyPair | TokenKey): key is TokenKey {
  return typeof (key as TokenKey).sign === 'function' && typeof (key as TokenKey).spki === 'function';
}

/**
 * A JWS signer over a WebCrypto key pair, a key-store key or a hardware token: ES256 (P-256), ES384
 * (P-384) or RS256. An RSA WebCrypto key must have been made for SHA-256, since RS256 is the only RSA
 * algorithm ACME servers are required to take.
 */
export async function acmeSigner(key: CryptoKeyPair | TokenKey): Promise<AcmeSigner> {
  let token: TokenKey;
  if (isTokenKey(key)) {
    token = key;
  } else {
    if (key.privateKey?.algorithm.name === 'RSASSA-PKCS1-v1_5' && boundHash(key.privateKey) !== 'SHA-256') {
      throw new ShirushiError('acme/unsupported-key', {
        detail: `RSA with ${boundHash(key.privateKey) ?? '?'}`,
      });
    }
    try {
      token = webCryptoTokenKey(key);
    } catch (error) {
      if (error instanceof ShirushiError && error.code.startsWith('acme/')) throw error;
      throw new ShirushiError('acme/unsupported-key', { detail: describe(error) }, { cause: error });
    }
  }
  const jwk = jwkFromSpki(await token.spki());
  if (jwk.kty === 'RSA') {
    if (token.algorithm !== 'RSA')
      throw new ShirushiError('acme/unsupported-key', { detail: token.algorithm });
    return { alg: 'RS256', jwk, sign: (data) => token.sign(data, 'SHA-256') };
  }
  const ec = EC_ALGS[jwk.crv]!;
  if (token.algorithm !== 'ECDSA')
    throw new ShirushiError('acme/unsupported-key', { detail: token.algorithm });
  return {
    alg: ec.alg,
    jwk,
    // JWS wants r || s (RFC 7518 3.4); tokens and webCryptoTokenKey give the DER SEQUENCE X.509 uses, so
    // one signing path serves WebCrypto and hardware keys.
    sign: async (data) => {
      const der = await token.sign(data, ec.hash);
      try {
        return ecdsaDerToRaw(der, ec.size);
      } catch (error) {
        throw new ShirushiError(
          'key/sign-failed',
          { detail: 'ECDSA signature is not a DER SEQUENCE of r, s' },
          { cause: error },
        );
      }
    },
  };
}

/** A new account key pair: ECDSA P-256 or RSA 2048 (SHA-256), the private key non-extractable. */
export function generateAccountKey(alg: 'ES256' | 'RS256'): Promise<CryptoKeyPair> {
  return generateKeyPair(
    alg === 'ES256'
      ? { algorithm: 'ECDSA', curve: 'P-256', extractable: false }
      : { algorithm: 'RSA', size: 2048, hash: 'SHA-256', extractable: false },
  );
}

/**
 * A flattened JWS. With `kid` the protected header names the account; without it, it carries the
 * signer's JWK (newAccount, revocation by certificate key, the inner keyChange JWS). `payload: ''` is
 * POST-as-GET: an empty payload string, not the encoding of `""`.
 */
export async function signJws(o: {
  signer: AcmeSigner;
  url: string;
  nonce?: string;
  kid?: string;
  payload: unknown;
}): Promise<FlattenedJws> {
  const header: Record<string, unknown> = { alg: o.signer.alg };
  if (o.kid !== undefined) header.kid = o.kid;
  else header.jwk = o.signer.jwk;
  if (o.nonce !== undefined) header.nonce = o.nonce;
  header.url = o.url;
  const protectedHeader = base64urlEncode(JSON.stringify(header));
  const payload = o.payload === '' ? '' : base64urlEncode(JSON.stringify(o.payload));
  const signature = await o.signer.sign(new TextEncoder().encode(`${protectedHeader}.${payload}`));
  return { protected: protectedHeader, payload, signature: base64urlEncode(signature) };
}

/** The MAC key's bytes. CAs print it base64url, but a pasted key may carry padding or the +/ alphabet. */
function macKeyBytes(macKey: string): Uint8Array {
  const cleaned = macKey.trim().replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(cleaned);
  } catch {
    // Never echo the key: it is a secret.
    throw new ShirushiError('acme/bad-eab', { detail: 'MAC key is not base64url' });
  }
  if (bytes.length === 0) throw new ShirushiError('acme/bad-eab', { detail: 'empty MAC key' });
  return bytes;
}

/**
 * The externalAccountBinding of a newAccount request (RFC 8555 7.3.4): protected header {alg, kid, url},
 * no nonce; the payload is the account JWK. The MAC key is imported non-extractable for this one MAC and
 * its decoded bytes are zeroed; it is never kept, stored or logged.
 */
export async function eabJws(eab: ExternalAccountBinding, jwk: AcmeJwk, url: string): Promise<FlattenedJws> {
  const alg = eab.alg ?? 'HS256';
  const hash = EAB_HASHES[alg];
  if (!hash) throw new ShirushiError('acme/bad-eab', { detail: `algorithm ${String(alg)}` });
  if (typeof eab.kid !== 'string' || eab.kid.trim() === '') {
    throw new ShirushiError('acme/bad-eab', { detail: 'empty key ID' });
  }
  const raw = macKeyBytes(eab.macKey);
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'HMAC', hash }, false, ['sign']);
  } catch (error) {
    throw new ShirushiError('acme/bad-eab', { detail: 'MAC key rejected by WebCrypto' }, { cause: error });
  } finally {
    raw.fill(0);
  }
  const protectedHeader = base64urlEncode(JSON.stringify({ alg, kid: eab.kid.trim(), url }));
  const payload = base64urlEncode(JSON.stringify(jwk));
  const mac = await crypto.subtle.sign(
    'HMAC',
    key,
    new TextEncoder().encode(`${protectedHeader}.${payload}`) as BufferSource,
  );
  return { protected: protectedHeader, payload, signature: base64urlEncode(new Uint8Array(mac)) };
}
