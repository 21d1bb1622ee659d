import type { DistinguishedName } from '../certificate/types.js';
import type { LintFinding, ProfileId, SubjectFields } from '../csr/types.js';
import { finding, hasNonAscii } from './finding.js';
import { comparableName, type NameInput } from './names.js';
import { guessPrefecture, prefectureByName } from './prefectures.js';
import { profileRules, SUBJECT_LENGTH_LIMITS, type SubjectAttribute } from './profiles.js';

interface Attribute {
  name: string;
  value: string;
}

const FIELD_ATTRIBUTES: [keyof SubjectFields, SubjectAttribute][] = [
  ['commonName', 'CN'],
  ['organization', 'O'],
  ['organizationalUnit', 'OU'],
  ['locality', 'L'],
  ['stateOrProvince', 'ST'],
  ['country', 'C'],
];

/** Values that stand for "nothing" (BR 7.1.4.3: no metadata such as `.`, `-` or ` `). */
const PLACEHOLDER = /^[\s.\-_*?/\\]*$|^(n\/?a|none|null|nil|unknown|not applicable|test|xxx+|default)$/i;

function isDistinguishedName(value: SubjectFields | DistinguishedName): value is DistinguishedName {
  return 'rdns' in value && Array.isArray(value.rdns);
}

function attributes(subject: SubjectFields | DistinguishedName): Attribute[] {
  if (isDistinguishedName(subject)) {
    return subject.rdns.flat().map((attribute) => ({ name: attribute.shortName, value: attribute.value }));
  }
  // From the form: an empty field is left out of the CSR, so it is absent, not a placeholder.
  return FIELD_ATTRIBUTES.filter(([key]) => subject[key] !== undefined && subject[key] !== '').map(
    ([key, name]) => ({ name, value: subject[key]! }),
  );
}

function codePointHex(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function lintValue(attribute: Attribute, field: string, profileId: ProfileId | undefined): LintFinding[] {
  const rules = profileRules(profileId);
  const { name, value } = attribute;
  if (PLACEHOLDER.test(value))
    return [finding('lint/subject/placeholder', 'error', field, { attribute: name, value })];
  const findings: LintFinding[] = [];
  if (value !== value.trim())
    findings.push(finding('lint/subject/whitespace', 'warning', field, { attribute: name }));
  const chars = Array.from(value);
  const limit = SUBJECT_LENGTH_LIMITS[name as SubjectAttribute];
  if (limit !== undefined && chars.length > limit) {
    findings.push(
      finding('lint/subject/too-long', 'error', field, { attribute: name, length: chars.length, limit }),
    );
  }
  const control = chars.findIndex((char) => /[\p{Cc}\p{Cf}]/u.test(char));
  if (control >= 0) {
    findings.push(
      finding('lint/subject/control-character', 'error', field, {
        attribute: name,
        codepoint: codePointHex(chars[control]!),
        position: control + 1,
      }),
    );
  }
  if (rules.japanese) {
    const index = chars.findIndex((char) => char.codePointAt(0)! > 0x7e);
    if (index >= 0) {
      findings.push(
        finding('lint/subject/non-ascii', 'error', field, {
          attribute: name,
          char: chars[index]!,
          codepoint: codePointHex(chars[index]!),
          position: index + 1,
        }),
      );
    }
  }
  if (rules.forbiddenCharacters) {
    const index = chars.findIndex((char) => rules.forbiddenCharacters.includes(char));
    if (index >= 0) {
      findings.push(
        finding('lint/subject/forbidden-character', 'error', field, {
          attribute: name,
          char: chars[index]!,
          position: index + 1,
          forbidden: rules.forbiddenCharacters,
        }),
      );
    }
  }
  if (name === 'C' || name === 'jurisdictionC') {
    if (!/^[A-Z]{2}$/.test(value)) {
      findings.push(finding('lint/subject/country-invalid', 'error', field, { attribute: name, value }));
    } else if (name === 'C' && rules.defaultCountry && value !== rules.defaultCountry) {
      findings.push(
        finding('lint/subject/country-not-jp', 'warning', field, { value, expected: rules.defaultCountry }),
      );
    }
  }
  if (name === 'ST' && rules.japanese && !prefectureByName(value)) {
    const guess = guessPrefecture(value);
    findings.push(
      guess
        ? finding('lint/subject/prefecture-spelling', 'notice', field, { value, suggestion: guess.name })
        : finding('lint/subject/prefecture-unknown', 'notice', field, { value }),
    );
  }
  return findings;
}

/**
 * Subject rules for a profile: OU not allowed, only the profile's attributes, the required ones present,
 * no placeholders, the length limits, ASCII only and no `"#;+` for the Japanese CAs, C = JP by default, ST
 * one of the 47 prefectures. Give `names` (the SANs) to also check that a CN is one of them.
 * Takes the form's fields or a parsed DistinguishedName (a pasted CSR's subject).
 */
export function lintSubject(
  subject: SubjectFields | DistinguishedName,
  profile?: ProfileId,
  names?: NameInput,
): LintFinding[] {
  const rules = profileRules(profile);
  const list = attributes(subject);
  const findings: LintFinding[] = [];
  const counts = new Map<string, number>();
  for (const attribute of list) {
    const field = `subject.${attribute.name}`;
    const count = (counts.get(attribute.name) ?? 0) + 1;
    counts.set(attribute.name, count);
    if (count === 2) {
      findings.push(
        finding('lint/subject/duplicate-attribute', 'error', field, { attribute: attribute.name }),
      );
    }
    const allowed = rules.allowed.includes(attribute.name as SubjectAttribute);
    if (rules.sansOnly && !allowed) {
      findings.push(finding('lint/subject/ignored-by-acme', 'notice', field, { attribute: attribute.name }));
      continue;
    }
    if (attribute.name === 'OU') {
      findings.push(finding('lint/subject/ou-not-allowed', 'error', field));
      continue;
    }
    if (!allowed) {
      findings.push(
        finding('lint/subject/attribute-not-allowed', 'error', field, {
          attribute: attribute.name,
          allowed: rules.allowed.join(', '),
        }),
      );
      continue;
    }
    if (count === 1) findings.push(...lintValue(attribute, field, profile));
  }
  for (const group of rules.required) {
    if (!group.some((name) => counts.has(name))) {
      findings.push(
        finding('lint/subject/missing-attribute', 'error', `subject.${group[0]}`, {
          attribute: group.join(' / '),
        }),
      );
    }
  }
  const cn = list.find((attribute) => attribute.name === 'CN');
  if (cn && names !== undefined) findings.push(...lintCommonName(cn.value, names));
  return findings;
}

/** CN is optional; when present it must be exactly one of the SANs (A-label form for IDNs). */
export function lintCommonName(commonName: string, names: NameInput): LintFinding[] {
  const sans = Array.isArray(names)
    ? (names as readonly string[])
    : [...((names as { dns?: string[] }).dns ?? []), ...((names as { ip?: string[] }).ip ?? [])];
  const wanted = comparableName(commonName);
  const match = sans.find((name) => comparableName(name) === wanted);
  if (!match) {
    return [
      finding('lint/subject/cn-not-in-san', 'error', 'subject.CN', { value: commonName, ascii: wanted }),
    ];
  }
  if (hasNonAscii(commonName)) {
    return [
      finding('lint/subject/cn-not-a-label', 'error', 'subject.CN', { value: commonName, ascii: wanted }),
    ];
  }
  return [];
}
