import type { RevocationReason } from '../crl/types.js';
import type { ErrorCode, LocalizedText, MessageParams } from '../i18n/strings.js';

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
  /**
   * CRLs and OCSP responses signed with SHA-1, MD5 or MD2, and CRL signers with such signatures or RSA keys
   * under 2048 bits, are not used unless allowed here (as `verifyChain`'s option of the same name).
   */
  weakAlgorithms?: { allowSignatures?: string[]; minRsaBits?: number };
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
