import { expect } from '@esm-bundle/chai';
import {
  base64Encode,
  hexToBytes,
  parseCertificate,
  parseCertificates,
  type CertificateInfo,
} from '../src/index.js';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { buildCertificate } from './helpers/build-certificate.js';
import { certificateFixtures, fromBase64, type CertificateFixture } from './helpers/fixtures.js';

/** Every certificate the fixture generator makes; a new fixture has to be added here to be checked. */
const NAMES = [
  'root',
  'intermediate',
  'rsa2048',
  'rsa4096',
  'ecdsaP256',
  'ecdsaP384',
  'japanese',
  'japaneseBmp',
  'printable',
  'idn',
  'ipSan',
  'emailUri',
  'expired',
  'notYetValid',
  'revoked',
];

const STRING_TYPES: Record<string, string> = {
  PRINTABLESTRING: 'PrintableString',
  UTF8STRING: 'UTF8String',
  BMPSTRING: 'BMPString',
  IA5STRING: 'IA5String',
  T61STRING: 'TeletexString',
  UNIVERSALSTRING: 'UniversalString',
};

/** Compares what we read with what openssl printed for the same certificate. */
function expectMatchesOpenssl(info: CertificateInfo, fixture: CertificateFixture): void {
  const want = fixture.expected;
  expect(info.version).to.equal(3);
  expect(info.serialNumber).to.equal(want.serialNumber);
  expect(info.subject.rfc4514).to.equal(want.subjectDN);
  expect(info.issuer.rfc4514).to.equal(want.issuerDN);
  expect(
    info.subject.rdns.flat().map(({ oid, value, encoding }) => ({ oid, value, encoding })),
  ).to.deep.equal(
    want.subjectAttributes.map(({ oid, value, stringType }) => ({
      oid,
      value,
      encoding: STRING_TYPES[stringType] ?? stringType,
    })),
  );
  expect(info.validity.notBefore.toISOString()).to.equal(new Date(want.notBefore).toISOString());
  expect(info.validity.notAfter.toISOString()).to.equal(new Date(want.notAfter).toISOString());
  expect(info.fingerprints.sha256).to.equal(want.sha256Fingerprint);
  expect(info.fingerprints.sha1).to.equal(want.sha1Fingerprint);
  expect(base64Encode(hexToBytes(info.publicKey.spkiSha256))).to.equal(want.spkiSha256);
  if (want.publicKey.algorithm === 'RSA') {
    expect(info.publicKey).to.include({ algorithm: 'RSA', size: want.publicKey.bits, exponent: 65537 });
  } else {
    expect(info.publicKey).to.include({ algorithm: 'EC', curve: want.publicKey.namedCurve });
  }
  expect(info.signatureAlgorithm).to.include(want.signatureAlgorithm);
  expect(info.basicConstraints).to.deep.equal(
    want.basicConstraints.pathLen === undefined
      ? { ca: want.basicConstraints.ca }
      : { ca: want.basicConstraints.ca, pathLength: want.basicConstraints.pathLen },
  );
  expect(info.keyUsage).to.deep.equal(want.keyUsage.usages);
  expect(info.extendedKeyUsage?.map((usage) => usage.oid) ?? []).to.deep.equal(
    want.extendedKeyUsage.map((usage) => usage.oid),
  );
  for (const type of ['dns', 'ip', 'email', 'uri'] as const) {
    expect(info.subjectAltNames[type], type).to.deep.equal(
      want.subjectAltNames.filter((name) => name.type === type).map((name) => name.value),
    );
  }
  expect(info.subjectKeyIdentifier).to.equal(want.subjectKeyIdentifier);
  expect(info.authorityKeyIdentifier ?? null).to.equal(want.authorityKeyIdentifier);
  expect(info.crlDistributionPoints.flatMap((point) => point.urls)).to.deep.equal(want.crlDistributionPoints);
  expect(info.authorityInfoAccess).to.deep.equal(want.authorityInfoAccess);
  expect(
    info.policies.map((policy) => ({ oid: policy.oid, cps: policy.cps, notices: policy.userNotices })),
  ).to.deep.equal(
    want.certificatePolicies.map((policy) => ({
      oid: policy.oid,
      cps: policy.cps ?? [],
      notices: policy.userNotice ? [policy.userNotice] : [],
    })),
  );
  expect(info.validationLevel ?? null).to.equal(want.validationLevel);
  expect(info.hasSctList).to.equal(false);
  const critical = info.extensions
    .filter((extension) => extension.critical)
    .map((extension) => extension.name);
  expect(critical).to.include.members(['basicConstraints', 'keyUsage']);
}

describe('parseCertificate against openssl', () => {
  it('has a check for every fixture the generator makes', async () => {
    expect(Object.keys(await certificateFixtures())).to.have.members(NAMES);
  });

  for (const name of NAMES) {
    it(`reads ${name} from PEM and DER exactly as openssl does`, async () => {
      const fixture = (await certificateFixtures())[name]!;
      expectMatchesOpenssl(parseCertificate(fixture.pem), fixture);
      const fromDer = parseCertificate(fromBase64(fixture.der));
      expect(fromDer.fingerprints.sha256).to.equal(fixture.expected.sha256Fingerprint);
      expect(Array.from(fromDer.der)).to.deep.equal(Array.from(fromBase64(fixture.der)));
    });
  }
});

describe('parseCertificate details', () => {
  it('decodes Japanese names in UTF8String and BMPString to the same text', async () => {
    const all = await certificateFixtures();
    const utf8 = parseCertificate(all.japanese!.pem).subject;
    const bmp = parseCertificate(all.japaneseBmp!.pem).subject;
    expect(utf8.organization).to.equal('株式会社しるし');
    expect(bmp.organization).to.equal('株式会社しるし');
    expect(utf8.rdns.flat().find((a) => a.shortName === 'O')!.encoding).to.equal('UTF8String');
    expect(bmp.rdns.flat().find((a) => a.shortName === 'O')!.encoding).to.equal('BMPString');
    expect(utf8.rfc4514).to.equal('CN=www.example.jp,O=株式会社しるし,L=千代田区,ST=東京都,C=JP');
  });

  it('reads a Japanese user notice and the OV policy', async () => {
    const info = parseCertificate((await certificateFixtures()).japanese!.pem);
    expect(info.validationLevel).to.equal('OV');
    expect(info.policies[0]!.userNotices).to.deep.equal(['この証明書はテスト用です']);
    expect(info.policies[0]!.name).to.equal('CA/B Forum OV');
  });

  it('reads a chain of several PEM blocks with CRLF and text around them', async () => {
    const all = await certificateFixtures();
    const bundle = [
      'leaf:',
      all.rsa2048!.pem,
      all.rsa2048!.key,
      'chain:',
      all.intermediate!.pem,
      all.root!.pem,
    ]
      .join('\n')
      .replace(/\n/g, '\r\n');
    const chain = parseCertificates(bundle);
    expect(chain.map((info) => info.subject.commonName)).to.deep.equal([
      'ov.example.jp',
      'Shirushi Test RSA CA R1',
      'Shirushi Test Root CA E1',
    ]);
    expect(chain[0]!.authorityKeyIdentifier).to.equal(chain[1]!.subjectKeyIdentifier);
    expect(chain[2]!.selfIssued).to.equal(true);
    expect(parseCertificate(bundle).subject.commonName).to.equal('ov.example.jp');
  });

  it('reads base64 without armour', async () => {
    const fixture = (await certificateFixtures()).ecdsaP384!;
    expect(parseCertificate(fixture.der).publicKey.size).to.equal(384);
  });

  it('notices embedded SCTs (RFC 6962) and keeps unknown extensions with their criticality', async () => {
    const sctList = new asn1js.OctetString({ valueHex: Uint8Array.from([0x00, 0x00]).buffer });
    const der = await buildCertificate({
      extensions: [
        new pkijs.Extension({
          extnID: '1.3.6.1.4.1.11129.2.4.2',
          critical: false,
          extnValue: sctList.toBER(false),
        }),
        new pkijs.Extension({
          extnID: '1.3.6.1.4.1.32473.9',
          critical: true,
          extnValue: new asn1js.Null().toBER(false),
        }),
      ],
    });
    const info = parseCertificate(der);
    expect(info.hasSctList).to.equal(true);
    expect(info.extensions.map(({ oid, name, critical }) => ({ oid, name, critical }))).to.deep.equal([
      { oid: '1.3.6.1.4.1.11129.2.4.2', name: 'ctSignedCertificateTimestamps', critical: false },
      { oid: '1.3.6.1.4.1.32473.9', name: undefined, critical: true },
    ]);
    expect(Array.from(info.extensions[1]!.value)).to.deep.equal([0x05, 0x00]);
  });
});
