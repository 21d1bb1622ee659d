/**
 * What the `<shirushi-seal>` element shows, decided from a record's summary and its status file. DOM-free
 * and dependency-free (type imports only), because the seal's script has a 4 KB budget and inlines this file.
 */
import type { SealBrand, SealRecord, SealStatus, SealSummary } from './record.js';

/** What the seal shows: `expiring` still shows the brand mark; `invalid` and `unconfirmed` never do. */
export type SealElementState = 'loading' | 'valid' | 'expiring' | 'invalid' | 'unconfirmed';

/** Why a seal is `invalid`: each one means the site owner must take the seal down. */
export type SealInvalidReason = 'expired' | 'revoked' | 'not-yet-valid' | 'wrong-host' | 'unknown-seal';

/** Why a seal is `unconfirmed`: the provider's revocation answer is missing, unknown or too old. */
export type SealUnconfirmedReason = 'status-unknown' | 'status-stale' | 'network';

export type SealElementReason = SealInvalidReason | SealUnconfirmedReason;

export interface SealElementVerdict {
  state: SealElementState;
  reason?: SealElementReason;
  /** Whole days until notAfter, rounded down (negative once expired). */
  daysLeft: number;
}

export interface SealStateInput {
  /** The record's id; a status file for another id is not trusted. */
  id: string;
  summary: SealSummary;
  /** The status file, or null when it could not be loaded. */
  status: SealStatus | null;
  /** `location.hostname` of the page showing the seal. */
  hostname: string;
  now: Date | number;
}

const DAY_MS = 86_400_000;
/** The issue's notice period before notAfter (SECOM, too, notifies G-ID holders 30 days ahead). */
export const EXPIRING_DAYS = 30;
/** A status older than this means the scheduled `seal status` job stopped running. */
export const STATUS_MAX_AGE_MS = 48 * 3_600_000;

/**
 * The address as the WHATWG URL parser writes it (dotted IPv4, compressed lowercase IPv6 in brackets), so
 * that compressed and expanded forms compare equal; undefined when `text` is not an IP address.
 */
function ipKey(text: string): string | undefined {
  // Only address characters: anything else (`@`, `/`, letters beyond hex) would let URL read another host.
  if (!/^\[?[\da-f:.]+\]?$/i.test(text)) return undefined;
  let host: string;
  try {
    host = new URL(`http://${/^[^[]*:/.test(text) ? `[${text}]` : text}/`).hostname;
  } catch {
    return undefined;
  }
  return /^\[|^[\d.]+$/.test(host) ? host : undefined;
}

/** Lowercase, without the one trailing dot a fully qualified name may carry. */
function dnsKey(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * Whether `hostname` (as `location.hostname` gives it: A-labels, lowercase, IPv6 in brackets) is one the
 * certificate names. A wildcard `*.example.jp` covers exactly one label left of `example.jp`, never
 * `example.jp` itself, and never an IP address; IP addresses match only the certificate's IP addresses.
 */
export function hostMatchesSeal(
  hostname: string,
  summary: Pick<SealSummary, 'dnsNames' | 'ipAddresses'>,
): boolean {
  const ip = ipKey(hostname);
  if (ip) return summary.ipAddresses.some((address) => ipKey(address) === ip);
  const host = dnsKey(hostname);
  if (!host) return false;
  return summary.dnsNames.some((entry) => {
    const name = dnsKey(entry);
    if (!name.startsWith('*.')) return name === host;
    const dot = host.indexOf('.');
    return dot > 0 && host.slice(dot + 1) === name.slice(2);
  });
}

/** Whether the status file is too old to vouch for the certificate now. Unreadable dates count as stale. */
function isStale(status: SealStatus, now: number): boolean {
  const checkedAt = Date.parse(String(status.checkedAt));
  const nextUpdate =
    status.crl?.nextUpdate === undefined ? Infinity : Date.parse(String(status.crl.nextUpdate));
  // Written so that NaN (an unreadable date) makes the status stale rather than fresh.
  const fresh =
    now - checkedAt <= STATUS_MAX_AGE_MS && checkedAt <= now + STATUS_MAX_AGE_MS && now <= nextUpdate;
  return !fresh;
}

/**
 * The seal's verdict. Order: a status for another seal makes the seal unknown; revocation beats everything;
 * then the certificate's own dates at `now` (a `good` status cannot outlive notAfter); then the host; then
 * how fresh and certain the status is; then the 30-day expiry notice.
 */
export function sealStateOf(input: SealStateInput): SealElementVerdict {
  const { id, summary, status, hostname } = input;
  const now = +input.now;
  const notBefore = Date.parse(summary.notBefore);
  const notAfter = Date.parse(summary.notAfter);
  const daysLeft = Math.floor((notAfter - now) / DAY_MS);
  const invalid = (reason: SealInvalidReason): SealElementVerdict => ({ state: 'invalid', reason, daysLeft });
  const unconfirmed = (reason: SealUnconfirmedReason): SealElementVerdict => ({
    state: 'unconfirmed',
    reason,
    daysLeft,
  });

  // The sum is NaN when either date is unreadable.
  if ((status && status.id !== id) || Number.isNaN(notBefore + notAfter)) {
    return invalid('unknown-seal');
  }
  if (status?.status === 'revoked') return invalid('revoked');
  if (now > notAfter || status?.status === 'expired') return invalid('expired');
  if (now < notBefore) return invalid('not-yet-valid');
  if (!hostMatchesSeal(hostname, summary)) return invalid('wrong-host');
  if (!status) return unconfirmed('network');
  // A `not-yet-valid` status while the dates say valid was written before notBefore: out of date.
  if (isStale(status, now) || status.status === 'not-yet-valid') return unconfirmed('status-stale');
  if (status.status !== 'good') return unconfirmed('status-unknown');
  return { state: daysLeft <= EXPIRING_DAYS ? 'expiring' : 'valid', daysLeft };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * The part of a `<id>.json` record the seal needs, when `value` is a record for `id` with the fields the
 * seal reads. Unreadable dates are left to `sealStateOf`, which calls such a seal unknown.
 */
export function readSealRecord(
  value: unknown,
  id: string,
): (Pick<SealRecord, 'id' | 'summary'> & { brand: SealBrand }) | undefined {
  if (!isObject(value) || value.version !== 1 || value.id !== id) return undefined;
  const { brand, summary } = value;
  if (
    !isObject(summary) ||
    !['secom', 'jprs', 'generic'].includes(brand as string) ||
    !isStringList(summary.dnsNames) ||
    !isStringList(summary.ipAddresses)
  ) {
    return undefined;
  }
  return { id, brand: brand as SealBrand, summary: summary as unknown as SealSummary };
}

/**
 * `value` as a status file when it is one (version 1 with an id), else undefined. Its other fields need no
 * check here: `sealStateOf` treats an unknown status as unknown and an unreadable date as stale.
 */
export function readSealStatus(value: unknown): SealStatus | undefined {
  return isObject(value) && value.version === 1 && typeof value.id === 'string'
    ? (value as unknown as SealStatus)
    : undefined;
}
