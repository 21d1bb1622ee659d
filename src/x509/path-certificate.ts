/**
 * The certificate model that path validation, revocation checking and OCSP share. Only the shape lives
 * here, below all three; src/path/certificate.ts builds it (`toPathCertificate`).
 */
import type { AlgorithmRef } from '../asn1/algorithm.js';
import type { CertificateInfo, KeyUsageFlag } from '../certificate/types.js';
import type { LocalizedText } from '../i18n/types.js';
import type { GeneralNameRef } from '../names/general-name-keys.js';

/** The nameConstraints extension (RFC 5280 section 4.2.1.10), as name keys. */
export interface NameConstraints {
  permitted: GeneralNameRef[];
  excluded: GeneralNameRef[];
  /** Why the extension is not a usable constraint (empty, or a subtree base that cannot be a name). */
  defect?: LocalizedText;
}

/** A cRLDistributionPoints entry in the form RFC 5280 section 6.3.3 compares. */
export interface DistributionPointRef {
  /** Full names; a nameRelativeToCRLIssuer is resolved against the CRL issuer (or the certificate issuer). */
  names?: GeneralNameRef[];
  /** Reason bits, when the point covers only some reasons. */
  reasons?: number;
  /** cRLIssuer names (an indirect CRL), when present. */
  crlIssuer?: GeneralNameRef[];
}

/**
 * A certificate as path validation and revocation checking see it: the parsed `info` plus the signed
 * bytes, the normalised names, and the extensions these algorithms need, read with the small DER reader.
 */
export interface PathCertificate {
  info: CertificateInfo;
  der: Uint8Array;
  tbs: Uint8Array;
  signatureAlgorithm: AlgorithmRef;
  signature: Uint8Array;
  subjectKey: string;
  issuerKey: string;
  /** The serialNumber INTEGER contents, as a CRL entry encodes them. */
  serial: Uint8Array;
  spki: Uint8Array;
  isCa: boolean;
  pathLength?: number;
  keyUsage?: ReadonlySet<KeyUsageFlag>;
  distributionPoints?: DistributionPointRef[];
  /** Names that a CA's name constraints apply to: the subject and the subjectAltName entries. */
  names: GeneralNameRef[];
  nameConstraints?: NameConstraints;
  /** Critical extensions that path validation does not process. */
  unknownCritical: string[];
  /** Extensions that parse but break RFC 5280's rules for their content, with the reason in English. */
  malformed: Array<{ extension: string; detail: LocalizedText }>;
  /** SHA-256 fingerprint; identifies the certificate in caches and loop checks. */
  id: string;
}
