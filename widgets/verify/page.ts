/**
 * Entry of verify.html (built as verify.js next to it): reads the seal id from the fragment, checks the seal
 * against the provider files beside the page, tells a framing page the outcome, and registers the service
 * worker that keeps seen records usable offline.
 */
import { Workbox } from 'workbox-window';
import { configureOffload } from '../../src/net/offload.js';
import { isSealId } from '../../src/seal/verify.js';
import { currentPageLocale, onPageLanguageChange, pageLocale } from '../shared/page-language.js';
import { ShirushiVerification, type VerificationEventDetail } from './verification.js';

// The remembered or preferred language, set before the verdict renders; the title follows the page's switch.
document.documentElement.lang = pageLocale();
function applyTitle(): void {
  const text = document.querySelector('title')?.dataset[currentPageLocale()];
  if (text) document.title = text;
}
applyTitle();
onPageLanguageChange(applyTitle);

/** The provider base is the page's own directory: records, CRL mirror and anchors live beside it. */
const base = new URL('.', location.href);

interface ScriptUrlPolicyFactory {
  createPolicy(name: string, rules: { createScriptURL: (url: string) => string | null }): unknown;
}

/**
 * verify.html enforces Trusted Types, which also guards the URLs of workers and service workers. The
 * default policy lets exactly those through when they are scripts of this provider (the revocation worker
 * and sw.js, both under the page's directory) and refuses every other script URL; it defines no HTML or
 * script conversions, so those sinks stay blocked (lit uses its own 'lit-html' policy).
 */
function allowOwnScriptUrls(): void {
  const factory = (globalThis as { trustedTypes?: ScriptUrlPolicyFactory }).trustedTypes;
  if (!factory) return;
  try {
    factory.createPolicy('default', {
      createScriptURL: (url) => {
        const target = new URL(url, location.href);
        return target.origin === base.origin && target.pathname.startsWith(base.pathname)
          ? target.href
          : null;
      },
    });
  } catch {
    // A default policy already exists (the host page made one); it decides.
  }
}

allowOwnScriptUrls();

// Revocation checks always run in the Web Worker, however small the CRL, so the page stays responsive and
// every check takes the same path.
configureOffload({ threshold: 0 });

function sealIdFromHash(): string {
  let fragment = location.hash.slice(1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // A malformed escape is simply not an id; loadSeal reports it as one.
  }
  const id = fragment.trim().toLowerCase();
  return isSealId(id) ? id : fragment;
}

function mirrorTemplate(): string | undefined {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="shirushi-crl-mirror"]');
  return meta?.content.trim() || undefined;
}

function mountElement(): ShirushiVerification {
  const existing = document.querySelector('shirushi-verification');
  if (existing instanceof ShirushiVerification) return existing;
  const element = document.createElement('shirushi-verification');
  (document.querySelector('main') ?? document.body).append(element);
  return element;
}

function check(element: ShirushiVerification): void {
  const mirror = mirrorTemplate();
  void element
    .check({ id: sealIdFromHash(), base, referrer: document.referrer, ...(mirror && { mirror }) })
    .catch((error: unknown) => console.error('shirushi verification failed', error));
}

/** Tells a framing page (a site showing the verification inline, or a test) what the page concluded. */
function reportToParent(event: Event): void {
  if (window.parent === window) return;
  const { id, state, site } = (event as CustomEvent<VerificationEventDetail>).detail;
  // The verdict is public information about a public certificate, so any origin may read it.
  window.parent.postMessage({ type: 'shirushi-verification', id, state, site }, '*');
}

/** Offline support is an extra: a deployment or dev server without sw.js must not disturb the check. */
async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    await new Workbox(new URL('sw.js', base).href, { scope: base.pathname }).register();
  } catch {
    // No worker file, a wrong MIME type, or a browser mode without service workers: stay online-only.
  }
}

const element = mountElement();
element.addEventListener('shirushi-verification', reportToParent);
window.addEventListener('hashchange', () => check(element));
check(element);
void registerServiceWorker();
