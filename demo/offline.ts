/**
 * Offline support for the demo pages built by `npm run build:demo` (issue 6, "Storage that loses
 * nothing"): registers the site's service worker, `sw.js` next to the pages (demo/service-worker.ts, built
 * by scripts/build-demo-sw.mjs), with workbox-window, and shows `<shirushi-update-prompt>` when a new
 * version is installed and waiting. "Reload to update" sends SKIP_WAITING to the waiting worker
 * (`messageSkipWaiting`) and reloads once it controls the page.
 *
 * Offline support is an extra: in the vite dev server, in a browser without service workers, or when
 * registration fails, the page works online as before. The outcome is returned and also written to
 * `<html data-shirushi-offline="disabled | unsupported | failed | registered">`.
 *
 * Trusted Types: the worker's URL is a TrustedScriptURL made by the named policy `shirushi-sw`
 * (SW_POLICY_NAME), which admits only `sw.js` on the page's own origin, in the page's directory. A page that
 * enforces Trusted Types must list the name: `trusted-types lit-html shirushi-sw`.
 */
import { Workbox } from 'workbox-window';
import '../widgets/shared/update-prompt.js';
import type { ShirushiUpdatePrompt } from '../widgets/shared/update-prompt.js';

/** The Trusted Types policy that makes the service worker's script URL. */
export const SW_POLICY_NAME = 'shirushi-sw';

export type OfflineState = 'disabled' | 'unsupported' | 'failed' | 'registered';

export interface OfflineStatus {
  state: OfflineState;
  /** Why the state is not `registered`. */
  reason?: string;
  workbox?: Workbox;
  registration?: ServiceWorkerRegistration;
}

export interface OfflineOptions {
  /** The worker script, relative to the page. Default `sw.js`; must be a same-origin `…/sw.js` in the page's directory. */
  url?: string;
  /** Register at all. Default: in a build, not in the vite dev server (which has no sw.js). */
  enabled?: boolean;
  /** Where the update prompt is put. Default `document.body`. */
  container?: Element;
  /** What "reload to update" does once the new worker controls the page. Default `location.reload()`. */
  reload?: () => void;
  /** How often an open page asks for a new version, in ms (also when the tab becomes visible). Default one hour; 0 never. */
  updateInterval?: number;
}

interface ScriptUrlPolicy {
  createScriptURL(url: string): unknown;
}

interface ScriptUrlPolicyFactory {
  createPolicy(name: string, rules: { createScriptURL: (url: string) => string }): ScriptUrlPolicy;
}

const env = (import.meta as ImportMeta & { env?: { DEV?: boolean } }).env;
/** True only in the vite dev server (vite replaces import.meta.env in builds; other servers have none). */
const inDevServer = env?.DEV === true;

/** The page's directory: the worker must live there so its scope covers the page. */
const pageDirectory = (): URL => new URL('.', document.baseURI);

/** Throws unless `url` is a script this page may run as its service worker. */
function checkWorkerUrl(url: string): string {
  const target = new URL(url, document.baseURI);
  const base = pageDirectory();
  if (
    target.origin !== location.origin ||
    !target.pathname.startsWith(base.pathname) ||
    !target.pathname.endsWith('/sw.js') ||
    target.search !== '' ||
    target.hash !== ''
  ) {
    throw new TypeError(`${SW_POLICY_NAME}: ${target.href} is not this site's sw.js`);
  }
  return target.href;
}

let policy: ScriptUrlPolicy | null | undefined;

/** The named policy (made once per page; a second createPolicy with the same name would throw). */
function scriptUrlPolicy(): ScriptUrlPolicy | null {
  if (policy !== undefined) return policy;
  const factory = (globalThis as { trustedTypes?: ScriptUrlPolicyFactory }).trustedTypes;
  // Without Trusted Types (or without enforcement) a checked string is what register() takes.
  policy = factory ? factory.createPolicy(SW_POLICY_NAME, { createScriptURL: checkWorkerUrl }) : null;
  return policy;
}

function workerScriptUrl(url: string): string {
  const checked = checkWorkerUrl(url);
  const made = scriptUrlPolicy();
  // A TrustedScriptURL where Trusted Types exist; workbox-window and register() accept either.
  return made ? (made.createScriptURL(checked) as string) : checked;
}

function report(status: OfflineStatus): OfflineStatus {
  document.documentElement.dataset['shirushiOffline'] = status.state;
  if (status.reason) console.info(`shirushi offline support: ${status.state} (${status.reason})`);
  return status;
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Registers the service worker and wires the update prompt. Resolves once registration is settled (after
 * the window's load event, so the worker does not compete with the page's own downloads).
 */
export async function enableOffline(options: OfflineOptions = {}): Promise<OfflineStatus> {
  if (!(options.enabled ?? !inDevServer)) return report({ state: 'disabled', reason: 'vite dev server' });
  if (!('serviceWorker' in navigator)) {
    return report({ state: 'unsupported', reason: 'this browser has no service workers here' });
  }
  let scriptUrl: string;
  try {
    scriptUrl = workerScriptUrl(options.url ?? 'sw.js');
  } catch (error) {
    // A wrong URL, or a CSP whose trusted-types directive does not list shirushi-sw.
    return report({ state: 'failed', reason: describe(error) });
  }
  const workbox = new Workbox(scriptUrl);
  const container = options.container ?? document.body;
  const reload = options.reload ?? (() => location.reload());
  let registration: ServiceWorkerRegistration | undefined;
  let prompt: ShirushiUpdatePrompt | undefined;

  const showPrompt = async (): Promise<void> => {
    // Only a worker that waits behind the one controlling this page is an update.
    if (!registration?.waiting || !navigator.serviceWorker.controller) return;
    if (prompt?.isConnected) {
      prompt.open = true;
      return;
    }
    prompt = document.createElement('shirushi-update-prompt');
    let reloading = false;
    const reloadOnce = (): void => {
      if (reloading) return;
      reloading = true;
      reload();
    };
    prompt.addEventListener('shirushi-update-accept', () => {
      // The waiting worker activates on SKIP_WAITING and takes over every page of the old one.
      workbox.addEventListener('controlling', reloadOnce);
      navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
      workbox.messageSkipWaiting();
    });
    container.append(prompt);
    // Rendered empty first, then filled: a live region announces changes, not its first content.
    await prompt.updateComplete;
    prompt.open = true;
  };

  workbox.addEventListener('waiting', () => void showPrompt());
  try {
    registration = await workbox.register();
  } catch (error) {
    // No sw.js, a wrong MIME type, a private mode without service workers: stay online-only.
    return report({ state: 'failed', reason: describe(error), workbox });
  }
  if (!registration) return report({ state: 'failed', reason: 'registration returned nothing', workbox });

  // An update the browser started while this page loaded (before register) has no updatefound for
  // workbox-window to see; watch it here.
  const installing = registration.installing;
  if (installing && navigator.serviceWorker.controller) {
    installing.addEventListener('statechange', () => {
      if (installing.state === 'installed') void showPrompt();
    });
  }
  if (registration.waiting) void showPrompt();

  const interval = options.updateInterval ?? 3_600_000;
  if (interval > 0) {
    // update() rejects while offline; the next check tries again.
    const check = (): void => void workbox.update().catch(() => undefined);
    setInterval(check, interval);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') check();
    });
  }
  return report({ state: 'registered', workbox, registration });
}
