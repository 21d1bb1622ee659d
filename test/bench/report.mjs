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
