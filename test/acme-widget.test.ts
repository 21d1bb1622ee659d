// <shirushi-acme> through its UI, against the real pebble ACME server the test harness runs
// (test/harness/pebble.mjs via test/helpers/acme-server.ts): account with and without EAB, http-01 and
// dns-01 orders to a stored certificate, revocation with a chosen reason, renewal, languages, keyboard.
import { expect } from '@esm-bundle/chai';
import { sendKeys } from '@web/test-runner-commands';
import { deleteDB, openDB } from 'idb';
import { ACME_STORE_DATABASE, closeAcmeStore, getAcmeIssuance, listAcmeAccounts } from '../src/acme/index.js';
import { parseCertificates } from '../src/certificate/parse.js';
import { encodePem } from '../src/encoding/pem.js';
import { createCsr } from '../src/csr/index.js';
import { generateKeyPair } from '../src/keys/index.js';
import { closeKeyStore, deleteKey, storeKey } from '../src/keys/store.js';
import { verifyChain } from '../src/net/offloaded.js';
import { openVault, type Vault } from '../src/vault/index.js';
import {
  ShirushiAcme,
  type AcmeIssuedEventDetail,
  type AcmeRevokedEventDetail,
} from '../widgets/acme/acme.js';
import '../widgets/vault/vault.js';
import type { RenewEventDetail } from '../widgets/vault/vault.js';
import {
  acmeDns01,
  acmeHttp01,
  acmeRoots,
  acmeServer,
  uniqueDomain,
  type AcmeTestServer,
} from './helpers/acme-server.js';

let counter = 0;
const created: HTMLElement[] = [];
const vaultNames: string[] = [];
const vaults: Vault[] = [];
const keyIds = new Set<string>();

function freshVaultName(): string {
  const name = `shirushi-acme-widget-${Date.now()}-${++counter}`;
  vaultNames.push(name);
  return name;
}

async function createAcme(lang: 'ja' | 'en' = 'en'): Promise<ShirushiAcme> {
  const element = document.createElement('shirushi-acme');
  element.lang = lang;
  element.vaultName = freshVaultName();
  document.body.append(element);
  created.push(element);
  element.addEventListener('shirushi-acme-issued', (event) => {
    const keyId = (event as CustomEvent<AcmeIssuedEventDetail>).detail.keyId;
    if (keyId) keyIds.add(keyId);
  });
  await element.updateComplete;
  return element;
}

function shadow(element: HTMLElement): ShadowRoot {
  if (!element.shadowRoot) throw new Error('no shadow root');
  return element.shadowRoot;
}

function $<T extends Element = HTMLElement>(element: HTMLElement, selector: string): T {
  const found = shadow(element).querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

function $$<T extends Element = HTMLElement>(element: HTMLElement, selector: string): T[] {
  return [...shadow(element).querySelectorAll<T>(selector)];
}

function has(element: HTMLElement, selector: string): boolean {
  return shadow(element).querySelector(selector) !== null;
}

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

async function type(element: ShirushiAcme, selector: string, value: string): Promise<void> {
  const field = $<HTMLInputElement | HTMLTextAreaElement>(element, selector);
  field.focus();
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  await element.updateComplete;
}

async function check(element: ShirushiAcme, selector: string): Promise<void> {
  const box = $<HTMLInputElement>(element, selector);
  box.click();
  await element.updateComplete;
}

async function click(element: ShirushiAcme, selector: string): Promise<void> {
  $<HTMLButtonElement>(element, selector).click();
  await element.updateComplete;
}

async function until(
  element: ShirushiAcme,
  condition: () => boolean,
  what: string | (() => string),
  timeout = 30_000,
): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout) {
      const failure = squash(shadow(element).querySelector('[part="error"]')?.textContent);
      throw new Error(
        `timed out waiting for ${typeof what === 'string' ? what : what()}${failure ? ` (shown: ${failure})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    await element.updateComplete;
  }
}

function nextEvent<T>(element: HTMLElement, name: string, timeout = 60_000): Promise<CustomEvent<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} within ${timeout} ms`)), timeout);
    element.addEventListener(
      name,
      (event) => {
        clearTimeout(timer);
        resolve(event as CustomEvent<T>);
      },
      { once: true },
    );
  });
}

function errorCode(element: ShirushiAcme): string {
  return shadow(element).querySelector('[part="error"] [data-field="code"]')?.textContent ?? '';
}

/** The element that has focus, looking into shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function headingFocused(element: ShirushiAcme): boolean {
  return shadow(element).activeElement?.id === 'step-heading';
}

async function connect(element: ShirushiAcme, server: AcmeTestServer): Promise<void> {
  await type(element, '#directory', server.directoryUrl);
  await click(element, '[data-action="connect"]');
  await until(element, () => has(element, '[data-form="account"]'), 'the account form');
}

/** Connects and creates an account with the EAB key `index`. */
async function newAccount(element: ShirushiAcme, server: AcmeTestServer, index = 0): Promise<void> {
  await connect(element, server);
  if (has(element, '#account-new')) await check(element, '#account-new');
  await type(element, '#contact', 'admin@example.jp');
  await type(element, '#eab-kid', server.eab[index]!.kid);
  await type(element, '#eab-mac', server.eab[index]!.macKey);
  if (has(element, '#tos')) await check(element, '#tos');
  await click(element, '[data-action="account"]');
  await until(element, () => element.step === 'order', 'the order step');
}

interface Shown {
  path?: string;
  url?: string;
  content?: string;
  name?: string;
  value?: string;
  record?: string;
}

function shownChallenges(element: ShirushiAcme): Shown[] {
  return $$(element, '[part="challenge"]').map((box) => {
    const value = (prefix: string) =>
      box.querySelector(`[data-value^="${prefix}"] output`)?.textContent ?? undefined;
    return box.getAttribute('data-type') === 'http-01'
      ? { path: value('path-'), url: value('url-'), content: value('content-') }
      : { name: value('txt-name-'), value: value('txt-value-'), record: value('txt-record-') };
  });
}

/** Publishes what the UI shows through pebble's challenge server, exactly as shown. */
async function publish(element: ShirushiAcme): Promise<Shown[]> {
  const shown = shownChallenges(element);
  for (const item of shown) {
    if (item.path !== undefined) {
      await acmeHttp01(item.path.slice('/.well-known/acme-challenge/'.length), item.content!);
    } else {
      await acmeDns01(item.name!, item.value!);
    }
  }
  return shown;
}

/** Orders `names` through the UI, publishes the challenges and waits for the stored certificate. */
async function orderThroughUi(
  element: ShirushiAcme,
  names: string[],
  challenge: 'http-01' | 'dns-01' = 'http-01',
): Promise<{ detail: AcmeIssuedEventDetail; shown: Shown[] }> {
  await type(element, '#names', names.join('\n'));
  await check(element, `#challenge-${challenge}`);
  const issued = nextEvent<AcmeIssuedEventDetail>(element, 'shirushi-acme-issued');
  await click(element, '[data-action="order"]');
  await until(element, () => element.step === 'challenges', 'the challenges step');
  const shown = await publish(element);
  await click(element, '[data-action="placed"]');
  const { detail } = await issued;
  await until(element, () => element.step === 'result', 'the result step');
  return { detail, shown };
}

async function vaultOf(element: ShirushiAcme): Promise<Vault> {
  const vault = await openVault({ name: element.vaultName, persist: false });
  vaults.push(vault);
  return vault;
}

/** Every string anywhere in a structured-clone value. */
function strings(value: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value);
    if (value instanceof Date || value instanceof CryptoKey) return out;
    if (ArrayBuffer.isView(value)) {
      out.push(new TextDecoder('latin1').decode(value as Uint8Array));
      return out;
    }
    for (const item of Object.values(value as Record<string, unknown>)) strings(item, out, seen);
  }
  return out;
}

async function everythingIn(database: string): Promise<string[]> {
  const db = await openDB(database);
  try {
    const found: string[] = [];
    for (const store of [...db.objectStoreNames]) {
      for (const record of await db.getAll(store)) strings(record, found);
    }
    return found;
  } finally {
    db.close();
  }
}

afterEach(async () => {
  for (const element of created.splice(0)) element.remove();
  for (const vault of vaults.splice(0)) vault.close();
  // Let the elements' own vault connections close before the databases go.
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const name of vaultNames.splice(0)) await deleteDB(name);
  for (const id of keyIds) await deleteKey(id).catch(() => false);
  keyIds.clear();
  await closeAcmeStore();
  await deleteDB(ACME_STORE_DATABASE);
});

after(async () => {
  await closeKeyStore();
});

describe('<shirushi-acme> without a server', function () {
  this.timeout(30_000);

  it('is registered, renders in Japanese and English, switches language and labels every control', async () => {
    const element = await createAcme('ja');
    expect(customElements.get('shirushi-acme')).to.equal(ShirushiAcme);
    expect(squash($(element, '.title').textContent)).to.equal('ACME で証明書を取得');
    expect($(element, '.acme').getAttribute('lang')).to.equal('ja');
    expect($(element, '[aria-current="step"]').getAttribute('data-step')).to.equal('account');
    const select = $<HTMLSelectElement>(element, '#language');
    select.value = 'en';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await element.updateComplete;
    expect(element.lang).to.equal('en');
    expect(squash($(element, '.title').textContent)).to.equal('Get a certificate with ACME');
    expect($(element, '.acme').getAttribute('lang')).to.equal('en');
    for (const control of $$<HTMLInputElement>(element, 'input, select, textarea')) {
      expect(control.id, 'control has an id').to.not.equal('');
      expect(has(element, `label[for="${control.id}"]`), `label for #${control.id}`).to.equal(true);
    }
    // The live region and the alert region are always there, so announcements are not lost.
    expect($(element, '[part="status"]').getAttribute('role')).to.equal('status');
    expect($(element, '[part="error"]').getAttribute('role')).to.equal('alert');
  });

  it('says the server cannot be reached, in the chosen language', async () => {
    const element = await createAcme('ja');
    await type(element, '#directory', 'https://127.0.0.1:1/dir');
    await click(element, '[data-action="connect"]');
    await until(element, () => errorCode(element) !== '', 'the error');
    expect(errorCode(element)).to.match(/^acme\/(network|cors)$/);
    expect(squash($(element, '[part="error"] [data-field="message"]').textContent)).to.contain(
      'ACME サーバー',
    );
    element.lang = 'en';
    await element.updateComplete;
    expect(squash($(element, '[part="error"] [data-field="message"]').textContent)).to.contain('ACME server');
  });

  it('shows when to retry a rate-limited request (a fake server sending Retry-After)', async () => {
    const retryAt = new Date(Date.now() + 3_600_000);
    const base = 'https://acme.invalid';
    const fakeFetch: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      const nonce = { 'Replay-Nonce': `nonce-${Math.random().toString(36).slice(2)}` };
      if (url === `${base}/dir`) {
        return Promise.resolve(
          Response.json(
            {
              newNonce: `${base}/nonce`,
              newAccount: `${base}/account`,
              newOrder: `${base}/order`,
              revokeCert: `${base}/revoke`,
              keyChange: `${base}/key-change`,
              meta: { externalAccountRequired: true },
            },
            { headers: nonce },
          ),
        );
      }
      if (url === `${base}/nonce`)
        return Promise.resolve(new Response(null, { status: 200, headers: nonce }));
      expect(init?.method).to.equal('POST');
      return Promise.resolve(
        new Response(
          JSON.stringify({ type: 'urn:ietf:params:acme:error:rateLimited', detail: 'too many new accounts' }),
          {
            status: 429,
            headers: {
              ...nonce,
              'Content-Type': 'application/problem+json',
              'Retry-After': retryAt.toUTCString(),
            },
          },
        ),
      );
    };
    const element = await createAcme('en');
    element.clientOptions = { fetch: fakeFetch };
    await type(element, '#directory', `${base}/dir`);
    await click(element, '[data-action="connect"]');
    await until(element, () => has(element, '[data-form="account"]'), 'the account form');
    expect(has(element, '#eab-required'), 'says EAB is required').to.equal(true);
    await type(element, '#eab-kid', 'kid-x');
    await type(element, '#eab-mac', 'c2VjcmV0LW1hYy1rZXktZm9yLXRlc3Rpbmc');
    await click(element, '[data-action="account"]');
    await until(element, () => errorCode(element) !== '', 'the error');
    expect(errorCode(element)).to.equal('acme/rateLimited');
    const retry = $(element, '[data-field="retry-after"] time');
    expect(new Date(retry.getAttribute('datetime')!).getTime()).to.be.closeTo(retryAt.getTime(), 1000);
    expect(squash($(element, '[part="error"]').textContent)).to.contain('too many new accounts');
    expect($<HTMLInputElement>(element, '#eab-mac').value, 'MAC field emptied').to.equal('');
  });
});

/**
 * A fake ACME server that takes any request (it reads no JWS) and keeps an authorization pending with
 * `Retry-After: 30`: enough to see the countdown and to cancel.
 */
function slowAcme(base: string): typeof fetch {
  const token = 'TestToken_0123456789-abcdefghijklmnopqrstuv';
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    Promise.resolve(
      new Response(JSON.stringify(body), {
        status,
        headers: {
          'Content-Type': 'application/json',
          'Replay-Nonce': `nonce-${Math.random().toString(36).slice(2)}`,
          ...headers,
        },
      }),
    );
  return (input) => {
    const url = String(input instanceof Request ? input.url : input);
    switch (url) {
      case `${base}/dir`:
        return json({
          newNonce: `${base}/nonce`,
          newAccount: `${base}/account`,
          newOrder: `${base}/order`,
          revokeCert: `${base}/revoke`,
          keyChange: `${base}/key-change`,
        });
      case `${base}/nonce`:
        return json({});
      case `${base}/account`:
        return json({ status: 'valid' }, 201, { Location: `${base}/acct/1` });
      case `${base}/order`:
        return json(
          {
            status: 'pending',
            identifiers: [{ type: 'dns', value: 'www.example.jp' }],
            authorizations: [`${base}/authz/1`],
            finalize: `${base}/order/1/finalize`,
          },
          201,
          { Location: `${base}/order/1` },
        );
      case `${base}/authz/1`:
        return json(
          {
            status: 'pending',
            identifier: { type: 'dns', value: 'www.example.jp' },
            challenges: [{ type: 'http-01', url: `${base}/chall/1`, status: 'pending', token }],
          },
          200,
          { 'Retry-After': '30' },
        );
      case `${base}/chall/1`:
        return json({ type: 'http-01', url: `${base}/chall/1`, status: 'processing', token });
      default:
        return json({ type: 'urn:ietf:params:acme:error:malformed', detail: `no ${url}` }, 404);
    }
  };
}

describe('<shirushi-acme> with a slow fake server', function () {
  this.timeout(30_000);

  it('counts down a Retry-After wait in a progress bar, says it once, and cancels', async () => {
    const base = 'https://slow-acme.invalid';
    const element = await createAcme('en');
    element.clientOptions = { fetch: slowAcme(base) };
    await type(element, '#directory', `${base}/dir`);
    await click(element, '[data-action="connect"]');
    await until(element, () => has(element, '[data-form="account"]'), 'the account form');
    expect(has(element, '#tos'), 'no terms to agree to').to.equal(false);
    await click(element, '[data-action="account"]');
    await until(element, () => element.step === 'order', 'the order step');
    await type(element, '#names', 'www.example.jp');
    const ordering = element.order();
    await until(element, () => element.step === 'challenges', 'the challenges step');
    await click(element, '[data-action="placed"]');
    await until(element, () => has(element, '[data-field="countdown"]'), 'the countdown');
    expect(headingFocused(element)).to.equal(true);
    const bar = $<HTMLProgressElement>(element, 'progress[part="progress"]');
    expect(bar.max).to.equal(30_000);
    expect(bar.getAttribute('aria-valuetext')).to.match(/^(30|29) seconds left$/);
    expect(squash($(element, '[part="status"]').textContent)).to.equal(
      'Waiting for the domain validation: checking again in 30 seconds (the interval the CA asked for).',
    );
    expect(squash($(element, '[data-field="countdown"]').textContent)).to.match(/^(30|29) seconds left$/);
    await click(element, '[data-action="cancel"]');
    expect(await ordering).to.equal(undefined);
    await until(element, () => element.step === 'order', 'back at the order');
    expect(squash($(element, '[part="status"]').textContent)).to.equal('Cancelled.');
    expect(errorCode(element)).to.equal('');
    expect(has(element, 'progress'), 'no progress bar left').to.equal(false);
  });
});

describe('<shirushi-acme> against pebble', function () {
  this.timeout(120_000);

  let server: AcmeTestServer;

  before(async () => {
    server = await acmeServer();
  });

  it('refuses an account without EAB or with a wrong MAC key, with a clear message', async () => {
    const element = await createAcme('en');
    await connect(element, server);
    expect(has(element, '#eab-required')).to.equal(true);
    await check(element, '#tos');
    await click(element, '[data-action="account"]');
    await until(element, () => errorCode(element) !== '', 'the error without EAB');
    expect(errorCode(element)).to.equal('acme/externalAccountRequired');
    expect(squash($(element, '[part="error"] [data-field="message"]').textContent)).to.contain(
      'External Account Binding',
    );
    expect(element.step).to.equal('account');
    // A wrong MAC key for a real key id.
    await type(element, '#eab-kid', server.eab[0]!.kid);
    await type(element, '#eab-mac', 'd3JvbmctbWFjLWtleS13cm9uZy1tYWMta2V5LXdyb25n');
    await click(element, '[data-action="account"]');
    await until(
      element,
      () => errorCode(element) !== '' && errorCode(element) !== 'acme/externalAccountRequired',
      'the error with a wrong MAC',
    );
    expect(errorCode(element)).to.match(/^acme\//);
    expect($<HTMLInputElement>(element, '#eab-mac').value).to.equal('');
    expect(element.step).to.equal('account');
    expect(await listAcmeAccounts(server.directoryUrl)).to.deep.equal([]);
    element.lang = 'ja';
    await element.updateComplete;
    expect(squash($(element, '[part="error"]').textContent)).to.contain('うまくいきませんでした');
  });

  it('creates an account with EAB: the MAC key field is emptied and the key is nowhere', async () => {
    const element = await createAcme('en');
    await connect(element, server);
    const logged: string[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
    const originals = methods.map((method) => console[method]);
    methods.forEach((method) => {
      console[method] = (...args: unknown[]) => {
        logged.push(args.map((arg) => String(arg)).join(' '));
      };
    });
    const macKey = server.eab[1]!.macKey;
    let macField: HTMLInputElement;
    try {
      await type(element, '#contact', 'admin@example.jp');
      await type(element, '#eab-kid', server.eab[1]!.kid);
      await type(element, '#eab-mac', macKey);
      macField = $<HTMLInputElement>(element, '#eab-mac');
      expect(macField.type).to.equal('password');
      // The terms of service must be agreed to first: the checkbox says so and takes focus.
      await click(element, '[data-action="account"]');
      expect(has(element, '#tos-error')).to.equal(true);
      expect(shadow(element).activeElement?.id).to.equal('tos');
      expect(macField.value, 'kept until used').to.equal(macKey);
      await check(element, '#tos');
      expect(has(element, '#tos-error')).to.equal(false);
      await click(element, '[data-action="account"]');
      await until(element, () => element.step === 'order', 'the order step');
    } finally {
      methods.forEach((method, index) => {
        console[method] = originals[index]!;
      });
    }
    expect(macField.value, 'the MAC field was emptied').to.equal('');
    expect(
      logged.some((line) => line.includes(macKey)),
      'not logged',
    ).to.equal(false);
    expect(headingFocused(element), 'focus on the order heading').to.equal(true);
    expect(squash($(element, '#step-heading').textContent)).to.equal('Order');
    const accounts = await listAcmeAccounts(server.directoryUrl);
    expect(accounts).to.have.length(1);
    expect(accounts[0]!.eabKid).to.equal(server.eab[1]!.kid);
    expect(accounts[0]!.privateKey.extractable).to.equal(false);
    expect(accounts[0]!.contact).to.deep.equal(['mailto:admin@example.jp']);
    const stored = await everythingIn(ACME_STORE_DATABASE);
    expect(stored.length).to.be.greaterThan(0);
    expect(
      stored.some((text) => text.includes(macKey)),
      'MAC key absent from IndexedDB',
    ).to.equal(false);
    // A second element sees the saved account and uses it.
    const again = await createAcme('en');
    await connect(again, server);
    expect($<HTMLInputElement>(again, `#account-${accounts[0]!.id}`).checked).to.equal(true);
    expect(has(again, '#eab-mac'), 'no MAC field for a saved account').to.equal(false);
    await click(again, '[data-action="account"]');
    await until(again, () => again.step === 'order', 'the order step');
  });

  it('orders with http-01: shows the exact path, URL and content, then stores the certificate', async () => {
    const element = await createAcme('en');
    await newAccount(element, server, 0);
    const names = [uniqueDomain('www'), uniqueDomain('shop')];
    const started = performance.now();
    const { detail, shown } = await orderThroughUi(element, names, 'http-01');
    const took = performance.now() - started;
    expect(shown).to.have.length(2);
    for (const item of shown) {
      expect(item.path).to.match(/^\/\.well-known\/acme-challenge\/[A-Za-z0-9_-]+$/);
      const token = item.path!.split('/').pop()!;
      expect(item.content).to.match(new RegExp(`^${token}\\.[A-Za-z0-9_-]{43}$`));
      expect(
        names.some((name) => item.url === `http://${name}${item.path}`),
        item.url,
      ).to.equal(true);
    }
    expect(detail.names).to.deep.equal(names);
    expect(detail.certificateId).to.match(/^[0-9a-f]{64}$/);
    expect(headingFocused(element), 'focus on the result heading').to.equal(true);
    expect(squash($(element, '[data-field="id"] dd').textContent)).to.equal(detail.certificateId);
    // In the vault: an ACME certificate paired with its key.
    const vault = await vaultOf(element);
    const record = vault.summary(detail.certificateId);
    expect(record, 'stored in the vault').to.not.equal(undefined);
    expect(record!.product).to.equal('acme');
    expect(record!.keyId).to.equal(detail.keyId);
    expect([...record!.domains].sort()).to.deep.equal([...names].sort());
    const issuance = await getAcmeIssuance(detail.certificateId);
    expect(issuance?.names).to.deep.equal(names);
    // The default chain and pebble's alternate are offered; the chosen one is what is downloaded.
    expect($$(element, 'input[name="chain"]')).to.have.length(2);
    const roots = await acmeRoots();
    const stored = await vault.get(detail.certificateId);
    const chain = await verifyChain({
      leaf: stored!.der,
      intermediates: roots.intermediates,
      trustAnchors: roots.roots,
      revocation: 'off',
      hostname: names[0]!,
    });
    expect(chain.valid, JSON.stringify(chain.problems)).to.equal(true);
    const clicked: HTMLAnchorElement[] = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      await check(element, '#chain-1');
      await until(element, () => squash($(element, '[part="status"]').textContent) !== '', 'the notice');
      await click(element, '[data-action="download"]');
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
    expect(clicked).to.have.length(1);
    expect(clicked[0]!.download).to.match(/-fullchain\.pem$/);
    const pem = await (await fetch(clicked[0]!.href)).text();
    const certificates = parseCertificates(pem);
    expect(certificates.length).to.be.greaterThan(1);
    expect(certificates[0]!.der).to.deep.equal(stored!.der);
    console.log(`[acme-widget] http-01 order for 2 names, in the browser: ${Math.round(took)} ms`);
  });

  it('orders with dns-01: shows the exact TXT record name, value and zone-file line', async () => {
    const element = await createAcme('ja');
    await newAccount(element, server, 2);
    const name = uniqueDomain('dns');
    const { detail, shown } = await orderThroughUi(element, [name], 'dns-01');
    expect(shown).to.have.length(1);
    const [item] = shown;
    expect(item!.name).to.equal(`_acme-challenge.${name}`);
    expect(item!.value).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(item!.record).to.contain(`_acme-challenge.${name}.`);
    expect(item!.record).to.contain(`"${item!.value}"`);
    expect(item!.record).to.match(/\bIN\s+TXT\b/);
    expect(squash($(element, '#step-heading').textContent)).to.equal('発行された証明書');
    const vault = await vaultOf(element);
    expect(vault.summary(detail.certificateId)?.product).to.equal('acme');
  });

  it('refuses a blocked name with the rejectedIdentifier message and returns to the order', async () => {
    const element = await createAcme('en');
    await newAccount(element, server, 0);
    await type(element, '#names', server.blockedDomain);
    await click(element, '[data-action="order"]');
    await until(element, () => errorCode(element) !== '', 'the error');
    expect(errorCode(element)).to.equal('acme/rejectedIdentifier');
    expect(element.step).to.equal('order');
    expect($<HTMLTextAreaElement>(element, '#names').value).to.equal(server.blockedDomain);
  });

  it('revokes with a chosen reason, after a confirmation, signed by the account key', async () => {
    const element = await createAcme('en');
    await newAccount(element, server, 0);
    const { detail } = await orderThroughUi(element, [uniqueDomain('old')]);
    await click(element, '[data-action="go-revoke"]');
    await until(element, () => element.step === 'revoke', 'the revoke step');
    expect(headingFocused(element)).to.equal(true);
    expect($<HTMLSelectElement>(element, '#revoke-issued').value).to.equal(detail.certificateId);
    // The five reasons a subscriber may give, each explained with its terms case.
    const reasons = $$(element, '.reason').map((item) => Number(item.getAttribute('data-reason')));
    expect(reasons).to.deep.equal([0, 1, 3, 4, 5]);
    for (const item of $$(element, '.reason')) {
      expect(item.querySelectorAll('.hint').length).to.equal(2);
      expect(squash(item.querySelector('.hint')?.textContent)).to.not.equal('');
    }
    await check(element, '#reason-4');
    await click(element, '[data-action="revoke-next"]');
    await until(element, () => element.step === 'confirm', 'the confirmation');
    expect(headingFocused(element)).to.equal(true);
    expect(squash($(element, '[data-field="reason"] dd').textContent)).to.contain('(4)');
    const revoked = nextEvent<AcmeRevokedEventDetail>(element, 'shirushi-acme-revoked');
    await click(element, '[data-action="confirm-revoke"]');
    const event = await revoked;
    expect(event.detail).to.deep.equal({ certificateId: detail.certificateId, reason: 4 });
    await until(element, () => element.step === 'revoke', 'back to the revoke step');
    expect(squash($(element, '[part="status"]').textContent)).to.contain('revoked');
    const issuance = await getAcmeIssuance(detail.certificateId);
    expect(issuance?.revocationReason).to.equal(4);
    expect(issuance?.revokedAt).to.be.instanceOf(Date);
    const vault = await vaultOf(element);
    expect(vault.revocation(detail.certificateId)?.status).to.equal('revoked');
  });

  it("revokes a pasted PEM for key compromise, signed by the certificate's own key", async () => {
    const element = await createAcme('en');
    await newAccount(element, server, 1);
    const { detail } = await orderThroughUi(element, [uniqueDomain('leak')]);
    const vault = await vaultOf(element);
    const stored = await vault.get(detail.certificateId);
    const info = parseCertificates(stored!.der)[0]!;
    await click(element, '[data-action="go-revoke"]');
    await until(element, () => element.step === 'revoke', 'the revoke step');
    await check(element, '#revoke-source-pem');
    await type(element, '#revoke-pem', encodePem('CERTIFICATE', info.der));
    await check(element, '#reason-1');
    await check(element, '#signer-certificate');
    await click(element, '[data-action="revoke-next"]');
    await until(element, () => element.step === 'confirm', 'the confirmation');
    const revoked = nextEvent<AcmeRevokedEventDetail>(element, 'shirushi-acme-revoked');
    await click(element, '[data-action="confirm-revoke"]');
    expect((await revoked).detail).to.deep.equal({ certificateId: detail.certificateId, reason: 1 });
    // Revoking it again: the CA says it is already revoked.
    await check(element, '#revoke-source-pem');
    await type(element, '#revoke-pem', encodePem('CERTIFICATE', info.der));
    await click(element, '[data-action="revoke-next"]');
    await until(element, () => element.step === 'confirm', 'the confirmation');
    await click(element, '[data-action="confirm-revoke"]');
    await until(element, () => errorCode(element) !== '', 'the error');
    expect(errorCode(element)).to.equal('acme/alreadyRevoked');
  });

  it('renew(certificateId) orders the same names again with the same account', async () => {
    const element = await createAcme('en');
    await newAccount(element, server, 2);
    const names = [uniqueDomain('renew')];
    const first = (await orderThroughUi(element, names, 'dns-01')).detail;
    const accountId = (await getAcmeIssuance(first.certificateId))!.accountId;
    // A fresh element (as after a reload), driven by the vault's "Renew now".
    const renewer = await createAcme('ja');
    renewer.vaultName = element.vaultName;
    const vaultElement = document.createElement('shirushi-vault');
    vaultElement.lang = 'ja';
    vaultElement.vaultName = element.vaultName;
    document.body.append(vaultElement);
    created.push(vaultElement);
    await vaultElement.ready;
    const row = () =>
      vaultElement.shadowRoot!.querySelector<HTMLElement>(`.row[data-id="${first.certificateId}"]`);
    await until(renewer, () => row() !== null, 'the row in the vault');
    row()!.click();
    await until(
      renewer,
      () => vaultElement.shadowRoot!.querySelector('[data-action="renew"]') !== null,
      'the renew button',
    );
    const button = vaultElement.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="renew"]')!;
    expect(squash(button.textContent)).to.equal('今すぐ更新');
    // Near its expiry the reminder banner offers "renew now" too, which asks for the renewal.
    const summary = (await vaultOf(element)).summary(first.certificateId)!;
    vaultElement.now = new Date(summary.notAfter.getTime() - 2 * 86_400_000);
    vaultElement.refresh();
    const reminder = () =>
      vaultElement.shadowRoot!.querySelector<HTMLButtonElement>(
        `[part="reminders"] li[data-id="${first.certificateId}"] [data-action="renew-now"]`,
      );
    await until(renewer, () => reminder() !== null, 'the reminder with "renew now"');
    expect(squash(reminder()!.textContent)).to.equal('今すぐ更新');
    const renewEvent = nextEvent<RenewEventDetail>(vaultElement, 'shirushi-renew');
    reminder()!.click();
    const { detail: renewDetail } = await renewEvent;
    expect(renewDetail.product).to.equal('acme');
    expect(renewDetail.certificateId).to.equal(first.certificateId);
    // Nothing is connected yet: renew() connects to the directory the certificate came from by itself.
    expect(has(renewer, '[data-form="account"]')).to.equal(false);
    const issued = nextEvent<AcmeIssuedEventDetail>(renewer, 'shirushi-acme-issued');
    const renewing = renewer.renew(renewDetail.certificateId);
    await until(renewer, () => renewer.step === 'challenges', 'the challenges step');
    expect(shownChallenges(renewer)[0]!.path, 'http-01 by default').to.match(/^\/\.well-known/);
    await publish(renewer);
    await click(renewer, '[data-action="placed"]');
    const second = (await issued).detail;
    expect(await renewing).to.deep.equal(second);
    expect(second.certificateId).to.not.equal(first.certificateId);
    expect(second.names).to.deep.equal(names);
    expect(second.keyId).to.not.equal(first.keyId);
    expect((await getAcmeIssuance(second.certificateId))!.accountId).to.equal(accountId);
    expect(await listAcmeAccounts(server.directoryUrl)).to.have.length(1);
  });

  it('replaces the account key, and the CA takes orders signed with the new one', async () => {
    const element = await createAcme('en');
    await newAccount(element, server, 1);
    const [before] = await listAcmeAccounts(server.directoryUrl);
    await click(element, '[data-action="change-account"]');
    await until(element, () => element.step === 'account', 'the account step');
    expect($<HTMLInputElement>(element, `#account-${before!.id}`).checked).to.equal(true);
    await click(element, '[data-action="rollover"]');
    await until(
      element,
      () => squash($(element, '[part="status"]').textContent) === 'The account key was replaced.',
      'the rollover notice',
    );
    const [after] = await listAcmeAccounts(server.directoryUrl);
    expect(after!.id).to.equal(before!.id);
    expect(after!.accountUrl).to.equal(before!.accountUrl);
    expect(after!.thumbprint).to.not.equal(before!.thumbprint);
    expect(after!.keyChangedAt).to.be.instanceOf(Date);
    expect(after!.privateKey.extractable).to.equal(false);
    await click(element, '[data-action="account"]');
    await until(element, () => element.step === 'order', 'the order step');
    const { detail } = await orderThroughUi(element, [uniqueDomain('rolled')]);
    expect((await getAcmeIssuance(detail.certificateId))!.accountId).to.equal(before!.id);
  });

  it('finalizes with a CSR from the CSR studio, and names the lint finding of one the CA would refuse', async () => {
    const good = uniqueDomain('studio');
    const badName = uniqueDomain('badcsr');
    const goodKeys = await generateKeyPair({ algorithm: 'ECDSA', curve: 'P-256' });
    const goodCsr = await createCsr({
      keys: goodKeys,
      subject: { commonName: good },
      dnsNames: [good],
      profile: 'acme',
    });
    const goodKey = await storeKey({ keys: goodKeys, csrPem: goodCsr.pem, names: [good] });
    keyIds.add(goodKey.id);
    // A CSR that also names an internal host the order does not hold: refused before it is sent.
    const badKeys = await generateKeyPair({ algorithm: 'ECDSA', curve: 'P-256' });
    const badCsr = await createCsr({
      keys: badKeys,
      subject: { commonName: badName },
      dnsNames: [badName, 'intranet.local'],
    });
    const badKey = await storeKey({ keys: badKeys, csrPem: badCsr.pem, names: [badName] });
    keyIds.add(badKey.id);

    const element = await createAcme('en');
    await newAccount(element, server, 2);
    await check(element, '#csr-stored');
    await until(element, () => has(element, '#stored-csr'), 'the stored CSR list');
    const select = $<HTMLSelectElement>(element, '#stored-csr');
    select.value = badKey.id;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await type(element, '#names', badName);
    await click(element, '[data-action="order"]');
    await until(element, () => element.step === 'challenges', 'the challenges step');
    await publish(element);
    await click(element, '[data-action="placed"]');
    await until(element, () => errorCode(element) !== '', 'the error');
    expect(errorCode(element)).to.equal('acme/badCSR');
    const findings = $$(element, '[data-field="findings"] [data-code]');
    expect(findings.length, 'the findings are listed').to.be.greaterThan(0);
    expect(findings.map((item) => item.getAttribute('data-code'))).to.include('lint/san/internal-name');
    expect(squash($(element, '[data-field="findings"]').textContent)).to.contain('intranet.local');
    expect(element.step).to.equal('order');

    await until(element, () => has(element, '#stored-csr'), 'the stored CSR list');
    const again = $<HTMLSelectElement>(element, '#stored-csr');
    again.value = goodKey.id;
    again.dispatchEvent(new Event('change', { bubbles: true }));
    const { detail } = await orderThroughUi(element, [good]);
    expect(detail.keyId).to.equal(goodKey.id);
    const vault = await vaultOf(element);
    expect(vault.summary(detail.certificateId)?.keyId).to.equal(goodKey.id);
  });

  it('the demo ACME page works under its Content Security Policy and Trusted Types', async () => {
    const frame = document.createElement('iframe');
    frame.style.width = '900px';
    frame.style.height = '700px';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    frame.src = `/demo/acme.html?directory=${encodeURIComponent(server.directoryUrl)}`;
    document.body.append(frame);
    created.push(frame);
    await loaded;
    const page = frame.contentDocument!;
    const violations: string[] = [];
    page.addEventListener('securitypolicyviolation', (event) => {
      violations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
    expect(
      page.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'),
    ).to.contain("require-trusted-types-for 'script'");
    const start = performance.now();
    let acme: ShirushiAcme | null = null;
    while (performance.now() - start < 20_000) {
      acme = page.querySelector('shirushi-acme');
      if (acme?.shadowRoot?.querySelector('[data-form="account"]')) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(
      acme?.shadowRoot?.querySelector('[data-form="account"]'),
      'connected from ?directory=',
    ).to.not.equal(null);
    expect(acme!.shadowRoot!.querySelector('#eab-required')).to.not.equal(null);
    expect(page.querySelector('shirushi-vault')?.shadowRoot).to.not.equal(null);
    expect(violations).to.deep.equal([]);
  });

  it('runs the main path with the keyboard alone, focus moving to each step heading', async () => {
    const element = await createAcme('en');
    // Start before the element and Tab into it.
    const before = document.createElement('button');
    before.textContent = 'before';
    document.body.insertBefore(before, element);
    created.push(before);
    before.focus();
    const press = (key: string) => sendKeys({ press: key });
    // WebKit's driver merges a repeated key within one command ("https" -> "htps"): split the text there.
    const typeText = async (text: string) => {
      const chunks = text.split(/(?<=(.))(?=\1)/u).filter((_part, index) => index % 2 === 0);
      for (const chunk of chunks) await sendKeys({ type: chunk });
    };
    const tabTo = async (selector: string, limit = 40) => {
      for (let i = 0; i < limit; i++) {
        if (deepActive()?.matches(selector)) return;
        await press('Tab');
        await element.updateComplete;
      }
      throw new Error(
        `Tab never reached ${selector} (at ${deepActive()?.tagName ?? 'nothing'}#${deepActive()?.id ?? ''})`,
      );
    };
    await tabTo('#directory');
    await typeText(server.directoryUrl);
    await element.updateComplete;
    expect($<HTMLInputElement>(element, '#directory').value, 'typed').to.equal(server.directoryUrl);
    await press('Enter');
    await until(element, () => has(element, '[data-form="account"]'), 'the account form');
    await tabTo('#eab-kid');
    await typeText(server.eab[0]!.kid);
    await press('Tab');
    expect(deepActive()?.id).to.equal('eab-mac');
    await typeText(server.eab[0]!.macKey);
    await tabTo('#tos');
    await press(' ');
    await element.updateComplete;
    expect($<HTMLInputElement>(element, '#tos').checked).to.equal(true);
    await tabTo('[data-action="account"]');
    await press('Enter');
    await until(element, () => element.step === 'order', 'the order step');
    expect(headingFocused(element)).to.equal(true);
    await tabTo('#names');
    const name = uniqueDomain('keys');
    await typeText(name);
    await tabTo('[data-action="order"]');
    const issued = nextEvent<AcmeIssuedEventDetail>(element, 'shirushi-acme-issued');
    await press('Enter');
    await until(element, () => element.step === 'challenges', 'the challenges step');
    expect(headingFocused(element)).to.equal(true);
    await publish(element);
    await tabTo('[data-action="placed"]');
    await press(' ');
    const { detail } = await issued;
    await until(element, () => element.step === 'result' && headingFocused(element), 'the result heading');
    expect(detail.names).to.deep.equal([name]);
  });
});
