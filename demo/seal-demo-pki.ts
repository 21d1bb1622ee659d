/**
 * The site seal demo's provider data, made with pkijs and WebCrypto (no openssl): a DEMO root and
 * intermediate, one leaf per seal state, the intermediate's CRL, and what `shirushi seal add` and
 * `shirushi seal status` would write for them (records from createSealRecord, status files from a real
 * revocation check). Runs in node (the vite dev server, see seal-demo-plugin.ts) or in a browser.
 * Every value is a DEMO value: names say DEMO, the CRL host is under .invalid, keys are thrown away.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { checkRevocationHere } from '../src/path/check-revocation.js';
import { base64Encode } from '../src/encoding/base64.js';
import { createSealRecord, sealStatusFromResult, type SealBrand, type SealSize } from '../src/seal/record.js';

export type DemoSealName =
  'valid' | 'expiring' | 'expired' | 'revoked' | 'notYetValid' | 'wrongHost' | 'unconfirmed' | 'unknown';

export interface DemoSeal {
  name: DemoSealName;
  id: string;
  brand: SealBrand;
  size: SealSize;
}

export interface DemoProvider {
  /** Path below the provider base (no leading slash) -> file body. */
  files: Map<string, { body: Uint8Array | string; type: string }>;
  seals: DemoSeal[];
  generatedAt: string;
}

const DAY = 86_400_000;
export const DEMO_CRL_HOST = 'crl.seal-demo.shirushi.invalid';
const CRL_URL = `http://${DEMO_CRL_HOST}/demo-ca1.crl`;
const ROOT_CRL_URL = `http://${DEMO_CRL_HOST}/demo-root.crl`;
// Never published: the "unconfirmed" seal's revocation status cannot be checked.
const UNREACHABLE_CRL_URL = `http://${DEMO_CRL_HOST}/unpublished.crl`;

const OID = {
  country: '2.5.4.6',
  organization: '2.5.4.10',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  cRLNumber: '2.5.29.20',
  reasonCode: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  organizationValidated: '2.23.140.1.2.2',
} as const;

const EC_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

interface Issuer {
  name: pkijs.RelativeDistinguishedNames;
  keys: CryptoKeyPair;
  keyIdentifier: ArrayBuffer;
  der: Uint8Array;
}

interface LeafSpec {
  name: Exclude<DemoSealName, 'unknown'>;
  brand: SealBrand;
  size: SealSize;
  /** Days from now. */
  from: number;
  to: number;
  dnsNames: string[];
  crl: string;
  revoked?: boolean;
}

const LOCAL = ['localhost'];
const LEAVES: LeafSpec[] = [
  { name: 'valid', brand: 'secom', size: '120x50', from: -30, to: 335, dnsNames: LOCAL, crl: CRL_URL },
  { name: 'expiring', brand: 'jprs', size: '120x50', from: -353, to: 12, dnsNames: LOCAL, crl: CRL_URL },
  { name: 'expired', brand: 'jprs', size: '120x50', from: -385, to: -20, dnsNames: LOCAL, crl: CRL_URL },
  {
    name: 'revoked',
    brand: 'secom',
    size: '120x50',
    from: -60,
    to: 300,
    dnsNames: LOCAL,
    crl: CRL_URL,
    revoked: true,
  },
  { name: 'notYetValid', brand: 'generic', size: '120x50', from: 15, to: 380, dnsNames: LOCAL, crl: CRL_URL },
  {
    name: 'wrongHost',
    brand: 'secom',
    size: '120x50',
    from: -30,
    to: 335,
    dnsNames: ['shop.example.jp', 'www.shop.example.jp'],
    crl: CRL_URL,
  },
  {
    name: 'unconfirmed',
    brand: 'jprs',
    size: '120x50',
    from: -30,
    to: 335,
    dnsNames: LOCAL,
    crl: UNREACHABLE_CRL_URL,
  },
];

function name(entries: Array<[string, string]>): pkijs.RelativeDistinguishedNames {
  const sequence = new asn1js.Sequence({
    value: entries.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [
            new pkijs.AttributeTypeAndValue({
              type,
              value:
                type === OID.country
                  ? new asn1js.PrintableString({ value })
                  : new asn1js.Utf8String({ value }),
            }).toSchema(),
          ],
        }),
    ),
  });
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(sequence.toBER(false)).result });
}

function serial(): asn1js.Integer {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return new asn1js.Integer({ valueHex: bytes.buffer });
}

function extension(
  extnID: string,
  critical: boolean,
  value: asn1js.AsnType | { toSchema(): asn1js.AsnType },
) {
  const schema = 'toSchema' in value ? value.toSchema() : value;
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

function time(date: Date): pkijs.Time {
  return new pkijs.Time({ type: date.getUTCFullYear() < 2050 ? 0 : 1, value: date });
}

function keyUsage(bits: number): asn1js.BitString {
  return new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer });
}

function crlDistributionPoint(url: string): pkijs.CRLDistributionPoints {
  return new pkijs.CRLDistributionPoints({
    distributionPoints: [
      new pkijs.DistributionPoint({
        distributionPoint: [new pkijs.GeneralName({ type: 6, value: url })],
      }),
    ],
  });
}

function authorityKeyIdentifier(issuer: Issuer): pkijs.Extension {
  return extension(
    OID.authorityKeyIdentifier,
    false,
    new pkijs.AuthorityKeyIdentifier({
      keyIdentifier: new asn1js.OctetString({ valueHex: issuer.keyIdentifier }),
    }),
  );
}

async function keyIdentifier(spki: pkijs.PublicKeyInfo): Promise<ArrayBuffer> {
  return globalThis.crypto.subtle.digest('SHA-1', spki.subjectPublicKey.valueBlock.valueHexView.slice());
}

const der = (certificate: pkijs.Certificate) => new Uint8Array(certificate.toSchema(true).toBER(false));

async function createCa(
  subject: Array<[string, string]>,
  parent: Issuer | undefined,
  from: Date,
  to: Date,
  crl?: string,
): Promise<Issuer> {
  const keys = (await globalThis.crypto.subtle.generateKey(EC_KEY, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const subjectName = name(subject);
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: serial(),
    issuer: parent?.name ?? subjectName,
    subject: subjectName,
  });
  certificate.notBefore = time(from);
  certificate.notAfter = time(to);
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  const ski = await keyIdentifier(certificate.subjectPublicKeyInfo);
  certificate.extensions = [
    extension(
      OID.basicConstraints,
      true,
      new pkijs.BasicConstraints(parent ? { cA: true, pathLenConstraint: 0 } : { cA: true }),
    ),
    extension(OID.keyUsage, true, keyUsage(0x04 | 0x02)),
    extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: ski })),
    ...(parent ? [authorityKeyIdentifier(parent)] : []),
    ...(crl ? [extension(OID.crlDistributionPoints, false, crlDistributionPoint(crl))] : []),
  ];
  await certificate.sign((parent ?? { keys }).keys.privateKey, 'SHA-256');
  return { name: subjectName, keys, keyIdentifier: ski, der: der(certificate) };
}

async function createLeaf(
  issuer: Issuer,
  keys: CryptoKeyPair,
  spec: LeafSpec,
  now: number,
): Promise<{ der: Uint8Array; serial: asn1js.Integer }> {
  const serialNumber = serial();
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber,
    issuer: issuer.name,
    subject: name([
      [OID.country, 'JP'],
      [OID.organization, '株式会社しるしデモ (DEMO)'],
      [OID.commonName, spec.dnsNames[0]!],
    ]),
  });
  certificate.notBefore = time(new Date(now + spec.from * DAY));
  certificate.notAfter = time(new Date(now + spec.to * DAY));
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  certificate.extensions = [
    extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false })),
    extension(OID.keyUsage, true, keyUsage(0x80)),
    extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [OID.serverAuth] })),
    extension(
      OID.subjectAltName,
      false,
      new pkijs.AltName({
        altNames: spec.dnsNames.map((value) => new pkijs.GeneralName({ type: 2, value })),
      }),
    ),
    extension(
      OID.certificatePolicies,
      false,
      new pkijs.CertificatePolicies({
        certificatePolicies: [new pkijs.PolicyInformation({ policyIdentifier: OID.organizationValidated })],
      }),
    ),
    extension(OID.crlDistributionPoints, false, crlDistributionPoint(spec.crl)),
    authorityKeyIdentifier(issuer),
  ];
  await certificate.sign(issuer.keys.privateKey, 'SHA-256');
  return { der: der(certificate), serial: serialNumber };
}

async function createCrl(
  issuer: Issuer,
  revoked: asn1js.Integer[],
  now: number,
  number: number,
): Promise<Uint8Array> {
  const crl = new pkijs.CertificateRevocationList({
    version: 1,
    issuer: issuer.name,
    thisUpdate: time(new Date(now - 3_600_000)),
    nextUpdate: time(new Date(now + 7 * DAY)),
  });
  if (revoked.length > 0) {
    crl.revokedCertificates = revoked.map(
      (userCertificate) =>
        new pkijs.RevokedCertificate({
          userCertificate,
          revocationDate: time(new Date(now - 2 * DAY)),
          crlEntryExtensions: new pkijs.Extensions({
            // keyCompromise (1)
            extensions: [extension(OID.reasonCode, false, new asn1js.Enumerated({ value: 1 }))],
          }),
        }),
    );
  }
  crl.crlExtensions = new pkijs.Extensions({
    extensions: [
      authorityKeyIdentifier(issuer),
      extension(OID.cRLNumber, false, new asn1js.Integer({ value: number })),
    ],
  });
  await crl.sign(issuer.keys.privateKey, 'SHA-256');
  return new Uint8Array(crl.toSchema(true).toBER(false));
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Builds the whole provider data set: seals/, crls/ and trust-anchors.json. About a second. */
export async function createDemoProvider(now = Date.now()): Promise<DemoProvider> {
  const root = await createCa(
    [
      [OID.country, 'JP'],
      [OID.organization, 'Shirushi Demo Trust (DEMO ONLY - NOT TRUSTED)'],
      [OID.commonName, 'Shirushi Demo Seal Root'],
    ],
    undefined,
    new Date(now - 730 * DAY),
    new Date(now + 3650 * DAY),
  );
  const ca = await createCa(
    [
      [OID.country, 'JP'],
      [OID.organization, 'Shirushi Demo Trust (DEMO ONLY - NOT TRUSTED)'],
      [OID.commonName, 'Shirushi Demo Seal CA 1'],
    ],
    root,
    new Date(now - 700 * DAY),
    new Date(now + 1800 * DAY),
    ROOT_CRL_URL,
  );
  const leafKeys = (await globalThis.crypto.subtle.generateKey(EC_KEY, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const leaves = [];
  for (const spec of LEAVES) leaves.push({ spec, ...(await createLeaf(ca, leafKeys, spec, now)) });
  const caCrl = await createCrl(
    ca,
    leaves.filter((leaf) => leaf.spec.revoked).map((leaf) => leaf.serial),
    now,
    7,
  );
  const rootCrl = await createCrl(root, [], now, 1);

  const files: DemoProvider['files'] = new Map();
  const crlPath = (url: string) => {
    const parsed = new URL(url);
    return `crls/${parsed.host}${parsed.pathname}`;
  };
  files.set(crlPath(CRL_URL), { body: caCrl, type: 'application/pkix-crl' });
  files.set(crlPath(ROOT_CRL_URL), { body: rootCrl, type: 'application/pkix-crl' });
  files.set('trust-anchors.json', {
    body: json({ anchors: [base64Encode(root.der)] }),
    type: 'application/json',
  });

  const seals: DemoSeal[] = [];
  const checkedAt = new Date(now);
  for (const leaf of leaves) {
    const record = await createSealRecord({
      leaf: leaf.der,
      chain: [ca.der, root.der],
      brand: leaf.spec.brand,
      createdAt: checkedAt,
    });
    // What `shirushi seal status` does: check the leaf against the CRLs its record names.
    const crls = leaf.spec.crl === CRL_URL ? [{ der: caCrl, url: CRL_URL }] : [];
    const result = await checkRevocationHere({
      certificate: leaf.der,
      issuer: ca.der,
      crls,
      time: checkedAt,
    });
    const status = sealStatusFromResult(result, checkedAt, record);
    files.set(`seals/${record.id}.json`, { body: json(record), type: 'application/json' });
    files.set(`seals/${record.id}.status.json`, { body: json(status), type: 'application/json' });
    seals.push({ name: leaf.spec.name, id: record.id, brand: leaf.spec.brand, size: leaf.spec.size });
  }
  // An id that was never registered: the provider answers 404.
  const unknown = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(32)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  seals.push({ name: 'unknown', id: unknown, brand: 'generic', size: '120x50' });

  files.set('seal-demo.json', {
    body: json({ generatedAt: checkedAt.toISOString(), seals }),
    type: 'application/json',
  });
  return { files, seals, generatedAt: checkedAt.toISOString() };
}
