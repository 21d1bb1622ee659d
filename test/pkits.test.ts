// All 249 cases of NIST PKITS 1.0.1 (sections 4.1 to 4.16) through verifyChain, with each case's initial
// policy settings. Data: test/fixtures/pkits (public domain; see its README). Each case must reach the
// expected verdict for the expected reason: valid cases need every certificate shown good and the expected
// user-constrained policy set; invalid ones name the certificate that fails (path index, leaf = 0) and how.
// Revocation reasons and dates are the ones in the CRLs (checked with `openssl crl -inform DER -text`), not
// guessed from the PKITS text.
//
// PKITS signs with sha1WithRSAEncryption and 1024-bit RSA keys, which verifyChain refuses by default; the
// suite runs with exactly those two allowed, as a historic-signature check would.
import { expect } from '@esm-bundle/chai';
import { bytesToHex, sha256, verifyChain, type ErrorCode } from '../src/index.js';
import type { RevocationReason } from '../src/crl/types.js';
import type { ChainProblem, ChainResult } from '../src/path/types.js';

const BASE = '/test/fixtures/pkits';
/** Inside every certificate's and CRL's validity, except the deliberately stale CRLs. */
const TIME = new Date('2020-01-01T00:00:00Z');

interface PkitsCase {
  test_number: string;
  name: string;
  /** Non-default inputs, and the expected UserConstrainedPolicySet ('' = none) when the manifest gives it. */
  settings: Partial<
    Record<
      | 'InitialPolicySet'
      | 'InitialExplicitPolicy'
      | 'InitialPolicyMappingInhibit'
      | 'InitialInhibitAnyPolicy'
      | 'UserConstrainedPolicySet',
      string
    >
  >;
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
    })
  | (Common & {
      valid: false;
      /** Path index of the certificate that fails (0 = leaf); undefined when no path can be built. */
      index: number | undefined;
      status: 'path';
      /** The check that fails: a chain problem with this code at `index`. */
      code: ErrorCode;
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

const fails = (index: number | undefined, code: ErrorCode): Expectation => ({
  valid: false,
  index,
  status: 'path',
  code,
});

/**
 * WebCrypto has no DSA in any browser (nor in node's webcrypto), so the two valid DSA cases (4.1.4, 4.1.5)
 * cannot be verified and are reported as an unsupported algorithm at the target: "unknown", never "valid".
 */
const DSA_UNSUPPORTED = new Set(['4.1.4', '4.1.5']);

/**
 * Outside sections 4.4, 4.14 and 4.15: every invalid case, keyed by test number (and subpart where the
 * manifest runs one test with several settings), with the certificate that fails and the check; and the
 * valid cases whose certificate list holds a CRL signer that is not on the path. Other valid cases are
 * plain `valid()`.
 */
const PATH_CASES: Record<string, Expectation> = {
  // The CRL is signed with the CA's new key; the self-issued new-with-old certificate only links it back.
  '4.5.4': valid(['BasicSelfIssuedOldKeyNewWithOldCACert']), // Valid Basic Self-Issued New With Old
  // The CA signs its CRLs with a separate self-issued key, certified by its certificate-signing key.
  '4.5.6': valid(['BasicSelfIssuedCRLSigningKeyCRLCert']), // Valid Basic Self-Issued CRL Signing Key
  '4.1.4': fails(0, 'chain/unsupported-algorithm'), // Valid DSA Signatures: see DSA_UNSUPPORTED
  '4.1.5': fails(0, 'chain/unsupported-algorithm'), // Valid DSA Parameter Inheritance: see DSA_UNSUPPORTED
  '4.3.1': fails(undefined, 'chain/no-path'), // Invalid Name Chaining EE
  '4.3.2': fails(undefined, 'chain/no-path'), // Invalid Name Chaining Order
  '4.1.2': fails(1, 'chain/bad-signature'), // Invalid CA Signature
  '4.1.3': fails(0, 'chain/bad-signature'), // Invalid EE Signature
  '4.1.6': fails(0, 'chain/unsupported-algorithm'), // Invalid DSA Signature
  '4.2.1': fails(1, 'chain/not-yet-valid'), // Invalid CA notBefore Date
  '4.2.2': fails(0, 'chain/not-yet-valid'), // Invalid EE notBefore Date
  '4.2.5': fails(1, 'chain/expired'), // Invalid CA notAfter Date
  '4.2.6': fails(0, 'chain/expired'), // Invalid EE notAfter Date
  '4.2.7': fails(0, 'chain/expired'), // Invalid pre2000 UTC EE notAfter Date
  '4.5.2': fails(0, 'chain/revoked'), // Invalid Basic Self-Issued Old With New
  '4.5.5': fails(0, 'chain/revoked'), // Invalid Basic Self-Issued New With Old
  '4.5.7': fails(0, 'chain/revoked'), // Invalid Basic Self-Issued CRL Signing Key
  '4.5.8': fails(1, 'chain/not-a-ca'), // Invalid Basic Self-Issued CRL Signing Key
  '4.6.1': fails(1, 'chain/not-a-ca'), // Invalid Missing basicConstraints
  '4.6.2': fails(1, 'chain/not-a-ca'), // Invalid cA False
  '4.6.3': fails(1, 'chain/not-a-ca'), // Invalid cA False
  '4.6.5': fails(1, 'chain/path-too-long'), // Invalid pathLenConstraint
  '4.6.6': fails(1, 'chain/path-too-long'), // Invalid pathLenConstraint
  '4.6.9': fails(1, 'chain/path-too-long'), // Invalid pathLenConstraint
  '4.6.10': fails(1, 'chain/path-too-long'), // Invalid pathLenConstraint
  '4.6.11': fails(1, 'chain/path-too-long'), // Invalid pathLenConstraint
  '4.6.12': fails(1, 'chain/path-too-long'), // Invalid pathLenConstraint
  '4.6.16': fails(1, 'chain/path-too-long'), // Invalid Self-Issued pathLenConstraint
  '4.7.1': fails(1, 'chain/key-usage'), // Invalid keyUsage Critical keyCertSign False
  '4.7.2': fails(1, 'chain/key-usage'), // Invalid keyUsage Not Critical keyCertSign False
  '4.7.4': fails(0, 'chain/revocation-unknown'), // Invalid keyUsage Critical cRLSign False
  '4.7.5': fails(0, 'chain/revocation-unknown'), // Invalid keyUsage Not Critical cRLSign False
  '4.8.1/3': fails(0, 'chain/no-valid-policy'), // All Certificates Same Policy
  '4.8.2/2': fails(1, 'chain/no-valid-policy'), // All Certificates No Policies
  '4.8.3/2': fails(1, 'chain/no-valid-policy'), // Different Policies
  '4.8.3/3': fails(1, 'chain/no-valid-policy'), // Different Policies
  '4.8.4': fails(0, 'chain/no-valid-policy'), // Different Policies
  '4.8.5': fails(0, 'chain/no-valid-policy'), // Different Policies
  '4.8.6/3': fails(0, 'chain/no-valid-policy'), // Overlapping Policies
  '4.8.7': fails(0, 'chain/no-valid-policy'), // Different Policies
  '4.8.8': fails(1, 'chain/no-valid-policy'), // Different Policies
  '4.8.9': fails(1, 'chain/no-valid-policy'), // Different Policies
  '4.8.12': fails(0, 'chain/no-valid-policy'), // Different Policies
  '4.8.14/2': fails(0, 'chain/no-valid-policy'), // AnyPolicy
  '4.9.3': fails(0, 'chain/no-valid-policy'), // Invalid RequireExplicitPolicy
  '4.9.5': fails(0, 'chain/no-valid-policy'), // Invalid RequireExplicitPolicy
  '4.9.7': fails(0, 'chain/no-valid-policy'), // Invalid Self-Issued requireExplicitPolicy
  '4.9.8': fails(0, 'chain/no-valid-policy'), // Invalid Self-Issued requireExplicitPolicy
  '4.10.1.2/2': fails(0, 'chain/no-valid-policy'), // Valid Policy Mapping
  '4.10.1.3/3': fails(0, 'chain/no-valid-policy'), // Valid Policy Mapping
  '4.10.2/1': fails(0, 'chain/no-valid-policy'), // Invalid Policy Mapping
  '4.10.2/2': fails(0, 'chain/no-valid-policy'), // Invalid Policy Mapping
  '4.10.3/1': fails(0, 'chain/no-valid-policy'), // Valid Policy Mapping
  '4.10.4': fails(0, 'chain/no-valid-policy'), // Invalid Policy Mapping
  '4.10.5/2': fails(0, 'chain/no-valid-policy'), // Valid Policy Mapping
  '4.10.6/2': fails(0, 'chain/no-valid-policy'), // Valid Policy Mapping
  '4.10.7': fails(1, 'chain/bad-policy-mapping'), // Invalid Mapping From anyPolicy
  '4.10.8': fails(1, 'chain/bad-policy-mapping'), // Invalid Mapping To anyPolicy
  '4.10.10': fails(0, 'chain/no-valid-policy'), // Invalid Policy Mapping
  '4.10.13/3': fails(0, 'chain/no-valid-policy'), // Valid Policy Mapping
  '4.11.1': fails(0, 'chain/no-valid-policy'), // Invalid inhibitPolicyMapping
  '4.11.3': fails(0, 'chain/no-valid-policy'), // Invalid inhibitPolicyMapping
  '4.11.5': fails(0, 'chain/no-valid-policy'), // Invalid inhibitPolicyMapping
  '4.11.6': fails(0, 'chain/no-valid-policy'), // Invalid inhibitPolicyMapping
  '4.11.8': fails(0, 'chain/no-valid-policy'), // Invalid Self-Issued inhibitPolicyMapping
  '4.11.9': fails(0, 'chain/no-valid-policy'), // Invalid Self-Issued inhibitPolicyMapping
  '4.11.10': fails(0, 'chain/no-valid-policy'), // Invalid Self-Issued inhibitPolicyMapping
  '4.11.11': fails(0, 'chain/no-valid-policy'), // Invalid Self-Issued inhibitPolicyMapping
  '4.12.1': fails(0, 'chain/no-valid-policy'), // Invalid inhibitAnyPolicy
  '4.12.3/2': fails(1, 'chain/no-valid-policy'), // inhibitAnyPolicy
  '4.12.4': fails(0, 'chain/no-valid-policy'), // Invalid inhibitAnyPolicy
  '4.12.5': fails(0, 'chain/no-valid-policy'), // Invalid inhibitAnyPolicy
  '4.12.6': fails(0, 'chain/no-valid-policy'), // Invalid inhibitAnyPolicy
  '4.12.8': fails(1, 'chain/no-valid-policy'), // Invalid Self-Issued inhibitAnyPolicy
  '4.12.10': fails(0, 'chain/no-valid-policy'), // Invalid Self-Issued inhibitAnyPolicy
  '4.13.2': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.3': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.7': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.8': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.9': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.10': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.12': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.13': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.15': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.16': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.17': fails(0, 'chain/name-constraints'), // Invalid DN nameConstraints
  '4.13.20': fails(0, 'chain/name-constraints'), // Invalid Self-Issued DN nameConstraints
  '4.13.22': fails(0, 'chain/name-constraints'), // Invalid RFC822 nameConstraints
  '4.13.24': fails(0, 'chain/name-constraints'), // Invalid RFC822 nameConstraints
  '4.13.26': fails(0, 'chain/name-constraints'), // Invalid RFC822 nameConstraints
  '4.13.28': fails(0, 'chain/name-constraints'), // Invalid DN and RFC822 nameConstraints
  '4.13.29': fails(0, 'chain/name-constraints'), // Invalid DN and RFC822 nameConstraints
  '4.13.31': fails(0, 'chain/name-constraints'), // Invalid DNS nameConstraints
  '4.13.33': fails(0, 'chain/name-constraints'), // Invalid DNS nameConstraints
  '4.13.35': fails(0, 'chain/name-constraints'), // Invalid URI nameConstraints
  '4.13.37': fails(0, 'chain/name-constraints'), // Invalid URI nameConstraints
  '4.13.38': fails(0, 'chain/name-constraints'), // Invalid DNS nameConstraints
  '4.16.2': fails(0, 'chain/unknown-critical-extension'), // Invalid Unknown Critical Certificate Extension
};

const POLICY = (name: string) =>
  name === 'anyPolicy' ? '2.5.29.32.0' : `2.16.840.1.101.3.2.1.48.${name.slice('NIST-test-policy-'.length)}`;

/** The key of a case in PATH_CASES: its number, plus `/<subpart>` for tests run with several settings. */
function caseKey(testCase: PkitsCase): string {
  const subpart = /\(Subpart (\d+)\)/.exec(testCase.name)?.[1];
  return subpart ? `${testCase.test_number}/${subpart}` : testCase.test_number;
}

/** Sections 4.4, 4.14, 4.15: test_number → expected outcome and why (PKITS.pdf, in a few words). */
const REVOCATION: Record<string, Expectation> = {
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

const manifest = (await (await fetch(`${BASE}/pkits-manifest.json`)).json()) as Manifest;

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

const REVOCATION_SECTION = /^4\.(4|14|15)\./;

function expectationFor(testCase: PkitsCase): Expectation | undefined {
  if (REVOCATION_SECTION.test(testCase.test_number)) return REVOCATION[testCase.test_number];
  return PATH_CASES[caseKey(testCase)] ?? (testCase.should_validate ? valid() : undefined);
}

/** verifyChain's policy inputs from the manifest's settings. */
function policyOptions(settings: PkitsCase['settings']) {
  return {
    ...(settings.InitialPolicySet && { initialPolicySet: settings.InitialPolicySet.split(',').map(POLICY) }),
    ...(settings.InitialExplicitPolicy === 'true' && { explicitPolicy: true }),
    ...(settings.InitialPolicyMappingInhibit === 'true' && { policyMappingInhibit: true }),
    ...(settings.InitialInhibitAnyPolicy === 'true' && { anyPolicyInhibit: true }),
  };
}

/** The expected user-constrained policy set: the manifest's, else NIST-test-policy-1 (PKITS's default). */
function expectedPolicies(settings: PkitsCase['settings']): string[] {
  const given = settings.UserConstrainedPolicySet;
  if (given === undefined) return [POLICY('NIST-test-policy-1')];
  return given === '' ? [] : given.split(',').map(POLICY);
}

describe('NIST PKITS (all sections, 4.1 to 4.16) through verifyChain', () => {
  it('has one expectation per manifest case, agreeing with should_validate', () => {
    expect(manifest.cases).to.have.length(249);
    const revocationCases = manifest.cases.filter((c) => REVOCATION_SECTION.test(c.test_number));
    expect(revocationCases).to.have.length(66);
    expect(Object.keys(REVOCATION)).to.have.members(revocationCases.map((c) => c.test_number));
    for (const c of manifest.cases) {
      const expected = expectationFor(c);
      expect(expected, `expectation for ${caseKey(c)}`).to.not.equal(undefined);
      const verdict = DSA_UNSUPPORTED.has(c.test_number) ? true : expected!.valid;
      expect(verdict, caseKey(c)).to.equal(c.should_validate);
    }
    // Every failure listed is a case of the manifest (no stale keys).
    const keys = new Set(manifest.cases.map(caseKey));
    for (const key of Object.keys(PATH_CASES)) expect(keys.has(key), key).to.equal(true);
  });

  for (const testCase of manifest.cases) {
    const expected = expectationFor(testCase);
    it(`${testCase.test_number} ${testCase.name}`, async () => {
      if (!expected) throw new Error(`no expectation for ${caseKey(testCase)}`);
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
        ...policyOptions(testCase.settings),
      });

      const names = result.path.map((c) => byFingerprint.get(c.fingerprints.sha256) ?? c.subject.rfc4514);
      const summary = summarize(result, names);
      const errors = result.problems.filter((p) => !p.warning);
      expect(result.valid, `valid\n  ${summary}`).to.equal(expected.valid);

      if (expected.valid || testCase.settings.UserConstrainedPolicySet !== undefined) {
        expect(
          result.policies.map((p) => p.oid),
          `user-constrained policy set\n  ${summary}`,
        ).to.have.members(expected.valid ? expectedPolicies(testCase.settings) : []);
      }

      if (!expected.valid && expected.status === 'path') {
        // The named check fails at the named certificate.
        const at = (p: ChainProblem) => p.code === expected.code && p.certificateIndex === expected.index;
        expect(errors.some(at), `${expected.code}@${expected.index ?? '-'}\n  ${summary}`).to.equal(true);
        return;
      }

      const offPath = new Set(expected.offPath ?? []);
      const expectedPath = testCase.certs.filter((name) => !offPath.has(name)).reverse();
      expect(names, `path\n  ${summary}`).to.deep.equal(expectedPath);

      if (expected.valid) {
        expect(errors, `problems\n  ${summary}`).to.deep.equal([]);
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
        errors.some((p) => p.certificateIndex === expected.index && chainCodes.includes(p.code)),
        `a chain problem (${chainCodes.join(' | ')}) for certificate ${expected.index}\n  ${summary}`,
      ).to.equal(true);
      for (const p of errors) {
        expect(
          p.code.startsWith('revocation/') || CHAIN_REVOCATION_CODES.has(p.code),
          `only revocation problems expected, got ${p.code}\n  ${summary}`,
        ).to.equal(true);
      }
    });
  }
});
