import { parseCertificate } from '../certificate/parse.js';
import type { CertificateInfo } from '../certificate/types.js';
import type { DerInput } from '../encoding/pem.js';
import { toASCII, toUnicode } from './idna.js';
import { canonicalIp } from './ip.js';

export interface HostnameMatch {
  matches: boolean;
  /** The host as compared (A-labels, or canonical IP) and as shown (U-labels). */
  host: { ascii: string; unicode: string; kind: 'dns' | 'ip' | 'invalid' };
  /** The certificate name that matched. */
  matchedName?: { ascii: string; unicode: string; source: 'san-dns' | 'san-ip' };
  /** Why there was no match. */
  reason?: 'invalid-host' | 'no-names' | 'no-match';
}

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const LOOKS_NUMERIC = /^[0-9.]+$/;

function normaliseHost(host: string): HostnameMatch['host'] {
  const trimmed = host.trim().replace(/\.$/, '');
  const ip = canonicalIp(trimmed);
  if (ip) return { ascii: ip, unicode: ip, kind: 'ip' };
  let ascii: string;
  try {
    ascii = toASCII(trimmed);
  } catch {
    return { ascii: trimmed, unicode: trimmed, kind: 'invalid' };
  }
  const valid =
    ascii.length > 0 &&
    ascii.length <= 253 &&
    !LOOKS_NUMERIC.test(ascii) &&
    ascii.split('.').every((label) => LABEL.test(label));
  return { ascii, unicode: valid ? toUnicode(ascii) : trimmed, kind: valid ? 'dns' : 'invalid' };
}

/**
 * Whether a presented DNS identifier matches the host (both in A-label form). A wildcard is allowed only
 * as the whole leftmost label, stands for exactly one label, and needs at least two labels after it.
 */
function matchesDnsName(pattern: string, host: string): boolean {
  const name = pattern.toLowerCase().replace(/\.$/, '');
  if (!/^[\x21-\x7e]+$/.test(name)) return false;
  if (!name.includes('*')) return name === host;
  if (!name.startsWith('*.') || name.indexOf('*', 1) >= 0) return false;
  const suffix = name.slice(1);
  if (suffix.split('.').length < 3) return false;
  if (!host.endsWith(suffix)) return false;
  const first = host.slice(0, host.length - suffix.length);
  return first.length > 0 && !first.includes('.');
}

/**
 * RFC 6125 / Baseline Requirements host matching with the reasons spelled out. IP hosts match only
 * IP SANs; DNS hosts match DNS SANs in A-label form. The subject CN is never used: RFC 9525 retired the
 * fallback, browsers and Go refuse it, and a CN is not covered by the DNS name constraints of the CAs above,
 * so a CN-only certificate would escape them.
 */
export function findHostnameMatch(certificate: CertificateInfo | DerInput, host: string): HostnameMatch {
  const info = isCertificateInfo(certificate) ? certificate : parseCertificate(certificate);
  const normalised = normaliseHost(host);
  if (normalised.kind === 'invalid') return { matches: false, host: normalised, reason: 'invalid-host' };
  const { dns, ip } = info.subjectAltNames;
  const found = (
    ascii: string,
    source: NonNullable<HostnameMatch['matchedName']>['source'],
  ): HostnameMatch => ({
    matches: true,
    host: normalised,
    matchedName: { ascii, unicode: toUnicode(ascii), source },
  });
  if (normalised.kind === 'ip') {
    const hit = ip.find((address) => address === normalised.ascii);
    if (hit) return found(hit, 'san-ip');
  } else {
    const hit = dns.find((name) => matchesDnsName(name, normalised.ascii));
    if (hit) return found(hit.toLowerCase().replace(/\.$/, ''), 'san-dns');
  }
  if (dns.length === 0 && ip.length === 0) return { matches: false, host: normalised, reason: 'no-names' };
  return { matches: false, host: normalised, reason: 'no-match' };
}

/** True when the certificate is valid for `host` by RFC 6125 / Baseline Requirements rules. */
export function matchesHostname(certificate: CertificateInfo | DerInput, host: string): boolean {
  return findHostnameMatch(certificate, host).matches;
}

function isCertificateInfo(value: CertificateInfo | DerInput): value is CertificateInfo {
  return typeof value === 'object' && value !== null && 'subjectAltNames' in value && 'der' in value;
}
