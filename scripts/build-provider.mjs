#!/usr/bin/env node
// Builds the seal provider site into dist/provider/ (run by `npm run build` after the library build):
//
//   seal.js          widgets/seal/seal.ts as ONE minified ES module without imports (esbuild). The build
//                    fails when it is over SEAL_BUDGET_GZIP bytes gzipped or contains pkijs, asn1js or lit:
//                    it is everything a host page loads before the status fetch.
//   verify.js        widgets/verify/page.ts with lit, pkijs and the core (vite: it emits the CRL worker that
//   assets/*         src/net/offload.ts starts with `new URL('./worker.ts', import.meta.url)`, which
//                    esbuild would leave pointing at a .ts file). Relative URLs, so any base path works.
//   verify.html      public/verify.html, copied
//   marks/*.svg      public/marks/, copied
//   sw.js            widgets/verify/service-worker.ts (esbuild, classic script), with the precache list
//                    (verify.html, verify.js, assets, marks, each with a SHA-256 revision) put in place of
//                    `self.__WB_MANIFEST` at build time
//
// seals/, crls/ and trust-anchors.json are the deployment's own (shirushi seal add / status) and are never
// written here. Options (for trying the build on other sources): --root <dir>, --out <dir>.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleServiceWorker, listFiles, precacheManifest } from './service-worker-build.mjs';
import { gzipSync } from 'node:zlib';

/** The budget for seal.js, gzipped (level 9, as the bench measures it). */
export const SEAL_BUDGET_GZIP = 4096;
/** Packages that must never reach seal.js: the certificate parser and the widget framework. */
const FORBIDDEN_IN_SEAL = /(^|[\\/])node_modules[\\/](pkijs|asn1js|lit|lit-html|lit-element|@lit)[\\/]/;

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

class BuildError extends Error {}

function need(path, what) {
  if (!existsSync(path)) throw new BuildError(`${what} is missing: ${path}`);
  return path;
}

async function buildSeal(root, outDir) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [need(join(root, 'widgets/seal/seal.ts'), 'the seal element')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const forbidden = inputs.filter((path) => FORBIDDEN_IN_SEAL.test(path));
  if (forbidden.length) {
    throw new BuildError(`seal.js must not contain pkijs, asn1js or lit; it bundles ${forbidden.join(', ')}`);
  }
  const [output] = result.outputFiles;
  const code = output.contents;
  // A self-contained module: a host page's CSP and SRI cover exactly one file.
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports);
  if (imports.length) throw new BuildError(`seal.js must not import anything; it imports ${imports}`);
  const gzipBytes = gzipSync(code, { level: 9 }).length;
  const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  const verdict = gzipBytes <= SEAL_BUDGET_GZIP ? 'within' : 'OVER';
  console.log(
    `seal.js: ${code.length} bytes, ${gzipBytes} bytes gzipped (${verdict} the ${SEAL_BUDGET_GZIP}-byte budget); ` +
      `${inputs.length} source file(s); ${integrity}`,
  );
  if (gzipBytes > SEAL_BUDGET_GZIP) {
    throw new BuildError(`seal.js is ${gzipBytes} bytes gzipped, over the budget of ${SEAL_BUDGET_GZIP}`);
  }
  // Only a seal.js within the budget is written: `shirushi seal add` pins whatever it finds there.
  await writeFile(join(outDir, 'seal.js'), code);
}

async function buildVerifyPage(root, outDir) {
  const { build } = await import('vite');
  await build({
    // The project's vite.config.ts builds the library; this build is self-contained.
    configFile: false,
    root,
    base: './',
    publicDir: false,
    logLevel: 'warn',
    // src/net/offload.ts starts the CRL worker with `type: 'module'`.
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: false,
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      // pkijs and asn1js alone are about 400 kB minified; the page needs them, so do not warn.
      chunkSizeWarningLimit: 1024,
      rolldownOptions: {
        input: { verify: need(join(root, 'widgets/verify/page.ts'), 'the verification page script') },
        output: {
          entryFileNames: '[name].js',
          chunkFileNames: 'assets/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  });
  const assets = existsSync(join(outDir, 'assets')) ? await readdir(join(outDir, 'assets')) : [];
  if (!assets.some((name) => /^worker-.*\.js$/.test(name))) {
    // Not fatal (offload.ts then checks in the page), but the issue wants revocation in a Web Worker.
    console.warn('warning: no CRL worker (assets/worker-*.js) was emitted for verify.js');
  }
}

/** What sw.js precaches: the page and everything it loads, never the deployment's seals/ or crls/. */
const isPagePrecached = (path) =>
  path === 'verify.html' || path === 'verify.js' || path === 'favicon.ico' || /^(assets|marks)\//.test(path);

export async function buildProvider({ root = projectRoot, outDir = join(root, 'dist', 'provider') } = {}) {
  const started = performance.now();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await buildSeal(root, outDir);
  await buildVerifyPage(root, outDir);
  await cp(need(join(root, 'public/verify.html'), 'the verification page'), join(outDir, 'verify.html'));
  await cp(need(join(root, 'public/marks'), 'the seal marks'), join(outDir, 'marks'), { recursive: true });
  await cp(need(join(root, 'public/favicon.ico'), 'the icon'), join(outDir, 'favicon.ico'));
  const manifest = await precacheManifest(outDir, isPagePrecached);
  await bundleServiceWorker({
    root,
    entry: need(join(root, 'widgets/verify/service-worker.ts'), 'the service worker'),
    outfile: join(outDir, 'sw.js'),
    manifest,
  });
  const files = await listFiles(outDir);
  console.log(
    `provider site: ${files.length} files in ${relative(process.cwd(), outDir) || '.'} ` +
      `(${manifest.length} precached by sw.js) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { files, manifest };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' } } });
  const root = values.root ? resolve(values.root) : projectRoot;
  buildProvider({ root, outDir: values.out ? resolve(values.out) : undefined }).catch((error) => {
    console.error(`build-provider: ${error instanceof BuildError ? error.message : (error?.stack ?? error)}`);
    process.exitCode = 1;
  });
}
