#!/usr/bin/env node
// shirushi command line: the site seal registry, written as plain static files.
//   shirushi seal add <cert.pem> [--chain <pem>] --brand secom|jprs|generic --out <dir> [--base-url <url>]
//   shirushi seal status --out <dir> [--crl-mirror <dir-or-url-template>] [--time <iso>]
//   shirushi seal site --out <dir> [--replace-seal-js]
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as shirushi from '../dist/shirushi.js';

const { ShirushiError, checkRevocation, parseCertificate, base64Decode } = shirushi;
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER_BASE = 'https://seal-provider.invalid';
/** The provider site built by `npm run build` (scripts/build-provider.mjs). */
const PROVIDER_DIR = join(packageRoot, 'dist', 'provider');
/** Seals `seal status` checks at once. */
const STATUS_CONCURRENCY = 8;

const HELP = `shirushi: site seal registry (plain static files)

Usage:
  shirushi seal add <cert.pem> [--chain <chain.pem>] --brand secom|jprs|generic --out <dir>
                    [--base-url <url>] [--size 100x42|120x50|140x59]
      Registers the server certificate: writes <dir>/seals/<id>.json (immutable; <id> is the
      certificate's SHA-256 fingerprint) and prints the HTML snippet with its SRI hash.
      The chain is listed from the certificate's issuer upwards.

  shirushi seal status --out <dir> [--crl-mirror <dir-or-url-template>] [--time <iso-8601>]
      Checks every registered certificate against its CRLs and writes <dir>/seals/<id>.status.json.
      --crl-mirror: a directory holding each CRL under encodeURIComponent(url), or a URL template
      such as https://mirror.example/crl?u={url}; without it the CRLs are downloaded directly.
      Every CRL it could load is also written to <dir>/crls/<host><path>, the mirror the
      verification page reads by default (URLs with a query string are skipped).
      Exit code 1 when any seal is revoked, expired, not yet valid or unknown.

  shirushi seal site --out <dir> [--replace-seal-js]
      Copies the provider site (seal.js, verify.html, verify.js, assets/, marks/, sw.js) from
      this package into <dir>, leaving seals/ and crls/ alone, and prints the HTTP headers to
      configure. A seal.js different from the one already in <dir> breaks every snippet issued
      with the old SRI hash, so it is replaced only with --replace-seal-js.

  shirushi --help

Exit codes: 0 ok, 1 a seal needs attention (status), 2 error.
`;

function fail(error) {
  const locale = (process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '')
    .toLowerCase()
    .startsWith('ja');
  if (error instanceof ShirushiError) {
    if (locale) process.stderr.write(`shirushi: ${error.messages.ja}\n`);
    process.stderr.write(`shirushi: ${error.messages.en} [${error.code}]\n`);
  } else {
    process.stderr.write(`shirushi: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(2);
}

const usage = (detail) => new ShirushiError('seal/usage', { detail });

/** Splits `args` into positionals and `--name value` / `--name=value` options; `flags` take no value. */
function parseArgs(args, known, flags = []) {
  const positional = [];
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      options.help = true;
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      if (!known.includes(name)) throw usage(`unknown option --${name}`);
      if (flags.includes(name)) {
        if (eq >= 0) throw usage(`--${name} takes no value`);
        options[name] = true;
        continue;
      }
      const value = eq < 0 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) throw usage(`--${name} needs a value`);
      options[name] = value;
    } else {
      positional.push(arg);
    }
  }
  return { positional, options };
}

async function readText(path) {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ShirushiError('seal/file', { path, detail: error.message });
  }
}

/** Writes through a temporary file so a reader never sees half a JSON file. */
async function writeAtomic(path, text) {
  try {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, path);
  } catch (error) {
    throw new ShirushiError('seal/file', { path, detail: error.message });
  }
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/** The record without its creation time, for "is this the same record" comparisons. */
function recordContent(record) {
  const rest = { ...record };
  delete rest.createdAt;
  return JSON.stringify(rest);
}

async function sriOf(outDir) {
  // The deployed copy first: snippets must match what the host serves, even from an older package.
  for (const candidate of [join(outDir, 'seal.js'), join(PROVIDER_DIR, 'seal.js')]) {
    if (existsSync(candidate)) {
      const digest = createHash('sha384')
        .update(await readFile(candidate))
        .digest('base64');
      return { integrity: `sha384-${digest}`, from: candidate };
    }
  }
  return undefined;
}

async function sealAdd(args) {
  const { positional, options } = parseArgs(args, ['chain', 'brand', 'out', 'base-url', 'size']);
  if (options.help) return void process.stdout.write(HELP);
  if (positional.length !== 1) throw usage('give exactly one certificate file');
  if (!options.brand) throw usage('--brand is required');
  if (!options.out) throw usage('--out is required');
  const leaf = await readText(positional[0]);
  const chain = options.chain ? await readText(options.chain) : undefined;
  const record = await shirushi.createSealRecord({ leaf, chain, brand: options.brand });
  const chainCheck = await shirushi.checkSealChain(
    parseCertificate(base64Decode(record.leaf)),
    record.chain.map((der) => parseCertificate(base64Decode(der))),
  );
  // The snippet first: a bad --base-url or --size must not leave a record behind.
  const base = options['base-url'] ?? PLACEHOLDER_BASE;
  const sri = await sriOf(options.out);
  const snippet = shirushi.embedSnippet({
    id: record.id,
    baseUrl: base,
    integrity: sri?.integrity,
    brand: record.brand,
    size: options.size,
  });
  const path = join(options.out, 'seals', `${record.id}.json`);
  let written = true;
  if (existsSync(path)) {
    let existing;
    try {
      existing = JSON.parse(await readText(path));
    } catch {
      existing = undefined;
    }
    if (!existing || recordContent(existing) !== recordContent(record)) {
      throw new ShirushiError('seal/record-conflict', { id: record.id, path });
    }
    written = false;
  } else {
    await writeAtomic(path, json(record));
  }
  const log = (line) => process.stderr.write(`${line}\n`);
  log(written ? `wrote ${path}` : `unchanged ${path} (already registered)`);
  log(`seal id ${record.id}`);
  log(
    chainCheck === 'signatures'
      ? 'chain: signatures verified up to the self-signed certificate at its end'
      : record.chain.length > 0
        ? 'chain: issuer and subject names linked; signatures not verified (no self-signed root given)'
        : 'chain: none given; seal status cannot check revocation without the issuer',
  );
  if (!options['base-url']) log(`note: replace ${PLACEHOLDER_BASE} with the seal host (--base-url).`);
  if (sri) log(`integrity: ${sri.integrity} (${sri.from})`);
  else
    log(
      'note: seal.js was not found, so the snippet has no integrity attribute; add ' +
        'integrity="sha384-…" (openssl dgst -sha384 -binary seal.js | openssl base64 -A) once seal.js is deployed.',
    );
  process.stdout.write(`${snippet}\n`);
}

/**
 * Where `seal status` keeps a copy of the CRL at `url`, below `<out>/crls/`: the layout of the verification
 * page's default mirror template `crls/{host}{path}` (src/net/crl-fetch.ts), with each path segment
 * percent-decoded as a static server decodes it. Returns a reason string instead when the URL cannot be
 * stored safely: a query string (no file name stands for it), or a segment that is empty, `.`, `..` or
 * holds a separator once decoded.
 */
function crlMirrorPath(crlsDir, url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return { skip: 'not a URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { skip: 'not an http(s) URL' };
  if (parsed.search || parsed.hash) return { skip: 'has a query string or fragment' };
  const bad = (segment) => segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment);
  if (bad(parsed.host)) return { skip: 'bad host' };
  const segments = [];
  for (const raw of parsed.pathname.split('/').slice(1)) {
    let segment;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { skip: 'bad percent-encoding in the path' };
    }
    if (bad(segment)) return { skip: 'path has an empty, ".", ".." or encoded-separator segment' };
    segments.push(segment);
  }
  const path = resolve(crlsDir, parsed.host, ...segments);
  // Belt and braces: nothing above can leave crls/, but a file outside it must never be written.
  if (!path.startsWith(resolve(crlsDir) + sep)) return { skip: 'outside the mirror directory' };
  return { path };
}

/** Reads one CRL: from a mirror directory, a mirror URL template with {url}, or the URL itself. */
async function loadCrl(url, mirror) {
  if (mirror && !/^https?:\/\//i.test(mirror)) {
    return new Uint8Array(await readFile(join(mirror, encodeURIComponent(url))));
  }
  const target = mirror ? mirror.replaceAll('{url}', encodeURIComponent(url)) : url;
  const response = await fetch(target, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

function validRecord(record, path) {
  const bad = (detail) => new ShirushiError('seal/bad-record', { path, detail });
  if (!record || record.version !== 1 || typeof record.leaf !== 'string' || !Array.isArray(record.chain)) {
    throw bad('not a version 1 seal record');
  }
  let leaf;
  try {
    leaf = parseCertificate(base64Decode(record.leaf));
  } catch (error) {
    throw bad(error.message);
  }
  if (leaf.fingerprints.sha256.toLowerCase().replace(/[^0-9a-f]/g, '') !== record.id) {
    throw bad('the id is not the SHA-256 of the certificate');
  }
  return leaf;
}

/**
 * Revocation of the leaf and of every CA certificate below the top of the chain that names a CRL, as the
 * verification page checks them, so the status file and the page agree. A revoked CA certificate revokes
 * the seal; a CA whose status cannot be confirmed leaves a good leaf unknown.
 */
async function checkRecordRevocation(record, time, getCrl, decodeCa = base64Decode) {
  const path = [base64Decode(record.leaf), ...record.chain.map((der) => decodeCa(der))];
  const asProblem = (error) => ({ code: error.code, message: error.messages });
  const checkAt = async (index) => {
    const extra = [];
    const urls = record.crlDistributionPoints?.find((entry) => entry.certificate === index)?.urls ?? [];
    const crls = [];
    for (const url of urls) {
      const got = await getCrl(url);
      if (got.der) crls.push({ der: got.der, url });
      else extra.push(new ShirushiError('seal/crl-unavailable', { url, detail: got.error }));
    }
    if (index === 0 && urls.length === 0) extra.push(new ShirushiError('seal/no-crl-url', { id: record.id }));
    let result;
    if (index + 1 >= path.length) {
      result = { status: 'unknown', problems: [] };
      extra.push(new ShirushiError('seal/no-issuer', { id: record.id }));
    } else {
      result = await checkRevocation({
        certificate: path[index],
        issuer: path[index + 1],
        crls,
        crlSigners: path.slice(index + 2),
        time,
      });
    }
    return { ...result, problems: [...extra.map(asProblem), ...result.problems] };
  };
  const leaf = await checkAt(0);
  // The top of the chain is the trust anchor (or its issuer is not known): nothing above it to ask.
  for (let index = 1; index + 1 < path.length; index++) {
    const hasUrls = record.crlDistributionPoints?.some((entry) => entry.certificate === index);
    if (!hasUrls) continue;
    const ca = await checkAt(index);
    if (ca.status === 'revoked') {
      const subject = parseCertificate(path[index]).subject.rfc4514;
      return {
        ...ca,
        problems: [asProblem(new ShirushiError('seal/ca-revoked', { subject })), ...ca.problems],
      };
    }
    if (ca.status !== 'good' && leaf.status === 'good') {
      leaf.status = 'unknown';
      leaf.problems = [...leaf.problems, ...ca.problems];
    }
  }
  return leaf;
}

async function sealStatus(args) {
  const { positional, options } = parseArgs(args, ['out', 'crl-mirror', 'time']);
  if (options.help) return void process.stdout.write(HELP);
  if (positional.length > 0) throw usage(`unexpected argument ${positional[0]}`);
  if (!options.out) throw usage('--out is required');
  const time = options.time ? new Date(options.time) : new Date();
  if (Number.isNaN(time.getTime())) throw usage(`--time ${options.time} is not a date`);
  const sealsDir = join(options.out, 'seals');
  let names;
  try {
    names = (await readdir(sealsDir)).filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).sort();
  } catch (error) {
    throw new ShirushiError('seal/file', { path: sealsDir, detail: error.message });
  }
  const crlCache = new Map();
  const getCrl = (url) => {
    if (!crlCache.has(url)) {
      crlCache.set(
        url,
        loadCrl(url, options['crl-mirror']).then(
          (der) => ({ der, url }),
          (error) => ({ error: error.message ?? String(error), url }),
        ),
      );
    }
    return crlCache.get(url);
  };
  // CA certificates repeat across seals: one decoded copy each lets the core's per-certificate caches hit.
  const caBytes = new Map();
  const decodeCa = (b64) => {
    if (!caBytes.has(b64)) caBytes.set(b64, base64Decode(b64));
    return caBytes.get(b64);
  };
  const checkSeal = async (name) => {
    const path = join(sealsDir, name);
    let record;
    try {
      record = JSON.parse(await readText(path));
    } catch (error) {
      throw error instanceof ShirushiError
        ? error
        : new ShirushiError('seal/bad-record', { path, detail: error.message });
    }
    validRecord(record, path);
    const result = await checkRecordRevocation(record, time, getCrl, decodeCa);
    const status = shirushi.sealStatusFromResult(result, time, record);
    await writeAtomic(join(sealsDir, `${record.id}.status.json`), json(status));
    return { record, status };
  };
  const counts = {};
  let attention = false;
  const report = ({ record, status }) => {
    counts[status.status] = (counts[status.status] ?? 0) + 1;
    if (status.status !== 'good') attention = true;
    const names = record.summary.dnsNames.length ? record.summary.dnsNames : record.summary.ipAddresses;
    const parts = [record.id, status.status.padEnd(13), names.join(',') || record.summary.subject];
    if (status.reason) parts.push(`reason=${status.reason}`);
    if (status.revocationDate) parts.push(`revoked=${status.revocationDate}`);
    if (status.crl?.number !== undefined) parts.push(`crl=${status.crl.number}`);
    if (status.crl?.nextUpdate) parts.push(`next=${status.crl.nextUpdate}`);
    if (status.status === 'unknown' && status.problems.length)
      parts.push(`problems=${status.problems.join(',')}`);
    process.stdout.write(`${parts.join('  ')}\n`);
  };
  // A few seals in flight overlap file I/O and WebCrypto with parsing; lines are still printed in name order.
  const done = new Array(names.length);
  let printed = 0;
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const index = next++;
      done[index] = await checkSeal(names[index]);
      while (printed < names.length && done[printed]) {
        report(done[printed]);
        done[printed++] = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STATUS_CONCURRENCY, names.length) }, worker));
  await mirrorCrls(options.out, crlCache);
  const summary = Object.entries(counts)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  process.stderr.write(
    `${names.length} seal(s) checked at ${time.toISOString()}${summary ? `: ${summary}` : ''}\n`,
  );
  if (attention) process.exitCode = 1;
}

/** Writes every CRL `seal status` loaded into `<out>/crls/`, for the verification page (see crlMirrorPath). */
async function mirrorCrls(outDir, crlCache) {
  const crlsDir = join(outDir, 'crls');
  let written = 0;
  for (const got of await Promise.all(crlCache.values())) {
    if (!got.der) continue;
    const target = crlMirrorPath(crlsDir, got.url);
    if (target.skip) {
      process.stderr.write(`warning: CRL ${got.url} not mirrored: ${target.skip}\n`);
      continue;
    }
    try {
      await writeAtomic(target.path, got.der);
      written++;
    } catch (error) {
      // One unwritable copy must not stop the status files already written from being reported.
      process.stderr.write(`warning: CRL ${got.url} not mirrored: ${error.messages?.en ?? error.message}\n`);
    }
  }
  if (written) process.stderr.write(`mirrored ${written} CRL(s) into ${crlsDir}\n`);
}

/** The deployment's own files: `seal site` never writes or removes them. */
const DEPLOYMENT_OWNED = new Set(['seals', 'crls', 'trust-anchors.json']);

/** What to serve with which headers; printed by `seal site`, explained in the README. */
const SITE_HEADERS = `# Headers for the seal provider site (Netlify / Cloudflare Pages "_headers" syntax; the README
# has the same for nginx). Paths are relative to the directory served as the seal base URL.
/seal.js
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=86400
  X-Content-Type-Options: nosniff
/seals/*.json
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=31536000, immutable
/seals/*.status.json
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
/crls/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=300
  Content-Type: application/pkix-crl
/marks/*
  Access-Control-Allow-Origin: *
  Cache-Control: public, max-age=86400
/verify.html
  Cache-Control: no-cache
  Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types lit-html default
  Referrer-Policy: no-referrer
  X-Content-Type-Options: nosniff
/sw.js
  Cache-Control: no-cache
/assets/*
  Cache-Control: public, max-age=31536000, immutable
`;

async function sealSite(args) {
  const { positional, options } = parseArgs(args, ['out', 'replace-seal-js'], ['replace-seal-js']);
  if (options.help) return void process.stdout.write(HELP);
  if (positional.length > 0) throw usage(`unexpected argument ${positional[0]}`);
  if (!options.out) throw usage('--out is required');
  const sources = [];
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) sources.push(relative(PROVIDER_DIR, path));
    }
  };
  if (!existsSync(join(PROVIDER_DIR, 'seal.js')) || !existsSync(join(PROVIDER_DIR, 'verify.html'))) {
    throw new ShirushiError('seal/file', {
      path: PROVIDER_DIR,
      detail: 'the provider site is not built (run npm run build)',
    });
  }
  await walk(PROVIDER_DIR);
  const files = sources.filter((path) => !DEPLOYMENT_OWNED.has(path.split(sep)[0]));
  const sealJs = await readFile(join(PROVIDER_DIR, 'seal.js'));
  const deployedSeal = join(options.out, 'seal.js');
  if (
    existsSync(deployedSeal) &&
    !sealJs.equals(await readFile(deployedSeal)) &&
    !options['replace-seal-js']
  ) {
    throw new Error(
      `${deployedSeal} differs from this package's seal.js; every snippet pins the deployed one with its SRI ` +
        'hash, and browsers refuse a different file, leaving only the static fallback mark. Re-run with ' +
        '--replace-seal-js and reissue the snippets (shirushi seal add prints them), or keep the old seal.js.',
    );
  }
  // Hashed assets first and sw.js last: a page or service worker of the new version never asks for a file
  // that is not there yet. Older assets stay, so pages already open can still load their chunks.
  const rank = (path) => (path.startsWith(`assets${sep}`) ? 0 : path === 'sw.js' ? 2 : 1);
  files.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  for (const path of files) {
    await writeAtomic(join(options.out, path), await readFile(join(PROVIDER_DIR, path)));
  }
  const integrity = `sha384-${createHash('sha384').update(sealJs).digest('base64')}`;
  process.stderr.write(
    `copied ${files.length} file(s) into ${options.out}; seal.js integrity ${integrity}\n`,
  );
  process.stdout.write(SITE_HEADERS);
}

async function main(argv) {
  const [group, command, ...rest] = argv;
  if (group === undefined || group === '--help' || group === '-h' || group === 'help') {
    return void process.stdout.write(HELP);
  }
  if (group !== 'seal') throw usage(`unknown command ${group}`);
  if (typeof shirushi.createSealRecord !== 'function') {
    throw new Error('this build of shirushi does not include the seal registry (rebuild with npm run build)');
  }
  if (command === 'add') return sealAdd(rest);
  if (command === 'status') return sealStatus(rest);
  if (command === 'site') return sealSite(rest);
  if (command === undefined || command === '--help' || command === '-h') {
    return void process.stdout.write(HELP);
  }
  throw usage(`unknown command seal ${command}`);
}

main(process.argv.slice(2)).catch(fail);
