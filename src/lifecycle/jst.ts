/**
 * Calendar arithmetic in Japan Standard Time. JST is UTC+9 all year (Japan has had no daylight saving
 * time since 1951), so a fixed offset is exact and no time-zone database is needed.
 */
export const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A JST calendar date; `month` is 0-based as in `Date`. */
export interface JstDate {
  year: number;
  month: number;
  day: number;
}

export interface JstDateTime extends JstDate {
  hour: number;
  minute: number;
  second: number;
}

/** The JST wall-clock reading of an instant. */
export function toJst(instant: Date): JstDateTime {
  const shifted = new Date(instant.getTime() + JST_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** The instant of a JST wall-clock time. Out-of-range fields roll over as in `Date.UTC` (day 0 = last of the previous month). */
export function fromJst(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  return new Date(Date.UTC(year, month, day, hour, minute, second) - JST_OFFSET_MS);
}

/** Days in a month (month 0-based, may be outside 0–11). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** Months from the JST month of `from` to the JST month of `to` (calendar months, days ignored). */
export function monthsBetween(from: Date, to: Date): number {
  const a = toJst(from);
  const b = toJst(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

/** `YYYY-MM-DD HH:MM:SS JST`, for messages. */
export function formatJst(instant: Date): string {
  const t = toJst(instant);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${two(t.month + 1)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}:${two(t.second)} JST`;
}
