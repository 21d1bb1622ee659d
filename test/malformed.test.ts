import { expect } from '@esm-bundle/chai';
import * as pkijs from 'pkijs';
import { encodePem, parseCertificate } from '../src/index.js';
import { buildCertificate, sanExtension } from './helpers/build-certificate.js';
import { concat, expectCode, nestedSequences, tlv } from './helpers/der.js';
import { certificateFixtures, fixtures, fromBase64 } from './helpers/fixtures.js';

async function realDer(): Promise<Uint8Array> {
  return fromBase64((await certificateFixtures()).rsa2048!.der);
}

/** Finds `needle` in `haystack` (first occurrence). */
function indexOf(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

describe('malformed certificates get a clear error code', () => {
  it('empty input → input/empty', () => {
    expectCode(() => parseCertificate(''), 'input/empty');
    expectCode(() => parseCertificate(new Uint8Array(0)), 'input/empty');
  });

  it('text without PEM or base64 → pem/no-data', () => {
    expectCode(() => parseCertificate('これは証明書ではありません。'), 'pem/no-data');
  });

  it('a private key where a certificate is expected → pem/wrong-label', async () => {
    const key = (await certificateFixtures()).rsa2048!.key;
    expectCode(() => parseCertificate(key), 'pem/wrong-label');
  });

  it('BEGIN and END labels that differ → pem/mismatched-label', async () => {
    const pem = (await certificateFixtures()).rsa2048!.pem.replace('END CERTIFICATE', 'END X509 CRL');
    expectCode(() => parseCertificate(pem), 'pem/mismatched-label');
  });

  it('a PEM block cut before its END line → pem/unterminated', async () => {
    const pem = (await certificateFixtures()).rsa2048!.pem;
    expectCode(() => parseCertificate(pem.slice(0, pem.length / 2)), 'pem/unterminated');
  });

  it('a stray character in the base64 → pem/bad-base64', async () => {
    const pem = (await certificateFixtures()).rsa2048!.pem;
    const lines = pem.split('\n');
    lines[3] = lines[3]!.slice(0, 10) + '!' + lines[3]!.slice(11);
    expectCode(() => parseCertificate(lines.join('\n')), 'pem/bad-base64');
  });

  it('truncated DER → der/truncated, at every cut point of the header', async () => {
    const der = await realDer();
    for (const cut of [1, 2, 3, 10, der.length - 1])
      expectCode(() => parseCertificate(der.slice(0, cut)), 'der/truncated');
    expectCode(() => parseCertificate(encodePem('CERTIFICATE', der.slice(0, -20))), 'der/truncated');
  });

  it('garbage after the certificate → der/trailing-data', async () => {
    const der = await realDer();
    const error = expectCode(
      () => parseCertificate(concat(der, Uint8Array.from([0, 0, 0]))),
      'der/trailing-data',
    );
    expect(error.messages.en).to.contain('3');
  });

  it('indefinite or overlong length → der/bad-length', async () => {
    const der = await realDer();
    const indefinite = der.slice();
    indefinite[1] = 0x80;
    expectCode(() => parseCertificate(indefinite), 'der/bad-length');
    expectCode(
      () => parseCertificate(Uint8Array.from([0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9])),
      'der/bad-length',
    );
  });

  it('deep nesting → der/too-deep, quickly', () => {
    expectCode(() => parseCertificate(nestedSequences(40)), 'der/too-deep');
  });

  it('well-formed DER that is not a certificate → certificate/not-a-certificate', async () => {
    expectCode(
      () => parseCertificate(tlv(0x30, concat(tlv(0x02, [1]), tlv(0x02, [2])))),
      'certificate/not-a-certificate',
    );
    const crl = (await fixtures()).intermediateCrl!;
    expectCode(() => parseCertificate(fromBase64(crl.der)), 'certificate/not-a-certificate');
    expectCode(() => parseCertificate(crl.pem), 'pem/wrong-label');
  });

  it('an unreadable validity time → certificate/bad-time', async () => {
    const der = await realDer();
    // UTCTime tag 0x17 length 13: the first validity time. Replace its digits with letters.
    const at = indexOf(der, [0x17, 0x0d]);
    expect(at).to.be.greaterThan(0);
    const broken = der.slice();
    for (let i = at + 2; i < at + 8; i++) broken[i] = 0x41;
    expectCode(() => parseCertificate(broken), 'certificate/bad-time');
  });

  it('an extension whose value is not what its OID says → certificate/bad-extension', async () => {
    const notNames = new pkijs.Extension({
      extnID: '2.5.29.17',
      critical: false,
      extnValue: Uint8Array.from([0x05, 0x00]).buffer,
    });
    const der = await buildCertificate({ extensions: [notNames] });
    const error = expectCode(() => parseCertificate(der), 'certificate/bad-extension');
    expect(error.messages.en).to.contain('subjectAltName');
  });

  it('the same extension twice → certificate/duplicate-extension', async () => {
    const der = await buildCertificate({
      dnsNames: ['a.example.jp'],
      extensions: [sanExtension(['b.example.jp'])],
    });
    expectCode(() => parseCertificate(der), 'certificate/duplicate-extension');
  });

  it('an unsupported version → certificate/bad-version', async () => {
    const der = await buildCertificate({});
    // [0] { INTEGER 2 } → INTEGER 7
    const at = indexOf(der, [0xa0, 0x03, 0x02, 0x01, 0x02]);
    const broken = der.slice();
    broken[at + 4] = 7;
    expectCode(() => parseCertificate(broken), 'certificate/bad-version');
  });
});

describe('bounds: asn1js defaults never refuse a valid certificate', () => {
  it('reads a certificate with more than 10 000 ASN.1 elements in its subject', async () => {
    const subject: Array<[string, string]> = Array.from({ length: 3000 }, (_, i) => [
      '2.5.4.11',
      `unit ${i}`,
    ]);
    const der = await buildCertificate({ subject: [...subject, ['2.5.4.3', 'many.example.jp']] });
    const info = parseCertificate(der);
    expect(info.subject.rdns).to.have.length(3001);
    expect(info.subject.commonName).to.equal('many.example.jp');
  });

  it('reads a SAN extension with 12 000 names (more than 10 000 elements in one extension)', async () => {
    const names = Array.from({ length: 12_000 }, (_, i) => `host${i}.example.jp`);
    const info = parseCertificate(await buildCertificate({ dnsNames: names }));
    expect(info.subjectAltNames.dns).to.have.length(12_000);
    expect(info.subjectAltNames.dns[11_999]).to.equal('host11999.example.jp');
  });

  it('refuses a certificate over 1 MiB with input/too-large', async () => {
    const names = Array.from({ length: 40_000 }, (_, i) => `a-rather-long-host-name-${i}.example.jp`);
    const der = await buildCertificate({ dnsNames: names });
    expect(der.length).to.be.greaterThan(1024 * 1024);
    expectCode(() => parseCertificate(der), 'input/too-large');
  });
});

describe('hostile subject strings', () => {
  it('keeps values intact but escapes bidi overrides, controls and RFC 4514 specials in the string form', async () => {
    const der = await buildCertificate({
      multiValuedRdn: true,
      subject: [
        ['2.5.4.10', '<script>alert(1)</script>, "Q"+;\\'],
        ['2.5.4.3', 'evil\u202egpj.exe\u0001'],
        ['2.5.4.7', '#lead '],
      ],
    });
    const { subject } = parseCertificate(der);
    expect(subject.commonName).to.equal('evil\u202egpj.exe\u0001');
    expect(subject.rdns).to.have.length(1);
    expect(subject.rfc4514).to.equal(
      String.raw`O=\<script\>alert(1)\</script\>\, \"Q\"\+\;\\+CN=evil\E2\80\AEgpj.exe\01+L=\#lead\ `,
    );
    expect(subject.rfc4514).not.to.contain('\u202e');
    expect(subject.rfc4514).not.to.contain('\u0001');
  });
});
