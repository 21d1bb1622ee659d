import { expect } from '@esm-bundle/chai';
import {
  LIFECYCLE_RULES,
  formatJst,
  fromJst,
  gidValidityEnd,
  jprsValidityEnd,
  lifecycleStatus,
  renewalSchedule,
  toJst,
} from '../src/lifecycle/index.js';
import { parseCertificate } from '../src/certificate/parse.js';
import { expectCode } from './helpers/der.js';
import { certificateFixtures } from './helpers/fixtures.js';

const DAY = 24 * 60 * 60 * 1000;
const iso = (date: Date) => date.toISOString();

describe('lifecycle: JST helpers', () => {
  it('reads and writes JST wall-clock times at a fixed UTC+9', () => {
    expect(iso(fromJst(2025, 0, 1))).to.equal('2024-12-31T15:00:00.000Z');
    expect(toJst(new Date('2024-03-31T20:00:00Z'))).to.deep.equal({
      year: 2024,
      month: 3,
      day: 1,
      hour: 5,
      minute: 0,
      second: 0,
    });
    expect(formatJst(new Date('2025-04-30T14:59:59Z'))).to.equal('2025-04-30 23:59:59 JST');
    // Summer and winter alike: no daylight saving time.
    expect(toJst(new Date('2025-07-01T00:00:00Z')).hour).to.equal(9);
  });
});

describe('lifecycle: JPRS', () => {
  it('ends on the last day of the month, 1, 2 or 3 years after the month of issue, 23:59:59 JST', () => {
    const issued = fromJst(2024, 3, 15, 10); // 2024-04-15 10:00 JST
    expect(iso(jprsValidityEnd(issued, 1))).to.equal('2025-04-30T14:59:59.000Z');
    expect(iso(jprsValidityEnd(issued, 2))).to.equal('2026-04-30T14:59:59.000Z');
    expect(iso(jprsValidityEnd(issued, 3))).to.equal('2027-04-30T14:59:59.000Z');
    // Leap year February.
    expect(iso(jprsValidityEnd(fromJst(2023, 1, 3), 1))).to.equal('2024-02-29T14:59:59.000Z');
  });

  it('takes the month of issue in JST, not UTC', () => {
    // 2024-03-31 20:00 UTC is already 1 April in Japan.
    expect(iso(jprsValidityEnd(new Date('2024-03-31T20:00:00Z'), 1))).to.equal('2025-04-30T14:59:59.000Z');
  });

  it('carries over at most 12 months and never goes past 38 months', () => {
    const issued = fromJst(2024, 3, 15);
    expect(iso(jprsValidityEnd(issued, 1, 12))).to.equal('2026-04-30T14:59:59.000Z');
    expect(iso(jprsValidityEnd(issued, 3, 2))).to.equal('2027-06-30T14:59:59.000Z');
    expectCode(() => jprsValidityEnd(issued, 1, 13), 'lifecycle/jprs-carry-over');
    expectCode(() => jprsValidityEnd(issued, 3, 3), 'lifecycle/jprs-too-long-total');
    expectCode(() => jprsValidityEnd(issued, 4), 'lifecycle/bad-years');
    expectCode(() => jprsValidityEnd(issued, 1, -1), 'lifecycle/jprs-carry-over');
  });

  it('opens renewal on the first day of the month two months before expiry', () => {
    const notBefore = fromJst(2024, 3, 15, 10);
    const notAfter = jprsValidityEnd(notBefore, 1);
    const schedule = renewalSchedule({ notBefore, notAfter }, { product: 'jprs' });
    expect(iso(schedule.renewalOpensAt)).to.equal(iso(fromJst(2025, 1, 1))); // 2025-02-01 00:00 JST
    expect(iso(schedule.renewalOpensAt)).to.equal('2025-01-31T15:00:00.000Z');
    expect(iso(schedule.noticeAt)).to.equal(iso(new Date(notAfter.getTime() - 30 * DAY)));
    expect(schedule.renewAt).to.equal(undefined);
    expect(schedule.ruleViolations).to.deep.equal([]);
    // Expiry in January: renewal opens on 1 November of the year before.
    const january = renewalSchedule(
      { notBefore: fromJst(2024, 0, 5), notAfter: jprsValidityEnd(fromJst(2024, 0, 5), 1) },
      { product: 'jprs' },
    );
    expect(iso(january.renewalOpensAt)).to.equal(iso(fromJst(2024, 10, 1)));
  });

  it('reports an end that is not a month end, and validity over 38 months', () => {
    const notBefore = fromJst(2024, 0, 10);
    const early = renewalSchedule(
      { notBefore, notAfter: fromJst(2025, 0, 30, 23, 59, 59) },
      { product: 'jprs' },
    );
    expect(early.ruleViolations.map((v) => v.code)).to.deep.equal(['lifecycle/jprs-not-month-end']);
    expect(early.ruleViolations[0]!.messages.ja).to.contain('2025-01-30 23:59:59 JST');
    const long = renewalSchedule(
      { notBefore, notAfter: fromJst(2027, 3, 30, 23, 59, 59) },
      { product: 'jprs' },
    );
    expect(long.ruleViolations.map((v) => v.code)).to.deep.equal(['lifecycle/jprs-too-long']);
    expect(long.ruleViolations[0]!.params).to.deep.equal({ months: 39, limit: 38 });
  });
});

describe('lifecycle: SECOM Passport for G-ID', () => {
  it('lasts 2 or 3 years + 1 month - 1 day and ends 23:59:59 JST', () => {
    const issued = fromJst(2024, 0, 15, 14, 30);
    expect(iso(gidValidityEnd(issued, 2))).to.equal(iso(fromJst(2026, 1, 14, 23, 59, 59)));
    expect(iso(gidValidityEnd(issued, 3))).to.equal('2027-02-14T14:59:59.000Z');
    expectCode(() => gidValidityEnd(issued, 1), 'lifecycle/bad-years');
  });

  it('counts months as the Civil Code does at month ends', () => {
    // 31 January + 2 years 1 month: February has no 31st, so the period ends on its last day.
    expect(formatJst(gidValidityEnd(fromJst(2024, 0, 31), 2))).to.equal('2026-02-28 23:59:59 JST');
    expect(formatJst(gidValidityEnd(fromJst(2025, 0, 31), 3))).to.equal('2028-02-29 23:59:59 JST');
    // Issued on the 1st: ends on the last day of the month before the corresponding day.
    expect(formatJst(gidValidityEnd(fromJst(2024, 2, 1), 2))).to.equal('2026-03-31 23:59:59 JST');
    // Issued in December: the extra month runs into January.
    expect(formatJst(gidValidityEnd(fromJst(2023, 11, 31), 2))).to.equal('2026-01-30 23:59:59 JST');
  });

  it('gives notice 30 days before expiry and reports departures from the rule', () => {
    const notBefore = fromJst(2024, 0, 15, 14, 30);
    const notAfter = gidValidityEnd(notBefore, 2);
    const schedule = renewalSchedule({ notBefore, notAfter }, { product: 'secom-gid' });
    expect(iso(schedule.noticeAt)).to.equal(iso(new Date(notAfter.getTime() - 30 * DAY)));
    expect(schedule.ruleViolations).to.deep.equal([]);
    const midnight = renewalSchedule({ notBefore, notAfter: fromJst(2026, 1, 15) }, { product: 'secom-gid' });
    expect(midnight.ruleViolations.map((v) => v.code)).to.deep.equal([
      'lifecycle/gid-end-time',
      'lifecycle/gid-validity',
    ]);
  });
});

describe('lifecycle: ACME and generic', () => {
  it('renews ACME certificates at two thirds of the lifetime and flags lifetimes over 90 days', () => {
    const notBefore = new Date('2025-01-01T00:00:00Z');
    const notAfter = new Date(notBefore.getTime() + 90 * DAY - 1000); // 90 days, both ends inclusive
    const schedule = renewalSchedule({ notBefore, notAfter }, { product: 'acme' });
    expect(schedule.lifetimeDays).to.equal(90);
    expect(iso(schedule.renewAt!)).to.equal('2025-03-02T00:00:00.000Z');
    expect(iso(schedule.noticeAt)).to.equal(iso(schedule.renewAt!));
    expect(schedule.ruleViolations).to.deep.equal([]);
    const long = renewalSchedule(
      { notBefore, notAfter: new Date(notAfter.getTime() + 1000) },
      { product: 'acme' },
    );
    expect(long.ruleViolations.map((v) => v.code)).to.deep.equal(['lifecycle/acme-too-long']);
    // Six-day certificates: renewal due on day four.
    const short = renewalSchedule(
      { notBefore, notAfter: new Date(notBefore.getTime() + 6 * DAY - 1000) },
      { product: 'acme' },
    );
    expect(iso(short.renewAt!)).to.equal('2025-01-05T00:00:00.000Z');
  });

  it('gives generic certificates notice 30 days before expiry', () => {
    const notBefore = new Date('2025-01-01T00:00:00Z');
    const notAfter = new Date('2026-01-01T00:00:00Z');
    const schedule = renewalSchedule({ notBefore, notAfter }, { product: 'generic' });
    expect(iso(schedule.noticeAt)).to.equal('2025-12-02T00:00:00.000Z');
    expect(iso(schedule.renewalOpensAt)).to.equal(iso(schedule.noticeAt));
    expect(schedule.ruleViolations).to.deep.equal([]);
  });

  it('refuses unknown products', () => {
    const period = { notBefore: new Date(0), notAfter: new Date(DAY) };
    expectCode(
      () => renewalSchedule(period, { product: 'letsencrypt' as 'acme' }),
      'lifecycle/unknown-product',
    );
  });
});

describe('lifecycle: status and certificates', () => {
  it('says where a certificate is in its life', () => {
    const notBefore = fromJst(2024, 3, 15);
    const schedule = renewalSchedule(
      { notBefore, notAfter: jprsValidityEnd(notBefore, 1) },
      { product: 'jprs' },
    );
    expect(lifecycleStatus(schedule, fromJst(2024, 3, 14))).to.equal('not-yet-valid');
    expect(lifecycleStatus(schedule, fromJst(2024, 5, 1))).to.equal('valid');
    expect(lifecycleStatus(schedule, fromJst(2025, 1, 1))).to.equal('renewal-open');
    expect(lifecycleStatus(schedule, fromJst(2025, 3, 20))).to.equal('expiring');
    expect(lifecycleStatus(schedule, fromJst(2025, 4, 1))).to.equal('expired');
  });

  it('reads the validity from a certificate as PEM, DER or CertificateInfo', async () => {
    const { rsa2048 } = await certificateFixtures();
    const info = parseCertificate(rsa2048!.pem);
    for (const input of [rsa2048!.pem, info.der, info]) {
      const schedule = renewalSchedule(input, { product: 'generic' });
      expect(iso(schedule.notAfter)).to.equal(iso(info.validity.notAfter));
      expect(iso(schedule.notBefore)).to.equal(iso(info.validity.notBefore));
    }
  });

  it('keeps the rules as frozen data', () => {
    expect(Object.isFrozen(LIFECYCLE_RULES)).to.equal(true);
    expect(Object.isFrozen(LIFECYCLE_RULES.jprs)).to.equal(true);
    expect(LIFECYCLE_RULES.jprs.maxCarriedMonths).to.equal(12);
    expect(LIFECYCLE_RULES['secom-gid'].noticeDaysBefore).to.equal(30);
    expect(LIFECYCLE_RULES.acme.maxLifetimeDays).to.equal(90);
  });
});
