import type { DistinguishedName, RawExtension, SignatureAlgorithm } from '../certificate/types.js';
import type { AlgorithmRef } from '../asn1/algorithm.js';
import type { GeneralNameRef } from '../names/general-name-keys.js';

/** The issuingDistributionPoint CRL extension (RFC 5280 section 5.2.5): which certificates a CRL covers. */
export interface IssuingDistributionPoint {
  /** The distribution point names (URIs, directory names); absent when the CRL names no point. */
  names?: GeneralNameRef[];
  onlyContainsUserCerts: boolean;
  onlyContainsCACerts: boolean;
  onlyContainsAttributeCerts: boolean;
  /** Reason bits covered (bit n for ReasonFlags bit n), when the CRL covers only some reasons. */
  onlySomeReasons?: number;
  indirectCRL: boolean;
  /** The extension's DER value, for comparing a delta CRL's scope with its base's. */
  der: Uint8Array;
}

/** What shirushi reads from a CRL's header. The revoked list stays in `der`, read lazily. */
export interface CrlInfo {
  /** 1 or 2. */
  version: number;
  issuer: DistinguishedName;
  /** The issuer Name compared by RFC 5280 section 7.1 rules (see `nameKey`). */
  issuerKey: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** cRLNumber. */
  number?: bigint;
  /** BaseCRLNumber from deltaCRLIndicator: set exactly when this is a delta CRL. */
  deltaBaseNumber?: bigint;
  /** authorityKeyIdentifier keyIdentifier, lowercase hex. */
  authorityKeyIdentifier?: string;
  issuingDistributionPoint?: IssuingDistributionPoint;
  signatureAlgorithm: SignatureAlgorithm;
  /** Extensions in order (values are views into `der`). */
  extensions: RawExtension[];
  /** First critical extension shirushi cannot process; such a CRL must not be used. */
  unknownCriticalExtension?: string;
  /** The whole CRL. */
  der: Uint8Array;
  /** Byte offsets of the revokedCertificates contents in `der` (equal when there are none). */
  entries: { start: number; end: number };
  /** Offsets of the TBSCertList element and of the signature value bytes in `der`. */
  tbs: { start: number; end: number };
  signature: { start: number; end: number };
  signatureAlgorithmRef: AlgorithmRef;
}

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
