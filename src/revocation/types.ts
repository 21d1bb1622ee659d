import type { CertificateInfo } from '../certificate/types.js';
import type { ErrorCode, LocalizedText, MessageParams } from '../i18n/strings.js';
import type { PolicySettings, ValidPolicy } from '../path/policy.js';

/** CRL reason codes (RFC 5280 section 5.3.1); `removeFromCRL` only appears in delta CRLs. */
export type RevocationReason =
  | 'unspecified'
  | 'keyCompromise'
  | 'cACompromise'
  | 'affiliationChanged'
  | 'superseded'
  | 'cessationOfOperation'
  | 'certificateHold'
  | 'removeFromCRL'
  | 'privilegeWithdrawn'
  | 'aACompromise';

/** A CRL as bytes (DER or PEM), optionally with the URL it came from so results can show it. */
export type CrlInput = Uint8Array | string | { der: Uint8Array; url?: string };

/** One thing that went wrong or limited the answer. `message` is ready to show in either language. */
export interface RevocationProblem {
  code: ErrorCode;
  message: LocalizedText;
  params?: MessageParams;
}

/** The CRL (complete, or complete plus delta) that decided a status. */
export interface CrlSummary {
  /** The CRL issuer's name, RFC 4514. */
  issuer: string;
  /** cRLNumber in decimal, when the CRL has one. */
  number?: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  url?: string;
  /** Set when a delta CRL was applied on top of the complete CRL. */
  delta?: { number?: string; baseNumber: string; thisUpdate: Date; nextUpdate?: Date; url?: string };
}

/** The OCSP response that decided a status. */
export interface OcspSummary {
  producedAt: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** The signer: the issuer's or its delegated responder's subject, RFC 4514. */
  responder: string;
  url?: string;
}

/** An OCSP response as DER, optionally with the responder URL it came from so results can show it. */
export type OcspResponseInput = Uint8Array | { der: Uint8Array; url?: string };

export interface RevocationResult {
  status: 'good' | 'revoked' | 'unknown';
  reason?: RevocationReason;
  revocationDate?: Date;
  invalidityDate?: Date;
  crl?: CrlSummary;
  /** Set when an OCSP response decided the status (or said the responder does not know the certificate). */
  ocsp?: OcspSummary;
  /** Why a status is `unknown`, and the CRLs that were examined and set aside (unreadable, stale, bad signature). */
  problems: RevocationProblem[];
}

export interface CheckRevocationOptions {
  /** The certificate to check, DER or PEM. */
  certificate: Uint8Array | string;
  /** The certificate's issuer. */
  issuer: Uint8Array | string;
  /** Complete and delta CRLs, any order, any source; CRLs that do not apply are ignored. */
  crls: CrlInput[];
  /**
   * Other certificates that may sign CRLs: a separate CRL-signing key of the same CA, an indirect CRL
   * issuer, a new key after rollover, and the certificates that link them to `issuer` or its parents.
   * Each is only trusted after its signature is traced back to `issuer` (or a certificate above it).
   */
  crlSigners?: Array<Uint8Array | string>;
  /** Default: now. */
  time?: Date;
  /** Seconds; a CRL whose thisUpdate is older than this is not used. */
  maxAge?: number;
  /** Seconds of clock difference tolerated on thisUpdate and nextUpdate. Default 300. */
  clockSkew?: number;
  /** Largest CRL accepted, in bytes. Default `CRL_DEFAULT_MAX_BYTES` (256 MiB). */
  maxCrlBytes?: number;
  /** DER OCSP responses (e.g. from `fetchOcsp`); a definite OCSP answer is used before the CRLs. */
  ocspResponses?: OcspResponseInput[];
}

export interface VerifyChainOptions extends PolicySettings {
  leaf: Uint8Array | string;
  /** Intermediate CA certificates and CRL-signing certificates, any order. */
  intermediates?: Array<Uint8Array | string>;
  trustAnchors: Array<Uint8Array | string>;
  crls?: CrlInput[];
  /** Default: now. */
  time?: Date;
  /**
   * `require` (default): every certificate below the trust anchor must be shown good by a CRL or OCSP.
   * `prefer`: revoked fails, unknown is reported as a problem but does not fail.
   * `off`: neither CRLs nor OCSP responses are consulted.
   */
  revocation?: 'require' | 'prefer' | 'off';
  /** When set, the leaf must be valid for this host name (`matchesHostname`). */
  hostname?: string;
  /**
   * What the leaf will be used for. Default `tls-server` when `hostname` is given, else `any`. The leaf's
   * extendedKeyUsage (absent = any purpose, as RFC 5280) must list the purpose or anyExtendedKeyUsage, and
   * its keyUsage must allow the purpose; a CA certificate that carries extendedKeyUsage must list it too
   * (the CA/Browser Forum and Mozilla chaining rule, stricter than RFC 5280, which does not chain EKU).
   * `document-signing` accepts id-kp-documentSigning (RFC 9336), emailProtection, Adobe's
   * 1.2.840.113583.1.1.5 and Microsoft's 1.3.6.1.4.1.311.10.3.12.
   */
  purpose?: ChainPurpose;
  /**
   * By default a signature in the path made with SHA-1, MD5 or MD2 (except the anchor's own self-signature)
   * and an RSA key under 2048 bits (the anchor's too) fail. For checking historic signatures:
   * `allowSignatures` names algorithms as `CertificateInfo.signatureAlgorithm.name` does (e.g.
   * `['sha1WithRSAEncryption']`), `minRsaBits` lowers the key size.
   */
  weakAlgorithms?: { allowSignatures?: string[]; minRsaBits?: number };
  /**
   * Problems that RFC 5280 asks CAs to avoid but relying parties commonly accept (a negative serial number,
   * a missing key identifier) are reported with `warning: true`; `strict` makes them fail.
   */
  strict?: boolean;
  /** Seconds; see `CheckRevocationOptions.maxAge`. */
  maxAge?: number;
  /** Seconds; see `CheckRevocationOptions.clockSkew`. */
  clockSkew?: number;
  maxCrlBytes?: number;
  /**
   * DER OCSP responses for certificates in the path, any order. For each certificate a good or revoked
   * OCSP answer is used; otherwise its CRL result. Revoked from either source wins.
   */
  ocspResponses?: OcspResponseInput[];
}

export interface ChainProblem extends RevocationProblem {
  /** Index into `path` (0 = leaf) of the certificate the problem is about, when it is about one. */
  certificateIndex?: number;
  /** Reported but does not make the chain invalid (unknown revocation in `prefer` mode, non-strict checks). */
  warning?: true;
}

export type ChainPurpose =
  'tls-server' | 'tls-client' | 'email' | 'document-signing' | 'code-signing' | 'any';

export interface ChainResult {
  valid: boolean;
  /** Leaf first, trust anchor last; the best path found, even when it is not valid. */
  path: CertificateInfo[];
  /** One per certificate checked for revocation, in path order (the trust anchor is not checked). */
  revocation: RevocationResult[];
  problems: ChainProblem[];
  /**
   * The user-constrained policy set (RFC 5280 6.1.6): the certificate policies, in the trust anchor's domain,
   * under which the path is valid, with their CPS URIs and user notices; empty when it is valid for none.
   */
  policies: ValidPolicy[];
}
