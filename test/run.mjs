#!/usr/bin/env node
// `npm test`: system check, build, node tests, browser tests, then one summary line.
//
//   npm test [-- --no-build] [--no-node] [--no-browser] [web-test-runner args, e.g. --files test/x.test.ts]
//   SHIRUSHI_BROWSERS=chromium,firefox,webkit selects browsers (default: all three).
//
// The very last line printed is always `N passed, N failed` (plus `, N skipped` when any were skipped),
// summed over all runs; CI reads it. A runner that crashes or runs no tests counts as one failure, so
// the line and the exit status always agree.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APT_PACKAGES, BINARIES, missingBinaries, selectedBrowsers } from '../test/harness/system.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, '.test-results');
const OWN_FLAGS = new Set(['--no-build', '--no-node', '--no-browser']);
const argv = process.argv.slice(2);
const flags = new Set(argv.filter((a) => OWN_FLAGS.has(a)));
const wtrArgs = argv.filter((a) => !OWN_FLAGS.has(a));

/** @type {{ name: string, passed: number, failed: number, skipped: number, ms?: number, note?: string }[]} */
const runs = [];

process.exitCode = await main().catch((error) => {
  console.error(error);
  runs.push({
    name: 'harness',
    passed: 0,
    failed: 1,
    skipped: 0,
    note: String(error.message ?? error).split('\n')[0],
  });
  return 1;
});
printSummary();

async function main() {
  const browsers = selectedBrowsers();
  if (!(await ensureSystemPackages(browsers))) return 1;

  if (!flags.has('--no-build')) {
    const started = Date.now();
    const code = await run('npm', ['run', 'build']);
    if (code !== 0) {
      runs.push({
        name: 'build',
        passed: 0,
        failed: 1,
        skipped: 0,
        ms: Date.now() - started,
        note: `exit ${code}`,
      });
      return 1;
    }
  }

  mkdirSync(resultsDir, { recursive: true });
  // Generate the openssl fixtures once; node test files and the browser run read the same JSON.
  const fixturesDir = await mkdtemp(join(tmpdir(), 'shirushi-fixtures-'));
  try {
    const started = Date.now();
    const { generateFixtures } = await import('../test/fixtures/generate.mjs');
    await generateFixtures(fixturesDir);
    process.env.SHIRUSHI_FIXTURES_JSON = join(fixturesDir, 'fixtures.json');
    console.log(`Generated openssl fixtures in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    if (!flags.has('--no-node')) await runNodeTests();
    if (!flags.has('--no-browser')) await runBrowserTests(browsers);
  } finally {
    rmSync(fixturesDir, { recursive: true, force: true });
  }
  return runs.some((r) => r.failed > 0) ? 1 : 0;
}

async function ensureSystemPackages(browsers) {
  const missing = missingBinaries(browsers);
  if (missing.length === 0) return true;
  const list = missing.map((id) => `${BINARIES[id].paths[0]} (${BINARIES[id].pkg})`).join(', ');
  const install = ['install', '-y', ...APT_PACKAGES];
  if (process.getuid?.() !== 0) {
    console.error(`Missing: ${list}. Install them as root with:`);
    console.error(
      `  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get ${install.join(' ')} </dev/null`,
    );
    runs.push({ name: 'system packages', passed: 0, failed: 1, skipped: 0, note: 'missing, see above' });
    return false;
  }
  console.log(`Missing: ${list}. Installing with apt-get...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (
    (await run('apt-get', ['update'], { env, stdin: 'ignore' })) !== 0 ||
    (await run('apt-get', install, { env, stdin: 'ignore' })) !== 0
  ) {
    runs.push({ name: 'system packages', passed: 0, failed: 1, skipped: 0, note: 'apt-get failed' });
    return false;
  }
  const still = missingBinaries(browsers);
  if (still.length) {
    runs.push({
      name: 'system packages',
      passed: 0,
      failed: 1,
      skipped: 0,
      note: `still missing: ${still.join(', ')}`,
    });
    return false;
  }
  return true;
}

async function runNodeTests() {
  const dir = join(root, 'test/node');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()
        .map((f) => join('test/node', f))
    : [];
  const tap = join(resultsDir, 'node.tap');
  rmSync(tap, { force: true });
  const started = Date.now();
  // Human-readable spec output on the console, TAP in a file for the counts node itself computed.
  const code = files.length
    ? await run(process.execPath, [
        '--test',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ])
    : 0;
  const ms = Date.now() - started;
  const counts = { passed: 0, failed: 0, skipped: 0 };
  if (existsSync(tap)) {
    const text = readFileSync(tap, 'utf8');
    const total = (key) =>
      [...text.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
    counts.passed = total('pass');
    counts.failed = total('fail') + total('cancelled');
    counts.skipped = total('skipped') + total('todo');
  }
  writeFileSync(
    join(resultsDir, 'node.json'),
    JSON.stringify({ node: { ...counts, durationMs: ms } }, null, 2) + '\n',
  );
  runs.push({
    name: 'node',
    ...counts,
    ms,
    ...crashNote(code, counts, files.length ? '' : 'no test/node/*.test.mjs files'),
  });
}

async function runBrowserTests(browsers) {
  const report = join(resultsDir, 'browser.json');
  rmSync(report, { force: true });
  const bin = join(dirname(createRequire(import.meta.url).resolve('@web/test-runner')), 'bin.js');
  const started = Date.now();
  const code = await run(process.execPath, [bin, '--config', 'web-test-runner.config.mjs', ...wtrArgs]);
  const ms = Date.now() - started;
  if (!existsSync(report)) {
    runs.push(runnerFailure('browsers', ms, `web-test-runner exited ${code} without results`));
    return;
  }
  const results = JSON.parse(readFileSync(report, 'utf8')).browsers;
  let failedInReport = 0;
  for (const name of browsers) {
    const r = results[name] ?? { passed: 0, failed: 0, skipped: 0, durationMs: 0 };
    failedInReport += r.failed;
    const entry = { name, passed: r.passed, failed: r.failed, skipped: r.skipped, ms: r.durationMs };
    if (r.fileErrors) entry.note = `${r.fileErrors} file(s) failed to run`;
    runs.push({ ...entry, ...crashNote(0, r, 'ran no tests') });
  }
  if (code !== 0 && failedInReport === 0) {
    runs.push(runnerFailure('browsers', ms, `web-test-runner exited ${code}`));
  }
}

/** A runner that produced no usable results counts as one failed test, so the summary agrees with the exit code. */
function runnerFailure(name, ms, note) {
  return { name, passed: 0, failed: 1, skipped: 0, ms, note };
}

/** A runner that exits non-zero with no failing test, or runs nothing, counts as one failure. */
function crashNote(code, counts, emptyNote) {
  if (code !== 0 && counts.failed === 0) return { failed: 1, note: `exited ${code} without a failing test` };
  if (counts.passed + counts.failed + counts.skipped === 0)
    return { failed: 1, note: emptyNote || 'ran no tests' };
  return {};
}

function printSummary() {
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log('\nTest summary:');
  for (const r of runs) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    const time = r.ms !== undefined ? ` (${(r.ms / 1000).toFixed(1)} s)` : '';
    console.log(`  ${r.name.padEnd(9)} ${countLine(r)}${time}${r.note ? `: ${r.note}` : ''}`);
  }
  console.log(countLine(total));
}

function countLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

function run(command, args, { env = process.env, stdin = 'inherit' } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: [stdin, 'inherit', 'inherit'] });
    child.on('error', (error) => {
      console.error(`cannot run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
