import { ICANN_SUFFIXES, TLDS } from './data/public-suffix.js';

let tlds: Set<string> | undefined;
let rules: Set<string> | undefined;

/** True when `label` (A-label form, lowercase) is a top-level domain in the shipped root zone snapshot. */
export function isKnownTld(label: string): boolean {
  tlds ??= new Set(TLDS.split(' '));
  return tlds.has(label);
}

/**
 * Suffixes people use on purpose for names inside their own network: never "corrected" to a real TLD
 * (`server.lan` must stay an internal name, not become a typo of `.lat`).
 */
const INTERNAL_SUFFIXES = new Set([
  'corp',
  'example',
  'home',
  'internal',
  'intranet',
  'invalid',
  'lan',
  'local',
  'localdomain',
  'localhost',
  'private',
  'test',
]);

/** Levenshtein distance is at most one, or the two differ by one swap of neighbouring letters. */
function withinOneEdit(typed: string, known: string): boolean {
  if (typed === known) return false;
  const [short, long] = typed.length <= known.length ? [typed, known] : [known, typed];
  if (long.length - short.length > 1) return false;
  let start = 0;
  while (start < short.length && short[start] === long[start]) start++;
  if (short.length === long.length) {
    if (short.slice(start + 1) === long.slice(start + 1)) return true;
    return (
      short[start] === long[start + 1] &&
      short[start + 1] === long[start] &&
      short.slice(start + 2) === long.slice(start + 2)
    );
  }
  return short.slice(start) === long.slice(start + 1);
}

/**
 * The known top-level domain `label` is most likely a mistyping of (one letter added, dropped, changed or
 * two swapped), or undefined when there is none or `label` is a usual internal suffix. Our users are in
 * Japan, so `jp` wins whenever it is a candidate; then the shortest, then alphabetical, so the answer is
 * stable.
 */
export function suggestTld(label: string): string | undefined {
  if (label === '' || INTERNAL_SUFFIXES.has(label) || isKnownTld(label)) return undefined;
  tlds ??= new Set(TLDS.split(' '));
  const candidates = [...tlds].filter((known) => withinOneEdit(label, known));
  if (candidates.includes('jp')) return 'jp';
  return candidates.sort((a, b) => a.length - b.length || a.localeCompare(b))[0];
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
