// The verification page: src/seal/verify.ts (loadSeal, evaluateSeal) and <shirushi-verification>, against a
// small PKI that openssl makes at test time (a root, an intermediate with a CRL distribution point, leaves
// for every state, and CRLs: current with one revoked leaf, stale, and one signed by an impostor key).
// Records, status files, trust anchors and CRLs are served by test/harness/crl-server.mjs; the clock is
// only ever faked by passing `now`.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { parseCertificate } from '../src/certificate/parse.js';
import { base64Encode } from '../src/encoding/base64.js';
import { configureOffload, offloadStatus, OFFLOAD_THRESHOLD_BYTES } from '../src/net/offload.js';
import { createSealRecord, type SealRecord, type SealStatus } from '../src/seal/record.js';
import { evaluateSeal, loadSeal, type LoadedSeal, type SealVerdict } from '../src/seal/verify.js';
import { ShirushiVerification } from '../widgets/verify/verification.js';
import { formatJst } from '../widgets/shared/format.js';
import { openssl } from './harness/openssl.js';

const DAY = 24 * 3600_000;
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
const SITE = 'shop.verify-test.example';
const INT_CRL_URL = 'http://crl.verify-test.invalid/int.crl';
const ROOT_CRL_URL = 'http://crl.verify-test.invalid/root.crl';
/** A prefix unique to this browser's run, so browsers and reruns never read each other's uploads. */
const RUN = `verify-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const BASE = new URL(`/crl-test/crl/${RUN}/`, location.href);

const CA_CONFIG = `[ ca ]
default_ca = this_ca
[ this_ca ]
dir = .
database = index.txt
new_certs_dir = .
certificate = ca.pem
private_key = ca.key
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

const LEAF_EXT =
  'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' +
  'subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncertificatePolicies=2.23.140.1.2.2\n' +
  `subjectAltName=DNS:${SITE},DNS:www.${SITE}\ncrlDistributionPoints=URI:${INT_CRL_URL}\n`;
const INT_EXT =
  'basicConstraints=critical,CA:true,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' +
  `subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncrlDistributionPoints=URI:${ROOT_CRL_URL}\n`;
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
const MARKUP_ORG = 'Shop <b>Bold</b> & "Co" <img src=x onerror=alert(1)>';

/** ASN.1 UTCTime text for openssl's -startdate, -enddate, -crl_lastupdate and index.txt. */
function utcTime(date: Date): string {
  return date.toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*$/, '$1$2$3$4$5$6Z');
}

const files = new Map<string, Uint8Array | string>();

/** Runs openssl with the named files as inputs; every `out:` file is kept in `files` under its name. */
async function run(args: string[], inputs: string[] = [], extra: Record<string, string> = {}): Promise<void> {
  const given: Record<string, Uint8Array | string> = { ...extra };
  for (const name of inputs) given[name] = files.get(name) ?? '';
  const result = await openssl(args, { files: given });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
  for (const [name, data] of Object.entries(result.files)) {
    files.set(
      name,
      Uint8Array.from(atob(data), (c) => c.charCodeAt(0)),
    );
  }
}

const text = (name: string) => new TextDecoder().decode(files.get(name) as Uint8Array);
const bytes = (name: string) => files.get(name) as Uint8Array;

/** Issues a leaf from the intermediate with `openssl ca`, valid between the given times. */
async function issueLeaf(
  name: string,
  serial: string,
  from: Date,
  to: Date,
  csr = 'leaf.csr',
): Promise<void> {
  await run(
    [
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-in',
      csr,
      '-out',
      `out:${name}.pem`,
      '-extfile',
      'leaf.ext',
      '-notext',
      '-startdate',
      utcTime(from),
      '-enddate',
      utcTime(to),
    ],
    [csr],
    {
      'ca.cnf': CA_CONFIG,
      'index.txt': '',
      serial: `${serial}\n`,
      crlnumber: '01\n',
      'leaf.ext': LEAF_EXT,
      'ca.pem': text('int.pem'),
      'ca.key': text('int.key'),
    },
  );
}

/** A DER CRL from `openssl ca -gencrl`, listing `revoked` (index.txt lines) and valid between the times. */
async function makeCrl(
  name: string,
  ca: { pem: string; key: string },
  from: Date,
  to: Date,
  revoked = '',
): Promise<void> {
  await run(
    [
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-gencrl',
      '-out',
      `out:${name}.pem`,
      '-crl_lastupdate',
      utcTime(from),
      '-crl_nextupdate',
      utcTime(to),
    ],
    [],
    {
      'ca.cnf': CA_CONFIG,
      'index.txt': revoked,
      serial: '01\n',
      crlnumber: '10\n',
      'ca.pem': ca.pem,
      'ca.key': ca.key,
    },
  );
  await run(['crl', '-in', `${name}.pem`, '-outform', 'DER', '-out', `out:${name}.der`], [`${name}.pem`]);
}

function base64(data: Uint8Array | string): string {
  return base64Encode(typeof data === 'string' ? new TextEncoder().encode(data) : data);
}

/** Uploads a file to the test server under this run's provider base. */
async function serve(path: string, data: Uint8Array | string): Promise<void> {
  await executeServerCommand('crl-server', { action: 'put', name: `${RUN}/${path}`, der: base64(data) });
}

const REVOKED_AT = new Date(NOW.getTime() - 2 * DAY);
const records = new Map<string, SealRecord>();
let rootDer: Uint8Array;

async function register(name: string, brand: SealRecord['brand'] = 'jprs'): Promise<SealRecord> {
  const record = await createSealRecord({
    leaf: text(`${name}.pem`),
    chain: [text('int.pem'), text('root.pem')],
    brand,
    createdAt: NOW,
  });
  records.set(name, record);
  return record;
}

function statusFile(
  record: SealRecord,
  status: SealStatus['status'],
  extra: Partial<SealStatus> = {},
): SealStatus {
  return { version: 1, id: record.id, status, problems: [], checkedAt: NOW.toISOString(), ...extra };
}

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

interface Scenario {
  crl?: 'current' | 'stale' | 'impostor' | 'none';
  referrer?: string;
  anchors?: Uint8Array[];
  status?: SealStatus | 'none';
}

/** What loadSeal would have fetched for `name`, built directly from the openssl output. */
function loadedFor(name: string, scenario: Scenario = {}): LoadedSeal {
  const record = records.get(name)!;
  const crl = scenario.crl ?? 'current';
  const leafCrl =
    crl === 'none'
      ? { problem: { code: 'seal/crl-unavailable' as const, message: { ja: 'x', en: 'x' } } }
      : { bytes: bytes(`int-${crl}.der`) };
  const status = scenario.status ?? statusFile(record, 'good');
  return {
    id: record.id,
    record: { bytes: encode(record) },
    status:
      status === 'none'
        ? { problem: { code: 'seal/verify-unreachable', message: { ja: 'x', en: 'x' } } }
        : { bytes: encode(status) },
    trustAnchors: scenario.anchors ?? [rootDer],
    crls: [
      { certificate: 0, url: INT_CRL_URL, result: leafCrl },
      { certificate: 1, url: ROOT_CRL_URL, result: { bytes: bytes('root-current.der') } },
    ],
    referrer: scenario.referrer ?? `https://${SITE}/shop/index.html`,
  };
}

const evaluate = (name: string, scenario?: Scenario) => evaluateSeal(loadedFor(name, scenario), { now: NOW });

const mounted: HTMLElement[] = [];

async function show(verdict: SealVerdict, lang?: string): Promise<ShirushiVerification> {
  const element = document.createElement('shirushi-verification');
  if (lang) element.lang = lang;
  element.verdict = verdict;
  document.body.append(element);
  mounted.push(element);
  await element.updateComplete;
  return element;
}

const shadowText = (element: ShirushiVerification) =>
  (element.shadowRoot!.textContent ?? '').replace(/\s+/g, ' ');
const verdictBox = (element: ShirushiVerification) => element.shadowRoot!.querySelector('.verdict')!;

before(async function () {
  this.timeout(120_000);
  configureOffload({ threshold: 0 });
  await run([
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'out:root.key',
    '-out',
    'out:root.pem',
    '-days',
    '3650',
    '-subj',
    '/O=Verify Test/CN=Verify Test Root',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run([
    'req',
    ...EC,
    '-keyout',
    'out:int.key',
    '-out',
    'out:int.csr',
    '-subj',
    '/O=Verify Test/CN=Verify Test CA',
  ]);
  await run(
    [
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
      '3650',
      '-extfile',
      'int.ext',
      '-out',
      'out:int.pem',
    ],
    ['int.csr', 'root.pem', 'root.key'],
    { 'int.ext': INT_EXT },
  );
  // The impostor: same name as the intermediate, another key. Its CRL must never count.
  await run([
    'req',
    '-x509',
    ...EC,
    '-keyout',
    'out:evil.key',
    '-out',
    'out:evil.pem',
    '-days',
    '30',
    '-subj',
    '/O=Verify Test/CN=Verify Test CA',
  ]);
  await run([
    'req',
    ...EC,
    '-keyout',
    'out:leaf.key',
    '-out',
    'out:leaf.csr',
    '-subj',
    `/O=Verify Shop/CN=${SITE}`,
  ]);
  await run([
    'req',
    ...EC,
    '-keyout',
    'out:markup.key',
    '-out',
    'out:markup.csr',
    '-utf8',
    '-subj',
    `/O=${MARKUP_ORG.replaceAll('/', '\\/')}/CN=${SITE}`,
  ]);

  await issueLeaf('good', '1001', new Date(NOW.getTime() - DAY), new Date(NOW.getTime() + 200 * DAY));
  await issueLeaf('expiring', '1002', new Date(NOW.getTime() - 60 * DAY), new Date(NOW.getTime() + 10 * DAY));
  await issueLeaf('expired', '1003', new Date(NOW.getTime() - 90 * DAY), new Date(NOW.getTime() - 2 * DAY));
  await issueLeaf('future', '1004', new Date(NOW.getTime() + 5 * DAY), new Date(NOW.getTime() + 90 * DAY));
  await issueLeaf('revoked', '2000', new Date(NOW.getTime() - 30 * DAY), new Date(NOW.getTime() + 60 * DAY));
  await issueLeaf(
    'markup',
    '1005',
    new Date(NOW.getTime() - DAY),
    new Date(NOW.getTime() + 200 * DAY),
    'markup.csr',
  );

  const intermediate = { pem: text('int.pem'), key: text('int.key') };
  const revokedLine =
    `R\t${utcTime(new Date(NOW.getTime() + 60 * DAY))}\t${utcTime(REVOKED_AT)},keyCompromise\t2000\tunknown\t` +
    `/O=Verify Shop/CN=${SITE}\n`;
  await makeCrl(
    'int-current',
    intermediate,
    new Date(NOW.getTime() - 3600_000),
    new Date(NOW.getTime() + 7 * DAY),
    revokedLine,
  );
  await makeCrl(
    'int-stale',
    intermediate,
    new Date(NOW.getTime() - 10 * DAY),
    new Date(NOW.getTime() - 3 * DAY),
    revokedLine,
  );
  await makeCrl(
    'int-impostor',
    { pem: text('evil.pem'), key: text('evil.key') },
    new Date(NOW.getTime() - 3600_000),
    new Date(NOW.getTime() + 7 * DAY),
  );
  await makeCrl(
    'root-current',
    { pem: text('root.pem'), key: text('root.key') },
    new Date(NOW.getTime() - 3600_000),
    new Date(NOW.getTime() + 30 * DAY),
  );
  rootDer = parseCertificate(text('root.pem')).der;

  for (const name of ['good', 'expiring', 'expired', 'future', 'revoked']) await register(name);
  await register('markup', 'secom');

  // The provider directory as a deployment serves it (records, status, anchors, the CRL mirror).
  const good = records.get('good')!;
  await serve(`seals/${good.id}.json`, JSON.stringify(good));
  await serve(`seals/${good.id}.status.json`, JSON.stringify(statusFile(good, 'good')));
  await serve('trust-anchors.json', JSON.stringify({ anchors: [base64(rootDer)] }));
  await serve('crls/crl.verify-test.invalid/int.crl', bytes('int-current.der'));
  await serve('crls/crl.verify-test.invalid/root.crl', bytes('root-current.der'));
  await serve('stale/crl.verify-test.invalid/int.crl', bytes('int-stale.der'));
  await serve('stale/crl.verify-test.invalid/root.crl', bytes('root-current.der'));
  await serve('impostor/crl.verify-test.invalid/int.crl', bytes('int-impostor.der'));
  await serve('impostor/crl.verify-test.invalid/root.crl', bytes('root-current.der'));
});

after(() => {
  configureOffload({ threshold: OFFLOAD_THRESHOLD_BYTES });
});

afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

describe('evaluateSeal: every state', () => {
  it('valid on a site the certificate names: green, and the status file agrees', async () => {
    const before = offloadStatus().completed;
    const verdict = await evaluate('good');
    expect(verdict.state, JSON.stringify(verdict.problems)).to.equal('valid');
    expect(verdict.tone).to.equal('good');
    expect(verdict.site).to.deep.equal({ check: 'match', host: SITE });
    expect(verdict.status.result).to.equal('agree');
    expect(verdict.certificate!.organization).to.equal('Verify Shop');
    expect(verdict.certificate!.dnsNames).to.deep.equal([SITE, `www.${SITE}`]);
    expect(verdict.certificate!.validationLevel).to.equal('OV');
    expect(verdict.certificate!.issuerChain).to.deep.equal([
      'CN=Verify Test CA,O=Verify Test',
      'CN=Verify Test Root,O=Verify Test',
    ]);
    expect(verdict.certificate!.serialNumber).to.equal('1001');
    expect(verdict.certificate!.daysLeft).to.be.within(199, 200);
    expect(verdict.crls.map((crl) => [crl.certificateIndex, crl.status, crl.url, crl.stale])).to.deep.equal([
      [0, 'good', INT_CRL_URL, false],
      [1, 'good', ROOT_CRL_URL, false],
    ]);
    expect(verdict.crls[0]!.number).to.equal('16');
    expect(verdict.checkedAt).to.equal(NOW);
    // Revocation ran in the Web Worker (threshold 0), where one exists.
    expect(offloadStatus().completed, offloadStatus().reason).to.be.greaterThan(before);
  });

  it('expiring within 30 days: amber, with the days left', async () => {
    const verdict = await evaluate('expiring');
    expect(verdict.state).to.equal('expiring');
    expect(verdict.tone).to.equal('caution');
    expect(verdict.certificate!.daysLeft).to.be.within(9, 10);
  });

  it('expired: red', async () => {
    const verdict = await evaluate('expired');
    expect(verdict.state).to.equal('expired');
    expect(verdict.tone).to.equal('bad');
    expect(verdict.certificate!.daysLeft).to.be.lessThan(0);
    expect(verdict.status).to.include({ result: 'disagree', page: 'expired' });
  });

  it('revoked: red, with the reason and the revocation date', async () => {
    const verdict = await evaluate('revoked', { status: statusFile(records.get('revoked')!, 'revoked') });
    expect(verdict.state).to.equal('revoked');
    expect(verdict.tone).to.equal('bad');
    expect(verdict.revocation).to.deep.include({ certificateIndex: 0, reason: 'keyCompromise' });
    expect(verdict.revocation!.date!.getTime()).to.equal(REVOKED_AT.getTime());
    expect(verdict.status.result).to.equal('agree');
  });

  it('not yet valid: red', async () => {
    const verdict = await evaluate('future');
    expect(verdict.state).to.equal('not-yet-valid');
    expect(verdict.tone).to.equal('bad');
  });

  it('wrong site (a copied seal): red, naming the host', async () => {
    const verdict = await evaluate('good', { referrer: 'https://copycat.example/page' });
    expect(verdict.state).to.equal('wrong-site');
    expect(verdict.tone).to.equal('bad');
    expect(verdict.site).to.deep.equal({ check: 'mismatch', host: 'copycat.example' });
    expect(verdict.problems.map((item) => item.code)).to.include('seal/verify-wrong-site');
  });

  it('site unknown when there is no referrer: never green', async () => {
    for (const referrer of ['', 'not a url', 'about:blank']) {
      const verdict = await evaluate('good', { referrer });
      expect(verdict.state).to.equal('valid');
      expect(verdict.site.check).to.equal('unknown');
      expect(verdict.tone).to.equal('caution');
      expect(verdict.problems.map((item) => item.code)).to.include('seal/verify-no-referrer');
    }
  });

  it('a wildcard-free SAN does not cover a subdomain, and the www name matches', async () => {
    expect((await evaluate('good', { referrer: `https://www.${SITE}/` })).site.check).to.equal('match');
    expect((await evaluate('good', { referrer: `https://evil.${SITE}/` })).state).to.equal('wrong-site');
  });

  it('unconfirmed when the CRL is unreachable', async () => {
    const verdict = await evaluate('good', { crl: 'none' });
    expect(verdict).to.include({ state: 'unconfirmed', unconfirmed: 'crl-unreachable', tone: 'caution' });
    expect(verdict.status.result).to.equal('disagree');
  });

  it('unconfirmed (stale), not valid, when only a stale CRL is at hand', async () => {
    const verdict = await evaluate('good', { crl: 'stale' });
    expect(verdict).to.include({ state: 'unconfirmed', unconfirmed: 'crl-stale', tone: 'caution' });
    const leafCrl = verdict.crls[0]!;
    expect(leafCrl.stale).to.equal(true);
    expect(leafCrl.nextUpdate!.getTime()).to.equal(Math.floor((NOW.getTime() - 3 * DAY) / 1000) * 1000);
    expect(verdict.problems.map((item) => item.code)).to.include('seal/verify-crl-stale');
  });

  it('unconfirmed when the CRL is signed by the wrong key', async () => {
    const verdict = await evaluate('good', { crl: 'impostor' });
    expect(verdict).to.include({ state: 'unconfirmed', unconfirmed: 'crl-bad-signature', tone: 'caution' });
  });

  it('unknown seal: no record, a malformed record, or a record for another certificate', async () => {
    const good = records.get('good')!;
    const missing = await evaluateSeal(
      {
        ...loadedFor('good'),
        record: { problem: { code: 'seal/verify-not-registered', message: { ja: '', en: '' } } },
      },
      { now: NOW },
    );
    expect(missing).to.include({ state: 'unknown-seal', tone: 'bad' });
    const malformed = await evaluateSeal(
      { ...loadedFor('good'), record: { bytes: encode('{') } },
      { now: NOW },
    );
    expect(malformed.state).to.equal('unknown-seal');
    const swapped = { ...good, leaf: records.get('expired')!.leaf };
    const other = await evaluateSeal(
      { ...loadedFor('good'), record: { bytes: encode(swapped) } },
      { now: NOW },
    );
    expect(other.state).to.equal('unknown-seal');
    expect(other.problems.map((item) => item.code)).to.include('seal/verify-id-mismatch');
  });

  it('invalid chain when the root is not a trust anchor', async () => {
    const verdict = await evaluate('good', { anchors: [] });
    expect(verdict).to.include({ state: 'invalid-chain', tone: 'bad' });
    expect(verdict.problems.length).to.be.greaterThan(0);
  });

  it('unconfirmed, not valid, when the revocation worker fails mid-check', async () => {
    configureOffload({ workerUrl: new URL('/crl-test/crash-worker.js', location.href) });
    try {
      const verdict = await evaluate('good');
      expect(verdict).to.include({ state: 'unconfirmed', unconfirmed: 'check-failed', tone: 'caution' });
      expect(verdict.problems.map((item) => item.code)).to.include('crl-fetch/worker-failed');
    } finally {
      configureOffload({ workerUrl: undefined });
    }
  });

  it('says when the status file disagrees, and what it said', async () => {
    const good = records.get('good')!;
    const verdict = await evaluate('good', {
      status: statusFile(good, 'revoked', {
        reason: 'keyCompromise',
        revocationDate: REVOKED_AT.toISOString(),
      }),
    });
    expect(verdict.state).to.equal('valid');
    expect(verdict.status.result).to.equal('disagree');
    expect(verdict.status.page).to.equal('good');
    expect(verdict.status.file).to.deep.include({ status: 'revoked', reason: 'keyCompromise' });
    expect(verdict.problems.map((item) => item.code)).to.include('seal/verify-status-disagrees');
    expect((await evaluate('good', { status: 'none' })).status.result).to.equal('missing');
  });
});

describe('loadSeal: real served files', () => {
  it('loads record, status, provider anchors and CRLs through the default mirror', async () => {
    const good = records.get('good')!;
    const loaded = await loadSeal({ id: good.id, base: BASE, referrer: `https://${SITE}/` });
    expect(loaded.record.bytes, loaded.record.problem?.message.en).to.be.instanceOf(Uint8Array);
    expect(
      loaded.crls.map((crl) => [crl.certificate, crl.url, crl.result.problem?.message.en]),
    ).to.deep.equal([
      [0, INT_CRL_URL, undefined],
      [1, ROOT_CRL_URL, undefined],
    ]);
    const verdict = await evaluateSeal(loaded, { now: NOW });
    expect(verdict.state, JSON.stringify(verdict.problems)).to.equal('valid');
    expect(verdict.site.check).to.equal('match');
  });

  it('an unreachable CRL (404 at the mirror) is unconfirmed', async () => {
    const id = records.get('good')!.id;
    const verdict = await evaluateSeal(
      await loadSeal({
        id,
        base: BASE,
        referrer: `https://${SITE}/`,
        mirror: `${BASE.href}nowhere/{host}{path}`,
      }),
      { now: NOW },
    );
    expect(verdict).to.include({ state: 'unconfirmed', unconfirmed: 'crl-unreachable' });
    expect(verdict.problems.map((item) => item.code)).to.include('seal/crl-unavailable');
  });

  it('a stale CRL from the mirror (as an offline cache would serve it) is unconfirmed, never valid', async () => {
    const id = records.get('good')!.id;
    const loaded = await loadSeal({
      id,
      base: BASE,
      referrer: `https://${SITE}/`,
      mirror: `${BASE.href}stale/{host}{path}`,
    });
    expect((await evaluateSeal(loaded, { now: NOW })).unconfirmed).to.equal('crl-stale');
  });

  it('a CRL signed by another key is unconfirmed', async () => {
    const id = records.get('good')!.id;
    const loaded = await loadSeal({
      id,
      base: BASE,
      referrer: `https://${SITE}/`,
      mirror: `${BASE.href}impostor/{host}{path}`,
    });
    expect((await evaluateSeal(loaded, { now: NOW })).unconfirmed).to.equal('crl-bad-signature');
  });

  it('a provider that cannot be reached makes the seal unconfirmed (amber), not unknown', async () => {
    const id = records.get('good')!.id;
    // Port 9 (discard) on loopback refuses the connection: a network error, as when offline.
    const loaded = await loadSeal({
      id,
      base: new URL('http://127.0.0.1:9/provider/'),
      referrer: `https://${SITE}/`,
    });
    const verdict = await evaluateSeal(loaded, { now: NOW });
    expect(verdict).to.include({ state: 'unconfirmed', unconfirmed: 'record-unreachable', tone: 'caution' });
    expect(verdict.problems.map((item) => item.code)).to.include('seal/verify-unreachable');
    const element = await show(verdict, 'en');
    expect(shadowText(element)).to.include('could not be downloaded from the seal provider');
  });

  it('an id with no record is an unknown seal; a malformed id is refused before any request', async () => {
    const missing = await evaluateSeal(await loadSeal({ id: 'ab'.repeat(32), base: BASE }), { now: NOW });
    expect(missing.state).to.equal('unknown-seal');
    expect(missing.problems.map((item) => item.code)).to.include('seal/verify-not-registered');
    const malformed = await evaluateSeal(await loadSeal({ id: '../../etc', base: BASE }), { now: NOW });
    expect(malformed.state).to.equal('unknown-seal');
    expect(malformed.problems.map((item) => item.code)).to.include('seal/bad-id');
  });

  it('without the provider anchors the chain does not reach a trusted root', async () => {
    const id = records.get('good')!.id;
    const loaded = await loadSeal({ id, base: BASE, referrer: `https://${SITE}/`, providerAnchors: false });
    expect((await evaluateSeal(loaded, { now: NOW })).state).to.equal('invalid-chain');
  });

  it('caps the size of what it downloads', async () => {
    const id = records.get('good')!.id;
    const loaded = await loadSeal({ id, base: BASE, maxJsonBytes: 100 });
    expect(loaded.record.problem?.code).to.equal('seal/verify-too-large');
  });
});

describe('<shirushi-verification>', () => {
  it('shows a valid seal in green with every certificate fact, times in JST and UTC', async () => {
    const verdict = await evaluate('good');
    const element = await show(verdict);
    expect(element.getAttribute('state')).to.equal('valid');
    expect(element.getAttribute('site')).to.equal('match');
    expect(verdictBox(element).classList.contains('tone-good')).to.equal(true);
    expect(verdictBox(element).getAttribute('role')).to.equal('status');
    const content = shadowText(element);
    expect(content).to.include('このシールは有効です');
    expect(content).to.include('Verify Shop');
    expect(content).to.include(`www.${SITE}`);
    expect(content).to.include('組織認証（OV）');
    expect(content).to.include('CN=Verify Test Root,O=Verify Test');
    expect(content).to.include(verdict.certificate!.sha256);
    expect(content).to.include(`${formatJst(verdict.certificate!.notAfter)}（日本時間）`);
    expect(content).to.include(
      `${verdict.certificate!.notAfter.toISOString().slice(0, 10).replaceAll('-', '/')}`,
    );
    expect(content).to.include(`${formatJst(verdict.crls[0]!.nextUpdate!)}（日本時間）`);
    expect(content).to.include('UTC');
    expect(content).to.include('安全であることや');
    const headings = [...element.shadowRoot!.querySelectorAll('h1, h2')].map((h) => h.tagName);
    expect(headings[0]).to.equal('H1');
    expect(headings.length).to.be.greaterThan(3);
  });

  it('red states tell visitors not to rely on the seal and the owner to remove it, quoting the rule', async () => {
    const cases: Array<[string, Scenario, string, string]> = [
      ['expired', {}, 'expired', '第12-3条'],
      ['revoked', {}, 'revoked', '第12-3条'],
      ['future', {}, 'not-yet-valid', '第12-3条'],
      ['good', { referrer: 'https://copycat.example/' }, 'wrong-site', '第15条'],
      ['good', { anchors: [] }, 'invalid-chain', '第15条'],
    ];
    for (const [name, scenario, state, rule] of cases) {
      const element = await show(await evaluate(name, scenario));
      expect(element.getAttribute('state')).to.equal(state);
      expect(verdictBox(element).classList.contains('tone-bad'), state).to.equal(true);
      const content = shadowText(element);
      expect(content, state).to.include('このシールを信頼しないでください');
      expect(content, state).to.include('このシールを直ちに取り外してください');
      expect(content, state).to.include(rule);
    }
    const wrongSite = await show(await evaluate('good', { referrer: 'https://copycat.example/' }));
    expect(wrongSite.getAttribute('site')).to.equal('mismatch');
    expect(shadowText(wrongSite)).to.include('copycat.example');
  });

  it('names who runs the site in the banner, which fits above the fold on a phone', async () => {
    const verdict = await evaluate('good');
    const element = await show(verdict);
    element.style.display = 'block';
    element.style.width = '390px';
    await element.updateComplete;
    const banner = verdictBox(element);
    const text = (banner.textContent ?? '').replace(/\s+/g, ' ');
    expect(text).to.include(`このサイト（${verdict.site.host}）は「Verify Shop」が運営しています`);
    const english = await show(verdict, 'en');
    expect(verdictBox(english).textContent).to.include(`is operated by Verify Shop`);
    // The whole banner sits within the first 844 px of a 390 px wide page (an iPhone-sized screen).
    const bottom = banner.getBoundingClientRect().bottom - element.getBoundingClientRect().top;
    expect(bottom, 'banner bottom, px from the top of the page').to.be.at.most(844);
    // No operator line where the seal cannot be relied on.
    for (const name of ['revoked', 'expired']) {
      const bad = await show(await evaluate(name));
      expect(verdictBox(bad).textContent, name).to.not.include('運営しています');
    }
  });

  it('shows days left only while the certificate can be relied on', async () => {
    const good = await show(await evaluate('good'));
    expect(shadowText(good)).to.include('残り日数');
    const revoked = await show(await evaluate('revoked'));
    expect(shadowText(revoked), 'revoked').to.not.include('残り日数');
    const chainless = await show(await evaluate('good', { anchors: [] }));
    expect(shadowText(chainless), 'invalid chain').to.not.include('残り日数');
    const expired = await show(await evaluate('expired'));
    expect(shadowText(expired)).to.include('残り日数');
    expect(shadowText(expired)).to.include('日前に期限切れ');
  });

  it('shows the revocation reason and date', async () => {
    const element = await show(await evaluate('revoked'), 'en');
    const content = shadowText(element);
    expect(content).to.include('This certificate has been revoked');
    expect(content).to.include('key compromise');
    expect(content).to.include(formatJst(REVOKED_AT));
    expect(content).to.include('JPRS server certificate terms, art. 12-3');
  });

  it('amber for a missing referrer, an expiring certificate and unconfirmed revocation', async () => {
    const cases: Array<[string, Scenario, string, string]> = [
      ['good', { referrer: '' }, 'valid', 'unknown'],
      ['expiring', {}, 'expiring', 'match'],
      ['good', { crl: 'stale' }, 'unconfirmed', 'match'],
      ['good', { crl: 'none' }, 'unconfirmed', 'match'],
      ['good', { crl: 'impostor' }, 'unconfirmed', 'match'],
    ];
    for (const [name, scenario, state, site] of cases) {
      const element = await show(await evaluate(name, scenario));
      expect(element.getAttribute('state')).to.equal(state);
      expect(element.getAttribute('site')).to.equal(site);
      expect(verdictBox(element).classList.contains('tone-caution'), `${state} ${site}`).to.equal(true);
      expect(verdictBox(element).classList.contains('tone-good')).to.equal(false);
    }
    const stale = await show(await evaluate('good', { crl: 'stale' }), 'en');
    expect(shadowText(stale)).to.include('stale CRL');
  });

  it('unknown seal in red', async () => {
    const verdict = await evaluateSeal(await loadSeal({ id: 'cd'.repeat(32), base: BASE }), { now: NOW });
    const element = await show(verdict);
    expect(element.getAttribute('state')).to.equal('unknown-seal');
    expect(verdictBox(element).classList.contains('tone-bad')).to.equal(true);
    expect(shadowText(element)).to.include('このシールは登録されていません');
  });

  it('says when the status file disagrees', async () => {
    const good = records.get('good')!;
    const element = await show(await evaluate('good', { status: statusFile(good, 'revoked') }), 'en');
    expect(shadowText(element)).to.include('disagrees with the provider’s status file (revoked');
  });

  it('renders markup in the subject as text', async () => {
    const verdict = await evaluate('markup');
    expect(verdict.certificate!.organization).to.equal(MARKUP_ORG);
    const element = await show(verdict);
    const root = element.shadowRoot!;
    expect(root.querySelector('b, img')).to.equal(null);
    expect(shadowText(element)).to.include(MARKUP_ORG.replace(/\s+/g, ' '));
  });

  it('switches to English and back', async () => {
    const element = await show(await evaluate('good'));
    expect(shadowText(element)).to.include('このシールは有効です');
    const select = element.shadowRoot!.querySelector('select')!;
    select.value = 'en';
    select.dispatchEvent(new Event('change'));
    await element.updateComplete;
    expect(shadowText(element)).to.include('This seal is valid');
    expect(shadowText(element)).to.include('identifies who operates the site');
    select.value = 'ja';
    select.dispatchEvent(new Event('change'));
    await element.updateComplete;
    expect(shadowText(element)).to.include('このシールは有効です');
  });

  it('check() shows progress, then the verdict, and fires shirushi-verification', async () => {
    const element = document.createElement('shirushi-verification');
    document.body.append(element);
    mounted.push(element);
    await element.updateComplete;
    expect(element.getAttribute('state')).to.equal('loading');
    const progress = element.shadowRoot!.querySelector('.progress')!;
    expect(progress.querySelector('progress')).to.not.equal(null);
    // Shown only once the check has taken half a second, so a quick one does not flash.
    expect(getComputedStyle(progress).visibility).to.equal('hidden');
    const events: unknown[] = [];
    element.addEventListener('shirushi-verification', (event) => events.push((event as CustomEvent).detail));
    const id = records.get('good')!.id;
    const verdict = await element.check({ id, base: BASE, referrer: `https://${SITE}/`, now: NOW });
    await element.updateComplete;
    expect(verdict.state).to.equal('valid');
    expect(element.getAttribute('state')).to.equal('valid');
    expect(events).to.deep.equal([{ id, state: 'valid', site: 'match' }]);
  });
});

describe('verify page entry (widgets/verify/page.ts)', () => {
  it('checks the id in the fragment, and again when it changes', async () => {
    // The test page's directory has no seals/, so every id is an unknown seal; that is what is checked here.
    history.replaceState(null, '', `#${'ef'.repeat(32)}`);
    await import('../widgets/verify/page.js');
    const element = document.querySelector('shirushi-verification')!;
    const settled = () =>
      new Promise<CustomEvent>((resolve) =>
        element.addEventListener('shirushi-verification', (event) => resolve(event as CustomEvent), {
          once: true,
        }),
      );
    const first = await settled();
    expect(first.detail).to.deep.equal({ id: 'ef'.repeat(32), state: 'unknown-seal', site: 'unknown' });
    const next = settled();
    location.hash = 'not-an-id';
    expect((await next).detail.state).to.equal('unknown-seal');
    element.remove();
    history.replaceState(null, '', location.pathname + location.search);
  });
});
