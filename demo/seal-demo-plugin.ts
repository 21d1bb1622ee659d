/**
 * Vite dev-server plugin for the site seal demo (demo/site-owner.html): serves the provider data a real
 * deployment would hold next to seal.js and verify.html — seals/<id>.json, seals/<id>.status.json,
 * crls/<host><path>, trust-anchors.json — plus seal-demo.json (which id shows which state), all made in
 * node with WebCrypto on the first request (demo/seal-demo-pki.ts; no openssl needed) and remade daily so
 * status files never go stale while the server runs. /seal.js, /verify.html and /verify.js come from
 * the provider-scripts plugin and public/.
 *
 * Use: `plugins: [..., sealDemo()]` in vite.config.ts.
 */
import type { Plugin, ViteDevServer } from 'vite';
import type { DemoProvider } from './seal-demo-pki.js';

const ROUTE = /^\/(?:seals\/[0-9a-f]{64}(?:\.status)?\.json|crls\/.+|trust-anchors\.json|seal-demo\.json)$/;
const REMAKE_AFTER_MS = 24 * 3_600_000;

function cacheControl(path: string): string {
  // A real provider caches records forever; here they are remade when the server restarts.
  if (path.startsWith('/seals/') && !path.endsWith('.status.json')) return 'public, max-age=300';
  return 'no-cache';
}

export function sealDemo(): Plugin {
  let provider: Promise<DemoProvider> | undefined;
  let madeAt = 0;

  const load = (server: ViteDevServer): Promise<DemoProvider> => {
    if (!provider || Date.now() - madeAt > REMAKE_AFTER_MS) {
      madeAt = Date.now();
      provider = server
        .ssrLoadModule('/demo/seal-demo-pki.ts')
        .then((module) => (module as typeof import('./seal-demo-pki.js')).createDemoProvider());
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
