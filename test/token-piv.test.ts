import { expect } from '@esm-bundle/chai';
import { createCsr } from '../src/csr/build.js';
import { aesBlock } from '../src/token/aes.js';
import { hardwareTokenKey } from '../src/token/hardware-key.js';
import { PivCard } from '../src/token/piv.js';
import type { CardKeyType } from '../src/token/public-key.js';
import { VirtualCard } from './tools/card/index.js';
import { TRANSPORT_KINDS, fakeTransport } from './tools/fake-devices/connect.js';
import { openssl } from './harness/openssl.js';
import { expectCode } from './helpers/expect-code.js';

async function verifyWithOpenssl(pem: string, spki: Uint8Array): Promise<void> {
  const result = await openssl(['req', '-verify', '-noout', '-in', 'req.pem', '-pubkey'], {
    files: { 'req.pem': pem },
  });
  if (result.code !== 0) throw new Error(`openssl req -verify failed: ${result.stderr}`);
  expect(result.stderr + result.stdout).to.match(/verify OK|Certificate request self-signature verify OK/);
  // The key in the request is the one the card generated.
  const b64 = btoa(String.fromCharCode(...spki));
  expect(result.stdout.replace(/\s+/g, '')).to.contain(b64);
}

describe('token: PIV on the emulated card over each transport', function () {
  this.timeout(60_000);
  for (const kind of TRANSPORT_KINDS) {
    for (const type of ['P-256', 'RSA-2048'] as CardKeyType[]) {
      it(`${kind}: generates ${type} in 9A and signs a CSR that openssl verifies`, async () => {
        const card = new VirtualCard();
        const { transport } = fakeTransport(kind, card);
        await transport.open();
        try {
          const piv = new PivCard(transport);
          await piv.select();
          await piv.authenticateManagementKey();
          const generated = await piv.generateKey('9A', type);
          let asked = 0;
          const key = hardwareTokenKey(
            { application: 'piv', card: piv, ...generated },
            {
              pin: () => {
                asked++;
                return '123456';
              },
            },
          );
          expect(key.algorithm).to.equal(type === 'RSA-2048' ? 'RSA' : 'ECDSA');
          expect(key.label).to.contain('PIV 9A');
          const csr = await createCsr({
            keys: key,
            subject: { commonName: 'token.example.jp', organization: '株式会社しるし', country: 'JP' },
            dnsNames: ['token.example.jp'],
          });
          expect(asked).to.equal(1);
          expect(csr.info.signatureValid).to.equal(true);
          await verifyWithOpenssl(csr.pem, generated.spki);
        } finally {
          await transport.close();
        }
      });
    }
  }

  for (const type of ['P-256', 'RSA-2048'] as CardKeyType[]) {
    it(`ccid-webusb through a TPDU-level reader (T=1 blocks): ${type} CSR verifies`, async () => {
      const { transport } = fakeTransport('ccid-webusb', new VirtualCard(), {
        ccid: { level: 'tpdu', t1: { wtx: true } },
      });
      await transport.open();
      const piv = new PivCard(transport);
      await piv.select();
      await piv.authenticateManagementKey();
      const generated = await piv.generateKey('9A', type);
      const csr = await createCsr({
        keys: hardwareTokenKey({ application: 'piv', card: piv, ...generated }, { pin: () => '123456' }),
        subject: { commonName: 'tpdu.example.jp' },
        dnsNames: ['tpdu.example.jp'],
      });
      await verifyWithOpenssl(csr.pem, generated.spki);
      await transport.close();
    });
  }

  it('generates P-384 in 9C and signs with SHA-384', async () => {
    const { transport } = fakeTransport('ccid-webusb', new VirtualCard());
    await transport.open();
    const piv = new PivCard(transport);
    await piv.select();
    await piv.authenticateManagementKey();
    const generated = await piv.generateKey('9C', 'P-384');
    const csr = await createCsr({
      keys: hardwareTokenKey({ application: 'piv', card: piv, ...generated }, { pin: () => '123456' }),
      subject: { commonName: 'p384.example.jp' },
      dnsNames: ['p384.example.jp'],
    });
    expect(csr.info.signatureAlgorithm.oid).to.equal('1.2.840.10045.4.3.3');
    await verifyWithOpenssl(csr.pem, generated.spki);
    await transport.close();
  });
});

describe('token: PIV PIN, management key and certificate objects', function () {
  this.timeout(30_000);

  it('reports tries left on a wrong PIN, never retries, and reports a blocked PIN', async () => {
    const card = new VirtualCard();
    const { transport } = fakeTransport('smart-card-api', card);
    await transport.open();
    const piv = new PivCard(transport);
    await piv.select();
    expect(await piv.pinStatus()).to.deep.equal({ verified: false, triesLeft: 3 });
    const first = await expectCode(piv.verifyPin('654321'), 'token/wrong-pin');
    expect(first.params?.tries).to.equal(2);
    expect(first.message).to.contain('2 tries left');
    expect(await piv.pinStatus()).to.deep.equal({ verified: false, triesLeft: 2 });
    await expectCode(piv.verifyPin('654321'), 'token/wrong-pin');
    await expectCode(piv.verifyPin('654321'), 'token/pin-blocked');
    await expectCode(piv.verifyPin('123456'), 'token/pin-blocked');
    expect((await piv.pinStatus()).triesLeft).to.equal(0);
    await expectCode(piv.verifyPin('12345'), 'token/bad-pin-format');
    await transport.close();
  });

  it('a wrong PIN during CSR signing surfaces as token/wrong-pin and signs nothing', async () => {
    const { transport } = fakeTransport('ledger-webhid', new VirtualCard());
    await transport.open();
    const piv = new PivCard(transport);
    await piv.select();
    await piv.authenticateManagementKey();
    const generated = await piv.generateKey('9C', 'P-256');
    const key = hardwareTokenKey({ application: 'piv', card: piv, ...generated }, { pin: () => '000000' });
    await expectCode(
      createCsr({ keys: key, subject: { commonName: 'x.example.jp' }, dnsNames: ['x.example.jp'] }),
      'token/wrong-pin',
    );
    await transport.close();
  });

  it('refuses a wrong management key, and authenticates with AES-128/192/256 keys', async () => {
    const wrong = fakeTransport('canokey-webusb', new VirtualCard());
    await wrong.transport.open();
    const piv = new PivCard(wrong.transport);
    await piv.select();
    await expectCode(
      piv.authenticateManagementKey(new Uint8Array(24).fill(7)),
      'token/management-key-failed',
    );
    await expectCode(piv.generateKey('9A', 'P-256'), 'token/security-status');
    await wrong.transport.close();

    // AES-192 is left out here: the emulator does AES through WebCrypto, which Chromium refuses for 192-bit
    // keys. Our side does AES itself (src/token/aes.ts), checked against FIPS 197 below.
    for (const [algorithm, length] of [
      ['aes128', 16],
      ['aes256', 32],
    ] as const) {
      const key = Uint8Array.from({ length }, (_, i) => i * 3 + 1);
      const { transport } = fakeTransport(
        'canokey-webusb',
        new VirtualCard({ pivManagementKey: { algorithm, key } }),
      );
      await transport.open();
      const aes = new PivCard(transport);
      await aes.select();
      await expectCode(aes.authenticateManagementKey(key, '3des' as never), 'token/management-key-failed');
      await aes.authenticateManagementKey(key, algorithm);
      await aes.generateKey('9D', 'P-256');
      await transport.close();
    }
  });

  it('computes the FIPS 197 AES-128/192/256 known answers both ways', () => {
    const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    const fromHex = (t: string) => Uint8Array.from(t.match(/../g)!.map((h) => Number.parseInt(h, 16)));
    const plain = fromHex('00112233445566778899aabbccddeeff');
    const key = fromHex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    for (const [length, cipher] of [
      [16, '69c4e0d86a7b0430d8cdb78070b4c55a'],
      [24, 'dda97ca4864cdfe06eaf70a0ec0d7191'],
      [32, '8ea2b7ca516745bfeafc49904b496089'],
    ] as const) {
      expect(toHex(aesBlock(key.subarray(0, length), plain, false))).to.equal(cipher);
      expect(toHex(aesBlock(key.subarray(0, length), fromHex(cipher), true))).to.equal(toHex(plain));
    }
  });

  it('writes a certificate object and reads it back (chained PUT DATA, 61xx GET DATA)', async () => {
    const { transport } = fakeTransport('ccid-webusb', new VirtualCard());
    await transport.open();
    const piv = new PivCard(transport);
    await piv.select();
    expect(await piv.readCertificate('9A')).to.equal(undefined);
    await piv.authenticateManagementKey();
    const certificate = Uint8Array.from({ length: 1200 }, (_, i) => (i * 13) & 0xff);
    certificate.set([0x30, 0x82, 0x04, 0xac]);
    await piv.writeCertificate('9A', certificate);
    const back = await piv.readCertificate('9A');
    expect(back && Array.from(back)).to.deep.equal(Array.from(certificate));
    await transport.close();
  });

  it('writes the issued certificate back and signs a renewal CSR with the key it names', async () => {
    const { transport } = fakeTransport('canokey-webusb', new VirtualCard());
    await transport.open();
    const piv = new PivCard(transport);
    await piv.select();
    await piv.authenticateManagementKey();
    const generated = await piv.generateKey('9C', 'P-256');
    const pin = { pin: () => '123456' };
    const names = { subject: { commonName: 'renew.example.jp' }, dnsNames: ['renew.example.jp'] };
    const csr = await createCsr({
      keys: hardwareTokenKey({ application: 'piv', card: piv, ...generated }, pin),
      ...names,
    });
    const ca = await openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'out:ca.key',
      '-out',
      'out:ca.pem',
      '-subj',
      '/CN=Test CA',
      '-days',
      '2',
    ]);
    expect(ca.code, ca.stderr).to.equal(0);
    const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    const issued = await openssl(
      [
        'x509',
        '-req',
        '-in',
        'req.pem',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        '7',
        '-days',
        '1',
        '-outform',
        'DER',
        '-out',
        'out:cert.der',
      ],
      {
        files: {
          'req.pem': csr.pem,
          'ca.pem': fromBase64(ca.files['ca.pem']!),
          'ca.key': fromBase64(ca.files['ca.key']!),
        },
      },
    );
    expect(issued.code, issued.stderr).to.equal(0);
    const certificate = fromBase64(issued.files['cert.der']!);
    await piv.writeCertificate('9C', certificate);
    const found = await piv.keyFromCertificate('9C');
    expect(found?.type).to.equal('P-256');
    expect(Array.from(found!.spki)).to.deep.equal(Array.from(generated.spki));
    expect(await piv.keyFromCertificate('9D')).to.equal(undefined);
    const renewal = await createCsr({
      keys: hardwareTokenKey({ application: 'piv', card: piv, ...found! }, pin),
      ...names,
    });
    await verifyWithOpenssl(renewal.pem, generated.spki);
    await transport.close();
  });

  it('says the slot has no key when signing with an empty slot', async () => {
    const { transport } = fakeTransport('smart-card-api', new VirtualCard());
    await transport.open();
    const piv = new PivCard(transport);
    await piv.select();
    await piv.verifyPin('123456');
    const error = await piv.sign('9E', 'P-256', new Uint8Array(10), 'SHA-256').catch((e: unknown) => e);
    expect((error as { code?: string }).code).to.be.oneOf(['token/no-key', 'token/card-error']);
    await transport.close();
  });

  it('says token/application-not-found on a card without PIV', async () => {
    const { transport } = fakeTransport('smart-card-api', new VirtualCard({ applications: ['openpgp'] }));
    await transport.open();
    await expectCode(new PivCard(transport).select(), 'token/application-not-found');
    await transport.close();
  });

  it('unplugging during GENERATE ends with token/disconnected on every transport', async () => {
    for (const kind of TRANSPORT_KINDS) {
      // SELECT, two GENERAL AUTHENTICATE, then GENERATE is the fourth APDU.
      const { transport } = fakeTransport(kind, new VirtualCard(), { unplug: { atApdu: 4 } });
      await transport.open();
      const piv = new PivCard(transport);
      await piv.select();
      await piv.authenticateManagementKey();
      await expectCode(piv.generateKey('9A', 'P-256'), 'token/disconnected');
      await transport.close();
    }
  });
});
