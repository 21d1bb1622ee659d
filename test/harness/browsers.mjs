// Browser launchers for web-test-runner, using only Debian-packaged browsers (nothing downloads one):
// Chromium and Firefox ESR through puppeteer-core (CDP / WebDriver BiDi), WebKitGTK through WebKitWebDriver.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import puppeteer from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { ACME_HOST, acmeTls } from './acme-tls.mjs';
import { freePorts } from './ports.mjs';
import { BINARIES, CHROMIUM_FLAGS, findBinary, selectedBrowsers } from './system.mjs';

export function browserLaunchers(names = selectedBrowsers()) {
  const make = { chromium: chromiumLauncher, firefox: firefoxLauncher, webkit: () => new WebKitLauncher() };
  return names.map((name) => make[name]());
}

function chromiumLauncher() {
  const isRoot = process.getuid?.() === 0;
  return chromeLauncher({
    puppeteer,
    launchOptions: {
      executablePath: findBinary('chromium') ?? BINARIES.chromium.paths[1],
      headless: true,
      args: [
        ...CHROMIUM_FLAGS,
        ...(isRoot ? ['--no-sandbox'] : []),
        // The test ACME server's key (test/harness/pebble.mjs), and only that key, is trusted for the run.
        `--ignore-certificate-errors-spki-list=${acmeTls().spkiSha256Base64}`,
      ],
    },
  });
}

function firefoxLauncher() {
  // puppeteer-core drives Firefox over WebDriver BiDi; the name becomes "Firefox".
  return chromeLauncher({
    puppeteer,
    launchOptions: {
      browser: 'firefox',
      executablePath: BINARIES.firefox.paths[0],
      headless: true,
      userDataDir: firefoxProfileTrustingAcmeCa(),
    },
  });
}

/**
 * A fresh Firefox profile whose certificate database trusts the test ACME server's CA
 * (test/harness/acme-tls.mjs) for TLS servers; removed on exit. Firefox reads trust from the profile's
 * NSS database, so this is the same trust a user adding the CA in the settings would give.
 */
function firefoxProfileTrustingAcmeCa() {
  const dir = mkdtempSync(join(tmpdir(), 'shirushi-firefox-'));
  onProcessEnd(() => rmSync(dir, { recursive: true, force: true }));
  const certutil = findBinary('certutil') ?? BINARIES.certutil.paths[0];
  execFileSync(certutil, ['-N', '-d', `sql:${dir}`, '--empty-password'], { stdio: 'pipe' });
  execFileSync(
    certutil,
    ['-A', '-d', `sql:${dir}`, '-n', 'shirushi test ACME CA', '-t', 'C,,', '-i', acmeTls().caFile],
    {
      stdio: 'pipe',
    },
  );
  return dir;
}

/**
 * WebKitGTK through WebKitWebDriver + MiniBrowser. MiniBrowser has no headless mode, so an Xvfb is
 * started when DISPLAY is unset. Both processes are started lazily (in initialize) so loading the
 * config costs nothing when WebKit is not selected, and are killed in stop() or on exit.
 */
class WebKitLauncher extends WebdriverLauncher {
  constructor() {
    super({
      hostname: '127.0.0.1',
      port: 0, // replaced by the driver's port in initialize()
      path: '/',
      logLevel: 'error',
      connectionRetryCount: 1,
      capabilities: {
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: BINARIES.miniBrowser.paths[0],
          args: ['--automation'],
          // The test ACME server's certificate is accepted for its host (test/harness/pebble.mjs).
          certificates: [{ host: ACME_HOST, certificateFile: acmeTls().certFile }],
        },
      },
    });
    this.processes = [];
  }

  async initialize(config, testFiles) {
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
    const env = { ...process.env };
    if (!env.DISPLAY) env.DISPLAY = `:${await this.startXvfb()}`;
    this.options.port = await this.startDriver(env);
  }

  async stop() {
    await super.stop();
    for (const child of this.processes.splice(0)) killGroup(child);
  }

  async startXvfb() {
    const child = this.track(
      spawn(BINARIES.xvfb.paths[0], ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
        detached: true,
      }),
    );
    const stderr = collect(child.stderr);
    // -displayfd makes Xvfb pick a free display and write its number once it accepts connections.
    const display = await new Promise((resolve, reject) => {
      let out = '';
      child.stdio[3].on('data', (chunk) => {
        out += chunk;
        if (out.includes('\n')) resolve(out.trim());
      });
      child.once('exit', (code) =>
        reject(new Error(`Xvfb exited (${code}) before reporting a display:\n${stderr()}`)),
      );
      child.once('error', reject);
    });
    return display;
  }

  async startDriver(env) {
    const [port] = await freePorts(1);
    const child = this.track(
      spawn(BINARIES.webkitDriver.paths[0], [`--port=${port}`, '--host=local'], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
        // Own process group, so stop() also takes down the MiniBrowser it spawns.
        detached: true,
      }),
    );
    const stderr = collect(child.stderr);
    let exited = false;
    child.once('exit', () => (exited = true));
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && !exited; await sleep(100)) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/status`);
        if (res.ok) return port;
      } catch {
        // not listening yet
      }
    }
    throw new Error(`WebKitWebDriver did not start on port ${port}:\n${stderr()}`);
  }

  track(child) {
    this.processes.push(child);
    onProcessEnd(() => killGroup(child));
    return child;
  }
}

function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

const exitHandlers = [];
function onProcessEnd(fn) {
  if (exitHandlers.length === 0) {
    process.on('exit', () => exitHandlers.forEach((f) => f()));
    // web-test-runner handles SIGINT itself (and then exits); for SIGTERM/SIGHUP clean up and
    // re-raise so the default termination still happens.
    for (const signal of ['SIGTERM', 'SIGHUP']) {
      process.once(signal, () => {
        exitHandlers.forEach((f) => f());
        process.kill(process.pid, signal);
      });
    }
  }
  exitHandlers.push(fn);
}

function collect(stream) {
  let text = '';
  stream?.on('data', (chunk) => (text = (text + chunk).slice(-4000)));
  return () => text;
}
