// Chromium side of the benchmark: bundles test/bench/page.mjs, serves the project on 127.0.0.1 and drives
// headless Chromium with puppeteer-core, one page.evaluate per case. Memory probe cases each get a fresh
// browser context (so a fresh renderer process), whose peak RSS is read from /proc (memory.mjs).
import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

import { CHROMIUM_FLAGS } from '../harness/system.mjs';
import { cases, probeError } from './cases.mjs';
import { PEAK_METHOD, measurePeak, residentBytes } from './memory.mjs';

export const DEFAULT_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// --expose-gc: the CRL cases collect garbage before each timed call, as they do in node.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--js-flags=--expose-gc', ...CHROMIUM_FLAGS];

/** Where page.mjs fetches CRL input files from (`./crl/<file>` next to page.html). */
const CRL_PATH = '/test/bench/crl/';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.pem': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Bundles test/bench/page.mjs with the built package and pkijs into one unminified ES module, in memory.
 * "shirushi" resolves to dist/shirushi.js, the same file node imports.
 */
export async function bundlePage(root) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['test/bench/page.mjs'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: false,
    write: false,
    logLevel: 'silent',
    alias: { shirushi: './dist/shirushi.js' },
  });
  return result.outputFiles[0].text;
}

/**
 * A static file server for `root` on a free loopback port, plus `virtualFiles` (path -> body) served
 * from memory. GET and HEAD only; no directory listings; nothing outside `root`, no dot-directories.
 * `assets` (file name -> body) answers `…/assets/<name>` at any depth: the built package refers to its
 * worker script (dist/assets/worker-<hash>.js) by a URL resolved against `import.meta.url`, which in
 * the page bundle is the bundle's URL, so where the request lands depends on how the build writes it.
 */
export function startServer(root, virtualFiles = {}, assets = {}) {
  const headers = (type) => ({
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Cross-origin isolation, for a finer performance.now() in the page.
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
  const server = createServer(async (request, response) => {
    const fail = (status) => {
      response.writeHead(status, headers('text/plain; charset=utf-8'));
      response.end(`${status}\n`);
    };
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405);
      const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
      const path = decodeURIComponent(pathname);
      const asset = /\/assets\/([^/]+)$/.exec(path)?.[1];
      let body = virtualFiles[path] ?? (asset && Object.hasOwn(assets, asset) ? assets[asset] : undefined);
      if (body === undefined) {
        const file = normalize(join(root, path));
        if (!file.startsWith(root + sep) || path.split('/').some((part) => part.startsWith('.'))) {
          return fail(404);
        }
        const info = await stat(file).catch(() => undefined);
        if (!info?.isFile()) return fail(404);
        body = await readFile(file);
      }
      response.writeHead(200, headers(MIME_TYPES[extname(path)] ?? 'application/octet-stream'));
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      fail(500);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Loads the bench page in `page` and waits until it is ready; throws with the page's errors if not. */
async function openBenchPage(page, url) {
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(String(error?.message ?? error)));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.goto(url, { waitUntil: 'load' });
  await page
    .waitForFunction(() => window.shirushiBench || window.shirushiBenchError, { timeout: 30_000 })
    .catch(() => {
      throw new Error(`bench page did not start${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
    });
  const failure = await page.evaluate(() => window.shirushiBenchError);
  if (failure) throw new Error(`bench page failed: ${failure}`);
}

/** Process ids of the renderer processes below the browser process `rootPid`. */
async function rendererPids(rootPid) {
  const parents = new Map();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // The fields after the command name (which is in parentheses and may contain anything): state, ppid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) parents.set(Number(entry), ppid);
  }
  const isBelowRoot = (pid) => {
    for (let p = parents.get(pid); p; p = parents.get(p)) if (p === rootPid) return true;
    return false;
  };
  const renderers = [];
  for (const pid of parents.keys()) {
    if (!isBelowRoot(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    // Zygote children rewrite their command line into one space-separated string.
    if (cmdline.split(/[\0 ]/).includes('--type=renderer')) renderers.push(pid);
  }
  return renderers;
}

const BALLAST_BYTES = 256 * 1024 * 1024;

/**
 * The renderer process of `page`: the one whose RSS grows by most of BALLAST_BYTES while the page holds
 * that much touched memory (page and renderer ids are not exposed otherwise).
 */
async function findRendererPid(browser, page) {
  const pids = await rendererPids(browser.process().pid);
  const rssOf = (pid) => residentBytes(pid).catch(() => 0);
  const before = await Promise.all(pids.map(rssOf));
  await page.evaluate((bytes) => window.shirushiBench.allocateBallast(bytes), BALLAST_BYTES);
  const after = await Promise.all(pids.map(rssOf));
  await page.evaluate(() => window.shirushiBench.releaseBallast());
  const growth = pids.map((pid, i) => ({ pid, grew: after[i] - before[i] }));
  const best = growth.sort((a, b) => b.grew - a.grew)[0];
  if (!best || best.grew < BALLAST_BYTES * 0.75) {
    throw new Error(`could not tell which renderer process runs the page (${JSON.stringify(growth)})`);
  }
  return best.pid;
}

/** One memory probe case in a fresh browser context; resolves with its result (an `error` on failure). */
async function runProbe(browser, url, benchCase) {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await openBenchPage(page, url);
    const pid = await findRendererPid(browser, page);
    await page.evaluate((name) => window.shirushiBench.probePrepare(name), benchCase.name);
    const { value, ...memory } = await measurePeak(pid, () =>
      page.evaluate(() => window.shirushiBench.probeRun()),
    );
    return { ...value, ...memory, method: PEAK_METHOD, freshContext: true };
  } catch (error) {
    return probeError(benchCase, error);
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * Runs the named cases in headless Chromium. `onEnvironment(info)` and `onResult(result)` are called as
 * things happen. Throws if Chromium cannot be started or the page does not load.
 */
export async function runChromium({
  root,
  inputs,
  options,
  caseNames,
  executablePath,
  onEnvironment,
  onResult,
}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const bundle = await bundlePage(root);
  const crlFiles = {};
  if (inputs.crl) {
    for (const { file } of [...inputs.crl.warmups, ...inputs.crl.crls]) {
      crlFiles[`${CRL_PATH}${file}`] = await readFile(join(inputs.crl.dir, file));
    }
  }
  const assetDir = join(root, 'dist', 'assets');
  const assets = {};
  for (const name of await readdir(assetDir).catch(() => [])) {
    assets[name] = await readFile(join(assetDir, name));
  }
  const server = await startServer(
    root,
    {
      '/test/bench/page.bundle.js': bundle,
      '/test/bench/inputs.json': JSON.stringify(inputs),
      ...crlFiles,
    },
    assets,
  );
  const pageUrl = `${server.origin}/test/bench/page.html`;
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      // A slow case on a loaded machine must not hit puppeteer's protocol timeout.
      protocolTimeout: 10 * 60 * 1000,
    });
    const page = await browser.newPage();
    await openBenchPage(page, pageUrl);
    const pageInfo = await page.evaluate(() => window.shirushiBench.environment());
    const session = await browser.target().createCDPSession();
    const { product, jsVersion } = await session.send('Browser.getVersion');
    await session.detach();
    onEnvironment?.({
      environment: 'chromium',
      version: product,
      engine: `V8 ${jsVersion}`,
      userAgent: pageInfo.userAgent,
      crossOriginIsolated: pageInfo.crossOriginIsolated,
      gcExposed: pageInfo.gcExposed,
    });
    const probes = new Map(cases.filter((c) => c.probe).map((c) => [c.name, c]));
    for (const name of caseNames) {
      if (probes.has(name)) continue;
      const result = await page.evaluate(
        (caseName, opts) => window.shirushiBench.run(caseName, opts),
        name,
        options,
      );
      onResult?.(result);
    }
    // Whether the package started its CRL worker (it checks CRLs above 512 KiB there, in a page).
    onEnvironment?.({ workers: page.workers().map((worker) => worker.url()) });
    // After the timing cases, so the fresh renderers do not share the machine with a busy one.
    for (const name of caseNames) {
      if (probes.has(name)) onResult?.(await runProbe(browser, pageUrl, probes.get(name)));
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}
