// Formatting of benchmark results: the plain-text table printed by test/bench/run.mjs.

/** Milliseconds as a short time with a sensible unit (ns, µs, ms, s) and about three significant digits. */
export function formatTime(ms) {
  const [value, unit] =
    ms < 1e-3 ? [ms * 1e6, 'ns'] : ms < 1 ? [ms * 1e3, 'µs'] : ms < 1000 ? [ms, 'ms'] : [ms / 1000, 's'];
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

export function formatRate(perSecond) {
  if (perSecond >= 100) return Math.round(perSecond).toLocaleString('en-US');
  return perSecond.toFixed(perSecond >= 10 ? 1 : 2);
}

export function formatBytes(bytes) {
  const sign = bytes < 0 ? '-' : '';
  const size = Math.abs(bytes);
  if (size < 1024) return `${sign}${Math.round(size)} B`;
  if (size < 1024 * 1024) return `${sign}${(size / 1024).toFixed(1)} KiB`;
  return `${sign}${(size / 1024 / 1024).toFixed(2)} MiB`;
}

const COLUMNS = [
  { title: 'case', align: 'left', value: (r) => r.case },
  { title: 'env', align: 'left', value: (r) => r.environment },
  { title: 'median/op', align: 'right', value: (r) => (r.error ? 'error' : formatTime(r.medianMs)) },
  { title: 'ops/s', align: 'right', value: (r) => (r.error ? '' : formatRate(r.opsPerSec)) },
  { title: '± MAD', align: 'right', value: (r) => (r.error ? '' : `${r.madPercent.toFixed(1)}%`) },
  { title: 'runs', align: 'right', value: (r) => (r.error ? '' : String(r.samples)) },
  {
    title: 'calls/run',
    align: 'right',
    value: (r) => (r.error ? '' : r.iterationsPerSample.toLocaleString('en-US')),
  },
  {
    title: 'heap alloc/op',
    align: 'right',
    value: (r) => (r.heap ? formatBytes(r.heap.allocatedPerOpBytes) : r.error ? '' : '—'),
  },
];

/** A markdown-style table with aligned columns, one row per result, in the order given. */
export function formatTable(results) {
  const cells = results.map((result) => COLUMNS.map((column) => column.value(result)));
  const widths = COLUMNS.map((column, i) =>
    Math.max(column.title.length, ...cells.map((row) => row[i].length)),
  );
  const line = (row) =>
    `| ${row
      .map((cell, i) => (COLUMNS[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (COLUMNS[i].align === 'right' ? `${'-'.repeat(width + 1)}:` : `:${'-'.repeat(width + 1)}`)).join('|')}|`;
  return [line(COLUMNS.map((column) => column.title)), rule, ...cells.map(line)].join('\n');
}

// --- CRL revocation (issue 3) ---------------------------------------------------------------------------

const MiB = 1024 * 1024;
/** The issue's targets. */
export const CRL_TARGETS = Object.freeze({
  coldRatio: 1.5,
  coldSlackMs: 5,
  memorySlackBytes: 32 * MiB,
  largestNodeMs: 150,
});

const groupDigits = (n) => n.toLocaleString('en-US').replace(/,/g, ' ');

/**
 * The CRL section: one line per CRL size and environment with the issue's figures, PASS/FAIL against its
 * targets, then the targets one by one. `crl` is the inputs' CRL description (sizes, bytes); `openssl`
 * the `openssl crl -verify` timings, `{ entries, medianMs, runsMs }[]`.
 */
export function formatCrlReport({ results, crl, openssl = [], environments }) {
  const find = (environment, kind, entries) =>
    results.find((r) => r.environment === environment && r.crl?.kind === kind && r.crl.entries === entries);
  // ' w': the page posted to a Web Worker during the case (the package checks large CRLs in one).
  const inWorker = (row) => (row?.workerMessages > 0 ? ' w' : '');
  const time = (row) => (!row ? '—' : row.error ? 'error' : formatTime(row.medianMs) + inWorker(row));
  const memory = (row) =>
    !row ? '—' : row.error ? 'error' : formatBytes(row.peakExtraBytes) + inWorker(row);
  let workerUsed = false;
  const verdict = (ok) => (ok ? 'PASS' : 'FAIL');
  const checks = [];
  const rows = [];
  for (const { entries, bytes } of crl.crls) {
    const label = groupDigits(entries);
    const opensslTime = openssl.find((o) => o.entries === entries);
    for (const environment of environments) {
      const cold = find(environment, 'cold', entries);
      const floor = find(environment, 'floor', entries);
      const lookup = find(environment, 'lookup', entries);
      const peak = find(environment, 'memory-cold', entries);
      const floorPeak = find(environment, 'memory-floor', entries);
      if (![cold, floor, lookup, peak, floorPeak].some(Boolean)) continue;
      const timed = cold && floor && !cold.error && !floor.error;
      const coldLimit = timed ? CRL_TARGETS.coldRatio * floor.medianMs + CRL_TARGETS.coldSlackMs : undefined;
      const memoryLimit = bytes + CRL_TARGETS.memorySlackBytes;
      const measuredPeak = peak && !peak.error;
      workerUsed ||= [cold, lookup, peak].some((row) => row?.workerMessages > 0);
      if (timed) {
        checks.push({
          target: `cold ≤ ${CRL_TARGETS.coldRatio} × floor + ${CRL_TARGETS.coldSlackMs} ms`,
          where: `${label}, ${environment}`,
          measured: `${formatTime(cold.medianMs)} vs ${formatTime(coldLimit)}`,
          ok: cold.medianMs <= coldLimit,
        });
      }
      if (measuredPeak) {
        checks.push({
          target: `peak extra ≤ CRL bytes + ${formatBytes(CRL_TARGETS.memorySlackBytes)}`,
          where: `${label}, ${environment}`,
          measured: `${formatBytes(peak.peakExtraBytes)} vs ${formatBytes(memoryLimit)}`,
          ok: peak.peakExtraBytes <= memoryLimit,
        });
      }
      if (environment === 'node' && entries === Math.max(...crl.crls.map((c) => c.entries)) && cold) {
        checks.push({
          target: `cold < ${CRL_TARGETS.largestNodeMs} ms`,
          where: `${label}, node`,
          measured: cold.error ? 'error' : formatTime(cold.medianMs),
          ok: !cold.error && cold.medianMs < CRL_TARGETS.largestNodeMs,
        });
      }
      rows.push([
        label,
        `${groupDigits(bytes)} (${formatBytes(bytes)})`,
        environment,
        time(cold),
        time(floor),
        timed ? `${(cold.medianMs / floor.medianMs).toFixed(2)}×` : '—',
        timed ? `${formatTime(coldLimit)} ${verdict(cold.medianMs <= coldLimit)}` : '—',
        time(lookup),
        memory(peak),
        memory(floorPeak),
        measuredPeak ? `${formatBytes(memoryLimit)} ${verdict(peak.peakExtraBytes <= memoryLimit)}` : '—',
        environment === 'node' && opensslTime ? formatTime(opensslTime.medianMs) : '',
      ]);
    }
  }
  const titles = [
    'entries',
    'bytes',
    'env',
    'cold check',
    'floor',
    'ratio',
    'cold target',
    'warm lookup',
    'peak extra',
    'floor peak',
    'memory target',
    'openssl crl -verify',
  ];
  const left = new Set([0, 2]);
  const widths = titles.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (row) =>
    `| ${row.map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (left.has(i) ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  const passed = checks.filter((c) => c.ok).length;
  const targetWidth = Math.max(0, ...checks.map((c) => c.target.length));
  const whereWidth = Math.max(0, ...checks.map((c) => c.where.length));
  return [
    'CRL revocation (issue 3): checkRevocation of the revoked leaf (middle entry) on fresh CRL bytes',
    '',
    line(titles),
    rule,
    ...rows.map(line),
    '',
    `targets: ${passed} of ${checks.length} met`,
    ...checks.map(
      (c) =>
        `  ${verdict(c.ok)}  ${c.target.padEnd(targetWidth)}  ${c.where.padEnd(whereWidth)}  ${c.measured}`,
    ),
    '',
    'cold check: checkRevocation of the revoked leaf on a fresh copy of the CRL bytes (signature check and one',
    'lookup); floor: crypto.subtle.verify of a fresh copy of the TBS bytes with an imported key. Both are',
    'timed one call at a time (runs = calls), the copy made untimed and a GC forced before each call.',
    'warm lookup: checkRevocation of the good leaf on the same Uint8Array that a first check already used.',
    ...(workerUsed
      ? [
          "w: the page handed the check to the package's Web Worker (as it does for large CRLs): the CRL is",
          '  copied for the worker on every call, and the worker keeps nothing between calls.',
        ]
      : []),
    'peak extra / floor peak: one cold check / one bare verify in a fresh node process or a fresh Chromium',
    'context (its own renderer), after warm-up calls on 100- and 13 000-entry CRLs: peak RSS during the call',
    '(Linux VmHWM, reset just before) minus RSS just before, which already holds the fresh CRL copy. It',
    'includes the copies WebCrypto (and, in a page, the hand-over to the worker) make. openssl crl -verify:',
    'wall time of the whole command on the same file, median of 3 (once per size).',
  ].join('\n');
}
