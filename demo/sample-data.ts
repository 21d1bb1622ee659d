/**
 * Demo certificates made in the browser with pkijs and WebCrypto, so the demo needs no network and
 * ships no certificate blobs. Every value is a DEMO value: example.jp (RFC 2606-style reserved),
 * 192.0.2.0/24 and 2001:db8::/32 (documentation ranges), and names that say "DEMO".
 * The keys are thrown away after signing; nothing here is trusted anywhere.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { encodePem } from '../src/index.js';

export interface SampleCertificates {
  /** Self-signed RSA-2048 root, named in the style of a Japanese commercial CA. */
  ca: string;
  /** ECDSA P-256 server certificate for www.example.jp, issued by the demo root, currently valid. */
  leaf: string;
  /** Leaf then root, as a server would send them. */
  chain: string;
  /** A server certificate whose validity ended in 2021. */
  expired: string;
}

const OID = {
  country: '2.5.4.6',
  state: '2.5.4.8',
  locality: '2.5.4.7',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  commonName: '2.5.4.3',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  ocsp: '1.3.6.1.5.5.7.48.1',
  caIssuers: '1.3.6.1.5.5.7.48.2',
  cpsQualifier: '1.3.6.1.5.5.7.2.1',
  userNoticeQualifier: '1.3.6.1.5.5.7.2.2',
  organizationValidated: '2.23.140.1.2.2',
} as const;

const DEMO_URLS = {
  crl: 'http://crl.example.jp/demo.crl',
  ocsp: 'http://ocsp.example.jp/',
  caIssuers: 'http://repository.example.jp/demo-root.cer',
  cps: 'https://repository.example.jp/cps/',
};

const DAY_MS = 24 * 60 * 60 * 1000;

// Key usage bits in DER BIT STRING order: bit 0 is the most significant bit of the first byte.
const KEY_USAGE = { digitalSignature: 0x80, keyCertSign: 0x04, cRLSign: 0x02 };

type StringType = typeof asn1js.Utf8String | typeof asn1js.PrintableString;
type NameEntry = readonly [oid: string, value: string, type: StringType];

interface KeyPair {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

interface Issuer {
  name: pkijs.RelativeDistinguishedNames;
  keys: KeyPair;
  keyIdentifier: ArrayBuffer;
}

const RSA_KEY: RsaHashedKeyGenParams = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};

const EC_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };

const CA_NAME: NameEntry[] = [
  [OID.country, 'JP', asn1js.PrintableString],
  [OID.organization, 'Shirushi Demo Trust Systems CO.,LTD.', asn1js.PrintableString],
  [OID.organizationalUnit, 'DEMO ONLY - NOT TRUSTED', asn1js.PrintableString],
  [OID.commonName, 'Shirushi Demo RootCA1', asn1js.PrintableString],
];

function serverName(commonName: string): NameEntry[] {
  return [
    [OID.country, 'JP', asn1js.PrintableString],
    [OID.state, '東京都', asn1js.Utf8String],
    [OID.locality, '千代田区', asn1js.Utf8String],
    [OID.organization, '株式会社しるしデモ', asn1js.Utf8String],
    [OID.commonName, commonName, asn1js.Utf8String],
  ];
}

/**
 * One attribute per RDN, as CAs issue them. pkijs would put every attribute into a single multi-valued
 * RDN, so the Name is encoded by hand and handed to pkijs as already-encoded bytes.
 */
function distinguishedName(entries: readonly NameEntry[]): pkijs.RelativeDistinguishedNames {
  const name = new asn1js.Sequence({
    value: entries.map(
      ([type, value, StringClass]) =>
        new asn1js.Set({
          value: [new pkijs.AttributeTypeAndValue({ type, value: new StringClass({ value }) }).toSchema()],
        }),
    ),
  });
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(name.toBER(false)).result });
}

/** 16 random bytes, high bit cleared so the INTEGER stays positive (CA/B BR 7.1 asks for 64+ random bits). */
function randomSerial(): asn1js.Integer {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return new asn1js.Integer({ valueHex: bytes.buffer });
}

function extension(
  extnID: string,
  critical: boolean,
  value: { toSchema(): asn1js.AsnType } | asn1js.AsnType,
) {
  const schema = 'toSchema' in value ? value.toSchema() : value;
  return new pkijs.Extension({ extnID, critical, extnValue: schema.toBER(false) });
}

function keyUsage(bits: number): asn1js.BitString {
  return new asn1js.BitString({ valueHex: new Uint8Array([bits]).buffer });
}

function uri(value: string): pkijs.GeneralName {
  return new pkijs.GeneralName({ type: 6, value });
}

function ipAddress(bytes: number[]): pkijs.GeneralName {
  return new pkijs.GeneralName({
    type: 7,
    value: new asn1js.OctetString({ valueHex: new Uint8Array(bytes).buffer }),
  });
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
async function keyIdentifier(spki: pkijs.PublicKeyInfo): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-1', spki.subjectPublicKey.valueBlock.valueHexView.slice());
}

function toPem(certificate: pkijs.Certificate): string {
  return encodePem('CERTIFICATE', new Uint8Array(certificate.toSchema(true).toBER(false)));
}

async function createRoot(now: Date): Promise<{ pem: string; issuer: Issuer }> {
  const keys = (await crypto.subtle.generateKey(RSA_KEY, true, ['sign', 'verify'])) as KeyPair;
  const name = distinguishedName(CA_NAME);
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: randomSerial(),
    issuer: name,
    subject: name,
  });
  certificate.notBefore.value = new Date(now.getTime() - 365 * DAY_MS);
  certificate.notAfter.value = new Date(now.getTime() + 10 * 365 * DAY_MS);
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  const ski = await keyIdentifier(certificate.subjectPublicKeyInfo);
  certificate.extensions = [
    extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: true })),
    extension(OID.keyUsage, true, keyUsage(KEY_USAGE.keyCertSign | KEY_USAGE.cRLSign)),
    extension(OID.subjectKeyIdentifier, false, new asn1js.OctetString({ valueHex: ski })),
  ];
  await certificate.sign(keys.privateKey, 'SHA-256');
  return { pem: toPem(certificate), issuer: { name, keys, keyIdentifier: ski } };
}

async function createServer(
  issuer: Issuer,
  commonName: string,
  dnsNames: readonly string[],
  notBefore: Date,
  notAfter: Date,
): Promise<string> {
  const keys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as KeyPair;
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: randomSerial(),
    issuer: issuer.name,
    subject: distinguishedName(serverName(commonName)),
  });
  certificate.notBefore.value = notBefore;
  certificate.notAfter.value = notAfter;
  await certificate.subjectPublicKeyInfo.importKey(keys.publicKey);
  const altNames = new pkijs.AltName({
    altNames: [
      ...dnsNames.map((value) => new pkijs.GeneralName({ type: 2, value })),
      ipAddress([192, 0, 2, 10]),
      ipAddress([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
    ],
  });
  const policy = new pkijs.PolicyInformation({
    policyIdentifier: OID.organizationValidated,
    policyQualifiers: [
      new pkijs.PolicyQualifierInfo({
        policyQualifierId: OID.cpsQualifier,
        qualifier: new asn1js.IA5String({ value: DEMO_URLS.cps }),
      }),
      new pkijs.PolicyQualifierInfo({
        policyQualifierId: OID.userNoticeQualifier,
        // UserNotice ::= SEQUENCE { noticeRef OPTIONAL, explicitText DisplayText OPTIONAL }
        qualifier: new asn1js.Sequence({
          value: [
            new asn1js.Utf8String({
              value: 'デモ用の証明書です。信頼しないでください。 DEMO ONLY - do not trust.',
            }),
          ],
        }),
      }),
    ],
  });
  certificate.extensions = [
    extension(OID.basicConstraints, true, new pkijs.BasicConstraints({ cA: false })),
    extension(OID.keyUsage, true, keyUsage(KEY_USAGE.digitalSignature)),
    extension(OID.extKeyUsage, false, new pkijs.ExtKeyUsage({ keyPurposes: [OID.serverAuth] })),
    extension(OID.subjectAltName, false, altNames),
    extension(
      OID.subjectKeyIdentifier,
      false,
      new asn1js.OctetString({ valueHex: await keyIdentifier(certificate.subjectPublicKeyInfo) }),
    ),
    extension(
      OID.authorityKeyIdentifier,
      false,
      new pkijs.AuthorityKeyIdentifier({
        keyIdentifier: new asn1js.OctetString({ valueHex: issuer.keyIdentifier }),
      }),
    ),
    extension(
      OID.crlDistributionPoints,
      false,
      new pkijs.CRLDistributionPoints({
        distributionPoints: [new pkijs.DistributionPoint({ distributionPoint: [uri(DEMO_URLS.crl)] })],
      }),
    ),
    extension(
      OID.authorityInfoAccess,
      false,
      new pkijs.InfoAccess({
        accessDescriptions: [
          new pkijs.AccessDescription({ accessMethod: OID.ocsp, accessLocation: uri(DEMO_URLS.ocsp) }),
          new pkijs.AccessDescription({
            accessMethod: OID.caIssuers,
            accessLocation: uri(DEMO_URLS.caIssuers),
          }),
        ],
      }),
    ),
    extension(
      OID.certificatePolicies,
      false,
      new pkijs.CertificatePolicies({ certificatePolicies: [policy] }),
    ),
  ];
  await certificate.sign(issuer.keys.privateKey, 'SHA-256');
  return toPem(certificate);
}

/**
 * Makes a fresh demo hierarchy. Takes a second or so (RSA key generation), so call it once.
 * @param now The reference time; the leaf is valid around it and the expired certificate long before.
 */
export async function createSampleCertificates(now = new Date()): Promise<SampleCertificates> {
  const root = await createRoot(now);
  // 日本語.jp in its A-label form: certificates carry IDNs as ASCII (RFC 5280 §7.2).
  const leaf = await createServer(
    root.issuer,
    'www.example.jp',
    ['www.example.jp', 'xn--wgv71a119e.jp'],
    new Date(now.getTime() - 30 * DAY_MS),
    new Date(now.getTime() + 365 * DAY_MS),
  );
  const expired = await createServer(
    root.issuer,
    'expired.example.jp',
    ['expired.example.jp'],
    new Date('2020-04-01T00:00:00Z'),
    new Date('2021-04-01T00:00:00Z'),
  );
  return { ca: root.pem, leaf, chain: leaf + root.pem, expired };
}
