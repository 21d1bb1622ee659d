// Name constraints in verifyChain (RFC 5280 section 4.2.1.10), on certificates made by openssl.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyChain } from 'shirushi';
import { runOpenssl } from '../fixtures/openssl.mjs';

async function openssl(dir, ...args) {
  const result = await runOpenssl(args, { cwd: dir });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

describe('name constraints', () => {
  let dir;
  let root;
  let constrained;

  /** A leaf under the constrained CA with these subjectAltName entries. */
  async function leaf(name, san, subject = '/CN=leaf') {
    await writeFile(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=critical,CA:false\n`);
    await openssl(dir, 'req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    await openssl(
      dir,
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-set_serial',
      '0x1234',
      '-days',
      '30',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
    return readFile(join(dir, `${name}.pem`), 'utf8');
  }

  const check = (pem) =>
    verifyChain({ leaf: pem, intermediates: [constrained], trustAnchors: [root], revocation: 'off' });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shirushi-nc-'));
    await openssl(
      dir,
      'req',
      '-x509',
      ...EC,
      '-keyout',
      'root.key',
      '-out',
      'root.pem',
      '-subj',
      '/CN=NC Root',
      '-days',
      '30',
      '-addext',
      'basicConstraints=critical,CA:true',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    await writeFile(
      join(dir, 'ca.ext'),
      [
        'basicConstraints=critical,CA:true',
        'keyUsage=critical,keyCertSign,cRLSign',
        'nameConstraints=critical,permitted;DNS:example.jp,permitted;IP:192.0.2.0/255.255.255.0,excluded;DNS:secret.example.jp,permitted;dirName:dir_sect',
        '[dir_sect]',
        'O=Shirushi',
        '',
      ].join('\n'),
    );
    await openssl(dir, 'req', ...EC, '-keyout', 'ca.key', '-out', 'ca.csr', '-subj', '/O=Shirushi/CN=NC CA');
    await openssl(
      dir,
      'x509',
      '-req',
      '-in',
      'ca.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-set_serial',
      '2',
      '-days',
      '30',
      '-extfile',
      'ca.ext',
      '-out',
      'ca.pem',
    );
    root = await readFile(join(dir, 'root.pem'), 'utf8');
    constrained = await readFile(join(dir, 'ca.pem'), 'utf8');
  });

  after(() => rm(dir, { recursive: true, force: true }));

  it('accepts names inside every permitted subtree', async () => {
    const pem = await leaf(
      'inside',
      'DNS:www.example.jp,DNS:example.jp,IP:192.0.2.10',
      '/O=Shirushi/CN=www.example.jp',
    );
    const result = await check(pem);
    assert.deepEqual(result.problems, []);
    assert.equal(result.valid, true);
  });

  for (const [name, san, subject, bad] of [
    ['other-domain', 'DNS:www.example.com', '/O=Shirushi/CN=x', 'www.example.com'],
    ['suffix-trick', 'DNS:evilexample.jp', '/O=Shirushi/CN=x', 'evilexample.jp'],
    ['excluded', 'DNS:a.secret.example.jp', '/O=Shirushi/CN=x', 'a.secret.example.jp'],
    ['other-ip', 'IP:198.51.100.1', '/O=Shirushi/CN=x', 'c63364'],
    ['other-organization', 'DNS:www.example.jp', '/O=Other/CN=x', 'Other'],
  ]) {
    it(`refuses ${name}`, async () => {
      const result = await check(await leaf(name, san, subject));
      assert.equal(result.valid, false);
      const problem = result.problems.find((item) => item.code === 'chain/name-constraints');
      assert.ok(problem, JSON.stringify(result.problems));
      assert.equal(problem.certificateIndex, 0);
      assert.ok(
        String(problem.params.name).includes(bad) || name === 'other-organization',
        problem.message.en,
      );
    });
  }
});
