// The demo applicant page offline (issue 6: "The vault and the CSR studio work offline after the first
// visit (workbox service worker via workbox-window, update prompt when a new version is deployed)").
//
// Part one checks <shirushi-update-prompt> and the guards of enableOffline() on this page. Part two opens
// the BUILT demo site (`vite build --mode demo` + scripts/build-demo-sw.mjs, made and served by
// test/harness/demo-site.mjs under /demo-site/ on this origin, every response `Cache-Control: no-store`)
// in an iframe: the first visit installs sw.js and it takes control; then the site drops every connection
// and the page, <shirushi-csr> and <shirushi-keys> must still load, from the precache alone. Then a new
// version is deployed: an open page shows the update prompt, and "reload to update" brings the new version.
//
// A browser that refuses service workers here (no navigator.serviceWorker, or register() rejecting with a
// SecurityError / NotSupportedError) must still show the page and its widgets online, with
// <html data-shirushi-offline="unsupported | failed"> and no prompt: the documented fallback ("offline
// support is an extra"). Such a run logs why.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { enableOffline, SW_POLICY_NAME } from '../demo/offline.js';
import { LANGUAGE_STORAGE_KEY } from '../widgets/shared/page-language.js';
import { ShirushiUpdatePrompt, updatePromptStrings } from '../widgets/shared/update-prompt.js';

type FrameWindow = Window & typeof globalThis;

interface SiteSetup {
  mount: string;
  source: string;
  shimmed: string[];
  files: string[];
}

const MOUNT = '/demo-site/';
const SCOPE = new URL(MOUNT, location.href).href;
const LOAD_TIMEOUT = 30_000;
const WORKER_TIMEOUT = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeout = LOAD_TIMEOUT,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(50);
  }
}

function site<T>(payload: Record<string, unknown>): Promise<T> {
  return executeServerCommand<T, Record<string, unknown>>('demo-site', payload);
}

const goOffline = (offline: boolean) =>
  site<{ offline: boolean; refused: string[] }>({ action: 'offline', offline });

describe('<shirushi-update-prompt>', () => {
  let prompt: ShirushiUpdatePrompt;

  beforeEach(async () => {
    prompt = document.createElement('shirushi-update-prompt');
    document.body.append(prompt);
    await prompt.updateComplete;
  });

  afterEach(() => prompt.remove());

  it('is an empty polite live region until open, then says so in Japanese with two buttons', async () => {
    const region = prompt.shadowRoot!.querySelector('[role="status"]')!;
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(region.textContent!.trim()).to.equal('');
    expect(prompt.shadowRoot!.querySelector('button')).to.equal(null);

    prompt.lang = 'ja';
    prompt.open = true;
    await prompt.updateComplete;
    expect(prompt.hasAttribute('open')).to.equal(true);
    expect(region.getAttribute('lang')).to.equal('ja');
    expect(region.textContent).to.include(updatePromptStrings['ui/update/available'].ja);
    const buttons = [...prompt.shadowRoot!.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent!.trim())).to.deep.equal([
      updatePromptStrings['ui/update/reload'].ja,
      updatePromptStrings['ui/update/later'].ja,
    ]);
    expect(buttons.every((b) => b.type === 'button')).to.equal(true);
    // A status never takes focus.
    expect(document.activeElement).to.not.equal(prompt);
  });

  it('in English, "Reload to update" fires shirushi-update-accept once and shows that it is updating', async () => {
    prompt.lang = 'en-GB';
    prompt.open = true;
    await prompt.updateComplete;
    let accepted = 0;
    document.addEventListener('shirushi-update-accept', () => accepted++, { once: true });
    const reload = prompt.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="reload"]')!;
    expect(reload.textContent!.trim()).to.equal('Reload to update');
    reload.click();
    await prompt.updateComplete;
    expect(accepted).to.equal(1);
    expect(reload.disabled).to.equal(true);
    expect(prompt.shadowRoot!.textContent).to.include(updatePromptStrings['ui/update/updating'].en);
    expect(prompt.shadowRoot!.querySelector('[data-action="later"]')).to.equal(null);
  });

  it('"Later" closes it and fires shirushi-update-dismiss', async () => {
    prompt.open = true;
    await prompt.updateComplete;
    let dismissed = false;
    prompt.addEventListener('shirushi-update-dismiss', () => (dismissed = true));
    prompt.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="later"]')!.click();
    await prompt.updateComplete;
    expect(dismissed).to.equal(true);
    expect(prompt.open).to.equal(false);
    expect(prompt.shadowRoot!.querySelector('[role="status"]')!.textContent!.trim()).to.equal('');
  });
});

describe('enableOffline() guards', () => {
  afterEach(() => delete document.documentElement.dataset['shirushiOffline']);

  it('registers nothing when disabled (the vite dev server)', async () => {
    const before = 'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistrations() : [];
    const status = await enableOffline({ enabled: false });
    expect(status.state).to.equal('disabled');
    expect(document.documentElement.dataset['shirushiOffline']).to.equal('disabled');
    if ('serviceWorker' in navigator) {
      expect((await navigator.serviceWorker.getRegistrations()).length).to.equal(before.length);
    }
  });

  it(`refuses any worker URL but this site's sw.js (the ${SW_POLICY_NAME} policy's rule)`, async () => {
    for (const url of [
      'https://example.com/sw.js',
      'evil.js',
      'sw.js?x=1',
      'sw.js#x',
      'data:text/javascript,1',
    ]) {
      const status = await enableOffline({ enabled: true, url, updateInterval: 0 });
      if (!('serviceWorker' in navigator)) {
        expect(status.state).to.equal('unsupported');
        continue;
      }
      expect(status.state, url).to.equal('failed');
      expect(status.reason, url).to.include(`${SW_POLICY_NAME}:`);
    }
  });
});

describe('demo applicant page offline (built site, /demo-site/)', function () {
  this.timeout(180_000);

  let setup: SiteSetup;
  let frame: HTMLIFrameElement | undefined;
  let storedLanguage: string | null = null;

  /** Unregisters the demo site's worker and deletes its caches (not other tests' ones). */
  async function forget(): Promise<void> {
    frame?.remove();
    frame = undefined;
    if ('serviceWorker' in navigator) {
      for (const registration of await navigator.serviceWorker.getRegistrations()) {
        if (registration.scope.startsWith(SCOPE)) await registration.unregister();
      }
    }
    if (typeof caches !== 'undefined') {
      for (const key of await caches.keys()) if (key.includes(MOUNT)) await caches.delete(key);
    }
  }

  /** Loads `path` (below the mount) into the frame, or reloads the frame; resolves with its window. */
  async function load(path: string | undefined, label: string): Promise<FrameWindow> {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = 'demo site';
      frame.width = '900';
      frame.height = '700';
      frame.style.cssText = 'position:fixed;top:0;left:0;border:0;background:white;z-index:1';
      document.body.append(frame);
    }
    const old = frame.contentDocument;
    const loaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
    if (path === undefined) frame.contentWindow!.location.reload();
    else frame.src = `${MOUNT}${path}`;
    await Promise.race([loaded, sleep(LOAD_TIMEOUT)]);
    return waitFor(`${label}: a loaded page`, () => {
      const document = frame!.contentDocument;
      // A browser error page (net::ERR_…) is on another origin: there is no document to read.
      if (!document) throw new Error(`${label}: the frame shows no readable document (an error page?)`);
      return document !== old && document.readyState === 'complete' && frame!.contentWindow
        ? (frame!.contentWindow as FrameWindow)
        : undefined;
    });
  }

  /** The CSR studio and the key list are defined and rendered in the framed page. */
  async function expectWidgets(win: FrameWindow, label: string): Promise<void> {
    const { document } = win;
    expect(document.title, label).to.include('申請者');
    await waitFor(`${label}: the widgets to be defined`, () =>
      Boolean(win.customElements.get('shirushi-csr') && win.customElements.get('shirushi-keys')),
    );
    await waitFor(`${label}: <shirushi-csr> to render its form`, () =>
      document.querySelector('shirushi-csr')?.shadowRoot?.querySelector('form input'),
    );
    await waitFor(`${label}: <shirushi-keys> to render`, () =>
      document.querySelector('shirushi-keys')?.shadowRoot?.querySelector('[data-action="refresh"]'),
    );
  }

  const offlineState = (win: FrameWindow) =>
    waitFor('enableOffline() to settle', () => win.document.documentElement.dataset['shirushiOffline']);

  /** Waits for the worker to control `win`, or finds out why this browser runs none here. */
  async function workerSupport(win: FrameWindow): Promise<{ supported: boolean; why?: string }> {
    const state = await offlineState(win);
    if (state === 'registered') {
      await waitFor(
        'the service worker to control the page',
        () => win.navigator.serviceWorker.controller?.state === 'activated',
        WORKER_TIMEOUT,
      );
      return { supported: true };
    }
    expect(state, 'the page tried').to.be.oneOf(['unsupported', 'failed']);
    const agent = navigator.userAgent;
    if (!('serviceWorker' in navigator)) {
      return { supported: false, why: `'serviceWorker' in navigator is false (${agent})` };
    }
    try {
      const own = await navigator.serviceWorker.register(`${SCOPE}sw.js`, { scope: SCOPE });
      await own.unregister();
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'SecurityError' || name === 'NotSupportedError') {
        return { supported: false, why: `register() rejects: ${name}: ${(error as Error).message}` };
      }
      throw new Error(`registering ${SCOPE}sw.js failed: ${String(error)}`);
    }
    throw new Error(`the page's enableOffline() said ${state}, but this browser accepts sw.js`);
  }

  /** The documented fallback: the page and widgets online, no worker, no prompt, nothing cached. */
  async function expectOnlineFallback(win: FrameWindow, why: string): Promise<void> {
    console.warn(`app-offline: no service worker in this browser (${why}); checked the online fallback`);
    await expectWidgets(win, 'online without a worker');
    expect(win.navigator.serviceWorker?.controller ?? null).to.equal(null);
    expect(win.document.querySelector('shirushi-update-prompt')).to.equal(null);
    const keys = typeof caches === 'undefined' ? [] : await caches.keys();
    expect(keys.filter((key) => key.includes(MOUNT))).to.deep.equal([]);
  }

  function comments(win: FrameWindow): string[] {
    const walker = win.document.createTreeWalker(win.document, NodeFilter.SHOW_COMMENT);
    const found: string[] = [];
    while (walker.nextNode()) found.push(walker.currentNode.nodeValue ?? '');
    return found;
  }

  before(async function () {
    this.timeout(330_000);
    for (;;) {
      const answer = await site<SiteSetup | { pending: true }>({ action: 'setup' });
      if (!('pending' in answer)) {
        setup = answer;
        break;
      }
    }
    if (setup.shimmed.length) {
      console.info(`app-offline: the test build added what the page lacks: ${setup.shimmed.join('; ')}`);
    }
    await goOffline(false);
    await forget();
    // The demo follows the browser's language (English in the test browsers) unless one was chosen; these
    // checks read the Japanese page, as a visitor who chose Japanese sees it.
    storedLanguage = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'ja');
  });

  afterEach(() => goOffline(false));

  after(async () => {
    await goOffline(false);
    await forget();
    if (storedLanguage === null) localStorage.removeItem(LANGUAGE_STORAGE_KEY);
    else localStorage.setItem(LANGUAGE_STORAGE_KEY, storedLanguage);
  });

  it('after one visit, the page, <shirushi-csr> and <shirushi-keys> load offline from the precache', async () => {
    expect(setup.files).to.include.members(['applicant.html', 'index.html', 'sw.js']);
    const first = await load('applicant.html', 'first visit');
    await expectWidgets(first, 'first visit');
    const support = await workerSupport(first);
    if (!support.supported) return expectOnlineFallback(first, support.why!);

    // Everything the build made is precached, and nothing from another origin is cached at all.
    const names = await caches.keys();
    const precache = names.find((name) => name.startsWith('workbox-precache') && name.includes(MOUNT));
    expect(precache, `a precache among ${names.join(', ')}`).to.not.equal(undefined);
    await waitFor('the precache to hold every file', async () => {
      const cache = await caches.open(precache!);
      const paths = (await cache.keys()).map((request) => new URL(request.url).pathname.slice(MOUNT.length));
      return setup.files.filter((file) => file !== 'sw.js').every((file) => paths.includes(file));
    });
    for (const name of names.filter((key) => key.includes(MOUNT))) {
      for (const request of await (await caches.open(name)).keys()) {
        expect(new URL(request.url).origin, `${name}: ${request.url}`).to.equal(location.origin);
      }
    }

    expect((await goOffline(true)).offline).to.equal(true);
    const offline = await load(undefined, 'offline reload');
    expect(offline.navigator.serviceWorker.controller, 'controlled offline').to.not.equal(null);
    await expectWidgets(offline, 'offline');

    // A query string is still the precached page; a page that is not in the site falls back to the home page.
    const withQuery = await load('applicant.html?lang=en', 'offline, with a query');
    await expectWidgets(withQuery, 'offline, with a query');
    const unknown = await load('no-such-page.html', 'offline, unknown page');
    expect(unknown.document.title).to.include('shirushi デモ');

    const { refused } = await goOffline(false);
    // The network was asked for the unknown page and for sw.js (the browser's update check on navigation),
    // never for a precached file.
    expect(refused).to.include('no-such-page.html');
    expect(refused.filter((path) => path !== 'no-such-page.html' && path !== 'sw.js')).to.deep.equal([]);
  });

  it('a new deployment: the open page shows the update prompt, and "reload to update" loads it', async () => {
    const page = await load('applicant.html', 'before the deployment');
    const support = await workerSupport(page);
    if (!support.supported) return expectOnlineFallback(page, support.why!);
    expect(page.document.querySelector('shirushi-update-prompt')).to.equal(null);

    const { marker } = await site<{ version: number; marker: string }>({ action: 'deploy' });
    // The reload is answered by the old worker (old version) and makes the browser fetch the new sw.js.
    const old = await load(undefined, 'reload after the deployment');
    expect(comments(old)).to.not.include(marker);
    const prompt = await waitFor(
      'the update prompt',
      () => old.document.querySelector<ShirushiUpdatePrompt>('shirushi-update-prompt[open]'),
      WORKER_TIMEOUT,
    );
    await prompt.updateComplete;
    const region = prompt.shadowRoot!.querySelector('[role="status"]')!;
    expect(region.getAttribute('lang'), 'the page is in Japanese').to.equal('ja');
    expect(region.textContent).to.include(updatePromptStrings['ui/update/available'].ja);
    const registration = await old.navigator.serviceWorker.getRegistration(SCOPE);
    expect(registration?.waiting, 'a waiting worker').to.not.equal(null);

    const reloaded = new Promise((resolve) => frame!.addEventListener('load', resolve, { once: true }));
    const oldDocument = old.document;
    prompt.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="reload"]')!.click();
    await Promise.race([reloaded, sleep(WORKER_TIMEOUT)]);
    const updated = await waitFor('the new version', () => {
      const win = frame!.contentWindow as FrameWindow | null;
      return win && win.document !== oldDocument && win.document.readyState === 'complete' ? win : undefined;
    });
    expect(comments(updated), 'the new applicant.html').to.include(marker);
    expect(updated.navigator.serviceWorker.controller).to.not.equal(null);
    await expectWidgets(updated, 'the new version');
    expect(updated.document.querySelector('shirushi-update-prompt[open]')).to.equal(null);

    // The new version is what the worker now serves offline.
    await goOffline(true);
    const offline = await load(undefined, 'the new version, offline');
    expect(comments(offline)).to.include(marker);
    await expectWidgets(offline, 'the new version, offline');
  });
});
