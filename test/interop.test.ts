import { expect } from '@esm-bundle/chai';
import { encodePem, formatHex, parseCertificate } from '../src/index.js';
import { openssl } from './harness/openssl.js';
import { buildCertificate } from './helpers/build-certificate.js';

/** openssl reads what the browser wrote, and agrees with what we read from the same bytes. */
describe('openssl reads what shirushi writes', () => {
  it('accepts our PEM encoding of a certificate with 2 000 names and agrees on fingerprint and names', async () => {
    const names = Array.from({ length: 2000 }, (_, i) => `n${i}.example.jp`);
    const der = await buildCertificate({
      subject: [
        ['2.5.4.6', 'JP', 'printable'],
        ['2.5.4.10', '株式会社しるし', 'bmp'],
        ['2.5.4.3', 'n0.example.jp'],
      ],
      dnsNames: names,
      notAfter: new Date('2051-03-31T14:59:59Z'),
    });
    const pem = encodePem('CERTIFICATE', der);
    const info = parseCertificate(pem);
    const result = await openssl(
      [
        'x509',
        '-in',
        'c.pem',
        '-noout',
        '-fingerprint',
        '-sha256',
        '-subject',
        '-enddate',
        '-nameopt',
        'RFC2253,-esc_msb',
        '-ext',
        'subjectAltName',
      ],
      { files: { 'c.pem': pem } },
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.contain(`sha256 Fingerprint=${formatHex(info.fingerprints.sha256)}`);
    expect(result.stdout).to.contain(`subject=${info.subject.rfc4514}`);
    // GeneralizedTime after 2049, per RFC 5280.
    expect(result.stdout).to.contain('notAfter=Mar 31 14:59:59 2051 GMT');
    expect(info.validity.notAfter.toISOString()).to.equal('2051-03-31T14:59:59.000Z');
    expect(result.stdout.match(/DNS:/g)).to.have.length(2000);
    expect(info.subjectAltNames.dns).to.deep.equal(names);
  });

  it('agrees with openssl that truncated DER is not a certificate', async () => {
    const der = (await buildCertificate({})).slice(0, -5);
    const result = await openssl(['x509', '-inform', 'DER', '-in', 'c.der', '-noout'], {
      files: { 'c.der': der },
    });
    expect(result.code).to.not.equal(0);
    expect(() => parseCertificate(der))
      .to.throw()
      .with.property('code', 'der/truncated');
  });
});
