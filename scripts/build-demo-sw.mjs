#!/usr/bin/env node
// Builds the demo site's service worker (run by `npm run build:demo` after `vite build --mode demo`):
//
//   sw.js   demo/service-worker.ts (esbuild, classic script), with the precache list put in place of
//           `self.__WB_MANIFEST` at build time: every file of the built site (pages, assets, images), each
//           with a SHA-256 revision, so a new deployment replaces exactly what changed. Not precached: sw.js
//           itself, source maps and dot files.
//
// The same approach as the provider's worker in scripts/build-provider.mjs. Options: --root <dir> (the
// project), --out <dir> (the built site; default demo-dist/).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleServiceWorker, precacheManifest } from './service-worker-build.mjs';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

class BuildError extends Error {}

/** Whether a built file belongs in the precache. */
export function isPrecached(path) {
  if (path === 'sw.js' || path.endsWith('.map')) return false;
  return !path.split('/').some((part) => part.startsWith('.'));
}

/** Writes `<outDir>/sw.js` for the site built in `outDir`; resolves to the precache list. */
export async function buildDemoServiceWorker({ root = projectRoot, outDir = join(root, 'demo-dist') } = {}) {
  const started = performance.now();
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new BuildError(`no built demo site in ${outDir}: run \`vite build --mode demo\` first`);
  }
  const entry = join(root, 'demo', 'service-worker.ts');
  if (!existsSync(entry)) throw new BuildError(`the service worker is missing: ${entry}`);
  const manifest = await precacheManifest(outDir, isPrecached);
  await bundleServiceWorker({ root, entry, outfile: join(outDir, 'sw.js'), manifest });
  console.log(
    `demo sw.js: ${manifest.length} files precached from ${relative(process.cwd(), outDir) || '.'} ` +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return manifest;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' } } });
  const root = values.root ? resolve(values.root) : projectRoot;
  buildDemoServiceWorker({ root, outDir: values.out ? resolve(values.out) : undefined }).catch((error) => {
    console.error(`build-demo-sw: ${error instanceof BuildError ? error.message : (error?.stack ?? error)}`);
    process.exitCode = 1;
  });
}
