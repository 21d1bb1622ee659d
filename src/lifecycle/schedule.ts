/**
 * Renewal schedules: when to tell the user, when renewal opens, when to renew, computed in JST from the
 * rules in `rules.ts`, plus the places where a certificate does not follow its product's rules.
 */
import { parseCertificate } from '../certificate/parse.js';
import type { CertificateInfo } from '../certificate/types.js';
import type { DerInput } from '../encoding/pem.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { localize, type LocalizedText, type MessageParams } from '../i18n/strings.js';
import { DAY_MS, daysInMonth, formatJst, fromJst, monthsBetween, toJst } from './jst.js';
import { LIFECYCLE_RULES, RENEWAL_PRODUCTS, type RenewalProduct } from './rules.js';

/** Codes of the rule findings `renewalSchedule` reports. */
export type RuleViolationCode =
  | 'lifecycle/jprs-not-month-end'
  | 'lifecycle/jprs-too-long'
  | 'lifecycle/gid-end-time'
  | 'lifecycle/gid-validity'
  | 'lifecycle/acme-too-long';

/** One way a certificate departs from its product's rules. Informative: the schedule is still computed. */
export interface RuleViolation {
  code: RuleViolationCode;
  messages: LocalizedText;
  params: MessageParams;
}

/**
 * A certificate's renewal schedule. Every field is an instant (`Date`); show it in JST with
 * `formatJst` or `Intl.DateTimeFormat(..., { timeZone: 'Asia/Tokyo' })`, and use `toISOString()` for UTC.
 */
export interface RenewalSchedule {
  product: RenewalProduct;
  notBefore: Date;
  notAfter: Date;
  /** Lifetime in days, counting both ends as RFC 5280 does (notAfter - notBefore + 1 s). */
  lifetimeDays: number;
  /** When to tell the user (banner, notification): the certificate is "expiring" from here on. */
  noticeAt: Date;
  /**
   * The first moment a renewal can be applied for. JPRS: 00:00 JST on the first day of the month two
   * months before the month of expiry. Other products have no window and use `noticeAt`.
   */
  renewalOpensAt: Date;
  /** When renewal is due (ACME: two thirds into the lifetime). Absent for products without such a rule. */
  renewAt?: Date;
  /** Where the certificate departs from the product's rules; empty when it follows them. */
  ruleViolations: RuleViolation[];
}

export interface RenewalScheduleOptions {
  product: RenewalProduct;
}

/** Where a certificate is in its life at a given moment, most urgent first. */
export type LifecycleStatus = 'not-yet-valid' | 'expired' | 'expiring' | 'renewal-open' | 'valid';

/** The validity period alone, for callers that already hold the dates. */
export interface ValidityPeriod {
  notBefore: Date;
  notAfter: Date;
}

function violation(code: RuleViolationCode, params: MessageParams): RuleViolation {
  return { code, messages: localize(code, params), params };
}

function validityOf(certificate: DerInput | CertificateInfo | ValidityPeriod): ValidityPeriod {
  if (
    typeof certificate === 'object' &&
    !(certificate instanceof Uint8Array) &&
    !(certificate instanceof ArrayBuffer)
  ) {
    if ('validity' in certificate) return certificate.validity;
    if ('notBefore' in certificate && 'notAfter' in certificate) return certificate;
  }
  return parseCertificate(certificate as DerInput).validity;
}

/**
 * The renewal schedule of a certificate under a product's rules (see `LIFECYCLE_RULES`). `certificate` is
 * DER / PEM (parsed with `parseCertificate`), a `CertificateInfo`, or `{ notBefore, notAfter }`.
 * An unknown product gives `lifecycle/unknown-product`.
 */
export function renewalSchedule(
  certificate: DerInput | CertificateInfo | ValidityPeriod,
  options: RenewalScheduleOptions,
): RenewalSchedule {
  const { product } = options;
  if (!RENEWAL_PRODUCTS.includes(product)) {
    throw new ShirushiError('lifecycle/unknown-product', { product: String(product) });
  }
  const { notBefore, notAfter } = validityOf(certificate);
  const lifetimeMs = notAfter.getTime() - notBefore.getTime() + 1000;
  const base = { product, notBefore, notAfter, lifetimeDays: lifetimeMs / DAY_MS };
  const ruleViolations: RuleViolation[] = [];
  const daysBefore = (days: number) => new Date(notAfter.getTime() - days * DAY_MS);

  switch (product) {
    case 'jprs': {
      const rule = LIFECYCLE_RULES.jprs;
      const end = toJst(notAfter);
      if (end.day !== daysInMonth(end.year, end.month)) {
        ruleViolations.push(violation('lifecycle/jprs-not-month-end', { notAfter: formatJst(notAfter) }));
      }
      const months = monthsBetween(notBefore, notAfter);
      if (months > rule.maxTotalMonths) {
        ruleViolations.push(violation('lifecycle/jprs-too-long', { months, limit: rule.maxTotalMonths }));
      }
      const noticeAt = daysBefore(rule.noticeDaysBefore);
      const renewalOpensAt = fromJst(end.year, end.month - rule.renewalOpensMonthsBefore, 1);
      return { ...base, noticeAt, renewalOpensAt, ruleViolations };
    }
    case 'secom-gid': {
      const rule = LIFECYCLE_RULES['secom-gid'];
      const end = toJst(notAfter);
      const { hour, minute, second } = rule.endsAt;
      if (end.hour !== hour || end.minute !== minute || end.second !== second) {
        ruleViolations.push(violation('lifecycle/gid-end-time', { notAfter: formatJst(notAfter) }));
      }
      const matches = rule.validityYears.some((years) =>
        sameJstDay(gidValidityEnd(notBefore, years), notAfter),
      );
      if (!matches) {
        ruleViolations.push(
          violation('lifecycle/gid-validity', {
            notBefore: formatJst(notBefore),
            notAfter: formatJst(notAfter),
          }),
        );
      }
      const noticeAt = daysBefore(rule.noticeDaysBefore);
      return { ...base, noticeAt, renewalOpensAt: noticeAt, ruleViolations };
    }
    case 'acme': {
      const rule = LIFECYCLE_RULES.acme;
      if (lifetimeMs > rule.maxLifetimeDays * DAY_MS) {
        ruleViolations.push(
          violation('lifecycle/acme-too-long', {
            days: Math.round((lifetimeMs / DAY_MS) * 100) / 100,
            limit: rule.maxLifetimeDays,
          }),
        );
      }
      const renewAt = new Date(notBefore.getTime() + Math.round(lifetimeMs * rule.renewAtFraction));
      return { ...base, noticeAt: renewAt, renewalOpensAt: renewAt, renewAt, ruleViolations };
    }
    default: {
      const noticeAt = daysBefore(LIFECYCLE_RULES.generic.noticeDaysBefore);
      return { ...base, noticeAt, renewalOpensAt: noticeAt, ruleViolations };
    }
  }
}

function sameJstDay(a: Date, b: Date): boolean {
  const x = toJst(a);
  const y = toJst(b);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

/**
 * The most urgent state of a schedule at `at` (default now): `expired` after notAfter, `expiring` from
 * noticeAt, `renewal-open` from renewalOpensAt (only JPRS opens before its notice), else `valid`.
 */
export function lifecycleStatus(schedule: RenewalSchedule, at: Date = new Date()): LifecycleStatus {
  const t = at.getTime();
  if (t < schedule.notBefore.getTime()) return 'not-yet-valid';
  if (t > schedule.notAfter.getTime()) return 'expired';
  if (t >= schedule.noticeAt.getTime()) return 'expiring';
  if (t >= schedule.renewalOpensAt.getTime()) return 'renewal-open';
  return 'valid';
}

function checkYears(years: number, allowed: readonly number[]): void {
  if (!allowed.includes(years)) {
    throw new ShirushiError('lifecycle/bad-years', { years, allowed: allowed.join(', ') });
  }
}

/**
 * The notAfter of a JPRS certificate issued at `issuedAt` for `years` (1, 2 or 3) with `carriedMonths`
 * of the previous certificate carried over: 23:59:59 JST on the last day of the month
 * `12 * years + carriedMonths` months after the month of issue. More than 12 carried months gives
 * `lifecycle/jprs-carry-over`; more than 38 months in all, `lifecycle/jprs-too-long-total`.
 */
export function jprsValidityEnd(issuedAt: Date, years: number, carriedMonths = 0): Date {
  const rule = LIFECYCLE_RULES.jprs;
  checkYears(years, rule.validityYears);
  if (!Number.isInteger(carriedMonths) || carriedMonths < 0 || carriedMonths > rule.maxCarriedMonths) {
    throw new ShirushiError('lifecycle/jprs-carry-over', {
      months: carriedMonths,
      limit: rule.maxCarriedMonths,
    });
  }
  const months = years * 12 + carriedMonths;
  if (months > rule.maxTotalMonths) {
    throw new ShirushiError('lifecycle/jprs-too-long-total', { months, limit: rule.maxTotalMonths });
  }
  const start = toJst(issuedAt);
  const { hour, minute, second } = rule.endsAt;
  // Day 0 of the following month is the last day of the target month.
  return fromJst(start.year, start.month + months + 1, 0, hour, minute, second);
}

/**
 * The notAfter of a SECOM Passport for G-ID certificate issued at `issuedAt` for `years` (2 or 3):
 * `years` years and one month, minus one day, ending 23:59:59 JST. Counted as Japan's Civil Code
 * (article 143) counts periods: the period ends the day before the corresponding day of the final month,
 * or on that month's last day when it has no corresponding day (issued on 31 January, the month ends in
 * February).
 */
export function gidValidityEnd(issuedAt: Date, years: number): Date {
  const rule = LIFECYCLE_RULES['secom-gid'];
  checkYears(years, rule.validityYears);
  const start = toJst(issuedAt);
  const year = start.year + years;
  const month = start.month + rule.extraMonths;
  const { hour, minute, second } = rule.endsAt;
  if (start.day > daysInMonth(year, month)) {
    return fromJst(year, month + 1, 0, hour, minute, second);
  }
  return fromJst(year, month, start.day - 1, hour, minute, second);
}
