import { childrenOf, readCompleteOidAt, readTlv, TAG, type Tlv } from '../asn1/reader.js';
import { CERTIFICATE_LIMITS, checkElementForms, scanDer } from '../asn1/scan.js';
import { bytesToHex } from '../encoding/hex.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { decodeDirectoryString, stringTypeOfTag } from '../names/strings.js';
import { REASON_FLAG_NAMES } from '../names/general-name-keys.js';
import {
  childrenIfConstructed,
  groupAltNames,
  readGeneralNameAt,
  readGeneralNamesAt,
} from './general-names.js';
import {
  ACCESS_METHODS,
  EXTENDED_KEY_USAGES,
  EXTENSION_NAMES,
  EXTENSIONS,
  POLICIES,
  POLICY_QUALIFIERS,
} from './oids.js';
import type {
  AuthorityInfoAccess,
  BasicConstraints,
  CertificatePolicy,
  DistributionPoint,
  ExtendedKeyUsage,
  KeyUsageFlag,
  RawExtension,
  SubjectAltNames,
  ValidationLevel,
} from './types.js';

const KEY_USAGE_BITS: KeyUsageFlag[] = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

const LEVEL_RANK: Record<ValidationLevel, number> = { DV: 1, IV: 2, OV: 3, EV: 4 };

export interface ParsedExtensions {
  subjectAltNames: SubjectAltNames;
  keyUsage?: KeyUsageFlag[];
  extendedKeyUsage?: ExtendedKeyUsage[];
  basicConstraints?: BasicConstraints;
  subjectKeyIdentifier?: string;
  authorityKeyIdentifier?: string;
  crlDistributionPoints: DistributionPoint[];
  authorityInfoAccess: AuthorityInfoAccess;
  policies: CertificatePolicy[];
  validationLevel?: ValidationLevel;
  hasSctList: boolean;
}

/** An extension value, decoded lazily: the bytes and their outer element. */
interface Value {
  bytes: Uint8Array;
  node: Tlv;
}

function expectSequence(value: Value, node: Tlv, what: string): Tlv[] {
  if (node.tag !== TAG.SEQUENCE) throw new TypeError(`${what} is not a SEQUENCE`);
  return childrenOf(value.bytes, node, CERTIFICATE_LIMITS.maxNodes);
}

function oidOf(value: Value, node: Tlv | undefined, what: string): string {
  if (node?.tag !== TAG.OID || node.end === node.content) {
    throw new TypeError(`${what} is not an OBJECT IDENTIFIER`);
  }
  return readCompleteOidAt(value.bytes, node);
}

/** Context-specific `[tag]`, primitive or constructed (implicit tagging keeps the inner form). */
function isContext(node: Tlv | undefined, tag: number): boolean {
  return node !== undefined && (node.tag & 0xdf) === (0x80 | tag);
}

function contentOf(value: Value, node: Tlv): Uint8Array {
  return value.bytes.subarray(node.content, node.end);
}

/** Named bits from BIT STRING contents (first byte: unused bit count), first bit first. */
function readBits(content: Uint8Array, names: readonly string[]): string[] {
  const unused = content[0] ?? 0;
  const total = (content.length - 1) * 8 - unused;
  const set: string[] = [];
  for (let bit = 0; bit < total && bit < names.length; bit++) {
    if ((content[1 + (bit >> 3)]! >> (7 - (bit & 7))) & 1) set.push(names[bit]!);
  }
  return set;
}

function bitStringContent(value: Value): Uint8Array {
  if (value.node.tag !== TAG.BIT_STRING) throw new TypeError('not a BIT STRING');
  return contentOf(value, value.node);
}

/** A short INTEGER's value, two's complement. */
function smallSignedInteger(value: Value, node: Tlv): number {
  let result = 0;
  for (let i = node.content; i < node.end; i++) result = result * 256 + value.bytes[i]!;
  const length = node.end - node.content;
  if (length > 0 && value.bytes[node.content]! & 0x80) result -= 2 ** (8 * length);
  return result;
}

function readBasicConstraints(value: Value): BasicConstraints {
  const parts = expectSequence(value, value.node, 'BasicConstraints');
  const result: BasicConstraints = { ca: false };
  for (const part of parts) {
    // asn1js, which read these before, took any non-zero first byte as TRUE.
    if (part.tag === TAG.BOOLEAN) result.ca = part.end > part.content && value.bytes[part.content] !== 0;
    else if (part.tag === TAG.INTEGER) result.pathLength = smallSignedInteger(value, part);
  }
  return result;
}

function readDistributionPoints(value: Value): DistributionPoint[] {
  return expectSequence(value, value.node, 'CRLDistributionPoints').map((point) => {
    const result: DistributionPoint = { urls: [], names: [] };
    for (const field of expectSequence(value, point, 'DistributionPoint')) {
      if (isContext(field, 0)) {
        const name = childrenIfConstructed(value.bytes, field)[0];
        if (isContext(name, 0)) {
          for (const entry of childrenIfConstructed(value.bytes, name!)) {
            const general = readGeneralNameAt(value.bytes, entry);
            (general.kind === 'uri' ? result.urls : result.names).push(general.value);
          }
        } else if (isContext(name, 1)) {
          result.names.push('nameRelativeToCRLIssuer');
        }
      } else if (isContext(field, 1)) {
        result.reasons = readBits(contentOf(value, field), REASON_FLAG_NAMES);
      } else if (isContext(field, 2)) {
        result.crlIssuer = childrenIfConstructed(value.bytes, field).map(
          (general) => readGeneralNameAt(value.bytes, general).value,
        );
      }
    }
    return result;
  });
}

function readAuthorityKeyIdentifier(value: Value): string | undefined {
  const parts = expectSequence(value, value.node, 'AuthorityKeyIdentifier');
  const keyId = parts.find((part) => isContext(part, 0));
  return keyId ? bytesToHex(contentOf(value, keyId)) : undefined;
}

function readInfoAccess(value: Value): AuthorityInfoAccess {
  const result: AuthorityInfoAccess = { ocsp: [], caIssuers: [] };
  for (const description of expectSequence(value, value.node, 'AuthorityInfoAccess')) {
    const [method, location] = expectSequence(value, description, 'AccessDescription');
    const oid = oidOf(value, method, 'accessMethod');
    if (!location) continue;
    const name = readGeneralNameAt(value.bytes, location);
    if (oid === ACCESS_METHODS.ocsp) result.ocsp.push(name.value);
    else if (oid === ACCESS_METHODS.caIssuers) result.caIssuers.push(name.value);
  }
  return result;
}

function readText(value: Value, node: Tlv | undefined): string | undefined {
  if (!node) return undefined;
  const type = stringTypeOfTag(node.tag);
  return type ? decodeDirectoryString(type, contentOf(value, node)) : undefined;
}

function readPolicies(value: Value): CertificatePolicy[] {
  return expectSequence(value, value.node, 'CertificatePolicies').map((information) => {
    const [identifier, qualifiers] = expectSequence(value, information, 'PolicyInformation');
    const oid = oidOf(value, identifier, 'policyIdentifier');
    const policy: CertificatePolicy = { oid, cps: [], userNotices: [] };
    const known = POLICIES[oid];
    if (known) policy.name = known.name;
    for (const qualifier of qualifiers ? expectSequence(value, qualifiers, 'policyQualifiers') : []) {
      const [qualifierId, qualifierValue] = expectSequence(value, qualifier, 'PolicyQualifierInfo');
      const qualifierOid = oidOf(value, qualifierId, 'policyQualifierId');
      if (qualifierOid === POLICY_QUALIFIERS.cps) {
        const uri = readText(value, qualifierValue);
        if (uri !== undefined) policy.cps.push(uri);
      } else if (qualifierOid === POLICY_QUALIFIERS.userNotice && qualifierValue?.tag === TAG.SEQUENCE) {
        const explicitText = childrenOf(value.bytes, qualifierValue, CERTIFICATE_LIMITS.maxNodes)
          .map((part) => readText(value, part))
          .find((text) => text !== undefined);
        if (explicitText !== undefined) policy.userNotices.push(explicitText);
      }
    }
    return policy;
  });
}

function highestLevel(policies: CertificatePolicy[]): ValidationLevel | undefined {
  let best: ValidationLevel | undefined;
  for (const policy of policies) {
    const level = POLICIES[policy.oid]?.level;
    if (level && (!best || LEVEL_RANK[level] > LEVEL_RANK[best])) best = level;
  }
  return best;
}

/**
 * Reads the extensions shirushi shows. Each value is decoded with the certificate's own bounds,
 * so an extension with more than asn1js's default 10 000 elements (a SAN list of thousands) still reads.
 */
export function readExtensions(extensions: RawExtension[]): ParsedExtensions {
  const result: ParsedExtensions = {
    subjectAltNames: { dns: [], ip: [], email: [], uri: [], other: [] },
    crlDistributionPoints: [],
    authorityInfoAccess: { ocsp: [], caIssuers: [] },
    policies: [],
    hasSctList: false,
  };
  const seen = new Set<string>();
  for (const extension of extensions) {
    const name = extension.name ?? extension.oid;
    if (seen.has(extension.oid)) throw new ShirushiError('certificate/duplicate-extension', { name });
    seen.add(extension.oid);
    try {
      readExtension(extension, result);
    } catch (error) {
      if (error instanceof ShirushiError && error.code !== 'certificate/bad-name') throw error;
      const detail = error instanceof ShirushiError ? error.messages.en : (error as Error).message;
      throw new ShirushiError('certificate/bad-extension', { name, detail }, { cause: error });
    }
  }
  result.validationLevel = highestLevel(result.policies);
  if (result.validationLevel === undefined) delete result.validationLevel;
  return result;
}

function readExtension(extension: RawExtension, result: ParsedExtensions): void {
  // Each value gets its own bounds check, as a whole certificate does.
  const decode = (): Value => {
    scanDer(extension.value, CERTIFICATE_LIMITS);
    checkElementForms(extension.value);
    return { bytes: extension.value, node: readTlv(extension.value, 0, extension.value.length) };
  };
  switch (extension.oid) {
    case EXTENSIONS.subjectAltName: {
      const value = decode();
      result.subjectAltNames = groupAltNames(readGeneralNamesAt(value.bytes, value.node));
      break;
    }
    case EXTENSIONS.keyUsage:
      result.keyUsage = readBits(bitStringContent(decode()), KEY_USAGE_BITS) as KeyUsageFlag[];
      break;
    case EXTENSIONS.extKeyUsage: {
      const value = decode();
      result.extendedKeyUsage = expectSequence(value, value.node, 'ExtKeyUsageSyntax').map((node) => {
        const oid = oidOf(value, node, 'KeyPurposeId');
        return { oid, name: EXTENDED_KEY_USAGES[oid] ?? oid };
      });
      break;
    }
    case EXTENSIONS.basicConstraints:
      result.basicConstraints = readBasicConstraints(decode());
      break;
    case EXTENSIONS.subjectKeyIdentifier: {
      const value = decode();
      // The asn1js reader took the bytes of any primitive that carries bytes (not NULL, BOOLEAN or an OID).
      if (value.node.tag & 0x20 || [TAG.NULL, TAG.BOOLEAN, TAG.OID].includes(value.node.tag as 5)) {
        throw new TypeError('KeyIdentifier is not an OCTET STRING');
      }
      result.subjectKeyIdentifier = bytesToHex(contentOf(value, value.node));
      break;
    }
    case EXTENSIONS.authorityKeyIdentifier: {
      const keyId = readAuthorityKeyIdentifier(decode());
      if (keyId !== undefined) result.authorityKeyIdentifier = keyId;
      break;
    }
    case EXTENSIONS.crlDistributionPoints:
      result.crlDistributionPoints = readDistributionPoints(decode());
      break;
    case EXTENSIONS.authorityInfoAccess:
      result.authorityInfoAccess = readInfoAccess(decode());
      break;
    case EXTENSIONS.certificatePolicies:
      result.policies = readPolicies(decode());
      break;
    case EXTENSIONS.ctSignedCertificateTimestamps:
      result.hasSctList = true;
      break;
  }
}

export function extensionName(oid: string): string | undefined {
  return EXTENSION_NAMES[oid];
}
