import { expect } from '@esm-bundle/chai';
import {
  checkRevocation,
  parseCrl,
  verifyChain,
  type CheckRevocationOptions,
  type RevocationResult,
} from '../src/index.js';
import {
  certificateDer,
  crlDer,
  crlScenarios,
  loadCrlScenarios,
  type RevocationExpectation,
  type RevocationScenario,
  type ScenarioCrl,
} from './helpers/crl-scenarios.js';

/**
 * Every scenario test/fixtures/crl-scenarios.mjs makes; a new one has to be added here to be checked.
 * Expected statuses, reasons and dates come from `openssl crl -text` of the CRLs each scenario uses, and
 * where openssl can judge the same inputs the generator has already checked the status with `openssl verify`.
 */
const SCENARIOS = [
  'reason-unspecified',
  'reason-keyCompromise',
  'reason-cACompromise',
  'reason-affiliationChanged',
  'reason-superseded',
  'reason-cessationOfOperation',
  'reason-certificateHold',
  'reason-noReason',
  'reason-compromiseDated',
  'reason-caCompromiseDated',
  'reason-good',
  'reason-privilegeWithdrawn',
  'reason-aACompromise',
  'rsa-pss',
  'rsa-pss-good',
  'v1',
  'v1-good',
  'no-next-update',
  'ecdsa-p256',
  'ecdsa-p256-good',
  'ecdsa-p384',
  'ecdsa-p384-good',
  'intermediate-good',
  'intermediate-revoked',
  'hold',
  'hold-released',
  'hold-released-newest-wins',
  'hold-released-newest-wins-reversed',
  'delta-adds-revocation',
  'delta-order-independent',
  'delta-base-only',
  'delta-keeps-base-entry',
  'delta-hold-base-only',
  'delta-remove-from-crl',
  'delta-hold-then-revoked',
  'delta-without-base',
  'delta-base-too-old',
  'idp-full-name',
  'idp-other-url',
  'idp-only-user',
  'idp-only-ca',
  'idp-only-aa',
  'idp-root-only-ca',
  'idp-root-only-user',
  'idp-indirect-own-entries',
  'idp-reasons-listed',
  'idp-reasons-partial',
  'idp-reasons-union',
  'idp-reasons-union-second',
  'indirect-crl',
  'indirect-crl-signer-status-unknown',
  'indirect-crl-no-signer',
  'crl-signer',
  'crl-signer-good',
  'crl-signer-missing',
  'crl-signer-without-crlsign',
  'rollover-link',
  'rollover-root',
  'rollover-root-signer-status-unknown',
  'rollover-missing',
  'no-crl',
  'other-issuer',
  'expired',
  'expired-at-past-time',
  'expired-and-current',
  'not-yet-valid',
  'not-yet-valid-at-future-time',
  'clock-skew-tolerated',
  'clock-skew-zero',
  'too-old',
  'old-enough',
  'unknown-critical-extension',
];

const CHAINS = [
  'chain-good',
  'chain-revoked-leaf',
  'chain-revoked-intermediate',
  'chain-hostname-mismatch',
  'chain-missing-root-crl',
  'chain-missing-root-crl-prefer',
  'chain-revocation-off',
  'chain-ecdsa-p384',
  'chain-delta',
  'chain-crl-signer',
  'chain-rollover',
];

const CRLS = [
  'caCrl',
  'caCrlPss',
  'extraReasonsCrl',
  'noNextUpdateCrl',
  'expiredCrl',
  'futureCrl',
  'oldCrl',
  'skewCrl',
  'unknownCriticalCrl',
  'v1Crl',
  'holdCrl',
  'releasedCrl',
  'baseCrl',
  'deltaCrl',
  'deltaNewerBaseCrl',
  'idpFullNameCrl',
  'idpOtherUrlCrl',
  'idpOnlyUserCrl',
  'idpOnlyCaCrl',
  'idpOnlyAaCrl',
  'idpIndirectSelfCrl',
  'partKeyCrl',
  'partOtherCrl',
  'signerCrl',
  'signerNoUsageCrl',
  'rolloverCrl',
  'indirectCrl',
  'rootCrl',
  'rootOnlyCaCrl',
  'rootOnlyUserCrl',
  'ec256Crl',
  'ec384Crl',
  'caRevokedCrl',
];

async function scenario(name: string): Promise<RevocationScenario> {
  const found = (await crlScenarios()).scenarios.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
}

async function optionsFor(s: RevocationScenario): Promise<CheckRevocationOptions> {
  return {
    certificate: await certificateDer(s.certificate),
    issuer: await certificateDer(s.issuer),
    crls: await Promise.all(s.crls.map(crlDer)),
    crlSigners: await Promise.all(s.crlSigners.map(certificateDer)),
    ...(s.options.maxAge !== undefined && { maxAge: s.options.maxAge }),
    ...(s.options.clockSkew !== undefined && { clockSkew: s.options.clockSkew }),
    ...(s.options.time !== undefined && { time: new Date(s.options.time) }),
  };
}

const iso = (date: Date | undefined) => date?.toISOString();
const codes = (result: { problems: { code: string }[] }) => result.problems.map((p) => p.code);

/** Compares a result with what openssl says, field by field, so a failure names the field. */
function expectOutcome(result: RevocationResult, want: RevocationExpectation, label: string): void {
  const got = {
    status: result.status,
    reason: result.reason,
    revocationDate: iso(result.revocationDate),
    invalidityDate: iso(result.invalidityDate),
  };
  expect(got, `${label}: ${JSON.stringify(codes(result))}`).to.deep.equal({
    status: want.status,
    reason: want.reason,
    revocationDate: want.revocationDate,
    invalidityDate: want.invalidityDate,
  });
  expect(codes(result), `${label}: problem codes`).to.have.members(want.problems);
  for (const p of result.problems) {
    expect(p.message.ja, p.code).to.be.a('string').and.not.equal('');
    expect(p.message.en, p.code).to.be.a('string').and.not.equal('');
  }
  if (!want.crl && !want.crlOneOf) return;
  expect(result.crl, `${label}: deciding CRL`).to.not.equal(undefined);
  const crl = result.crl!;
  const summary = {
    issuer: crl.issuer,
    number: crl.number ?? null,
    thisUpdate: iso(crl.thisUpdate),
    nextUpdate: iso(crl.nextUpdate) ?? null,
    delta: crl.delta
      ? {
          number: crl.delta.number ?? null,
          baseNumber: crl.delta.baseNumber,
          thisUpdate: iso(crl.delta.thisUpdate),
          nextUpdate: iso(crl.delta.nextUpdate) ?? null,
        }
      : null,
  };
  if (want.crl) expect(summary, `${label}: deciding CRL`).to.deep.equal(want.crl);
  else expect(want.crlOneOf, `${label}: deciding CRL`).to.deep.include(summary);
}

before(loadCrlScenarios);

describe('checkRevocation against openssl ca scenarios', () => {
  it('has a test for every scenario, chain and CRL the generator makes', async () => {
    const all = await crlScenarios();
    expect(all.scenarios.map((s) => s.name)).to.have.members(SCENARIOS);
    expect(all.chains.map((s) => s.name)).to.have.members(CHAINS);
    expect(Object.keys(all.crls)).to.have.members(CRLS);
  });

  for (const name of SCENARIOS) {
    it(name, async () => {
      const s = await scenario(name);
      const result = await checkRevocation(await optionsFor(s));
      expectOutcome(result, s.expected, `${name} (${s.about})`);
    });
  }
});

describe('checkRevocation inputs', () => {
  it('takes CRLs as DER, PEM, base64 and { der, url }, and reports the URL', async () => {
    const all = await crlScenarios();
    const s = await scenario('reason-keyCompromise');
    const base = await optionsFor(s);
    const crl = all.crls.caCrl!;
    const url = 'http://crl.example.jp/shirushi-crl-test-r1.crl';
    for (const input of [crl.pem, crl.der, { der: await crlDer('caCrl'), url }]) {
      const result = await checkRevocation({ ...base, crls: [input] });
      expectOutcome(result, s.expected, 'caCrl');
      if (typeof input === 'object') expect(result.crl!.url).to.equal(url);
    }
    const certificate = all.certificates.keyCompromise!.pem;
    const issuer = all.certificates.ca!.pem;
    expectOutcome(
      await checkRevocation({ certificate, issuer, crls: [crl.pem] }),
      s.expected,
      'PEM certificates',
    );
  });

  it('ignores CRLs of other CAs next to the one that applies', async () => {
    const s = await scenario('reason-keyCompromise');
    const base = await optionsFor(s);
    const others = await Promise.all(['ec256Crl', 'ec384Crl', 'rootCrl'].map(crlDer));
    const result = await checkRevocation({ ...base, crls: [...others, ...base.crls] });
    expectOutcome(result, s.expected, 'with unrelated CRLs');
  });

  it('a CRL with a broken signature is not used', async () => {
    const s = await scenario('reason-keyCompromise');
    const der = (await crlDer('caCrl')).slice();
    der[der.length - 10] = der[der.length - 10]! ^ 0x01;
    const result = await checkRevocation({ ...(await optionsFor(s)), crls: [der] });
    expect(result.status).to.equal('unknown');
    expect(codes(result)).to.include.members(['revocation/crl-bad-signature']);
    // ...but does not hide a good CRL given with it.
    const both = await checkRevocation({ ...(await optionsFor(s)), crls: [der, await crlDer('caCrl')] });
    expectOutcome(both, { ...s.expected, problems: ['revocation/crl-bad-signature'] }, 'bad + good');
  });
});

describe('verifyChain against openssl verify', () => {
  for (const name of CHAINS) {
    it(name, async () => {
      const all = await crlScenarios();
      const s = all.chains.find((c) => c.name === name)!;
      const result = await verifyChain({
        leaf: await certificateDer(s.leaf),
        intermediates: await Promise.all(s.intermediates.map(certificateDer)),
        trustAnchors: await Promise.all(s.trustAnchors.map(certificateDer)),
        crls: await Promise.all(s.crls.map(crlDer)),
        ...(s.hostname !== undefined && { hostname: s.hostname }),
        ...(s.revocation !== undefined && { revocation: s.revocation }),
      });
      const label = `${name} (${s.about}); openssl verify: ${s.openssl.error ?? 'OK'}`;
      expect(
        {
          valid: result.valid,
          problems: result.problems.map((p) => ({ code: p.code, index: p.certificateIndex })),
        },
        label,
      ).to.deep.equal({
        valid: s.expected.valid,
        problems: s.expected.problems.map((p) => ({ code: p.code, index: p.certificateIndex })),
      });
      if (s.expected.valid || s.expected.revocation) {
        expect(
          result.path.map((c) => c.subject.rfc4514),
          `${label}: path`,
        ).to.deep.equal(
          [s.leaf, ...s.intermediates.slice(0, 1), 'root'].map((n) => all.certificates[n]!.subjectDN),
        );
      }
      if (s.expected.revocation) {
        expect(result.revocation, `${label}: one revocation result per certificate`).to.have.length(
          s.expected.revocation.length,
        );
        s.expected.revocation.forEach((want, i) =>
          expectOutcome(result.revocation[i]!, want, `${label} [${i}]`),
        );
      }
    });
  }

  it('with a hostname, a good chain is valid for every name openssl put in the SAN and no other', async () => {
    const all = await crlScenarios();
    const base = {
      leaf: await certificateDer('good'),
      intermediates: [await certificateDer('ca')],
      trustAnchors: [await certificateDer('root')],
      crls: await Promise.all(['caCrl', 'rootCrl'].map(crlDer)),
    };
    for (const hostname of all.certificates.good!.dnsNames) {
      expect((await verifyChain({ ...base, hostname })).valid, hostname).to.equal(true);
    }
    const wrong = await verifyChain({ ...base, hostname: 'keycompromise.crl-test.example.jp' });
    expect(wrong.valid).to.equal(false);
    expect(codes(wrong)).to.deep.equal(['chain/hostname-mismatch']);
  });
});

describe('parseCrl against openssl crl -text', () => {
  for (const name of CRLS) {
    it(name, async () => {
      const crl: ScenarioCrl = (await crlScenarios()).crls[name]!;
      const want = crl.expected;
      const der = await crlDer(name);
      for (const info of [parseCrl(der), parseCrl(crl.pem)]) {
        expect(
          {
            version: info.version,
            issuer: info.issuer.rfc4514,
            thisUpdate: iso(info.thisUpdate),
            nextUpdate: iso(info.nextUpdate) ?? null,
            number: info.number === undefined ? null : String(info.number),
            deltaBaseNumber: info.deltaBaseNumber === undefined ? null : String(info.deltaBaseNumber),
            signatureAlgorithm: info.signatureAlgorithm.oid,
          },
          want.text,
        ).to.deep.equal({
          version: want.version,
          issuer: want.issuerDN,
          thisUpdate: want.thisUpdate,
          nextUpdate: want.nextUpdate,
          number: want.number,
          deltaBaseNumber: want.deltaBaseNumber,
          signatureAlgorithm: want.signatureAlgorithm.oid,
        });
        expect(Array.from(info.der)).to.deep.equal(Array.from(der));
        expectIdp(info.issuingDistributionPoint, want.issuingDistributionPoint, name);
      }
    });
  }
});

const REASON_BITS: Record<string, number> = {
  'Key Compromise': 1,
  'CA Compromise': 2,
  'Affiliation Changed': 3,
  Superseded: 4,
  'Cessation Of Operation': 5,
  'Certificate Hold': 6,
  'Privilege Withdrawn': 7,
  'AA Compromise': 8,
};

/** The IDP read by parseCrl against the block openssl printed (e.g. "Full Name: URI:… Indirect CRL"). */
function expectIdp(
  idp: ReturnType<typeof parseCrl>['issuingDistributionPoint'],
  text: string | null,
  label: string,
): void {
  if (text === null) {
    expect(idp, label).to.equal(undefined);
    return;
  }
  expect(idp, label).to.not.equal(undefined);
  const uris = [...text.matchAll(/URI:(\S+)/g)].map((m) => m[1]!);
  const reasons = /Only Some Reasons: (.*)$/.exec(text)?.[1]?.split(', ') ?? null;
  expect(
    {
      uris: (idp!.names ?? []).map((n) => n.key),
      onlyContainsUserCerts: idp!.onlyContainsUserCerts,
      onlyContainsCACerts: idp!.onlyContainsCACerts,
      onlyContainsAttributeCerts: idp!.onlyContainsAttributeCerts,
      indirectCRL: idp!.indirectCRL,
      onlySomeReasons: idp!.onlySomeReasons ?? null,
    },
    `${label}: ${text}`,
  ).to.deep.equal({
    uris: uris.map((u) => `uri:${u}`),
    onlyContainsUserCerts: text.includes('Only User Certificates'),
    onlyContainsCACerts: text.includes('Only CA Certificates'),
    onlyContainsAttributeCerts: text.includes('Only Attribute Certificates'),
    indirectCRL: text.includes('Indirect CRL'),
    onlySomeReasons: reasons ? reasons.reduce((mask, r) => mask | (1 << REASON_BITS[r]!), 0) : null,
  });
}
