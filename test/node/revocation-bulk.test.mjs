// Many certificates against one large CRL in node: the first lookup is the structural pass, later ones a
// plain pass and then the hash index. Every path must give the same answers as a fresh check of each one.
import assert from 'node:assert/strict';
import { createSign, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkRevocation, parseCrl } from 'shirushi';
import { runOpenssl } from '../fixtures/openssl.mjs';

const ENTRIES = 20_000;

function length(n) {
  if (n < 0x80) return Buffer.from([n]);
  const bytes = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag, ...parts) => {
  const content = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
};

async function openssl(dir, ...args) {
  const result = await runOpenssl(args, { cwd: dir });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

describe('bulk revocation checks against one CRL', () => {
  let dir;
  const leaves = [];
  let issuer;
  let crl;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shirushi-bulk-'));
    await openssl(
      dir,
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-subj',
      '/O=Bulk/CN=Bulk CA',
      '-days',
      '30',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'basicConstraints=critical,CA:true',
    );
    await openssl(
      dir,
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'leaf.key',
      '-out',
      'leaf.csr',
      '-subj',
      '/CN=leaf',
    );
    issuer = await readFile(join(dir, 'ca.pem'), 'utf8');
    // Six leaves: four listed in the CRL (two with a reason code), two not.
    for (let i = 0; i < 6; i++) {
      const serial = `0${i + 1}${randomBytes(17).toString('hex')}`;
      await openssl(
        dir,
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-set_serial',
        `0x${serial}`,
        '-days',
        '10',
        '-out',
        `leaf${i}.pem`,
      );
      leaves.push({
        pem: await readFile(join(dir, `leaf${i}.pem`), 'utf8'),
        serial,
        listed: i < 4,
        reason: i < 2 ? 1 : undefined,
      });
    }
    const subject = await openssl(dir, 'x509', '-in', 'ca.pem', '-noout', '-subject', '-nameopt', 'RFC2253');
    assert.match(subject.toString(), /CN=Bulk CA,O=Bulk/);
    const name = tlv(
      0x30,
      tlv(0x31, tlv(0x30, tlv(0x06, Buffer.from([0x55, 4, 10])), tlv(0x0c, Buffer.from('Bulk')))),
      tlv(0x31, tlv(0x30, tlv(0x06, Buffer.from([0x55, 4, 3])), tlv(0x0c, Buffer.from('Bulk CA')))),
    );
    const algorithm = tlv(0x30, tlv(0x06, Buffer.from('2a8648ce3d040302', 'hex')));
    const utc = (text) => tlv(0x17, Buffer.from(text));
    const reasonExtension = (code) =>
      tlv(
        0x30,
        tlv(0x30, tlv(0x06, Buffer.from([0x55, 0x1d, 0x15])), tlv(0x04, tlv(0x0a, Buffer.from([code])))),
      );
    const listed = leaves.filter((leaf) => leaf.listed);
    const entries = [];
    for (let i = 0; i < ENTRIES; i++) {
      const leaf = listed[Math.floor(i / (ENTRIES / listed.length))];
      const spot = i % (ENTRIES / listed.length) === 1234;
      const serial = spot
        ? Buffer.from(leaf.serial, 'hex')
        : Buffer.concat([Buffer.from([0x7f]), randomBytes(17)]);
      const reason = spot ? leaf.reason : i % 2 ? 4 : undefined;
      entries.push(
        tlv(0x30, tlv(0x02, serial), utc('250101000000Z'), ...(reason ? [reasonExtension(reason)] : [])),
      );
    }
    const body = Buffer.concat(entries);
    const list = Buffer.concat([Buffer.from([0x30]), length(body.length), body]);
    const number = tlv(
      0xa0,
      tlv(
        0x30,
        tlv(0x30, tlv(0x06, Buffer.from([0x55, 0x1d, 0x14])), tlv(0x04, tlv(0x02, Buffer.from([7])))),
      ),
    );
    const now = new Date();
    const stamp = (date) => date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
    const tbs = tlv(
      0x30,
      tlv(0x02, Buffer.from([1])),
      algorithm,
      name,
      utc(stamp(now)),
      utc(stamp(new Date(now.getTime() + 86_400_000))),
      list,
      number,
    );
    const signature = createSign('sha256')
      .update(tbs)
      .sign(await readFile(join(dir, 'ca.key')));
    crl = new Uint8Array(tlv(0x30, tbs, algorithm, tlv(0x03, Buffer.from([0]), signature)));
    await writeFile(join(dir, 'bulk.crl'), crl);
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('is accepted by openssl crl -verify, so the test CRL itself is sound', async () => {
    const result = await runOpenssl(
      ['crl', '-inform', 'DER', '-in', 'bulk.crl', '-CAfile', 'ca.pem', '-noout', '-verify'],
      { cwd: dir },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(parseCrl(crl).number, 7n);
  });

  it('gives the same status on every lookup path (structural pass, plain pass, hash index)', async () => {
    const expected = (leaf) => (leaf.listed ? 'revoked' : 'good');
    // Three rounds over the same Uint8Array cover more than INDEX_AFTER_LOOKUPS lookups.
    for (let round = 0; round < 3; round++) {
      for (const leaf of round === 1 ? [...leaves].reverse() : leaves) {
        const result = await checkRevocation({ certificate: leaf.pem, issuer, crls: [crl] });
        assert.equal(result.status, expected(leaf), `round ${round}, serial ${leaf.serial}`);
        if (leaf.listed) assert.equal(result.reason, leaf.reason === 1 ? 'keyCompromise' : 'unspecified');
        assert.equal(result.crl?.number, '7');
      }
    }
    // And a fresh copy (nothing remembered) agrees for each certificate.
    for (const leaf of leaves) {
      const result = await checkRevocation({ certificate: leaf.pem, issuer, crls: [crl.slice()] });
      assert.equal(result.status, expected(leaf));
    }
  });

  it('refuses the CRL once one byte of its revoked list changes', async () => {
    const tampered = crl.slice();
    tampered[tampered.length - 200] ^= 1;
    const result = await checkRevocation({ certificate: leaves[0].pem, issuer, crls: [tampered] });
    assert.equal(result.status, 'unknown');
    assert.ok(result.problems.some((problem) => problem.code === 'revocation/crl-bad-signature'));
  });
});
