import type { SubjectAltNames } from '../certificate/types.js';
import type { LintFinding, ProfileId } from '../csr/types.js';
import { punycodeDecode, punycodeEncode, toASCII, toUnicode } from '../hostname/idna.js';
import { canonicalIp } from '../hostname/ip.js';
import { finding, hasNonAscii } from './finding.js';
import { reservedRange } from './ip-ranges.js';
import { profileRules } from './profiles.js';
import { isKnownTld, isPublicSuffix, suggestTld } from './public-suffix.js';

const LDH_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The host of a web address pasted where a host name belongs (`https://www.example.jp/path` gives
 * `www.example.jp`), or undefined when `text` is not such an address. IPv6 hosts lose their brackets.
 */
export function hostFromUrl(text: string): string | undefined {
  const trimmed = text.trim();
  if (!URL_SCHEME.test(trimmed)) return undefined;
  try {
    const host = new URL(trimmed).hostname.replace(/^\[(.*)\]$/, '$1');
    if (host === '') return undefined;
    // URL gives IDNs as A-labels; show them as typed so the form reads the same as before the paste.
    return canonicalIp(host) ?? toUnicode(host);
  } catch {
    return undefined;
  }
}

/** Names as the form has them (one per line, DNS names and IP addresses mixed) or as a CSR carries them. */
export type NameInput = readonly string[] | Partial<SubjectAltNames>;

interface Entry {
  kind: 'dns' | 'ip' | 'email' | 'uri' | 'other';
  value: string;
}

function entries(names: NameInput): Entry[] {
  if (Array.isArray(names)) {
    return (names as readonly string[])
      .map((value) => value.trim())
      .filter((value) => value !== '')
      .map((value) => ({ kind: canonicalIp(value) ? 'ip' : 'dns', value }));
  }
  const sans = names as Partial<SubjectAltNames>;
  return [
    ...(sans.dns ?? []).map((value) => ({ kind: 'dns' as const, value })),
    ...(sans.ip ?? []).map((value) => ({ kind: 'ip' as const, value })),
    ...(sans.email ?? []).map((value) => ({ kind: 'email' as const, value })),
    ...(sans.uri ?? []).map((value) => ({ kind: 'uri' as const, value })),
    ...(sans.other ?? []).map((value) => ({ kind: 'other' as const, value })),
  ];
}

/** True when an `xn--` label decodes and encodes back to itself (a well-formed A-label). */
function isGoodALabel(label: string): boolean {
  try {
    const decoded = punycodeDecode(label.slice(4));
    return punycodeEncode(decoded) === label.slice(4) && hasNonAscii(decoded);
  } catch {
    return false;
  }
}

function lintDnsName(raw: string, field: string, wildcards: boolean): LintFinding[] {
  const findings: LintFinding[] = [];
  let name = raw;
  const host = hostFromUrl(raw);
  if (host !== undefined) return [finding('lint/san/url', 'error', field, { name: raw, host })];
  if (hasNonAscii(name)) {
    let ascii: string;
    try {
      ascii = toASCII(name);
    } catch {
      return [finding('lint/san/invalid-name', 'error', field, { name: raw })];
    }
    findings.push(finding('lint/san/not-a-label', 'error', field, { name: raw, ascii }));
    name = ascii;
  }
  if (name.endsWith('.')) {
    findings.push(
      finding('lint/san/trailing-dot', 'error', field, { name: raw, fixed: name.replace(/\.+$/, '') }),
    );
    name = name.replace(/\.+$/, '');
  }
  if (name !== name.toLowerCase()) {
    findings.push(finding('lint/san/uppercase', 'warning', field, { name: raw, fixed: name.toLowerCase() }));
    name = name.toLowerCase();
  }
  if (canonicalIp(name)) {
    return [...findings, finding('lint/san/ip-in-dns-name', 'error', field, { name: raw })];
  }
  const wildcard = name.startsWith('*.');
  if (name.includes('*') && (!wildcard || name.indexOf('*', 1) >= 0)) {
    return [...findings, finding('lint/san/wildcard-position', 'error', field, { name: raw })];
  }
  if (wildcard && !wildcards)
    findings.push(finding('lint/san/wildcard-not-allowed', 'error', field, { name: raw }));
  const base = wildcard ? name.slice(2) : name;
  const labels = base.split('.');
  if (name.length > 253 || !labels.every((label) => LDH_LABEL.test(label))) {
    const bad = labels.find((label) => !LDH_LABEL.test(label)) ?? base;
    return [...findings, finding('lint/san/invalid-name', 'error', field, { name: raw, label: bad })];
  }
  const badALabel = labels.find((label) => label.startsWith('xn--') && !isGoodALabel(label));
  if (badALabel) {
    return [...findings, finding('lint/san/bad-a-label', 'error', field, { name: raw, label: badALabel })];
  }
  const tld = labels[labels.length - 1]!;
  const suggestion = labels.length < 2 ? undefined : suggestTld(tld);
  if (suggestion !== undefined) {
    const fixed = [...labels.slice(0, -1), suggestion].join('.');
    return [
      ...findings,
      finding('lint/san/mistyped-tld', 'error', field, {
        name: raw,
        tld,
        suggestion,
        fixed: wildcard ? `*.${fixed}` : fixed,
      }),
    ];
  }
  if (labels.length < 2 || !isKnownTld(tld)) {
    return [...findings, finding('lint/san/internal-name', 'error', field, { name: raw, tld })];
  }
  if (isPublicSuffix(base)) {
    findings.push(
      wildcard
        ? finding('lint/san/wildcard-public-suffix', 'error', field, { name: raw, suffix: base })
        : finding('lint/san/public-suffix', 'error', field, { name: raw }),
    );
  }
  if (findings.length === 0 && labels.some((label) => label.startsWith('xn--'))) {
    findings.push(finding('lint/san/idn', 'notice', field, { ascii: name, unicode: toUnicode(name) }));
  }
  return findings;
}

function lintIpAddress(raw: string, field: string, allowed: boolean): LintFinding[] {
  const canonical = canonicalIp(raw);
  if (!canonical) return [finding('lint/san/invalid-ip', 'error', field, { name: raw })];
  if (!allowed) return [finding('lint/san/ip-not-allowed', 'error', field, { name: canonical })];
  const range = reservedRange(canonical);
  if (range) {
    return [
      finding('lint/san/reserved-ip', 'error', field, {
        name: canonical,
        range: range.cidr,
        use: range.name,
      }),
    ];
  }
  return [];
}

/** How a name compares with others: A-labels, lowercase, no trailing dot, canonical IP. */
export function comparableName(name: string): string {
  const trimmed = name.trim();
  const ip = canonicalIp(trimmed);
  if (ip) return ip;
  try {
    return toASCII(trimmed).replace(/\.+$/, '');
  } catch {
    return trimmed.toLowerCase();
  }
}

/**
 * Name rules: at least one SAN; DNS names and IP addresses only; real TLDs; wildcards only as the whole
 * leftmost label and not directly under a public suffix; no special-purpose IP ranges; lowercase A-labels
 * without a trailing dot. Findings name the field `san[i]`, `i` counting the names as given (DNS before IP
 * when given as SubjectAltNames).
 */
export function lintNames(names: NameInput, profile?: ProfileId): LintFinding[] {
  const rules = profileRules(profile);
  const list = entries(names);
  if (list.length === 0) return [finding('lint/san/missing', 'error', 'san')];
  const findings: LintFinding[] = [];
  const seen = new Map<string, number>();
  list.forEach((entry, index) => {
    const field = `san[${index}]`;
    switch (entry.kind) {
      case 'dns':
        findings.push(...lintDnsName(entry.value, field, rules.wildcards));
        break;
      case 'ip':
        findings.push(...lintIpAddress(entry.value, field, rules.ipAddresses));
        break;
      default:
        findings.push(
          finding('lint/san/unsupported-type', 'error', field, { name: entry.value, type: entry.kind }),
        );
        return;
    }
    const key = comparableName(entry.value);
    const first = seen.get(key);
    if (first !== undefined) {
      findings.push(finding('lint/san/duplicate', 'warning', field, { name: entry.value, first: first + 1 }));
    } else {
      seen.set(key, index);
    }
  });
  if (!list.some((entry) => entry.kind === 'dns' || entry.kind === 'ip')) {
    findings.unshift(finding('lint/san/missing', 'error', 'san'));
  }
  return findings;
}
