// The verification page offline (issue 5: "Works offline for records already seen (workbox service worker;
// stale CRLs are marked stale, not valid)"). The page is the provider copy on this origin
// (/seal-provider/verify.html, see test/harness/seal-origins.mjs) so the test can read its DOM, its service
// worker and its caches. Each scenario starts from no service worker and no caches, checks a seal online
// until sw.js controls the page and has cached the record, status file, trust-anchors.json and CRLs, then
// makes the provider drop every connection (the `offline` action of the seal-origins command) and opens
// the page again. Meanwhile the provider sends `Cache-Control: no-store` (the `http-cache` action), as if
// the browser's HTTP cache had expired before the visitor came back: offline, only the worker's caches are
// left, and the requests the harness refused show which files the worker asked the network for.
//
// The page has no clock override, so staleness uses the `staleCrl` fixture seal, whose CRL was already
// past its nextUpdate when the scenario was made: offline it must come from the cache and be marked stale.
//
// A browser without service workers here (no navigator.serviceWorker, or registration refused with a
// SecurityError / NotSupportedError) must still reach the verdict online and show no worker: that is the
// page's documented fallback ("offline support is an extra"). Such a run logs why, once per scenario.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SealVerdict } from '../src/seal/verify.js';

interface Setup {
  origins: { provider: string; host: string; copier: string };
  pki: { seals: Record<string, { id: string }> };
  hasVerifyPage: boolean;
}

interface NetworkAnswer {
  offline: boolean;
  /** Provider paths the harness dropped since it went offline. */
  refused: string[];
}

type FrameWindow = Window & typeof globalThis;

const MOUNT = '/seal-provider/';
const SCOPE = new URL(MOUNT, location.href).href;
const CACHES = {
  records: 'shirushi-seal-records',
  status: 'shirushi-seal-status',
  crls: 'shirushi-crls',
};
/** The CRLs the fixture seals name: the leaves' issuer (`int` or `stale`) and the intermediate's root CRL. */
const CRL_PATH = 'crls/crl.seal-e2e.test/';

const VERDICT_TIMEOUT = 30_000;
const WORKER_TIMEOUT = 20_000;

let setup: Setup;
const frames: HTMLIFrameElement[] = [];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeout: number,
) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(50);
  }
}

async function network(offline: boolean): Promise<NetworkAnswer> {
  return executeServerCommand<NetworkAnswer, { action: string; offline: boolean }>('seal-origins', {
    action: 'offline',
    offline,
  });
}

async function httpCache(enabled: boolean): Promise<void> {
  await executeServerCommand<{ enabled: boolean }, { action: string; enabled: boolean }>('seal-origins', {
    action: 'http-cache',
    enabled,
  });
}

function idOf(name: string): string {
  const seal = setup.pki.seals[name];
  if (!seal) throw new Error(`no fixture seal ${name}`);
  return seal.id;
}

const providerUrl = (path: string) => new URL(path, SCOPE).href;

/** Removes every framed page, then the provider's service worker and its caches on this origin. */
async function forgetServiceWorker(): Promise<void> {
  for (const frame of frames.splice(0)) frame.remove();
  if ('serviceWorker' in navigator) {
    for (const registration of await navigator.serviceWorker.getRegistrations()) {
      if (registration.scope.startsWith(SCOPE)) await registration.unregister();
    }
  }
  if (typeof caches !== 'undefined') {
    for (const key of await caches.keys()) {
      if (key.startsWith('shirushi-') || key.startsWith('workbox-')) await caches.delete(key);
    }
  }
}

interface Visit {
  frame: HTMLIFrameElement;
  window: FrameWindow;
  element: Element & { verdict?: SealVerdict };
  verdict: SealVerdict;
}

/**
 * Opens verify.html#<id> in a fresh visible iframe (referrer: this page, on localhost, a name of every
 * fixture certificate) and waits for the page's verdict.
 */
async function visit(id: string, label: string): Promise<Visit> {
  const frame = document.createElement('iframe');
  frame.title = `verification page (${label})`;
  frame.width = '760';
  frame.height = '560';
  frame.style.cssText = 'position:fixed;top:0;left:0;border:0;background:white;z-index:1';
  frames.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `${MOUNT}verify.html#${id}`;
  document.body.append(frame);
  await Promise.race([loaded, sleep(VERDICT_TIMEOUT)]);
  const element = await waitFor(
    `the verification page (${label}) to load`,
    () => {
      const document = frame.contentDocument;
      if (!document) {
        // A browser error page (net::ERR_…) is on another origin: there is no document to read.
        throw new Error(`${label}: verify.html did not load (the frame shows no readable document)`);
      }
      const found = document.querySelector('shirushi-verification') as Visit['element'] | null;
      return found ?? undefined;
    },
    VERDICT_TIMEOUT,
  );
  const verdict = await waitFor(
    `a verdict (${label})`,
    () => {
      const current = element.verdict;
      return current?.id === id && element.getAttribute('state') !== 'loading' ? current : undefined;
    },
    VERDICT_TIMEOUT,
  );
  return { frame, window: frame.contentWindow as FrameWindow, element, verdict };
}

/** Whether the page's service worker controls `visit`, or why this browser has none. */
type WorkerSupport = { supported: true } | { supported: false; why: string };

async function workerSupport(page: Visit): Promise<WorkerSupport> {
  const container = page.window.navigator.serviceWorker as ServiceWorkerContainer | undefined;
  if (!container || !('serviceWorker' in navigator)) {
    return { supported: false, why: `'serviceWorker' in navigator is false (${navigator.userAgent})` };
  }
  const deadline = Date.now() + WORKER_TIMEOUT;
  while (Date.now() < deadline) {
    if (container.controller?.state === 'activated') return { supported: true };
    await sleep(100);
  }
  // Not controlled: find out whether the browser refuses service workers here, or the page failed.
  const registration = await container.getRegistration(SCOPE);
  if (!registration) {
    try {
      const own = await navigator.serviceWorker.register(providerUrl('sw.js'), { scope: SCOPE });
      await own.unregister();
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'SecurityError' || name === 'NotSupportedError') {
        return { supported: false, why: `register() rejects: ${name}: ${(error as Error).message}` };
      }
      throw new Error(`registering ${providerUrl('sw.js')} failed: ${String(error)}`);
    }
    throw new Error('the page registered no service worker, though this browser accepts sw.js');
  }
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  throw new Error(
    `sw.js is registered (worker ${worker?.state ?? 'none'}) but did not control the page within ` +
      `${WORKER_TIMEOUT} ms (controller: ${container.controller?.state ?? 'none'})`,
  );
}

/** The browser does not run the worker: the page still works online and claims no offline support. */
async function expectOnlineFallback(page: Visit, support: { why: string }, expected: string) {
  console.warn(`seal-offline: no service worker in this browser (${support.why}); checked the fallback`);
  expect(page.verdict.state, 'the verdict online without a worker').to.equal(expected);
  expect(page.window.navigator.serviceWorker?.controller ?? null, 'no controller').to.equal(null);
  const keys = typeof caches === 'undefined' ? [] : await caches.keys();
  expect(keys.filter((key) => key.startsWith('shirushi-'))).to.deep.equal([]);
}

async function cached(cacheName: string, path: string): Promise<boolean> {
  const cache = await caches.open(cacheName);
  return Boolean(await cache.match(providerUrl(path)));
}

/** Waits until the worker's runtime caches hold what a check of `id` reads (it writes them after answering). */
async function waitForRuntimeCaches(id: string, crls: string[]): Promise<void> {
  const wanted: Array<[string, string]> = [
    [CACHES.records, `seals/${id}.json`],
    [CACHES.status, `seals/${id}.status.json`],
    [CACHES.status, 'trust-anchors.json'],
    ...crls.map((crl): [string, string] => [CACHES.crls, `${CRL_PATH}${crl}`]),
  ];
  await waitFor(
    `the service worker caches to hold ${wanted.map(([, path]) => path).join(', ')}`,
    async () => {
      for (const [cacheName, path] of wanted) if (!(await cached(cacheName, path))) return undefined;
      return true;
    },
    WORKER_TIMEOUT,
  );
  const precache = (await caches.keys()).find((key) => key.startsWith('workbox-precache'));
  expect(precache, 'a workbox precache').to.not.equal(undefined);
  const page = await caches.open(precache!);
  const pageEntries = (await page.keys()).map((request) => new URL(request.url).pathname);
  expect(pageEntries.some((path) => path.startsWith(`${MOUNT}verify.html`))).to.equal(true);
  expect(pageEntries.some((path) => path.startsWith(`${MOUNT}verify.js`))).to.equal(true);
  expect(pageEntries.some((path) => /\/assets\/worker-[^/]+\.js/.test(path))).to.equal(true);
}

/**
 * Checks `name` online until the worker controls the page and has cached what the check read, then makes
 * the provider drop every connection. Resolves with the online verdict and the worker support found.
 */
async function seeOnlineThenGoOffline(name: string, crls: string[]) {
  const id = idOf(name);
  const first = await visit(id, `${name}, first visit`);
  const support = await workerSupport(first);
  if (!support.supported) return { first, support };
  // The first visit fetched its files before the worker took over: check once more under the worker.
  const second = await visit(id, `${name}, second visit`);
  expect(second.window.navigator.serviceWorker.controller, 'controlled from the start').to.not.equal(null);
  expect(second.verdict.state).to.equal(first.verdict.state);
  await waitForRuntimeCaches(id, crls);
  for (const frame of frames.splice(0)) frame.remove();
  expect((await network(true)).offline).to.equal(true);
  return { first, support };
}

describe('verification page offline (service worker, /seal-provider/)', function () {
  this.timeout(120_000);

  before(async function () {
    this.timeout(180_000);
    for (;;) {
      const answer = await executeServerCommand<Setup | { pending: true }, { action: string }>(
        'seal-origins',
        {
          action: 'setup',
        },
      );
      if (!('pending' in answer)) {
        setup = answer;
        break;
      }
    }
    if (!setup.hasVerifyPage)
      throw new Error('no verify.html in the provider directory: run `npm run build`');
    await network(false);
  });

  beforeEach(async () => {
    await network(false);
    await httpCache(false);
    await forgetServiceWorker();
  });

  afterEach(async () => {
    await network(false);
    await httpCache(true);
  });

  after(async () => {
    await network(false);
    await httpCache(true);
    await forgetServiceWorker();
  });

  it('a valid seal seen before: the precached page gives the same verdict offline, from cached files', async () => {
    const id = idOf('valid');
    const { first, support } = await seeOnlineThenGoOffline('valid', ['int.crl', 'root.crl']);
    expect(first.verdict.state).to.equal('valid');
    expect(first.verdict.site.check).to.equal('match');
    if (!support.supported) return expectOnlineFallback(first, support, 'valid');

    const offline = await visit(id, 'valid, offline');
    expect(offline.window.navigator.serviceWorker.controller, 'the offline page is controlled').to.not.equal(
      null,
    );
    const { verdict } = offline;
    expect(verdict.state, JSON.stringify(verdict.problems.map((p) => p.code))).to.equal('valid');
    expect(verdict.tone).to.equal('good');
    expect(verdict.site.check).to.equal('match');
    expect(verdict.crls.length, 'CRLs consulted').to.be.greaterThan(0);
    expect(verdict.crls.every((crl) => !crl.stale && crl.status === 'good')).to.equal(true);
    expect(verdict.problems.map((p) => p.code)).to.deep.equal(first.verdict.problems.map((p) => p.code));
    expect(verdict.status.result).to.equal('agree');

    // A seal never seen: nothing cached, so never valid offline (and proof that the provider was down).
    offline.window.location.hash = idOf('expiring');
    const unseen = await waitFor(
      'a verdict on an unseen seal offline',
      () => (offline.element.verdict?.id === idOf('expiring') ? offline.element.verdict : undefined),
      VERDICT_TIMEOUT,
    );
    expect(unseen.state).to.not.be.oneOf(['valid', 'expiring']);
    expect(unseen.tone).to.not.equal('good');
    expect(unseen.problems.map((p) => p.code)).to.include('seal/verify-unreachable');

    const { refused } = await network(false);
    // Network first for the status file and anchors: they were tried, and the worker's cache answered. (The
    // CRLs are too, but int.crl and root.crl may still be fresh in the HTTP cache from seal-e2e's visit of
    // this same /seal-provider/ copy; the stale scenario checks a CRL no other test reads.)
    expect(refused).to.include.members([
      `seals/${id}.status.json`,
      'trust-anchors.json',
      `seals/${idOf('expiring')}.json`,
    ]);
    // Precached page and cache-first record: never asked for.
    for (const path of ['verify.html', 'verify.js', `seals/${id}.json`]) expect(refused).to.not.include(path);
  });

  it('a seal whose cached CRL is past nextUpdate: offline it is unconfirmed (stale CRL), never valid', async () => {
    const id = idOf('staleCrl');
    const { first, support } = await seeOnlineThenGoOffline('staleCrl', ['stale.crl', 'root.crl']);
    expect(first.verdict.state).to.equal('unconfirmed');
    if (!support.supported) return expectOnlineFallback(first, support, 'unconfirmed');

    const offline = await visit(id, 'staleCrl, offline');
    expect(offline.window.navigator.serviceWorker.controller, 'the offline page is controlled').to.not.equal(
      null,
    );
    const { verdict } = offline;
    expect(verdict.state, JSON.stringify(verdict.problems.map((p) => p.code))).to.equal('unconfirmed');
    expect(verdict.tone).to.equal('caution');
    expect(verdict.unconfirmed).to.equal('crl-stale');
    expect(offline.element.getAttribute('state')).to.equal('unconfirmed');
    const leafCrl = verdict.crls.find((crl) => crl.certificateIndex === 0);
    expect(leafCrl, 'the leaf CRL is shown').to.not.equal(undefined);
    expect(leafCrl!.stale, 'marked stale').to.equal(true);
    expect(leafCrl!.nextUpdate!.getTime()).to.be.below(Date.now());
    expect(verdict.problems.map((p) => p.code)).to.include('seal/verify-crl-stale');

    const { refused } = await network(false);
    // The CRL was asked for and the stale cached copy used: the page judged it, not the worker.
    expect(refused).to.include.members([`${CRL_PATH}stale.crl`, `seals/${id}.status.json`]);
    expect(refused).to.not.include(`seals/${id}.json`);
  });
});
