/**
 * Domain names between their Unicode form (U-labels, what people read) and ASCII form (A-labels,
 * what certificates carry). Punycode per RFC 3492; the mapping step is a practical subset of UTS #46:
 * NFKC (full-width ASCII becomes ASCII), lowercase, and the ideographic full stops Japanese IMEs type.
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;
const ACE_PREFIX = 'xn--';

function adapt(delta: number, points: number, first: boolean): number {
  delta = first ? Math.floor(delta / DAMP) : delta >> 1;
  delta += Math.floor(delta / points);
  let k = 0;
  while (delta > ((BASE - T_MIN) * T_MAX) >> 1) {
    delta = Math.floor(delta / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * delta) / (delta + SKEW));
}

function digitToChar(digit: number): string {
  return String.fromCharCode(digit < 26 ? digit + 97 : digit + 22);
}

function charToDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 22;
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 97;
  return BASE;
}

/** RFC 3492 encoding of one label (without the `xn--` prefix). */
export function punycodeEncode(label: string): string {
  const input = Array.from(label, (char) => char.codePointAt(0)!);
  let output = input
    .filter((code) => code < 0x80)
    .map((code) => String.fromCharCode(code))
    .join('');
  const basic = output.length;
  let handled = basic;
  if (basic > 0) output += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < input.length) {
    const next = Math.min(...input.filter((code) => code >= n));
    delta += (next - n) * (handled + 1);
    n = next;
    for (const code of input) {
      if (code < n) delta++;
      if (code !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        output += digitToChar(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      output += digitToChar(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return output;
}

/** RFC 3492 decoding of one label (without the `xn--` prefix); throws RangeError on malformed input. */
export function punycodeDecode(encoded: string): string {
  const delimiter = encoded.lastIndexOf('-');
  const output = delimiter > 0 ? Array.from(encoded.slice(0, delimiter), (char) => char.codePointAt(0)!) : [];
  if (output.some((code) => code >= 0x80)) throw new RangeError('punycode: non-basic code point');
  let n = INITIAL_N;
  let bias = INITIAL_BIAS;
  let i = 0;
  for (let index = delimiter > 0 ? delimiter + 1 : 0; index < encoded.length;) {
    const oldI = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (index >= encoded.length) throw new RangeError('punycode: truncated');
      const digit = charToDigit(encoded.charCodeAt(index++));
      if (digit >= BASE) throw new RangeError('punycode: bad digit');
      i += digit * w;
      const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
      if (!Number.isSafeInteger(i) || !Number.isSafeInteger(w)) throw new RangeError('punycode: overflow');
    }
    bias = adapt(i - oldI, output.length + 1, oldI === 0);
    n += Math.floor(i / (output.length + 1));
    i %= output.length + 1;
    if (n > 0x10ffff) throw new RangeError('punycode: code point out of range');
    output.splice(i++, 0, n);
  }
  return String.fromCodePoint(...output);
}

const DOTS = /[\u3002\uff0e\uff61]/g;
/** Controls, format characters (bidi overrides), separators and unassigned code points never appear in a U-label. */
const DISALLOWED = /[\p{C}\p{Z}]/u;

/** Maps what a person typed to the comparable form: NFKC, lowercase, ASCII dots. */
function mapDomain(domain: string): string {
  return domain.normalize('NFKC').toLowerCase().normalize('NFC').replace(DOTS, '.');
}

const isAscii = (text: string) => Array.from(text).every((char) => char.charCodeAt(0) < 0x80);

/** Unicode or mixed domain to A-labels, e.g. `日本語.jp` → `xn--wgv71a119e.jp`. Wildcard labels pass through. */
export function toASCII(domain: string): string {
  return mapDomain(domain)
    .split('.')
    .map((label) => (isAscii(label) ? label : ACE_PREFIX + punycodeEncode(label)))
    .join('.');
}

/** A-labels to U-labels for display, e.g. `xn--wgv71a119e.jp` → `日本語.jp`. Malformed A-labels stay as they are. */
export function toUnicode(domain: string): string {
  return domain
    .split('.')
    .map((label) => {
      if (!label.toLowerCase().startsWith(ACE_PREFIX)) return label;
      try {
        const decoded = punycodeDecode(label.slice(ACE_PREFIX.length).toLowerCase());
        // An A-label must hold non-ASCII and round-trip; otherwise showing the decoded form could mislead.
        const roundTrips = punycodeEncode(decoded) === label.slice(ACE_PREFIX.length).toLowerCase();
        const displayable = !DISALLOWED.test(decoded) && decoded.normalize('NFC') === decoded;
        return roundTrips && displayable && !isAscii(decoded) ? decoded : label;
      } catch {
        return label;
      }
    })
    .join('.');
}
