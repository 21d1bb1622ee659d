import { expect } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import '../widgets/certificate-viewer/certificate-viewer.js';
import '../widgets/csr/csr.js';
import '../widgets/vault/vault.js';
import '../widgets/verify/verification.js';
import type { ShirushiVault } from '../widgets/vault/vault.js';
import type { LocalizedElement } from '../widgets/shared/localized-element.js';
import {
  LANGUAGE_STORAGE_KEY,
  pageLocale,
  preferredLocale,
  setPageLanguage,
} from '../widgets/shared/page-language.js';

const DEMO_PAGES = ['index', 'applicant', 'acme', 'site-owner', 'visitor', 'viewer'];

let savedLang: string;
let savedStored: string | null;
const created: Element[] = [];
const vaultNames: string[] = [];

beforeEach(() => {
  savedLang = document.documentElement.lang;
  savedStored = localStorage.getItem(LANGUAGE_STORAGE_KEY);
  localStorage.removeItem(LANGUAGE_STORAGE_KEY);
});

afterEach(async () => {
  for (const element of created.splice(0)) element.remove();
  for (const name of vaultNames.splice(0)) await deleteDB(name);
  document.documentElement.lang = savedLang;
  if (savedStored === null) localStorage.removeItem(LANGUAGE_STORAGE_KEY);
  else localStorage.setItem(LANGUAGE_STORAGE_KEY, savedStored);
});

/** Lets the shared MutationObserver deliver and the elements finish the render it asked for. */
async function settle(elements: LocalizedElement[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await Promise.all(elements.map((element) => element.updateComplete));
}

function languageSelect(element: Element): HTMLSelectElement {
  const select = element.shadowRoot?.querySelector<HTMLSelectElement>('select#language');
  expect(select, `${element.localName} shows a language select`).to.not.equal(null);
  return select!;
}

async function attach(tag: 'shirushi-csr' | 'shirushi-certificate-viewer' | 'shirushi-vault', lang?: string) {
  const element = document.createElement(tag) as LocalizedElement;
  if (lang) element.setAttribute('lang', lang);
  if (tag === 'shirushi-vault') {
    const name = `page-language-${crypto.randomUUID()}`;
    vaultNames.push(name);
    (element as ShirushiVault).vaultName = name;
  }
  document.body.append(element);
  created.push(element);
  if (tag === 'shirushi-vault') await (element as ShirushiVault).ready;
  await element.updateComplete;
  return element;
}

describe('page language: the default', () => {
  it('takes the first browser language we have, and Japanese when there is none', () => {
    expect(preferredLocale(['en-US', 'ja'])).to.equal('en');
    expect(preferredLocale(['fr-FR', 'en-GB', 'ja'])).to.equal('en');
    expect(preferredLocale(['ja-JP', 'en'])).to.equal('ja');
    expect(preferredLocale(['fr', 'de'])).to.equal('ja');
    expect(preferredLocale([])).to.equal('ja');
    // "jav" (Javanese) and "enm" are not Japanese and English.
    expect(preferredLocale(['jav', 'en'])).to.equal('en');
    expect(preferredLocale(['enm'])).to.equal('ja');
  });

  it('the stored choice wins over the browser', () => {
    const browser = preferredLocale();
    const other = browser === 'ja' ? 'en' : 'ja';
    expect(pageLocale(), 'nothing stored').to.equal(browser);
    localStorage.setItem(LANGUAGE_STORAGE_KEY, other);
    expect(pageLocale()).to.equal(other);
  });

  it('setPageLanguage sets <html lang> and remembers it', () => {
    setPageLanguage('en');
    expect(document.documentElement.lang).to.equal('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).to.equal('en');
    setPageLanguage('ja');
    expect(document.documentElement.lang).to.equal('ja');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).to.equal('ja');
  });
});

describe('page language: the elements', () => {
  it("one element's select switches the page, the stored choice and every other element", async () => {
    document.documentElement.lang = 'ja';
    const elements = [
      await attach('shirushi-csr'),
      await attach('shirushi-vault'),
      await attach('shirushi-certificate-viewer'),
    ];
    const japanese = elements.map((element) => element.shadowRoot!.textContent);
    for (const element of elements) expect(languageSelect(element).value).to.equal('ja');

    const select = languageSelect(elements[0]!);
    select.value = 'en';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(elements);

    expect(document.documentElement.lang).to.equal('en');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).to.equal('en');
    for (const [index, element] of elements.entries()) {
      expect(element.lang, element.localName).to.equal('en');
      expect(languageSelect(element).value, `${element.localName}'s select`).to.equal('en');
      expect(element.shadowRoot!.textContent, `${element.localName} re-rendered`).to.not.equal(
        japanese[index],
      );
    }

    // And back, from another element.
    const vaultSelect = languageSelect(elements[1]!);
    vaultSelect.value = 'ja';
    vaultSelect.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(elements);
    expect(document.documentElement.lang).to.equal('ja');
    for (const [index, element] of elements.entries()) {
      expect(languageSelect(element).value).to.equal('ja');
      expect(element.shadowRoot!.textContent).to.equal(japanese[index]);
    }
  });

  it('an element given its own lang keeps it, and its select changes only itself', async () => {
    document.documentElement.lang = 'ja';
    const own = await attach('shirushi-csr', 'en');
    const follower = await attach('shirushi-certificate-viewer');
    setPageLanguage('ja');
    await settle([own, follower]);
    expect(own.lang).to.equal('en');
    expect(languageSelect(own).value).to.equal('en');

    const select = languageSelect(own);
    select.value = 'ja';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await settle([own, follower]);
    expect(own.lang).to.equal('ja');
    expect(own.getAttribute('lang')).to.equal('ja');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY), 'the page choice is untouched').to.equal('ja');

    setPageLanguage('en');
    await settle([own, follower]);
    expect(follower.lang).to.equal('en');
    expect(own.lang, 'the page does not override an explicit lang').to.equal('ja');
  });
});

describe('page language: the verification element', () => {
  it('follows the page, and its select switches the page', async () => {
    document.documentElement.lang = 'ja';
    const element = document.createElement('shirushi-verification');
    document.body.append(element);
    created.push(element);
    await element.updateComplete;
    const japanese = element.shadowRoot!.querySelector('h1')!.textContent;

    setPageLanguage('en');
    await new Promise((resolve) => setTimeout(resolve, 0));
    await element.updateComplete;
    expect(element.lang).to.equal('en');
    expect(element.shadowRoot!.querySelector('h1')!.textContent).to.not.equal(japanese);

    const select = languageSelect(element);
    select.value = 'ja';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await element.updateComplete;
    expect(document.documentElement.lang).to.equal('ja');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).to.equal('ja');
    expect(element.shadowRoot!.querySelector('h1')!.textContent).to.equal(japanese);
  });
});

/** Loads a demo page into a same-origin frame and waits for its language switch. */
async function demoFrame(page: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.style.width = '1000px';
  frame.style.height = '800px';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = `/demo/${page}.html`;
  document.body.append(frame);
  created.push(frame);
  await loaded;
  const start = performance.now();
  while (!frame.contentDocument?.querySelector('.page-language select')) {
    if (performance.now() - start > 20_000) throw new Error(`${page}: no language switch`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return frame;
}

/** Text of one language in the page's own markup (the switch's label names both languages on purpose). */
function textIn(document: Document, lang: 'ja' | 'en'): Element[] {
  return [...document.querySelectorAll(`body [lang="${lang}"]`)].filter(
    (element) => !element.closest('.page-language') && element.localName !== 'option',
  );
}

function expectShownOnly(document: Document, shown: 'ja' | 'en', page: string): void {
  const hidden = shown === 'ja' ? 'en' : 'ja';
  expect(document.documentElement.lang, page).to.equal(shown);
  const leaks = textIn(document, hidden).filter((element) => element.getClientRects().length > 0);
  expect(
    leaks.map((element) => element.textContent?.trim().slice(0, 40)),
    `${page}: visible ${hidden} text while the page is ${shown}`,
  ).to.deep.equal([]);
  expect(
    textIn(document, shown).some((element) => element.getClientRects().length > 0),
    `${page}: some ${shown} text is visible`,
  ).to.equal(true);
  // Badges that hold text of both languages stay, showing the current one.
  for (const badge of document.querySelectorAll('.tag')) {
    expect(badge.getClientRects().length, `${page}: badge "${badge.textContent?.trim()}"`).to.be.above(0);
  }
  const switches = [...document.querySelectorAll('.page-language select')];
  expect(switches.length, `${page}: one page switch`).to.equal(1);
  expect((switches[0] as HTMLSelectElement).value).to.equal(shown);
  const title = document.querySelector('title')!;
  expect(document.title, `${page}: title`).to.equal(title.dataset[shown]);
}

describe('page language: the demo pages show one language at a time', function () {
  this.timeout(60_000);
  for (const page of DEMO_PAGES) {
    it(`${page}.html`, async () => {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, 'ja');
      const frame = await demoFrame(page);
      const document = frame.contentDocument!;
      expectShownOnly(document, 'ja', page);

      const select = document.querySelector<HTMLSelectElement>('.page-language select')!;
      select.value = 'en';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expectShownOnly(document, 'en', page);
      expect(localStorage.getItem(LANGUAGE_STORAGE_KEY), 'remembered').to.equal('en');

      // Every element on the page that follows the page language switched with it.
      const followers = [...document.querySelectorAll<LocalizedElement>('body *')].filter(
        (element) => element.shadowRoot?.querySelector('select#language') && !element.hasAttribute('lang'),
      );
      await Promise.all(followers.map((element) => element.updateComplete));
      for (const element of followers) {
        expect(languageSelect(element).value, `${page}: ${element.localName}`).to.equal('en');
      }
    });
  }

  it('a reload keeps the chosen language', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    const frame = await demoFrame('applicant');
    expectShownOnly(frame.contentDocument!, 'en', 'applicant (stored en)');
  });
});
