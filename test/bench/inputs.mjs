// Benchmark inputs, generated fresh on every run with the openssl binary (nothing is pasted in).
//
// One small PKI: an RSA-2048 root and intermediate, and leaves issued by the intermediate with
// realistic TLS server profiles (Japanese UTF-8 subject, SAN, key usages, SKI/AKI, CRL DP, AIA,
// CA/B Forum OV policy):
//   rsa-2048, p-256, rsa-4096   leaves with two DNS names
//   san-1000                    a P-256 leaf with 1000 DNS SANs (the "large" certificate)
//   chain                       rsa-2048 leaf + intermediate + root, concatenated PEM
//   chainCrls                   a small CRL from the root and one from the intermediate (path-inputs.mjs)
//
// The result is plain JSON (DER as base64) so it can be handed to the node runner and to the browser
// page unchanged; test/bench/cases.mjs turns it back into bytes with `hydrateInputs`. The CRL inputs
// (test/bench/crl-inputs.mjs) are the exception: cached between runs, and their CRLs stay files that the
// runners read or fetch; `crl` in the result only describes them.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCrlInputs } from './crl-inputs.mjs';
import { makeChainCrls } from './path-inputs.mjs';

const OPENSSL = process.env.OPENSSL ?? 'openssl';

/**
 * Runs openssl without a shell; resolves with its stdout (followed by its stderr with `stderr: true`),
 * rejects with its stderr on failure.
 */
export function openssl(args, { cwd, stderr: withStderr = false } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      OPENSSL,
      args,
      { cwd, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`openssl ${args.join(' ')} failed: ${error.message}\n${stderr.toString('utf8')}`));
        } else {
          resolve(withStderr ? Buffer.concat([stdout, stderr]) : stdout);
        }
      },
    );
  });
}

const KEYS = {
  root: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  intermediate: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'rsa-2048': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  'rsa-4096': ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096'],
  'p-256': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  'san-1000': ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
};

const SAN_COUNT = 1000;

function leafExtensions(name, { rsa, dnsNames }) {
  return [
    `[${name}]`,
    'basicConstraints = critical, CA:FALSE',
    `keyUsage = critical, ${rsa ? 'digitalSignature, keyEncipherment' : 'digitalSignature'}`,
    'extendedKeyUsage = serverAuth, clientAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid:always',
    'certificatePolicies = 2.23.140.1.2.2',
    'crlDistributionPoints = URI:http://crl.example.jp/bench-ca.crl',
    'authorityInfoAccess = OCSP;URI:http://ocsp.example.jp, caIssuers;URI:http://ca.example.jp/bench-ca.crt',
    `subjectAltName = @${name}_san`,
    `[${name}_san]`,
    ...dnsNames.map((dns, index) => `DNS.${index + 1} = ${dns}`),
  ].join('\n');
}

const CONFIG = [
  '[req]',
  'distinguished_name = dn',
  'string_mask = utf8only',
  'utf8 = yes',
  '[dn]',
  '[root]',
  'basicConstraints = critical, CA:TRUE',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
  '[intermediate]',
  'basicConstraints = critical, CA:TRUE, pathlen:0',
  'keyUsage = critical, keyCertSign, cRLSign',
  'extendedKeyUsage = serverAuth, clientAuth',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
  leafExtensions('rsa-2048', { rsa: true, dnsNames: ['www.example.jp', 'example.jp'] }),
  leafExtensions('rsa-4096', { rsa: true, dnsNames: ['www.example.jp', 'example.jp'] }),
  leafExtensions('p-256', { rsa: false, dnsNames: ['www.example.jp', 'example.jp'] }),
  leafExtensions('san-1000', {
    rsa: false,
    dnsNames: Array.from({ length: SAN_COUNT }, (_, i) => `host${String(i + 1).padStart(4, '0')}.example.jp`),
  }),
  '',
].join('\n');

const SUBJECTS = {
  root: '/C=JP/O=しるしベンチ認証局株式会社/CN=Shirushi Bench Root CA',
  intermediate: '/C=JP/O=しるしベンチ認証局株式会社/CN=Shirushi Bench OV CA 2026',
  leaf: '/C=JP/ST=東京都/L=千代田区/O=しるし株式会社/CN=www.example.jp',
};

/** A positive 16-byte serial number, as CAs issue them. */
function serialArg() {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x10;
  return `0x${bytes.toString('hex')}`;
}

/**
 * Generates the benchmark certificates in a temporary directory (removed afterwards), and the CRL inputs
 * (from their cache when it is fresh). `log` receives progress messages.
 * @returns {Promise<{ openssl: string, certificates: Record<string, { pem: string, der: string }>,
 *   chainPem: string, chainCrls: Record<'root' | 'intermediate', { pem: string, der: string }>,
 *   crl: Awaited<ReturnType<typeof generateCrlInputs>> }>}
 */
export async function generateInputs({ log } = {}) {
  const crl = generateCrlInputs({ openssl, log });
  // Settled below; without this an early openssl failure would leave it unhandled.
  crl.catch(() => {});
  const dir = await mkdtemp(join(tmpdir(), 'shirushi-bench-'));
  const run = (args) => openssl(args, { cwd: dir });
  try {
    await writeFile(join(dir, 'openssl.cnf'), CONFIG, 'utf8');
    await Promise.all(
      Object.entries(KEYS).map(([name, args]) => run(['genpkey', ...args, '-out', `${name}.key`])),
    );
    // prettier-ignore
    await run([
      'req', '-x509', '-new', '-config', 'openssl.cnf', '-extensions', 'root', '-utf8', '-sha256',
      '-key', 'root.key', '-subj', SUBJECTS.root, '-days', '3650', '-set_serial', serialArg(), '-out', 'root.pem',
    ]);
    const issue = async (name, issuer, subject, days) => {
      // prettier-ignore
      await run([
        'req', '-new', '-config', 'openssl.cnf', '-utf8', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`,
      ]);
      // prettier-ignore
      await run([
        'x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`,
        '-set_serial', serialArg(), '-days', String(days), '-sha256',
        '-extfile', 'openssl.cnf', '-extensions', name, '-out', `${name}.pem`,
      ]);
    };
    await issue('intermediate', 'root', SUBJECTS.intermediate, 1825);
    await Promise.all(
      ['rsa-2048', 'rsa-4096', 'p-256', 'san-1000'].map((name) =>
        issue(name, 'intermediate', SUBJECTS.leaf, 397),
      ),
    );

    const certificates = {};
    for (const name of ['root', 'intermediate', 'rsa-2048', 'rsa-4096', 'p-256', 'san-1000']) {
      const pem = await readFile(join(dir, `${name}.pem`), 'utf8');
      const der = await run(['x509', '-in', `${name}.pem`, '-outform', 'DER']);
      certificates[name] = { pem, der: der.toString('base64') };
    }
    const chainPem = ['rsa-2048', 'intermediate', 'root'].map((name) => certificates[name].pem).join('');
    const chainCrls = await makeChainCrls(run, dir);
    const version = (await run(['version'])).toString('utf8').trim();
    return { openssl: version, certificates, chainPem, chainCrls, crl: await crl };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
