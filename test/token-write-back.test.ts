// Writing the issued certificate back to the token (issue 7): the card must prove it holds the
// certificate's key before anything is written. Keys are generated on the emulated card, certificates
// issued by an openssl test CA from CSRs the card signed.
import { expect } from '@esm-bundle/chai';
import { hardwareTokenKey } from '../src/token/hardware-key.js';
import { OpenPgpCard } from '../src/token/openpgp.js';
import { PivCard } from '../src/token/piv.js';
import { writeCertificateToToken } from '../src/token/write-back.js';
import { VirtualCard } from './tools/card/index.js';
import { fakeTransport } from './tools/fake-devices/connect.js';
import { expectCode } from './helpers/expect-code.js';
import { TestCa, csrFor } from './helpers/test-ca.js';

const testCa = new TestCa('Write-back Test CA');

describe('token: writing the issued certificate back', function () {
  this.timeout(60_000);

  it('PIV: proves the slot key, writes the certificate once, and reads it back', async () => {
    const { transport } = fakeTransport('canokey-webusb', new VirtualCard());
    await transport.open();
    try {
      const piv = new PivCard(transport);
      await piv.select();
      await piv.authenticateManagementKey();
      const generated = await piv.generateKey('9A', 'P-256');
      const key = hardwareTokenKey({ application: 'piv', card: piv, ...generated }, { pin: () => '123456' });
      const certificate = await testCa.issue(await csrFor(key, 'token.example.jp'), 11);
      const written = await writeCertificateToToken(
        { application: 'piv', card: piv, slot: '9A' },
        certificate,
        {
          pin: '123456',
        },
      );
      expect(written).to.deep.equal({ type: 'P-256', unchanged: false });
      expect(Array.from((await piv.readCertificate('9A'))!)).to.deep.equal(Array.from(certificate));
      const again = await writeCertificateToToken(
        { application: 'piv', card: piv, slot: '9A' },
        certificate,
        {
          pin: '123456',
        },
      );
      expect(again.unchanged).to.equal(true);
    } finally {
      await transport.close();
    }
  });

  it("PIV: refuses a certificate for another key and leaves the slot's object alone", async () => {
    const { transport } = fakeTransport('ledger-webhid', new VirtualCard());
    await transport.open();
    try {
      const piv = new PivCard(transport);
      await piv.select();
      await piv.authenticateManagementKey();
      await piv.generateKey('9C', 'P-256');
      const elsewhere = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
        'sign',
        'verify',
      ]);
      const foreign = await testCa.issue(await csrFor(elsewhere, 'other.example.jp'), 12);
      await expectCode(
        writeCertificateToToken({ application: 'piv', card: piv, slot: '9C' }, foreign, { pin: '123456' }),
        'token/key-mismatch',
      );
      expect(await piv.readCertificate('9C')).to.equal(undefined);
    } finally {
      await transport.close();
    }
  });

  it('OpenPGP: writes the cardholder certificate with the admin PIN, and asks for it when missing', async () => {
    const { transport } = fakeTransport('smart-card-api', new VirtualCard());
    await transport.open();
    try {
      const card = new OpenPgpCard(transport);
      await card.select();
      await card.verify('pw3', '12345678');
      const generated = await card.generateKey('sig', 'RSA-2048');
      const key = hardwareTokenKey({ application: 'openpgp', card, ...generated }, { pin: () => '123456' });
      const certificate = await testCa.issue(await csrFor(key, 'pgp.example.jp'), 13);
      // A fresh session: PW3 from generation must not carry over.
      await transport.close();
      await transport.open();
      await card.select();
      await expectCode(
        writeCertificateToToken({ application: 'openpgp', card }, certificate, { pin: '123456' }),
        'token/admin-pin-required',
      );
      const written = await writeCertificateToToken({ application: 'openpgp', card }, certificate, {
        pin: '123456',
        adminPin: '12345678',
      });
      expect(written).to.deep.equal({ type: 'RSA-2048', unchanged: false });
      expect(Array.from((await card.readCertificate())!)).to.deep.equal(Array.from(certificate));
    } finally {
      await transport.close();
    }
  });
});
