export type { DistinguishedName, NameAttribute } from '../names/types.js';
import type { DistinguishedName } from '../names/types.js';

export type PublicKeyAlgorithm = 'RSA' | 'EC' | 'Ed25519' | 'Ed448' | 'RSA-PSS' | 'DSA' | 'unknown';

export interface PublicKeyInfo {
  algorithm: PublicKeyAlgorithm;
  /** Dotted OID of the SubjectPublicKeyInfo algorithm. */
  algorithmOid: string;
  /** Modulus size for RSA, field size for EC, 0 when unknown. */
  size: number;
  /** Named curve for EC keys (`P-256`, `P-384`, `P-521`, or the OID when unnamed). */
  curve?: string;
  /** RSA public exponent as a number when it fits. */
  exponent?: number;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex (the "SPKI pin"). */
  spkiSha256: string;
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
}

export interface SignatureAlgorithm {
  oid: string;
  /** Readable name, e.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA384`, `RSASSA-PSS`. */
  name: string;
  /** Hash used, e.g. `SHA-256`, when known. */
  hash?: string;
}

export interface SubjectAltNames {
  dns: string[];
  /** IP addresses in canonical text form (IPv4 dotted, IPv6 RFC 5952). */
  ip: string[];
  email: string[];
  uri: string[];
  /** Other GeneralName forms (directoryName, otherName, registeredID), described briefly. */
  other: string[];
}

export type KeyUsageFlag =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly';

export interface ExtendedKeyUsage {
  oid: string;
  /** Readable name (`serverAuth`, `clientAuth`, `codeSigning`, `emailProtection`, `timeStamping`, `OCSPSigning`, ...). */
  name: string;
}

export interface BasicConstraints {
  ca: boolean;
  pathLength?: number;
}

export interface DistributionPoint {
  /** Full names that are URIs (what a relying party fetches). */
  urls: string[];
  /** Other names (directoryName etc.) as text. */
  names: string[];
  /** Revocation reasons this point covers, when limited. */
  reasons?: string[];
  /** The CRL issuer, when it is not the certificate's issuer (indirect CRL). */
  crlIssuer?: string[];
}

export interface AuthorityInfoAccess {
  ocsp: string[];
  caIssuers: string[];
}

/** Validation level from the CA/Browser Forum reserved policy OIDs (2.23.140.1.*). */
export type ValidationLevel = 'DV' | 'OV' | 'IV' | 'EV';

export interface CertificatePolicy {
  oid: string;
  /** Readable name when known (e.g. `CA/B Forum OV`, `anyPolicy`). */
  name?: string;
  /** CPS URIs and user notice texts from policy qualifiers. */
  cps: string[];
  userNotices: string[];
}

export interface RawExtension {
  oid: string;
  /** Readable name when known. */
  name?: string;
  critical: boolean;
  /** The extnValue contents (DER inside the OCTET STRING). */
  value: Uint8Array;
}

/** Everything shirushi reads from an X.509 certificate, as plain data. */
export interface CertificateInfo {
  /** 1, 2 or 3. */
  version: number;
  /** Serial number, lowercase hex of the DER INTEGER contents (two's complement, as encoded). */
  serialNumber: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  validity: { notBefore: Date; notAfter: Date };
  publicKey: PublicKeyInfo;
  signatureAlgorithm: SignatureAlgorithm;
  fingerprints: { sha256: string; sha1: string };
  subjectAltNames: SubjectAltNames;
  keyUsage?: KeyUsageFlag[];
  extendedKeyUsage?: ExtendedKeyUsage[];
  basicConstraints?: BasicConstraints;
  /** Subject key identifier, lowercase hex. */
  subjectKeyIdentifier?: string;
  /** Authority key identifier (keyIdentifier), lowercase hex. */
  authorityKeyIdentifier?: string;
  crlDistributionPoints: DistributionPoint[];
  authorityInfoAccess: AuthorityInfoAccess;
  policies: CertificatePolicy[];
  /** Highest CA/B Forum validation level asserted in the policies, if any. */
  validationLevel?: ValidationLevel;
  /** True when the certificate carries embedded Signed Certificate Timestamps (RFC 6962). */
  hasSctList: boolean;
  /** True when issuer and subject are the same name (self-issued). */
  selfIssued: boolean;
  extensions: RawExtension[];
  /** The certificate's DER. */
  der: Uint8Array;
}
