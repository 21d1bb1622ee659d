// Browser side of the benchmark, bundled by test/bench/run.mjs (see test/bench/page.html).
// Exposes `window.shirushiBench` for the driver: `run(name, options)` measures one case from cases.mjs;
// `probePrepare(name)` then `probeRun()` run a memory probe case, the driver reading the renderer's
// memory in between (browser.mjs).
import * as shirushi from 'shirushi';
import * as pkijs from 'pkijs';
import { cases, hydrateInputs, prepareProbe, runCase } from './cases.mjs';

const status = document.getElementById('status');

// Counts the messages pages post to Web Workers, so results can say whether a check ran in the package's
// CRL worker (it starts one lazily, for large CRLs) or in the page. Installed before any check runs.
let workerMessages = 0;
globalThis.Worker = class CountingWorker extends globalThis.Worker {
  postMessage(...args) {
    workerMessages++;
    return super.postMessage(...args);
  }
};

async function start() {
  const response = await fetch('./inputs.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`inputs.json: HTTP ${response.status}`);
  // CRL files are fetched as binary, and only when a case needs them.
  const inputs = hydrateInputs(await response.json(), async (name) => {
    const crl = await fetch(`./crl/${encodeURIComponent(name)}`, { cache: 'no-store' });
    if (!crl.ok) throw new Error(`crl/${name}: HTTP ${crl.status}`);
    return crl.arrayBuffer();
  });
  const libs = { shirushi, pkijs };
  let pendingProbe;
  window.shirushiBench = {
    environment: () => ({
      userAgent: navigator.userAgent,
      // Cross-origin isolation (the server sends COOP/COEP) gives performance.now() a finer resolution.
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
      gcExposed: typeof globalThis.gc === 'function',
    }),
    async run(name, options) {
      const benchCase = cases.find((c) => c.name === name);
      if (!benchCase) return { case: name, error: 'no such case in the page bundle' };
      status.textContent = `running: ${name}`;
      const before = workerMessages;
      const result = await runCase(benchCase, libs, inputs, options);
      return { ...result, workerMessages: workerMessages - before };
    },
    async probePrepare(name) {
      const benchCase = cases.find((c) => c.name === name && c.probe);
      if (!benchCase) throw new Error(`no memory probe case ${name} in the page bundle`);
      status.textContent = `probing: ${name}`;
      pendingProbe = await prepareProbe(benchCase, libs, inputs);
    },
    async probeRun() {
      const run = pendingProbe;
      pendingProbe = undefined;
      const before = workerMessages;
      const result = await run();
      return { ...result, workerMessages: workerMessages - before };
    },
    /** Allocates and touches `bytes` (kept until `releaseBallast`), so the driver can find this renderer. */
    allocateBallast(bytes) {
      window.shirushiBallast = new Uint8Array(bytes).fill(1);
    },
    releaseBallast() {
      window.shirushiBallast = undefined;
      globalThis.gc?.();
    },
  };
  status.textContent = 'ready';
}

start().catch((error) => {
  window.shirushiBenchError = String(error?.stack ?? error);
  status.textContent = `failed: ${error}`;
});
