// What a page ships for each widget: the built entry (dist/widgets/<name>.js) bundled with everything it
// imports (its chunks, lit, pkijs, ...) by esbuild, minified, then gzipped at level 9. The CRL worker is
// not counted: it is a separate file, loaded through `new URL()` only when a page checks a large CRL.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const WIDGET_BUNDLES = ['certificate-viewer', 'csr', 'keys'];

/** Rows `{ name, bytes, gzipBytes }`, or `{ name, error }` for an entry that is missing or fails. */
export async function measureBundles(root) {
  const rows = [];
  for (const name of WIDGET_BUNDLES) {
    const entry = join(root, 'dist', 'widgets', `${name}.js`);
    if (!existsSync(entry)) {
      rows.push({ name, error: 'not built' });
      continue;
    }
    try {
      const result = await build({
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format: 'esm',
        write: false,
        logLevel: 'silent',
      });
      const code = result.outputFiles[0].contents;
      rows.push({ name, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length });
    } catch (error) {
      rows.push({ name, error: error.errors?.[0]?.text ?? error.message.split('\n')[0] });
    }
  }
  return rows;
}

export function formatBundles(rows, formatBytes) {
  const lines = ['widget bundles (dist entry + everything it imports, esbuild --minify, gzip -9):'];
  for (const row of rows) {
    lines.push(
      row.error
        ? `  <shirushi-${row.name}>: ${row.error}`
        : `  <shirushi-${row.name}>: ${formatBytes(row.bytes)} minified, ${formatBytes(row.gzipBytes)} gzipped`,
    );
  }
  return lines.join('\n');
}
