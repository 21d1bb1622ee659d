// Node-side check of the fixture generator, independent of the built package and of the browsers.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { generateFixtures } from '../fixtures/generate.mjs';

test('fixture fingerprints match the DER openssl produced', async () => {
  const fixtures = await generateFixtures();
  for (const [name, fixture] of Object.entries(fixtures)) {
    const digest = createHash('sha256').update(Buffer.from(fixture.der, 'base64')).digest('hex');
    assert.equal(digest, fixture.expected.sha256Fingerprint, name);
  }
});

test('fixtures cover the cases the suite relies on', async () => {
  const { japaneseBmp, idn, expired, revoked, intermediateCrl } = await generateFixtures();
  assert.deepEqual(
    japaneseBmp.expected.subjectAttributes.map((a) => a.stringType),
    ['PRINTABLESTRING', 'BMPSTRING', 'BMPSTRING', 'BMPSTRING', 'PRINTABLESTRING'],
  );
  assert.equal(idn.expected.subjectAltNames[0].unicode, '日本語.jp');
  assert.equal(expired.expected.expired, true);
  assert.deepEqual(
    intermediateCrl.expected.revoked.map((r) => r.serialNumber),
    [revoked.expected.serialNumber],
  );
});
