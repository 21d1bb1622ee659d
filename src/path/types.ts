/** What `verifyChain` takes and answers: chain validation's own types, on top of revocation's. */
import type { CertificateInfo } from '../certificate/types.js';
import type { ErrorCode, MessageParams } from '../i18n/strings.js';
import type {
  CrlInput,
  OcspResponseInput,
  RevocationProblem,
  RevocationResult,
} from '../revocation/types.js';

/** The RFC 5280 section 6.1.1 inputs (c), (e), (f), (g), (h); all default to "no constraint". */
export interface PolicySettings {
  /** Policies acceptable to the relying party; default: any policy. */
  initialPolicySet?: readonly string[];
  /** The path must be valid for at least one policy of the set (initial-explicit-policy). */
  explicitPolicy?: boolean;
  /** Policy mapping is not allowed anywhere in the path (initial-policy-mapping-inhibit). */
  policyMappingInhibit?: boolean;
  /** anyPolicy in a certificate does not stand for every policy (initial-any-policy-inhibit). */
  anyPolicyInhibit?: boolean;
}

/** A policy of the user-constrained policy set (RFC 5280 6.1.6), with the qualifiers met on its way down. */
export interface ValidPolicy {
  /** Dotted OID in the trust anchor's policy domain; `2.5.29.32.0` when the path is valid for any policy. */
  oid: string;
  /** Readable name when known. */
  name?: string;
  /** CPS URIs and user notice texts from the certificates that asserted it; shown to users. */
  cps: string[];
  userNotices: string[];
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

/** One finding of path building or validation, before it becomes a `ChainProblem`. */
export interface PathIssue {
  code: ErrorCode;
  params: MessageParams;
  /** Index in the path, leaf (target) = 0. */
  index?: number;
  /** Reported without making the path invalid. */
  warning?: true;
}
