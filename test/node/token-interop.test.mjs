// The virtual PIV / OpenPGP card (test/tools/card) checked two ways:
//  1. its cryptography and card logic against node:crypto (OpenSSL), driving VirtualCard.transmit directly;
//  2. as a real card: connected to a private pcscd through vsmartcard-vpcd and driven by yubico-piv-tool,
//     OpenSC (pkcs15-tool, pkcs11-tool, openpgp-tool) and OpenSSL's pkcs11 engine, outputs checked with openssl.
// The test bundles test/tools/card/index.ts with esbuild at start, so no build step is needed. It starts its
// own pcscd (private reader config, free port, TCP_NODELAY shim built with gcc when gcc exists) and stops it
// by PID afterwards. Missing system packages fail the test with the apt-get command to run.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import {
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  verify as verifySignature,
} from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { BINARIES, SMARTCARD_BINARY_IDS, findBinary } from '../harness/system.mjs';
import { connectVpcd } from '../tools/card/vpcd.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(join(tmpdir(), 'shirushi-card-'));
after(() => rmSync(work, { recursive: true, force: true }));

await build({
  entryPoints: [join(root, 'test/tools/card/index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  outfile: join(work, 'card.mjs'),
  logLevel: 'silent',
});
const { VirtualCard } = await import(pathToFileURL(join(work, 'card.mjs')).href);

// ------------------------------------------------------------------------------------------------ helpers

const fromHex = (text) => Buffer.from(text.replace(/\s/g, ''), 'hex');
const DEFAULT_3DES = fromHex('010203040506070801020304050607080102030405060708');

/** Sends one APDU; follows 61xx with GET RESPONSE. Returns the joined data, the last SW and the first SW. */
async function send(card, apdu) {
  let response = Buffer.from(await card.transmit(typeof apdu === 'string' ? fromHex(apdu) : apdu));
  const firstSw = response.readUInt16BE(response.length - 2);
  let data = response.subarray(0, -2);
  let sw = firstSw;
  while (sw >> 8 === 0x61) {
    response = Buffer.from(await card.transmit(Uint8Array.of(0, 0xc0, 0, 0, sw & 0xff)));
    data = Buffer.concat([data, response.subarray(0, -2)]);
    sw = response.readUInt16BE(response.length - 2);
  }
  return { data, sw, firstSw };
}

/** A command with any amount of data, sent as short APDUs chained with CLA 0x10. */
async function sendChained(card, ins, p1, p2, data, cla = 0) {
  for (let offset = 0; ; offset += 255) {
    const chunk = data.subarray(offset, offset + 255);
    const last = offset + 255 >= data.length;
    const apdu = Buffer.concat([Buffer.from([last ? cla : cla | 0x10, ins, p1, p2, chunk.length]), chunk]);
    const result = await send(card, last ? Buffer.concat([apdu, Buffer.from([0])]) : apdu);
    if (last || result.sw !== 0x9000) return result;
  }
}

/** Minimal BER-TLV reader: { tag (number), value (Buffer) }[]. */
function tlvs(bytes) {
  const out = [];
  let i = 0;
  while (i < bytes.length) {
    let tag = bytes[i++];
    if ((tag & 0x1f) === 0x1f) {
      let next;
      do {
        next = bytes[i++];
        tag = tag * 256 + next;
      } while (next & 0x80);
    }
    let length = bytes[i++];
    if (length & 0x80) {
      const count = length & 0x7f;
      length = 0;
      for (let k = 0; k < count; k++) length = length * 256 + bytes[i++];
    }
    out.push({ tag, value: bytes.subarray(i, i + length) });
    i += length;
  }
  return out;
}
const find = (list, tag) => list.find((t) => t.tag === tag)?.value;

function tlv(tag, ...parts) {
  const value = Buffer.concat(parts);
  const tagBytes =
    tag > 0xffff ? [tag >> 16, (tag >> 8) & 0xff, tag & 0xff] : tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  const length =
    value.length < 0x80
      ? [value.length]
      : value.length < 0x100
        ? [0x81, value.length]
        : [0x82, value.length >> 8, value.length & 0xff];
  return Buffer.concat([Buffer.from([...tagBytes, ...length]), value]);
}

const ecb = (algorithm, key, block, decrypt) => {
  const cipher = decrypt ? createDecipheriv(algorithm, key, null) : createCipheriv(algorithm, key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
};

const ECB_NAMES = { 3: 'des-ede3-ecb', 8: 'aes-128-ecb', 0x0a: 'aes-192-ecb', 0x0c: 'aes-256-ecb' };

/** PIV management-key mutual authentication, computed with node:crypto. */
async function authenticate(card, key = DEFAULT_3DES, algorithm = 3) {
  const witnessReply = await send(card, Buffer.from([0, 0x87, algorithm, 0x9b, 4, 0x7c, 2, 0x80, 0]));
  assert.equal(witnessReply.sw, 0x9000);
  const encrypted = find(tlvs(find(tlvs(witnessReply.data), 0x7c)), 0x80);
  const witness = ecb(ECB_NAMES[algorithm], key, encrypted, true);
  const challenge = randomBytes(witness.length);
  const body = tlv(0x7c, tlv(0x80, witness), tlv(0x81, challenge));
  const reply = await send(card, Buffer.concat([Buffer.from([0, 0x87, algorithm, 0x9b, body.length]), body]));
  assert.equal(reply.sw, 0x9000, `mutual authentication answered ${reply.sw.toString(16)}`);
  const response = find(tlvs(find(tlvs(reply.data), 0x7c)), 0x82);
  assert.deepEqual(
    response,
    ecb(ECB_NAMES[algorithm], key, challenge, false),
    'card encrypted the challenge',
  );
}

const selectPiv = (card) => send(card, '00a4040005a000000308');
const verifyPin = (card, pin = '123456') =>
  send(card, Buffer.concat([fromHex('0020008008'), Buffer.from(pin.padEnd(8, '\xff'), 'latin1')]));

/** GENERATE in a PIV slot; returns the node:crypto public key and the first SW (61xx when chained). */
async function generatePiv(card, slot, algorithm, extra = Buffer.alloc(0)) {
  const template = tlv(0xac, tlv(0x80, Buffer.from([algorithm])), extra);
  const result = await send(
    card,
    Buffer.concat([Buffer.from([0, 0x47, 0, slot, template.length]), template]),
  );
  assert.equal(result.sw, 0x9000);
  const inner = tlvs(find(tlvs(result.data), 0x7f49));
  return { publicKey: pivPublicKey(inner, algorithm), firstSw: result.firstSw };
}

function pivPublicKey(inner, algorithm) {
  const point = find(inner, 0x86);
  if (point) {
    const crv = algorithm === 0x14 || point.length === 97 ? 'P-384' : 'P-256';
    const size = (point.length - 1) / 2;
    const b64 = (b) => b.toString('base64url');
    return createPublicKey({
      key: { kty: 'EC', crv, x: b64(point.subarray(1, 1 + size)), y: b64(point.subarray(1 + size)) },
      format: 'jwk',
    });
  }
  return createPublicKey({
    key: {
      kty: 'RSA',
      n: find(inner, 0x81).toString('base64url'),
      e: find(inner, 0x82).toString('base64url'),
    },
    format: 'jwk',
  });
}

const SHA256_PREFIX = fromHex('3031300d060960864801650304020105000420');

function pkcs1Block(message, bytes) {
  const digestInfo = Buffer.concat([SHA256_PREFIX, createHash('sha256').update(message).digest()]);
  return Buffer.concat([
    Buffer.from([0, 1]),
    Buffer.alloc(bytes - digestInfo.length - 3, 0xff),
    Buffer.from([0]),
    digestInfo,
  ]);
}

/** PIV GENERAL AUTHENTICATE signature: 7C { 82 00, 81 data } → 7C { 82 signature }. */
async function pivSign(card, algorithm, slot, data) {
  const body = tlv(0x7c, Buffer.from([0x82, 0]), tlv(0x81, data));
  const result = await sendChained(card, 0x87, algorithm, slot, body);
  return {
    sw: result.sw,
    signature: result.sw === 0x9000 ? find(tlvs(find(tlvs(result.data), 0x7c)), 0x82) : undefined,
  };
}

// ---------------------------------------------------------------------------------- 1. emulator, in node

describe('virtual PIV card: cryptography and card logic checked with node:crypto', () => {
  it('selects with the application property template and answers YubiKey version and serial', async () => {
    const card = new VirtualCard({ serial: 0x01020304 });
    assert.deepEqual([...card.atr.subarray(0, 2)], [0x3b, 0xfd]);
    assert.equal((await send(card, '00cb3fff055c035fc10200')).sw, 0x6d00, 'nothing selected yet');
    const select = await selectPiv(card);
    assert.equal(select.sw, 0x9000);
    const apt = tlvs(find(tlvs(select.data), 0x61));
    assert.equal(find(apt, 0x4f).toString('hex'), '0000100001 00'.replace(' ', ''));
    assert.deepEqual((await send(card, '00fd000000')).data, Buffer.from([5, 4, 3]));
    assert.deepEqual((await send(card, '00f8000000')).data, Buffer.from([1, 2, 3, 4]));
    assert.equal((await send(card, '00cb3fff055c035fc10200')).sw, 0x6a82, 'no CHUID yet');
    assert.equal((await send(card, '00cb3fff035c017e00')).data[0], 0x7e, 'discovery object');
    assert.equal((await send(card, '00a4040007a0000005272001')).sw, 0x6a82, 'unknown AID');
    assert.equal((await send(card, '0042000000')).sw, 0x6d00, 'unknown INS');
  });

  for (const [name, algorithm, keyLength] of [
    ['3DES', 3, 24],
    ['AES-128', 8, 16],
    ['AES-192', 0x0a, 24],
    ['AES-256', 0x0c, 32],
  ]) {
    it(`management-key mutual authentication with ${name} agrees with node:crypto`, async () => {
      const key = algorithm === 3 ? DEFAULT_3DES : randomBytes(keyLength);
      const names = { 3: '3des', 8: 'aes128', 0x0a: 'aes192', 0x0c: 'aes256' };
      const card = new VirtualCard({
        pivManagementKey: { algorithm: names[algorithm], key: new Uint8Array(key) },
      });
      await selectPiv(card);
      // Without authentication the card refuses key generation.
      assert.equal((await send(card, '0047009a05ac03800111')).sw, 0x6982);
      await authenticate(card, key, algorithm);
      assert.equal((await send(card, '0047009a05ac03800111')).sw, 0x9000);
      // A wrong witness fails and leaves the card unauthenticated.
      await send(card, Buffer.from([0, 0x87, algorithm, 0x9b, 4, 0x7c, 2, 0x80, 0]));
      const size = algorithm === 3 ? 8 : 16;
      const body = tlv(0x7c, tlv(0x80, Buffer.alloc(size)), tlv(0x81, Buffer.alloc(size)));
      const wrong = await send(
        card,
        Buffer.concat([Buffer.from([0, 0x87, algorithm, 0x9b, body.length]), body]),
      );
      assert.equal(wrong.sw, 0x6982);
      assert.equal((await send(card, '0047009a05ac03800111')).sw, 0x6982);
    });
  }

  it('RSA 2048: key from GENERATE (61xx chained), raw signature on a padded block verifies with OpenSSL', async () => {
    const card = new VirtualCard();
    await selectPiv(card);
    await authenticate(card);
    const { publicKey, firstSw } = await generatePiv(card, 0x9a, 0x07);
    assert.equal(firstSw >> 8, 0x61, 'a 270-byte reply needs GET RESPONSE');
    assert.equal(publicKey.asymmetricKeyDetails.modulusLength, 2048);
    assert.equal((await pivSign(card, 0x07, 0x9a, pkcs1Block('x', 256))).sw, 0x6982, 'PIN first');
    assert.equal((await verifyPin(card)).sw, 0x9000);
    const message = Buffer.from('signed by the virtual PIV card');
    const { sw, signature } = await pivSign(card, 0x07, 0x9a, pkcs1Block(message, 256));
    assert.equal(sw, 0x9000);
    assert.equal(verifySignature('sha256', message, publicKey, signature), true);
    // Extended-length APDU: the whole answer at once.
    const body = tlv(0x7c, Buffer.from([0x82, 0]), tlv(0x81, pkcs1Block(message, 256)));
    const header = Buffer.from([0, 0x87, 0x07, 0x9a, 0, body.length >> 8, body.length & 0xff]);
    const extended = await send(card, Buffer.concat([header, body, Buffer.from([0, 0])]));
    assert.equal(extended.firstSw, 0x9000);
    assert.equal(
      verifySignature('sha256', message, publicKey, find(tlvs(find(tlvs(extended.data), 0x7c)), 0x82)),
      true,
    );
    assert.equal(
      (await pivSign(card, 0x11, 0x9a, Buffer.alloc(32))).sw,
      0x6a86,
      'algorithm must match the key',
    );
  });

  for (const [curve, algorithm, hash] of [
    ['P-256', 0x11, 'sha256'],
    ['P-384', 0x14, 'sha384'],
  ]) {
    it(`${curve}: ECDSA over a hash gives a DER signature that OpenSSL verifies; ECDH matches node`, async () => {
      const card = new VirtualCard();
      await selectPiv(card);
      await authenticate(card);
      const { publicKey } = await generatePiv(card, 0x9d, algorithm);
      assert.equal(publicKey.asymmetricKeyDetails.namedCurve, curve === 'P-256' ? 'prime256v1' : 'secp384r1');
      await verifyPin(card);
      for (let i = 0; i < 5; i++) {
        const message = randomBytes(40);
        const { sw, signature } = await pivSign(
          card,
          algorithm,
          0x9d,
          createHash(hash).update(message).digest(),
        );
        assert.equal(sw, 0x9000);
        assert.equal(signature[0], 0x30);
        assert.equal(verifySignature(hash, message, { key: publicKey, dsaEncoding: 'der' }, signature), true);
      }
      const peer = createECDH(curve === 'P-256' ? 'prime256v1' : 'secp384r1');
      const peerPoint = peer.generateKeys();
      const body = tlv(0x7c, Buffer.from([0x82, 0]), tlv(0x85, peerPoint));
      const result = await send(
        card,
        Buffer.concat([Buffer.from([0, 0x87, algorithm, 0x9d, body.length]), body, Buffer.from([0])]),
      );
      assert.equal(result.sw, 0x9000);
      const jwk = publicKey.export({ format: 'jwk' });
      const cardPoint = Buffer.concat([
        Buffer.from([4]),
        Buffer.from(jwk.x, 'base64url'),
        Buffer.from(jwk.y, 'base64url'),
      ]);
      assert.deepEqual(find(tlvs(find(tlvs(result.data), 0x7c)), 0x82), peer.computeSecret(cardPoint));
    });
  }

  it('imports node-generated RSA and EC keys (YubiKey IMPORT KEY) and signs as node:crypto expects', async () => {
    const card = new VirtualCard();
    await selectPiv(card);
    await authenticate(card);
    await verifyPin(card);
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const d = Buffer.from(ec.privateKey.export({ format: 'jwk' }).d, 'base64url');
    const ecBody = Buffer.concat([tlv(0x06, d), tlv(0xaa, Buffer.from([1]))]);
    assert.equal(
      (await send(card, Buffer.concat([Buffer.from([0, 0xfe, 0x11, 0x9e, ecBody.length]), ecBody]))).sw,
      0x9000,
    );
    const metadata = tlvs((await send(card, '00f7009e00')).data);
    assert.deepEqual(find(metadata, 0x01), Buffer.from([0x11]));
    assert.deepEqual(find(metadata, 0x02), Buffer.from([1, 1]), 'PIN policy never, as imported');
    const jwk = ec.publicKey.export({ format: 'jwk' });
    const point = Buffer.concat([
      Buffer.from([4]),
      Buffer.from(jwk.x, 'base64url'),
      Buffer.from(jwk.y, 'base64url'),
    ]);
    assert.deepEqual(find(tlvs(find(metadata, 0x04)), 0x86), point);
    const message = Buffer.from('imported');
    const ecSig = await pivSign(card, 0x11, 0x9e, createHash('sha256').update(message).digest());
    assert.equal(
      verifySignature('sha256', message, { key: ec.publicKey, dsaEncoding: 'der' }, ecSig.signature),
      true,
    );

    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const r = rsa.privateKey.export({ format: 'jwk' });
    const parts = ['p', 'q', 'dp', 'dq', 'qi'].map((k, i) => tlv(i + 1, Buffer.from(r[k], 'base64url')));
    const rsaResult = await sendChained(card, 0xfe, 0x07, 0x9a, Buffer.concat(parts));
    assert.equal(rsaResult.sw, 0x9000);
    const rsaSig = await pivSign(card, 0x07, 0x9a, pkcs1Block(message, 256));
    assert.equal(verifySignature('sha256', message, rsa.publicKey, rsaSig.signature), true);
  });

  it('counts PIN tries down, blocks after three, and the PUK unblocks', async () => {
    const card = new VirtualCard();
    await selectPiv(card);
    assert.equal((await send(card, '0020008000')).sw, 0x63c3);
    assert.equal((await verifyPin(card, '654321')).sw, 0x63c2);
    assert.equal((await send(card, '0020008000')).sw, 0x63c2);
    assert.equal((await verifyPin(card)).sw, 0x9000, 'right PIN resets the counter');
    assert.equal((await send(card, '0020008000')).sw, 0x9000, 'verified');
    assert.equal((await send(card, '00200080')).sw, 0x9000);
    assert.equal((await send(card, '0020ff80')).sw, 0x9000, 'P1=FF resets verification');
    assert.equal((await send(card, '0020008000')).sw, 0x63c3);
    assert.equal((await verifyPin(card, '000000')).sw, 0x63c2);
    assert.equal((await verifyPin(card, '000000')).sw, 0x63c1);
    assert.equal((await verifyPin(card, '000000')).sw, 0x63c0);
    assert.equal((await verifyPin(card)).sw, 0x6983, 'blocked, even with the right PIN');
    assert.equal((await send(card, '0020008000')).sw, 0x6983);
    const unblock = Buffer.concat([
      fromHex('002c008010'),
      Buffer.from('12345678'),
      Buffer.from('222222\xff\xff', 'latin1'),
    ]);
    assert.equal((await send(card, unblock)).sw, 0x9000);
    assert.equal((await verifyPin(card, '222222')).sw, 0x9000);
    const change = Buffer.concat([
      fromHex('0024008010'),
      Buffer.from('222222\xff\xff', 'latin1'),
      Buffer.from('33333333'),
    ]);
    assert.equal((await send(card, change)).sw, 0x9000);
    assert.equal((await verifyPin(card, '33333333')).sw, 0x9000);
    const metadata = tlvs((await send(card, '00f7008000')).data);
    assert.deepEqual(find(metadata, 0x06), Buffer.from([3, 3]));
  });

  it('slot 9C wants the PIN before every signature; reset forgets PIN and management key', async () => {
    const card = new VirtualCard();
    await selectPiv(card);
    await authenticate(card);
    await generatePiv(card, 0x9c, 0x11);
    const hash = createHash('sha256').update('x').digest();
    assert.equal((await verifyPin(card)).sw, 0x9000);
    assert.equal((await pivSign(card, 0x11, 0x9c, hash)).sw, 0x9000);
    assert.equal((await pivSign(card, 0x11, 0x9c, hash)).sw, 0x6982, 'PIN always');
    assert.equal((await verifyPin(card)).sw, 0x9000);
    assert.equal((await pivSign(card, 0x11, 0x9c, hash)).sw, 0x9000);
    card.reset();
    assert.equal((await send(card, '0020008000')).sw, 0x6d00, 'reset deselects');
    await selectPiv(card);
    assert.equal((await send(card, '0020008000')).sw, 0x63c3);
    assert.equal((await send(card, '0047009a05ac03800111')).sw, 0x6982);
  });

  it('stores objects with PUT DATA (chained) and returns them with GET DATA (61xx)', async () => {
    const card = new VirtualCard();
    await selectPiv(card);
    const object = randomBytes(1500);
    const put = Buffer.concat([tlv(0x5c, fromHex('5fc105')), tlv(0x53, object)]);
    assert.equal((await sendChained(card, 0xdb, 0x3f, 0xff, put)).sw, 0x6982, 'management key first');
    await authenticate(card);
    assert.equal((await sendChained(card, 0xdb, 0x3f, 0xff, put)).sw, 0x9000);
    const got = await send(card, '00cb3fff055c035fc10500');
    assert.equal(got.firstSw, 0x6100);
    assert.deepEqual(find(tlvs(got.data), 0x53), object);
    // OpenSC reads the first 8 bytes to learn the length.
    const head = await card.transmit(fromHex('00cb3fff055c035fc10508'));
    assert.equal(head.length, 10);
    assert.equal(head[8], 0x61);
  });
});

const selectOpenPgp = (card) => send(card, '00a4040006d2760001240100');
const verifyPw = (card, reference, pin) =>
  send(card, Buffer.concat([Buffer.from([0, 0x20, 0, reference, Buffer.byteLength(pin)]), Buffer.from(pin)]));
const getData = (card, tag) => send(card, Buffer.from([0, 0xca, tag >> 8, tag & 0xff, 0]));
const putData = (card, tag, data) =>
  send(card, Buffer.concat([Buffer.from([0, 0xda, tag >> 8, tag & 0xff, data.length]), data]));

/** GENERATE (47 80 00) with a control reference template (B6 sig, B8 dec, A4 aut). */
async function generateOpenPgp(card, crt, algorithm) {
  const result = await send(card, Buffer.from([0, 0x47, 0x80, 0, 2, crt, 0, 0]));
  assert.equal(result.sw, 0x9000);
  return pivPublicKey(tlvs(find(tlvs(result.data), 0x7f49)), algorithm);
}

describe('virtual OpenPGP card 3.4: data objects, PINs and signatures checked with node:crypto', () => {
  it('answers application related data, historical bytes and PW status as the 3.4 spec lays them out', async () => {
    const card = new VirtualCard({ serial: 0x11223344 });
    assert.equal((await selectOpenPgp(card)).sw, 0x9000);
    const related = await getData(card, 0x6e);
    assert.equal(related.sw, 0x9000);
    const top = tlvs(find(tlvs(related.data), 0x6e));
    const aid = find(top, 0x4f);
    assert.equal(aid.toString('hex'), 'd27600012401' + '0304' + 'fffe' + '11223344' + '0000');
    assert.deepEqual(find(top, 0x5f52), (await getData(card, 0x5f52)).data);
    const discretionary = tlvs(find(top, 0x73));
    assert.equal(find(discretionary, 0xc1).toString('hex'), '010800002000', 'RSA 2048 by default');
    assert.deepEqual(find(discretionary, 0xc4), Buffer.from([1, 127, 127, 127, 3, 0, 3]));
    assert.equal(find(discretionary, 0xc5).length, 60);
    assert.deepEqual((await getData(card, 0x7a)).data, tlv(0x7a, tlv(0x93, Buffer.from([0, 0, 0]))));
    assert.deepEqual(
      tlvs(find(tlvs((await getData(card, 0x65)).data), 0x65)).map((t) => t.tag),
      [0x5b, 0x5f2d, 0x5f35],
    );
    assert.equal((await getData(card, 0x1234)).sw, 0x6a88);
  });

  it('RSA 2048: GENERATE, PSO:COMPUTE DIGITAL SIGNATURE on a DigestInfo, counter, decipher', async () => {
    const card = new VirtualCard({ applications: ['openpgp'] });
    await selectOpenPgp(card);
    assert.equal((await send(card, '00478000 02 b600 00'.replace(/ /g, ''))).sw, 0x6982, 'PW3 first');
    assert.equal((await verifyPw(card, 0x83, '12345678')).sw, 0x9000);
    const publicKey = await generateOpenPgp(card, 0xb6, 0);
    assert.equal(publicKey.asymmetricKeyDetails.modulusLength, 2048);
    const readBack = await send(card, '0047810002b60000');
    assert.equal(
      pivPublicKey(tlvs(find(tlvs(readBack.data), 0x7f49)), 0).export({ format: 'jwk' }).n,
      publicKey.export({ format: 'jwk' }).n,
    );
    const message = Buffer.from('OpenPGP card signature');
    const digestInfo = Buffer.concat([SHA256_PREFIX, createHash('sha256').update(message).digest()]);
    const pso = Buffer.concat([
      Buffer.from([0, 0x2a, 0x9e, 0x9a, digestInfo.length]),
      digestInfo,
      Buffer.from([0]),
    ]);
    assert.equal((await send(card, pso)).sw, 0x6982, 'PW1 (81) first');
    assert.equal((await verifyPw(card, 0x81, '123456')).sw, 0x9000);
    for (let i = 1; i <= 2; i++) {
      const signed = await send(card, pso);
      assert.equal(signed.sw, 0x9000);
      assert.equal(verifySignature('sha256', message, publicKey, signed.data), true);
      assert.deepEqual(
        (await getData(card, 0x7a)).data,
        tlv(0x7a, tlv(0x93, Buffer.from([0, 0, i]))),
        'signature counter',
      );
    }
    // PW1 valid for one signature only once C4 says so.
    assert.equal((await putData(card, 0xc4, Buffer.from([0]))).sw, 0x9000);
    await verifyPw(card, 0x81, '123456');
    assert.equal((await send(card, pso)).sw, 0x9000);
    assert.equal((await send(card, pso)).sw, 0x6982);
    // Decryption key: PKCS#1 v1.5 encryption by node, PSO:DECIPHER by the card.
    const decryptKey = await generateOpenPgp(card, 0xb8, 0);
    const { publicEncrypt, constants } = await import('node:crypto');
    const secret = randomBytes(32);
    const cryptogram = publicEncrypt({ key: decryptKey, padding: constants.RSA_PKCS1_PADDING }, secret);
    await verifyPw(card, 0x82, '123456');
    const decipher = await sendChained(card, 0x2a, 0x80, 0x86, Buffer.concat([Buffer.from([0]), cryptogram]));
    assert.equal(decipher.sw, 0x9000);
    assert.deepEqual(decipher.data, secret);
  });

  for (const [curve, oid, hash] of [
    ['P-256', '2a8648ce3d030107', 'sha256'],
    ['P-384', '2b81040022', 'sha384'],
  ]) {
    it(`${curve}: ECDSA attributes, GENERATE, r||s signatures that node verifies, INTERNAL AUTHENTICATE, ECDH`, async () => {
      const card = new VirtualCard({ applications: ['openpgp'] });
      await selectOpenPgp(card);
      assert.equal((await putData(card, 0xc1, fromHex('13' + oid))).sw, 0x6982, 'PW3 first');
      await verifyPw(card, 0x83, '12345678');
      assert.equal((await putData(card, 0xc1, fromHex('13' + oid))).sw, 0x9000);
      assert.equal((await putData(card, 0xc3, fromHex('13' + oid + 'ff'))).sw, 0x9000);
      assert.equal((await putData(card, 0xc2, fromHex('12' + oid))).sw, 0x9000);
      assert.equal((await putData(card, 0xc1, fromHex('12' + oid))).sw, 0x6a80, 'ECDH is not for signing');
      const sig = await generateOpenPgp(card, 0xb6, 0);
      const aut = await generateOpenPgp(card, 0xa4, 0);
      const dec = await generateOpenPgp(card, 0xb8, 0);
      assert.equal(sig.asymmetricKeyDetails.namedCurve, curve === 'P-256' ? 'prime256v1' : 'secp384r1');
      await verifyPw(card, 0x81, '123456');
      await verifyPw(card, 0x82, '123456');
      const message = randomBytes(100);
      const digest = createHash(hash).update(message).digest();
      const signed = await send(
        card,
        Buffer.concat([Buffer.from([0, 0x2a, 0x9e, 0x9a, digest.length]), digest, Buffer.from([0])]),
      );
      assert.equal(signed.data.length, curve === 'P-256' ? 64 : 96, 'r || s');
      assert.equal(
        verifySignature(hash, message, { key: sig, dsaEncoding: 'ieee-p1363' }, signed.data),
        true,
      );
      const auth = await send(
        card,
        Buffer.concat([Buffer.from([0, 0x88, 0, 0, digest.length]), digest, Buffer.from([0])]),
      );
      assert.equal(verifySignature(hash, message, { key: aut, dsaEncoding: 'ieee-p1363' }, auth.data), true);
      const peer = createECDH(curve === 'P-256' ? 'prime256v1' : 'secp384r1');
      const template = tlv(0xa6, tlv(0x7f49, tlv(0x86, peer.generateKeys())));
      const shared = await send(
        card,
        Buffer.concat([Buffer.from([0, 0x2a, 0x80, 0x86, template.length]), template, Buffer.from([0])]),
      );
      const jwk = dec.export({ format: 'jwk' });
      const point = Buffer.concat([
        Buffer.from([4]),
        Buffer.from(jwk.x, 'base64url'),
        Buffer.from(jwk.y, 'base64url'),
      ]);
      assert.deepEqual(shared.data, peer.computeSecret(point));
      const info = tlvs(find(tlvs((await getData(card, 0x6e)).data), 0x6e));
      assert.deepEqual(
        find(tlvs(find(info, 0x73)), 0xde),
        Buffer.from([1, 1, 2, 1, 3, 1]),
        'key information: generated',
      );
    });
  }

  it('counts PW1 and PW3 tries, blocks at zero, and PW3 resets PW1; fingerprints and certificate round-trip', async () => {
    const card = new VirtualCard({ applications: ['openpgp'], openpgpPw1: '111111', openpgpPw3: '33333333' });
    await selectOpenPgp(card);
    assert.equal((await send(card, '0020008100')).sw, 0x63c3);
    assert.equal((await verifyPw(card, 0x81, '123456')).sw, 0x63c2);
    assert.equal((await verifyPw(card, 0x82, '123456')).sw, 0x63c1, 'one counter for 81 and 82');
    assert.equal((await verifyPw(card, 0x82, '123456')).sw, 0x6983);
    assert.equal((await verifyPw(card, 0x81, '111111')).sw, 0x6983, 'blocked');
    assert.deepEqual([...(await getData(card, 0xc4)).data.subarray(4)], [0, 0, 3]);
    await verifyPw(card, 0x83, '33333333');
    assert.equal(
      (await send(card, Buffer.concat([fromHex('002c028106'), Buffer.from('222222')]))).sw,
      0x9000,
    );
    assert.equal((await verifyPw(card, 0x81, '222222')).sw, 0x9000);
    assert.equal(
      (await send(card, Buffer.concat([fromHex('002400810c'), Buffer.from('222222444444')]))).sw,
      0x9000,
    );
    assert.equal((await verifyPw(card, 0x82, '444444')).sw, 0x9000);
    const fingerprint = randomBytes(20);
    assert.equal((await putData(card, 0xc8, fingerprint)).sw, 0x9000);
    assert.deepEqual((await getData(card, 0xc5)).data.subarray(20, 40), fingerprint);
    const certificate = randomBytes(600);
    assert.equal((await sendChained(card, 0xda, 0x7f, 0x21, certificate)).sw, 0x9000);
    assert.deepEqual((await getData(card, 0x7f21)).data, certificate);
    assert.equal((await send(card, '00a501040660045c027f21')).sw, 0x9000, 'SELECT DATA occurrence 1');
    assert.equal((await getData(card, 0x7f21)).data.length, 0);
    card.reset();
    await selectOpenPgp(card);
    assert.equal((await send(card, '0020008300')).sw, 0x63c3, 'reset forgets PW3');
  });
});

// ------------------------------------------------------------------------------ 2. real clients via pcscd

const PKCS11_MODULE = BINARIES.openscPkcs11.paths[0];

function run(command, args, { env, input, allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { cwd: work, env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const result = { code: error ? (error.code ?? 1) : 0, stdout, stderr, output: `${stdout}${stderr}` };
        if (error && !allowFailure)
          reject(new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.output}`));
        else resolve(result);
      },
    );
    if (input !== undefined) child.stdin.end(input);
  });
}

const piv = (...args) => run('yubico-piv-tool', ['-r', 'Virtual', ...args]);
const pkcs11 = (...args) => run('pkcs11-tool', ['--module', PKCS11_MODULE, ...args]);

function freePortPair() {
  // vpcd listens on CHANNELID and CHANNELID + 1 (two readers per entry).
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => {
        if (port >= 65535) return resolve(freePortPair());
        const probe = createServer();
        probe.once('error', () => resolve(freePortPair()));
        probe.listen(port + 1, '127.0.0.1', () => probe.close(() => resolve(port)));
      });
    });
  });
}

function runningPcscd() {
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'pcscd') return Number(pid);
    } catch {
      // the process ended while we looked
    }
  }
  return undefined;
}

async function waitFor(check, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pem = (text, label) => {
  const match = new RegExp(`-----BEGIN ${label}-----[^-]+-----END ${label}-----\\n?`).exec(text);
  assert.ok(match, `no ${label} in:\n${text}`);
  return match[0];
};

describe('virtual card through pcscd + vsmartcard-vpcd with yubico-piv-tool, OpenSC and OpenSSL', () => {
  let pcscd;
  let pcscdExit;
  let connection;
  let openpgpConnection;
  const log = join(work, 'pcscd.log');
  const startedAt = Date.now();

  before(async () => {
    const missing = SMARTCARD_BINARY_IDS.concat('openssl').filter((id) => !findBinary(id));
    if (missing.length) {
      const packages = [...new Set(missing.map((id) => BINARIES[id].pkg))];
      throw new Error(
        `missing ${missing.map((id) => BINARIES[id].paths[0]).join(', ')}; install with:\n` +
          `  apt-get install -y ${packages.join(' ')}  (or run bash .ci/run / npm test as root)`,
      );
    }
    const other = runningPcscd();
    if (other)
      throw new Error(`another pcscd (PID ${other}) is running; only one can run per machine, stop it first`);
    const port = await freePortPair();
    const config = join(work, 'reader.conf.d');
    mkdirSync(config, { recursive: true });
    const channel = `0x${port.toString(16).toUpperCase()}`;
    writeFileSync(
      join(config, 'vpcd'),
      [
        'FRIENDLYNAME "Yubico YubiKey Virtual"',
        `DEVICENAME   /dev/null:${channel}`,
        `LIBPATH      ${BINARIES.vpcd.paths[0]}`,
        `CHANNELID    ${channel}`,
        '',
      ].join('\n'),
    );
    // vpcd 0.8 writes length and payload separately: without TCP_NODELAY on pcscd's side every APDU waits
    // for a delayed ACK (~44 ms). A tiny accept() wrapper fixes that when gcc is available.
    const env = { ...process.env };
    const shimSource = join(work, 'nodelay.c');
    writeFileSync(
      shimSource,
      `#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
static void nodelay(int s) { int one = 1; if (s >= 0) setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); }
int accept(int fd, struct sockaddr *a, socklen_t *l) {
  int (*real)(int, struct sockaddr *, socklen_t *) = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "accept");
  int s = real(fd, a, l); nodelay(s); return s;
}
int accept4(int fd, struct sockaddr *a, socklen_t *l, int f) {
  int (*real)(int, struct sockaddr *, socklen_t *, int) = (int (*)(int, struct sockaddr *, socklen_t *, int))dlsym(RTLD_NEXT, "accept4");
  int s = real(fd, a, l, f); nodelay(s); return s;
}
`,
    );
    const shim = join(work, 'nodelay.so');
    const gcc = await run('gcc', ['-shared', '-fPIC', '-O2', '-o', shim, shimSource, '-ldl'], {
      allowFailure: true,
    }).catch(() => ({ code: 127 }));
    if (gcc.code === 0) env.LD_PRELOAD = shim;
    else console.log('# gcc not available: pcscd runs without the TCP_NODELAY shim (slower)');
    const out = openSync(log, 'w');
    pcscd = spawn(BINARIES.pcscd.paths[0], ['--foreground', '--debug', '--apdu', '-c', config], {
      env,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    pcscdExit = new Promise((resolve) => pcscd.once('exit', resolve));
    pcscd.once('exit', (code, signal) => {
      pcscd.exited = true;
      if (!pcscd.stopping)
        console.log(
          `# pcscd exited early (${code ?? signal}); log:\n${readFileSync(log, 'utf8').slice(-3000)}`,
        );
    });
    const card = new VirtualCard();
    connection = await connectVpcd(card, { port, retryMs: 10_000 });
    // The second reader of the vpcd entry gets an OpenPGP-only card (OpenSC would pick PIV on a combined one).
    openpgpConnection = await connectVpcd(new VirtualCard({ applications: ['openpgp'] }), {
      port: port + 1,
      retryMs: 10_000,
    });
    await waitFor(
      async () => (await piv('-a', 'version').catch(() => ({ code: 1 }))).code === 0,
      'the reader to see the card',
    );
    console.log(`# pcscd PID ${pcscd.pid}, vpcd port ${port}, ready in ${Date.now() - startedAt} ms`);
  });

  after(async () => {
    await connection?.close();
    await openpgpConnection?.close();
    if (pcscd && !pcscd.exited) {
      pcscd.stopping = true;
      pcscd.kill('SIGTERM');
      const timer = setTimeout(() => pcscd.kill('SIGKILL'), 5000);
      await pcscdExit;
      clearTimeout(timer);
    }
    console.log(`# real-client section took ${Date.now() - startedAt} ms`);
  });

  it('yubico-piv-tool status, verify-pin, wrong PIN counts down', async () => {
    const status = await piv('-a', 'status');
    assert.match(status.output, /Version:\s+5\.4\.3/);
    assert.match(status.output, /Serial Number:\s+12345678/);
    assert.match(status.output, /PIN tries left:\s+3/);
    assert.match((await piv('-a', 'verify-pin', '-P', '123456')).output, /Successfully verified PIN/);
    const wrong = await run('yubico-piv-tool', ['-r', 'Virtual', '-a', 'verify-pin', '-P', '999999'], {
      allowFailure: true,
    });
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.output, /2 tries left/);
    assert.match((await piv('-a', 'status')).output, /PIN tries left:\s+2/);
    await piv('-a', 'verify-pin', '-P', '123456');
    assert.match((await piv('-a', 'status')).output, /PIN tries left:\s+3/);
  });

  const publicKeys = {};

  for (const [slot, algorithm, check] of [
    ['9a', 'ECCP256', /NIST CURVE: P-256/],
    ['9c', 'RSA2048', /Public-Key: \(2048 bit\)/],
    ['9d', 'ECCP384', /NIST CURVE: P-384/],
  ]) {
    it(`yubico-piv-tool generate -s ${slot} -A ${algorithm}; openssl reads the public key`, async () => {
      const result = await piv('-a', 'generate', '-s', slot, '-A', algorithm);
      assert.match(result.output, /Successfully generated a new private key/);
      publicKeys[slot] = pem(result.stdout, 'PUBLIC KEY');
      writeFileSync(join(work, `pub-${slot}.pem`), publicKeys[slot]);
      assert.match(
        (await run('openssl', ['pkey', '-pubin', '-in', `pub-${slot}.pem`, '-noout', '-text'])).output,
        check,
      );
    });
  }

  it('yubico-piv-tool import-certificate, read-certificate, test-signature (the card signs, the tool verifies)', async () => {
    // A CA-issued certificate for each card key (openssl x509 -force_pubkey), as a CA would return it.
    await run('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
    await run('openssl', [
      'req',
      '-new',
      '-x509',
      '-key',
      'ca.key',
      '-subj',
      '/CN=Test CA',
      '-days',
      '30',
      '-out',
      'ca.pem',
    ]);
    await run('openssl', [
      'req',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=token user',
      '-out',
      'template.csr',
    ]);
    for (const [slot, hash] of [
      ['9a', 'SHA256'],
      ['9c', 'SHA256'],
      ['9d', 'SHA384'],
    ]) {
      await run('openssl', [
        'x509',
        '-req',
        '-in',
        'template.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-force_pubkey',
        `pub-${slot}.pem`,
        '-days',
        '30',
        '-out',
        `cert-${slot}.pem`,
      ]);
      assert.match(
        (await piv('-a', 'import-certificate', '-s', slot, '-i', `cert-${slot}.pem`)).output,
        /Successfully imported/,
      );
      const read = await piv('-a', 'read-certificate', '-s', slot);
      const der = async (file) => (
        await run('openssl', ['x509', '-in', file, '-outform', 'DER', '-out', `${file}.der`]),
        readFileSync(join(work, `${file}.der`))
      );
      writeFileSync(join(work, `read-${slot}.pem`), pem(read.stdout, 'CERTIFICATE'));
      assert.deepEqual(await der(`read-${slot}.pem`), await der(`cert-${slot}.pem`));
      const test = await piv(
        '-a',
        'verify-pin',
        '-P',
        '123456',
        '-a',
        'test-signature',
        '-s',
        slot,
        '-H',
        hash,
        '-i',
        `cert-${slot}.pem`,
      );
      assert.match(test.output, /Successful (ECDSA|RSA) verification/);
    }
    const status = await piv('-a', 'status');
    assert.match(status.output, /Slot 9a:\s+Algorithm:\s+ECCP256\s+Subject DN:\s+CN=token user/);
    assert.match(status.output, /Slot 9c:\s+Algorithm:\s+RSA2048/);
    assert.match(status.output, /Slot 9d:\s+Algorithm:\s+ECCP384/);
  });

  it('yubico-piv-tool set-chuid, set-ccc, change-pin and change-puk', async () => {
    await piv('-a', 'set-chuid', '-a', 'set-ccc');
    const status = await piv('-a', 'status');
    assert.match(
      status.output,
      /CHUID:\s+3019d4e739da739ced39ce739d836858210842108421c84210c3eb3410[0-9a-f]{32}3508[0-9a-f]+fe00\n/,
    );
    assert.match(
      status.output,
      /CCC:\s+f015a000000116ff02[0-9a-f]{28}f10121f20121f300f40100f50110f600f700fa00fb00fc00fd00fe00/,
    );
    assert.match(
      (await piv('-a', 'change-pin', '-P', '123456', '-N', '87654321')).output,
      /Successfully changed the pin code/,
    );
    assert.match((await piv('-a', 'verify-pin', '-P', '87654321')).output, /Successfully verified PIN/);
    await piv('-a', 'change-pin', '-P', '87654321', '-N', '123456');
    assert.match(
      (await piv('-a', 'change-puk', '-P', '12345678', '-N', '11223344')).output,
      /Successfully changed the puk code/,
    );
    await piv('-a', 'change-puk', '-P', '11223344', '-N', '12345678');
  });

  it('OpenSC pkcs15-tool --list-keys sees the three keys', async () => {
    const keys = await run('pkcs15-tool', ['--list-keys']);
    assert.match(
      keys.output,
      /Private EC Key \[PIV AUTH key\][\s\S]*?FieldLength\s+: 256[\s\S]*?Key ref\s+: 154 \(0x9A\)/,
    );
    assert.match(
      keys.output,
      /Private RSA Key \[SIGN key\][\s\S]*?ModLength\s+: 2048[\s\S]*?Key ref\s+: 156 \(0x9C\)/,
    );
    assert.match(keys.output, /Private EC Key \[KEY MAN key\][\s\S]*?FieldLength\s+: 384/);
  });

  it('OpenSC pkcs11-tool --sign (ECDSA P-256 and RSA PKCS#1 with the PIN-always key) verifies with openssl', async () => {
    writeFileSync(join(work, 'data.txt'), 'signed through PKCS#11 on the virtual card\n');
    await run('openssl', ['dgst', '-sha256', '-binary', '-out', 'data.sha256', 'data.txt']);
    await pkcs11(
      '--login',
      '--pin',
      '123456',
      '--sign',
      '-m',
      'ECDSA',
      '--id',
      '01',
      '-i',
      'data.sha256',
      '-o',
      'ec.sig',
      '--signature-format',
      'openssl',
    );
    await pkcs11('--read-object', '--type', 'pubkey', '--id', '01', '-o', 'pub01.der');
    await run('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', 'pub01.der', '-out', 'pub01.pem']);
    assert.equal(readFileSync(join(work, 'pub01.pem'), 'utf8'), publicKeys['9a']);
    const ec = await run('openssl', [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'pub01.pem',
      '-in',
      'data.sha256',
      '-sigfile',
      'ec.sig',
    ]);
    assert.match(ec.output, /Signature Verified Successfully/);
    await pkcs11(
      '--login',
      '--pin',
      '123456',
      '--sign',
      '-m',
      'SHA256-RSA-PKCS',
      '--id',
      '02',
      '-i',
      'data.txt',
      '-o',
      'rsa.sig',
    );
    const rsa = await run('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      'pub-9c.pem',
      '-signature',
      'rsa.sig',
      'data.txt',
    ]);
    assert.match(rsa.output, /Verified OK/);
  });

  it('OpenSSL (pkcs11 engine over OpenSC) makes a CSR and a self-signed certificate on the card; openssl verifies them', async () => {
    writeFileSync(
      join(work, 'engine.cnf'),
      [
        'openssl_conf = openssl_init',
        '[openssl_init]',
        'engines = engine_section',
        '[engine_section]',
        'pkcs11 = pkcs11_section',
        '[pkcs11_section]',
        'engine_id = pkcs11',
        `dynamic_path = ${BINARIES.pkcs11Engine.paths[0]}`,
        `MODULE_PATH = ${PKCS11_MODULE}`,
        'init = 0',
        '[req]',
        'distinguished_name = dn',
        '[dn]',
        '',
      ].join('\n'),
    );
    const env = { OPENSSL_CONF: join(work, 'engine.cnf') };
    const key = [
      '-engine',
      'pkcs11',
      '-keyform',
      'engine',
      '-key',
      'pkcs11:manufacturer=piv_II;id=%01;type=private;pin-value=123456',
    ];
    await run(
      'openssl',
      ['req', '-new', ...key, '-subj', '/CN=www.example.jp/O=しるし', '-utf8', '-sha256', '-out', 'card.csr'],
      { env },
    );
    const csr = await run('openssl', ['req', '-in', 'card.csr', '-verify', '-noout', '-text']);
    assert.match(csr.output, /self-signature verify OK|verify OK/);
    assert.match(csr.output, /NIST CURVE: P-256/);
    await run(
      'openssl',
      [
        'req',
        '-new',
        '-x509',
        '-days',
        '30',
        ...key,
        '-subj',
        '/CN=self signed on card',
        '-sha256',
        '-out',
        'self.pem',
      ],
      { env },
    );
    assert.match(
      (await run('openssl', ['verify', '-CAfile', 'self.pem', 'self.pem'])).output,
      /self\.pem: OK/,
    );
    const text = await run('openssl', ['x509', '-in', 'self.pem', '-noout', '-text']);
    assert.match(text.output, /Signature Algorithm: ecdsa-with-SHA256/);
    // The self-signed certificate goes back to the card and is read back unchanged.
    await piv('-a', 'import-certificate', '-s', '9a', '-i', 'self.pem');
    const back = pem((await piv('-a', 'read-certificate', '-s', '9a')).stdout, 'CERTIFICATE');
    assert.equal(back, readFileSync(join(work, 'self.pem'), 'utf8'));
  });

  // yubico-piv-tool 2.2.0 with OpenSSL 3 (Debian 12) cannot sign certificates or requests with any card: its
  // EC_KEY / RSA method is bypassed and signing fails in the client before an APDU is sent
  // (Yubico/yubico-piv-tool#388). The same certificate and CSR are made through OpenSSL's pkcs11 engine above.
  // This pins that diagnosis: when a fixed client arrives, the test fails and the real run can come back.
  it('yubico-piv-tool selfsign-certificate fails in the client (yubico-piv-tool#388), not on the card', async () => {
    const selfsign = await run(
      'yubico-piv-tool',
      ['-r', 'Virtual', '-a', 'verify-pin', '-P', '123456', '-a', 'selfsign-certificate', '-s', '9a'].concat([
        '-S',
        '/CN=test/',
        '-i',
        'pub-9a.pem',
      ]),
      { allowFailure: true },
    );
    assert.notEqual(selfsign.code, 0, selfsign.output);
    // The card answered the PIN; the failure is the client's signing step.
    assert.match(selfsign.output, /Successfully verified PIN/);
    assert.match(selfsign.output, /Failed signing certificate/);
  });

  it('OpenSC openpgp-tool reads the OpenPGP card, generates an RSA key; pkcs11-tool signs, openssl verifies', async () => {
    // vpcd does not report extended-APDU support, so OpenSC would cap responses at 256 bytes and cut the
    // 270-byte RSA public key; a reader with extended APDUs is what the card's 7F66 announces.
    writeFileSync(
      join(work, 'opensc.conf'),
      'app default {\n  reader_driver pcsc {\n    max_send_size = 65535;\n    max_recv_size = 65536;\n  }\n}\n',
    );
    const env = { OPENSC_CONF: join(work, 'opensc.conf') };
    const info = await run('openpgp-tool', ['-r', '1', '-C', '-K'], { env });
    assert.match(info.output, /AID:\s+d2:76:00:01:24:01:03:04:ff:fe:00:bc:61:4e:00:00/);
    assert.match(info.output, /Version:\s+3\.4/);
    assert.match(info.output, /Sig Algorithm:\s+RSA2048/);
    const generated = await run(
      'openpgp-tool',
      ['-r', '1', '--verify', 'CHV3', '--pin', '12345678', '--gen-key', '1', '--key-type', 'rsa2048'],
      { env },
    );
    assert.doesNotMatch(generated.output, /Fingerprint:\s+0{32} 0{8}/);
    assert.match(generated.output, /Fingerprint:\s+[0-9A-F]{32} [0-9A-F]{8}/);
    const token = ['--module', PKCS11_MODULE, '--token-label', 'OpenPGP card (User PIN (sig))'];
    await run(
      'pkcs11-tool',
      [
        ...token,
        '--login',
        '--pin',
        '123456',
        '--sign',
        '-m',
        'SHA256-RSA-PKCS',
        '--id',
        '01',
        '-i',
        'data.txt',
        '-o',
        'pgp.sig',
      ],
      { env },
    );
    await run(
      'pkcs11-tool',
      [...token, '--read-object', '--type', 'pubkey', '--id', '01', '-o', 'pgp01.der'],
      { env },
    );
    await run('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', 'pgp01.der', '-out', 'pgp01.pem']);
    const verified = await run('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      'pgp01.pem',
      '-signature',
      'pgp.sig',
      'data.txt',
    ]);
    assert.match(verified.output, /Verified OK/);
    const wrong = await run('openpgp-tool', ['-r', '1', '--verify', 'CHV1', '--pin', '999999'], {
      env,
      allowFailure: true,
    });
    assert.notEqual(wrong.code, 0);
  });

  it('three wrong PINs block the card for yubico-piv-tool and OpenSC', async () => {
    for (const left of [2, 1, 0]) {
      const wrong = await run('yubico-piv-tool', ['-r', 'Virtual', '-a', 'verify-pin', '-P', '000000'], {
        allowFailure: true,
      });
      assert.notEqual(wrong.code, 0);
      if (left > 0) assert.match(wrong.output, new RegExp(`${left} tries left`));
    }
    const blocked = await run('yubico-piv-tool', ['-r', 'Virtual', '-a', 'verify-pin', '-P', '123456'], {
      allowFailure: true,
    });
    assert.notEqual(blocked.code, 0);
    assert.match(blocked.output, /blocked/i);
    assert.match((await piv('-a', 'status')).output, /PIN tries left:\s+0/);
    const login = await run(
      'pkcs11-tool',
      ['--module', PKCS11_MODULE, '--login', '--pin', '123456', '--list-objects'],
      { allowFailure: true },
    );
    assert.match(login.output, /CKR_PIN_LOCKED/);
    assert.match(
      (await piv('-a', 'unblock-pin', '-P', '12345678', '-N', '123456')).output,
      /Successfully unblocked the pin code/,
    );
    assert.match((await piv('-a', 'verify-pin', '-P', '123456')).output, /Successfully verified PIN/);
  });
});
