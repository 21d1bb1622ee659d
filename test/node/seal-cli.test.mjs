// The seal registry CLI (bin/shirushi.mjs) against a small PKI made by openssl at test time: records,
// the embed snippet, `seal status` with CRLs from a mirror directory and a mirror URL template (and the
// CRL copies it writes under crls/), and `seal site` copying the built provider site (dist/provider/,
// so run `npm run build` first).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { embedSnippet, escapeHtml } from 'shirushi';
import { openssl } from '../fixtures/openssl.mjs';

const CLI = fileURLToPath(new URL('../../bin/shirushi.mjs', import.meta.url));
const PROVIDER_DIR = fileURLToPath(new URL('../../dist/provider/', import.meta.url));
const sha384 = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
/** Every file below `dir`, as sorted relative paths. */
async function filesBelow(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(dir.length + 1))
    .sort();
}
const CRL_URL = 'http://crl.seal-test.invalid/int.crl';
const ROOT_CRL_URL = 'http://crl.seal-test.invalid/root.crl';
const ID_PATTERN = /^[0-9a-f]{64}$/;

/** Runs the CLI; resolves with exit code and output, never rejects on a non-zero exit. */
function cli(args, { env } = {}) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '', ...env } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const CA_CONFIG = `[ ca ]
default_ca = int_ca
[ int_ca ]
dir = .
database = index.txt
new_certs_dir = issued
certificate = int.pem
private_key = int.key
serial = serial
crlnumber = crlnumber
default_md = sha256
default_days = 30
default_crl_days = 7
unique_subject = no
policy = policy_any
copy_extensions = none
[ policy_any ]
organizationName = optional
commonName = supplied
`;

// The root's CRL covers the intermediate, which names it: `seal status` checks it as the page does.
const ROOT_CA_CONFIG = `[ ca ]
default_ca = root_ca
[ root_ca ]
dir = .
database = root-index.txt
certificate = root.pem
private_key = root.key
crlnumber = root-crlnumber
default_md = sha256
default_crl_days = 7
`;

describe('shirushi seal (CLI)', () => {
  let dir;
  let out;
  let leafPem;
  let fingerprint;
  let mirrorGood;
  let mirrorRevoked;
  let mirrorCaRevoked;
  let mirrorEmpty;
  let server;
  let serverCrl;

  const run = (...args) => openssl(args, { cwd: dir });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shirushi-seal-'));
    out = join(dir, 'site');
    await mkdir(join(dir, 'issued'));
    await writeFile(join(dir, 'index.txt'), '');
    await writeFile(join(dir, 'serial'), '1000\n');
    await writeFile(join(dir, 'crlnumber'), '01\n');
    await writeFile(join(dir, 'ca.cnf'), CA_CONFIG);
    await writeFile(join(dir, 'root-index.txt'), '');
    await writeFile(join(dir, 'root-crlnumber'), '01\n');
    await writeFile(join(dir, 'root.cnf'), ROOT_CA_CONFIG);
    await writeFile(
      join(dir, 'int.ext'),
      `basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n` +
        `subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncrlDistributionPoints=URI:${ROOT_CRL_URL}\n`,
    );
    await writeFile(
      join(dir, 'leaf.ext'),
      `basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n` +
        `subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncertificatePolicies=2.23.140.1.2.2\n` +
        `subjectAltName=DNS:shop.seal-test.example,DNS:www.shop.seal-test.example,IP:192.0.2.10\n` +
        `crlDistributionPoints=URI:${CRL_URL}\n`,
    );
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    await run(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'root.key',
      '-out',
      'root.pem',
      '-days',
      '60',
      '-subj',
      '/O=Seal Test/CN=Seal Test Root',
      '-addext',
      'basicConstraints=critical,CA:true',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
    await run('req', ...ec, '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/O=Seal Test/CN=Seal Test CA');
    await run(
      'x509',
      '-req',
      '-in',
      'int.csr',
      '-CA',
      'root.pem',
      '-CAkey',
      'root.key',
      '-set_serial',
      '0x5ea1',
      '-days',
      '50',
      '-extfile',
      'int.ext',
      '-out',
      'int.pem',
    );
    await run(
      'req',
      ...ec,
      '-keyout',
      'leaf.key',
      '-out',
      'leaf.csr',
      '-subj',
      '/O=Shop <b>&amp; "Co"/CN=shop.seal-test.example',
    );
    await run(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-in',
      'leaf.csr',
      '-out',
      'leaf.pem',
      '-extfile',
      'leaf.ext',
      '-notext',
    );
    await writeFile(
      join(dir, 'chain.pem'),
      (await readFile(join(dir, 'int.pem'), 'utf8')) + (await readFile(join(dir, 'root.pem'), 'utf8')),
    );
    leafPem = await readFile(join(dir, 'leaf.pem'), 'utf8');
    const printed = (await run('x509', '-in', 'leaf.pem', '-noout', '-fingerprint', '-sha256')).toString();
    fingerprint = printed.split('=')[1].trim().replaceAll(':', '').toLowerCase();

    await run('ca', '-batch', '-config', 'ca.cnf', '-gencrl', '-out', 'good.crl.pem');
    await run('ca', '-batch', '-config', 'ca.cnf', '-revoke', 'leaf.pem', '-crl_reason', 'keyCompromise');
    await run('ca', '-batch', '-config', 'ca.cnf', '-gencrl', '-out', 'revoked.crl.pem');
    await run('ca', '-batch', '-config', 'root.cnf', '-gencrl', '-out', 'root-good.crl.pem');
    await run('ca', '-batch', '-config', 'root.cnf', '-revoke', 'int.pem', '-crl_reason', 'cACompromise');
    await run('ca', '-batch', '-config', 'root.cnf', '-gencrl', '-out', 'root-revoked.crl.pem');
    const mirror = async (name, crl, rootCrl = 'root-good.crl.pem') => {
      const path = join(dir, name);
      await mkdir(path);
      if (crl) {
        await run('crl', '-in', crl, '-outform', 'DER', '-out', join(path, encodeURIComponent(CRL_URL)));
        await run(
          'crl',
          '-in',
          rootCrl,
          '-outform',
          'DER',
          '-out',
          join(path, encodeURIComponent(ROOT_CRL_URL)),
        );
      }
      return path;
    };
    mirrorGood = await mirror('mirror-good', 'good.crl.pem');
    mirrorRevoked = await mirror('mirror-revoked', 'revoked.crl.pem');
    mirrorCaRevoked = await mirror('mirror-ca-revoked', 'good.crl.pem', 'root-revoked.crl.pem');
    mirrorEmpty = await mirror('mirror-empty');
    serverCrl = await readFile(join(mirrorRevoked, encodeURIComponent(CRL_URL)));
    server = createServer((request, response) => {
      const wanted = `/mirror/${encodeURIComponent(CRL_URL)}`;
      if (request.url === wanted) {
        response.writeHead(200, { 'content-type': 'application/pkix-crl' });
        response.end(serverCrl);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints help', async () => {
    const result = await cli(['--help']);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /shirushi seal add/);
    assert.match(result.stdout, /shirushi seal status/);
  });

  it('writes an immutable record named by the SHA-256 fingerprint and prints the snippet', async () => {
    const result = await cli([
      'seal',
      'add',
      join(dir, 'leaf.pem'),
      '--chain',
      join(dir, 'chain.pem'),
      '--brand',
      'jprs',
      '--out',
      out,
      '--base-url',
      'https://seals.example/registry/',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(fingerprint, ID_PATTERN);
    const record = JSON.parse(await readFile(join(out, 'seals', `${fingerprint}.json`), 'utf8'));
    assert.equal(record.version, 1);
    assert.equal(record.id, fingerprint);
    assert.equal(record.brand, 'jprs');
    const der = (pem) =>
      Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64').toString('base64');
    assert.equal(record.leaf, der(leafPem));
    assert.deepEqual(record.chain, [
      der(await readFile(join(dir, 'int.pem'), 'utf8')),
      der(await readFile(join(dir, 'root.pem'), 'utf8')),
    ]);
    assert.deepEqual(record.crlDistributionPoints, [
      { certificate: 0, urls: [CRL_URL] },
      { certificate: 1, urls: [ROOT_CRL_URL] },
    ]);
    assert.deepEqual(record.summary.dnsNames, ['shop.seal-test.example', 'www.shop.seal-test.example']);
    assert.deepEqual(record.summary.ipAddresses, ['192.0.2.10']);
    assert.equal(record.summary.organization, 'Shop <b>&amp; "Co"');
    assert.equal(record.summary.validationLevel, 'OV');
    assert.match(record.summary.issuer, /CN=Seal Test CA/);
    assert.ok(!Number.isNaN(Date.parse(record.createdAt)));
    assert.match(result.stderr, /signatures verified/);
    // Without a seal.js in --out, the SRI comes from the package's built provider site.
    const built = join(PROVIDER_DIR, 'seal.js');
    if (existsSync(built)) {
      assert.ok(result.stdout.includes(`integrity="${sha384(await readFile(built))}"`));
      assert.ok(result.stderr.includes(`(${built})`), result.stderr);
    } else {
      assert.match(result.stderr, /no integrity attribute/);
    }
    assert.match(
      result.stdout,
      /^<script type="module" src="https:\/\/seals\.example\/registry\/seal\.js"( integrity="sha384-[^"]+")? crossorigin="anonymous"><\/script>/,
    );
    assert.ok(result.stdout.includes(`<shirushi-seal seal="${fingerprint}">`));
    assert.ok(
      result.stdout.includes(
        `<a href="https://seals.example/registry/verify.html#${fingerprint}" target="_blank" rel="noopener">`,
      ),
    );
    assert.ok(
      result.stdout.includes(
        '<img src="https://seals.example/registry/marks/jprs-120x50.svg" width="120" height="50"',
      ),
    );
    assert.match(result.stdout, /alt="[^"]*opens the verification page in a new tab\)"/);
  });

  it('re-adding the same certificate is a no-op; a different record with the same id is refused', async () => {
    const path = join(out, 'seals', `${fingerprint}.json`);
    const before = await readFile(path, 'utf8');
    const again = await cli(
      ['seal', 'add', join(dir, 'leaf.pem'), '--chain', join(dir, 'chain.pem')].concat([
        '--brand',
        'jprs',
        '--out',
        out,
      ]),
    );
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /unchanged/);
    assert.equal(await readFile(path, 'utf8'), before);

    const otherBrand = await cli([
      'seal',
      'add',
      join(dir, 'leaf.pem'),
      '--chain',
      join(dir, 'chain.pem'),
      '--brand',
      'secom',
      '--out',
      out,
    ]);
    assert.equal(otherBrand.code, 2);
    assert.match(otherBrand.stderr, /seal\/record-conflict/);

    const tampered = JSON.parse(before);
    tampered.summary.dnsNames.push('evil.example');
    await writeFile(path, JSON.stringify(tampered));
    const refused = await cli([
      'seal',
      'add',
      join(dir, 'leaf.pem'),
      '--chain',
      join(dir, 'chain.pem'),
      '--brand',
      'jprs',
      '--out',
      out,
    ]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /immutable/);
    assert.equal(JSON.parse(await readFile(path, 'utf8')).summary.dnsNames.length, 3);
    await writeFile(path, before);
  });

  it('escapes a hostile --base-url and uses the SRI of seal.js in the out directory', async () => {
    const sealJs = 'export {};\n';
    await writeFile(join(out, 'seal.js'), sealJs);
    const hostile = `https://seals.example/x"><script>alert(1)</script>&'`;
    const result = await cli([
      'seal',
      'add',
      join(dir, 'leaf.pem'),
      '--chain',
      join(dir, 'chain.pem'),
      '--brand',
      'jprs',
      '--out',
      out,
      '--base-url',
      hostile,
      '--size',
      '140x59',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!result.stdout.includes('<script>alert'));
    assert.ok(!result.stdout.includes(`"><script`));
    for (const attribute of result.stdout.match(/\s[a-z]+=/g)) {
      assert.match(attribute, /^\s(type|src|integrity|crossorigin|seal|href|target|rel|width|height|alt)=$/);
    }
    assert.ok(result.stdout.includes('x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;/seal.js'));
    assert.ok(result.stdout.includes(`integrity="${sha384(sealJs)}"`));
    assert.ok(result.stdout.includes('width="140" height="59"'));
    await rm(join(out, 'seal.js'));

    const bad = await cli([
      'seal',
      'add',
      join(dir, 'leaf.pem'),
      '--brand',
      'jprs',
      '--out',
      out,
      '--base-url',
      'javascript:alert(1)',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /seal\/bad-base-url/);
  });

  it('rejects bad input with localized messages and exit code 2', async () => {
    const brand = await cli(['seal', 'add', join(dir, 'leaf.pem'), '--brand', 'acme', '--out', out], {
      env: { LANG: 'ja_JP.UTF-8' },
    });
    assert.equal(brand.code, 2);
    assert.match(brand.stderr, /ブランド/);
    assert.match(brand.stderr, /not one of secom, jprs or generic/);
    const order = await cli([
      'seal',
      'add',
      join(dir, 'leaf.pem'),
      '--chain',
      join(dir, 'root.pem'),
      '--brand',
      'generic',
      '--out',
      out,
    ]);
    assert.equal(order.code, 2);
    assert.match(order.stderr, /seal\/chain-order/);
    const notCa = await cli([
      'seal',
      'add',
      join(dir, 'leaf.pem'),
      '--chain',
      join(dir, 'leaf.pem'),
      '--brand',
      'generic',
      '--out',
      out,
    ]);
    assert.equal(notCa.code, 2);
    assert.match(notCa.stderr, /seal\/chain-not-ca/);
    const caLeaf = await cli(['seal', 'add', join(dir, 'int.pem'), '--brand', 'generic', '--out', out]);
    assert.equal(caLeaf.code, 2);
    assert.match(caLeaf.stderr, /seal\/leaf-is-ca/);
    const usage = await cli(['seal', 'add', '--out', out]);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /seal\/usage/);
  });

  it('says when only names could be linked (no self-signed root in the chain)', async () => {
    const result = await cli([
      'seal',
      'add',
      join(dir, 'leaf.pem'),
      '--chain',
      join(dir, 'int.pem'),
      '--brand',
      'secom',
      '--out',
      join(dir, 'names-only'),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /names linked; signatures not verified/);
    assert.match(result.stdout, /marks\/secom-120x50\.svg/);
  });

  const statusFile = async () =>
    JSON.parse(await readFile(join(out, 'seals', `${fingerprint}.status.json`), 'utf8'));

  it('status: good with a CRL that lists nothing', async () => {
    const result = await cli(['seal', 'status', '--out', out, '--crl-mirror', mirrorGood]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, new RegExp(`^${fingerprint}\\s+good\\s+shop\\.seal-test\\.example`));
    const status = await statusFile();
    assert.equal(status.version, 1);
    assert.equal(status.id, fingerprint);
    assert.equal(status.status, 'good');
    assert.equal(status.crl.number, '1');
    assert.equal(status.crl.url, CRL_URL);
    assert.ok(Date.parse(status.crl.nextUpdate) > Date.parse(status.crl.thisUpdate));
    assert.deepEqual(status.problems, []);
    // The CRL it used is copied where the verification page's default mirror template looks.
    assert.deepEqual(
      await readFile(join(out, 'crls', 'crl.seal-test.invalid', 'int.crl')),
      await readFile(join(mirrorGood, encodeURIComponent(CRL_URL))),
    );
    assert.deepEqual(
      await readFile(join(out, 'crls', 'crl.seal-test.invalid', 'root.crl')),
      await readFile(join(mirrorGood, encodeURIComponent(ROOT_CRL_URL))),
    );
    assert.match(result.stderr, /mirrored 2 CRL\(s\)/);
  });

  it('status: revoked when the intermediate is revoked on the root CRL', async () => {
    const result = await cli(['seal', 'status', '--out', out, '--crl-mirror', mirrorCaRevoked]);
    assert.equal(result.code, 1);
    const status = await statusFile();
    assert.equal(status.status, 'revoked');
    assert.equal(status.reason, 'cACompromise');
    assert.equal(status.problems[0], 'seal/ca-revoked');
  });

  it('status: revoked with reason and CRL number, exit 1', async () => {
    const result = await cli(['seal', 'status', '--out', out, '--crl-mirror', mirrorRevoked]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /revoked\s+.*reason=keyCompromise/);
    const status = await statusFile();
    assert.equal(status.status, 'revoked');
    assert.equal(status.reason, 'keyCompromise');
    assert.equal(status.crl.number, '2');
    assert.ok(!Number.isNaN(Date.parse(status.revocationDate)));
    assert.deepEqual(
      await readFile(join(out, 'crls', 'crl.seal-test.invalid', 'int.crl')),
      await readFile(join(mirrorRevoked, encodeURIComponent(CRL_URL))),
    );
  });

  it('status: revoked through a mirror URL template', async () => {
    const { port } = server.address();
    const result = await cli([
      'seal',
      'status',
      '--out',
      out,
      '--crl-mirror',
      `http://127.0.0.1:${port}/mirror/{url}`,
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.equal((await statusFile()).status, 'revoked');
  });

  it('status: expired (--time after notAfter) wins over a good CRL; not yet valid before notBefore', async () => {
    const later = new Date(Date.now() + 45 * 86_400_000).toISOString();
    const expired = await cli(['seal', 'status', '--out', out, '--crl-mirror', mirrorGood, '--time', later]);
    assert.equal(expired.code, 1);
    assert.match(expired.stdout, /expired/);
    assert.equal((await statusFile()).status, 'expired');
    const early = await cli([
      'seal',
      'status',
      '--out',
      out,
      '--crl-mirror',
      mirrorGood,
      '--time',
      '2001-01-01T00:00:00Z',
    ]);
    assert.equal(early.code, 1);
    const status = await statusFile();
    assert.equal(status.status, 'not-yet-valid');
    assert.equal(status.checkedAt, '2001-01-01T00:00:00.000Z');
  });

  it('status: unknown when the CRL is missing from the mirror', async () => {
    const copy = join(out, 'crls', 'crl.seal-test.invalid', 'int.crl');
    const lastGood = await readFile(copy);
    const result = await cli(['seal', 'status', '--out', out, '--crl-mirror', mirrorEmpty]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /unknown/);
    const status = await statusFile();
    assert.equal(status.status, 'unknown');
    assert.ok(status.problems.includes('seal/crl-unavailable'), status.problems.join());
    assert.equal(status.crl, undefined);
    // A CRL that could not be loaded leaves the last mirror copy alone.
    assert.deepEqual(await readFile(copy), lastGood);
  });

  it('status: CRL URLs with a query string or an encoded path separator are not mirrored', async () => {
    const queryUrl = 'http://crl.seal-test.invalid/get?name=int.crl';
    const escapeUrl = 'http://crl.seal-test.invalid/x/..%2F..%2F..%2Fescaped.crl';
    const spaceUrl = 'http://crl.seal-test.invalid/with%20space/int.crl';
    await writeFile(
      join(dir, 'odd.ext'),
      `basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n` +
        `subjectAltName=DNS:odd.seal-test.example\n` +
        `crlDistributionPoints=URI:${queryUrl},URI:${escapeUrl},URI:${spaceUrl}\n`,
    );
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
    await run('req', ...ec, '-keyout', 'odd.key', '-out', 'odd.csr', '-subj', '/CN=odd.seal-test.example');
    await run(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-in',
      'odd.csr',
      '-out',
      'odd.pem',
      '-extfile',
      'odd.ext',
    );
    const site = join(dir, 'odd-site');
    const add = await cli(
      ['seal', 'add', join(dir, 'odd.pem'), '--chain', join(dir, 'chain.pem')].concat([
        '--brand',
        'generic',
        '--out',
        site,
      ]),
    );
    assert.equal(add.code, 0, add.stderr);
    const mirror = join(dir, 'mirror-odd');
    await mkdir(mirror);
    const crl = await readFile(join(mirrorRevoked, encodeURIComponent(CRL_URL)));
    for (const url of [queryUrl, escapeUrl, spaceUrl])
      await writeFile(join(mirror, encodeURIComponent(url)), crl);
    await writeFile(
      join(mirror, encodeURIComponent(ROOT_CRL_URL)),
      await readFile(join(mirrorGood, encodeURIComponent(ROOT_CRL_URL))),
    );
    const result = await cli(['seal', 'status', '--out', site, '--crl-mirror', mirror]);
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(
      result.stderr,
      /CRL http:\/\/crl\.seal-test\.invalid\/get\?name=int\.crl not mirrored: .*query/,
    );
    assert.match(result.stderr, /escaped\.crl not mirrored: .*separator/);
    assert.deepEqual(await filesBelow(join(site, 'crls')), [
      join('crl.seal-test.invalid', 'root.crl'),
      join('crl.seal-test.invalid', 'with space', 'int.crl'),
    ]);
    assert.ok(!existsSync(join(dir, 'escaped.crl')) && !existsSync(join(site, 'escaped.crl')));
  });

  it('status: refuses a record whose id does not match its certificate', async () => {
    const other = join(dir, 'other-site');
    await mkdir(join(other, 'seals'), { recursive: true });
    const record = JSON.parse(await readFile(join(out, 'seals', `${fingerprint}.json`), 'utf8'));
    const fakeId = 'f'.repeat(64);
    await writeFile(join(other, 'seals', `${fakeId}.json`), JSON.stringify({ ...record, id: fakeId }));
    const result = await cli(['seal', 'status', '--out', other, '--crl-mirror', mirrorGood]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /seal\/bad-record/);
  });

  it('site: copies the built provider site next to seals/ and crls/ and prints the headers', async () => {
    assert.ok(existsSync(join(PROVIDER_DIR, 'seal.js')), 'dist/provider/ is not built: run npm run build');
    const provided = await filesBelow(PROVIDER_DIR.replace(/\/$/, ''));
    for (const file of ['seal.js', 'verify.html', 'verify.js', 'sw.js'])
      assert.ok(provided.includes(file), file);
    const site = join(dir, 'deployed');
    await mkdir(join(site, 'seals'), { recursive: true });
    await mkdir(join(site, 'crls'), { recursive: true });
    await writeFile(join(site, 'seals', 'keep.json'), '{}');
    await writeFile(join(site, 'crls', 'keep.crl'), 'crl');
    const result = await cli(['seal', 'site', '--out', site]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      await filesBelow(site),
      [...provided, join('crls', 'keep.crl'), join('seals', 'keep.json')].sort(),
    );
    for (const file of provided) {
      assert.deepEqual(await readFile(join(site, file)), await readFile(join(PROVIDER_DIR, file)), file);
    }
    const sealJs = await readFile(join(PROVIDER_DIR, 'seal.js'));
    assert.ok(result.stderr.includes(sha384(sealJs)));
    const headers = [
      '/seals/*.json\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age=31536000, immutable\n',
      '/seals/*.status.json\n  Access-Control-Allow-Origin: *\n  Cache-Control: public, max-age=300\n',
      '/seal.js\n  Access-Control-Allow-Origin: *\n',
      '/crls/*\n  Access-Control-Allow-Origin: *\n',
      "/verify.html\n  Cache-Control: no-cache\n  Content-Security-Policy: default-src 'self';",
      '/sw.js\n  Cache-Control: no-cache\n',
    ];
    for (const block of headers) assert.ok(result.stdout.includes(block), block);

    // Snippets for this site pin the seal.js it serves.
    const add = await cli(
      ['seal', 'add', join(dir, 'leaf.pem'), '--chain', join(dir, 'chain.pem')].concat([
        '--brand',
        'jprs',
        '--out',
        site,
      ]),
    );
    assert.equal(add.code, 0, add.stderr);
    assert.ok(add.stdout.includes(`integrity="${sha384(sealJs)}"`));

    // A different seal.js already deployed is replaced only when asked: snippets pin it.
    await writeFile(join(site, 'seal.js'), 'export {};\n');
    const refused = await cli(['seal', 'site', '--out', site]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /--replace-seal-js/);
    assert.equal(await readFile(join(site, 'seal.js'), 'utf8'), 'export {};\n');
    const replaced = await cli(['seal', 'site', '--out', site, '--replace-seal-js']);
    assert.equal(replaced.code, 0, replaced.stderr);
    assert.deepEqual(await readFile(join(site, 'seal.js')), sealJs);
    assert.equal(await readFile(join(site, 'seals', 'keep.json'), 'utf8'), '{}');
  });
});

describe('embedSnippet / escapeHtml', () => {
  const id = 'ab'.repeat(32);

  it('escapes the five HTML metacharacters', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeHtml('plain'), 'plain');
  });

  it('never lets a hostile URL out of its attribute', () => {
    const snippet = embedSnippet({
      id,
      baseUrl: `https://x.example/"onmouseover='alert(1)'<b>`,
      sealScriptUrl: `https://cdn.example/seal.js?a=1&b="'><script>`,
      integrity: 'sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC',
      brand: 'secom',
      size: '100x42',
    });
    for (const attribute of snippet.match(/\s[a-z]+=/g)) {
      assert.match(attribute, /^\s(type|src|integrity|crossorigin|seal|href|target|rel|width|height|alt)=$/);
    }
    assert.ok(!/[<>]script>/.test(snippet.replace('</script>', '')));
    assert.ok(snippet.includes('seal.js?a=1&amp;b=&quot;&#39;&gt;&lt;script&gt;'));
    assert.ok(snippet.includes(`verify.html#${id}`));
    assert.ok(snippet.includes('marks/secom-100x42.svg" width="100" height="42"'));
  });

  it('validates id, brand, size, URL scheme and integrity', () => {
    const base = { id, baseUrl: 'https://seals.example', brand: 'jprs' };
    assert.throws(() => embedSnippet({ ...base, id: 'x"><script>' }), { code: 'seal/bad-id' });
    assert.throws(() => embedSnippet({ ...base, brand: 'evil' }), { code: 'seal/bad-brand' });
    assert.throws(() => embedSnippet({ ...base, size: '1x1' }), { code: 'seal/bad-size' });
    assert.throws(() => embedSnippet({ ...base, baseUrl: 'javascript:alert(1)' }), {
      code: 'seal/bad-base-url',
    });
    assert.throws(() => embedSnippet({ ...base, integrity: 'sha384-" onload="x' }), {
      code: 'seal/bad-integrity',
    });
    assert.doesNotMatch(embedSnippet(base), /integrity=/);
  });
});
