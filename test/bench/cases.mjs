// Benchmark cases, run unchanged in node and in headless Chromium.
//
// A case is `{ name, group, setup(libs, inputs) -> fn, async? }`:
//   libs    { shirushi, pkijs }: the built package (dist/shirushi.js) and the pkijs it imports
//   inputs  from `hydrateInputs` below: { certificates: { [name]: { pem, der } }, chainPem, crl, path }
//   fn      the operation to time, called with no arguments; return its result (the harness keeps it
//           so the call cannot be optimised away). With `async: true`, fn returns a promise and calls
//           are awaited one after another.
// `setup` may instead return `{ fn, check?, prepare? }`: `check(result)` is applied to the result of
// the untimed first call (throw to fail the case); with `prepare`, each call is `fn(prepare())`, timed
// one by one with the prepare outside the timed part (`measureEach` in measure.mjs).
// `setup` (may be async) runs once, untimed, and so does a first call of fn: a throw in either becomes
// an error row for that case. Names must be unique; they are the row keys in .bench-results.json.
// A case with `probe: { warmup(libs, inputs) -> [{ fn, check, prepare }] }` is a memory probe: the
// runners skip it in their timing
// loop and run it alone in a fresh process or browser context (`prepareProbe` below).
// To add rows for a new feature, append case objects to `cases`.

import { crlCases } from './crl-cases.mjs';
import { csrCases } from './csr-cases.mjs';
import { hydratePathInputs, pathCases } from './path-cases.mjs';
import { vaultCases } from './vault-cases.mjs';
import { measure, measureEach } from './measure.mjs';

const CERTIFICATE_LABELS = {
  'rsa-2048': 'RSA-2048',
  'p-256': 'P-256',
  'rsa-4096': 'RSA-4096',
  'san-1000': '1000 SANs (P-256)',
};

/** parseCertificate of one generated certificate, as PEM text or DER bytes. */
function parseCertificateCase(key, form) {
  return {
    name: `parseCertificate ${form} ${CERTIFICATE_LABELS[key]}`,
    group: 'certificate parsing',
    setup({ shirushi }, inputs) {
      const certificate = inputs.certificates[key];
      const input = form === 'PEM' ? certificate.pem : certificate.der;
      return () => shirushi.parseCertificate(input);
    },
  };
}

export const cases = [
  parseCertificateCase('rsa-2048', 'PEM'),
  parseCertificateCase('p-256', 'PEM'),
  parseCertificateCase('rsa-4096', 'PEM'),
  parseCertificateCase('p-256', 'DER'),
  parseCertificateCase('san-1000', 'PEM'),
  {
    name: 'parseCertificates PEM chain (3 certs)',
    group: 'certificate parsing',
    setup({ shirushi }, inputs) {
      const pem = inputs.chainPem;
      return () => shirushi.parseCertificates(pem);
    },
  },
  {
    // Reference point: pkijs alone decoding the same DER, without shirushi's bounds checks,
    // extension decoding, names and fingerprints.
    name: 'baseline: pkijs Certificate.fromBER RSA-2048',
    group: 'certificate parsing',
    setup({ pkijs }, inputs) {
      const der = inputs.certificates['rsa-2048'].der;
      return () => pkijs.Certificate.fromBER(der);
    },
  },
  ...crlCases,
  ...csrCases,
  ...vaultCases,
  ...pathCases,
];

function base64ToBytes(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Turns the JSON from test/bench/inputs.mjs (DER as base64) into the `inputs` that cases receive.
 * `loadFile(name)` resolves with the bytes of one of the CRL input files (read from disk in node, fetched
 * in the browser); `inputs.crl.load(name)` calls it once per file, when a case first needs the file,
 * and always resolves with a plain Uint8Array (not a node Buffer, whose slice() would not copy).
 */
export function hydrateInputs(json, loadFile) {
  const certificates = {};
  for (const [name, { pem, der }] of Object.entries(json.certificates)) {
    certificates[name] = { pem, der: base64ToBytes(der) };
  }
  const inputs = { certificates, chainPem: json.chainPem, path: hydratePathInputs(json, base64ToBytes) };
  if (json.crl) {
    const loaded = new Map();
    const certificate = ({ pem, der }) => ({ pem, der: base64ToBytes(der) });
    inputs.crl = {
      ...json.crl,
      ca: { ...certificate(json.crl.ca), spki: base64ToBytes(json.crl.ca.spki) },
      revoked: certificate(json.crl.revoked),
      good: certificate(json.crl.good),
      load(name) {
        if (!loaded.has(name)) {
          // An ArrayBuffer becomes a view; anything but a plain Uint8Array (a node Buffer) is copied.
          loaded.set(
            name,
            Promise.resolve(loadFile(name)).then((data) =>
              data instanceof ArrayBuffer || data.constructor !== Uint8Array ? new Uint8Array(data) : data,
            ),
          );
        }
        return loaded.get(name);
      },
    };
  }
  return inputs;
}

/** The cases whose names match `filter` (a case-insensitive regular expression), or all of them. */
export function selectCases(filter) {
  return filter ? cases.filter((c) => new RegExp(filter, 'i').test(c.name)) : cases;
}

/**
 * Sets up and measures one case. A failure becomes a result with `error`, never an exception, so one
 * broken case does not hide the others. `extra(fn, stats)` may add fields (node adds heap figures).
 */
export async function runCase(benchCase, libs, inputs, options, extra) {
  const result = { case: benchCase.name, group: benchCase.group, ...caseTags(benchCase) };
  try {
    const prepared = await benchCase.setup(libs, inputs);
    const { fn, check, prepare } = typeof prepared === 'function' ? { fn: prepared } : prepared;
    const isAsync = Boolean(benchCase.async);
    // Untimed first call: a throw here, or from check, becomes an error row.
    const first = await (prepare ? fn(prepare()) : fn());
    check?.(first);
    if (prepare) {
      const gc = typeof globalThis.gc === 'function' ? () => globalThis.gc() : undefined;
      const stats = await measureEach(fn, prepare, options, gc);
      return { ...result, ...stats, perCall: true, gcBeforeEachCall: Boolean(gc) };
    }
    const stats = await measure(fn, options, isAsync);
    return { ...result, ...stats, ...(await extra?.(fn, stats, isAsync)) };
  } catch (error) {
    return { ...result, error: describeError(error) };
  }
}

function describeError(error) {
  const code = error?.code ? ` [${error.code}]` : '';
  return `${error?.name ?? 'Error'}${code}: ${error?.message ?? error}`;
}

/** Fields that every result of the case carries, so reports can find the CRL and path validation rows. */
function caseTags(benchCase) {
  return {
    ...(benchCase.crl && { crl: benchCase.crl }),
    ...(benchCase.path && { path: benchCase.path }),
  };
}

/** The result of a memory probe that failed before or while running. */
export function probeError(benchCase, error) {
  return {
    case: benchCase.name,
    group: benchCase.group,
    ...caseTags(benchCase),
    error: describeError(error),
  };
}

/**
 * First half of a memory probe, meant for a fresh process or page: warms up with `probe.warmup` (five
 * calls of each operation it gives), sets up the case and prepares its input, then collects garbage (when gc is exposed). Resolves
 * with `run()`, which makes the one measured call and checks its result: the runner reads the process's
 * memory before calling `run` and its peak after.
 */
export async function prepareProbe(benchCase, libs, inputs) {
  for (const warm of await benchCase.probe.warmup(libs, inputs)) {
    for (let i = 0; i < 5; i++) warm.check(await warm.fn(warm.prepare()));
  }
  const { fn, check, prepare } = await benchCase.setup(libs, inputs);
  const input = prepare();
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
  return async () => {
    check(await fn(input));
    return { case: benchCase.name, group: benchCase.group, ...caseTags(benchCase) };
  };
}
