import * as asn1js from 'asn1js';
import { CERTIFICATE_LIMITS, decodeDer } from '../../../src/asn1/der.js';
import { bytesToHex } from '../../../src/encoding/hex.js';
import { ShirushiError } from '../../../src/errors/shirushi-error.js';
import { contentOf, decodeDirectoryString, stringTypeOf } from './strings.js';
import { REASON_FLAG_NAMES } from '../../../src/names/general-name-keys.js';
import { groupAltNames, readGeneralName, readGeneralNames } from './general-names.js';
import {
  ACCESS_METHODS,
  EXTENDED_KEY_USAGES,
  EXTENSION_NAMES,
  EXTENSIONS,
  POLICIES,
  POLICY_QUALIFIERS,
} from '../../../src/certificate/oids.js';
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
} from '../../../src/certificate/types.js';

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

function children(node: asn1js.AsnType | undefined): asn1js.AsnType[] {
  const value = (node as asn1js.Constructed | undefined)?.valueBlock?.value;
  return Array.isArray(value) ? value : [];
}

function expectSequence(node: asn1js.AsnType, what: string): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence)) throw new TypeError(`${what} is not a SEQUENCE`);
  return node.valueBlock.value;
}

function oidOf(node: asn1js.AsnType | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new TypeError(`${what} is not an OBJECT IDENTIFIER`);
  return node.valueBlock.toString();
}

function isContext(node: asn1js.AsnType | undefined, tag: number): boolean {
  return node?.idBlock.tagClass === 3 && node.idBlock.tagNumber === tag;
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

function bitStringContent(node: asn1js.AsnType): Uint8Array {
  if (!(node instanceof asn1js.BitString)) throw new TypeError('not a BIT STRING');
  const bits = node.valueBlock.valueHexView;
  const content = new Uint8Array(bits.length + 1);
  content[0] = node.valueBlock.unusedBits;
  content.set(bits, 1);
  return content;
}

function readKeyIdentifier(node: asn1js.AsnType): string {
  return bytesToHex(contentOf(node));
}

function readBasicConstraints(node: asn1js.AsnType): BasicConstraints {
  const parts = expectSequence(node, 'BasicConstraints');
  const result: BasicConstraints = { ca: false };
  for (const part of parts) {
    if (part instanceof asn1js.Boolean) result.ca = part.valueBlock.value;
    else if (part instanceof asn1js.Integer) result.pathLength = part.valueBlock.valueDec;
  }
  return result;
}

function readDistributionPoints(node: asn1js.AsnType): DistributionPoint[] {
  return expectSequence(node, 'CRLDistributionPoints').map((point) => {
    const result: DistributionPoint = { urls: [], names: [] };
    for (const field of expectSequence(point, 'DistributionPoint')) {
      if (isContext(field, 0)) {
        const name = children(field)[0];
        if (isContext(name, 0)) {
          for (const general of children(name).map(readGeneralName)) {
            (general.kind === 'uri' ? result.urls : result.names).push(general.value);
          }
        } else if (isContext(name, 1)) {
          result.names.push('nameRelativeToCRLIssuer');
        }
      } else if (isContext(field, 1)) {
        result.reasons = readBits(contentOf(field), REASON_FLAG_NAMES);
      } else if (isContext(field, 2)) {
        result.crlIssuer = children(field).map((general) => readGeneralName(general).value);
      }
    }
    return result;
  });
}

function readAuthorityKeyIdentifier(node: asn1js.AsnType): string | undefined {
  const keyId = expectSequence(node, 'AuthorityKeyIdentifier').find((part) => isContext(part, 0));
  return keyId ? bytesToHex(contentOf(keyId)) : undefined;
}

function readInfoAccess(node: asn1js.AsnType): AuthorityInfoAccess {
  const result: AuthorityInfoAccess = { ocsp: [], caIssuers: [] };
  for (const description of expectSequence(node, 'AuthorityInfoAccess')) {
    const [method, location] = expectSequence(description, 'AccessDescription');
    const oid = oidOf(method, 'accessMethod');
    if (!location) continue;
    const name = readGeneralName(location);
    if (oid === ACCESS_METHODS.ocsp) result.ocsp.push(name.value);
    else if (oid === ACCESS_METHODS.caIssuers) result.caIssuers.push(name.value);
  }
  return result;
}

function readText(node: asn1js.AsnType | undefined): string | undefined {
  if (!node) return undefined;
  const type = stringTypeOf(node);
  return type ? decodeDirectoryString(type, contentOf(node)) : undefined;
}

function readPolicies(node: asn1js.AsnType): CertificatePolicy[] {
  return expectSequence(node, 'CertificatePolicies').map((information) => {
    const [identifier, qualifiers] = expectSequence(information, 'PolicyInformation');
    const oid = oidOf(identifier, 'policyIdentifier');
    const policy: CertificatePolicy = { oid, cps: [], userNotices: [] };
    const known = POLICIES[oid];
    if (known) policy.name = known.name;
    for (const qualifier of qualifiers ? expectSequence(qualifiers, 'policyQualifiers') : []) {
      const [qualifierId, value] = expectSequence(qualifier, 'PolicyQualifierInfo');
      const qualifierOid = oidOf(qualifierId, 'policyQualifierId');
      if (qualifierOid === POLICY_QUALIFIERS.cps) {
        const uri = readText(value);
        if (uri !== undefined) policy.cps.push(uri);
      } else if (qualifierOid === POLICY_QUALIFIERS.userNotice && value instanceof asn1js.Sequence) {
        const explicitText = value.valueBlock.value.map(readText).find((text) => text !== undefined);
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
  const decode = () => decodeDer(extension.value, CERTIFICATE_LIMITS);
  switch (extension.oid) {
    case EXTENSIONS.subjectAltName:
      result.subjectAltNames = groupAltNames(readGeneralNames(decode()));
      break;
    case EXTENSIONS.keyUsage:
      result.keyUsage = readBits(bitStringContent(decode()), KEY_USAGE_BITS) as KeyUsageFlag[];
      break;
    case EXTENSIONS.extKeyUsage:
      result.extendedKeyUsage = expectSequence(decode(), 'ExtKeyUsageSyntax').map((node) => {
        const oid = oidOf(node, 'KeyPurposeId');
        return { oid, name: EXTENDED_KEY_USAGES[oid] ?? oid };
      });
      break;
    case EXTENSIONS.basicConstraints:
      result.basicConstraints = readBasicConstraints(decode());
      break;
    case EXTENSIONS.subjectKeyIdentifier:
      result.subjectKeyIdentifier = readKeyIdentifier(decode());
      break;
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
