// The TLS identity of the test ACME server (pebble), made with openssl once per test-runner process.
// Synchronous on purpose: the browser launchers need the certificate before the first browser starts
// (Chromium is told the key's SPKI hash on its command line, WebKit the certificate file, Firefox gets a
// profile whose certificate database trusts the CA), and that happens while the config module loads.
//
// Nothing is downloaded or pasted: a fresh P-256 CA and a server certificate for 127.0.0.1 and localhost
// live in a temp directory removed on exit.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from './system.mjs';

/** The host pebble listens on: a literal, so the test needs no DNS and the certificate names it. */
export const ACME_HOST = '127.0.0.1';

let made;

/**
 * @returns {{ dir: string, caFile: string, caPem: string, certFile: string, keyFile: string,
 *   spkiSha256Base64: string }}
 */
export function acmeTls() {
  made ??= makeTls();
  return made;
}

function makeTls() {
  const openssl = findBinary('openssl') ?? 'openssl';
  const dir = mkdtempSync(join(tmpdir(), 'shirushi-acme-tls-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const run = (args) => execFileSync(openssl, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run([
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=shirushi test ACME server CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run(['req', ...ecKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${ACME_HOST}`]);
  writeFileSync(
    join(dir, 'server.ext'),
    [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      `subjectAltName=IP:${ACME_HOST},DNS:localhost`,
    ].join('\n'),
  );
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  ]);
  const certFile = join(dir, 'server.pem');
  const certificate = new X509Certificate(readFileSync(certFile));
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    certFile,
    keyFile: join(dir, 'server.key'),
    spkiSha256Base64: createHash('sha256').update(spki).digest('base64'),
  };
}
