// Three loopback origins for the site seal end-to-end tests (test/seal-e2e.test.ts), started with the
// web-test-runner server:
//
//   PROVIDER  http://127.0.0.1:<b>   the seal provider: a temp copy of dist/provider plus seals/, crls/ and
//                                    trust-anchors.json made at test time (test/fixtures/seal-pki.mjs), with
//                                    `Access-Control-Allow-Origin: *` and the cache headers a CDN would send
//   HOST      http://localhost:<a>   the site the certificates name; serves the test host pages below
//   COPIER    http://127.0.0.2:<c>   a site that copied the same snippet (Linux routes all of 127.0.0.0/8 to lo)
//
// Host pages (same routes on HOST and COPIER), each with a strict CSP HTTP header (a fresh nonce per response):
//   script-src 'nonce-…' <provider>; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'
//   (?csp=strict adds default-src 'none', style-src 'nonce-…', img-src/connect-src/frame-src <provider> and
//   trusted-types 'none')
//   GET /seal/<name>.html[?integrity=bad|none][&lang=en][&probe=csp|tt|shift]   the CLI's embed snippet
//       for seal <name> (probes are negative controls: a violation or a layout shift on purpose)
//       (`unknown` is the valid snippet with an id that was never registered), text after it, and a nonce'd
//       reporter that relays to window.parent (postMessage, source 'shirushi-seal-host'):
//       { kind: 'csp', directive, blockedURI, sample }   securitypolicyviolation events
//       { kind: 'shift', value, hadRecentInput }         layout-shift entries (buffered; Chromium)
//       { kind: 'state', detail, attribute }             shirushi-seal-state events
//       { kind: 'geometry', phase, … }                   where the seal line and the text after it are,
//                                                        before seal.js runs ('fallback') and on each state
//       { kind: 'load', defined, fallbackLinks, states } at window load
//       { kind: 'verification', data }                   messages from a framed verification page
//       { kind: 'error', message }                       uncaught errors
//   GET /verify/<name>.html[?referrerpolicy=no-referrer]  the same reporter and an iframe with the
//       provider's verify.html#<id> (so document.referrer there is this page, or nothing)
//
// Middleware (register in `middleware`): GET /seal-provider/* serves the provider directory on the test
// runner's own origin, so a test can read the verification page's DOM.
//
// Command `seal-origins` (executeServerCommand('seal-origins', payload)):
//   { action: 'origins' }  -> { provider, host, copier }
//   { action: 'setup' }    -> { origins, pki, source, hasVerifyPage } (once per process; see seal-pki.mjs),
//                             or { pending: true } while that is still being made: ask again
//   { action: 'offline', offline: boolean }  -> { offline, refused }: while offline, every request to the
//                             provider (127.0.0.1 and /seal-provider/*) has its socket destroyed without an
//                             answer, as a dropped network would (test/seal-offline.test.ts); `refused` lists
//                             the paths refused since the provider last went offline. Online is the default.
//   { action: 'http-cache', enabled: boolean } -> { enabled }: disabled, every provider response says
//                             `Cache-Control: no-store` instead of a CDN's lifetimes, as if the browser's HTTP
//                             cache had expired by the next visit (only a service worker's cache is left).
//                             Enabled is the default.
import { randomBytes, createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { cp, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { generateSealPki } from '../fixtures/seal-pki.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HOSTS = { provider: '127.0.0.1', host: 'localhost', copier: '127.0.0.2' };
const MOUNT = '/seal-provider/';

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** @type {{ provider?: string, host?: string, copier?: string }} */
const origins = {};
/** @type {import('node:http').Server[]} */
const servers = [];
let providerDir;
/** @type {Promise<any> | undefined} */
let setupPromise;
let setupResult;
/** While true the provider answers nothing (see the `offline` action); `refused` records what it dropped. */
const network = { offline: false, refused: /** @type {string[]} */ ([]), httpCache: true };

/** Destroys the request's socket when the provider is offline; true when it did. */
function refusedOffline(request, path) {
  if (!network.offline) return false;
  network.refused.push(path);
  request.socket.destroy();
  return true;
}

/** Cache lifetimes a CDN in front of the provider would send (see the deployment notes in README). */
function cacheControl(path) {
  if (!network.httpCache) return 'no-store';
  if (/^seals\/[0-9a-f]{64}\.json$/.test(path)) return 'public, max-age=31536000, immutable';
  if (/^seals\/[0-9a-f]{64}\.status\.json$/.test(path)) return 'public, max-age=300';
  if (path.startsWith('crls/')) return 'public, max-age=3600';
  if (path.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  if (path === 'verify.html' || path === 'sw.js' || path === 'trust-anchors.json') return 'no-cache';
  return 'public, max-age=3600';
}

function contentType(path) {
  if (path.startsWith('crls/')) return 'application/pkix-crl';
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

/** Serves one file of the provider directory, or 404; never outside it. */
async function serveProviderFile(request, response, relative) {
  const headers = {
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
  };
  if (request.method === 'OPTIONS') {
    response.writeHead(204, { ...headers, 'Access-Control-Allow-Methods': 'GET, HEAD' });
    return response.end();
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, headers);
    return response.end();
  }
  let path = decodeURIComponent(relative);
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const file = providerDir && normalize(join(providerDir, path));
  const info = file && file.startsWith(providerDir + sep) ? await stat(file).catch(() => null) : null;
  if (!info?.isFile()) {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache' });
    return response.end('not found\n');
  }
  const etag = `"${info.size.toString(16)}-${info.mtimeMs.toString(16)}"`;
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, { ...headers, ETag: etag, 'Cache-Control': cacheControl(path) });
    return response.end();
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': contentType(path),
    'Content-Length': String(info.size),
    'Cache-Control': cacheControl(path),
    ETag: etag,
    'Last-Modified': new Date(info.mtimeMs).toUTCString(),
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file).pipe(response);
}

const escapeAttribute = (text) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/** The reporter every host page runs first (inline, with the response's nonce). */
const REPORTER = `(() => {
  const post = (message) => parent.postMessage({ source: 'shirushi-seal-host', ...message }, '*');
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  };
  const geometry = (phase) => {
    const line = document.getElementById('seal-line');
    const after = document.getElementById('after');
    const seal = document.querySelector('shirushi-seal');
    if (line && after && seal) post({ kind: 'geometry', phase, line: box(line), after: box(after), seal: box(seal) });
  };
  window.shirushiGeometry = geometry;
  document.addEventListener('securitypolicyviolation', (e) =>
    post({ kind: 'csp', directive: e.effectiveDirective || e.violatedDirective, blockedURI: e.blockedURI, sample: e.sample }),
  );
  addEventListener('shirushi-seal-state', (e) => {
    post({ kind: 'state', detail: { ...e.detail }, attribute: e.target.getAttribute('state') });
    geometry(e.detail && e.detail.state);
  });
  addEventListener('error', (e) => post({ kind: 'error', message: String(e.message) }));
  addEventListener('message', (e) => {
    if (e.data && e.data.type === 'shirushi-verification') post({ kind: 'verification', data: e.data });
  });
  const types = (typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes) || [];
  post({ kind: 'start', layoutShift: types.includes('layout-shift'), trustedTypes: typeof trustedTypes === 'object' });
  if (types.includes('layout-shift')) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) post({ kind: 'shift', value: entry.value, hadRecentInput: entry.hadRecentInput });
    }).observe({ type: 'layout-shift', buffered: true });
  }
  addEventListener('load', () =>
    post({
      kind: 'load',
      defined: Boolean(customElements.get('shirushi-seal')),
      fallbackLinks: document.querySelectorAll('shirushi-seal > a[href]').length,
      states: [...document.querySelectorAll('shirushi-seal')].map((s) => s.getAttribute('state')),
    }),
  );
})();`;

const AFTER_TEXT =
  'このテキストはシールの後にあります。シールが読み込まれても動いてはいけません。 ' +
  'This text comes after the seal and must not move while the seal loads. '.repeat(3);

function hostPage({ nonce, title, lang, body }) {
  // The page's own <style> carries the nonce so that ?csp=strict (style-src 'nonce-…') allows it.
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeAttribute(title)}</title>
<script nonce="${nonce}">${REPORTER}</script>
<style nonce="${nonce}">body { font: 16px/1.5 sans-serif; margin: 8px; } p { margin: 0 0 8px; }</style>
</head>
<body>
<p>Seal host page (${escapeAttribute(title)})</p>
${body}
</body>
</html>
`;
}

/**
 * Negative controls, to show the reporter would notice: `csp` runs an inline script without the nonce,
 * `tt` passes a string to insertAdjacentHTML (a Trusted Types sink), `shift` pushes the text after the seal down.
 */
function probes(probe, nonce) {
  if (probe === 'csp') return `<script>document.title = 'inline script ran';</script>\n`;
  if (probe === 'tt') {
    return `<script nonce="${nonce}">try { document.getElementById('seal-line').insertAdjacentHTML('beforeend', '<i>x</i>'); } catch {}</script>\n`;
  }
  if (probe === 'shift') {
    return (
      `<script nonce="${nonce}">addEventListener('load', () => setTimeout(() => {` +
      `const block = document.createElement('div'); block.style.height = '80px';` +
      `document.getElementById('after').before(block); window.shirushiGeometry('probe'); }, 100));</script>\n`
    );
  }
  return '';
}

function snippetFor(name, query) {
  const pki = setupResult?.pki;
  if (!pki) return undefined;
  let snippet;
  if (name === 'unknown') snippet = pki.seals.valid.snippet.replaceAll(pki.seals.valid.id, pki.unknownId);
  else snippet = pki.seals[name]?.snippet;
  if (!snippet) return undefined;
  const integrity = query.get('integrity');
  if (integrity === 'none') snippet = snippet.replace(/ integrity="[^"]*"/, '');
  if (integrity === 'bad') {
    const wrong = createHash('sha384').update('not the deployed seal.js').digest('base64');
    snippet = snippet.replace(/ integrity="[^"]*"/, ` integrity="sha384-${wrong}"`);
  }
  return snippet;
}

function idFor(name) {
  const pki = setupResult?.pki;
  if (!pki) return undefined;
  return name === 'unknown' ? pki.unknownId : pki.seals[name]?.id;
}

function handleHost(request, response) {
  const url = new URL(request.url ?? '/', 'http://x');
  const nonce = randomBytes(18).toString('base64');
  const csp = [
    `script-src 'nonce-${nonce}' ${origins.provider}`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `require-trusted-types-for 'script'`,
    // ?csp=strict: everything else locked down too, to what a careful site owner would allow for the seal.
    ...(url.searchParams.get('csp') === 'strict'
      ? [
          `default-src 'none'`,
          `style-src 'nonce-${nonce}'`,
          `img-src ${origins.provider}`,
          `connect-src ${origins.provider}`,
          `frame-src ${origins.provider}`,
          `trusted-types 'none'`,
        ]
      : []),
  ].join('; ');
  const send = (status, html) => {
    response.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-store',
    });
    response.end(html);
  };
  const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'ja';
  let match = /^\/seal\/([\w-]+)\.html$/.exec(url.pathname);
  if (match) {
    const snippet = snippetFor(match[1], url.searchParams);
    if (!snippet)
      return send(404, hostPage({ nonce, lang, title: 'unknown seal page', body: '<p>no such seal</p>' }));
    const body =
      `<p id="seal-line">Seal: ${snippet}</p>\n` +
      probes(url.searchParams.get('probe'), nonce) +
      `<p id="after">${AFTER_TEXT}</p>\n` +
      // Parsed before any module script runs: where the fallback put things.
      `<script nonce="${nonce}">window.shirushiGeometry('fallback');</script>`;
    return send(200, hostPage({ nonce, lang, title: `seal ${match[1]}`, body }));
  }
  match = /^\/verify\/([\w-]+)\.html$/.exec(url.pathname);
  if (match) {
    const id = idFor(match[1]);
    if (!id)
      return send(404, hostPage({ nonce, lang, title: 'unknown seal page', body: '<p>no such seal</p>' }));
    const policy = url.searchParams.get('referrerpolicy');
    const body =
      `<iframe title="verification" width="700" height="500" src="${escapeAttribute(`${origins.provider}/verify.html#${id}`)}"` +
      `${policy ? ` referrerpolicy="${escapeAttribute(policy)}"` : ''}></iframe>`;
    return send(200, hostPage({ nonce, lang, title: `verify ${match[1]}`, body }));
  }
  return send(404, hostPage({ nonce, lang, title: 'not found', body: '<p>not found</p>' }));
}

function listen(server, host, port = 0) {
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise(server.address().port);
    });
  });
}

async function startServers() {
  const provider = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname.slice(1);
    if (refusedOffline(request, path)) return;
    serveProviderFile(request, response, path).catch(() => response.destroy());
  });
  const providerPort = await listen(provider, HOSTS.provider);
  servers.push(provider);
  origins.provider = `http://${HOSTS.provider}:${providerPort}`;

  // localhost: IPv4 and, where the machine has it, IPv6 on the same port (browsers may try either).
  const host = createServer(handleHost);
  const hostPort = await listen(host, '127.0.0.1');
  servers.push(host);
  const host6 = createServer(handleHost);
  await listen(host6, '::1', hostPort).then(
    () => servers.push(host6),
    () => {},
  );
  origins.host = `http://${HOSTS.host}:${hostPort}`;

  const copier = createServer(handleHost);
  const copierPort = await listen(copier, HOSTS.copier);
  servers.push(copier);
  origins.copier = `http://${HOSTS.copier}:${copierPort}`;
}

/**
 * The provider directory: dist/provider (from `npm run build`) or SHIRUSHI_SEAL_PROVIDER_DIR, copied so
 * test files never land in dist/. Without a build, seal.js (and the verification page, when its sources
 * exist) are bundled here with esbuild.
 */
async function prepareProviderDir() {
  const dir = await mkdtemp(join(tmpdir(), 'shirushi-seal-provider-'));
  const built = process.env.SHIRUSHI_SEAL_PROVIDER_DIR ?? join(ROOT, 'dist', 'provider');
  if (existsSync(join(built, 'seal.js'))) {
    await cp(built, dir, { recursive: true });
    return { dir, source: built };
  }
  const { build } = await import('esbuild');
  const bundle = async (entry, outfile) =>
    build({
      entryPoints: [join(ROOT, entry)],
      bundle: true,
      format: 'esm',
      minify: true,
      target: 'es2022',
      outfile: join(dir, outfile),
      logLevel: 'silent',
      tsconfig: join(ROOT, 'tsconfig.json'),
    });
  await bundle('widgets/seal/seal.ts', 'seal.js');
  if (existsSync(join(ROOT, 'public', 'marks')))
    await cp(join(ROOT, 'public', 'marks'), join(dir, 'marks'), { recursive: true });
  if (
    existsSync(join(ROOT, 'public', 'verify.html')) &&
    existsSync(join(ROOT, 'widgets', 'verify', 'page.ts'))
  ) {
    await cp(join(ROOT, 'public', 'verify.html'), join(dir, 'verify.html'));
    await bundle('widgets/verify/page.ts', 'verify.js');
  }
  return { dir, source: 'esbuild (no dist/provider/seal.js)' };
}

async function setup() {
  const { dir, source } = await prepareProviderDir();
  providerDir = dir;
  const pki = await generateSealPki({ providerDir: dir, baseUrl: origins.provider });
  setupResult = { origins: { ...origins }, pki, source, hasVerifyPage: existsSync(join(dir, 'verify.html')) };
  await writeFile(join(dir, 'e2e-scenario.json'), JSON.stringify(setupResult, null, 2));
  return setupResult;
}

/** Koa middleware: /seal-provider/* serves the provider directory on the test runner's origin. */
export function sealOriginsMiddleware() {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(MOUNT)) return next();
    ctx.respond = false;
    if (refusedOffline(ctx.req, ctx.path.slice(MOUNT.length))) return;
    await serveProviderFile(ctx.req, ctx.res, ctx.path.slice(MOUNT.length));
  };
}

/** web-test-runner plugin: starts the three origins and answers the `seal-origins` command. */
export function sealOriginsPlugin() {
  return {
    name: 'shirushi-seal-origins',
    async serverStart() {
      await startServers();
    },
    async serverStop() {
      network.offline = false;
      network.httpCache = true;
      await Promise.all(servers.splice(0).map((server) => new Promise((r) => server.close(r))));
      if (providerDir && !process.env.SHIRUSHI_KEEP_SEAL_PROVIDER)
        await rm(providerDir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload }) {
      if (command !== 'seal-origins') return undefined;
      const action = payload?.action;
      if (action === 'origins') return { ...origins };
      if (action === 'setup') {
        // A server command must answer within 20 s; making the PKI can take longer on a busy machine, so
        // answer { pending: true } after 10 s and let the test ask again.
        setupPromise ??= setup();
        return Promise.race([setupPromise, sleep(10_000).then(() => ({ pending: true }))]);
      }
      if (action === 'offline') {
        const offline = Boolean(payload?.offline);
        if (offline && !network.offline) network.refused = [];
        network.offline = offline;
        return { offline, refused: [...network.refused] };
      }
      if (action === 'http-cache') {
        network.httpCache = payload?.enabled !== false;
        return { enabled: network.httpCache };
      }
      throw new Error(`seal-origins: unknown action ${action}`);
    },
  };
}

// For debugging pages by hand: node -e "import('./test/harness/seal-origins.mjs').then((m) => m.startForDebugging()).then(console.log)"
export async function startForDebugging() {
  await startServers();
  return { ...(await setup()), providerDir };
}
