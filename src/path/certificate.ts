import {
  childrenOf,
  contentBytes,
  contextTag,
  elementBytes,
  readBitStringAt,
  readTlv,
  TAG,
} from '../asn1/reader.js';
import { CERTIFICATE_LABELS, readCertificateModel } from '../certificate/parse.js';
import { readAlgorithmAt } from '../asn1/algorithm.js';
import { toDer, type DerInput } from '../encoding/pem.js';
import { CERTIFICATE_LIMITS } from '../asn1/scan.js';
import { nameKeyAt } from '../names/compare.js';
import type { DistributionPointRef, PathCertificate } from '../x509/path-certificate.js';
import { namesOf, readNameConstraints } from './name-constraints.js';
import { distributionPointNames, generalNameRefs, reasonMask } from '../names/general-name-keys.js';

/** Extensions that path validation or revocation checking processes, or that are safe to accept as critical. */
const PROCESSED_EXTENSIONS = new Set([
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.15', // keyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.18', // issuerAltName
  '2.5.29.19', // basicConstraints
  '2.5.29.30', // nameConstraints
  '2.5.29.31', // cRLDistributionPoints
  '2.5.29.32', // certificatePolicies (./policy.ts)
  '2.5.29.33', // policyMappings (./policy.ts)
  '2.5.29.36', // policyConstraints (./policy.ts)
  '2.5.29.54', // inhibitAnyPolicy (./policy.ts)
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.37', // extKeyUsage
  '2.5.29.46', // freshestCRL
  '1.3.6.1.5.5.7.1.1', // authorityInfoAccess
]);

/** PKCS #9 emailAddress, a legacy place for a mailbox in the subject name. */
const EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

function readDistributionPoints(value: Uint8Array, issuerKey: string): DistributionPointRef[] {
  const outer = readTlv(value, 0, value.length);
  if (outer.tag !== TAG.SEQUENCE || outer.end !== value.length) throw new TypeError('cRLDistributionPoints');
  return childrenOf(value, outer, 100).map((point) => {
    if (point.tag !== TAG.SEQUENCE) throw new TypeError('DistributionPoint');
    const fields = childrenOf(value, point, 3);
    const ref: DistributionPointRef = {};
    const crlIssuerField = fields.find((field) => field.tag === contextTag(2, true));
    if (crlIssuerField) ref.crlIssuer = generalNameRefs(value, crlIssuerField);
    // A relative name is relative to the CRL issuer: the cRLIssuer when given, else the certificate issuer.
    const directoryIssuer = ref.crlIssuer?.find((name) => name.key.startsWith('dn:'));
    const relativeTo = directoryIssuer ? directoryIssuer.key.slice(3) : issuerKey;
    for (const field of fields) {
      if (field.tag === contextTag(0, true)) ref.names = distributionPointNames(value, field, relativeTo);
      else if (field.tag === contextTag(1, false)) ref.reasons = reasonMask(value, field);
      else if (field.tag !== contextTag(2, true)) throw new TypeError('DistributionPoint field');
    }
    if (!ref.names && !ref.crlIssuer)
      throw new TypeError('DistributionPoint with neither name nor cRLIssuer');
    return ref;
  });
}

/** Builds the path view of one certificate. Throws `ShirushiError` like `parseCertificate`. */
export function toPathCertificate(input: DerInput): PathCertificate {
  // The same certificate is usually checked many times (a CA against every CRL check, a page re-checking a
  // seal): remember the parse by the identity of the bytes or by the PEM text. Like CRLs, certificate bytes
  // must not be modified after they are passed in.
  const cached =
    typeof input === 'string'
      ? byText.get(input)
      : input instanceof Uint8Array
        ? byBytes.get(input)
        : undefined;
  if (cached) return cached;
  const certificate = readPathCertificate(input);
  if (typeof input === 'string') {
    byText.set(input, certificate);
    if (byText.size > TEXT_CACHE_SIZE) byText.delete(byText.keys().next().value!);
  } else if (input instanceof Uint8Array) {
    byBytes.set(input, certificate);
  }
  return certificate;
}

const byBytes = new WeakMap<Uint8Array, PathCertificate>();
const byText = new Map<string, PathCertificate>();
const TEXT_CACHE_SIZE = 64;

function readPathCertificate(input: DerInput): PathCertificate {
  const der = toDer(input, { labels: CERTIFICATE_LABELS, maxBytes: CERTIFICATE_LIMITS.maxBytes });
  // One read gives both the parsed info and where the signed parts sit; nothing is read twice.
  const { info, parts } = readCertificateModel(der);
  const issuerKey = nameKeyAt(der, parts.issuer);
  const subjectKey = nameKeyAt(der, parts.subject);
  const certificate: PathCertificate = {
    info,
    der,
    tbs: elementBytes(der, parts.tbs),
    signatureAlgorithm: readAlgorithmAt(der, parts.signatureAlgorithm),
    signature: readBitStringAt(der, parts.signature).bits,
    subjectKey,
    issuerKey,
    serial: contentBytes(der, parts.serial),
    spki: elementBytes(der, parts.spki),
    isCa: info.basicConstraints?.ca === true,
    names: namesOf(
      subjectKey,
      info.extensions.find((extension) => extension.oid === '2.5.29.17')?.value,
      info.subject.rdns
        .flat()
        .flatMap((attribute) => (attribute.oid === EMAIL_ADDRESS ? [attribute.value] : [])),
    ),
    unknownCritical: [],
    malformed: [],
    id: info.fingerprints.sha256,
  };
  if (info.basicConstraints?.pathLength !== undefined)
    certificate.pathLength = info.basicConstraints.pathLength;
  if (info.keyUsage) certificate.keyUsage = new Set(info.keyUsage);
  for (const extension of info.extensions) {
    if (extension.oid === '2.5.29.30') {
      certificate.nameConstraints = readNameConstraints(extension.value);
      const detail = certificate.nameConstraints.defect;
      if (detail) certificate.malformed.push({ extension: 'nameConstraints', detail });
    } else if (extension.oid === '2.5.29.37' && info.extendedKeyUsage?.length === 0) {
      certificate.malformed.push({
        extension: 'extKeyUsage',
        detail: { ja: '用途が 1 つもありません', en: 'it lists no purposes' },
      });
    } else if (extension.oid === '1.3.6.1.5.5.7.1.1' && extension.critical) {
      // RFC 5280 4.2.2.1: conforming CAs MUST mark it non-critical.
      certificate.malformed.push({
        extension: 'authorityInfoAccess',
        detail: { ja: '重要（critical）と指定されています', en: 'it is marked critical' },
      });
    } else if (extension.oid === '2.5.29.31') {
      certificate.distributionPoints = readDistributionPoints(extension.value, issuerKey);
    } else if (extension.critical && !PROCESSED_EXTENSIONS.has(extension.oid)) {
      certificate.unknownCritical.push(extension.oid);
    }
  }
  return certificate;
}
