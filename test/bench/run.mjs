#!/usr/bin/env node
// `npm run bench`: times the built package (dist/shirushi.js) in node and in headless Chromium.
//
// Steps: build if dist/shirushi.js is missing (`npm run build`), generate certificates with openssl
// (test/bench/inputs.mjs) and the CRLs (test/bench/crl-inputs.mjs, cached), time `openssl crl -verify`
// on each CRL (which must verify), run every case of test/bench/cases.mjs in a forked node
// (test/bench/node-runner.mjs), then in headless Chromium (test/bench/browser.mjs), one environment after
// the other; memory probe cases run each in a fresh node process or browser context. Prints a table to
// stdout, and for the CRL cases a second one with the issue's targets (progress goes to stderr), and writes
// everything to .bench-results.json. It measures; it never fails on speed (the CRL section shows
// PASS/FAIL against targets, but the exit code does not depend on it). The exit code is non-zero only
// when the harness itself fails (build, openssl, a CRL that does not verify, a case that throws, an
// environment that cannot start, a path validation case whose answer is wrong, an openssl verify of the
// same chain that fails).
//
// Options:
//   --no-build            never build; fail if dist/shirushi.js is missing
//   --build               always run `npm run build` first
//   --env=node,chromium   environments to run (default: both)
//   --filter=REGEX        only cases whose name matches (case-insensitive); --filter=seal runs just the
//                         site seal rows (test/bench/seal-bench.mjs), --filter=acme the ACME rows
//                         against pebble (test/bench/acme-bench.mjs), --filter=verifyChain the path
//                         validation rows with openssl verify side by side (test/bench/path-bench.mjs)
//   --samples=N           samples per case (default 9); the median is reported
//   --min-sample-ms=MS    each sample repeats the operation for at least this long (default 50)
//   --warmup-ms=MS        untimed warm-up per case (default 100)
//   --json=PATH           results file (default .bench-results.json; --json= to skip)
//   --chromium=PATH       Chromium binary (default $CHROMIUM_PATH or /usr/bin/chromium)
import { execFileSync, fork, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CHROMIUM, runChromium } from './browser.mjs';
import { cases, selectCases } from './cases.mjs';
import { verifyCrl } from './crl-inputs.mjs';
import { generateInputs, openssl } from './inputs.mjs';
import { DEFAULT_OPTIONS } from './measure.mjs';
import { formatBundles, measureBundles } from './bundle-size.mjs';
import { formatBytes, formatCrlReport, formatTable, formatTime } from './report.mjs';
import { formatSealReport, runSealBench, selectSealRows } from './seal-bench.mjs';
import { formatAcmeReport, runAcmeBench, selectAcmeRows } from './acme-bench.mjs';
import { loadPkitsCase } from './path-inputs.mjs';
import { formatPathReport, pathChainsOf, timeOpensslPaths } from './path-bench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST_ENTRY = join(root, 'dist', 'shirushi.js');
const ENVIRONMENTS = ['node', 'chromium'];

const log = (message) => process.stderr.write(`${message}\n`);

/** A problem with the command line or the checkout: reported without a stack trace. */
class BenchError extends Error {}

function parseCommandLine() {
  const { values } = parseArgs({
    options: {
      build: { type: 'boolean' },
      'no-build': { type: 'boolean' },
      env: { type: 'string', default: ENVIRONMENTS.join(',') },
      filter: { type: 'string' },
      samples: { type: 'string', default: String(DEFAULT_OPTIONS.samples) },
      'min-sample-ms': { type: 'string', default: String(DEFAULT_OPTIONS.minSampleMs) },
      'warmup-ms': { type: 'string', default: String(DEFAULT_OPTIONS.warmupMs) },
      json: { type: 'string', default: '.bench-results.json' },
      chromium: { type: 'string', default: DEFAULT_CHROMIUM },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${readHeader()}\n`);
    process.exit(0);
  }
  const number = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < min) throw new BenchError(`--${name} must be a number ≥ ${min}`);
    return value;
  };
  const environments = values.env
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const unknown = environments.filter((e) => !ENVIRONMENTS.includes(e));
  if (unknown.length || !environments.length)
    throw new BenchError(`--env: expected some of ${ENVIRONMENTS.join(', ')}`);
  if (values.build && values['no-build'])
    throw new BenchError('--build and --no-build contradict each other');
  try {
    if (values.filter) new RegExp(values.filter, 'i');
  } catch (error) {
    throw new BenchError(`--filter: ${error.message}`);
  }
  return {
    build: values.build ? 'always' : values['no-build'] ? 'never' : 'if-missing',
    environments,
    filter: values.filter,
    measure: {
      samples: Math.round(number('samples', 1)),
      minSampleMs: number('min-sample-ms', 1),
      warmupMs: number('warmup-ms', 0),
    },
    json: values.json ? resolve(root, values.json) : undefined,
    chromium: values.chromium,
  };
}

/** The usage text: the comment at the top of this file. */
function readHeader() {
  return readFileSync(fileURLToPath(import.meta.url), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.startsWith('//'))
    .map((line) => line.replace(/^\/\/ ?/, ''))
    .join('\n');
}

/** A hash of the JavaScript in dist/, to notice a rebuild by someone else during the run. */
function distFingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js'))
        hash.update(`${relative(root, path)}\0`).update(readFileSync(path));
    }
  };
  try {
    walk(join(root, 'dist'));
    return hash.digest('hex').slice(0, 16);
  } catch {
    return 'unreadable';
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.isFile()) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function runNpmBuild() {
  log('> npm run build');
  return new Promise((resolveEnded, reject) => {
    // Build output goes to stderr so stdout stays just the table.
    const child = spawn('npm', ['run', 'build'], {
      cwd: root,
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveEnded(code ?? (signal ? 1 : 0)));
  });
}

/** Makes sure dist/shirushi.js exists; returns what happened, for the results file. */
async function ensureBuild(mode) {
  const present = existsSync(DIST_ENTRY);
  if (mode === 'never' || (mode === 'if-missing' && present)) {
    if (!present) throw new BenchError('dist/shirushi.js is missing; run `npm run build` or drop --no-build');
    const srcNewest = newestMtime(join(root, 'src'));
    if (srcNewest > statSync(DIST_ENTRY).mtimeMs) {
      log(
        'warning: src/ has changed since dist/shirushi.js was built; pass --build to measure the current code',
      );
    }
    return { built: false };
  }
  const code = await runNpmBuild();
  if (code !== 0) {
    if (!existsSync(DIST_ENTRY))
      throw new BenchError(`npm run build failed (exit ${code}) and left no dist/shirushi.js`);
    // `vite build` comes first in the build script; a later step (tsc declarations, the element manifest)
    // failing does not change the JavaScript being measured.
    log(`warning: npm run build exited with ${code}; measuring the dist/shirushi.js it left`);
    return { built: true, buildExitCode: code };
  }
  return { built: true, buildExitCode: 0 };
}

function gitInfo() {
  const git = (args) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git(['rev-parse', 'HEAD']), dirty: git(['status', '--porcelain']) !== '' };
  } catch {
    return undefined;
  }
}

function progress(result) {
  const outcome = result.error
    ? `error: ${result.error}`
    : result.peakExtraBytes !== undefined
      ? `peak extra ${formatBytes(result.peakExtraBytes)} (RSS ${formatBytes(result.baselineRssBytes)} before)`
      : `${formatTime(result.medianMs)}/op (±${result.madPercent.toFixed(1)}%, ${result.samples}×${result.iterationsPerSample})`;
  log(`  [${result.environment}] ${result.case}: ${outcome}`);
}

/**
 * Times `openssl crl -verify` on each CRL (median of `runs`), in the order of the sizes. Throws if a CRL
 * does not verify: the CRL rows would measure nothing meaningful.
 */
async function timeOpensslVerify(crl, sizes, runs = 3) {
  const timings = [];
  for (const { entries, file } of crl.crls.filter((c) => sizes.includes(c.entries))) {
    const runsMs = [];
    for (let i = 0; i < runs; i++) {
      try {
        runsMs.push(await verifyCrl(join(crl.dir, file), join(crl.dir, 'ca.pem'), openssl));
      } catch (error) {
        throw new BenchError(`the generated CRL ${join(crl.dir, file)} does not verify: ${error.message}`);
      }
    }
    const sorted = [...runsMs].sort((a, b) => a - b);
    timings.push({ entries, medianMs: sorted[sorted.length >> 1], runsMs });
    log(`  openssl crl -verify, ${entries} entries: ${formatTime(sorted[sorted.length >> 1])}`);
  }
  return timings;
}

/** Runs the cases in a forked node with --expose-gc (for the heap figures), then each memory probe case
 * in a fresh fork of its own. */
async function runNode({ inputs, options, filter, caseNames, onEnvironment, onResult }) {
  await forkNodeRunner({ inputs, options, filter }, { onEnvironment, onResult });
  for (const benchCase of cases.filter((c) => c.probe && caseNames.includes(c.name))) {
    await forkNodeRunner({ inputs, probe: benchCase.name }, { onResult });
  }
}

/** One forked test/bench/node-runner.mjs, given `message`; resolves when it reports done. */
function forkNodeRunner(message, { onEnvironment, onResult }) {
  return new Promise((resolveRun, reject) => {
    const child = fork(join(root, 'test', 'bench', 'node-runner.mjs'), [], {
      cwd: root,
      execArgv: ['--expose-gc'],
      // Anything the child prints goes to stderr, so stdout stays just the table.
      stdio: ['ignore', 2, 2, 'ipc'],
    });
    let done = false;
    child.on('message', (message) => {
      if (message.type === 'environment') onEnvironment?.(message);
      else if (message.type === 'result') onResult(message.result);
      else if (message.type === 'done') done = true;
      else if (message.type === 'fatal') reject(new Error(`node runner: ${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (done) resolveRun();
      else reject(new Error(`node runner exited early (${signal ?? `exit ${code}`})`));
    });
    child.send(message);
  });
}

async function main() {
  const startedAt = new Date();
  const t0 = performance.now();
  const config = parseCommandLine();
  const loadAtStart = loadavg()[0];
  const caseNames = selectCases(config.filter).map((c) => c.name);
  const sealRows = selectSealRows(config.filter, config.environments);
  const acmeRows = selectAcmeRows(config.filter, config.environments);
  if (caseNames.length === 0 && sealRows.length === 0 && acmeRows.length === 0) {
    throw new BenchError(`no case matches --filter=${config.filter}`);
  }

  const build = await ensureBuild(config.build);
  const fingerprint = distFingerprint();
  log('generating inputs with openssl…');
  const inputs = await generateInputs({ log });
  const crlSizes = [...new Set(selectCases(config.filter).flatMap((c) => (c.crl ? [c.crl.entries] : [])))];
  const crlSelected = crlSizes.length > 0;
  let crlOpenssl = [];
  if (crlSelected) {
    log(`CRL inputs: ${inputs.crl.cached ? 'cached' : 'generated'} in ${relative(root, inputs.crl.dir)}`);
    crlOpenssl = await timeOpensslVerify(inputs.crl, crlSizes);
  }
  const pathChains = pathChainsOf(selectCases(config.filter));
  let pathOpenssl = [];
  if (pathChains.length) {
    inputs.pkits = await loadPkitsCase(root);
    log('timing openssl verify on the path validation chains…');
    try {
      pathOpenssl = await timeOpensslPaths({ chains: pathChains, inputs, openssl, log });
    } catch (error) {
      throw new BenchError(`openssl verify does not accept a path validation chain: ${error.message}`);
    }
  }

  const results = [];
  const environments = {};
  const failures = [];
  const record = (environment) => (result) => {
    const row = { ...result, environment };
    results.push(row);
    progress(row);
  };

  for (const environment of caseNames.length ? config.environments : []) {
    log(`running ${caseNames.length} case(s) in ${environment}…`);
    const onEnvironment = (info) => {
      environments[environment] = { ...environments[environment], ...info };
      delete environments[environment].type;
    };
    try {
      if (environment === 'node') {
        await runNode({
          inputs,
          options: config.measure,
          filter: config.filter,
          caseNames,
          onEnvironment,
          onResult: record('node'),
        });
      } else {
        await runChromium({
          root,
          inputs,
          options: config.measure,
          caseNames,
          executablePath: config.chromium,
          onEnvironment,
          onResult: record('chromium'),
        });
      }
    } catch (error) {
      failures.push(`${environment}: ${error?.message ?? error}`);
      environments[environment] = { ...environments[environment], error: String(error?.message ?? error) };
      log(`error: ${environment} did not complete: ${error?.message ?? error}`);
    }
  }

  let sealResults = [];
  if (sealRows.length) {
    log(`running ${sealRows.length} site seal row(s)…`);
    try {
      sealResults = await runSealBench({
        root,
        rows: sealRows,
        crl: inputs.crl,
        openssl,
        executablePath: config.chromium,
        log,
      });
    } catch (error) {
      failures.push(`seal: ${error?.message ?? error}`);
      log(`error: the site seal rows did not complete: ${error?.message ?? error}`);
    }
  }

  let acmeResults = [];
  if (acmeRows.length) {
    log(`running ${acmeRows.length} ACME row(s) against pebble…`);
    try {
      acmeResults = await runAcmeBench({ root, rows: acmeRows, executablePath: config.chromium, log });
    } catch (error) {
      failures.push(`acme: ${error?.message ?? error}`);
      log(`error: the ACME rows did not complete: ${error?.message ?? error}`);
    }
  }

  // One row per case per environment, the environments of a case next to each other.
  const order = (row) =>
    caseNames.indexOf(row.case) * ENVIRONMENTS.length + ENVIRONMENTS.indexOf(row.environment);
  results.sort((a, b) => order(a) - order(b));
  const errors = results.filter((row) => row.error);
  const distChanged = distFingerprint() !== fingerprint;
  if (distChanged)
    log('warning: dist/ changed during the run; environments may have measured different builds');
  const totalSeconds = (performance.now() - t0) / 1000;

  const header = [
    `shirushi benchmark — ${startedAt.toISOString()}`,
    ...Object.entries(environments).map(
      ([name, info]) =>
        `  ${name}: ${[info.version, info.engine].filter(Boolean).join(', ')}${info.error ? ' (failed)' : ''}` +
        (info.workers
          ? `; workers running after the timing cases: ${info.workers.map((url) => url.replace(/^.*\//, '')).join(', ') || 'none'}`
          : ''),
    ),
    `  host: ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `1-min load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0].toFixed(2)} at end`,
    `  code: ${relative(root, DIST_ENTRY)} (dist JS sha256 ${fingerprint}${build.built ? ', built for this run' : ''}` +
      `${distChanged ? ', CHANGED during the run' : ''}); inputs: ${inputs.openssl.split(' (')[0]}`,
    `  each run: ≥${config.measure.minSampleMs} ms of calls after ${config.measure.warmupMs} ms warm-up; median of ${config.measure.samples} runs`,
  ];
  const crlSection = results.some((row) => row.crl)
    ? formatCrlReport({
        results,
        crl: inputs.crl,
        openssl: crlOpenssl,
        environments: config.environments,
      })
    : undefined;
  const notes = [
    '± MAD: median absolute deviation of the runs, as % of the median.',
    'heap alloc/op: node only; V8 heap bytes allocated per call over one extra batch (used-heap growth plus',
    'what each GC freed, via v8.GCProfiler). Bytes retained after a full GC are in the JSON.',
    ...errors.map((row) => `error [${row.environment}] ${row.case}: ${row.error}`),
    ...sealResults.filter((row) => row.error).map((row) => `error [seal] ${row.case}: ${row.error}`),
    ...acmeResults.filter((row) => row.error).map((row) => `error [acme] ${row.case}: ${row.error}`),
    ...failures.map((failure) => `environment failed: ${failure}`),
    `total time: ${totalSeconds.toFixed(1)} s`,
  ];
  // Memory probe rows have no timing: they appear in the CRL section only (unless they failed). Path
  // validation rows appear in their own section only, next to openssl's figures.
  const timingRows = results.filter((row) => !row.path && (row.error || row.medianMs !== undefined));
  const pathSection =
    pathChains.length > 0
      ? formatPathReport({ results: results.filter((row) => row.path), openssl: pathOpenssl })
      : undefined;
  const bundles = await measureBundles(root);
  const sections = [
    header.join('\n'),
    timingRows.length ? formatTable(timingRows) : '',
    crlSection ?? '',
    pathSection ?? '',
    sealResults.length ? formatSealReport(sealResults) : '',
    acmeResults.length ? formatAcmeReport(acmeResults) : '',
    formatBundles(bundles, formatBytes),
  ];
  process.stdout.write(`${[...sections.filter(Boolean), notes.join('\n')].join('\n\n')}\n`);

  if (config.json) {
    const report = {
      schemaVersion: 1,
      startedAt: startedAt.toISOString(),
      totalSeconds,
      git: gitInfo(),
      host: {
        loadAverage1m: { start: loadAtStart, end: loadavg()[0] },
        platform: process.platform,
        arch: process.arch,
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        memoryBytes: totalmem(),
      },
      code: {
        entry: relative(root, DIST_ENTRY),
        distSha256: fingerprint,
        changedDuringRun: distChanged,
        ...build,
      },
      options: { ...config.measure, filter: config.filter ?? null, environments: config.environments },
      inputs: {
        openssl: inputs.openssl,
        derBytes: Object.fromEntries(
          Object.entries(inputs.certificates).map(([name, { der }]) => [
            name,
            Buffer.from(der, 'base64').length,
          ]),
        ),
        crl: crlSelected
          ? {
              dir: relative(root, inputs.crl.dir),
              cached: inputs.crl.cached,
              generatedAt: inputs.crl.generatedAt,
              crls: inputs.crl.crls.map(({ entries, bytes }) => ({ entries, bytes })),
              opensslVerify: crlOpenssl,
            }
          : undefined,
      },
      environments,
      results,
      pathValidation: pathChains.length
        ? {
            pkitsCase: inputs.pkits && {
              name: inputs.pkits.name,
              testNumber: inputs.pkits.testNumber,
              time: inputs.pkits.time,
              initialPolicySet: inputs.pkits.initialPolicySet,
              expectedPolicies: inputs.pkits.expectedPolicies,
            },
            openssl: pathOpenssl,
          }
        : undefined,
      seal: sealResults,
      acme: acmeResults,
      bundles,
    };
    await writeFile(config.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`results written to ${relative(process.cwd(), config.json) || config.json}`);
  }
  if (errors.length || failures.length || [...sealResults, ...acmeResults].some((row) => row.error))
    process.exitCode = 1;
}

main().catch((error) => {
  log(
    error instanceof BenchError || error?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? `bench: ${error.message} (see --help)`
      : `bench: ${error?.stack ?? error}`,
  );
  process.exitCode = 1;
});
