#!/usr/bin/env node
// Where a cold checkRevocation spends its time in node: `node test/bench/crl-profile.mjs [entries] [calls]`
// (default 1000000 entries, 10 calls). Uses the CRLs that `npm run bench` generated and cached (run it
// once first), dist/shirushi.js as built, and the V8 sampling profiler (node:inspector) around `calls`
// cold checks, each on a fresh copy of the CRL made outside the profiled part, after two untimed warm-up
// checks. Prints the functions with the most self time. `(idle)` is the main thread waiting, which
// includes WebCrypto's hash on node's thread pool; `--cpuprofile=PATH` also writes the whole profile
// (open it in Chrome DevTools).
import { readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { cpuprofile: { type: 'string' }, top: { type: 'string', default: '25' } },
});
const entries = Number(positionals[0] ?? 1_000_000);
const calls = Number(positionals[1] ?? 10);

const cacheDir = join(root, 'node_modules', '.cache', 'shirushi-bench');
const version = readdirSync(cacheDir)
  .filter((name) => /^crl-v\d+$/.test(name))
  .sort()
  .pop();
if (!version) throw new Error(`no cached CRL inputs in ${cacheDir}: run npm run bench first`);
const dir = join(cacheDir, version);
const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
const info = [...meta.warmups, ...meta.crls].find((crl) => crl.entries === entries);
if (!info) throw new Error(`no cached CRL of ${entries} entries (have ${meta.crls.map((c) => c.entries)})`);
const bytes = (base64) => new Uint8Array(Buffer.from(base64, 'base64'));
const crl = new Uint8Array(await readFile(join(dir, info.file)));
const issuer = bytes(meta.ca.der);
const certificate = bytes(meta.revoked.der);

const { checkRevocation } = await import(join(root, 'dist', 'shirushi.js'));
const check = async (copy) => {
  const result = await checkRevocation({ certificate, issuer, crls: [copy] });
  if (result.status !== 'revoked') throw new Error(`expected revoked, got ${JSON.stringify(result)}`);
};
for (let i = 0; i < 2; i++) await check(crl.slice());

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
const copies = Array.from({ length: calls }, () => crl.slice());
const times = [];
await session.post('Profiler.start');
for (const copy of copies) {
  const start = performance.now();
  await check(copy);
  times.push(performance.now() - start);
}
const { profile } = await session.post('Profiler.stop');
session.disconnect();
if (values.cpuprofile) await writeFile(values.cpuprofile, JSON.stringify(profile));

// Self time per function, and inclusive time (a sample counts once for every function on its stack)
// for the package's own functions (dist/), from the sample counts and the time between samples.
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const keyOf = new Map();
for (const node of profile.nodes) {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.startsWith('file:') ? relative(root, fileURLToPath(url)) : url;
  const where = file ? `${file}:${lineNumber + 1}` : '';
  keyOf.set(node.id, `${functionName || '(anonymous)'}${where ? `  ${where}` : ''}`);
}
const selfMs = new Map();
const inclusiveMs = new Map();
const deltas = profile.timeDeltas;
let totalMs = 0;
profile.samples.forEach((id, i) => {
  const ms = (deltas[i + 1] ?? 0) / 1000;
  totalMs += ms;
  selfMs.set(keyOf.get(id), (selfMs.get(keyOf.get(id)) ?? 0) + ms);
  const seen = new Set();
  for (let node = id; node !== undefined; node = parentOf.get(node)) {
    const key = keyOf.get(node);
    if (!key.includes('dist/') || seen.has(key)) continue;
    seen.add(key);
    inclusiveMs.set(key, (inclusiveMs.get(key) ?? 0) + ms);
  }
});
const sorted = [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
const perCall = [...times].sort((a, b) => a - b);
process.stdout.write(
  `cold checkRevocation, ${entries} entries (${info.bytes} bytes), ${calls} calls: median ` +
    `${perCall[perCall.length >> 1].toFixed(1)} ms (min ${perCall[0].toFixed(1)}, max ` +
    `${perCall[perCall.length - 1].toFixed(1)}); profiled ${totalMs.toFixed(0)} ms\n\n` +
    `  self ms  share  function\n` +
    sorted
      .map(
        ([name, ms]) =>
          `${(ms / calls).toFixed(2).padStart(9)}  ${((ms / totalMs) * 100).toFixed(1).padStart(4)}%  ${name}`,
      )
      .join('\n') +
    `\n\n  incl ms  share  package function (time with everything it called, per call)\n` +
    [...inclusiveMs]
      .sort((a, b) => b[1] - a[1])
      .slice(0, Number(values.top))
      .map(
        ([name, ms]) =>
          `${(ms / calls).toFixed(2).padStart(9)}  ${((ms / totalMs) * 100).toFixed(1).padStart(4)}%  ${name}`,
      )
      .join('\n') +
    `\n\n(ms are per call; a function's inclusive time does not count time its promises wait)\n`,
);
