// Issue 16, points 2, 4, 6 and 9: forms that say why they are blocked, words a non-expert reads, phone
// widths and small breakages, checked in the widgets as a visitor meets them.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { deleteDB } from 'idb';
import { lintNames } from '../src/lint/index.js';
import { ShirushiCsr } from '../widgets/csr/csr.js';
import { ShirushiVault } from '../widgets/vault/vault.js';

const created: HTMLElement[] = [];
const databases: string[] = [];

afterEach(async () => {
  for (const element of created.splice(0)) element.remove();
  for (const name of databases.splice(0)) await deleteDB(name);
});

async function csrElement(lang: 'ja' | 'en', profile: string): Promise<ShirushiCsr> {
  const element = document.createElement('shirushi-csr');
  element.lang = lang;
  element.setAttribute('profile', profile);
  document.body.append(element);
  created.push(element);
  await element.updateComplete;
  return element;
}

function $<T extends Element>(element: HTMLElement, selector: string): T {
  const found = element.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

async function type(element: ShirushiCsr, selector: string, value: string): Promise<void> {
  const field = $<HTMLInputElement | HTMLTextAreaElement>(element, selector);
  field.focus();
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  await element.updateComplete;
}

/** Text of a node without what sits inside <details> toggles. */
function textOutsideDetails(node: Element): string {
  const copy = node.cloneNode(true) as Element;
  copy.querySelectorAll('details').forEach((details) => details.remove());
  return squash(copy.textContent);
}

/** The text of every id listed in an element's aria-describedby. */
function description(element: HTMLElement, control: Element): string {
  const ids = (control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  return ids.map((id) => squash($(element, `#${id}`).textContent)).join(' ');
}

describe('journeys: forms say why (issue 16, point 2)', () => {
  for (const [lang, prefecture, organisation] of [
    ['ja', '都道府県', '組織名'],
    ['en', 'Prefecture', 'Organisation'],
  ] as const) {
    it(`keeps a blocked Generate focusable and names the prefecture field as the reason (${lang})`, async () => {
      const element = await csrElement(lang, 'jprs-ov');
      await type(element, '#names', 'www.example.jp');
      await type(element, '#organization', 'Shirushi Inc.');
      await type(element, '#locality', 'Chiyoda-ku');
      const button = $<HTMLButtonElement>(element, '[part="generate"]');
      expect(button.disabled, 'not disabled: it must stay in the tab order').to.equal(false);
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      button.focus();
      expect(element.shadowRoot!.activeElement).to.equal(button);

      const reason = description(element, button);
      expect(reason).to.contain(prefecture);
      expect(reason, 'only the blocking field is named').to.not.contain(organisation);
      expect($(element, '#state').getAttribute('aria-invalid')).to.equal('false');

      let fired = false;
      element.addEventListener('shirushi-csr-created', () => (fired = true));
      button.click();
      await element.updateComplete;
      expect(fired, 'activation is refused').to.equal(false);
      expect(squash($(element, '#status').textContent), 'the reason is announced').to.contain(prefecture);
      const state = $<HTMLSelectElement>(element, '#state');
      expect(state.getAttribute('aria-invalid'), 'the field in error is marked').to.equal('true');
      expect(getComputedStyle(state).borderTopWidth, 'visibly').to.equal('2px');
      expect(state.getAttribute('aria-describedby')).to.contain('state-findings');
    });
  }

  it('lifts aria-disabled once the form is complete', async () => {
    const element = await csrElement('en', 'jprs-ov');
    await type(element, '#names', 'www.example.jp');
    await type(element, '#organization', 'Shirushi Inc.');
    await type(element, '#locality', 'Chiyoda-ku');
    const state = $<HTMLSelectElement>(element, '#state');
    state.value = 'Tokyo';
    state.dispatchEvent(new Event('change', { bubbles: true }));
    await element.updateComplete;
    const button = $<HTMLButtonElement>(element, '[part="generate"]');
    expect(button.getAttribute('aria-disabled')).to.equal('false');
    expect(button.hasAttribute('aria-describedby')).to.equal(false);
  });
});

describe('journeys: words for non-experts (issue 16, point 6)', () => {
  it('names subject fields as the form does and keeps codes inside a details toggle (ja)', async () => {
    const element = await csrElement('ja', 'jprs-ov');
    await type(element, '#names', 'www.example.jp');
    await type(element, '#organization', '株式会社しるし');
    await type(element, '#locality', '千代田区');
    const organisation = $(element, '#organization-findings');
    const locality = $(element, '#locality-findings');
    expect(textOutsideDetails(organisation)).to.contain('組織名の');
    expect(textOutsideDetails(locality)).to.contain('市区町村');
    for (const list of [organisation, locality]) {
      const text = textOutsideDetails(list);
      expect(text, 'no code outside the toggle').to.not.match(/lint\//);
      expect(text, 'no bare attribute').to.not.match(/(^|[^A-Za-z])(O|L)([^A-Za-z]|$)/);
      const code = list.querySelector('details code');
      expect(code, 'the code is still there, in a toggle').to.not.equal(null);
      expect(code!.closest('details')!.open).to.equal(false);
      expect(code!.textContent).to.match(/^lint\/subject\//);
    }
  });

  it('names subject fields as the form does (en)', async () => {
    const element = await csrElement('en', 'jprs-ov');
    await type(element, '#organization', 'しるし');
    expect(textOutsideDetails($(element, '#organization-findings'))).to.contain('Organisation');
  });

  it('calls www.example.jpp a mistyped top-level domain and suggests .jp', async () => {
    const [found] = lintNames(['www.example.jpp']);
    expect(found?.code).to.equal('lint/san/mistyped-tld');
    expect(found?.params).to.include({ tld: 'jpp', suggestion: 'jp', fixed: 'www.example.jp' });
    expect(found?.message.en).to.contain('Did you mean ".jp"');
    expect(found?.message.ja).to.contain('.jp');
    // Names meant to be internal stay internal names, even one letter from a real TLD (.lan / .lat).
    expect(lintNames(['server.lan']).map((item) => item.code)).to.deep.equal(['lint/san/internal-name']);

    const element = await csrElement('ja', 'jprs-dv');
    await type(element, '#names', 'www.example.jpp');
    const text = textOutsideDetails($(element, '#names-findings'));
    expect(text).to.contain('.jp');
    expect(text).to.contain('www.example.jp');
    expect(text).to.not.contain('内部名');
  });

  it('reduces a pasted URL to its host with a visible note', async () => {
    expect(lintNames(['https://www.example.jp/path']).map((item) => item.code)).to.deep.equal([
      'lint/san/url',
    ]);
    const element = await csrElement('en', 'jprs-dv');
    await type(element, '#names', 'https://www.example.jp/path?q=1');
    const names = $<HTMLTextAreaElement>(element, '#names');
    expect(names.value).to.equal('www.example.jp');
    const note = $<HTMLElement>(element, '#names-note');
    expect(note.offsetHeight, 'the note is visible').to.be.greaterThan(0);
    expect(squash(note.textContent)).to.contain('https://www.example.jp/path?q=1');
    expect(squash(note.textContent)).to.contain('"www.example.jp"');
    expect(names.getAttribute('aria-describedby')).to.contain('names-note');
    expect(names.getAttribute('aria-invalid')).to.equal('false');
    expect($<HTMLButtonElement>(element, '[part="generate"]').getAttribute('aria-disabled')).to.equal(
      'false',
    );
  });
});

describe('journeys: small breakages (issue 16, point 9)', () => {
  it('the vault search controls an element that exists, with and without records', async () => {
    const name = `shirushi-journeys-${Date.now()}`;
    databases.push(name);
    const element = document.createElement('shirushi-vault') as ShirushiVault;
    element.lang = 'en';
    element.vaultName = name;
    document.body.append(element);
    created.push(element);
    await element.ready;
    await element.updateComplete;
    const search = $<HTMLInputElement>(element, '#search');
    const target = search.getAttribute('aria-controls');
    expect(target).to.be.a('string');
    expect(element.shadowRoot!.getElementById(target!), `#${target} exists`).to.not.equal(null);
  });
});

const PHONE_WIDTH = 390;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls a server command that answers `{ pending: true }` while it builds what it serves. */
async function serverSetup<T>(command: string): Promise<T> {
  for (;;) {
    const answer = await executeServerCommand<T | { pending: true }, { action: string }>(command, {
      action: 'setup',
    });
    if (!(answer && typeof answer === 'object' && 'pending' in answer)) return answer as T;
    await sleep(500);
  }
}

/** The elements, shadow roots included, whose right edge passes `limit`: what makes a page scroll sideways. */
function widest(root: Document | ShadowRoot, limit: number, into: string[] = []): string[] {
  for (const node of root.querySelectorAll('*')) {
    const right = node.getBoundingClientRect().right;
    if (right > limit && into.length < 8) {
      into.push(
        `<${node.localName}${node.id ? `#${node.id}` : ''} class="${node.getAttribute('class') ?? ''}"> right=${Math.round(right)}`,
      );
    }
    if (node.shadowRoot) widest(node.shadowRoot, limit, into);
  }
  return into;
}

/** Loads `src` in a phone-wide frame and waits until its custom elements have rendered. */
async function phoneFrame(src: string, ready: (document: Document) => boolean): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.width = String(PHONE_WIDTH);
  frame.height = '844';
  frame.style.cssText = 'position:fixed;top:0;left:0;border:0;background:white;z-index:1';
  created.push(frame);
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = src;
  document.body.append(frame);
  await loaded;
  const deadline = Date.now() + 20_000;
  while (!ready(frame.contentDocument!)) {
    if (Date.now() > deadline) throw new Error(`${src}: not ready after 20 s`);
    await sleep(100);
  }
  // Layout after the last render and web fonts.
  await frame.contentDocument!.fonts.ready;
  await sleep(300);
  return frame;
}

function expectNoSidewaysScroll(frame: HTMLIFrameElement, label: string): void {
  const root = frame.contentDocument!.documentElement;
  const limit = Math.min(PHONE_WIDTH, root.clientWidth);
  expect(
    root.scrollWidth,
    `${label} is ${root.scrollWidth} px wide: ${widest(frame.contentDocument!, limit).join('; ')}`,
  ).to.be.at.most(limit);
}

/** Every custom element in the page (not nested ones) has rendered its shadow root. */
function widgetsRendered(document: Document): boolean {
  if (document.readyState !== 'complete') return false;
  const widgets = [...document.querySelectorAll('*')].filter((node) =>
    node.localName.startsWith('shirushi-'),
  );
  const registry = document.defaultView!.customElements;
  return widgets.every((node) => registry.get(node.localName) !== undefined && node.shadowRoot !== null);
}

describe('journeys: phones (issue 16, point 4)', function () {
  this.timeout(360_000);

  after(async () => {
    // The built pages may register their service workers; later tests start from none.
    if ('serviceWorker' in navigator) {
      for (const registration of await navigator.serviceWorker.getRegistrations()) {
        if (/\/(demo-site|seal-provider)\//.test(registration.scope)) await registration.unregister();
      }
    }
  });

  for (const page of ['index', 'viewer', 'applicant', 'acme', 'site-owner', 'visitor']) {
    it(`demo/${page}.html does not scroll sideways at ${PHONE_WIDTH} px`, async () => {
      const site = await serverSetup<{ mount: string; files: string[] }>('demo-site');
      expect(site.files).to.include(`${page}.html`);
      const frame = await phoneFrame(`${site.mount}${page}.html`, widgetsRendered);
      expectNoSidewaysScroll(frame, `${page}.html`);
    });
  }

  for (const lang of ['ja', 'en']) {
    it(`the verification page of an unknown seal, seen from a long URL, does not scroll sideways (${lang})`, async () => {
      // A provider without the record: the details then carry the record's full URL.
      const base = `/no-such-provider/${'seals-for-customers/'.repeat(3)}`;
      const referrer = `https://www.example.jp/${'campaign-2026-winter/'.repeat(6)}index.html?utm_campaign=${'x'.repeat(80)}`;
      const query = new URLSearchParams({ lang, base, referrer });
      const frame = await phoneFrame(
        `/test/helpers/verification-frame.html?${query}`,
        (document) => document.documentElement.dataset['ready'] !== undefined,
      );
      expect(frame.contentDocument!.documentElement.dataset['ready']).to.equal('unknown-seal');
      expectNoSidewaysScroll(frame, `verify page (${lang})`);
    });
  }
});
