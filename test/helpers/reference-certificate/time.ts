import type * as asn1js from 'asn1js';
import { contentOf } from './strings.js';

const UTC_TIME = 23;
const GENERALIZED_TIME = 24;
const TIME = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:[.,](\d{1,9}))?(Z|[+-]\d{4})$/;

/**
 * Reads a UTCTime or GeneralizedTime strictly enough to refuse garbage (asn1js turns bad digits into
 * a date in 1899 and flags it quietly) and leniently enough for real certificates that omit seconds.
 * UTCTime years 50–99 are 19xx, per RFC 5280. Returns undefined when the value is not a valid time.
 */
export function readAsn1Time(node: asn1js.AsnType): Date | undefined {
  const { tagClass, tagNumber } = node.idBlock;
  if (tagClass !== 1) return undefined;
  return decodeTime(tagNumber, contentOf(node));
}

/** The same rules on raw content bytes: `tagNumber` is 23 (UTCTime) or 24 (GeneralizedTime). */
export function decodeTime(tagNumber: number, content: Uint8Array): Date | undefined {
  if (tagNumber !== UTC_TIME && tagNumber !== GENERALIZED_TIME) return undefined;
  if (content.length > 32) return undefined;
  const text = String.fromCharCode(...content);
  const match = TIME.exec(text);
  if (!match) return undefined;
  const [, yearText, month, day, hour, minute, second = '00', fraction = '', zone] = match;
  const utc = tagNumber === UTC_TIME;
  if (utc ? yearText!.length !== 2 || fraction !== '' : yearText!.length !== 4) return undefined;
  let year = Number(yearText);
  if (utc) year += year < 50 ? 2000 : 1900;
  const [mo, d, h, mi, s] = [month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) return undefined;
  const millis = Math.floor(Number(`0.${fraction || '0'}`) * 1000);
  const date = new Date(0);
  date.setUTCFullYear(year, mo - 1, d);
  date.setUTCHours(h, mi, s, millis);
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const offset = Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(3, 5));
    date.setTime(date.getTime() - sign * offset * 60_000);
  }
  return date;
}
