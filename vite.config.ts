/**
 * `npm start` (vite): serves the demo pages under /demo/ from the project root, fully offline.
 * `vite build`: builds the library (ES modules only) for the package "exports";
 * dependencies stay external so applications dedupe lit, pkijs and friends.
 * The seal provider site (dist/provider/: seal.js, verify.html, verify.js, sw.js, marks/) is built by
 * scripts/build-provider.mjs, which `npm run build` runs after this; in `npm start` the plugin below serves
 * its two scripts from source at the same URLs.
 * `vite build --mode demo`: builds the demo pages into demo-dist/ as a static site
 *   (`vite preview --mode demo` serves it).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };
import { sealDemo } from './demo/seal-demo-plugin.js';

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const DEMO_PAGES = ['index', 'viewer', 'applicant', 'acme', 'site-owner', 'visitor'];

// `@lit/` covers lit's own scoped packages (@lit/reactive-element), which lit imports at runtime.
const externalPackages = [...Object.keys(pkg.dependencies), '@lit'];

function isExternal(id: string): boolean {
  return externalPackages.some((name) => id === name || id.startsWith(`${name}/`));
}

/** The project root is the server root so demo/ can import src/ and widgets/; `/` opens the demo. */
function demoHome(): Plugin {
  return {
    name: 'shirushi:demo-home',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (request.url === '/' || request.url === '/index.html') {
          response.statusCode = 302;
          response.setHeader('Location', '/demo/index.html');
          response.end();
          return;
        }
        next();
      });
    },
  };
}

/**
 * Serves the provider site's scripts from source at the paths a deployment has them (dist/provider/), so
 * public/verify.html and seal snippets pointing at the dev server work unchanged: /seal.js and /verify.js.
 * /verify.html and /marks/ come from public/ as they are.
 */
const PROVIDER_SOURCES: Record<string, string> = {
  '/seal.js': '/widgets/seal/seal.ts',
  '/verify.js': '/widgets/verify/page.ts',
};

/**
 * The verification page registers ./sw.js for offline use. Its real worker is a build product
 * (scripts/build-provider.mjs); in `npm start` this worker, which only installs and handles no request,
 * answers instead, so the page gets no 404 and the dev server's files are never served from a cache.
 */
const DEV_SERVICE_WORKER = `self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
`;

function providerScripts(): Plugin {
  return {
    name: 'shirushi:provider-scripts',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const [path = '', query] = (request.url ?? '').split('?', 2);
        if (path === '/sw.js') {
          response.setHeader('Content-Type', 'text/javascript');
          response.setHeader('Cache-Control', 'no-cache');
          response.end(DEV_SERVICE_WORKER);
          return;
        }
        const source = PROVIDER_SOURCES[path];
        if (source) request.url = query === undefined ? source : `${source}?${query}`;
        next();
      });
    },
  };
}

const library: UserConfig['build'] = {
  target: 'es2022',
  outDir: fromRoot('dist'),
  emptyOutDir: true,
  copyPublicDir: false,
  sourcemap: true,
  // Consumers minify their own bundles; readable output is easier to audit for a security tool.
  minify: false,
  lib: {
    entry: {
      shirushi: fromRoot('src/index.ts'),
      widgets: fromRoot('widgets/index.ts'),
      'widgets/certificate-viewer': fromRoot('widgets/certificate-viewer/certificate-viewer.ts'),
      'widgets/csr': fromRoot('widgets/csr/csr.ts'),
      'widgets/keys': fromRoot('widgets/keys/keys.ts'),
      'widgets/seal': fromRoot('widgets/seal/seal.ts'),
      'widgets/verify': fromRoot('widgets/verify/verification.ts'),
      'widgets/vault': fromRoot('widgets/vault/vault.ts'),
      'widgets/acme': fromRoot('widgets/acme/acme.ts'),
    },
    formats: ['es'],
    fileName: (_format, entryName) => `${entryName}.js`,
  },
  rolldownOptions: {
    external: isExternal,
    output: {
      // The three entries share one copy of the core, so ShirushiError is the same class from every entry.
      chunkFileNames: 'chunks/[name]-[hash].js',
    },
  },
};

// Built with demo/ as the root so the pages land at the top of demo-dist/.
const demoSite: UserConfig['build'] = {
  target: 'es2022',
  outDir: fromRoot('demo-dist'),
  emptyOutDir: true,
  rolldownOptions: {
    input: Object.fromEntries(DEMO_PAGES.map((page) => [page, fromRoot(`demo/${page}.html`)])),
  },
};

export default defineConfig(({ mode, command }) => ({
  root: mode === 'demo' ? fromRoot('demo') : projectRoot,
  publicDir: fromRoot('public'),
  // Relative asset URLs let demo-dist/ be served from any path, and make the library's CRL worker load
  // from next to the bundle (`new URL('../assets/worker-<hash>.js', import.meta.url)`), not from `/assets/`.
  base: mode === 'demo' || command === 'build' ? './' : '/',
  // The CRL worker is started with `type: 'module'`; emit it as an ES module file of its own.
  worker: { format: 'es' },
  plugins: [demoHome(), providerScripts(), sealDemo()],
  server: {
    host: 'localhost',
    port: 5173,
    // Build output and test results would otherwise trigger page reloads.
    watch: { ignored: ['**/dist/**', '**/demo-dist/**', '**/.test-results/**', '**/custom-elements.json'] },
  },
  preview: {
    host: 'localhost',
  },
  build: mode === 'demo' ? demoSite : library,
}));
