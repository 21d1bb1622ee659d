// System binaries the test harness needs, all from Debian packages (no browser download is possible
// or wanted). No npm imports, so test/run.mjs can check these before node_modules matters.
import { existsSync } from 'node:fs';

export const BROWSER_NAMES = ['chromium', 'firefox', 'webkit'];

export const BINARIES = {
  chromium: { paths: ['/usr/lib/chromium/chromium', '/usr/bin/chromium'], pkg: 'chromium' },
  firefox: { paths: ['/usr/bin/firefox-esr'], pkg: 'firefox-esr' },
  webkitDriver: { paths: ['/usr/bin/WebKitWebDriver'], pkg: 'webkit2gtk-driver' },
  miniBrowser: { paths: ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'], pkg: 'webkit2gtk-driver' },
  xvfb: { paths: ['/usr/bin/Xvfb'], pkg: 'xvfb' },
  xauth: { paths: ['/usr/bin/xauth'], pkg: 'xauth' },
  openssl: { paths: ['/usr/bin/openssl'], pkg: 'openssl' },
  // The virtual smart card interop test (test/node/token-interop.test.mjs) drives these real clients.
  pcscd: { paths: ['/usr/sbin/pcscd'], pkg: 'pcscd' },
  vpcd: { paths: ['/usr/lib/pcsc/drivers/serial/libifdvpcd.so'], pkg: 'vsmartcard-vpcd' },
  yubicoPivTool: { paths: ['/usr/bin/yubico-piv-tool'], pkg: 'yubico-piv-tool' },
  pkcs11Tool: { paths: ['/usr/bin/pkcs11-tool'], pkg: 'opensc' },
  pkcs15Tool: { paths: ['/usr/bin/pkcs15-tool'], pkg: 'opensc' },
  openpgpTool: { paths: ['/usr/bin/openpgp-tool'], pkg: 'opensc' },
  openscPkcs11: { paths: ['/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so'], pkg: 'opensc-pkcs11' },
  pcscScan: { paths: ['/usr/bin/pcsc_scan'], pkg: 'pcsc-tools' },
  pkcs11Engine: { paths: ['/usr/lib/x86_64-linux-gnu/engines-3/pkcs11.so'], pkg: 'libengine-pkcs11-openssl' },
  // The ACME tests (test/harness/pebble.mjs) run Debian's pebble; certutil makes the Firefox profile that
  // trusts its TLS certificate (test/harness/browsers.mjs).
  pebble: { paths: ['/usr/bin/pebble'], pkg: 'pebble' },
  challtestsrv: { paths: ['/usr/bin/pebble-challtestsrv'], pkg: 'pebble' },
  certutil: { paths: ['/usr/bin/certutil'], pkg: 'libnss3-tools' },
};

/** What test/node/token-interop.test.mjs needs (it starts and stops its own pcscd). */
export const SMARTCARD_BINARY_IDS = [
  'pcscd',
  'vpcd',
  'yubicoPivTool',
  'pkcs11Tool',
  'pkcs15Tool',
  'openpgpTool',
  'openscPkcs11',
  'pcscScan',
  'pkcs11Engine',
];

/** Everything is installed together: one apt-get run is about as fast as a partial one. */
/** Headless Chromium on these machines (the bench uses them too); `--no-sandbox` is added when root. */
export const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // Without these Chromium keeps trying to reach Google services on a closed network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// Keep in sync with .ci/run.
export const APT_PACKAGES = [
  'chromium',
  'firefox-esr',
  'webkit2gtk-driver',
  'xvfb',
  'xauth',
  'openssl',
  'pcscd',
  'vsmartcard-vpcd',
  'yubico-piv-tool',
  'opensc',
  'pcsc-tools',
  'libengine-pkcs11-openssl',
  'pebble',
  'libnss3-tools',
];

export const findBinary = (id) => BINARIES[id].paths.find((p) => existsSync(p));

/** Parses SHIRUSHI_BROWSERS ("chromium,firefox,webkit"; default all three). */
export function selectedBrowsers(value = process.env.SHIRUSHI_BROWSERS) {
  if (!value?.trim()) return [...BROWSER_NAMES];
  const names = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !BROWSER_NAMES.includes(n));
  if (unknown.length)
    throw new Error(`SHIRUSHI_BROWSERS: unknown ${unknown.join(', ')} (use ${BROWSER_NAMES.join(',')})`);
  return [...new Set(names)];
}

/** Binary ids missing for a run of the given browsers. */
export function missingBinaries(browsers = selectedBrowsers()) {
  const needed = new Set(['openssl', ...SMARTCARD_BINARY_IDS, 'pebble', 'challtestsrv']);
  if (browsers.includes('chromium')) needed.add('chromium');
  if (browsers.includes('firefox')) needed.add('firefox').add('certutil');
  if (browsers.includes('webkit')) {
    needed.add('webkitDriver').add('miniBrowser');
    if (!process.env.DISPLAY) needed.add('xvfb');
  }
  return [...needed].filter((id) => !findBinary(id));
}
