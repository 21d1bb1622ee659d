/**
 * Renewal rules of the products shirushi knows, as data: `schedule.ts` reads only this table, so a CA
 * changing its terms is a one-line change here with a test next to it.
 *
 * Sources: the terms each CA publishes, as summarised in issue 6. Where a CA names no notice date, the
 * generic 30 days is used and marked as shirushi's choice.
 */
export type RenewalProduct = 'jprs' | 'secom-gid' | 'acme' | 'generic';

export const RENEWAL_PRODUCTS: readonly RenewalProduct[] = ['jprs', 'secom-gid', 'acme', 'generic'];

/** A wall-clock time of day in JST. */
export interface JstTimeOfDay {
  hour: number;
  minute: number;
  second: number;
}

export interface JprsRule {
  product: 'jprs';
  /** Contract lengths, in years after issue; validity ends on the last day of that month. */
  validityYears: readonly number[];
  /** Months of a previous certificate's remaining validity that a renewal may carry over. */
  maxCarriedMonths: number;
  /**
   * Most months from the month of issue to the month of expiry. The end is pushed to the last day of its
   * month, so 38 whole months keep the real validity under the 39 months the Baseline Requirements once
   * allowed.
   */
  maxTotalMonths: number;
  /** Renewal opens on the first day (00:00 JST) of the month this many months before the month of expiry. */
  renewalOpensMonthsBefore: number;
  /** shirushi's choice: JPRS names no notice date, so the generic one is used. */
  noticeDaysBefore: number;
  /** Time of day written as notAfter by `jprsValidityEnd`. */
  endsAt: JstTimeOfDay;
}

export interface SecomGidRule {
  product: 'secom-gid';
  /** Contract lengths in years; validity is that many years plus `extraMonths`, minus one day. */
  validityYears: readonly number[];
  extraMonths: number;
  /** Validity ends at this time (JST) on its last day. */
  endsAt: JstTimeOfDay;
  noticeDaysBefore: number;
}

export interface AcmeRule {
  product: 'acme';
  /** Longest lifetime, counted as RFC 5280 does (both notBefore and notAfter inclusive). */
  maxLifetimeDays: number;
  /** Fraction of the lifetime after which the certificate should be renewed (and the user told). */
  renewAtFraction: number;
}

export interface GenericRule {
  product: 'generic';
  noticeDaysBefore: number;
}

export type LifecycleRule = JprsRule | SecomGidRule | AcmeRule | GenericRule;

const END_OF_DAY: JstTimeOfDay = Object.freeze({ hour: 23, minute: 59, second: 59 });

/** The rules, one entry per product. */
export const LIFECYCLE_RULES: {
  readonly jprs: JprsRule;
  readonly 'secom-gid': SecomGidRule;
  readonly acme: AcmeRule;
  readonly generic: GenericRule;
} = Object.freeze({
  jprs: Object.freeze({
    product: 'jprs',
    validityYears: Object.freeze([1, 2, 3]),
    maxCarriedMonths: 12,
    maxTotalMonths: 38,
    renewalOpensMonthsBefore: 2,
    noticeDaysBefore: 30,
    endsAt: END_OF_DAY,
  }),
  'secom-gid': Object.freeze({
    product: 'secom-gid',
    validityYears: Object.freeze([2, 3]),
    extraMonths: 1,
    endsAt: END_OF_DAY,
    noticeDaysBefore: 30,
  }),
  acme: Object.freeze({ product: 'acme', maxLifetimeDays: 90, renewAtFraction: 2 / 3 }),
  generic: Object.freeze({ product: 'generic', noticeDaysBefore: 30 }),
} as const);
