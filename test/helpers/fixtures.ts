import { executeServerCommand } from '@web/test-runner-commands';

/** The shape `test/fixtures/generate.mjs` documents; only the fields browser tests read are typed. */
export interface CertificateExpectation {
  subjectDN: string;
  issuerDN: string;
  subjectAttributes: { type: string; oid: string; stringType: string; value: string }[];
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  sha256Fingerprint: string;
  sha1Fingerprint: string;
  spkiSha256: string;
  publicKey: { algorithm: 'RSA'; bits: number } | { algorithm: 'EC'; namedCurve: string };
  signatureAlgorithm: { name: string; oid: string };
  basicConstraints: { critical: true; ca: boolean; pathLen?: number };
  keyUsage: { critical: true; usages: string[] };
  extendedKeyUsage: { name: string; oid: string }[];
  subjectAltNames: { type: 'dns' | 'ip' | 'email' | 'uri'; value: string; unicode?: string }[];
  subjectKeyIdentifier: string;
  authorityKeyIdentifier: string | null;
  crlDistributionPoints: string[];
  authorityInfoAccess: { ocsp: string[]; caIssuers: string[] };
  certificatePolicies: { oid: string; cps?: string[]; userNotice?: string }[];
  validationLevel: 'DV' | 'OV' | 'EV' | null;
  expired: boolean;
  notYetValid: boolean;
}

export interface CertificateFixture {
  kind: 'certificate';
  pem: string;
  der: string;
  key: string;
  expected: CertificateExpectation;
}

export interface CrlFixture {
  kind: 'crl';
  pem: string;
  der: string;
}

export type Fixtures = Record<string, CertificateFixture | CrlFixture>;

let cached: Promise<Fixtures> | undefined;

/** Certificates and CRLs made by openssl for this test run (see test/fixtures/generate.mjs). */
export function fixtures(): Promise<Fixtures> {
  cached ??= executeServerCommand<Fixtures, undefined>('fixtures').then((value) => {
    if (!value) throw new Error('the fixtures server command returned nothing');
    return value;
  });
  return cached;
}

export async function certificateFixtures(): Promise<Record<string, CertificateFixture>> {
  const all = await fixtures();
  return Object.fromEntries(
    Object.entries(all).filter(
      (entry): entry is [string, CertificateFixture] => entry[1].kind === 'certificate',
    ),
  );
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}
