import { pickLocale, type Locale } from '../../src/i18n/strings.js';

/** Where the visitor's language choice is remembered across pages and reloads. */
export const LANGUAGE_STORAGE_KEY = 'shirushi-lang';

/** The language the visitor chose earlier, if storage is readable (it is not in sandboxed iframes). */
export function storedLocale(): Locale | undefined {
  try {
    const stored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return stored ? pickLocale(stored) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The first of the browser's preferred languages that we have; Japanese when it prefers none of them, since
 * the customers of Japanese CAs are the audience.
 */
export function preferredLocale(
  languages: readonly string[] = navigator.languages?.length ? navigator.languages : [navigator.language],
): Locale {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower === 'ja' || lower.startsWith('ja-')) return 'ja';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'ja';
}

/** The page's language: the remembered choice, else the browser's preference. */
export function pageLocale(): Locale {
  return storedLocale() ?? preferredLocale();
}

/** The page language as `<html lang>` says it now. */
export function currentPageLocale(): Locale {
  return pickLocale(document.documentElement.lang || 'ja');
}

/**
 * Switches the whole page: `<html lang>` (which every element without its own `lang` follows) and the
 * remembered choice.
 */
export function setPageLanguage(locale: Locale): void {
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, locale);
  } catch {
    // Storage refused (private mode, sandbox): the page still switches, it is just not remembered.
  }
}

type Listener = () => void;
const listeners = new Set<Listener>();
let observer: MutationObserver | undefined;

/**
 * Calls `listener` whenever `<html lang>` changes; returns the unsubscribe. One observer serves every
 * listener, so a page full of elements does not watch the root once per element.
 */
export function onPageLanguageChange(listener: Listener): () => void {
  listeners.add(listener);
  if (!observer) {
    observer = new MutationObserver(() => {
      for (const each of [...listeners]) each();
    });
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      observer?.disconnect();
      observer = undefined;
    }
  };
}

/**
 * What a language select does: an element with a language of its own (a `lang` the embedding page gave it)
 * changes alone; otherwise the page changes, and with it every element that follows the page.
 */
export function chooseLanguage(
  element: HTMLElement & { lang: string },
  value: string,
  hasOwnLanguage: boolean,
): void {
  const locale = pickLocale(value);
  if (!hasOwnLanguage) {
    setPageLanguage(locale);
  } else if (element.hasAttribute('lang')) {
    element.setAttribute('lang', locale);
  } else {
    element.lang = locale;
  }
}
