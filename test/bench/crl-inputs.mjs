// CRL benchmark inputs (issue 3): an RSA-2048 CA, two leaves it issued, and signed CRLs of 10 000, 100 000
// and 1 000 000 entries, plus two CRLs used only to warm up before a memory probe: 100 entries, and
// 13 000 entries (572 KB, just above the 512 KiB above which a page's checkRevocation runs in a Web Worker,
// src/net/offload.ts), so the worker is already running when the probe starts.
//
// The CA and the leaves come from the openssl binary, like the other inputs. The CRLs are written here,
// TLV by TLV, and signed with node:crypto (sha256WithRSAEncryption, the CA's key): `openssl ca` takes far
// too long for a million entries. Each CRL is a v2 CertificateList with cRLNumber and
// authorityKeyIdentifier, thisUpdate an hour before generation and nextUpdate twenty years after it;
// every entry has an 18-byte serial (first byte 0x01..0x7f, so it is positive and needs no 0x00 pad) and
// a revocationDate, and every second entry (even indices) a reasonCode extension. Entries are in random
// serial order, as in real CRLs. The "revoked" leaf is the middle entry of every CRL, so a lookup cannot
// stop early; the "good" leaf is in none of them.
//
// Generation takes a few seconds, so the result is cached in node_modules/.cache/shirushi-bench/ under
// CACHE_VERSION (bump it when this file changes what it generates) and regenerated when older than
// CACHE_MAX_AGE_DAYS. Every generated CRL is checked with `openssl crl -verify`; run.mjs runs that check
// again, timed, on every run. The CRLs stay files: the node runner reads them and the browser page fetches
// them as binary from the bench server (browser.mjs), so no CRL goes through JSON.
import { createPrivateKey, createPublicKey, randomBytes, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CRL_SIZES } from './crl-cases.mjs';

const WARMUP_SIZES = [100, 13_000];
const CACHE_VERSION = 'crl-v2';
const CACHE_MAX_AGE_DAYS = 30;
const CACHE_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'node_modules',
  '.cache',
  'shirushi-bench',
);

const SERIAL_BYTES = 18;
/** reasonCode values used in turn (RFC 5280 5.3.1; `unspecified` is not used, as the RFC asks). */
const REASONS = [
  [1, 'keyCompromise'],
  [3, 'affiliationChanged'],
  [4, 'superseded'],
  [5, 'cessationOfOperation'],
];

// --- DER writing -------------------------------------------------------------------------------------

function lengthBytes(length) {
  if (length < 0x80) return Buffer.from([length]);
  const bytes = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag, ...contents) {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), lengthBytes(body.length), body]);
}

const sequence = (...contents) => tlv(0x30, ...contents);
const octetString = (...contents) => tlv(0x04, ...contents);

/** A non-negative INTEGER from big-endian magnitude bytes. */
function integer(bytes) {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const magnitude = bytes.subarray(start);
  return tlv(0x02, magnitude[0] & 0x80 ? Buffer.from([0]) : Buffer.alloc(0), magnitude);
}

function oid(dotted) {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const out = [40 * first + second];
  for (const arc of rest) {
    const groups = [];
    for (let n = arc; ; n = Math.floor(n / 128)) {
      groups.unshift(n % 128);
      if (n < 128) break;
    }
    out.push(...groups.map((group, i) => (i < groups.length - 1 ? group | 0x80 : group)));
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime text (YYMMDDHHMMSSZ) for a date in 1950..2049. */
function utcTimeText(date) {
  const iso = date.toISOString();
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

const utcTime = (date) => tlv(0x17, Buffer.from(utcTimeText(date), 'latin1'));

const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

// --- DER reading (just enough to take the CA's subject and key identifier) ------------------------------

function readTlv(der, offset) {
  const tag = der[offset];
  let length = der[offset + 1];
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[offset + 2 + i];
    contentStart += count;
  }
  return { tag, start: offset, contentStart, end: contentStart + length };
}

function children(der, parent) {
  const list = [];
  for (let offset = parent.contentStart; offset < parent.end;) {
    const child = readTlv(der, offset);
    list.push(child);
    offset = child.end;
  }
  return list;
}

/** The subject Name (whole TLV) and subjectKeyIdentifier of a DER certificate. */
function subjectAndKeyId(certificateDer) {
  const tbs = children(certificateDer, readTlv(certificateDer, 0))[0];
  const fields = children(certificateDer, tbs);
  const rest = fields[0].tag === 0xa0 ? fields.slice(1) : fields;
  const subject = rest[4];
  const extensionsWrapper = rest.find((field) => field.tag === 0xa3);
  const skiOid = oid('2.5.29.14');
  let keyId;
  for (const extension of children(certificateDer, children(certificateDer, extensionsWrapper)[0])) {
    const parts = children(certificateDer, extension);
    if (!certificateDer.subarray(parts[0].start, parts[0].end).equals(skiOid)) continue;
    const value = parts[parts.length - 1];
    const inner = readTlv(certificateDer, value.contentStart);
    keyId = certificateDer.subarray(inner.contentStart, inner.end);
  }
  if (!keyId) throw new Error('CA certificate has no subjectKeyIdentifier');
  return { subject: certificateDer.subarray(subject.start, subject.end), keyId };
}

// --- CRL generation ------------------------------------------------------------------------------------

/** `count` random 18-byte serials, each with a first byte in 0x01..0x7f. */
function randomSerials(count) {
  const bytes = randomBytes(count * SERIAL_BYTES);
  for (let i = 0; i < count; i++) bytes[i * SERIAL_BYTES] = (bytes[i * SERIAL_BYTES] % 0x7f) + 1;
  return bytes;
}

/**
 * One signed CRL of `count` entries with `revokedSerial` at index count/2.
 * Returns the DER and offsets of the TBS and of the signature value inside it.
 */
function buildCrl({ count, revokedSerial, issuerName, authorityKeyId, privateKey, thisUpdate, nextUpdate }) {
  const middle = count >> 1;
  const serials = randomSerials(count);
  revokedSerial.copy(serials, middle * SERIAL_BYTES);
  // Revocation dates count back from a day before thisUpdate, 30 s apart, oldest first.
  const newest = thisUpdate.getTime() - 86_400_000;
  const dateOf = (i) => new Date(newest - (count - 1 - i) * 30_000);

  const WITH_REASON = 2 + 20 + 15 + 14;
  const WITHOUT_REASON = 2 + 20 + 15;
  const hasReason = (i) => i % 2 === 0;
  const reasonOf = (i) => REASONS[(i >> 1) % REASONS.length];
  let entriesLength = 0;
  for (let i = 0; i < count; i++) entriesLength += hasReason(i) ? WITH_REASON : WITHOUT_REASON;
  const entriesHeader = Buffer.concat([Buffer.from([0x30]), lengthBytes(entriesLength)]);
  const entries = Buffer.alloc(entriesHeader.length + entriesLength);
  entriesHeader.copy(entries, 0);
  let p = entriesHeader.length;
  for (let i = 0; i < count; i++) {
    const reason = hasReason(i);
    entries[p++] = 0x30;
    entries[p++] = (reason ? WITH_REASON : WITHOUT_REASON) - 2;
    entries[p++] = 0x02;
    entries[p++] = SERIAL_BYTES;
    serials.copy(entries, p, i * SERIAL_BYTES, (i + 1) * SERIAL_BYTES);
    p += SERIAL_BYTES;
    entries[p++] = 0x17;
    entries[p++] = 13;
    p += entries.write(utcTimeText(dateOf(i)), p, 'latin1');
    if (reason) {
      // extensions SEQUENCE { SEQUENCE { OID 2.5.29.21, OCTET STRING { ENUMERATED reason } } }
      entries.set([0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01], p);
      p += 13;
      entries[p++] = reasonOf(i)[0];
    }
  }
  if (p !== entries.length) throw new Error(`CRL entries: wrote ${p} of ${entries.length} bytes`);

  const crlNumber = Buffer.alloc(8);
  crlNumber.writeBigUInt64BE(BigInt(Math.floor(thisUpdate.getTime() / 1000)) * 1000n + BigInt(count % 1000));
  const extensions = tlv(
    0xa0,
    sequence(
      sequence(oid('2.5.29.20'), octetString(integer(crlNumber))),
      sequence(oid('2.5.29.35'), octetString(sequence(tlv(0x80, authorityKeyId)))),
    ),
  );
  const tbs = sequence(
    integer(Buffer.from([1])),
    SHA256_WITH_RSA,
    issuerName,
    utcTime(thisUpdate),
    utcTime(nextUpdate),
    entries,
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const signatureValue = tlv(0x03, Buffer.from([0]), signature);
  const der = sequence(tbs, SHA256_WITH_RSA, signatureValue);
  const tbsStart = der.length - tbs.length - SHA256_WITH_RSA.length - signatureValue.length;
  const revoked = { reason: reasonOf(middle)[1], revocationDate: dateOf(middle).toISOString() };
  if (!hasReason(middle)) delete revoked.reason;
  return {
    der,
    tbs: [tbsStart, tbsStart + tbs.length],
    signature: [der.length - signature.length, der.length],
    revoked,
  };
}

/** A positive 18-byte serial as openssl's -set_serial wants it, and its bytes. */
function leafSerial() {
  const bytes = randomSerials(1);
  return { bytes, arg: `0x${bytes.toString('hex')}` };
}

const CONFIG = [
  '[req]',
  'distinguished_name = dn',
  'string_mask = utf8only',
  'utf8 = yes',
  '[dn]',
  '[ca]',
  'basicConstraints = critical, CA:TRUE',
  'keyUsage = critical, keyCertSign, cRLSign',
  'subjectKeyIdentifier = hash',
  '[leaf]',
  'basicConstraints = critical, CA:FALSE',
  'keyUsage = critical, digitalSignature, keyEncipherment',
  'extendedKeyUsage = serverAuth, clientAuth',
  'subjectKeyIdentifier = hash',
  'authorityKeyIdentifier = keyid:always',
  'crlDistributionPoints = URI:http://crl.example.jp/bench-crl-ca.crl',
  'subjectAltName = DNS:www.example.jp, DNS:example.jp',
  '',
].join('\n');

const crlFile = (count) => `crl-${count}.der`;

/** Generates everything into `dir` (which must exist and be empty); returns the metadata. */
async function generate(dir, openssl) {
  const run = (args) => openssl(args, { cwd: dir });
  await writeFile(join(dir, 'openssl.cnf'), CONFIG, 'utf8');
  const rsa = ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
  await Promise.all(['ca', 'leaf'].map((name) => run(['genpkey', ...rsa, '-out', `${name}.key`])));
  // prettier-ignore
  await run([
    'req', '-x509', '-new', '-config', 'openssl.cnf', '-extensions', 'ca', '-utf8', '-sha256', '-key', 'ca.key',
    '-subj', '/C=JP/O=しるしベンチ認証局株式会社/CN=Shirushi Bench CRL CA', '-days', '3650',
    '-set_serial', leafSerial().arg, '-out', 'ca.pem',
  ]);
  // prettier-ignore
  await run([
    'req', '-new', '-config', 'openssl.cnf', '-utf8', '-key', 'leaf.key',
    '-subj', '/C=JP/O=しるし株式会社/CN=www.example.jp', '-out', 'leaf.csr',
  ]);
  const serials = { revoked: leafSerial(), good: leafSerial() };
  for (const [name, serial] of Object.entries(serials)) {
    // prettier-ignore
    await run([
      'x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', serial.arg,
      '-days', '3650', '-sha256', '-extfile', 'openssl.cnf', '-extensions', 'leaf', '-out', `${name}.pem`,
    ]);
  }

  const caPem = await readFile(join(dir, 'ca.pem'), 'utf8');
  const caDer = await run(['x509', '-in', 'ca.pem', '-outform', 'DER']);
  const { subject, keyId } = subjectAndKeyId(caDer);
  const privateKey = createPrivateKey(await readFile(join(dir, 'ca.key')));
  const thisUpdate = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
  const nextUpdate = new Date(thisUpdate.getTime() + 20 * 365 * 86_400_000);
  const goodSerialTlv = Buffer.concat([Buffer.from([0x02, SERIAL_BYTES]), serials.good.bytes]);

  const crls = [];
  for (const count of [...WARMUP_SIZES, ...CRL_SIZES]) {
    const crl = buildCrl({
      count,
      revokedSerial: serials.revoked.bytes,
      issuerName: subject,
      authorityKeyId: keyId,
      privateKey,
      thisUpdate,
      nextUpdate,
    });
    if (crl.der.indexOf(goodSerialTlv) !== -1) throw new Error('the "good" serial is in a CRL; run again');
    const file = crlFile(count);
    await writeFile(join(dir, file), crl.der);
    await verifyCrl(join(dir, file), join(dir, 'ca.pem'), openssl);
    crls.push({
      entries: count,
      file,
      bytes: crl.der.length,
      tbs: crl.tbs,
      signature: crl.signature,
      revoked: crl.revoked,
    });
  }
  const certificate = async (name) => ({
    pem: await readFile(join(dir, `${name}.pem`), 'utf8'),
    der: (await run(['x509', '-in', `${name}.pem`, '-outform', 'DER'])).toString('base64'),
  });
  return {
    version: CACHE_VERSION,
    generatedAt: new Date().toISOString(),
    thisUpdate: thisUpdate.toISOString(),
    nextUpdate: nextUpdate.toISOString(),
    ca: {
      ...(await certificate('ca')),
      spki: createPublicKey(caPem).export({ type: 'spki', format: 'der' }).toString('base64'),
    },
    revoked: { ...(await certificate('revoked')), serial: serials.revoked.bytes.toString('hex') },
    good: { ...(await certificate('good')), serial: serials.good.bytes.toString('hex') },
    warmups: crls.slice(0, WARMUP_SIZES.length),
    crls: crls.slice(WARMUP_SIZES.length),
  };
}

/** Runs `openssl crl -verify` on a DER CRL; resolves with the wall time in ms, rejects unless it verifies. */
export async function verifyCrl(crlPath, caPemPath, openssl) {
  const start = performance.now();
  // prettier-ignore
  const output = await openssl(
    ['crl', '-inform', 'DER', '-in', crlPath, '-CAfile', caPemPath, '-noout', '-verify'],
    { stderr: true },
  );
  const ms = performance.now() - start;
  if (!/verify OK/.test(output.toString('utf8'))) {
    throw new Error(`openssl crl -verify did not report "verify OK" for ${crlPath}: ${output}`);
  }
  return ms;
}

async function readCache(dir) {
  try {
    const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
    if (meta.version !== CACHE_VERSION) return undefined;
    if (Date.now() - Date.parse(meta.generatedAt) > CACHE_MAX_AGE_DAYS * 86_400_000) return undefined;
    if (meta.crls.map((crl) => crl.entries).join() !== CRL_SIZES.join()) return undefined;
    for (const crl of [...meta.warmups, ...meta.crls]) {
      if ((await stat(join(dir, crl.file))).size !== crl.bytes) return undefined;
    }
    if (!existsSync(join(dir, 'ca.pem'))) return undefined;
    return meta;
  } catch {
    return undefined;
  }
}

/**
 * The CRL inputs, from the cache or freshly generated. `openssl(args, { cwd })` runs the binary (see
 * inputs.mjs). Everything in the result is small JSON; `dir` holds the files (`ca.pem`, `crl-N.der`).
 * @returns {Promise<{ dir: string, cached: boolean, version: string, generatedAt: string,
 *   thisUpdate: string, nextUpdate: string,
 *   ca: { pem: string, der: string, spki: string }, revoked: { pem: string, der: string, serial: string },
 *   good: { pem: string, der: string, serial: string },
 *   warmups: CrlFile[], crls: CrlFile[] }>}
 *   where CrlFile is { entries, file, bytes, tbs: [start, end], signature: [start, end],
 *   revoked: { reason?, revocationDate } }
 */
export async function generateCrlInputs({ openssl, log = () => {} }) {
  const dir = join(CACHE_ROOT, CACHE_VERSION);
  const cached = await readCache(dir);
  if (cached) return { ...cached, dir, cached: true };
  log(`generating CRLs of ${CRL_SIZES.join(', ')} entries (cached in ${dir})…`);
  const started = performance.now();
  const work = `${dir}.tmp-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    const meta = await generate(work, openssl);
    await writeFile(join(work, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
    // Inputs from earlier versions of this file are never read again.
    for (const name of await readdir(CACHE_ROOT)) {
      if (/^crl-v\d+$/.test(name) && name !== CACHE_VERSION) {
        await rm(join(CACHE_ROOT, name), { recursive: true, force: true });
      }
    }
    log(`CRLs generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { ...meta, dir, cached: false };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
