import type {
  DistinguishedName,
  PublicKeyInfo,
  SignatureAlgorithm,
  SubjectAltNames,
} from '../certificate/types.js';
import type { ErrorCode, LocalizedText, MessageParams } from '../i18n/strings.js';

/** CSR profiles: generic CA/Browser Forum, each Japanese CA's, and ACME (SANs only). */
export type ProfileId =
  'br-dv' | 'br-ov' | 'jprs-dv' | 'jprs-ov' | 'secom-ov' | 'secom-ev' | 'crosstrust' | 'acme';

export const PROFILE_IDS: readonly ProfileId[] = [
  'br-dv',
  'br-ov',
  'jprs-dv',
  'jprs-ov',
  'secom-ov',
  'secom-ev',
  'crosstrust',
  'acme',
];

/** Subject attributes an applicant fills in. Absent or empty fields are left out of the CSR. */
export interface SubjectFields {
  commonName?: string;
  organization?: string;
  /** Not allowed by the Baseline Requirements any more; kept so lint can say so for pasted CSRs. */
  organizationalUnit?: string;
  locality?: string;
  /** Prefecture, romanised (e.g. `Tokyo`). */
  stateOrProvince?: string;
  /** ISO 3166 alpha-2, e.g. `JP`. */
  country?: string;
}

export type KeySpec =
  | { algorithm: 'RSA'; size?: 2048 | 3072 | 4096; extractable?: boolean }
  | { algorithm: 'ECDSA'; curve?: 'P-256' | 'P-384'; extractable?: boolean };

/**
 * A key that lives somewhere WebCrypto cannot reach (a hardware token): it gives its public key and signs.
 * `createCsr` treats a WebCrypto key pair through the same shape, so tokens need no second code path.
 */
export interface TokenKey {
  /** DER SubjectPublicKeyInfo. */
  spki(): Promise<Uint8Array>;
  /** `RSA` (PKCS#1 v1.5 signatures) or `ECDSA` (signatures returned DER-encoded as in X.509). */
  readonly algorithm: 'RSA' | 'ECDSA';
  /** Signs `data` with the given hash; returns the signature as it goes into a CSR (ECDSA: DER SEQUENCE). */
  sign(data: Uint8Array, hash: 'SHA-256' | 'SHA-384' | 'SHA-512'): Promise<Uint8Array>;
  /** Human-readable description (token name and slot), shown as where the key lives. */
  readonly label?: string;
}

/** What `parseCsr` reads from a PKCS#10 request. */
export interface CsrInfo {
  /** 0 for PKCS#10 v1 (the only version). */
  version: number;
  subject: DistinguishedName;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: SignatureAlgorithm;
  /**
   * Whether the signature verifies with the request's own public key (proof of possession). `parseCsr`
   * checks it synchronously for RSASSA-PKCS1-v1_5 and ECDSA on P-256/P-384 (SHA-1/256/384/512), which is
   * what CSRs use; it is `undefined` only when the algorithm cannot be checked synchronously (RSA-PSS,
   * Ed25519, P-521, ...). `verifyCsr` checks those through WebCrypto and fills it in (leaving it `undefined`
   * when WebCrypto cannot check it either); `createCsr` returns it `true`.
   */
  signatureValid: boolean | undefined;
  /** From the extensionRequest attribute. */
  subjectAltNames: SubjectAltNames;
  /** Every requested extension, raw. */
  extensions: { oid: string; critical: boolean; value: Uint8Array }[];
  /** Other attributes (challengePassword etc.) by OID. */
  attributes: { oid: string; values: Uint8Array[] }[];
  der: Uint8Array;
  pem: string;
}

export type LintSeverity = 'error' | 'warning' | 'notice';

/** One lint finding. `code` is stable (e.g. `lint/key/rsa-too-small`); the message says how to fix it. */
export interface LintFinding {
  code: ErrorCode;
  severity: LintSeverity;
  /** The field it is about: `key`, `signature`, `san`, `san[2]`, `subject.CN`, `subject.O`, ... */
  field?: string;
  message: LocalizedText;
  params?: MessageParams;
}
