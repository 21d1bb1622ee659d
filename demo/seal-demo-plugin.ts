/**
 * Vite dev-server plugin for the site seal demo (demo/site-owner.html): serves the provider data a real
 * deployment would hold next to seal.js and verify.html — seals/<id>.json, seals/<id>.status.json,
 * crls/<host><path>, trust-anchors.json — plus seal-demo.json (which id shows which state), all made in
 * node with WebCrypto on the first request (demo/seal-demo-pki.ts; no openssl needed) and remade daily so
 * status files never go stale while the server runs. /seal.js, /verify.html and /verify.js come from
 * the provider-scripts plugin and public/.
 *
 * The PKI is kept in node_modules/.cache/shirushi-demo-pki/ and reused by later `npm start`s while it is
 * less than a day old, so a verification tab opened before a restart still finds its seal.
 *
 * Use: `plugins: [..., sealDemo()]` in vite.config.ts.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ViteDevServer } from 'vite';
import type { DemoProvider } from './seal-demo-pki.js';

const CACHE_FILE = fileURLToPath(
  new URL('../node_modules/.cache/shirushi-demo-pki/provider.json', import.meta.url),
);

interface CachedProvider {
  generatedAt: string;
  seals: DemoProvider['seals'];
  files: [path: string, type: string, text?: string, base64?: string][];
}

/** The cached PKI when there is one younger than `maxAge`; anything unreadable counts as none. */
async function readCached(maxAge: number): Promise<DemoProvider | undefined> {
  try {
    const cached = JSON.parse(await readFile(CACHE_FILE, 'utf8')) as CachedProvider;
    const age = Date.now() - Date.parse(cached.generatedAt);
    if (!(age >= 0 && age < maxAge)) return undefined;
    const files: DemoProvider['files'] = new Map();
    for (const [path, type, text, base64] of cached.files) {
      files.set(path, { type, body: text ?? new Uint8Array(Buffer.from(base64 ?? '', 'base64')) });
    }
    return { generatedAt: cached.generatedAt, seals: cached.seals, files };
  } catch {
    return undefined;
  }
}

/** Best effort: without a writable cache the demo still works, it is just remade on each start. */
async function writeCached(provider: DemoProvider): Promise<void> {
  const cached: CachedProvider = {
    generatedAt: provider.generatedAt,
    seals: provider.seals,
    files: [...provider.files].map(([path, { type, body }]) =>
      typeof body === 'string'
        ? [path, type, body]
        : [path, type, undefined, Buffer.from(body).toString('base64')],
    ),
  };
  try {
    await mkdir(dirname(CACHE_FILE), { recursive: true });
    // Written aside and renamed, so a server stopped mid-write leaves no half file for the next start.
    await writeFile(`${CACHE_FILE}.tmp`, JSON.stringify(cached));
    await rename(`${CACHE_FILE}.tmp`, CACHE_FILE);
  } catch {
    // ignored: see above
  }
}

const ROUTE = /^\/(?:seals\/[0-9a-f]{64}(?:\.status)?\.json|crls\/.+|trust-anchors\.json|seal-demo\.json)$/;
const REMAKE_AFTER_MS = 24 * 3_600_000;

function cacheControl(path: string): string {
  // A real provider caches records forever; here they are remade once a day.
  if (path.startsWith('/seals/') && !path.endsWith('.status.json')) return 'public, max-age=300';
  return 'no-cache';
}

export function sealDemo(): Plugin {
  let provider: Promise<DemoProvider> | undefined;
  let madeAt = 0;

  const load = (server: ViteDevServer): Promise<DemoProvider> => {
    if (!provider || Date.now() - madeAt > REMAKE_AFTER_MS) {
      madeAt = Date.now();
      provider = readCached(REMAKE_AFTER_MS).then(async (cached) => {
        if (cached) {
          madeAt = Date.parse(cached.generatedAt);
          return cached;
        }
        const module = (await server.ssrLoadModule(
          '/demo/seal-demo-pki.ts',
        )) as typeof import('./seal-demo-pki.js');
        const made = await module.createDemoProvider();
        await writeCached(made);
        return made;
      });
      provider.catch(() => (provider = undefined));
    }
    return provider;
  };

  return {
    name: 'shirushi:seal-demo',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = decodeURIComponent((request.url ?? '').split('?', 1)[0] ?? '');
        if (!ROUTE.test(path) || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
        load(server).then(
          (data) => {
            const file = data.files.get(path.slice(1));
            response.setHeader('Access-Control-Allow-Origin', '*');
            if (!file) {
              response.statusCode = 404;
              response.setHeader('Content-Type', 'text/plain');
              response.setHeader('Cache-Control', 'no-cache');
              response.end('not found\n');
              return;
            }
            const body = typeof file.body === 'string' ? Buffer.from(file.body) : Buffer.from(file.body);
            response.statusCode = 200;
            response.setHeader('Content-Type', file.type);
            response.setHeader('Content-Length', String(body.length));
            response.setHeader('Cache-Control', cacheControl(path));
            response.end(request.method === 'HEAD' ? undefined : body);
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}
