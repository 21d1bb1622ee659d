// Browser tests: test/**/*.test.ts in Chromium, Firefox ESR and WebKitGTK (Debian packages).
// SHIRUSHI_BROWSERS=chromium,firefox,webkit selects a subset. Run through `npm test` (test/run.mjs),
// or directly: npx wtr --config web-test-runner.config.mjs [--files test/foo.test.ts]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { browserLaunchers } from './test/harness/browsers.mjs';
import { shirushiCommandsPlugin } from './test/harness/commands.mjs';
import { countReporter } from './test/harness/count-reporter.mjs';
import { crlServerMiddleware, crlServerPlugin } from './test/harness/crl-server.mjs';
import { acmeServerPlugin } from './test/harness/pebble.mjs';
import { ocspRelayMiddleware, ocspResponderPlugin } from './test/harness/ocsp-responder.mjs';
import { demoSiteMiddleware, demoSitePlugin } from './test/harness/demo-site.mjs';
import { sealOriginsMiddleware, sealOriginsPlugin } from './test/harness/seal-origins.mjs';
import { selectedBrowsers } from './test/harness/system.mjs';

const rootDir = dirname(fileURLToPath(import.meta.url));

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  rootDir,
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  browsers: browserLaunchers(selectedBrowsers()),
  // Two cores: one page and one browser at a time keeps timings stable and memory under ~1.6 GB.
  concurrency: 1,
  concurrentBrowsers: 1,
  // WebKit under Xvfb can take several seconds to come up on a cold machine.
  browserStartTimeout: 60_000,
  testsStartTimeout: 60_000,
  // Per test file; generous because files that shell out to openssl add up.
  testsFinishTimeout: 300_000,
  testFramework: {
    // Some tests call openssl through a server command.
    config: { timeout: 20_000 },
  },
  // Serves CRLs that tests upload, slowly, truncated or tampered with (see test/harness/crl-server.mjs).
  // /seal-provider/* is the seal provider directory on this origin (see test/harness/seal-origins.mjs).
  // /demo-site/* is the built demo with its service worker (see test/harness/demo-site.mjs).
  // /ocsp-test/relay relays to openssl's OCSP responders (see test/harness/ocsp-responder.mjs).
  middleware: [crlServerMiddleware(), sealOriginsMiddleware(), demoSiteMiddleware(), ocspRelayMiddleware()],
  plugins: [
    // The tsconfig path matters: without it lit's legacy decorators reach the browser untranspiled.
    esbuildPlugin({ ts: true, tsconfig: join(rootDir, 'tsconfig.json') }),
    shirushiCommandsPlugin(),
    crlServerPlugin(),
    // The seal provider, a host and a copier site on three loopback origins (test/seal-e2e.test.ts).
    sealOriginsPlugin(),
    // Builds the demo site once per change of its sources, for test/app-offline.test.ts.
    demoSitePlugin(),
    // pebble, a real ACME server with External Account Binding, for the ACME tests (test/harness/pebble.mjs).
    acmeServerPlugin(),
    // openssl ocsp responders for a PKI made at test time (test/harness/ocsp-responder.mjs).
    ocspResponderPlugin(),
  ],
  reporters: [
    defaultReporter(),
    countReporter({ outputFile: join(rootDir, '.test-results/browser.json'), rootDir }),
  ],
};
