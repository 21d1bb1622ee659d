import type * as asn1js from 'asn1js';
import { childrenOf, readCompleteOidAt, readTlv, TAG, type Tlv } from '../asn1/reader.js';
import { CERTIFICATE_LIMITS, checkElementForms, scanDer } from '../asn1/scan.js';
import { bytesToHex } from '../encoding/hex.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { sha256 } from '../hash/sha.js';
import { NAMED_CURVES, PUBLIC_KEY_ALGORITHMS } from './oids.js';
import type { PublicKeyInfo } from './types.js';

function bitLength(bytes: Uint8Array, integer: Tlv): number {
  let start = integer.content;
  while (start < integer.end - 1 && bytes[start] === 0) start++;
  const first = bytes[start] ?? 0;
  return (integer.end - start - 1) * 8 + (first === 0 ? 0 : Math.floor(Math.log2(first)) + 1);
}

/** A short INTEGER's value, two's complement, as asn1js's `valueDec` gives it. */
function smallSignedInteger(bytes: Uint8Array, integer: Tlv): number {
  let value = 0;
  for (let i = integer.content; i < integer.end; i++) value = value * 256 + bytes[i]!;
  const length = integer.end - integer.content;
  if (length > 0 && bytes[integer.content]! & 0x80) value -= 2 ** (8 * length);
  return value;
}

/** The INTEGERs of a SEQUENCE OF INTEGER (RSAPublicKey), checked against the certificate's bounds. */
function integers(der: Uint8Array, what: string): Tlv[] {
  scanDer(der, CERTIFICATE_LIMITS);
  checkElementForms(der);
  const node = readTlv(der, 0, der.length);
  const values = node.tag === TAG.SEQUENCE ? childrenOf(der, node, CERTIFICATE_LIMITS.maxNodes) : [];
  if (
    values.length === 0 ||
    !values.every((value) => value.tag === TAG.INTEGER && value.end > value.content)
  ) {
    throw new ShirushiError('certificate/bad-public-key', { detail: what });
  }
  return values;
}

/** Algorithm, size and SPKI hash of a DER SubjectPublicKeyInfo (kept by reference in the result). */
export function readPublicKeyDer(spki: Uint8Array): PublicKeyInfo {
  const outer = readTlv(spki, 0, spki.length);
  const [algorithm, key] =
    outer.tag === TAG.SEQUENCE ? childrenOf(spki, outer, CERTIFICATE_LIMITS.maxNodes) : [];
  const [oidNode, parameters] =
    algorithm?.tag === TAG.SEQUENCE ? childrenOf(spki, algorithm, CERTIFICATE_LIMITS.maxNodes) : [];
  if (oidNode?.tag !== TAG.OID || oidNode.end === oidNode.content || key?.tag !== TAG.BIT_STRING) {
    throw new ShirushiError('certificate/bad-public-key', { detail: 'SubjectPublicKeyInfo' });
  }
  const algorithmOid = readCompleteOidAt(spki, oidNode);
  const keyBytes = spki.subarray(Math.min(key.content + 1, key.end), key.end);
  const info: PublicKeyInfo = {
    algorithm: PUBLIC_KEY_ALGORITHMS[algorithmOid] ?? 'unknown',
    algorithmOid,
    size: 0,
    spkiSha256: bytesToHex(sha256(spki)),
    spki,
  };
  switch (info.algorithm) {
    case 'RSA':
    case 'RSA-PSS': {
      const [modulus, exponent] = integers(keyBytes, 'RSAPublicKey');
      info.size = bitLength(keyBytes, modulus!);
      if (exponent && exponent.end - exponent.content <= 6)
        info.exponent = smallSignedInteger(keyBytes, exponent);
      break;
    }
    case 'EC': {
      const curveOid =
        parameters?.tag === TAG.OID && parameters.end > parameters.content
          ? readCompleteOidAt(spki, parameters)
          : undefined;
      const curve = curveOid ? NAMED_CURVES[curveOid] : undefined;
      info.curve = curve?.name ?? curveOid ?? 'explicit parameters';
      // Uncompressed points are 0x04 || X || Y, so the field size follows from the key length.
      info.size = curve?.size ?? (keyBytes[0] === 4 ? ((keyBytes.length - 1) / 2) * 8 : 0);
      break;
    }
    case 'Ed25519':
      info.size = 256;
      break;
    case 'Ed448':
      info.size = 456;
      break;
    case 'DSA': {
      const [p] =
        parameters?.tag === TAG.SEQUENCE ? childrenOf(spki, parameters, CERTIFICATE_LIMITS.maxNodes) : [];
      if (p?.tag === TAG.INTEGER) info.size = bitLength(spki, p);
      break;
    }
  }
  return info;
}

/** The same from an asn1js SubjectPublicKeyInfo node (for the readers that still decode with asn1js). */
export function readPublicKey(spkiNode: asn1js.AsnType): PublicKeyInfo {
  return readPublicKeyDer(new Uint8Array(spkiNode.toBER(false)));
}
