/**
 * `<shirushi-seal>`: the site seal. Built into the provider's `seal.js`, one self-contained module with a
 * 4 KB gzipped budget, so it is a plain custom element (no lit) and imports only DOM-free helpers.
 * Everything read from the network reaches the page through `textContent` or attributes, never as markup.
 */
import type { SealBrand, SealStatus, SealSummary } from '../../src/seal/record.js';
import {
  readSealRecord,
  readSealStatus,
  sealStateOf,
  type SealElementReason,
  type SealElementState,
} from '../../src/seal/state.js';
import { BRAND_NAMES, LABELS, REASONS, ownerMessage, type SealLanguage } from './strings.js';
import { SEAL_CSS } from './styles.js';

export type { SealElementReason, SealElementState } from '../../src/seal/state.js';

export interface SealStateEventDetail {
  /** The `seal` attribute the verdict is for. */
  id: string;
  state: SealElementState;
  reason?: SealElementReason;
  /** `location.hostname` of the page showing the seal. */
  host: string;
}

const SEAL_ID = /^[0-9a-f]{64}$/;
/** The sizes marks are drawn in (SEAL_SIZES in src/seal/record.ts, which this bundle must not import). */
const SEAL_SIZE = /^(100x42|120x50|140x59)$/;
const DEFAULT_SIZE = '120x50';
/** A record holds a leaf and its chain (about 10 KB); anything far larger is not one of ours. */
const RECORD_MAX_BYTES = 64 * 1024;
const STATUS_MAX_BYTES = 16 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

/**
 * JSON from `url`: undefined when the file is missing (404 / 410), too large or not JSON. Rejects when the
 * network fails, times out or the server errs, so that the seal can say "unconfirmed" rather than "unknown".
 * The body is read whole before its size is checked; the timeout bounds how much can arrive.
 */
async function fetchJson(url: URL, maxBytes: number, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { credentials: 'omit', signal });
  if (response.status === 404 || response.status === 410) return undefined;
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const text = await response.text();
  try {
    return text.length > maxBytes ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function providerBase(): URL {
  return new URL(ShirushiSeal.provider ?? '.', import.meta.url);
}

/** YYYY-MM-DD in the visitor's time zone (Swedish dates are ISO 8601). */
function localDate(iso: string): string {
  return new Date(iso).toLocaleDateString('sv');
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  ...texts: string[]
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (className) created.className = className;
  for (const text of texts)
    created.append(Object.assign(document.createElement('span'), { textContent: text }));
  return created;
}

interface Shown {
  state: SealElementState;
  reason?: SealElementReason | undefined;
  brand?: SealBrand;
  summary?: SealSummary;
  status?: SealStatus | null;
  daysLeft?: number;
}

/**
 * The site seal. Its light DOM is the no-JavaScript fallback from `embedSnippet` (a link to the
 * verification page around a sized `<img>`); once upgraded it renders, in a closed shadow root and in
 * exactly the fallback image's box, a neutral placeholder while loading, then the brand mark with the
 * domain and the date the certificate was last confirmed, or a red "cannot be verified" / amber
 * "unconfirmed" box without the brand mark. The record and status are fetched only once the seal
 * is visible. There are deliberately no CSS parts: the CAs' terms forbid altering the seal (JPRS art. 15).
 *
 * @element shirushi-seal
 * @attr seal - The seal id: the certificate's SHA-256 fingerprint, 64 lowercase hex digits.
 * @attr {'loading' | 'valid' | 'expiring' | 'invalid' | 'unconfirmed'} state - Set by the element.
 * @attr reason - Set by the element for `invalid` and `unconfirmed`: `expired`, `revoked`,
 *   `not-yet-valid`, `wrong-host`, `unknown-seal`, `status-unknown`, `status-stale` or `network`.
 * @fires {CustomEvent<SealStateEventDetail>} shirushi-seal-state - When a verdict is reached (not for
 *   `loading`); bubbles and crosses shadow roots.
 */
export class ShirushiSeal extends HTMLElement {
  /**
   * Base URL of the seal provider, ending in `/`. Default: the directory seal.js was loaded from, so
   * `<base>/seals/<id>.json`, `<base>/verify.html` and `<base>/marks/` sit next to it.
   */
  static provider: string | undefined;

  static observedAttributes = ['seal'];

  /** Attached on first render, after reading the fallback image's styles (see #show). */
  #root: ShadowRoot | undefined;
  /** The fallback image's size, and its display and vertical-align as the page styled it. */
  #look = { size: DEFAULT_SIZE, display: '', verticalAlign: '' };
  /** The id being loaded or shown; reset when a load is cut short, so that reconnecting starts again. */
  #requestedId: string | undefined;
  #controller: AbortController | undefined;
  #observer: IntersectionObserver | undefined;
  /** Only in browsers without adoptedStyleSheets. */
  #styleElement: HTMLStyleElement | undefined;

  /** The closed shadow root, attached (and styled) on first use. */
  #shadow(): ShadowRoot {
    if (this.#root) return this.#root;
    // Read while the fallback is still rendered: once the shadow root exists it is not, and its styles are
    // no longer the page's. CSS resets often make images `display: block` or `vertical-align: middle`.
    const fallback = this.querySelector('img');
    if (fallback) {
      const size = `${fallback.getAttribute('width')}x${fallback.getAttribute('height')}`;
      const { display, verticalAlign } = getComputedStyle(fallback);
      this.#look = { size: SEAL_SIZE.test(size) ? size : DEFAULT_SIZE, display, verticalAlign };
    }
    const root = (this.#root = this.attachShadow({ mode: 'closed' }));
    // Constructed sheets are not inline styles, so a page's strict `style-src` does not block them;
    // the <style> fallback is only for browsers without adoptedStyleSheets.
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(SEAL_CSS);
      root.adoptedStyleSheets = [sheet];
    } catch {
      this.#styleElement = Object.assign(document.createElement('style'), { textContent: SEAL_CSS });
    }
    return root;
  }

  connectedCallback(): void {
    this.#start();
  }

  disconnectedCallback(): void {
    this.#stop();
    if (this.getAttribute('state') === 'loading') this.#requestedId = undefined;
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#start();
  }

  #stop(): void {
    this.#controller?.abort();
    this.#observer?.disconnect();
    this.#controller = this.#observer = undefined;
  }

  #start(): void {
    const id = this.getAttribute('seal') ?? '';
    if (id === this.#requestedId) return;
    this.#stop();
    this.#requestedId = id;
    this.#show({ state: 'loading' });
    if (!SEAL_ID.test(id)) return this.#settle(id, { state: 'invalid', reason: 'unknown-seal' });
    const controller = (this.#controller = new AbortController());
    const observer = (this.#observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
      void this.#load(id, controller);
    }));
    observer.observe(this);
  }

  async #load(id: string, controller: AbortController): Promise<void> {
    const base = providerBase();
    const [record, status] = await Promise.allSettled([
      fetchJson(new URL(`seals/${id}.json`, base), RECORD_MAX_BYTES, controller.signal),
      fetchJson(new URL(`seals/${id}.status.json`, base), STATUS_MAX_BYTES, controller.signal),
    ]);
    // Stopped, or restarted for another id, while the answers were on their way.
    if (controller !== this.#controller) return;
    if (record.status === 'rejected') return this.#settle(id, { state: 'unconfirmed', reason: 'network' });
    const head = readSealRecord(record.value, id);
    if (!head) return this.#settle(id, { state: 'invalid', reason: 'unknown-seal' });
    const statusFile = (status.status === 'fulfilled' && readSealStatus(status.value)) || null;
    const verdict = sealStateOf({
      id,
      summary: head.summary,
      status: statusFile,
      hostname: location.hostname,
      now: Date.now(),
    });
    this.#settle(id, { ...verdict, brand: head.brand, summary: head.summary, status: statusFile });
  }

  #settle(id: string, shown: Shown): void {
    this.#stop();
    this.#show(shown);
    const { state, reason, brand, summary, daysLeft = 0 } = shown;
    const host = location.hostname;
    const eventDetail: SealStateEventDetail = { id, state, host, ...(reason && { reason }) };
    this.dispatchEvent(
      new CustomEvent('shirushi-seal-state', { bubbles: true, composed: true, detail: eventDetail }),
    );
    if (state === 'valid' || state === 'loading') return;
    // What the owner needs next to the reason: the host the seal is on, or the date that decides.
    const date = reason === 'not-yet-valid' ? summary?.notBefore : summary?.notAfter;
    const detail =
      reason === 'wrong-host'
        ? host
        : date && (state === 'expiring' || reason === 'expired' || reason === 'not-yet-valid')
          ? localDate(date)
          : '';
    const message = `<shirushi-seal seal="${id}">\n${ownerMessage({ state, reason, brand, detail, daysLeft })}`;
    if (state === 'expiring') console.info(message);
    else if (state === 'invalid') console.error(message);
    else console.warn(message);
  }

  /** Replaces the shadow content with the seal for `shown`, in the fallback image's box. */
  #show(shown: Shown): void {
    const { state, reason, brand, summary, status } = shown;
    this.setAttribute('state', state);
    if (reason) this.setAttribute('reason', reason);
    else this.removeAttribute('reason');

    const root = this.#shadow();
    const { size, display, verticalAlign } = this.#look;
    const [width, height] = size.split('x').map(Number) as [number, number];
    const language: SealLanguage = /^en/i.test(this.closest<HTMLElement>('[lang]')?.lang ?? '') ? 1 : 0;
    const word = (key: keyof typeof LABELS): string => LABELS[key][language];
    const base = providerBase();
    const id = this.getAttribute('seal') ?? '';

    const link = element('a');
    link.href = new URL(`verify.html#${id}`, base).href;
    link.target = '_blank';
    // Not noreferrer: the verification page checks the referring site against the certificate's names.
    // strict-origin sends that site's origin (only) even when the host page's own policy sends nothing.
    link.rel = 'noopener';
    link.referrerPolicy = 'strict-origin';
    const box = element('span', `box ${state} ${brand ?? ''}`);
    box.style.width = `${width}px`;
    box.style.height = `${height}px`;
    // The box lands exactly where the fallback image was, also under a page's CSS reset.
    if (display === 'block') box.style.display = 'block';
    box.style.verticalAlign = verticalAlign;
    link.append(box);

    let visible: string;
    if ((state === 'valid' || state === 'expiring') && brand && summary && status) {
      const mark = element('img');
      mark.alt = '';
      mark.src = new URL(`marks/${brand}-${size}.svg`, base).href;
      const checked = `${word('verified')} ${localDate(status.checkedAt)}`;
      const strip = element('span', 'strip', location.hostname, checked);
      strip.style.fontSize = `${Math.floor((height * 0.4) / 2.4)}px`;
      box.append(mark, strip);
      visible = `${BRAND_NAMES[brand]} ${word('seal')}: ${location.hostname} ${checked}`;
    } else if (state === 'invalid' || state === 'unconfirmed') {
      const headline = word(state);
      const why = REASONS[reason!][language];
      box.append(element('span', 'text', headline, why));
      box.style.fontSize = `${Math.round(width / 11.5)}px`;
      visible = `${word('seal')}: ${headline} (${why})`;
    } else {
      visible = word('seal');
    }
    link.setAttribute('aria-label', `${visible} — ${word('newTab')}`);
    root.replaceChildren(...(this.#styleElement ? [this.#styleElement] : []), link);
  }
}

if (!customElements.get('shirushi-seal')) customElements.define('shirushi-seal', ShirushiSeal);

declare global {
  interface HTMLElementTagNameMap {
    'shirushi-seal': ShirushiSeal;
  }
  interface HTMLElementEventMap {
    'shirushi-seal-state': CustomEvent<SealStateEventDetail>;
  }
}
