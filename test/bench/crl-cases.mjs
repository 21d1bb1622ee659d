// CRL revocation cases (issue 3), run unchanged in node and in headless Chromium. Browser-safe: no node
// imports here (test/bench/crl-inputs.mjs, which writes the CRLs, imports CRL_SIZES from this file).
//
// Per CRL size (see crl-inputs.mjs for the CRLs themselves):
//   cold      checkRevocation of the revoked leaf (the CRL's middle entry) against a fresh copy of the
//             CRL bytes: parsing, the signature check and one lookup. Per-call timing; the copy is made
//             outside the timed part.
//   floor     crypto.subtle.verify of the TBS bytes (a fresh copy, made untimed) with an imported key:
//             what any implementation has to spend. Timed the same way as `cold`.
//   lookup    checkRevocation of the good leaf against the same Uint8Array that a first checkRevocation
//             (of the revoked leaf) already used: what a warm index or cache gives. Ordinary timing loop.
//   memory    peak extra memory of one cold check, and of one bare verify (memory-floor): probe cases,
//             each run once in a fresh process (node) or a fresh browser context (Chromium); see
//             `prepareProbe` in cases.mjs and the runners.

export const CRL_SIZES = [10_000, 100_000, 1_000_000];
export const CRL_GROUP = 'CRL revocation';

/** 1000000 -> "1 000 000". */
export const entriesLabel = (entries) => entries.toLocaleString('en-US').replace(/,/g, ' ');

function crlInfo(inputs, entries) {
  const info = [...inputs.crl.warmups, ...inputs.crl.crls].find((c) => c.entries === entries);
  if (!info) throw new Error(`no CRL of ${entries} entries in the inputs`);
  return info;
}

function engine(shirushi) {
  if (typeof shirushi.checkRevocation !== 'function') {
    throw new Error(
      'dist/shirushi.js does not export checkRevocation (rebuild once src/index.ts exports it)',
    );
  }
  return shirushi.checkRevocation;
}

function expectStatus(result, status, reason) {
  if (result?.status !== status || (reason && result.reason !== reason)) {
    const got = `${result?.status}${result?.reason ? ` (${result.reason})` : ''}`;
    const problems = (result?.problems ?? []).map((p) => p.code).join(', ');
    throw new Error(
      `checkRevocation: expected ${status}${reason ? ` (${reason})` : ''}, got ${got}` +
        (problems ? `; problems: ${problems}` : ''),
    );
  }
  return result;
}

/** setup(libs, inputs) -> { prepare?, fn, check } for one kind of case and one CRL. */
const SETUPS = {
  async cold({ shirushi }, inputs, entries) {
    const checkRevocation = engine(shirushi);
    const info = crlInfo(inputs, entries);
    const crl = await inputs.crl.load(info.file);
    const certificate = inputs.crl.revoked.der;
    const issuer = inputs.crl.ca.der;
    return {
      prepare: () => crl.slice(),
      fn: (bytes) => checkRevocation({ certificate, issuer, crls: [bytes] }),
      check: (result) => expectStatus(result, 'revoked', info.revoked.reason),
    };
  },

  async floor(_libs, inputs, entries) {
    const info = crlInfo(inputs, entries);
    const crl = await inputs.crl.load(info.file);
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const key = await crypto.subtle.importKey('spki', inputs.crl.ca.spki, algorithm, false, ['verify']);
    const signature = crl.slice(...info.signature);
    return {
      prepare: () => crl.slice(...info.tbs),
      fn: (tbs) => crypto.subtle.verify(algorithm, key, signature, tbs),
      check: (valid) => {
        if (valid !== true) throw new Error('crypto.subtle.verify of the TBS returned false');
      },
    };
  },

  async lookup({ shirushi }, inputs, entries) {
    const checkRevocation = engine(shirushi);
    const info = crlInfo(inputs, entries);
    const crl = (await inputs.crl.load(info.file)).slice();
    const issuer = inputs.crl.ca.der;
    expectStatus(
      await checkRevocation({ certificate: inputs.crl.revoked.der, issuer, crls: [crl] }),
      'revoked',
      info.revoked.reason,
    );
    const certificate = inputs.crl.good.der;
    return {
      fn: () => checkRevocation({ certificate, issuer, crls: [crl] }),
      check: (result) => expectStatus(result, 'good'),
    };
  },
};

function crlCase(kind, entries, name) {
  return {
    name,
    group: CRL_GROUP,
    async: true,
    crl: { kind, entries },
    setup: (libs, inputs) => SETUPS[kind](libs, inputs, entries),
  };
}

function probeCase(kind, entries, name) {
  return {
    name,
    group: CRL_GROUP,
    crl: { kind: `memory-${kind}`, entries },
    // The same operation on the small warm-up CRLs first (see crl-inputs.mjs): code is compiled, lazily
    // initialised state exists and a page's CRL worker is running before the baseline, and little
    // garbage is left behind.
    probe: {
      warmup: (libs, inputs) =>
        Promise.all(inputs.crl.warmups.map(({ entries: size }) => SETUPS[kind](libs, inputs, size))),
    },
    setup: (libs, inputs) => SETUPS[kind](libs, inputs, entries),
  };
}

export const crlCases = CRL_SIZES.flatMap((entries) => {
  const label = `CRL ${entriesLabel(entries)}`;
  return [
    crlCase('cold', entries, `checkRevocation cold, ${label}`),
    crlCase('floor', entries, `baseline: subtle.verify TBS, ${label}`),
    crlCase('lookup', entries, `checkRevocation warm lookup, ${label}`),
    probeCase('cold', entries, `peak memory: checkRevocation cold, ${label}`),
    probeCase('floor', entries, `peak memory: subtle.verify TBS, ${label}`),
  ];
});
