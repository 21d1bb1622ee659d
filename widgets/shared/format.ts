/** Pure display helpers for the certificate viewer, kept apart so they can be tested without a DOM. */
import { toUnicode } from '../../src/index.js';

export type ValidityStatus = 'valid' | 'expired' | 'not-yet-valid';

const DAY_MS = 24 * 60 * 60 * 1000;

// Japanese CA portals and customers read validity in JST, whatever the viewer's own time zone is.
const JST_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2025/04/01 09:00:00`, in Asia/Tokyo, the same in both languages so it is unambiguous. */
export function formatJst(date: Date): string {
  const part = Object.fromEntries(JST_PARTS.formatToParts(date).map(({ type, value }) => [type, value]));
  return `${part.year}/${part.month}/${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

/** RFC 5280 §4.1.2.5: both ends of the validity period are inclusive. */
export function validityStatus(validity: { notBefore: Date; notAfter: Date }, now: Date): ValidityStatus {
  if (now.getTime() < validity.notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > validity.notAfter.getTime()) return 'expired';
  return 'valid';
}

/** Whole days left until notAfter, rounded down. */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS);
}

export interface DisplayHost {
  /** What people read: the U-label form (`日本語.jp`). */
  unicode: string;
  /** What is in the certificate (`xn--wgv71a119e.jp`). */
  ascii: string;
}

/** toUnicode leaves a malformed A-label as it is, so the SAN is still shown rather than hidden. */
export function displayHost(dnsName: string): DisplayHost {
  return { unicode: toUnicode(dnsName), ascii: dnsName };
}
