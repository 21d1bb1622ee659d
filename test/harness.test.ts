// Tests of the test harness itself, run in every browser: the server commands must work before any
// test that relies on them can be trusted.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { openssl } from './harness/openssl.js';

interface Fixture {
  kind: 'certificate' | 'crl';
  pem: string;
  der: string;
  expected: { subjectDN: string };
}

// Deliberately the raw command rather than test/helpers/fixtures.ts, so this checks the server side alone.
async function fixture(name: string): Promise<Fixture> {
  const all = await executeServerCommand<Record<string, Fixture>, undefined>('fixtures');
  const found = all?.[name];
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
}

describe('test harness', () => {
  it('serves openssl-generated fixtures', async () => {
    const leaf = await fixture('rsa2048');
    expect(leaf.kind).to.equal('certificate');
    expect(leaf.pem).to.match(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    expect((await fixture('intermediateCrl')).kind).to.equal('crl');
  });

  it('runs openssl on bytes sent from the browser', async () => {
    const leaf = await fixture('japanese');
    const result = await openssl(
      ['x509', '-in', 'leaf.pem', '-noout', '-subject', '-nameopt', 'RFC2253,-esc_msb'],
      {
        files: { 'leaf.pem': leaf.pem },
      },
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.trim()).to.equal(`subject=${leaf.expected.subjectDN}`);
    expect(result.stdout).to.contain('O=株式会社しるし');
  });

  it('returns binary output files and reports openssl failures', async () => {
    const leaf = await fixture('ecdsaP256');
    const converted = await openssl(['x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'out:leaf.der'], {
      files: { 'leaf.pem': leaf.pem },
    });
    expect(converted.code, converted.stderr).to.equal(0);
    expect(converted.files['leaf.der']).to.equal(leaf.der);

    const failed = await openssl(['x509', '-in', 'missing.pem', '-noout']);
    expect(failed.code).to.not.equal(0);
    expect(failed.stderr).to.not.equal('');
  });
});
