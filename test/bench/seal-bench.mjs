// Site seal rows (issue 5): end-to-end measurements of the built provider site (dist/provider/) and the
// `shirushi seal` command, rather than cases timed in a loop:
//
//   seal.js gzipped       dist/provider/seal.js at gzip -9, against the issue's 4096-byte budget (PASS/FAIL)
//   seal first render     headless Chromium, a fresh browser context per run: a host page on one origin
//                         (localhost) embeds the snippet printed by `seal add`; the provider site is served
//                         from another (127.0.0.1). Timed from the moment seal.js defines <shirushi-seal>
//                         (customElements.whenDefined: the module has started) to the first
//                         `shirushi-seal-state` event, the first render that is not `loading` (it includes
//                         the record and status fetches on loopback).
//   verify page verdict   verify.html#<id> for a certificate whose CRL has 10 000 or 1 000 000 entries
//                         (the CRLs of crl-inputs.mjs, copied into crls/ by `seal status`), from navigation
//                         start to the first `state` of <shirushi-verification> other than `loading`.
//                         uncached: a fresh browser context per run (no IndexedDB, service worker or HTTP
//                         cache); cached: reloads in a context that has already shown the page once (the
//                         page precached and the record cached by sw.js; the status file and the CRL are
//                         network-first, so they are downloaded again, and the CRL is verified again).
//   seal status           `shirushi seal status` over 10 000 registered seals (records of leaves that differ
//                         in serial, re-signed in node with the bench CA's key; cached with the CRL inputs),
//                         each checked against the 10 000-entry CRL from a mirror directory: wall time of
//                         the command, and seals per second.
//
// The provider site is set up the way a deployment does it: `seal site`, `seal add`, `seal status`.
import { execFile } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

import { CHROMIUM_FLAGS } from '../harness/system.mjs';
import { entriesLabel } from './crl-cases.mjs';
import { medianOf as median } from './measure.mjs';
import { formatBytes, formatTime } from './report.mjs';

export const SEAL_BUDGET_GZIP = 4096;
const STATUS_SEALS = 10_000;
const VERIFY_SIZES = [10_000, 1_000_000];
const RENDER_RUNS = 9;
const VERIFY_RUNS = { 10_000: 5, 1_000_000: 3 };
const CRL_HOST = 'crl.bench.invalid';
const crlUrl = (entries) => `http://${CRL_HOST}/crl-${entries}.der`;
const STATUS_CACHE_VERSION = 'seal-status-v1';
const CACHE_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'node_modules',
  '.cache',
  'shirushi-bench',
);

/** The rows, in report order. `env`: what the row needs (`chromium` rows are skipped with --env=node). */
export const SEAL_ROWS = [
  { name: 'seal: seal.js gzipped bytes', env: 'build' },
  { name: 'seal: first render (seal.js start → verdict)', env: 'chromium' },
  ...VERIFY_SIZES.flatMap((entries) =>
    ['uncached', 'cached'].map((cache) => ({
      name: `seal: verify page verdict, CRL ${entriesLabel(entries)}, ${cache}`,
      env: 'chromium',
      entries,
      cache,
    })),
  ),
  { name: `seal: status throughput, ${entriesLabel(STATUS_SEALS)} seals`, env: 'node' },
];

/** The seal rows whose names match `filter` (case-insensitive), runnable in `environments`. */
export function selectSealRows(filter, environments) {
  const pattern = filter ? new RegExp(filter, 'i') : undefined;
  return SEAL_ROWS.filter(
    (row) => (!pattern || pattern.test(row.name)) && (row.env === 'build' || environments.includes(row.env)),
  );
}

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.der': 'application/pkix-crl',
  '.crl': 'application/pkix-crl',
};

/** A loopback static server for `dir` with the headers the README asks a provider to send. */
function serveDirectory(dir, host, virtualFiles = {}) {
  const server = createServer(async (request, response) => {
    const fail = (status) => {
      response.writeHead(status, { 'Content-Type': 'text/plain' });
      response.end(`${status}\n`);
    };
    try {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      let body = virtualFiles[path];
      if (body === undefined) {
        const file = normalize(join(dir, path));
        if (!file.startsWith(dir + sep)) return fail(404);
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile()) return fail(404);
        body = await readFile(file);
      }
      const headers = {
        'Content-Type': MIME_TYPES[extname(path)] ?? 'application/octet-stream',
        'Access-Control-Allow-Origin': '*',
        'Timing-Allow-Origin': '*',
        // Every run decides its own caching with browser contexts; the HTTP cache must not blur that.
        'Cache-Control': 'no-cache',
      };
      response.writeHead(200, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      fail(500);
    }
  });
  return new Promise((resolveStarted, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolveStarted({
        origin: `http://${host}:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Runs the shirushi CLI; resolves with { code, stdout, stderr, ms }. */
function cli(root, args) {
  const started = performance.now();
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      [join(root, 'bin', 'shirushi.mjs'), ...args],
      { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LANG: 'C', LC_ALL: '' } },
      (error, stdout, stderr) =>
        resolveRun({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
          ms: performance.now() - started,
        }),
    );
  });
}

async function mustCli(root, args) {
  const result = await cli(root, args);
  if (result.code !== 0) throw new Error(`shirushi ${args.join(' ')}: exit ${result.code}: ${result.stderr}`);
  return result;
}

/** A leaf of the bench CRL CA (crl-inputs.mjs) with a CRL distribution point and loopback names. */
async function issueLeaf(crl, openssl, work, name, entries) {
  await writeFile(
    join(work, `${name}.ext`),
    [
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid:always',
      'certificatePolicies = 2.23.140.1.2.2',
      `crlDistributionPoints = URI:${crlUrl(entries)}`,
      'subjectAltName = DNS:localhost, IP:127.0.0.1',
      '',
    ].join('\n'),
  );
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x10;
  // prettier-ignore
  await openssl([
    'req', '-new', '-key', join(crl.dir, 'leaf.key'), '-subj', '/O=Shirushi Bench Shop/CN=localhost',
    '-out', join(work, `${name}.csr`),
  ]);
  // prettier-ignore
  await openssl([
    'x509', '-req', '-in', join(work, `${name}.csr`), '-CA', join(crl.dir, 'ca.pem'),
    '-CAkey', join(crl.dir, 'ca.key'), '-set_serial', `0x${serial.toString('hex')}`, '-days', '365',
    '-sha256', '-extfile', join(work, `${name}.ext`), '-out', join(work, `${name}.pem`),
  ]);
  return join(work, `${name}.pem`);
}

/** A directory holding each CRL under encodeURIComponent(its URL), as `seal status --crl-mirror` reads. */
async function crlMirror(crl, work, sizes) {
  const dir = join(work, 'mirror');
  await mkdir(dir, { recursive: true });
  for (const entries of sizes) {
    const file = crl.crls.find((c) => c.entries === entries)?.file;
    if (!file) throw new Error(`no CRL of ${entries} entries in the bench inputs`);
    const link = join(dir, encodeURIComponent(crlUrl(entries)));
    if (!existsSync(link)) await symlink(join(crl.dir, file), link);
  }
  return dir;
}

/** The provider site of a deployment, in `work/site`, with one seal per CRL size. */
async function prepareSite({ root, crl, openssl, work, providerOrigin }) {
  const site = join(work, 'site');
  await mustCli(root, ['seal', 'site', '--out', site]);
  const caDer = (await openssl(['x509', '-in', join(crl.dir, 'ca.pem'), '-outform', 'DER'])).toString(
    'base64',
  );
  await writeFile(join(site, 'trust-anchors.json'), JSON.stringify({ anchors: [caDer] }));
  const seals = {};
  for (const entries of VERIFY_SIZES) {
    const leaf = await issueLeaf(crl, openssl, work, `leaf-${entries}`, entries);
    // prettier-ignore
    const added = await mustCli(root, [
      'seal', 'add', leaf, '--chain', join(crl.dir, 'ca.pem'), '--brand', 'jprs', '--out', site,
      '--base-url', `${providerOrigin}/`,
    ]);
    const id = /seal="([0-9a-f]{64})"/.exec(added.stdout)?.[1];
    if (!id) throw new Error(`seal add printed no seal id: ${added.stdout}`);
    seals[entries] = { id, snippet: added.stdout };
  }
  const mirror = await crlMirror(crl, work, VERIFY_SIZES);
  const status = await cli(root, ['seal', 'status', '--out', site, '--crl-mirror', mirror]);
  if (status.code !== 0)
    throw new Error(`seal status: exit ${status.code}: ${status.stdout}${status.stderr}`);
  return { site, seals };
}

/** Installed in every page before its scripts: records when the seal is defined and its first verdict. */
function sealProbe() {
  const probe = (window.__sealBench = {});
  customElements.whenDefined('shirushi-seal').then(() => {
    probe.definedAt = performance.now();
  });
  document.addEventListener(
    'shirushi-seal-state',
    (event) => {
      if (probe.verdictAt === undefined && event.detail?.state !== 'loading') {
        probe.verdictAt = performance.now();
        probe.state = event.detail?.state;
        probe.reason = event.detail?.reason;
      }
    },
    true,
  );
}

/** Installed in the verification page: the first `state` of <shirushi-verification> that is not loading. */
function verifyProbe() {
  const probe = (window.__verifyBench = {});
  const look = () => {
    const state = document.querySelector('shirushi-verification')?.getAttribute('state');
    if (probe.verdictAt === undefined && state && state !== 'loading') {
      probe.verdictAt = performance.now();
      probe.state = state;
    }
  };
  new MutationObserver(look).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['state'],
  });
}

async function waitForProbe(page, name, timeout) {
  await page.waitForFunction((key) => window[key]?.verdictAt !== undefined, { timeout, polling: 10 }, name);
  return page.evaluate((key) => ({ ...window[key] }), name);
}

async function sealRenderRow(browser, hostOrigin, runs) {
  const times = [];
  const fromResponse = [];
  let state;
  for (let i = 0; i < runs; i++) {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.evaluateOnNewDocument(sealProbe);
      await page.goto(`${hostOrigin}/host.html`, { waitUntil: 'load' });
      const probe = await waitForProbe(page, '__sealBench', 30_000);
      const responseEnd = await page.evaluate(
        () => performance.getEntriesByType('resource').find((e) => e.name.endsWith('/seal.js'))?.responseEnd,
      );
      times.push(probe.verdictAt - probe.definedAt);
      if (responseEnd !== undefined) fromResponse.push(probe.verdictAt - responseEnd);
      state = probe.reason ? `${probe.state} (${probe.reason})` : probe.state;
    } finally {
      await context.close().catch(() => {});
    }
  }
  return {
    medianMs: median(times),
    runs: times.length,
    state,
    note: fromResponse.length
      ? `seal.js response end → verdict ${formatTime(median(fromResponse))}`
      : undefined,
  };
}

async function verifyRow(browser, providerOrigin, seal, row) {
  const url = `${providerOrigin}/verify.html#${seal.id}`;
  const runs = VERIFY_RUNS[row.entries];
  const timeout = 180_000;
  const times = [];
  let state;
  const once = async (page, reload) => {
    if (reload) await page.reload({ waitUntil: 'load' });
    else await page.goto(url, { waitUntil: 'load' });
    const probe = await waitForProbe(page, '__verifyBench', timeout);
    state = probe.state;
    return probe.verdictAt;
  };
  if (row.cache === 'uncached') {
    for (let i = 0; i < runs; i++) {
      const context = await browser.createBrowserContext();
      try {
        const page = await context.newPage();
        await page.evaluateOnNewDocument(verifyProbe);
        times.push(await once(page, false));
      } finally {
        await context.close().catch(() => {});
      }
    }
  } else {
    const context = await browser.createBrowserContext();
    try {
      const page = await context.newPage();
      await page.evaluateOnNewDocument(verifyProbe);
      await once(page, false);
      // Let the service worker finish installing and precaching before the timed reloads.
      await page
        .evaluate(() =>
          navigator.serviceWorker
            ? Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(r, 10_000))])
            : undefined,
        )
        .catch(() => {});
      for (let i = 0; i < runs; i++) times.push(await once(page, true));
    } finally {
      await context.close().catch(() => {});
    }
  }
  return { medianMs: median(times), runs: times.length, state };
}

// --- seal status over 10 000 records -------------------------------------------------------------------

/** A DER element at `offset`: tag, where its content starts and where it ends. */
function element(der, offset) {
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i];
    start += bytes;
  }
  return { tag: der[offset], start, end: start + length };
}

/**
 * Copies of the template certificate with fresh serial numbers, re-signed with the CA's RSA key. The
 * serial keeps its length and RSA-2048 signatures are always 256 bytes, so every length stays the same.
 */
function* resignedLeaves(templateDer, caKey, count) {
  const certificate = element(templateDer, 0);
  const tbs = element(templateDer, certificate.start);
  const version = element(templateDer, tbs.start);
  const serial = element(templateDer, version.tag === 0xa0 ? version.end : tbs.start);
  const algorithm = element(templateDer, tbs.end);
  const signature = element(templateDer, algorithm.end);
  if (serial.tag !== 0x02 || signature.tag !== 0x03 || signature.end - signature.start !== 257) {
    throw new Error('unexpected template certificate layout');
  }
  for (let i = 0; i < count; i++) {
    const der = Buffer.from(templateDer);
    const fresh = randomBytes(serial.end - serial.start);
    fresh[0] = (fresh[0] & 0x7f) | 0x10;
    fresh.copy(der, serial.start);
    const tbsBytes = der.subarray(certificate.start, tbs.end);
    sign('sha256', tbsBytes, caKey).copy(der, signature.start + 1);
    yield der;
  }
}

/** A registry of STATUS_SEALS records (cached: generating takes a while); returns its directory. */
async function statusRegistry({ root, crl, openssl, log }) {
  const dir = join(CACHE_ROOT, STATUS_CACHE_VERSION);
  try {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
    if (meta.caPemSha256 === sha256(await readFile(join(crl.dir, 'ca.pem'))) && meta.count === STATUS_SEALS) {
      return { dir, cached: true };
    }
  } catch {
    // Not cached yet.
  }
  log(`generating ${STATUS_SEALS} seal records (cached in ${dir})…`);
  const started = performance.now();
  const work = await mkdtemp(join(tmpdir(), 'shirushi-seal-bench-'));
  const staging = `${dir}.tmp-${process.pid}`;
  try {
    const templatePem = await issueLeaf(crl, openssl, work, 'template', 10_000);
    const templateDer = await openssl(['x509', '-in', templatePem, '-outform', 'DER']);
    const caKey = createPrivateKey(await readFile(join(crl.dir, 'ca.key')));
    const caPem = await readFile(join(crl.dir, 'ca.pem'), 'utf8');
    const shirushi = await import(pathToFileURL(join(root, 'dist', 'shirushi.js')).href);
    await rm(staging, { recursive: true, force: true });
    await mkdir(join(staging, 'seals'), { recursive: true });
    let written = 0;
    for (const der of resignedLeaves(templateDer, caKey, STATUS_SEALS)) {
      const record = await shirushi.createSealRecord({
        leaf: new Uint8Array(der),
        chain: caPem,
        brand: 'generic',
      });
      await writeFile(join(staging, 'seals', `${record.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
      written++;
    }
    await writeFile(
      join(staging, 'meta.json'),
      JSON.stringify({ count: written, caPemSha256: sha256(Buffer.from(caPem)), generatedAt: new Date() }),
    );
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    log(`seal records generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { dir, cached: false };
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function statusRow({ root, crl, openssl, work, log }) {
  const registry = await statusRegistry({ root, crl, openssl, log });
  // A private copy of the registry: the status files and crls/ it writes do not go into the cache.
  const site = join(work, 'status-site');
  await mkdir(join(site, 'seals'), { recursive: true });
  const names = (await readdir(join(registry.dir, 'seals'))).filter((name) => name.endsWith('.json'));
  for (const name of names) await symlink(join(registry.dir, 'seals', name), join(site, 'seals', name));
  const mirror = await crlMirror(crl, work, [10_000]);
  const result = await cli(root, ['seal', 'status', '--out', site, '--crl-mirror', mirror]);
  const lines = result.stdout.split('\n').filter(Boolean);
  const good = lines.filter((line) => /^[0-9a-f]{64}\s+good\s/.test(line)).length;
  if (result.code !== 0 || good !== STATUS_SEALS) {
    throw new Error(
      `seal status: exit ${result.code}, ${good} of ${STATUS_SEALS} good: ${result.stderr.slice(0, 500)}`,
    );
  }
  return {
    medianMs: result.ms,
    runs: 1,
    perSecond: STATUS_SEALS / (result.ms / 1000),
    note: `records ${registry.cached ? 'cached' : 'generated for this run'}; CRL of 10 000 entries from a mirror directory`,
  };
}

// --- driver ----------------------------------------------------------------------------------------------

/**
 * Runs the selected seal rows; resolves with one result per row (`error` instead of numbers when a row
 * could not be measured). `crl` is inputs.crl from inputs.mjs; `openssl(args)` runs the binary.
 */
export async function runSealBench({ root, rows, crl, openssl, executablePath, log }) {
  const results = [];
  const record = (row, value) => {
    const result = { case: row.name, ...value };
    results.push(result);
    log(
      `  [seal] ${row.name}: ${
        result.error ?? (result.bytes !== undefined ? `${result.bytes} B` : formatTime(result.medianMs))
      }`,
    );
  };
  const sealJs = join(root, 'dist', 'provider', 'seal.js');
  for (const row of rows.filter((r) => r.env === 'build')) {
    if (!existsSync(sealJs)) record(row, { error: 'dist/provider/seal.js is not built' });
    else {
      const code = await readFile(sealJs);
      const bytes = gzipSync(code, { level: 9 }).length;
      record(row, {
        bytes,
        minifiedBytes: code.length,
        budget: SEAL_BUDGET_GZIP,
        pass: bytes <= SEAL_BUDGET_GZIP,
      });
    }
  }
  const browserRows = rows.filter((r) => r.env === 'chromium');
  const nodeRows = rows.filter((r) => r.env === 'node');
  const work = await mkdtemp(join(tmpdir(), 'shirushi-seal-bench-'));
  try {
    if (browserRows.length)
      await runBrowserRows({ root, rows: browserRows, crl, openssl, work, executablePath, record });
    for (const row of nodeRows) {
      try {
        record(row, await statusRow({ root, crl, openssl, work, log }));
      } catch (error) {
        record(row, { error: error.message });
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return results;
}

async function runBrowserRows({ root, rows, crl, openssl, work, executablePath, record }) {
  const fail = (message) => rows.forEach((row) => record(row, { error: message }));
  if (!existsSync(join(root, 'dist', 'provider', 'seal.js'))) return fail('dist/provider is not built');
  const siteDir = join(work, 'site');
  // The host page is generated once the provider's origin (and so the snippet) is known.
  const hostFiles = {};
  const provider = await serveDirectory(siteDir, '127.0.0.1');
  const host = await serveDirectory(join(work, 'host'), 'localhost', hostFiles);
  let browser;
  try {
    const { site, seals } = await prepareSite({ root, crl, openssl, work, providerOrigin: provider.origin });
    if (site !== siteDir) throw new Error('unexpected site directory');
    hostFiles['/host.html'] = [
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>seal bench host</title></head><body>',
      '<p>A shop page.</p>',
      seals[10_000].snippet,
      '</body></html>',
    ].join('\n');
    const { default: puppeteer } = await import('puppeteer-core');
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: ['--headless', '--no-sandbox', ...CHROMIUM_FLAGS],
      protocolTimeout: 10 * 60 * 1000,
    });
    const verifyBuilt = existsSync(join(site, 'verify.js'));
    for (const row of rows) {
      try {
        if (row.entries === undefined) record(row, await sealRenderRow(browser, host.origin, RENDER_RUNS));
        else if (!verifyBuilt) record(row, { error: 'dist/provider/verify.js is not built' });
        else record(row, await verifyRow(browser, provider.origin, seals[row.entries], row));
      } catch (error) {
        record(row, { error: String(error?.message ?? error).split('\n')[0] });
      }
    }
  } catch (error) {
    fail(String(error?.message ?? error).split('\n')[0]);
  } finally {
    await browser?.close().catch(() => {});
    await provider.close();
    await host.close();
  }
}

/** The seal section of the report. */
export function formatSealReport(results) {
  const width = Math.max(...results.map((r) => r.case.length));
  const lines = ['site seal (issue 5):'];
  for (const result of results) {
    let text;
    if (result.error) text = `error: ${result.error}`;
    else if (result.bytes !== undefined)
      text =
        `${result.bytes} B gzipped (${formatBytes(result.minifiedBytes)} minified); ` +
        `budget ${result.budget} B: ${result.pass ? 'PASS' : 'FAIL'}`;
    else
      text = [
        `${formatTime(result.medianMs)}${result.runs > 1 ? ` (median of ${result.runs})` : ''}`,
        result.perSecond !== undefined
          ? `${Math.round(result.perSecond).toLocaleString('en-US')} seals/s`
          : '',
        result.state ? `verdict ${result.state}` : '',
        result.note ?? '',
      ]
        .filter(Boolean)
        .join('; ');
    lines.push(`  ${result.case.padEnd(width)}  ${text}`);
  }
  return lines.join('\n');
}
