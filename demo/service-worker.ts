/**
 * Service worker of the demo site (built into `demo-dist/sw.js` by scripts/build-demo-sw.mjs after
 * `vite build --mode demo`; demo/offline.ts registers it). After the first visit the demo pages, the CSR
 * studio and the key list work offline (issue 6): keys and CSRs are in IndexedDB already, so the files of
 * the site are all that is missing.
 *
 * - Every file of the build (the pages, their scripts, styles and images) is precached from a list with
 *   revision hashes written into sw.js at build time, so a new deployment replaces it. Query strings are
 *   ignored when looking a page up (`applicant.html?lang=en` is still the precached page).
 * - A navigation to a page of the site that is not precached goes to the network; when that fails the
 *   precached home page (index.html) is shown instead of the browser's error page.
 * - Nothing else is cached: the worker never answers for another origin, and keeps no runtime caches.
 *
 * Updates wait: a new version installs in the background and activates only when the page asks
 * (SKIP_WAITING from `<shirushi-update-prompt>`'s "reload to update"), so a page is never switched to new
 * code under the user's hands.
 *
 * The tsconfig has the DOM library, not WebWorker (adding it would retype `self` in every file), so the
 * few service worker globals used here are declared below.
 */
import {
  PrecacheFallbackPlugin,
  cleanupOutdatedCaches,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}

interface ExtendableMessageEvent extends Event {
  data: unknown;
}

declare const self: {
  /** Replaced by the build with the list of files to precache. */
  __WB_MANIFEST: Array<PrecacheEntry | string>;
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
};

/** The demo site: the directory sw.js is served from (its default scope). */
const scope = new URL(self.registration.scope);

const inScope = (url: URL): boolean => url.origin === scope.origin && url.pathname.startsWith(scope.pathname);

// workbox-window's messageSkipWaiting() sends { type: 'SKIP_WAITING' }.
self.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// On the first visit there is no older version, so taking over the open page at once is safe and lets it
// work offline without a reload. An update reaches here only after SKIP_WAITING.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });

registerRoute(
  ({ request, url }) => request.mode === 'navigate' && inScope(url),
  new NetworkOnly({ plugins: [new PrecacheFallbackPlugin({ fallbackURL: 'index.html' })] }),
);
