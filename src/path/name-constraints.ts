import { childrenOf, contextTag, readTlv, TAG } from '../asn1/reader.js';
import { generalNameRef, generalNameRefs, type GeneralNameRef } from '../names/general-name-keys.js';

/** The nameConstraints extension (RFC 5280 section 4.2.1.10), as name keys. */
export interface NameConstraints {
  permitted: GeneralNameRef[];
  excluded: GeneralNameRef[];
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
    for (const subtree of childrenOf(value, field, 1000)) {
      const [base, ...rest] = childrenOf(value, subtree, 3);
      // minimum must be 0 (so absent in DER) and maximum absent (section 4.2.1.10).
      if (!base || rest.length > 0) throw new TypeError('GeneralSubtree with minimum or maximum');
      list.push(generalNameRef(value, base));
    }
  }
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

const typeOf = (name: GeneralNameRef) => name.key.slice(0, name.key.indexOf(':'));
const valueOf = (name: GeneralNameRef) => name.key.slice(name.key.indexOf(':') + 1);

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

/** The first name that the constraints forbid, or undefined when all are allowed. */
export function violation(
  names: readonly GeneralNameRef[],
  constraints: NameConstraints,
): GeneralNameRef | undefined {
  for (const name of names) {
    if (constraints.excluded.some((base) => within(name, base) === true)) return name;
    const sameType = constraints.permitted.filter((base) => typeOf(base) === typeOf(name));
    if (sameType.length > 0 && !sameType.some((base) => within(name, base) === true)) return name;
  }
  return undefined;
}
