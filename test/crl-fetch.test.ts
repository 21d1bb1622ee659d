// fetchCrl: downloading (progress, size limits, errors, abort), mirrors that cannot be trusted, and the
// IndexedDB cache of verified CRLs. CRLs come from test/harness/crl-server.mjs, which serves what the
// tests upload; they are openssl's fixture CRL or CRLs signed here with the fixture intermediate's key.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { cachedCrlsFor, closeCrlCache, clearCrlCache } from '../src/net/crl-cache.js';
import {
  crlDownloadUrl,
  fetchCrl,
  type CrlFetchProgress,
  type FetchCrlOptions,
} from '../src/net/crl-fetch.js';
import { ShirushiError } from '../src/errors/shirushi-error.js';
import { checkRevocationHere } from '../src/path/check-revocation.js';
import { buildCrl, fixtureSigningKey } from './helpers/build-crl.js';
import { fixtures, fromBase64, type CertificateFixture, type CrlFixture } from './helpers/fixtures.js';

const HOUR = 3600_000;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Uploads a CRL to the test server as /crl-test/crl/<name> (and as what the mirrors serve for `url`). */
async function serve(name: string, bytes: Uint8Array | string, url?: string): Promise<string> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  await executeServerCommand('crl-server', { action: 'put', name, der: base64(data), ...(url && { url }) });
  return new URL(`/crl-test/crl/${name}`, location.href).href;
}

const requests = (name: string) =>
  executeServerCommand<number, { action: string; name: string }>('crl-server', { action: 'count', name });

async function expectRejects(promise: Promise<unknown>, code: string): Promise<ShirushiError> {
  try {
    await promise;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(ShirushiError);
    const typed = error as ShirushiError;
    expect(typed.code, typed.message).to.equal(code);
    expect(typed.messages.ja).to.not.equal('');
    return typed;
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}

let intermediate: CertificateFixture;
let intermediateDer: Uint8Array;
let fixtureCrl: CrlFixture;
let key: CryptoKey;
let run = 0;
/** A CRL name unique to this test run, so browsers and reruns never see each other's uploads. */
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${run++}`;

function makeCrl(options: { number: bigint; thisUpdate?: Date; nextUpdate?: Date; filler?: number }) {
  return buildCrl({
    issuerCertificate: intermediateDer,
    key,
    authorityKeyId: intermediate.expected.subjectKeyIdentifier,
    ...options,
  });
}

before(async () => {
  const all = await fixtures();
  intermediate = all.intermediate as CertificateFixture;
  intermediateDer = fromBase64(intermediate.der);
  fixtureCrl = all.intermediateCrl as CrlFixture;
  key = await fixtureSigningKey(intermediate);
});

beforeEach(async () => {
  await clearCrlCache();
  await executeServerCommand('crl-server', { action: 'reset' });
});

describe('fetchCrl: downloading', () => {
  it('reads a DER CRL, reporting progress against Content-Length', async () => {
    const der = await makeCrl({ number: 7n, filler: 9000 });
    const name = unique('slow');
    const url = await serve(name, der);
    const progress: CrlFetchProgress[] = [];
    const result = await fetchCrl(`${url}?chunk=32768&delay=40`, {
      onProgress: (p) => progress.push(p),
    });
    expect(result.der).to.deep.equal(der);
    expect(result.crl.number).to.equal(7n);
    expect(result).to.include({ fromCache: false, verified: false, url: `${url}?chunk=32768&delay=40` });
    expect(progress.length, JSON.stringify(progress)).to.be.at.least(3);
    expect(progress.every((p) => p.total === der.length)).to.equal(true);
    expect(progress.map((p) => p.loaded)).to.deep.equal(
      [...progress.map((p) => p.loaded)].sort((a, b) => a - b),
    );
    expect(progress.at(-1)!.loaded).to.equal(der.length);
    // ~12 chunks 40 ms apart are reported at most every 100 ms, plus the start and the end.
    expect(progress.length).to.be.below(12);
  });

  it('reports progress without a total when there is no Content-Length', async () => {
    const der = await makeCrl({ number: 8n, filler: 6000 });
    const url = await serve(unique('chunked'), der);
    const progress: CrlFetchProgress[] = [];
    const result = await fetchCrl(`${url}?length=0&chunk=20000&delay=60`, {
      onProgress: (p) => progress.push(p),
    });
    expect(result.der).to.deep.equal(der);
    expect(progress.length).to.be.at.least(3);
    expect(progress.every((p) => p.total === undefined)).to.equal(true);
    expect(progress.at(-1)!.loaded).to.equal(der.length);
  });

  it('accepts PEM', async () => {
    const url = await serve(unique('pem'), fixtureCrl.pem);
    const result = await fetchCrl(url);
    expect(result.der).to.deep.equal(fromBase64(fixtureCrl.der));
    const { crlNumber } = (fixtureCrl as CrlFixture & { expected: { crlNumber: string } }).expected;
    expect(result.crl.number?.toString(16)).to.equal(crlNumber);
  });

  it('refuses more than maxBytes, by Content-Length and while streaming', async () => {
    const huge = new URL('/crl-test/huge?size=4000000', location.href).href;
    const announced = await expectRejects(fetchCrl(huge, { maxBytes: 1_000_000 }), 'crl-fetch/too-large');
    expect(announced.params).to.include({ limit: 1_000_000 });
    await expectRejects(fetchCrl(`${huge}&length=0`, { maxBytes: 1_000_000 }), 'crl-fetch/too-large');
  });

  it('reports HTTP errors, bad URLs and network failures', async () => {
    const missing = new URL(`/crl-test/crl/${unique('missing')}`, location.href).href;
    const status = await expectRejects(fetchCrl(missing), 'crl-fetch/http-status');
    expect(status.params.status).to.equal(404);
    await expectRejects(
      fetchCrl('ldap://ldap.example.jp/cn=CA?certificateRevocationList'),
      'crl-fetch/bad-url',
    );
    await expectRejects(fetchCrl('not a url'), 'crl-fetch/bad-url');
    await expectRejects(
      fetchCrl(missing, { mirror: 'https://mirror.example/fixed.crl' }),
      'crl-fetch/bad-url',
    );
    // Port 9 (discard) on the loopback address: nothing listens, so fetch fails outright.
    await expectRejects(fetchCrl('http://127.0.0.1:9/x.crl'), 'crl-fetch/network');
  });

  it('can be aborted before and during the download', async () => {
    const der = await makeCrl({ number: 9n, filler: 3000 });
    const url = await serve(unique('abort'), der);
    await expectRejects(fetchCrl(url, { signal: AbortSignal.abort() }), 'crl-fetch/aborted');
    const controller = new AbortController();
    const pending = fetchCrl(`${url}?chunk=4096&delay=50`, {
      signal: controller.signal,
      onProgress: ({ loaded }) => loaded > 0 && controller.abort(),
    });
    await expectRejects(pending, 'crl-fetch/aborted');
  });

  it('uses a custom fetch function', async () => {
    const der = await makeCrl({ number: 10n });
    const seen: string[] = [];
    const result = await fetchCrl('http://crl.example.jp/custom.crl', {
      fetch: async (input) => {
        seen.push(String(input));
        return new Response(der as Uint8Array<ArrayBuffer>);
      },
    });
    expect(seen).to.deep.equal(['http://crl.example.jp/custom.crl']);
    expect(result.crl.number).to.equal(10n);
  });
});

describe('fetchCrl: mirrors', () => {
  it('fills in mirror templates without changing the scheme', () => {
    const crl = 'http://crl.example.jp/ca/r1.crl?x=1';
    expect(crlDownloadUrl(crl).href).to.equal(crl);
    expect(crlDownloadUrl(crl, 'https://relay.example/crl?u={url}').href).to.equal(
      `https://relay.example/crl?u=${encodeURIComponent(crl)}`,
    );
    expect(crlDownloadUrl(crl, 'https://mirror.example/m/{host}{path}').href).to.equal(
      'https://mirror.example/m/crl.example.jp/ca/r1.crl?x=1',
    );
    expect(crlDownloadUrl(crl, '/relay?u={url}').origin).to.equal(location.origin);
  });

  it('verifies what a mirror serves, and keeps the CRL URL as the URL', async () => {
    const crlUrl = 'http://crl.example.jp/intermediate.crl';
    const name = unique('mirrored');
    await serve(name, fromBase64(fixtureCrl.der), crlUrl);
    const result = await fetchCrl(crlUrl, { mirror: '/crl-test/mirror?u={url}', issuer: intermediate.der });
    expect(result).to.include({ url: crlUrl, verified: true, fromCache: false });
    expect(result.source).to.equal(
      new URL(`/crl-test/mirror?u=${encodeURIComponent(crlUrl)}`, location.href).href,
    );
    expect(result.der).to.deep.equal(fromBase64(fixtureCrl.der));
    expect(await requests(name)).to.equal(1);
  });

  it('refuses a tampered CRL from a mirror and caches nothing', async () => {
    const crlUrl = `http://crl.example.jp/${unique('tampered')}.crl`;
    const name = unique('tampered');
    await serve(name, await makeCrl({ number: 11n }), crlUrl);
    const options: FetchCrlOptions = {
      mirror: '/crl-test/tampering-mirror?u={url}',
      issuer: intermediate.der,
    };
    const error = await expectRejects(fetchCrl(crlUrl, options), 'crl-fetch/not-verified');
    expect(error.params.url).to.equal(crlUrl);
    expect(await cachedCrlsFor(crlUrl)).to.deep.equal([]);
    // Without an issuer the bytes come back unverified and uncached; checkRevocation then refuses them.
    const unverified = await fetchCrl(crlUrl, { mirror: '/crl-test/tampering-mirror?u={url}' });
    expect(unverified.verified).to.equal(false);
    expect(await cachedCrlsFor(crlUrl)).to.deep.equal([]);
    const all = await fixtures();
    const status = await checkRevocationHere({
      certificate: (all.rsa2048 as CertificateFixture).der,
      issuer: intermediate.der,
      crls: [unverified],
    });
    expect(status.status).to.equal('unknown');
  });
});

describe('fetchCrl: cache', () => {
  it('answers from IndexedDB without the network, also after reconnecting', async () => {
    const name = unique('cached');
    const url = await serve(name, await makeCrl({ number: 20n }));
    const first = await fetchCrl(url, { issuer: intermediate.der });
    expect(first).to.include({ fromCache: false, verified: true });
    const second = await fetchCrl(url, { issuer: intermediate.der });
    expect(second).to.include({ fromCache: true, verified: true, url });
    expect(second.der).to.deep.equal(first.der);
    expect(second.crl.number).to.equal(20n);
    await closeCrlCache();
    const third = await fetchCrl(url, { issuer: intermediate.der });
    expect(third.fromCache).to.equal(true);
    expect(await requests(name)).to.equal(1);
    // cache: false always downloads.
    expect((await fetchCrl(url, { issuer: intermediate.der, cache: false })).fromCache).to.equal(false);
    expect(await requests(name)).to.equal(2);
  });

  it('does not cache unverified CRLs', async () => {
    const name = unique('unverified');
    const url = await serve(name, await makeCrl({ number: 21n }));
    await fetchCrl(url);
    await fetchCrl(url);
    expect(await requests(name)).to.equal(2);
    expect(await cachedCrlsFor(url)).to.deep.equal([]);
  });

  it('downloads again once the cached CRL is past its nextUpdate, and replaces it with a newer one', async () => {
    const name = unique('renewed');
    const now = Date.now();
    const url = await serve(name, await makeCrl({ number: 30n, nextUpdate: new Date(now + HOUR) }));
    await fetchCrl(url, { issuer: intermediate.der });
    const later = new Date(now + 2 * HOUR);
    await serve(name, await makeCrl({ number: 31n, thisUpdate: new Date(now + 1.5 * HOUR) }));
    const renewed = await fetchCrl(url, { issuer: intermediate.der, time: later });
    expect(renewed).to.include({ fromCache: false });
    expect(renewed.crl.number).to.equal(31n);
    expect((await cachedCrlsFor(url)).map((record) => record.number)).to.deep.equal(['31']);
    expect((await fetchCrl(url, { issuer: intermediate.der, time: later })).fromCache).to.equal(true);
    expect(await requests(name)).to.equal(2);
  });

  it('never replaces a cached CRL with one of a lower CRL number', async () => {
    const name = unique('rollback');
    const now = Date.now();
    const url = await serve(name, await makeCrl({ number: 40n, nextUpdate: new Date(now + HOUR) }));
    await fetchCrl(url, { issuer: intermediate.der });
    // Two hours on, number 40 has expired; the server (or a mirror) now offers the older number 39,
    // whose nextUpdate is still ahead.
    await serve(name, await makeCrl({ number: 39n, thisUpdate: new Date(now - 2 * HOUR) }));
    const result = await fetchCrl(url, { issuer: intermediate.der, time: new Date(now + 2 * HOUR) });
    expect(result.crl.number).to.equal(40n);
    expect(result.fromCache).to.equal(true);
    expect(result.problems.map((p) => p.code)).to.include('crl-fetch/older-than-cached');
    expect(result.problems.find((p) => p.code === 'crl-fetch/older-than-cached')!.params).to.include({
      cached: '40',
    });
    expect((await cachedCrlsFor(url)).map((record) => record.number)).to.deep.equal(['40']);
  });

  it('still refuses the older CRL after the newer one has expired from the cache', async () => {
    const name = unique('replay');
    const now = Date.now();
    // Number 50 was current three hours ago; storing it evicts its bytes at once but remembers its number.
    const url = await serve(
      name,
      await makeCrl({ number: 50n, thisUpdate: new Date(now - 3 * HOUR), nextUpdate: new Date(now - HOUR) }),
    );
    await fetchCrl(url, { issuer: intermediate.der, time: new Date(now - 2 * HOUR) });
    expect(await cachedCrlsFor(url)).to.deep.equal([]);
    await serve(name, await makeCrl({ number: 49n }));
    const error = await expectRejects(
      fetchCrl(url, { issuer: intermediate.der }),
      'crl-fetch/older-than-cached',
    );
    expect(error.params).to.include({ cached: '50' });
    // Clearing the cache forgets the number.
    await clearCrlCache();
    expect((await fetchCrl(url, { issuer: intermediate.der })).crl.number).to.equal(49n);
  });

  it('can be used as a CrlInput for checkRevocation', async () => {
    const all = await fixtures();
    const revoked = all.revoked as CertificateFixture;
    const url = await serve(unique('input'), fromBase64(fixtureCrl.der));
    const fetched = await fetchCrl(url, { issuer: intermediate.der });
    const result = await checkRevocationHere({
      certificate: revoked.der,
      issuer: intermediate.der,
      crls: [fetched],
    });
    expect(result.status).to.equal('revoked');
    expect(result.crl?.url).to.equal(url);
  });
});
