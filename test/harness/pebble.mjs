// A real ACME server for the browser tests: Debian's `pebble` (RFC 8555 test CA) and `pebble-challtestsrv`
// (its challenge answerer and fake DNS), started on loopback the first time a test asks for them and
// stopped with the test runner.
//
//   pebble          https://127.0.0.1:<acme>/dir       External Account Binding required; three EAB keys
//                                                       made per run; `blocked.example` on the block list;
//                                                       one alternate root (PEBBLE_ALTERNATE_ROOTS=1)
//                   https://127.0.0.1:<mgmt>/roots/N, /intermediates/N   its CA certificates (read here)
//   challtestsrv    DNS on 127.0.0.1:<dns> (pebble's resolver: every name is 127.0.0.1, TXT records as set),
//                   http-01 answers on 127.0.0.1:<http> (pebble's validation port), management API on <mgmt2>
//
// Pebble's TLS certificate comes from acme-tls.mjs, which the browser launchers trust for the run.
// Settings that make runs deterministic: validation without pebble's random sleeps, no random badNonce
// rejections (a test plants a used nonce instead), no authorization reuse.
//
// Command `acme` (executeServerCommand('acme', payload); typed wrapper in test/helpers/acme-server.ts):
//   { action: 'server' }                        -> { directoryUrl, eab: [{ kid, macKey }], blockedDomain }
//   { action: 'http-01', token, content }       -> {}   challtestsrv answers /.well-known/acme-challenge/<token>
//   { action: 'dns-01', name, value }           -> {}   TXT <name> (e.g. _acme-challenge.a.acme.test) = value
//   { action: 'clear', token?, name? }          -> {}   removes an http-01 answer or a TXT record
//   { action: 'roots' }                         -> { roots: PEM[], intermediates: PEM[] } ([0] is the default
//                                                       chain's, then the alternates)
//   { action: 'status', serial }                -> { status: 'Valid' | 'Revoked' | 'Unknown', reason?, revokedAt? }
//                                                       what pebble recorded for a serial (hex)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ACME_HOST, acmeTls } from './acme-tls.mjs';
import { freePorts } from './ports.mjs';

export const PEBBLE = '/usr/bin/pebble';
export const CHALLTESTSRV = '/usr/bin/pebble-challtestsrv';
const BLOCKED_DOMAIN = 'blocked.example';
const ALTERNATE_ROOTS = 1;

let running;

/** Starts pebble and challtestsrv once per process; later calls return the same instance. */
export function startPebble() {
  running ??= launch().catch((error) => {
    running = undefined;
    throw error;
  });
  return running;
}

async function launch() {
  for (const binary of [PEBBLE, CHALLTESTSRV]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: install the Debian package "pebble"`);
  }
  const tls = acmeTls();
  const [acmePort, managementPort, httpPort, dnsPort, challManagementPort] = await freePorts(5, ACME_HOST);
  const eab = ['kid-1', 'kid-2', 'kid-3'].map((kid) => ({
    kid,
    macKey: randomBytes(32).toString('base64url'),
  }));
  const dir = await mkdtemp(join(tmpdir(), 'shirushi-pebble-'));
  const configFile = join(dir, 'pebble.json');
  await writeFile(
    configFile,
    JSON.stringify({
      pebble: {
        listenAddress: `${ACME_HOST}:${acmePort}`,
        managementListenAddress: `${ACME_HOST}:${managementPort}`,
        certificate: tls.certFile,
        privateKey: tls.keyFile,
        httpPort,
        tlsPort: 0,
        ocspResponderURL: '',
        externalAccountBindingRequired: true,
        externalAccountMACKeys: Object.fromEntries(eab.map(({ kid, macKey }) => [kid, macKey])),
        domainBlocklist: [BLOCKED_DOMAIN],
      },
    }),
  );

  const children = [];
  const stop = () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', () => {
    stop();
  });
  const start = (binary, args, env = {}) => {
    const child = spawn(binary, args, {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    const keep = (chunk) => (log = (log + chunk).slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    children.push(child);
    return { child, log: () => log };
  };

  const chall = start(CHALLTESTSRV, [
    '-management',
    `${ACME_HOST}:${challManagementPort}`,
    '-http01',
    `${ACME_HOST}:${httpPort}`,
    '-https01',
    '',
    '-tlsalpn01',
    '',
    '-dns01',
    `${ACME_HOST}:${dnsPort}`,
    '-defaultIPv4',
    ACME_HOST,
    // No AAAA answers: pebble would try ::1 first, where nothing listens.
    '-defaultIPv6',
    '',
  ]);
  const pebble = start(PEBBLE, ['-config', configFile, '-dnsserver', `${ACME_HOST}:${dnsPort}`], {
    PEBBLE_VA_NOSLEEP: '1',
    PEBBLE_WFE_NONCEREJECT: '0',
    PEBBLE_AUTHZREUSE: '0',
    PEBBLE_ALTERNATE_ROOTS: String(ALTERNATE_ROOTS),
  });

  const agent = new Agent({ ca: tls.caPem, keepAlive: false });
  const directoryUrl = `https://${ACME_HOST}:${acmePort}/dir`;
  const challManagement = `http://${ACME_HOST}:${challManagementPort}`;
  const management = `https://${ACME_HOST}:${managementPort}`;

  for (const deadline = Date.now() + 20_000; ; await sleep(100)) {
    for (const { child, log } of [chall, pebble]) {
      if (child.exitCode !== null)
        throw new Error(`${child.spawnfile} exited (${child.exitCode}):\n${log()}`);
    }
    const [acmeUp, challUp] = await Promise.all([
      get(directoryUrl, agent).then(
        (r) => r.status === 200,
        () => false,
      ),
      fetch(`${challManagement}/set-default-ipv4`, {
        method: 'POST',
        body: JSON.stringify({ ip: ACME_HOST }),
      }).then(
        (r) => r.ok,
        () => false,
      ),
    ]);
    if (acmeUp && challUp) break;
    if (Date.now() > deadline) {
      stop();
      throw new Error(`pebble did not start:\n${pebble.log()}\n${chall.log()}`);
    }
  }

  const challtestsrv = async (path, body) => {
    const response = await fetch(`${challManagement}${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!response.ok)
      throw new Error(`challtestsrv ${path}: HTTP ${response.status} ${await response.text()}`);
    return {};
  };

  const certificates = async (kind) => {
    const list = [];
    for (let i = 0; i <= ALTERNATE_ROOTS; i++) {
      const response = await get(`${management}/${kind}/${i}`, agent);
      if (response.status !== 200) throw new Error(`pebble /${kind}/${i}: HTTP ${response.status}`);
      list.push(response.body);
    }
    return list;
  };

  return {
    directoryUrl,
    eab,
    blockedDomain: BLOCKED_DOMAIN,
    dir,
    logs: () => ({ pebble: pebble.log(), challtestsrv: chall.log() }),
    http01: (token, content) => challtestsrv('/add-http01', { token, content }),
    dns01: (name, value) => challtestsrv('/set-txt', { host: fqdn(name), value }),
    clear: async ({ token, name }) => {
      if (token) await challtestsrv('/del-http01', { token });
      if (name) await challtestsrv('/clear-txt', { host: fqdn(name) });
      return {};
    },
    roots: async () => ({
      roots: await certificates('roots'),
      intermediates: await certificates('intermediates'),
    }),
    status: async (serial) => {
      if (!/^[0-9a-f]+$/i.test(serial)) throw new Error('acme status: the serial must be hex');
      const response = await get(`${management}/cert-status-by-serial/${serial}`, agent);
      if (response.status === 404) return { status: 'Unknown' };
      if (response.status !== 200) throw new Error(`pebble cert-status-by-serial: HTTP ${response.status}`);
      const { Status, Reason, RevokedAt } = JSON.parse(response.body);
      return {
        status: Status,
        ...(Reason !== undefined && { reason: Reason }),
        ...(RevokedAt && { revokedAt: RevokedAt }),
      };
    },
    async stop() {
      stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const fqdn = (name) => (name.endsWith('.') ? name : `${name}.`);

/** A GET through node's https with pebble's CA (node's fetch cannot take a CA per request). */
function get(url, agent) {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { agent, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * The `acme` server command (see the top of this file).
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function acmeServerPlugin() {
  return {
    name: 'shirushi-acme-server',
    async executeCommand({ command, payload }) {
      if (command !== 'acme') return undefined;
      const server = await startPebble();
      const { action } = payload ?? {};
      if (action === 'server') {
        return { directoryUrl: server.directoryUrl, eab: server.eab, blockedDomain: server.blockedDomain };
      }
      if (action === 'http-01') return server.http01(text(payload.token), text(payload.content));
      if (action === 'dns-01') return server.dns01(text(payload.name), text(payload.value));
      if (action === 'clear') return server.clear(payload);
      if (action === 'roots') return server.roots();
      if (action === 'status') return server.status(text(payload.serial));
      if (action === 'logs') return server.logs();
      throw new Error(`acme command: unknown action ${JSON.stringify(action)}`);
    },
    async serverStop() {
      if (running) await (await running.catch(() => undefined))?.stop();
    },
  };
}

function text(value) {
  if (typeof value !== 'string' || value === '') throw new Error('acme command: expected a non-empty string');
  return value;
}
