import type { LocalizedText } from '../i18n/strings.js';
import { childrenOf, contextTag, readTlv, TAG } from '../asn1/reader.js';
import { generalNameRef, generalNameRefs, type GeneralNameRef } from '../names/general-name-keys.js';
import type { NameConstraints } from '../x509/path-certificate.js';

const typeOf = (name: GeneralNameRef) => name.key.slice(0, name.key.indexOf(':'));
const valueOf = (name: GeneralNameRef) => name.key.slice(name.key.indexOf(':') + 1);

const DNS_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** A host name in a dNSName: letters, digits, hyphens (and underscores, which real certificates carry). */
export function isHostName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => DNS_LABEL.test(label));
}

/** A dNSName as a certificate may assert it: a host name, or `*.` and a host name of two labels or more. */
export function isPresentedDnsName(name: string): boolean {
  if (name.startsWith('*.')) return name.indexOf('.', 2) > 0 && isHostName(name.slice(2));
  return isHostName(name);
}

/** Why a subtree base cannot be a constraint, or undefined when it can. */
function baseDefect(base: GeneralNameRef): LocalizedText | undefined {
  const type = typeOf(base);
  const value = valueOf(base);
  if (type === 'dns') {
    const host = value.startsWith('.') ? value.slice(1) : value;
    return value === '' || isHostName(host)
      ? undefined
      : {
          ja: `dNSName「${base.text}」はドメイン名ではありません`,
          en: `dNSName "${base.text}" is not a domain name`,
        };
  }
  if (type === 'ip') {
    if (value.length !== 16 && value.length !== 64) {
      return {
        ja: `iPAddress の制約が ${value.length / 2} バイトです（アドレスとマスクで 8 または 32 バイトが必要）`,
        en: `iPAddress constraint of ${value.length / 2} bytes (must be 8 or 32: address and mask)`,
      };
    }
    const mask = [...value.slice(value.length / 2)]
      .map((digit) => parseInt(digit, 16).toString(2).padStart(4, '0'))
      .join('');
    return /^1*0*$/.test(mask)
      ? undefined
      : {
          ja: `iPAddress のマスク ${value.slice(value.length / 2)} が連続していません`,
          en: `iPAddress mask ${value.slice(value.length / 2)} is not contiguous`,
        };
  }
  return undefined;
}

export function readNameConstraints(value: Uint8Array): NameConstraints {
  const outer = readTlv(value, 0, value.length);
  if (outer.tag !== TAG.SEQUENCE || outer.end !== value.length) throw new TypeError('NameConstraints');
  const result: NameConstraints = { permitted: [], excluded: [] };
  for (const field of childrenOf(value, outer, 2)) {
    const list =
      field.tag === contextTag(0, true)
        ? result.permitted
        : field.tag === contextTag(1, true)
          ? result.excluded
          : undefined;
    if (!list) throw new TypeError('NameConstraints field');
    const subtrees = childrenOf(value, field, 1000);
    if (subtrees.length === 0)
      result.defect ??= { ja: '空のサブツリー一覧があります', en: 'a subtree list is empty' };
    for (const subtree of subtrees) {
      const [base, ...rest] = childrenOf(value, subtree, 3);
      // minimum must be 0 (so absent in DER) and maximum absent (section 4.2.1.10).
      if (!base || rest.length > 0) throw new TypeError('GeneralSubtree with minimum or maximum');
      const name = generalNameRef(value, base);
      result.defect ??= baseDefect(name);
      list.push(name);
    }
  }
  // RFC 5280 4.2.1.10: at least one of permittedSubtrees and excludedSubtrees MUST be present.
  if (result.permitted.length === 0 && result.excluded.length === 0)
    result.defect ??= {
      ja: '許可・除外のどちらのサブツリーもありません',
      en: 'no subtrees',
    };
  return result;
}

/**
 * The names a certificate asserts: its subject (when not empty), the emailAddress attributes of the subject
 * (which rfc822Name constraints cover too, RFC 5280 4.2.1.10) and its subjectAltName entries.
 */
export function namesOf(
  subjectKey: string,
  subjectAltName: Uint8Array | undefined,
  subjectEmails: readonly string[] = [],
): GeneralNameRef[] {
  const names: GeneralNameRef[] = [];
  if (subjectKey !== '[]') names.push({ key: `dn:${subjectKey}`, text: subjectKey });
  for (const email of subjectEmails) names.push({ key: `email:${email.toLowerCase()}`, text: email });
  if (subjectAltName) {
    const outer = readTlv(subjectAltName, 0, subjectAltName.length);
    names.push(...generalNameRefs(subjectAltName, outer));
  }
  return names;
}

function dnsWithin(name: string, base: string): boolean {
  if (base === '') return true;
  if (base.startsWith('.')) return name.endsWith(base);
  return name === base || name.endsWith(`.${base}`);
}

function emailWithin(mailbox: string, base: string): boolean {
  if (base.includes('@')) return mailbox === base;
  const host = mailbox.slice(mailbox.lastIndexOf('@') + 1);
  return base.startsWith('.') ? host.endsWith(base) : host === base;
}

/**
 * URI constraints name a host (RFC 5280 4.2.1.10): `host.example.com` only that host, `.example.com` any host
 * below it. A URI without an authority host (a URN, mailto:) cannot satisfy a constraint.
 */
function uriWithin(uri: string, base: string): boolean {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(uri)?.[1];
  if (authority === undefined) return false;
  const host = authority
    .slice(authority.lastIndexOf('@') + 1)
    .replace(/:\d*$/, '')
    .toLowerCase();
  if (host === '' || host.startsWith('[')) return false;
  const domain = base.toLowerCase();
  return domain.startsWith('.') ? host.endsWith(domain) : host === domain;
}

function ipWithin(addressHex: string, baseHex: string): boolean {
  // The constraint is address || mask: twice as long as the address it limits.
  if (baseHex.length !== addressHex.length * 2) return false;
  const half = addressHex.length;
  for (let i = 0; i < half; i += 2) {
    const address = parseInt(addressHex.slice(i, i + 2), 16);
    const base = parseInt(baseHex.slice(i, i + 2), 16);
    const mask = parseInt(baseHex.slice(half + i, half + i + 2), 16);
    if ((address & mask) !== (base & mask)) return false;
  }
  return true;
}

function dnWithin(name: string, base: string): boolean {
  const rdns = JSON.parse(name) as string[];
  const prefix = JSON.parse(base) as string[];
  return prefix.length <= rdns.length && prefix.every((rdn, i) => rdns[i] === rdn);
}

/** Whether `name` is inside the subtree `base`; undefined when the two are of different types. */
function within(name: GeneralNameRef, base: GeneralNameRef): boolean | undefined {
  const type = typeOf(name);
  if (type !== typeOf(base)) return undefined;
  const value = valueOf(name);
  const constraint = valueOf(base);
  switch (type) {
    case 'dns':
      return dnsWithin(value, constraint);
    case 'email':
      return emailWithin(value, constraint);
    case 'ip':
      return ipWithin(value, constraint);
    case 'dn':
      return dnWithin(value, constraint);
    case 'uri':
      return uriWithin(value, constraint);
    default:
      // Other forms: only an identical name is known to be inside.
      return name.key === base.key;
  }
}

/**
 * A wildcard dNSName stands for every name with one more label: it is inside a subtree only when all of those
 * are (tested with a label no real name has), and it touches an excluded subtree when any of them is (that
 * label, or the one label the base itself adds).
 */
function wildcardWithin(wildcard: string, base: string, any: boolean): boolean {
  const suffix = wildcard.slice(1);
  if (dnsWithin(`\u0000${suffix}`, base)) return true;
  if (!any || !base.endsWith(suffix)) return false;
  const label = base.slice(0, base.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

function isWildcard(name: GeneralNameRef): boolean {
  return typeOf(name) === 'dns' && valueOf(name).startsWith('*.');
}

/** The first name that the constraints forbid, or undefined when all are allowed. */
export function violation(
  names: readonly GeneralNameRef[],
  constraints: NameConstraints,
): GeneralNameRef | undefined {
  for (const name of names) {
    const inside = (base: GeneralNameRef, any: boolean) =>
      isWildcard(name) && typeOf(base) === 'dns'
        ? wildcardWithin(valueOf(name), valueOf(base), any)
        : within(name, base) === true;
    if (constraints.excluded.some((base) => inside(base, true))) return name;
    const sameType = constraints.permitted.filter((base) => typeOf(base) === typeOf(name));
    if (sameType.length > 0 && !sameType.some((base) => inside(base, false))) return name;
  }
  return undefined;
}
