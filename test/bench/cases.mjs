// Benchmark cases, run unchanged in node and in headless Chromium.
//
// A case is `{ name, group, setup(libs, inputs) -> fn, async? }`:
//   libs    { shirushi, pkijs }: the built package (dist/shirushi.js) and the pkijs it imports
//   inputs  from `hydrateInputs` below: { certificates: { [name]: { pem, der } }, chainPem }
//   fn      the operation to time, called with no arguments; return its result (the harness keeps it
//           so the call cannot be optimised away). With `async: true`, fn returns a promise and calls
//           are awaited one after another.
// `setup` (may be async) runs once, untimed, and so does a first call of fn: a throw in either becomes
// an error row for that case. Names must be unique; they are the row keys in .bench-results.json.
// To add rows for a new feature, append case objects to `cases`.

import { measure } from './measure.mjs';

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
];

function base64ToBytes(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Turns the JSON from test/bench/inputs.mjs (DER as base64) into the `inputs` that cases receive. */
export function hydrateInputs(json) {
  const certificates = {};
  for (const [name, { pem, der }] of Object.entries(json.certificates)) {
    certificates[name] = { pem, der: base64ToBytes(der) };
  }
  return { certificates, chainPem: json.chainPem };
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
  const result = { case: benchCase.name, group: benchCase.group };
  try {
    const fn = await benchCase.setup(libs, inputs);
    const isAsync = Boolean(benchCase.async);
    await fn(); // Untimed first call: a throw here becomes an error row.
    const stats = await measure(fn, options, isAsync);
    return { ...result, ...stats, ...(await extra?.(fn, stats, isAsync)) };
  } catch (error) {
    const code = error?.code ? ` [${error.code}]` : '';
    return { ...result, error: `${error?.name ?? 'Error'}${code}: ${error?.message ?? error}` };
  }
}
