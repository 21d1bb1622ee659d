import { expect } from '@esm-bundle/chai';
import { createCsr } from '../src/csr/build.js';
import { hardwareTokenKey } from '../src/token/hardware-key.js';
import { OpenPgpCard, keyAttributes, parseKeyAttributes } from '../src/token/openpgp.js';
import type { CardKeyType } from '../src/token/public-key.js';
import { VirtualCard } from './tools/card/index.js';
import { TRANSPORT_KINDS, fakeTransport } from './tools/fake-devices/connect.js';
import { openssl } from './harness/openssl.js';
import { expectCode } from './helpers/expect-code.js';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function verifyWithOpenssl(pem: string, spki: Uint8Array): Promise<void> {
  const result = await openssl(['req', '-verify', '-noout', '-in', 'req.pem', '-pubkey'], {
    files: { 'req.pem': pem },
  });
  if (result.code !== 0) throw new Error(`openssl req -verify failed: ${result.stderr}`);
  expect(result.stderr + result.stdout).to.match(/verify OK/);
  expect(result.stdout.replace(/\s+/g, '')).to.contain(btoa(String.fromCharCode(...spki)));
}

describe('token: OpenPGP card on the emulated card over each transport', function () {
  this.timeout(60_000);
  for (const kind of TRANSPORT_KINDS) {
    for (const type of ['P-256', 'RSA-2048'] as CardKeyType[]) {
      it(`${kind}: generates ${type} as the signature key and signs a CSR that openssl verifies`, async () => {
        const { transport } = fakeTransport(kind, new VirtualCard());
        await transport.open();
        try {
          const card = new OpenPgpCard(transport);
          await card.select();
          await card.verify('pw3', '12345678');
          const generated = await card.generateKey('sig', type);
          expect(await card.keyType('sig')).to.equal(type);
          const read = await card.readPublicKey('sig');
          expect(hex(read.spki)).to.equal(hex(generated.spki));
          const key = hardwareTokenKey(
            { application: 'openpgp', card, ...generated },
            { pin: () => '123456' },
          );
          expect(key.label).to.contain('OpenPGP');
          const csr = await createCsr({
            keys: key,
            subject: { commonName: 'pgp.example.jp', organization: '株式会社しるし', country: 'JP' },
            dnsNames: ['pgp.example.jp'],
          });
          expect(csr.info.signatureValid).to.equal(true);
          await verifyWithOpenssl(csr.pem, generated.spki);
        } finally {
          await transport.close();
        }
      });
    }
  }

  it('ccid-webusb through a TPDU-level reader (T=1 blocks): RSA-2048 CSR verifies', async () => {
    const { transport } = fakeTransport('ccid-webusb', new VirtualCard(), { ccid: { level: 'tpdu' } });
    await transport.open();
    const card = new OpenPgpCard(transport);
    await card.select();
    await card.verify('pw3', '12345678');
    const generated = await card.generateKey('sig', 'RSA-2048');
    const csr = await createCsr({
      keys: hardwareTokenKey({ application: 'openpgp', card, ...generated }, { pin: () => '123456' }),
      subject: { commonName: 'tpdu.example.jp' },
      dnsNames: ['tpdu.example.jp'],
    });
    await verifyWithOpenssl(csr.pem, generated.spki);
    await transport.close();
  });

  it('generates P-384 and signs with SHA-384', async () => {
    const { transport } = fakeTransport('smart-card-api', new VirtualCard());
    await transport.open();
    const card = new OpenPgpCard(transport);
    await card.select();
    await card.verify('pw3', '12345678');
    const generated = await card.generateKey('sig', 'P-384');
    const csr = await createCsr({
      keys: hardwareTokenKey({ application: 'openpgp', card, ...generated }, { pin: () => '123456' }),
      subject: { commonName: 'p384.example.jp' },
      dnsNames: ['p384.example.jp'],
    });
    expect(csr.info.signatureAlgorithm.oid).to.equal('1.2.840.10045.4.3.3');
    await verifyWithOpenssl(csr.pem, generated.spki);
    await transport.close();
  });
});

describe('token: OpenPGP passwords and attributes', function () {
  this.timeout(30_000);

  it('writes and reads algorithm attributes (4.4.3.10)', () => {
    expect(hex(keyAttributes('RSA-2048'))).to.equal('010800002000');
    expect(hex(keyAttributes('P-256'))).to.equal('132a8648ce3d030107');
    expect(hex(keyAttributes('P-384'))).to.equal('132b81040022');
    expect(parseKeyAttributes(keyAttributes('P-384'))).to.equal('P-384');
    expect(
      parseKeyAttributes(Uint8Array.of(0x13, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0xff)),
    ).to.equal('P-256');
    expect(parseKeyAttributes(Uint8Array.of(0x01, 0x10, 0x00, 0x00, 0x20, 0x00))).to.equal(undefined);
  });

  it('writes the certificate object (7F21) and reads it back', async () => {
    const { transport } = fakeTransport('ccid-webusb', new VirtualCard());
    await transport.open();
    const card = new OpenPgpCard(transport);
    await card.select();
    expect(await card.readCertificate()).to.equal(undefined);
    const certificate = Uint8Array.from({ length: 900 }, (_, i) => (i * 11) & 0xff);
    certificate.set([0x30, 0x82, 0x03, 0x80]);
    await expectCode(card.writeCertificate(certificate), 'token/security-status');
    await card.verify('pw3', '12345678');
    await card.writeCertificate(certificate);
    expect(hex((await card.readCertificate()) ?? new Uint8Array(0))).to.equal(hex(certificate));
    await transport.close();
  });

  it('needs PW3 to generate', async () => {
    const { transport } = fakeTransport('canokey-webusb', new VirtualCard());
    await transport.open();
    const card = new OpenPgpCard(transport);
    await card.select();
    await expectCode(card.generateKey('sig', 'RSA-2048'), 'token/security-status');
    await transport.close();
  });

  it('reports PW1 tries left from VERIFY and from the PW status bytes, then blocked', async () => {
    const { transport } = fakeTransport('ccid-webusb', new VirtualCard());
    await transport.open();
    const card = new OpenPgpCard(transport);
    await card.select();
    const before = await card.pinStatus();
    expect(before.pw1TriesLeft).to.equal(3);
    expect(before.pw3TriesLeft).to.equal(3);
    const wrong = await expectCode(card.verify('pw1-sign', '999999'), 'token/wrong-pin');
    expect(wrong.params?.tries).to.equal(2);
    expect((await card.pinStatus()).pw1TriesLeft).to.equal(2);
    await expectCode(card.verify('pw1', '999999'), 'token/wrong-pin');
    await expectCode(card.verify('pw1-sign', '999999'), 'token/pin-blocked');
    await expectCode(card.verify('pw1-sign', '123456'), 'token/pin-blocked');
    await expectCode(card.verify('pw3', '1234'), 'token/bad-pin-format');
    await transport.close();
  });

  it('a wrong PW1 while signing a CSR is token/wrong-pin', async () => {
    const { transport } = fakeTransport('ledger-webhid', new VirtualCard());
    await transport.open();
    const card = new OpenPgpCard(transport);
    await card.select();
    await card.verify('pw3', '12345678');
    const generated = await card.generateKey('sig', 'P-256');
    const key = hardwareTokenKey({ application: 'openpgp', card, ...generated }, { pin: () => '000000' });
    await expectCode(
      createCsr({ keys: key, subject: { commonName: 'x.example.jp' }, dnsNames: ['x.example.jp'] }),
      'token/wrong-pin',
    );
    await transport.close();
  });

  it('unplugging during PSO: CDS ends with token/disconnected on every transport', async () => {
    for (const kind of TRANSPORT_KINDS) {
      const card = new VirtualCard();
      // Generate on a healthy connection, then sign on one that is pulled at its third APDU (PSO: CDS).
      const setup = fakeTransport(kind, card);
      await setup.transport.open();
      const first = new OpenPgpCard(setup.transport);
      await first.select();
      await first.verify('pw3', '12345678');
      const generated = await first.generateKey('sig', 'P-256');
      await setup.transport.close();
      const { transport } = fakeTransport(kind, card, { unplug: { atApdu: 3 } });
      await transport.open();
      const openpgp = new OpenPgpCard(transport);
      await openpgp.select();
      const key = hardwareTokenKey(
        { application: 'openpgp', card: openpgp, ...generated },
        { pin: () => '123456' },
      );
      await expectCode(key.sign(new Uint8Array(32), 'SHA-256'), 'token/disconnected');
      await transport.close();
    }
  });
});
