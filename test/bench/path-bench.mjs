// The openssl side of the path validation rows (issue 15), and their section of the report.
//
// For each chain of test/bench/path-cases.mjs, `openssl verify -crl_check_all -policy_check` on the same
// certificates and CRLs, converted to PEM once in a temporary directory (untimed): `-CAfile` the trust
// anchor, `-untrusted` the intermediates, `-CRLfile` all CRLs (one file), and for PKITS `-attime` (the
// case's time), `-policy OID` per initial policy and `-explicit_policy` when the case sets it. Two figures:
//   per process        wall time of one `openssl verify` of the leaf, median of PROCESS_RUNS runs, one
//                      after another: includes process start-up, loading libcrypto and reading the files.
//   per verification   the leaf named REPEAT times in one invocation (each one parsed, its path built and
//                      every signature and CRL checked again; the CA file, intermediates and CRLs are read
//                      once): (t(REPEAT) − t(1)) / (REPEAT − 1), each t the median of REPEAT_RUNS runs.
// Every invocation must print "OK" for each leaf and exit 0, or the bench stops.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { medianOf } from './measure.mjs';
import { PATH_CHAINS, PATH_GROUP, PATH_VARIANTS } from './path-cases.mjs';
import { formatTime } from './report.mjs';

export const PROCESS_RUNS = 21;
export const REPEAT = 201;
export const REPEAT_RUNS = 7;

function toPem(label, base64) {
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g).join('\n')}\n-----END ${label}-----\n`;
}

/**
 * Writes one chain's PEM files into `dir` (DER wrapped as PEM, the same bytes verifyChain gets); resolves
 * with the `openssl verify` arguments that come before the leaf, and the leaf's file name.
 */
async function writeChain(dir, chain, inputs) {
  const file = (name, text) => writeFile(join(dir, `${chain}-${name}.pem`), text, 'utf8');
  let anchor, intermediates, crls, leaf;
  const extra = [];
  if (chain === 'rsa-chain') {
    const { certificates, chainCrls } = inputs;
    anchor = certificates.root.pem;
    intermediates = certificates.intermediate.pem;
    leaf = certificates['rsa-2048'].pem;
    crls = chainCrls.root.pem + chainCrls.intermediate.pem;
  } else {
    const { pkits } = inputs;
    const certs = pkits.certs.map(({ der }) => toPem('CERTIFICATE', der));
    anchor = certs[0];
    intermediates = certs.slice(1, -1).join('');
    leaf = certs.at(-1);
    crls = pkits.crls.map(({ der }) => toPem('X509 CRL', der)).join('');
    extra.push('-attime', String(Math.floor(Date.parse(pkits.time) / 1000)));
    for (const oid of pkits.initialPolicySet ?? []) extra.push('-policy', oid);
    if (pkits.explicitPolicy) extra.push('-explicit_policy');
    if (pkits.policyMappingInhibit) extra.push('-inhibit_map');
    if (pkits.anyPolicyInhibit) extra.push('-inhibit_any');
  }
  await Promise.all([
    file('anchor', anchor),
    file('intermediates', intermediates),
    file('crls', crls),
    file('leaf', leaf),
  ]);
  // prettier-ignore
  const args = [
    'verify', '-crl_check_all', '-policy_check', ...extra,
    '-CAfile', `${chain}-anchor.pem`, '-untrusted', `${chain}-intermediates.pem`, '-CRLfile', `${chain}-crls.pem`,
  ];
  return { args, leaf: `${chain}-leaf.pem`, flags: args.join(' ') };
}

/** One timed `openssl verify` of `count` copies of the leaf; throws unless each is OK. */
async function timeVerify(openssl, dir, { args, leaf }, count) {
  const start = performance.now();
  const output = await openssl([...args, ...Array(count).fill(leaf)], { cwd: dir });
  const ms = performance.now() - start;
  const ok = output
    .toString('utf8')
    .split('\n')
    .filter((line) => line === `${leaf}: OK`).length;
  if (ok !== count) throw new Error(`openssl verify: ${ok} of ${count} OK\n${output.toString('utf8')}`);
  return ms;
}

/**
 * Times openssl on the chains named in `chains` (keys of PATH_CHAINS). `inputs` is the JSON from
 * test/bench/inputs.mjs with `pkits` (test/bench/path-inputs.mjs). Resolves with one entry per chain.
 * `counts` overrides PROCESS_RUNS, REPEAT and REPEAT_RUNS (the tests run fewer).
 */
export async function timeOpensslPaths({ chains, inputs, openssl, log, counts = {} }) {
  const { processRuns = PROCESS_RUNS, repeat = REPEAT, repeatRuns = REPEAT_RUNS } = counts;
  if (repeat < 2) throw new Error('openssl per verification needs at least 2 leaves per invocation');
  const dir = await mkdtemp(join(tmpdir(), 'shirushi-bench-path-'));
  try {
    const timings = [];
    for (const chain of chains) {
      const command = await writeChain(dir, chain, inputs);
      // Untimed: the answer must be right before its time means anything (and the files are cached).
      await timeVerify(openssl, dir, command, 1);
      const processMs = [];
      for (let i = 0; i < processRuns; i++) processMs.push(await timeVerify(openssl, dir, command, 1));
      const oneMs = [];
      const repeatMs = [];
      for (let i = 0; i < repeatRuns; i++) {
        oneMs.push(await timeVerify(openssl, dir, command, 1));
        repeatMs.push(await timeVerify(openssl, dir, command, repeat));
      }
      const perProcessMs = medianOf(processMs);
      const perVerificationMs = (medianOf(repeatMs) - medianOf(oneMs)) / (repeat - 1);
      log?.(
        `  openssl verify, ${PATH_CHAINS[chain]}: ${formatTime(perProcessMs)} per process, ` +
          `${formatTime(perVerificationMs)} per verification`,
      );
      timings.push({
        chain,
        flags: command.flags,
        perProcessMs,
        perVerificationMs,
        processRunsMs: processMs,
        repeat,
        oneRunsMs: oneMs,
        repeatRunsMs: repeatMs,
      });
    }
    return timings;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The chains that the path validation cases among `selectedCases` validate, in PATH_CHAINS order. */
export function pathChainsOf(selectedCases) {
  const chains = new Set(selectedCases.flatMap((c) => (c.path ? [c.path.chain] : [])));
  return Object.keys(PATH_CHAINS).filter((chain) => chains.has(chain));
}

/** The "path validation" section: per chain, openssl's two figures, then shirushi's rows with ratios. */
export function formatPathReport({ results, openssl }) {
  const rows = [];
  const ratio = (ms, reference) => {
    if (!(reference > 0)) return '—';
    const value = ms / reference;
    // Two significant digits below 0.1, so a per-process ratio of a few thousandths does not read 0.00.
    return `${value < 0.1 ? value.toPrecision(2) : value.toFixed(2)}×`;
  };
  for (const chain of Object.keys(PATH_CHAINS)) {
    const reference = openssl.find((o) => o.chain === chain);
    const own = results.filter((r) => r.path?.chain === chain);
    if (!reference && own.length === 0) continue;
    if (reference) {
      rows.push([
        PATH_CHAINS[chain],
        'openssl verify, per process (incl. start-up)',
        formatTime(reference.perProcessMs),
        '',
        '',
        '',
      ]);
      rows.push([
        PATH_CHAINS[chain],
        `openssl verify, per verification (${reference.repeat} leaves in one process)`,
        formatTime(reference.perVerificationMs),
        '',
        '',
        '',
      ]);
    }
    for (const row of own) {
      const timed = !row.error && row.medianMs !== undefined;
      const isShirushi = row.path.variant !== 'signatures';
      const what = !isShirushi
        ? `crypto.subtle, ${row.environment}, ${PATH_VARIANTS.signatures}`
        : `shirushi verifyChain, ${row.environment}, ${PATH_VARIANTS[row.path.variant]}`;
      rows.push([
        PATH_CHAINS[chain],
        what,
        row.error ? 'ERROR' : formatTime(row.medianMs),
        timed ? `${row.madPercent.toFixed(1)}%` : '',
        timed && reference && isShirushi ? ratio(row.medianMs, reference.perVerificationMs) : '—',
        timed && reference && isShirushi ? ratio(row.medianMs, reference.perProcessMs) : '—',
      ]);
    }
  }
  const titles = ['chain', 'run', 'median', '± MAD', '÷ openssl per verification', '÷ openssl per process'];
  const left = new Set([0, 1]);
  const widths = titles.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (row) =>
    `| ${row.map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((width, i) => (left.has(i) ? `:${'-'.repeat(width + 1)}` : `${'-'.repeat(width + 1)}:`)).join('|')}|`;
  const processRuns = openssl[0]?.processRunsMs.length ?? PROCESS_RUNS;
  const repeat = openssl[0]?.repeat ?? REPEAT;
  const repeatRuns = openssl[0]?.repeatRunsMs.length ?? REPEAT_RUNS;
  const flags = openssl.map((o) => `  ${PATH_CHAINS[o.chain]}: openssl ${o.flags} LEAF`);
  return [
    `${PATH_GROUP} (issue 15): verifyChain with revocation 'require' against openssl verify on the same files`,
    '',
    line(titles),
    rule,
    ...rows.map(line),
    '',
    'same inputs: verifyChain called again on the same Uint8Arrays (parsed certificates and CRLs are remembered',
    'by the identity of their bytes). fresh copies: new copies of every certificate and CRL for each call',
    '(made untimed, one call per run, GC before each): parsing and CRL signature checks are redone, but the',
    'package remembers certificate signature checks by fingerprint, so those are not. Both are validated once',
    'per run (valid, all good, PKITS: expected policy set) before timing; a wrong answer is an error row.',
    'certificate signatures only: crypto.subtle importKey + verify of each certificate signature on the path,',
    'no shirushi code: the part that fresh copies does not redo (fresh copies plus this is about the cost of',
    'validating a chain never seen before).',
    `openssl per process: median of ${processRuns} runs of one openssl verify, process start-up included.`,
    `openssl per verification: (t(${repeat} leaves) − t(1 leaf)) / ${repeat - 1}, medians of ${repeatRuns} runs each: every leaf`,
    'parsed and its chain, signatures and CRLs checked again, the CA, intermediate and CRL files read once.',
    '÷: shirushi median divided by the openssl figure (above 1: shirushi is slower). openssl flags:',
    ...flags,
  ].join('\n');
}
