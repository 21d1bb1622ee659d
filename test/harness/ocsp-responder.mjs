// OpenSSL's own OCSP responder for the browser tests (test/ocsp.test.ts): a small PKI made with openssl at
// test time and one `openssl ocsp -port` process per kind of signer, started the first time a test asks and
// stopped with the test runner.
//
//   root "OCSP Test Root" -> intermediate "OCSP Test CA" -> leaves good (serial 1001), revoked (1002,
//   keyCompromise two hours ago) and unknown (1003, issued but missing from the responder's index).
//   Responders (all `-nmin 1`, so answers go stale a minute after they are made):
//     ca         the intermediate signs its own answers
//     delegated  "OCSP Test Responder": issued by the intermediate, EKU OCSPSigning, id-pkix-ocsp-nocheck
//     no-nocheck "OCSP Test Responder Without Nocheck": the same without id-pkix-ocsp-nocheck
//     no-eku     "OCSP Test Signer Without EKU": issued by the intermediate, no extended key usage
//     foreign    "Foreign OCSP Responder": EKU OCSPSigning, but issued by another root
//     root       the root answers for the intermediate
//   CRLs: the root's (intermediate good) and the intermediate's (leaf 1002 revoked), for the fallback tests.
//
// openssl ocsp sends no CORS headers, and the test page is on the test runner's origin, so the browser does
// not talk to the responders directly: the middleware below relays `/ocsp-test/relay?u=<responder URL>` on
// that same origin (the `mirror` template `/ocsp-test/relay?u={url}`), which needs no CORS at all and lets
// the test see which HTTP method reached the responder. Only the responders started here are relayed to.
//
// Command `ocsp-responder` (executeServerCommand('ocsp-responder', payload)):
//   { action: 'pki' }       -> { root, intermediate, leafGood, leafRevoked, leafUnknown, foreignRoot: PEM,
//                               rootCrl, intermediateCrl: base64 DER, revokedAt: ISO, responders: { name: URL } }
//   { action: 'requests' }  -> [{ method, url }] relayed since the last reset
//   { action: 'reset' }     -> true
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { OPENSSL, openssl } from '../fixtures/openssl.mjs';
import { freePorts } from './ports.mjs';

const HOST = '127.0.0.1';
const RELAY = '/ocsp-test/relay';
const RESPONDERS = ['ca', 'delegated', 'no-nocheck', 'no-eku', 'foreign', 'root'];

/** @type {Array<{ method: string, url: string }>} */
const relayed = [];
let running;

const EXTENSIONS = (ports) => `
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://${HOST}:${ports.root}/
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:ocsp.test
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:http://${HOST}:${ports.ca}/
[responder]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
[responder_without_nocheck]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = OCSPSigning
[no_eku]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
`;

/** Two-digit-year time as openssl's index.txt writes it. */
function indexTime(date) {
  return date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
}

async function launch() {
  const dir = await mkdtemp(join(tmpdir(), 'shirushi-ocsp-'));
  const run = (args) => openssl(args, { cwd: dir });
  const text = (name) => readFile(join(dir, name), 'utf8');
  const portList = await freePorts(RESPONDERS.length, HOST);
  const ports = Object.fromEntries(RESPONDERS.map((name, index) => [name, portList[index]]));
  await writeFile(join(dir, 'ext.cnf'), EXTENSIONS(ports));

  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const selfSigned = (name, cn) =>
    run([
      'req',
      '-x509',
      ...key,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-subj',
      `/O=shirushi test/CN=${cn}`,
      '-days',
      '3',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
  const issue = async (name, cn, ca, serial, section) => {
    await run([
      'req',
      '-new',
      ...key,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      `/O=shirushi test/CN=${cn}`,
    ]);
    await run([
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-set_serial',
      `0x${serial}`,
      '-days',
      '2',
      '-sha256',
      '-extfile',
      'ext.cnf',
      '-extensions',
      section,
      '-out',
      `${name}.pem`,
    ]);
  };
  await selfSigned('root', 'OCSP Test Root');
  await selfSigned('foreign-root', 'Foreign Test Root');
  await issue('intermediate', 'OCSP Test CA', 'root', '2001', 'ca');
  await issue('leaf-good', 'good.ocsp.test', 'intermediate', '1001', 'leaf');
  await issue('leaf-revoked', 'revoked.ocsp.test', 'intermediate', '1002', 'leaf');
  await issue('leaf-unknown', 'unknown.ocsp.test', 'intermediate', '1003', 'leaf');
  await issue('delegated', 'OCSP Test Responder', 'intermediate', '3001', 'responder');
  await issue(
    'no-nocheck',
    'OCSP Test Responder Without Nocheck',
    'intermediate',
    '3003',
    'responder_without_nocheck',
  );
  await issue('no-eku', 'OCSP Test Signer Without EKU', 'intermediate', '3002', 'no_eku');
  await issue('foreign', 'Foreign OCSP Responder', 'foreign-root', '4001', 'responder');

  const expiry = indexTime(new Date(Date.now() + 2 * 86_400_000));
  const revokedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3600_000);
  await writeFile(
    join(dir, 'index.txt'),
    `V\t${expiry}\t\t1001\tunknown\t/O=shirushi test/CN=good.ocsp.test\n` +
      `R\t${expiry}\t${indexTime(revokedAt)},keyCompromise\t1002\tunknown\t/O=shirushi test/CN=revoked.ocsp.test\n`,
  );
  await writeFile(
    join(dir, 'root-index.txt'),
    `V\t${expiry}\t\t2001\tunknown\t/O=shirushi test/CN=OCSP Test CA\n`,
  );
  for (const name of ['index.txt', 'root-index.txt'])
    await writeFile(join(dir, `${name}.attr`), 'unique_subject = no\n');

  const crl = async (ca, index) => {
    const config = join(dir, `${ca}-crl.cnf`);
    await writeFile(join(dir, `${ca}-crlnumber`), '01\n');
    await writeFile(
      config,
      `[ca]\ndefault_ca = d\n[d]\ndatabase = ${index}\ncrlnumber = ${ca}-crlnumber\ndefault_md = sha256\ndefault_crl_days = 1\n`,
    );
    await run([
      'ca',
      '-gencrl',
      '-config',
      config,
      '-cert',
      `${ca}.pem`,
      '-keyfile',
      `${ca}.key`,
      '-out',
      `${ca}.crl`,
    ]);
    await run(['crl', '-in', `${ca}.crl`, '-outform', 'DER', '-out', `${ca}.crl.der`]);
    return (await readFile(join(dir, `${ca}.crl.der`))).toString('base64');
  };
  const rootCrl = await crl('root', 'root-index.txt');
  const intermediateCrl = await crl('intermediate', 'index.txt');

  const signers = {
    ca: ['intermediate', 'intermediate', 'index.txt'],
    delegated: ['delegated', 'intermediate', 'index.txt'],
    'no-nocheck': ['no-nocheck', 'intermediate', 'index.txt'],
    'no-eku': ['no-eku', 'intermediate', 'index.txt'],
    foreign: ['foreign', 'intermediate', 'index.txt'],
    root: ['root', 'root', 'root-index.txt'],
  };
  const children = [];
  for (const [name, [signer, ca, index]] of Object.entries(signers)) {
    const child = spawn(
      OPENSSL,
      [
        'ocsp',
        '-index',
        index,
        '-port',
        String(ports[name]),
        '-rsigner',
        `${signer}.pem`,
        '-rkey',
        `${signer}.key`,
        '-CA',
        `${ca}.pem`,
        '-nmin',
        '1',
        '-ignore_err',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } },
    );
    let log = '';
    const keep = (chunk) => (log = (log + chunk).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    children.push({ name, child, log: () => log });
  }
  const stop = () => {
    for (const { child } of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  for (const { name, child, log } of children) await listening(ports[name], child, log);

  const pki = {
    root: await text('root.pem'),
    intermediate: await text('intermediate.pem'),
    leafGood: await text('leaf-good.pem'),
    leafRevoked: await text('leaf-revoked.pem'),
    leafUnknown: await text('leaf-unknown.pem'),
    foreignRoot: await text('foreign-root.pem'),
    rootCrl,
    intermediateCrl,
    revokedAt: revokedAt.toISOString(),
    responders: Object.fromEntries(RESPONDERS.map((name) => [name, `http://${HOST}:${ports[name]}/`])),
  };
  return {
    pki,
    ports: new Set(portList),
    async stop() {
      stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits for openssl's ACCEPT line. A test connection would not do: the responder serves one connection at a
 * time and waits on one that closes without a request, so a probe would stall it.
 */
async function listening(port, child, log) {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(50)) {
    if (child.exitCode !== null)
      throw new Error(`openssl ocsp on ${port} exited (${child.exitCode}):\n${log()}`);
    if (log().includes('ACCEPT')) return;
  }
  throw new Error(`openssl ocsp did not listen on ${port}:\n${log()}`);
}

function start() {
  running ??= launch().catch((error) => {
    running = undefined;
    throw error;
  });
  return running;
}

async function readRequestBody(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('request too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Koa middleware; register it in web-test-runner's `middleware`. */
export function ocspRelayMiddleware() {
  return async (ctx, next) => {
    if (ctx.path !== RELAY) return next();
    ctx.respond = false;
    const res = ctx.res;
    const fail = (status, message) => {
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(`${message}\n`);
    };
    const server = running && (await running.catch(() => undefined));
    let target;
    try {
      target = new URL(String(ctx.query.u ?? ''));
    } catch {
      return fail(400, 'bad u');
    }
    if (!server || target.hostname !== HOST || !server.ports.has(Number(target.port))) {
      return fail(403, 'not a responder of this harness');
    }
    const method = ctx.method;
    if (method !== 'GET' && method !== 'POST') return fail(405, 'GET or POST');
    relayed.push({ method, url: target.href });
    try {
      const body = method === 'POST' ? await readRequestBody(ctx.req) : undefined;
      const answer = await fetch(target, {
        method,
        ...(body && {
          body,
          headers: { 'Content-Type': ctx.get('content-type') || 'application/ocsp-request' },
        }),
      });
      const bytes = Buffer.from(await answer.arrayBuffer());
      res.writeHead(answer.status, {
        'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream',
        'Content-Length': String(bytes.length),
        'Cache-Control': 'no-store',
      });
      res.end(bytes);
    } catch (error) {
      fail(502, `relay failed: ${error.message}`);
    }
  };
}

/** web-test-runner plugin for the `ocsp-responder` command; stops the responders with the runner. */
export function ocspResponderPlugin() {
  return {
    name: 'shirushi-ocsp-responder',
    async executeCommand({ command, payload }) {
      if (command !== 'ocsp-responder') return undefined;
      const { action } = payload ?? {};
      if (action === 'pki') return (await start()).pki;
      if (action === 'requests') return [...relayed];
      if (action === 'reset') {
        relayed.length = 0;
        return true;
      }
      throw new Error(`ocsp-responder: unknown action ${JSON.stringify(action)}`);
    },
    async serverStop() {
      if (running) await (await running.catch(() => undefined))?.stop();
    },
  };
}
