import { ICANN_SUFFIXES, TLDS } from './data/public-suffix.js';

let tlds: Set<string> | undefined;
let rules: Set<string> | undefined;

/** True when `label` (A-label form, lowercase) is a top-level domain in the shipped root zone snapshot. */
export function isKnownTld(label: string): boolean {
  tlds ??= new Set(TLDS.split(' '));
  return tlds.has(label);
}

/**
 * The public suffix of `domain` (lowercase A-labels, no trailing dot) by the ICANN section of the Public
 * Suffix List: the longest matching rule, wildcards (`*.ck`) and exceptions (`!www.ck`) applied. Falls back
 * to the last label, as the PSL algorithm's implicit `*` rule says.
 */
export function publicSuffix(domain: string): string {
  rules ??= new Set(ICANN_SUFFIXES.split(' '));
  const labels = domain.split('.');
  for (let start = 0; start < labels.length; start++) {
    const candidate = labels.slice(start).join('.');
    if (rules.has(`!${candidate}`)) return labels.slice(start + 1).join('.');
    if (rules.has(candidate)) return candidate;
    if (start + 1 < labels.length && rules.has(`*.${labels.slice(start + 1).join('.')}`)) return candidate;
  }
  return labels[labels.length - 1] ?? '';
}

/** True when the whole of `domain` is a public suffix (e.g. `co.jp`, `jp`, `tokyo.jp`). */
export function isPublicSuffix(domain: string): boolean {
  return publicSuffix(domain) === domain;
}
