// Browser side of the benchmark, bundled by test/bench/run.mjs (see test/bench/page.html).
// Exposes `window.shirushiBench` for the driver: `run(name, options)` measures one case from cases.mjs.
import * as shirushi from 'shirushi';
import * as pkijs from 'pkijs';
import { cases, hydrateInputs, runCase } from './cases.mjs';

const status = document.getElementById('status');

async function start() {
  const response = await fetch('./inputs.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`inputs.json: HTTP ${response.status}`);
  const inputs = hydrateInputs(await response.json());
  const libs = { shirushi, pkijs };
  window.shirushiBench = {
    environment: () => ({
      userAgent: navigator.userAgent,
      // Cross-origin isolation (the server sends COOP/COEP) gives performance.now() a finer resolution.
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    }),
    run(name, options) {
      const benchCase = cases.find((c) => c.name === name);
      if (!benchCase) return Promise.resolve({ case: name, error: 'no such case in the page bundle' });
      status.textContent = `running: ${name}`;
      return runCase(benchCase, libs, inputs, options);
    },
  };
  status.textContent = 'ready';
}

start().catch((error) => {
  window.shirushiBenchError = String(error?.stack ?? error);
  status.textContent = `failed: ${error}`;
});
