// Chromium side of the benchmark: bundles test/bench/page.mjs, serves the project on 127.0.0.1 and drives
// headless Chromium with puppeteer-core, one page.evaluate per case.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

import { CHROMIUM_FLAGS } from '../harness/system.mjs';

export const DEFAULT_CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', ...CHROMIUM_FLAGS];

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
 */
export function startServer(root, virtualFiles = {}) {
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
      let body = virtualFiles[path];
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
  const server = await startServer(root, {
    '/test/bench/page.bundle.js': bundle,
    '/test/bench/inputs.json': JSON.stringify(inputs),
  });
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
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error?.message ?? error)));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${server.origin}/test/bench/page.html`, { waitUntil: 'load' });
    await page
      .waitForFunction(() => window.shirushiBench || window.shirushiBenchError, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`bench page did not start${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`);
      });
    const failure = await page.evaluate(() => window.shirushiBenchError);
    if (failure) throw new Error(`bench page failed: ${failure}`);
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
    });
    for (const name of caseNames) {
      const result = await page.evaluate(
        (caseName, opts) => window.shirushiBench.run(caseName, opts),
        name,
        options,
      );
      onResult?.(result);
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
}
