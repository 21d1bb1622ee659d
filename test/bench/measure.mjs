// The timing loop, shared verbatim by node (test/bench/node-runner.mjs) and Chromium (test/bench/page.mjs).
// It only uses performance.now(), so it runs anywhere. It measures; it never asserts.

/** Defaults; test/bench/run.mjs passes its command-line values through. */
export const DEFAULT_OPTIONS = Object.freeze({
  /** Repeated samples per case; the reported time is their median. */
  samples: 9,
  /** Each sample repeats the operation until it takes at least this long. */
  minSampleMs: 50,
  /** Untimed calls first, so the JIT has optimised the code before we time it. */
  warmupMs: 100,
});

/** Keeps results reachable so the engine cannot drop calls whose results are unused. */
const hold = { value: undefined };

/** Runs `fn` `iterations` times; returns the elapsed milliseconds. */
function timeBatch(fn, iterations) {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) hold.value = fn();
  return performance.now() - start;
}

/** The same for an operation that returns a promise: calls run one after another. */
async function timeBatchAsync(fn, iterations) {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) hold.value = await fn();
  return performance.now() - start;
}

function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of unsorted values (the mean of the middle two for an even count). */
export function medianOf(values) {
  return median([...values].sort((a, b) => a - b));
}

function summarize(perCall, calls) {
  const sorted = [...perCall].sort((a, b) => a - b);
  const medianMs = median(sorted);
  // Median absolute deviation relative to the median: a spread that one noisy sample does not inflate.
  const mad = median(perCall.map((t) => Math.abs(t - medianMs)).sort((a, b) => a - b));
  return {
    medianMs,
    opsPerSec: 1000 / medianMs,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
    madPercent: (mad / medianMs) * 100,
    samples: perCall.length,
    /** Calls per sample (the median, when load made some samples longer). */
    iterationsPerSample: median([...calls].sort((a, b) => a - b)),
    sampleMs: perCall,
    sampleCalls: calls,
  };
}

/**
 * Warm-up, calibration (how many calls take at least `minSampleMs`), then `samples` samples of that many
 * calls, or more if needed to last `minSampleMs`. `batch(iterations)` returns elapsed ms, or a promise of it.
 */
async function run(batch, { samples, minSampleMs, warmupMs }) {
  // Warm-up in growing batches, so the first guess at the batch size is already close.
  let warmupCalls = 0;
  let elapsed = 0;
  for (let n = 1; elapsed < warmupMs; n = Math.min(n * 2, 1 << 20)) {
    elapsed += await batch(n);
    warmupCalls += n;
  }
  let iterations = Math.max(1, Math.ceil((minSampleMs * 1.1 * warmupCalls) / Math.max(elapsed, 1e-3)));
  // Confirm with a timed batch; grow it until it is long enough (timers may be coarse).
  for (;;) {
    const took = await batch(iterations);
    if (took >= minSampleMs) break;
    const factor = took > 0 ? Math.min(10, (minSampleMs * 1.1) / took) : 10;
    iterations = Math.max(iterations + 1, Math.ceil(iterations * factor));
  }
  // Each sample is whole batches until it has run for minSampleMs: if the machine was slow while
  // calibrating, later samples still last long enough.
  const perCall = [];
  const calls = [];
  for (let s = 0; s < samples; s++) {
    let took = 0;
    let count = 0;
    do {
      took += await batch(iterations);
      count += iterations;
    } while (took < minSampleMs);
    perCall.push(took / count);
    calls.push(count);
  }
  hold.value = undefined;
  return summarize(perCall, calls);
}

/**
 * Measures `fn` (synchronous, or returning a promise when `isAsync`). Times are milliseconds per call.
 * @returns {Promise<{ medianMs: number, opsPerSec: number, minMs: number, maxMs: number,
 *   madPercent: number, samples: number, iterationsPerSample: number, sampleMs: number[],
 *   sampleCalls: number[] }>}
 */
export function measure(fn, options = {}, isAsync = false) {
  const settings = { ...DEFAULT_OPTIONS, ...options };
  return run(isAsync ? (n) => timeBatchAsync(fn, n) : (n) => timeBatch(fn, n), settings);
}

/** Per-call samples at most, for `measureEach`: 200 cold checks of a small CRL are plenty. */
const MAX_EACH_SAMPLES = 200;

/**
 * Measures `fn(input)` one call at a time, each call on a fresh `prepare()` made outside the timed part
 * (for operations whose input must not be reused, such as a CRL seen for the first time). Untimed calls
 * first for at least `warmupMs` (two at least); then as many timed calls as fit `samples × minSampleMs`
 * at the warm-up's speed, but no fewer than `samples` and no more than MAX_EACH_SAMPLES. `gc`, when
 * given, runs before each timed call (after its `prepare`), so garbage from earlier calls and copies is
 * not collected inside the timed part. Same result shape as `measure`, with one call per run.
 */
export async function measureEach(fn, prepare, options = {}, gc = undefined) {
  const { samples, minSampleMs, warmupMs } = { ...DEFAULT_OPTIONS, ...options };
  let elapsed = 0;
  let warmupCalls = 0;
  let fastest = Infinity;
  while (warmupCalls < 2 || elapsed < warmupMs) {
    const input = prepare();
    const start = performance.now();
    hold.value = await fn(input);
    const took = performance.now() - start;
    elapsed += took;
    fastest = Math.min(fastest, took);
    warmupCalls++;
  }
  // The fastest warm-up call: the first ones include compilation.
  const perCallEstimate = Math.max(fastest, 1e-3);
  const count = Math.min(
    MAX_EACH_SAMPLES,
    Math.max(samples, Math.ceil((samples * minSampleMs) / perCallEstimate)),
  );
  const perCall = [];
  for (let s = 0; s < count; s++) {
    const input = prepare();
    gc?.();
    const start = performance.now();
    hold.value = await fn(input);
    perCall.push(performance.now() - start);
  }
  hold.value = undefined;
  return summarize(
    perCall,
    perCall.map(() => 1),
  );
}
