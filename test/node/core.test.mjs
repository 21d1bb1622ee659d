// The core entry point in node 20, imported by the package's own name so the `exports` map is what is tested.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainToASCII } from 'node:url';
import {
  matchesHostname,
  parseCertificate,
  parseCertificates,
  ShirushiError,
  sha256,
  bytesToHex,
  toASCII,
} from 'shirushi';
import { createHash } from 'node:crypto';
import { generateFixtures } from '../fixtures/generate.mjs';

const fixtures = await generateFixtures();
const certificates = Object.entries(fixtures).filter(([, fixture]) => fixture.kind === 'certificate');

describe('shirushi core in node', () => {
  for (const [name, fixture] of certificates) {
    it(`reads ${name} as openssl does`, () => {
      const info = parseCertificate(fixture.pem);
      const want = fixture.expected;
      assert.equal(info.serialNumber, want.serialNumber);
      assert.equal(info.subject.rfc4514, want.subjectDN);
      assert.equal(info.issuer.rfc4514, want.issuerDN);
      assert.equal(info.fingerprints.sha256, want.sha256Fingerprint);
      assert.equal(info.fingerprints.sha1, want.sha1Fingerprint);
      assert.equal(info.validity.notAfter.getTime(), new Date(want.notAfter).getTime());
      assert.deepEqual(
        info.subjectAltNames.dns,
        want.subjectAltNames.filter((san) => san.type === 'dns').map((san) => san.value),
      );
    });
  }

  it('reads a whole chain and matches host names', () => {
    const chain = parseCertificates(fixtures.rsa2048.pem + fixtures.intermediate.pem + fixtures.root.pem);
    assert.equal(chain.length, 3);
    assert.equal(matchesHostname(chain[0], 'www.ov.example.jp'), true);
    assert.equal(matchesHostname(fixtures.idn.pem, '日本語.jp'), true);
  });

  it('throws ShirushiError with both languages for bad input', () => {
    assert.throws(
      () => parseCertificate(fixtures.rsa2048.key),
      (error) =>
        error instanceof ShirushiError &&
        error.code === 'pem/wrong-label' &&
        /PRIVATE KEY/.test(error.messages.ja),
    );
  });

  it('hashes like node:crypto and converts IDNs like node:url', () => {
    const data = Buffer.from('しるし'.repeat(1000));
    assert.equal(bytesToHex(sha256(data)), createHash('sha256').update(data).digest('hex'));
    for (const domain of ['日本語.jp', 'ｗｗｗ．しるし．テスト', 'bücher.de'])
      assert.equal(toASCII(domain), domainToASCII(domain));
  });
});
