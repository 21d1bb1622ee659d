// Node side of the benchmark. test/bench/run.mjs forks this with --expose-gc and talks to it over IPC:
//   parent -> { inputs, options, filter }
//   child  -> { type: 'environment', ... }, then { type: 'result', result } per case, then { type: 'done' }
// Memory probe cases are skipped there; run.mjs forks a fresh runner for each of them instead:
//   parent -> { inputs, probe: caseName }
//   child  -> { type: 'result', result } with the peak memory figures, then { type: 'done' }
// The library is the built package, imported by its own name ("shirushi" resolves through the
// package.json "exports" self-reference to dist/shirushi.js), with the pkijs that it imports.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import v8 from 'node:v8';
import { cases, hydrateInputs, prepareProbe, probeError, runCase, selectCases } from './cases.mjs';
import { PEAK_METHOD, measurePeak } from './memory.mjs';

const send = (message) => new Promise((resolve) => process.send(message, resolve));

/** Holds the latest result so the calls in the heap batch cannot be optimised away. */
const hold = { value: undefined };

function usedHeap() {
  return v8.getHeapStatistics().used_heap_size;
}

function fullGc() {
  globalThis.gc();
  globalThis.gc();
}

/**
 * Heap figures for a synchronous operation, in one extra untimed batch of `iterations` calls:
 *   allocatedPerOpBytes  bytes allocated per call: growth of the used heap plus what each GC during the
 *                        batch freed (reported by v8.GCProfiler), divided by the calls; approximate
 *   retainedBytes        used heap after a full GC, minus before the batch: what the batch left behind
 */
function heapFigures(fn, stats, isAsync) {
  if (isAsync || typeof globalThis.gc !== 'function' || typeof v8.GCProfiler !== 'function') return {};
  const iterations = stats.iterationsPerSample;
  fullGc();
  const profiler = new v8.GCProfiler();
  const start = usedHeap();
  profiler.start();
  for (let i = 0; i < iterations; i++) hold.value = fn();
  const { statistics } = profiler.stop();
  const end = usedHeap();
  hold.value = undefined;
  fullGc();
  const retainedBytes = usedHeap() - start;
  const freed = statistics.reduce(
    (sum, gc) => sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize,
    0,
  );
  return {
    heap: {
      allocatedPerOpBytes: (end - start + freed) / iterations,
      retainedBytes,
      gcCount: statistics.length,
      iterations,
    },
  };
}

/** A file's bytes, read straight into a plain Uint8Array (no Buffer to copy and leave behind). */
async function readPlain(path) {
  const file = await open(path);
  try {
    const { size } = await file.stat();
    const bytes = new Uint8Array(size);
    for (let offset = 0; offset < size;) {
      const { bytesRead } = await file.read(bytes, offset, size - offset, offset);
      if (bytesRead === 0) throw new Error(`${path}: file ended at ${offset} of ${size} bytes`);
      offset += bytesRead;
    }
    return bytes;
  } finally {
    await file.close();
  }
}

/** One memory probe in this (fresh) process. */
async function runProbe(benchCase, libs, data) {
  try {
    const run = await prepareProbe(benchCase, libs, data);
    const { value, ...memory } = await measurePeak(process.pid, run);
    return { ...value, ...memory, method: PEAK_METHOD, freshProcess: true };
  } catch (error) {
    return probeError(benchCase, error);
  }
}

process.once('message', async ({ inputs, options, filter, probe }) => {
  try {
    const [shirushi, pkijs] = await Promise.all([import('shirushi'), import('pkijs')]);
    const libs = { shirushi, pkijs };
    const data = hydrateInputs(inputs, (name) => readPlain(join(inputs.crl.dir, name)));
    if (probe) {
      const benchCase = cases.find((c) => c.name === probe && c.probe);
      const result = benchCase
        ? await runProbe(benchCase, libs, data)
        : { case: probe, error: 'no such memory probe case' };
      await send({ type: 'result', result });
    } else {
      await send({
        type: 'environment',
        environment: 'node',
        version: process.version,
        engine: `V8 ${process.versions.v8}`,
        gcExposed: typeof globalThis.gc === 'function',
      });
      for (const benchCase of selectCases(filter)) {
        if (benchCase.probe) continue;
        const result = await runCase(benchCase, libs, data, options, heapFigures);
        await send({ type: 'result', result });
      }
    }
    await send({ type: 'done' });
  } catch (error) {
    await send({ type: 'fatal', error: String(error?.stack ?? error) });
  }
  process.disconnect();
});
