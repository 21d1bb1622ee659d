/**
 * CSR lint: the CA/Browser Forum Baseline Requirements and each Japanese CA's profile, as rules that run
 * on a finished CSR (`lintCsr`) or on the form's fields before a CSR exists (`lintNames`, `lintSubject`,
 * `lintKey`, `lintSignature`).
 */
import type { CsrInfo, LintFinding, ProfileId } from '../csr/types.js';
import { parseCsr } from '../csr/parse.js';
import { finding } from './finding.js';
import { lintKey, lintSignature } from './key.js';
import { lintNames } from './names.js';
import { lintSubject } from './subject.js';

export { lintKey, lintSignature } from './key.js';
export { lintNames, comparableName, hostFromUrl, type NameInput } from './names.js';
export { lintSubject, lintCommonName } from './subject.js';
export {
  PROFILES,
  SUBJECT_LENGTH_LIMITS,
  profileRules,
  type ProfileRules,
  type SubjectAttribute,
} from './profiles.js';
export { PREFECTURES, prefectureByName, guessPrefecture, type Prefecture } from './prefectures.js';
export { fermatFactor, hasRocaFingerprint, isqrt } from './weak-keys.js';
export { reservedRange } from './ip-ranges.js';
export { isKnownTld, publicSuffix, isPublicSuffix, suggestTld } from './public-suffix.js';
export { TLDS_DATE, TLDS_SOURCE, PUBLIC_SUFFIX_DATE, PUBLIC_SUFFIX_SOURCE } from './data/public-suffix.js';

const ORDER = { error: 0, warning: 1, notice: 2 } as const;

function isCsrInfo(input: Uint8Array | string | CsrInfo): input is CsrInfo {
  return typeof input === 'object' && !(input instanceof Uint8Array) && 'subjectAltNames' in input;
}

/**
 * Lints a CSR (DER, PEM or already parsed) against a profile; without one, only the rules every CA shares.
 * Findings come errors first, then warnings, then notices. Throws ShirushiError when the input is no CSR.
 * The signature is checked by `parseCsr` itself (RSA PKCS#1 v1.5, ECDSA P-256/P-384); a bad one gives
 * `lint/signature/invalid`. For other algorithms pass a CsrInfo that `verifyCsr` has checked.
 */
export function lintCsr(input: Uint8Array | string | CsrInfo, profile?: ProfileId): LintFinding[] {
  const info = isCsrInfo(input) ? input : parseCsr(input);
  const findings: LintFinding[] = [
    ...lintKey(info.publicKey),
    ...lintSignature(info.signatureAlgorithm, info.publicKey),
    ...(info.signatureValid !== false ? [] : [finding('lint/signature/invalid', 'error', 'signature')]),
    ...lintNames(info.subjectAltNames, profile),
    ...lintSubject(info.subject, profile, info.subjectAltNames),
  ];
  return findings
    .map((item, index) => ({ item, index }))
    .sort((a, b) => ORDER[a.item.severity] - ORDER[b.item.severity] || a.index - b.index)
    .map(({ item }) => item);
}
