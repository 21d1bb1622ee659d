// ACME rows (issue 8): whole ACME operations in headless Chromium against Debian's pebble, the same server
// the browser tests use (test/harness/pebble.mjs: EAB required, validation without pebble's random sleeps).
// Each row is the wall time of one operation through the built package (dist/shirushi.js), median of runs:
//
//   account                  a new ES256 account key (non-extractable) and newAccount with an HS256 EAB
//   full order, http-01      new P-256 key and CSR (stored in the key store), newOrder, authorization,
//                            the answer published to pebble-challtestsrv (a page → node call, as a user
//                            placing the file would), validation polled to valid, finalize, certificate
//                            chain downloaded with its alternate
//   full order, dns-01       the same with the TXT record
//   revoke                   revokeCert (reason superseded) signed by the account key
//
// Timings include loopback round trips to pebble; pebble's own validation is in them too, so they say
// what an applicant waits for with a fast CA, not how fast the client alone is.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { ACME_HOST, acmeTls } from '../harness/acme-tls.mjs';
import { CHALLTESTSRV, PEBBLE, startPebble } from '../harness/pebble.mjs';
import { CHROMIUM_FLAGS } from '../harness/system.mjs';
import { medianOf } from './measure.mjs';
import { formatTime } from './report.mjs';
import { startServer } from './browser.mjs';

const RUNS = { account: 5, http: 7, dns: 5, revoke: 5 };

export const ACME_ROWS = [
  { name: 'acme: account (ES256 key + EAB HS256)', env: 'chromium', op: 'account', runs: RUNS.account },
  {
    name: 'acme: full order, http-01 (new P-256 key)',
    env: 'chromium',
    op: 'order',
    type: 'http-01',
    runs: RUNS.http,
  },
  {
    name: 'acme: full order, dns-01 (new P-256 key)',
    env: 'chromium',
    op: 'order',
    type: 'dns-01',
    runs: RUNS.dns,
  },
  { name: 'acme: revoke (account key)', env: 'chromium', op: 'revoke', runs: RUNS.revoke },
];

/** The ACME rows whose names match `filter` (case-insensitive), when Chromium is among the environments. */
export function selectAcmeRows(filter, environments) {
  const pattern = filter ? new RegExp(filter, 'i') : undefined;
  return ACME_ROWS.filter((row) => (!pattern || pattern.test(row.name)) && environments.includes(row.env));
}

/** Bundles test/bench/acme-page.mjs with the built package, in memory. */
async function bundleAcmePage(root) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['test/bench/acme-page.mjs'],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    alias: { shirushi: './dist/shirushi.js' },
  });
  return result.outputFiles[0].text;
}

export async function runAcmeBench({ root, rows, executablePath, log }) {
  const results = [];
  const record = (row, value) => {
    const result = { case: row.name, ...value };
    results.push(result);
    log(`  [acme] ${row.name}: ${result.error ?? formatTime(result.medianMs)}`);
  };
  const fail = (message) => rows.forEach((row) => record(row, { error: message }));
  if (!existsSync(join(root, 'dist', 'shirushi.js'))) return (fail('dist/shirushi.js is not built'), results);
  if (!existsSync(PEBBLE) || !existsSync(CHALLTESTSRV)) {
    return (fail('pebble is not installed (Debian package "pebble")'), results);
  }
  const pebble = await startPebble();
  const page = await bundleAcmePage(root);
  const server = await startServer(root, {
    '/acme-bench.html':
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>acme bench</title>' +
      '<script type="module" src="/acme-bench.js"></script></head><body></body></html>',
    '/acme-bench.js': page,
  });
  const { default: puppeteer } = await import('puppeteer-core');
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        ...CHROMIUM_FLAGS,
        `--ignore-certificate-errors-spki-list=${acmeTls().spkiSha256Base64}`,
      ],
      protocolTimeout: 10 * 60 * 1000,
    });
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(String(error?.message ?? error)));
    // The page asks node to place each challenge answer, as the applicant would on their server or DNS.
    await tab.exposeFunction('benchPublish', async (answer) => {
      if (answer.type === 'http-01') await pebble.http01(answer.token, answer.content);
      else await pebble.dns01(answer.name, answer.value);
    });
    await tab.goto(`${server.origin}/acme-bench.html`, { waitUntil: 'load' });
    await tab
      .waitForFunction(() => window.acmeBench, { timeout: 30_000 })
      .catch(() => {
        throw new Error(`the ACME bench page did not load: ${errors.join('; ') || 'no error reported'}`);
      });
    await tab.evaluate(
      (directoryUrl, eab) => window.acmeBench.setUp(directoryUrl, eab),
      pebble.directoryUrl,
      pebble.eab[0],
    );
    for (const row of rows) {
      try {
        const times = [];
        for (let i = 0; i < row.runs; i++) {
          times.push(
            await tab.evaluate((op, type) => window.acmeBench.run(op, type), row.op, row.type ?? null),
          );
        }
        record(row, {
          medianMs: medianOf(times),
          minMs: Math.min(...times),
          maxMs: Math.max(...times),
          runs: times.length,
        });
      } catch (error) {
        record(row, { error: String(error?.message ?? error).split('\n')[0] });
      }
    }
  } catch (error) {
    fail(String(error?.message ?? error).split('\n')[0]);
  } finally {
    await browser?.close().catch(() => {});
    await server.close();
  }
  return results;
}

/** The ACME section of the report. */
export function formatAcmeReport(results) {
  const width = Math.max(...results.map((r) => r.case.length));
  const lines = [`ACME against pebble on ${ACME_HOST} (issue 8; headless Chromium):`];
  for (const result of results) {
    const text = result.error
      ? `error: ${result.error}`
      : `${formatTime(result.medianMs)} (median of ${result.runs}; ${formatTime(result.minMs)} to ${formatTime(result.maxMs)})`;
    lines.push(`  ${result.case.padEnd(width)}  ${text}`);
  }
  return lines.join('\n');
}
