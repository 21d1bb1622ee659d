import type { KeyUsageFlag } from '../certificate/types.js';
import { refusedWeakSignature, type WeakAlgorithmPolicy } from '../crypto/weak.js';
import type { ErrorCode, MessageParams } from '../i18n/strings.js';
import type { ChainPurpose } from './types.js';
import type { PathCertificate } from '../x509/path-certificate.js';
import { isPresentedDnsName } from './name-constraints.js';

/** A problem with one certificate; the path check adds where in the path it is. */
export interface CertificateIssue {
  code: ErrorCode;
  params: MessageParams;
  /** Reported without making the path invalid. */
  warning?: true;
}

/** What the caller of `verifyChain` asks of a path beyond RFC 5280's own rules. */
export interface PathRules extends WeakAlgorithmPolicy {
  purpose: ChainPurpose;
  strict: boolean;
}

const subjectOf = (certificate: PathCertificate) => certificate.info.subject.rfc4514;

/** RFC 5280 4.1.2.2: a positive serial number of at most 20 octets. */
function serialIssue(certificate: PathCertificate): CertificateIssue | undefined {
  const subject = subjectOf(certificate);
  const { serial } = certificate;
  const value = serial.length > 1 && serial[0] === 0 ? serial.subarray(1) : serial;
  if (value.every((byte) => byte === 0)) {
    return { code: 'chain/bad-serial', params: { subject, detail: { ja: '0 です', en: 'it is zero' } } };
  }
  if (value.length > 20) {
    return {
      code: 'chain/bad-serial',
      params: {
        subject,
        detail: {
          ja: `${value.length} オクテットあります（上限は 20）`,
          en: `it is ${value.length} octets long (at most 20)`,
        },
      },
    };
  }
  return undefined;
}

/**
 * Checks of a certificate below the trust anchor that hold whatever the caller asks: names that cannot be
 * host names, extensions whose content breaks RFC 5280, and key usage or serial numbers no CA may issue.
 */
export function structureIssues(certificate: PathCertificate): CertificateIssue[] {
  const subject = subjectOf(certificate);
  const issues: CertificateIssue[] = [];
  for (const { extension, detail } of certificate.malformed) {
    issues.push({ code: 'chain/malformed-extension', params: { subject, extension, detail } });
  }
  for (const name of certificate.info.subjectAltNames.dns) {
    if (!isPresentedDnsName(name.toLowerCase())) {
      issues.push({ code: 'chain/malformed-name', params: { subject, name } });
    }
  }
  if (!certificate.isCa) {
    if (certificate.nameConstraints)
      issues.push({ code: 'chain/name-constraints-on-leaf', params: { subject } });
    if (certificate.keyUsage?.has('keyCertSign')) {
      issues.push({ code: 'chain/key-cert-sign-without-ca', params: { subject } });
    }
  }
  const serial = serialIssue(certificate);
  if (serial) issues.push(serial);
  return issues;
}

const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const EMAIL_PROTECTION = '1.3.6.1.5.5.7.3.4';

/** The extendedKeyUsage OIDs that allow a purpose. */
const PURPOSE_OIDS: Record<Exclude<ChainPurpose, 'any'>, readonly string[]> = {
  'tls-server': [SERVER_AUTH],
  'tls-client': [CLIENT_AUTH],
  email: [EMAIL_PROTECTION],
  'document-signing': [
    '1.3.6.1.5.5.7.3.36', // id-kp-documentSigning (RFC 9336)
    EMAIL_PROTECTION,
    '1.2.840.113583.1.1.5', // Adobe Authentic Documents Trust
    '1.3.6.1.4.1.311.10.3.12', // Microsoft Document Signing
  ],
  'code-signing': [CODE_SIGNING],
};

/** Key usage bits of which the leaf needs one for a purpose (TLS 1.2 RSA and ECDH key exchange included). */
const PURPOSE_KEY_USAGE: Record<Exclude<ChainPurpose, 'any'>, readonly KeyUsageFlag[]> = {
  'tls-server': ['digitalSignature', 'keyEncipherment', 'keyAgreement'],
  'tls-client': ['digitalSignature', 'keyAgreement'],
  email: ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'keyAgreement'],
  'document-signing': ['digitalSignature', 'nonRepudiation'],
  'code-signing': ['digitalSignature'],
};

/**
 * anyExtendedKeyUsage counts as every purpose, on the leaf as on a CA: that is what RFC 5280 4.2.1.12 says it
 * means and what OpenSSL and Go do; the Baseline Requirements forbid it in TLS leaves, which is the CA's
 * rule to keep, not a sign that the key was meant for something else.
 */
function allowsPurpose(certificate: PathCertificate, purpose: Exclude<ChainPurpose, 'any'>): boolean {
  const listed = certificate.info.extendedKeyUsage;
  if (!listed) return true;
  return listed.some(
    (usage) => usage.oid === ANY_EXTENDED_KEY_USAGE || PURPOSE_OIDS[purpose].includes(usage.oid),
  );
}

function purposeIssue(
  certificate: PathCertificate,
  position: 'leaf' | 'ca',
  purpose: ChainPurpose,
): CertificateIssue | undefined {
  if (purpose === 'any') return undefined;
  const keyUsage = certificate.keyUsage;
  const keyUsageFits =
    position === 'ca' || !keyUsage || PURPOSE_KEY_USAGE[purpose].some((flag) => keyUsage.has(flag));
  if (allowsPurpose(certificate, purpose) && keyUsageFits) return undefined;
  return { code: 'chain/extended-key-usage', params: { subject: subjectOf(certificate), purpose } };
}

/** RFC 5280 4.2.1.1 and 4.2.1.2: how the issuer's key and a CA's own key are identified. */
function keyIdentifierIssues(certificate: PathCertificate, issuer: PathCertificate): CertificateIssue[] {
  const subject = subjectOf(certificate);
  const missing: string[] = [];
  const selfSigned =
    certificate.spki.length === issuer.spki.length &&
    certificate.spki.every((byte, i) => byte === issuer.spki[i]);
  const hasAki = certificate.info.extensions.some((extension) => extension.oid === '2.5.29.35');
  if (!hasAki && !selfSigned) missing.push('authorityKeyIdentifier');
  if (hasAki && certificate.info.authorityKeyIdentifier === undefined) {
    missing.push('authorityKeyIdentifier keyIdentifier');
  }
  if (certificate.isCa && certificate.info.subjectKeyIdentifier === undefined) {
    missing.push('subjectKeyIdentifier');
  }
  return missing.map((which) => ({ code: 'chain/missing-key-identifier', params: { subject, which } }));
}

/**
 * The caller's rules for one certificate of a complete path: purpose (extendedKeyUsage on the leaf and on
 * every CA below the anchor that carries it, the CA/Browser Forum chaining rule; keyUsage on the leaf),
 * signature algorithm (not for the anchor, whose self-signature is never relied on), RSA key size, and the
 * checks that only fail in strict mode (a negative serial, missing key identifiers).
 */
export function ruleIssues(
  certificate: PathCertificate,
  issuer: PathCertificate | undefined,
  isLeaf: boolean,
  rules: PathRules,
): CertificateIssue[] {
  const subject = subjectOf(certificate);
  const issues: CertificateIssue[] = [];
  const { publicKey, signatureAlgorithm } = certificate.info;
  if (issuer && refusedWeakSignature(signatureAlgorithm, rules) !== undefined) {
    issues.push({
      code: 'chain/weak-signature-algorithm',
      params: { subject, algorithm: signatureAlgorithm.name },
    });
  }
  if (
    (publicKey.algorithm === 'RSA' || publicKey.algorithm === 'RSA-PSS') &&
    publicKey.size < rules.minRsaBits
  ) {
    issues.push({ code: 'chain/weak-key', params: { subject, bits: publicKey.size } });
  }
  if (!issuer) return issues;
  const purpose = purposeIssue(certificate, isLeaf ? 'leaf' : 'ca', rules.purpose);
  if (purpose) issues.push(purpose);
  const lenient: CertificateIssue[] = keyIdentifierIssues(certificate, issuer);
  // NIST PKITS 4.4.15 and some old CAs use negative serials; CRLs still match them byte for byte.
  if ((certificate.serial[0] ?? 0) & 0x80) {
    lenient.push({
      code: 'chain/bad-serial',
      params: { subject, detail: { ja: '負の値です', en: 'it is negative' } },
    });
  }
  for (const issue of lenient) issues.push(rules.strict ? issue : { ...issue, warning: true });
  return issues;
}
