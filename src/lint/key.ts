import * as asn1js from 'asn1js';
import { CERTIFICATE_LIMITS, decodeDer } from '../asn1/der.js';
import { readPublicKey } from '../certificate/public-key.js';
import type { PublicKeyInfo, SignatureAlgorithm } from '../certificate/types.js';
import type { LintFinding } from '../csr/types.js';
import { bytesToHex } from '../encoding/hex.js';
import { finding } from './finding.js';
import { fermatFactor, hasRocaFingerprint } from './weak-keys.js';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const ALLOWED_CURVES = new Set(['P-256', 'P-384']);
/** The hash each curve's strength calls for. */
const CURVE_HASH: Record<string, string> = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' };
const WEAK_HASHES = new Set(['MD2', 'MD5', 'SHA-1']);

interface RsaKey {
  modulus: bigint;
  exponent: bigint;
  /** `null` for an explicit NULL, `absent`, or `other` for anything else. */
  parameters: 'null' | 'absent' | 'other';
}

function toBigInt(integer: asn1js.Integer): bigint {
  const hex = bytesToHex(integer.valueBlock.valueHexView);
  return hex === '' ? 0n : BigInt(`0x${hex}`);
}

/** The modulus, exponent and AlgorithmIdentifier parameters of an RSA SubjectPublicKeyInfo. */
function readRsaKey(spki: Uint8Array): RsaKey | undefined {
  try {
    const node = decodeDer(spki, CERTIFICATE_LIMITS);
    const [algorithm, key] = node instanceof asn1js.Sequence ? node.valueBlock.value : [];
    const [, parameters] = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value : [];
    if (!(key instanceof asn1js.BitString)) return undefined;
    const inner = decodeDer(key.valueBlock.valueHexView, CERTIFICATE_LIMITS);
    const [modulus, exponent] = inner instanceof asn1js.Sequence ? inner.valueBlock.value : [];
    if (!(modulus instanceof asn1js.Integer) || !(exponent instanceof asn1js.Integer)) return undefined;
    return {
      modulus: toBigInt(modulus),
      exponent: toBigInt(exponent),
      parameters: parameters === undefined ? 'absent' : parameters instanceof asn1js.Null ? 'null' : 'other',
    };
  } catch {
    return undefined;
  }
}

function toPublicKeyInfo(key: PublicKeyInfo | Uint8Array): PublicKeyInfo | undefined {
  if (!(key instanceof Uint8Array)) return key;
  try {
    return readPublicKey(decodeDer(key, CERTIFICATE_LIMITS));
  } catch {
    return undefined;
  }
}

/**
 * Key rules: RSA at least 2048 bits and a multiple of 8, exponent 65537, labelled rsaEncryption with NULL
 * parameters, not factorable by Fermat's method in 100 rounds, no ROCA fingerprint; ECDSA on P-256 or P-384.
 * Takes the parsed key or the DER SubjectPublicKeyInfo.
 */
export function lintKey(key: PublicKeyInfo | Uint8Array): LintFinding[] {
  const info = toPublicKeyInfo(key);
  if (!info) return [finding('lint/key/malformed', 'error', 'key')];
  const findings: LintFinding[] = [];
  switch (info.algorithm) {
    case 'RSA':
    case 'RSA-PSS': {
      if (info.algorithmOid !== RSA_ENCRYPTION) {
        findings.push(finding('lint/key/rsa-not-rsa-encryption', 'error', 'key', { oid: info.algorithmOid }));
      }
      const rsa = readRsaKey(info.spki);
      if (!rsa) return [...findings, finding('lint/key/malformed', 'error', 'key')];
      if (info.algorithmOid === RSA_ENCRYPTION && rsa.parameters !== 'null') {
        findings.push(finding('lint/key/rsa-parameters-not-null', 'error', 'key'));
      }
      if (info.size < 2048)
        findings.push(finding('lint/key/rsa-too-small', 'error', 'key', { bits: info.size }));
      if (info.size % 8 !== 0) {
        findings.push(finding('lint/key/rsa-size-not-multiple-of-8', 'error', 'key', { bits: info.size }));
      }
      if (rsa.exponent !== 65537n) {
        findings.push(
          finding('lint/key/rsa-exponent', 'error', 'key', { exponent: rsa.exponent.toString() }),
        );
      }
      if (rsa.modulus % 2n === 0n) {
        findings.push(finding('lint/key/rsa-even-modulus', 'error', 'key'));
      } else if (fermatFactor(rsa.modulus, 100)) {
        findings.push(finding('lint/key/fermat', 'error', 'key', { rounds: 100 }));
      }
      if (hasRocaFingerprint(rsa.modulus)) findings.push(finding('lint/key/roca', 'error', 'key'));
      break;
    }
    case 'EC': {
      const curve = info.curve ?? 'unknown';
      if (curve === 'P-521') findings.push(finding('lint/key/ec-p521', 'warning', 'key'));
      else if (!ALLOWED_CURVES.has(curve)) {
        findings.push(finding('lint/key/ec-curve-not-allowed', 'error', 'key', { curve }));
      }
      break;
    }
    default:
      findings.push(
        finding('lint/key/unsupported-algorithm', 'error', 'key', {
          algorithm: info.algorithm === 'unknown' ? info.algorithmOid : info.algorithm,
        }),
      );
  }
  return findings;
}

/**
 * Signature rules: no MD5 or SHA-1; for ECDSA, the hash matched to the curve (P-256 with SHA-256, P-384
 * with SHA-384); RSASSA-PSS flagged because CAs' CSR intake often refuses it.
 */
export function lintSignature(signature: SignatureAlgorithm, key?: PublicKeyInfo): LintFinding[] {
  const findings: LintFinding[] = [];
  const hash = signature.hash;
  if (hash && WEAK_HASHES.has(hash)) {
    findings.push(
      finding('lint/signature/weak-hash', 'error', 'signature', { hash, algorithm: signature.name }),
    );
  }
  if (signature.name === 'RSASSA-PSS') findings.push(finding('lint/signature/pss', 'warning', 'signature'));
  if (key?.algorithm === 'EC' && hash && !WEAK_HASHES.has(hash)) {
    const expected = key.curve ? CURVE_HASH[key.curve] : undefined;
    if (expected && expected !== hash) {
      findings.push(
        finding('lint/signature/hash-curve-mismatch', 'warning', 'signature', {
          hash,
          curve: key.curve!,
          expected,
        }),
      );
    }
  }
  return findings;
}
