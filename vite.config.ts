/**
 * `npm start` (vite): serves the demo pages under /demo/ from the project root, fully offline.
 * `vite build`: builds the library (ES modules only) for the package "exports";
 * dependencies stay external so applications dedupe lit, pkijs and friends.
 * `vite build --mode demo`: builds the demo pages into demo-dist/ as a static site
 *   (`vite preview --mode demo` serves it).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const projectRoot = fileURLToPath(new URL('.', import.meta.url));
const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

const DEMO_PAGES = ['index', 'viewer', 'applicant', 'site-owner', 'visitor'];

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
  plugins: [demoHome()],
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
