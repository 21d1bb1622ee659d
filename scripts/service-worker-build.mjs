// What the two service-worker builds share (scripts/build-provider.mjs for the seal provider site,
// scripts/build-demo-sw.mjs for the demo): listing a built site, the precache list with content revisions,
// and bundling a workbox worker with that list put in place of `self.__WB_MANIFEST`.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Files under `dir`, as paths relative to it with forward slashes, sorted. */
export async function listFiles(dir) {
  const files = [];
  const walk = async (current) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  await walk(dir);
  return files.sort();
}

/** The precache list of the files `include` keeps, each with a content hash so a changed file is fetched again. */
export async function precacheManifest(outDir, include) {
  const files = (await listFiles(outDir)).filter(include);
  return Promise.all(
    files.map(async (url) => ({
      url,
      revision: createHash('sha256')
        .update(await readFile(join(outDir, url)))
        .digest('hex')
        .slice(0, 16),
    })),
  );
}

/** Bundles the workbox worker `entry` into `outfile` with `manifest` as its precache list. */
export async function bundleServiceWorker({ root, entry, outfile, manifest }) {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    // A classic script: module service workers are not in every browser the pages support.
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    define: {
      // workbox's development logging and assertions go away.
      'process.env.NODE_ENV': '"production"',
      'self.__WB_MANIFEST': JSON.stringify(manifest),
    },
    logLevel: 'warning',
  });
}
