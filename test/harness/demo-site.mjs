// The built demo site for the offline tests (test/app-offline.test.ts), served on the test runner's own
// origin under /demo-site/ so a test can read the framed pages' DOM, their service worker and caches.
//
// The site is `vite build --mode demo` plus scripts/build-demo-sw.mjs (what `npm run build:demo` does), built
// in a child process into a cache directory in the system temp dir named by a hash of every source it
// depends on (demo/, widgets/, src/, public/, vite.config.ts, the build scripts, package-lock.json and this
// file): a missing or stale build is rebuilt, an up-to-date one reused. Each test run serves its own copy,
// since the `deploy` action changes it.
//
// Until demo/applicant.ts calls enableOffline() and demo/applicant.html's CSP admits the `shirushi-sw`
// Trusted Types policy, the build here adds both (a vite plugin, test builds only); `setup` says which it
// had to add, and adds nothing once the real files have them.
//
// Every response has `Cache-Control: no-store`, so offline only the service worker can answer.
//
// Middleware (register in `middleware`): GET /demo-site/* serves the built site.
// Command `demo-site` (executeServerCommand('demo-site', payload)):
//   { action: 'setup' }    -> { mount, source, shimmed, files } (the build is made once per process), or
//                             { pending: true } while it is still being made: ask again
//   { action: 'offline', offline: boolean } -> { offline, refused }: while offline every request under
//                             /demo-site/ has its socket destroyed without an answer, as a dropped network
//                             would; `refused` lists the paths refused since the site last went offline
//   { action: 'deploy' }   -> { version, marker }: a new version of the site: applicant.html and index.html
//                             get the comment `<!--marker-->` and sw.js is rebuilt with the new revisions
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { appendFile, cp, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = fileURLToPath(import.meta.url);
const MOUNT = '/demo-site/';
/** Sources whose change makes a cached build stale. */
const SOURCES = [
  'demo',
  'widgets',
  'src',
  'public',
  'vite.config.ts',
  'package-lock.json',
  'scripts/build-demo-sw.mjs',
  'scripts/service-worker-build.mjs',
  'test/harness/demo-site.mjs',
];
const BUILD_TIMEOUT = 300_000;

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

let siteDir;
/** @type {Promise<any> | undefined} */
let setupPromise;
let version = 0;
const network = { offline: false, refused: /** @type {string[]} */ ([]) };

async function filesUnder(path) {
  const info = await stat(path).catch(() => null);
  if (!info) return [];
  if (info.isFile()) return [path];
  const files = [];
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    files.push(...(await filesUnder(join(path, entry.name))));
  }
  return files;
}

/** A hash of every source the demo build reads. */
async function sourceHash() {
  const hash = createHash('sha256');
  const files = (await Promise.all(SOURCES.map((path) => filesUnder(join(ROOT, path))))).flat().sort();
  for (const file of files) {
    hash.update(relative(ROOT, file)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

function run(command, args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    child.stderr.on('data', (data) => (output += data));
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(output);
      else reject(new Error(`demo build failed (${code}):\n${output}`));
    });
  });
}

/** The cached build for the current sources, made if missing. */
async function cachedBuild() {
  const dir = join(tmpdir(), `shirushi-demo-site-${await sourceHash()}`);
  if (existsSync(join(dir, 'sw.js')) && existsSync(join(dir, 'build.json'))) {
    return { dir, ...JSON.parse(await readFile(join(dir, 'build.json'), 'utf8')), source: `cached ${dir}` };
  }
  const building = `${dir}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await run(process.execPath, [HERE, '--build', building]);
  await rm(dir, { recursive: true, force: true });
  await rename(building, dir);
  // Builds of older sources are of no more use.
  const name = dir.slice(tmpdir().length + 1);
  for (const entry of await readdir(tmpdir())) {
    if (/^shirushi-demo-site-[0-9a-f]{16}$/.test(entry) && entry !== name) {
      await rm(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
  return { dir, ...JSON.parse(await readFile(join(dir, 'build.json'), 'utf8')), source: `built ${dir}` };
}

async function setup() {
  const build = await cachedBuild();
  siteDir = await mkdtemp(join(tmpdir(), 'shirushi-demo-site-run-'));
  await cp(build.dir, siteDir, { recursive: true });
  await rm(join(siteDir, 'build.json'), { force: true });
  const files = (await filesUnder(siteDir)).map((file) => relative(siteDir, file).split(sep).join('/'));
  return { mount: MOUNT, source: build.source, shimmed: build.shimmed, files: files.sort() };
}

async function deploy() {
  if (!siteDir) throw new Error('demo-site: deploy before setup');
  version += 1;
  const marker = `shirushi-test-deploy-${version}-${Date.now()}`;
  for (const page of ['applicant.html', 'index.html'])
    await appendFile(join(siteDir, page), `<!--${marker}-->\n`);
  const { buildDemoServiceWorker } = await import('../../scripts/build-demo-sw.mjs');
  await buildDemoServiceWorker({ root: ROOT, outDir: siteDir });
  return { version, marker };
}

function refusedOffline(request, path) {
  if (!network.offline) return false;
  network.refused.push(path);
  request.socket.destroy();
  return true;
}

async function serveFile(request, response, relativePath) {
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, headers);
    return response.end();
  }
  let path;
  try {
    path = decodeURIComponent(relativePath);
  } catch {
    path = '\0';
  }
  if (path === '' || path.endsWith('/')) path += 'index.html';
  const file = siteDir && normalize(join(siteDir, path));
  const info = file && file.startsWith(siteDir + sep) ? await stat(file).catch(() => null) : null;
  if (!info?.isFile()) {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
    return response.end('not found\n');
  }
  response.writeHead(200, {
    ...headers,
    'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
  });
  if (request.method === 'HEAD') return response.end();
  createReadStream(file).pipe(response);
}

/** Koa middleware: /demo-site/* serves the built demo site on the test runner's origin. */
export function demoSiteMiddleware() {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(MOUNT)) return next();
    ctx.respond = false;
    const path = ctx.path.slice(MOUNT.length);
    if (refusedOffline(ctx.req, path)) return;
    await serveFile(ctx.req, ctx.res, path);
  };
}

/** web-test-runner plugin: answers the `demo-site` command. */
export function demoSitePlugin() {
  return {
    name: 'shirushi-demo-site',
    async serverStop() {
      network.offline = false;
      if (siteDir) await rm(siteDir, { recursive: true, force: true });
    },
    async executeCommand({ command, payload }) {
      if (command !== 'demo-site') return undefined;
      const action = payload?.action;
      if (action === 'setup') {
        // A server command must answer within 20 s; a cold build takes longer on a busy machine.
        setupPromise ??= setup();
        setupPromise.catch(() => (setupPromise = undefined));
        return Promise.race([setupPromise, sleep(10_000).then(() => ({ pending: true }))]);
      }
      if (action === 'offline') {
        const offline = Boolean(payload?.offline);
        if (offline && !network.offline) network.refused = [];
        network.offline = offline;
        return { offline, refused: [...network.refused] };
      }
      if (action === 'deploy') return deploy();
      throw new Error(`demo-site: unknown action ${action}`);
    },
  };
}

/**
 * The vite plugin for test builds: adds `enableOffline()` to demo/applicant.ts and the `shirushi-sw`
 * Trusted Types policy to applicant.html's CSP when the files do not have them yet; records what it added.
 */
function offlineShim(shimmed) {
  return {
    name: 'shirushi-test:offline-shim',
    enforce: 'pre',
    transform(code, id) {
      if (!id.split('?')[0].endsWith('/demo/applicant.ts')) return;
      if (code.includes('enableOffline')) return;
      shimmed.push('demo/applicant.ts: enableOffline()');
      return `${code}\nimport { enableOffline } from './offline.js';\nvoid enableOffline();\n`;
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        if (!context.filename.endsWith('applicant.html') || html.includes('shirushi-sw')) return html;
        const patched = html.replace(/trusted-types ([^";]*)/, 'trusted-types $1 shirushi-sw');
        if (patched !== html) shimmed.push("demo/applicant.html: trusted-types … 'shirushi-sw'");
        return patched;
      },
    },
  };
}

/** `node test/harness/demo-site.mjs --build <dir>`: the demo build into <dir>, as `npm run build:demo`. */
async function buildInto(outDir) {
  const { build } = await import('vite');
  const { buildDemoServiceWorker } = await import('../../scripts/build-demo-sw.mjs');
  const shimmed = [];
  await build({
    configFile: join(ROOT, 'vite.config.ts'),
    mode: 'demo',
    logLevel: 'warn',
    plugins: [offlineShim(shimmed)],
    build: { outDir, emptyOutDir: true },
  });
  await buildDemoServiceWorker({ root: ROOT, outDir });
  await writeFile(join(outDir, 'build.json'), JSON.stringify({ shimmed }));
}

if (process.argv[1] && resolve(process.argv[1]) === HERE && process.argv[2] === '--build') {
  buildInto(resolve(process.argv[3])).catch((error) => {
    console.error(error?.stack ?? error);
    process.exitCode = 1;
  });
}
