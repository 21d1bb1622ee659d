#!/usr/bin/env node
// shirushi command line: the site seal registry, written as plain static files.
//   shirushi seal add <cert.pem> [--chain <pem>] --brand secom|jprs|generic --out <dir> [--base-url <url>]
//   shirushi seal status --out <dir> [--crl-mirror <dir-or-url-template>] [--time <iso>]
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import * as shirushi from '../dist/shirushi.js';

const { ShirushiError, checkRevocation, parseCertificate, base64Decode } = shirushi;
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER_BASE = 'https://seal-provider.invalid';

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
      Exit code 1 when any seal is revoked, expired, not yet valid or unknown.

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

/** Splits `args` into positionals and `--name value` / `--name=value` options. */
function parseArgs(args, known) {
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
  for (const candidate of [join(outDir, 'seal.js'), join(packageRoot, 'public', 'seal.js')]) {
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
  const counts = {};
  let attention = false;
  for (const name of names) {
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
    const extra = [];
    const urls = record.crlDistributionPoints?.find((entry) => entry.certificate === 0)?.urls ?? [];
    const crls = [];
    for (const url of urls) {
      const got = await getCrl(url);
      if (got.der) crls.push({ der: got.der, url });
      else extra.push(new ShirushiError('seal/crl-unavailable', { url, detail: got.error }));
    }
    if (urls.length === 0) extra.push(new ShirushiError('seal/no-crl-url', { id: record.id }));
    let result;
    if (record.chain.length === 0) {
      result = { status: 'unknown', problems: [] };
      extra.push(new ShirushiError('seal/no-issuer', { id: record.id }));
    } else {
      result = await checkRevocation({
        certificate: base64Decode(record.leaf),
        issuer: base64Decode(record.chain[0]),
        crls,
        crlSigners: record.chain.slice(1).map((der) => base64Decode(der)),
        time,
      });
    }
    result = {
      ...result,
      problems: [...extra.map((e) => ({ code: e.code, message: e.messages })), ...result.problems],
    };
    const status = shirushi.sealStatusFromResult(result, time, record);
    await writeAtomic(join(sealsDir, `${record.id}.status.json`), json(status));
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
  }
  const summary = Object.entries(counts)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  process.stderr.write(
    `${names.length} seal(s) checked at ${time.toISOString()}${summary ? `: ${summary}` : ''}\n`,
  );
  if (attention) process.exitCode = 1;
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
  if (command === undefined || command === '--help' || command === '-h') {
    return void process.stdout.write(HELP);
  }
  throw usage(`unknown command seal ${command}`);
}

main(process.argv.slice(2)).catch(fail);
