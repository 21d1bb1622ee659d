/**
 * Service worker of the seal provider's verification page (built into `<base>/sw.js` by
 * scripts/build-provider.mjs; the page registers it). It makes the page work offline for seals a visitor
 * has already checked:
 *
 * - the page itself (verify.html, verify.js, its assets and the CRL worker, the marks) is precached from a
 *   list with revision hashes written into sw.js at build time, so a new deployment replaces it;
 * - records, `seals/<id>.json`, never change (their id is the certificate's SHA-256): cache first;
 * - status files, CRL mirror copies and the optional trust-anchors.json change: network first, the cached
 *   copy only when the network fails.
 *
 * Bodies are passed through untouched. The worker never judges freshness: the page checks a CRL's
 * signature and nextUpdate, and a status file's checkedAt, and shows an offline copy as stale, never valid.
 *
 * The tsconfig has the DOM library, not WebWorker (adding it would retype `self` in every file), so the
 * few service worker globals used here are declared below.
 */
import { cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

declare const self: {
  /** Replaced by the build with the list of files to precache. */
  __WB_MANIFEST: Array<PrecacheEntry | string>;
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
};

/** The provider base: the directory sw.js is served from (its default scope). */
const scope = new URL(self.registration.scope);

/** The path below the scope, or undefined for requests elsewhere (other origins, other directories). */
function pathInScope(url: URL): string | undefined {
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return undefined;
  return url.pathname.slice(scope.pathname.length);
}

const RECORD = /^seals\/[0-9a-f]{64}\.json$/;
const STATUS = /^seals\/[0-9a-f]{64}\.status\.json$/;

// A fixed verification page should reach visitors on their next visit, not after every tab closes. The
// page loads all of its code at start except the CRL worker, and offload.ts falls back to checking in the
// page when that file is gone, so taking over an open page does no harm.
self.addEventListener('install', (event) => event.waitUntil(self.skipWaiting()));
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

registerRoute(
  ({ url }) => RECORD.test(pathInScope(url) ?? ''),
  new CacheFirst({
    cacheName: 'shirushi-seal-records',
    plugins: [new ExpirationPlugin({ maxEntries: 500, purgeOnQuotaError: true })],
  }),
);

// A status file is tiny: give up on a hanging network after a few seconds and show the cached one (the
// page marks it stale from its checkedAt).
registerRoute(
  ({ url }) => STATUS.test(pathInScope(url) ?? '') || pathInScope(url) === 'trust-anchors.json',
  new NetworkFirst({
    cacheName: 'shirushi-seal-status',
    networkTimeoutSeconds: 5,
    plugins: [new ExpirationPlugin({ maxEntries: 500, purgeOnQuotaError: true })],
  }),
);

// CRLs can be tens of megabytes, so only a few are kept. The timeout covers the wait for the response
// headers, not the body: a slow large download still wins, but a network that hangs falls back to the
// cached copy before the page's own 15 s limit. This cache is the page's only offline copy of a CRL; the
// page verifies it like any download and marks it stale once past its nextUpdate.
registerRoute(
  ({ url }) => pathInScope(url)?.startsWith('crls/') ?? false,
  new NetworkFirst({
    cacheName: 'shirushi-crls',
    networkTimeoutSeconds: 10,
    plugins: [new ExpirationPlugin({ maxEntries: 20, purgeOnQuotaError: true })],
  }),
);
