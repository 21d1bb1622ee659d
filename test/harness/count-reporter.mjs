// web-test-runner reporter that counts tests per browser and writes them as JSON, because the
// built-in reporters only print prose. test/run.mjs reads the file to build its summary line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Output shape: `{ browsers: { [name]: { passed, failed, skipped, files, fileErrors, durationMs } },
 * failures: [{ browser, file, test, message }] }`. A test file that fails without any failing test
 * (import error, failing hook, timeout, crashed page) counts as one failed test and one fileError,
 * so a broken file can never look green. `durationMs` runs from the browser's first session start
 * to its last session end (includes launching the browser).
 * @param {{ outputFile: string, rootDir?: string }} options
 * @returns {import('@web/test-runner').Reporter}
 */
export function countReporter({ outputFile, rootDir = process.cwd() }) {
  const timing = new Map();

  return {
    start({ sessions, startTime }) {
      // TestSessionManager is an EventEmitter; status changes give per-browser wall-clock time. The
      // runner has already started the first browser by now, so that one is timed from startTime.
      sessions.on('session-status-updated', (session) => {
        const key = keyOf(session);
        let t = timing.get(key);
        if (!t) {
          t = { start: session.status === 'INITIALIZING' ? Date.now() : startTime, end: undefined };
          timing.set(key, t);
        }
        if (session.status === 'FINISHED') t.end = Date.now();
      });
    },

    stop({ sessions }) {
      const browsers = {};
      const failures = [];
      for (const session of sessions) {
        const key = keyOf(session);
        const counts = (browsers[key] ??= {
          passed: 0,
          failed: 0,
          skipped: 0,
          files: 0,
          fileErrors: 0,
          durationMs: 0,
        });
        const file = session.testFile.startsWith(rootDir)
          ? session.testFile.slice(rootDir.length + 1)
          : session.testFile;
        counts.files += 1;
        let failedTests = 0;
        walk(session.testResults, [], (test, path) => {
          if (test.skipped) counts.skipped += 1;
          else if (test.passed) counts.passed += 1;
          else {
            counts.failed += 1;
            failedTests += 1;
            failures.push({
              browser: key,
              file,
              test: [...path, test.name].join(' > '),
              message: test.error?.message ?? '',
            });
          }
        });
        if (session.passed !== true && failedTests === 0) {
          counts.failed += 1;
          counts.fileErrors += 1;
          const message =
            session.errors?.map((e) => e.message).join('; ') || `session ended with status ${session.status}`;
          failures.push({ browser: key, file, test: '(file)', message });
        }
      }
      for (const [key, t] of timing) {
        if (browsers[key] && t.end !== undefined) browsers[key].durationMs = Math.round(t.end - t.start);
      }
      mkdirSync(dirname(outputFile), { recursive: true });
      writeFileSync(outputFile, JSON.stringify({ browsers, failures }, null, 2) + '\n');
    },
  };
}

const keyOf = (session) => session.browser.name.toLowerCase();

function walk(suite, path, visit) {
  if (!suite) return;
  const here = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests ?? []) visit(test, here);
  for (const child of suite.suites ?? []) walk(child, here, visit);
}
