// Peak memory of a process while it does one thing, from Linux's own accounting: writing "5" to
// /proc/<pid>/clear_refs resets the process's peak resident set size (VmHWM in /proc/<pid>/status) to its
// current size, so VmHWM read afterwards is the true peak, with nothing to sample and nothing missed while
// the process's main thread is busy. Used by node-runner.mjs (its own process) and browser.mjs (the
// renderer process of a page). Node-only; Linux-only.
import { readFile, writeFile } from 'node:fs/promises';

export const PEAK_METHOD = 'peak RSS (Linux VmHWM after clear_refs) minus RSS just before the call';

async function readStatus(pid) {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text);
    if (!match) throw new Error(`/proc/${pid}/status has no ${name}`);
    return Number(match[1]) * 1024;
  };
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Resident set size of a process, in bytes. */
export async function residentBytes(pid = 'self') {
  return (await readStatus(pid)).rss;
}

/**
 * Resets the peak of process `pid`, reads its RSS, awaits `run()`, reads the peak. Resolves with
 * `{ value, baselineRssBytes, peakRssBytes, peakExtraBytes }`; `value` is what `run` resolved with.
 */
export async function measurePeak(pid, run) {
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
  } catch (error) {
    throw new Error(`cannot reset the peak RSS of process ${pid} (needs Linux ≥ 4.0): ${error.message}`);
  }
  const before = await readStatus(pid);
  const value = await run();
  const after = await readStatus(pid);
  return {
    value,
    baselineRssBytes: before.rss,
    peakRssBytes: after.hwm,
    peakExtraBytes: after.hwm - before.rss,
  };
}
