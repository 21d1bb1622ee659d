import * as asn1js from 'asn1js';
import { CERTIFICATE_LIMITS, decodeDer } from '../../../src/asn1/der.js';
import { bytesToHex } from '../../../src/encoding/hex.js';
import { ShirushiError } from '../../../src/errors/shirushi-error.js';
import { sha256 } from '../../../src/hash/sha.js';
import { NAMED_CURVES, PUBLIC_KEY_ALGORITHMS } from '../../../src/certificate/oids.js';
import type { PublicKeyInfo } from '../../../src/certificate/types.js';

function bitLength(integer: asn1js.Integer): number {
  const bytes = integer.valueBlock.valueHexView;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const first = bytes[start] ?? 0;
  return (bytes.length - start - 1) * 8 + (first === 0 ? 0 : Math.floor(Math.log2(first)) + 1);
}

function integers(der: Uint8Array, what: string): asn1js.Integer[] {
  const node = decodeDer(der, CERTIFICATE_LIMITS);
  const values = node instanceof asn1js.Sequence ? node.valueBlock.value : [];
  if (values.length === 0 || !values.every((value) => value instanceof asn1js.Integer)) {
    throw new ShirushiError('certificate/bad-public-key', { detail: what });
  }
  return values as asn1js.Integer[];
}

/** Algorithm, size and SPKI hash of a SubjectPublicKeyInfo node. */
export function readPublicKey(spkiNode: asn1js.AsnType): PublicKeyInfo {
  const spki = new Uint8Array(spkiNode.toBER(false));
  const [algorithm, key] = spkiNode instanceof asn1js.Sequence ? spkiNode.valueBlock.value : [];
  const [oidNode, parameters] = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value : [];
  if (!(oidNode instanceof asn1js.ObjectIdentifier) || !(key instanceof asn1js.BitString)) {
    throw new ShirushiError('certificate/bad-public-key', { detail: 'SubjectPublicKeyInfo' });
  }
  const algorithmOid = oidNode.valueBlock.toString();
  const keyBytes = key.valueBlock.valueHexView;
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
      info.size = bitLength(modulus!);
      if (exponent && exponent.valueBlock.valueHexView.length <= 6)
        info.exponent = exponent.valueBlock.valueDec;
      break;
    }
    case 'EC': {
      const curveOid =
        parameters instanceof asn1js.ObjectIdentifier ? parameters.valueBlock.toString() : undefined;
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
      const [p] = parameters instanceof asn1js.Sequence ? parameters.valueBlock.value : [];
      if (p instanceof asn1js.Integer) info.size = bitLength(p);
      break;
    }
  }
  return info;
}
