// NIST PKITS 1.0.1 revocation tests (sections 4.4, 4.14, 4.15) through verifyChain.
// Data: test/fixtures/pkits (public domain; see its README). Each case must reach the expected verdict
// for the expected reason: valid cases need every certificate shown good, invalid ones name the
// certificate that fails (path index, leaf = 0) and how. Revocation reasons and dates are the ones in
// the CRLs (checked with `openssl crl -inform DER -text`), not guessed from the PKITS text.
import { expect } from '@esm-bundle/chai';
import { bytesToHex, sha256, verifyChain, type ErrorCode } from '../src/index.js';
import type { ChainResult, RevocationReason } from '../src/revocation/types.js';

const BASE = '/test/fixtures/pkits';
/** Inside every certificate's and CRL's validity, except the deliberately stale CRLs. */
const TIME = new Date('2020-01-01T00:00:00Z');

interface PkitsCase {
  test_number: string;
  name: string;
  /** Trust anchor first, end entity last; some entries only sign CRLs and are not on the path. */
  certs: string[];
  crls: string[];
  should_validate: boolean;
}

interface Manifest {
  cases: PkitsCase[];
}

interface Common {
  /** Certificates in `certs` that only sign CRLs and must not appear in `path`. */
  offPath?: string[];
}

type Expectation =
  | (Common & { valid: true })
  | (Common & {
      valid: false;
      /** Path index of the certificate that fails (0 = leaf). */
      index: number;
      status: 'revoked';
      reason: RevocationReason;
      /** revocationDate, as in the CRL entry. */
      date: string;
      /** The CRL that lists it; with `delta`, the complete CRL the delta was applied to. */
      crl: string;
      /** The delta CRL that must have been applied. */
      delta?: string;
    })
  | (Common & {
      valid: false;
      index: number;
      status: 'unknown';
      /** At least one of these must be among that certificate's revocation problems. */
      codes: ErrorCode[];
    });

const JAN1 = '2010-01-01T08:30:00.000Z';

const revoked = (
  index: number,
  reason: RevocationReason,
  crl: string,
  extra: { date?: string; delta?: string; offPath?: string[] } = {},
): Expectation => ({
  valid: false,
  index,
  status: 'revoked',
  reason,
  crl,
  date: extra.date ?? JAN1,
  ...(extra.delta ? { delta: extra.delta } : {}),
  ...(extra.offPath ? { offPath: extra.offPath } : {}),
});

const unknown = (index: number, codes: ErrorCode[], offPath?: string[]): Expectation => ({
  valid: false,
  index,
  status: 'unknown',
  codes,
  ...(offPath ? { offPath } : {}),
});

const valid = (offPath?: string[]): Expectation => ({ valid: true, ...(offPath ? { offPath } : {}) });

/** test_number → expected outcome and why (PKITS.pdf, in a few words). */
const EXPECTED: Record<string, Expectation> = {
  // 4.4 Basic certificate revocation
  // No revocation information from the intermediate CA: the EE's status cannot be determined.
  '4.4.1': unknown(0, ['revocation/no-crl']),
  // Good CA's CRL lists the second intermediate (Revoked subCA, serial 0E) as revoked.
  '4.4.2': revoked(1, 'keyCompromise', 'GoodCACRL'),
  // Good CA's CRL lists the EE (serial 0F, revoked one second after 0E) as revoked.
  '4.4.3': revoked(0, 'keyCompromise', 'GoodCACRL', { date: '2010-01-01T08:30:01.000Z' }),
  // The signature on the intermediate CA's CRL is invalid.
  '4.4.4': unknown(0, ['revocation/crl-bad-signature']),
  // The CRL's issuer name does not match the EE's issuer, so no CRL covers the EE.
  '4.4.5': unknown(0, ['revocation/no-crl']),
  // The wrong CRL (the trust anchor's) is in the CA's entry: nothing from Wrong CRL CA.
  '4.4.6': unknown(0, ['revocation/no-crl']),
  // Two CRLs: the correct one lists nothing; the one naming the EE has the wrong issuer name.
  '4.4.7': valid(),
  // The EE's CRL entry has an unknown critical entry extension: the CRL cannot decide its status.
  '4.4.8': unknown(0, ['revocation/crl-unknown-critical-entry-extension']),
  // The CRL has an unknown critical CRL extension (EE listed): the CRL cannot be used.
  '4.4.9': unknown(0, ['revocation/crl-unknown-critical-extension']),
  // Same CRL, EE not listed: still unusable, so the EE's status cannot be verified.
  '4.4.10': unknown(0, ['revocation/crl-unknown-critical-extension']),
  // The CRL's nextUpdate (2010-01-02) is far in the past: status cannot be determined.
  '4.4.11': unknown(0, ['revocation/crl-expired']),
  // The CRL's nextUpdate is in 1999 (UTCTime): out of date.
  '4.4.12': unknown(0, ['revocation/crl-expired']),
  // nextUpdate in 2050, encoded as GeneralizedTime: the CRL is current.
  '4.4.13': valid(),
  // EE serial 255 (00 FF); the CRL lists serial -1 (FF), a different number.
  '4.4.14': valid(),
  // EE serial -1 (FF), listed on the CRL.
  '4.4.15': revoked(0, 'keyCompromise', 'NegativeSerialNumberCACRL'),
  // 20-octet serial differing from the listed one in the least significant octet.
  '4.4.16': valid(),
  // 20-octet serial differing from the listed one in the most significant octet.
  '4.4.17': valid(),
  // 20-octet serial listed on the CRL.
  '4.4.18': revoked(0, 'keyCompromise', 'LongSerialNumberCACRL'),
  // Separate certificate-signing and CRL-signing keys, both certified by the trust anchor.
  '4.4.19': valid(['SeparateCertificateandCRLKeysCRLSigningCert']),
  // As 4.4.19, and the CRL (signed with the CRL key) lists the EE as revoked.
  '4.4.20': revoked(0, 'keyCompromise', 'SeparateCertificateandCRLKeysCRL', {
    offPath: ['SeparateCertificateandCRLKeysCRLSigningCert'],
  }),
  // The certificate for the CA's CRL verification key (serial 68) is revoked on the trust anchor's CRL.
  '4.4.21': unknown(0, ['revocation/crl-signer-revoked'], ['SeparateCertificateandCRLKeysCA2CRLSigningCert']),

  // 4.14 Distribution points
  // cRLDistributionPoints and the CRL's issuingDistributionPoint name the same point.
  '4.14.1': valid(),
  // Matching distribution point, and the CRL lists the EE.
  '4.14.2': revoked(0, 'keyCompromise', 'distributionPoint1CACRL'),
  // The only CRL's distributionPoint does not match the certificate's: no CRL covers the EE.
  '4.14.3': unknown(0, ['revocation/no-crl']),
  // Certificate: nameRelativeToCRLIssuer; CRL: the equal fullName.
  '4.14.4': valid(),
  // Both nameRelativeToCRLIssuer, matching.
  '4.14.5': valid(),
  // Both nameRelativeToCRLIssuer, matching, and the CRL lists the EE.
  '4.14.6': revoked(0, 'keyCompromise', 'distributionPoint2CACRL'),
  // CRL: nameRelativeToCRLIssuer; certificate: the equal fullName.
  '4.14.7': valid(),
  // CRL: nameRelativeToCRLIssuer; certificate: a fullName that does not match.
  '4.14.8': unknown(0, ['revocation/no-crl']),
  // No cRLDistributionPoints in the EE; the CRL's distributionPoint is not the CRL issuer's name.
  '4.14.9': unknown(0, ['revocation/no-crl']),
  // No issuingDistributionPoint: a complete CRL for everything the CA issued.
  '4.14.10': valid(),
  // The only CRL has onlyContainsUserCerts; the last certificate is a CA certificate.
  '4.14.11': unknown(0, ['revocation/no-crl']),
  // The only CRL has onlyContainsCACerts; the EE is not a CA.
  '4.14.12': unknown(0, ['revocation/no-crl']),
  // onlyContainsCACerts, and the last certificate is a CA certificate.
  '4.14.13': valid(),
  // The only CRL has onlyContainsAttributeCerts.
  '4.14.14': unknown(0, ['revocation/no-crl']),
  // Two CRLs (compromise reasons / the rest); EE revoked for key compromise.
  '4.14.15': revoked(0, 'keyCompromise', 'onlySomeReasonsCA1compromiseCRL'),
  // Same two CRLs; the EE is on hold (listed on the "other reasons" CRL).
  '4.14.16': revoked(0, 'certificateHold', 'onlySomeReasonsCA1otherreasonsCRL'),
  // Two CRLs covering only affiliationChanged+superseded and cessationOfOperation+certificateHold:
  // keyCompromise and the others are covered by no CRL, so the status cannot be determined.
  '4.14.17': unknown(0, ['revocation/reasons-not-covered']),
  // Two onlySomeReasons CRLs with the same distribution point as the EE's; together they cover all.
  '4.14.18': valid(),
  // Two onlySomeReasons CRLs, each at one of the EE's two distribution points.
  '4.14.19': valid(),
  // As 4.14.19; the EE is revoked for key compromise (on the CRL1 compromise CRL).
  '4.14.20': revoked(0, 'keyCompromise', 'onlySomeReasonsCA4compromiseCRL'),
  // As 4.14.19; the EE is revoked for affiliationChanged (on the CRL2 other-reasons CRL).
  '4.14.21': revoked(0, 'affiliationChanged', 'onlySomeReasonsCA4otherreasonsCRL'),
  // The CA's own CRL has the indirectCRL flag; the EE was issued by that CA.
  '4.14.22': valid(),
  // As 4.14.22, and the EE is listed.
  '4.14.23': revoked(0, 'keyCompromise', 'indirectCRLCA1CRL'),
  // cRLIssuer points to indirectCRL CA1 (certified by the trust anchor, not on the path).
  '4.14.24': valid(['indirectCRLCA1Cert']),
  // As 4.14.24; serial 02 is listed without certificateIssuer, so it is CA1's certificate 02, not the EE.
  '4.14.25': valid(['indirectCRLCA1Cert']),
  // cRLIssuer names an entity (indirectCRL CA1x) that does not exist: no CRL.
  '4.14.26': unknown(0, ['revocation/no-crl'], ['indirectCRLCA1Cert']),
  // cRLIssuer is Good CA, whose CRL has no issuingDistributionPoint (so is not indirect): no CRL.
  '4.14.27': unknown(0, ['revocation/no-crl'], ['GoodCACert']),
  // The indirect CRL issuer is certified by the EE's issuer and covered by that issuer's CRL.
  '4.14.28': valid(['indirectCRLCA3cRLIssuerCert']),
  // As 4.14.28, with the EE's distributionPoint as nameRelativeToCRLIssuer.
  '4.14.29': valid(['indirectCRLCA3cRLIssuerCert']),
  // The CRL issuer's own certificate is covered by the indirect CRL it signs.
  '4.14.30': valid(['indirectCRLCA4cRLIssuerCert']),
  // The indirect CRL lists the EE's serial with certificateIssuer = the EE's issuer (CA6).
  '4.14.31': revoked(0, 'keyCompromise', 'indirectCRLCA5CRL', { offPath: ['indirectCRLCA5Cert'] }),
  // The EE's serial (09) follows an entry whose certificateIssuer is the EE's issuer (entry 08).
  '4.14.32': revoked(0, 'keyCompromise', 'indirectCRLCA5CRL', { offPath: ['indirectCRLCA5Cert'] }),
  // The EE's serial (07) is listed, but the last certificateIssuer before it (entry 05) is CA7.
  '4.14.33': valid(['indirectCRLCA5Cert']),
  // EE issued by the CRL issuer itself; its serial (0B) follows certificateIssuer = CA5 (entry 0A).
  '4.14.34': revoked(0, 'keyCompromise', 'indirectCRLCA5CRL'),
  // distributionPoint plus cRLIssuer = CA6; no CRL from CA6, and the issuer's own CRL does not count.
  '4.14.35': unknown(0, ['revocation/no-crl']),

  // 4.15 Delta-CRLs
  // Only a delta CRL, no complete CRL. Either code describes it: the delta has no base, and no
  // usable CRL covers the EE.
  '4.15.1': unknown(0, ['revocation/delta-without-base', 'revocation/no-crl']),
  // Complete CRL plus a delta referring to it; EE on neither.
  '4.15.2': valid(),
  // The EE is revoked on the complete CRL.
  '4.15.3': revoked(0, 'keyCompromise', 'deltaCRLCA1CRL'),
  // The EE is revoked on the delta CRL only (revocationDate 2010-06-01).
  '4.15.4': revoked(0, 'keyCompromise', 'deltaCRLCA1CRL', {
    date: '2010-06-01T08:30:00.000Z',
    delta: 'deltaCRLCA1deltaCRL',
  }),
  // On hold on the complete CRL; the delta says removeFromCRL.
  '4.15.5': valid(),
  // On hold on the complete CRL; the delta says keyCompromise (entry dated 2010-01-01).
  '4.15.6': revoked(0, 'keyCompromise', 'deltaCRLCA1CRL', { delta: 'deltaCRLCA1deltaCRL' }),
  // Not on the complete CRL; removeFromCRL on the delta.
  '4.15.7': valid(),
  // The delta's base (CRL 1) is older than the complete CRL (number 2); EE on neither.
  '4.15.8': valid(),
  // As 4.15.8, and the EE is revoked on both.
  '4.15.9': revoked(0, 'keyCompromise', 'deltaCRLCA2CRL'),
  // The delta's base (CRL 2) is newer than the complete CRL (number 1), whose nextUpdate has passed.
  // Either code describes it: the complete CRL is stale, and the delta cannot be applied to it.
  '4.15.10': unknown(0, [
    'revocation/crl-expired',
    'revocation/delta-not-applicable',
    'revocation/delta-without-base',
  ]),
};

/** Chain-level codes an invalid case may carry besides `revocation/*`. */
const CHAIN_REVOCATION_CODES = new Set<string>(['chain/revoked', 'chain/revocation-unknown']);

const manifest = (await (await fetch(`${BASE}/pkits-revocation-manifest.json`)).json()) as Manifest;

const files = new Map<string, Promise<Uint8Array>>();
function load(path: string): Promise<Uint8Array> {
  let data = files.get(path);
  if (!data) {
    data = fetch(path).then(async (response) => {
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    });
    files.set(path, data);
  }
  return data;
}
const certUrl = (name: string): string => `${BASE}/certs/${name}.crt`;
const crlUrl = (name: string): string => `${BASE}/crls/${name}.crl`;

/** What the result says, in one line per certificate, for assertion messages. */
function summarize(result: ChainResult, names: string[]): string {
  const lines = [`valid=${result.valid}`, `path=${names.join(' > ')}`];
  result.revocation.forEach((r, i) => {
    const bits: string[] = [r.status];
    if (r.reason) bits.push(r.reason);
    if (r.revocationDate) bits.push(r.revocationDate.toISOString());
    if (r.crl) bits.push(`crl=${r.crl.url ?? r.crl.issuer}${r.crl.delta ? `+delta=${r.crl.delta.url}` : ''}`);
    if (r.problems.length) bits.push(`problems=[${r.problems.map((p) => p.code).join(', ')}]`);
    lines.push(`revocation[${i}] ${names[i] ?? '?'}: ${bits.join(' ')}`);
  });
  lines.push(`problems=[${result.problems.map((p) => `${p.code}@${p.certificateIndex ?? '-'}`).join(', ')}]`);
  return lines.join('\n  ');
}

describe('NIST PKITS revocation (4.4, 4.14, 4.15) through verifyChain', () => {
  it('has one expectation per manifest case, agreeing with should_validate', () => {
    expect(manifest.cases).to.have.length(66);
    expect(Object.keys(EXPECTED)).to.have.members(manifest.cases.map((c) => c.test_number));
    for (const c of manifest.cases)
      expect(EXPECTED[c.test_number]!.valid, c.test_number).to.equal(c.should_validate);
  });

  for (const testCase of manifest.cases) {
    const expected = EXPECTED[testCase.test_number];
    it(`${testCase.test_number} ${testCase.name}`, async () => {
      if (!expected) throw new Error(`no expectation for ${testCase.test_number}`);
      const certs = await Promise.all(testCase.certs.map((name) => load(certUrl(name))));
      const crls = await Promise.all(
        testCase.crls.map(async (name) => ({ der: await load(crlUrl(name)), url: crlUrl(name) })),
      );
      const byFingerprint = new Map(testCase.certs.map((name, i) => [bytesToHex(sha256(certs[i]!)), name]));

      const result = await verifyChain({
        trustAnchors: [certs[0]!],
        leaf: certs.at(-1)!,
        intermediates: certs.slice(1, -1),
        crls,
        time: TIME,
        weakAlgorithms: { allowSignatures: ['sha1WithRSAEncryption'], minRsaBits: 1024 },
      });

      const names = result.path.map((c) => byFingerprint.get(c.fingerprints.sha256) ?? c.subject.rfc4514);
      const summary = summarize(result, names);
      const offPath = new Set(expected.offPath ?? []);
      const expectedPath = testCase.certs.filter((name) => !offPath.has(name)).reverse();

      expect(result.valid, `valid\n  ${summary}`).to.equal(testCase.should_validate);
      expect(names, `path\n  ${summary}`).to.deep.equal(expectedPath);

      if (expected.valid) {
        expect(result.problems, `problems\n  ${summary}`).to.deep.equal([]);
        expect(result.revocation, `one status per certificate below the anchor\n  ${summary}`).to.have.length(
          expectedPath.length - 1,
        );
        for (const [i, r] of result.revocation.entries()) {
          expect(r.status, `revocation[${i}] ${names[i]}\n  ${summary}`).to.equal('good');
        }
        return;
      }

      // Invalid: the named certificate fails, for the named reason, and nothing else fails.
      expect(result.revocation, `revocation statuses\n  ${summary}`).to.have.length(expectedPath.length - 1);
      const failing = result.revocation[expected.index]!;
      const at = `revocation[${expected.index}] ${names[expected.index]}\n  ${summary}`;
      expect(failing.status, at).to.equal(expected.status);
      const codes = failing.problems.map((p) => p.code);
      let chainCodes: string[];
      if (expected.status === 'revoked') {
        expect(failing.reason, `reason of ${at}`).to.equal(expected.reason);
        expect(failing.revocationDate?.toISOString(), `revocationDate of ${at}`).to.equal(expected.date);
        expect(failing.crl?.url, `deciding CRL of ${at}`).to.equal(crlUrl(expected.crl));
        if (expected.delta) {
          expect(failing.crl?.delta?.url, `applied delta CRL of ${at}`).to.equal(crlUrl(expected.delta));
        }
        chainCodes = ['chain/revoked', 'revocation/revoked', 'revocation/on-hold'];
      } else {
        expect(codes, `problem codes of ${at} (any of ${expected.codes.join(', ')})`).to.satisfy(
          (actual: string[]) => expected.codes.some((code) => actual.includes(code)),
        );
        chainCodes = ['chain/revocation-unknown', ...expected.codes];
      }
      for (const [i, r] of result.revocation.entries()) {
        if (i !== expected.index)
          expect(r.status, `revocation[${i}] ${names[i]}\n  ${summary}`).to.not.equal('revoked');
      }
      // The chain-level verdict points at the same certificate, and only revocation made it fail.
      expect(
        result.problems.some((p) => p.certificateIndex === expected.index && chainCodes.includes(p.code)),
        `a chain problem (${chainCodes.join(' | ')}) for certificate ${expected.index}\n  ${summary}`,
      ).to.equal(true);
      for (const p of result.problems.filter((problem) => !problem.warning)) {
        expect(
          p.code.startsWith('revocation/') || CHAIN_REVOCATION_CODES.has(p.code),
          `only revocation problems expected, got ${p.code}\n  ${summary}`,
        ).to.equal(true);
      }
    });
  }
});
