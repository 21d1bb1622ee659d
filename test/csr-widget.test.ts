import { expect } from '@esm-bundle/chai';
import { generateKeyPair } from '../src/keys/index.js';
import { closeKeyStore, deleteKey, getKey, storeKey } from '../src/keys/store.js';
import { ShirushiCsr, type CsrCreatedEventDetail } from '../widgets/csr/csr.js';
import { ShirushiKeys, type KeyDeletedEventDetail } from '../widgets/keys/keys.js';
import { openssl } from './harness/openssl.js';

const created: HTMLElement[] = [];
const storedIds: string[] = [];

async function createCsrElement(lang: 'ja' | 'en' = 'en', profile = 'jprs-dv'): Promise<ShirushiCsr> {
  const element = document.createElement('shirushi-csr');
  element.lang = lang;
  element.setAttribute('profile', profile);
  document.body.append(element);
  created.push(element);
  await element.updateComplete;
  return element;
}

function shadow(element: HTMLElement): ShadowRoot {
  if (!element.shadowRoot) throw new Error('no shadow root');
  return element.shadowRoot;
}

function $<T extends Element>(element: HTMLElement, selector: string): T {
  const found = shadow(element).querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Types into a field as a user would: sets the value and fires `input`. */
async function type(element: ShirushiCsr | ShirushiKeys, selector: string, value: string): Promise<void> {
  const field = $<HTMLInputElement | HTMLTextAreaElement>(element, selector);
  field.focus();
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  await element.updateComplete;
}

async function choose(element: ShirushiCsr, selector: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(element, selector);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await element.updateComplete;
}

function codes(element: HTMLElement, control: string): string[] {
  return [...shadow(element).querySelectorAll(`[data-control="${control}"] [data-code]`)].map(
    (node) => node.getAttribute('data-code') ?? '',
  );
}

function nextEvent<T>(element: HTMLElement, name: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) =>
    element.addEventListener(name, (event) => resolve(event as CustomEvent<T>), { once: true }),
  );
}

/** Records fetch, XHR and sendBeacon calls and new resource timing entries while `run` runs. */
async function withoutNetwork<T>(run: () => Promise<T>): Promise<{ value: T; requests: string[] }> {
  const requests: string[] = [];
  const originalFetch = window.fetch;
  const originalOpen = XMLHttpRequest.prototype.open;
  const originalBeacon = navigator.sendBeacon;
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(`fetch ${String(input instanceof Request ? input.url : input)}`);
    return originalFetch.call(window, input, init);
  };
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, method: string, url: string | URL) {
    requests.push(`xhr ${method} ${String(url)}`);
    // eslint-disable-next-line prefer-rest-params
    return originalOpen.apply(this, arguments as unknown as Parameters<typeof originalOpen>);
  } as typeof XMLHttpRequest.prototype.open;
  navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
    requests.push(`beacon ${String(url)}`);
    return originalBeacon.call(navigator, url, data);
  };
  const before = new Set(performance.getEntriesByType('resource').map((entry) => entry.name));
  const start = performance.now();
  try {
    const value = await run();
    for (const entry of performance.getEntriesByType('resource')) {
      if (entry.startTime >= start && !before.has(entry.name)) requests.push(`resource ${entry.name}`);
    }
    return { value, requests };
  } finally {
    window.fetch = originalFetch;
    XMLHttpRequest.prototype.open = originalOpen;
    navigator.sendBeacon = originalBeacon;
  }
}

async function signsAgain(privateKey: CryptoKey, spki: Uint8Array): Promise<boolean> {
  const data = new TextEncoder().encode('after reload');
  const algorithm = privateKey.algorithm as RsaHashedKeyAlgorithm;
  const signature = await crypto.subtle.sign({ name: algorithm.name }, privateKey, data);
  const publicKey = await crypto.subtle.importKey(
    'spki',
    spki as BufferSource,
    { name: algorithm.name, hash: algorithm.hash.name },
    false,
    ['verify'],
  );
  return crypto.subtle.verify({ name: algorithm.name }, publicKey, signature, data);
}

afterEach(async () => {
  for (const element of created.splice(0)) element.remove();
  for (const id of storedIds.splice(0)) await deleteKey(id);
});

describe('<shirushi-csr>', function () {
  this.timeout(60_000);

  it('is registered and renders in Japanese and English', async () => {
    expect(customElements.get('shirushi-csr')).to.equal(ShirushiCsr);
    const element = await createCsrElement('ja');
    expect(squash($(element, '.title').textContent)).to.equal('鍵ペアと CSR の作成');
    expect(squash($(element, 'label[for="names"]').textContent)).to.equal('ドメイン名（1 行に 1 つ）');
    const profiles = [...shadow(element).querySelectorAll('#profile option')].map((o) =>
      squash(o.textContent),
    );
    expect(profiles).to.have.length(8);
    expect(profiles).to.include('JPRS サーバー証明書 — ドメイン認証（DV）');
    expect(squash($(element, '#storage-warning').textContent)).to.contain('Safari');

    element.lang = 'en';
    await element.updateComplete;
    expect(squash($(element, '.title').textContent)).to.equal('Create a key pair and CSR');
    expect(squash($(element, '#profile option[value="secom-ev"]').textContent)).to.contain(
      'SECOM Passport for Web',
    );
    expect(squash($(element, '#storage-warning').textContent)).to.contain('cannot be backed up');
    expect(squash($(element, '#storage-warning').textContent)).to.contain('7 days');
    // Every control has a label.
    for (const control of shadow(element).querySelectorAll('input, select, textarea')) {
      expect(shadow(element).querySelector(`label[for="${control.id}"]`), control.id).to.not.equal(null);
    }
  });

  it('defaults to RSA 2048 for the Japanese CAs and shows subject fields only when needed', async () => {
    const element = await createCsrElement('en', 'jprs-dv');
    expect($<HTMLSelectElement>(element, '#key').value).to.equal('rsa-2048');
    expect(shadow(element).querySelector('#organization')).to.equal(null);
    expect(shadow(element).querySelector('#state')).to.equal(null);

    await choose(element, '#profile', 'secom-ov');
    expect(element.profile).to.equal('secom-ov');
    expect($<HTMLSelectElement>(element, '#key').value).to.equal('rsa-2048');
    expect(shadow(element).querySelectorAll('#state option')).to.have.length(48);
    expect($<HTMLInputElement>(element, '#country').value).to.equal('JP');

    await choose(element, '#profile', 'acme');
    expect($<HTMLSelectElement>(element, '#key').value).to.equal('ec-p256');
    expect(shadow(element).querySelector('#organization')).to.equal(null);
  });

  it('shows a lint finding for an internal name and disables Generate', async () => {
    const element = await createCsrElement('en');
    const button = $<HTMLButtonElement>(element, '[part="generate"]');
    expect(button.getAttribute('aria-disabled') === 'true', 'disabled while empty').to.equal(true);

    await type(element, '#names', 'www.example.jp');
    expect(codes(element, 'names')).to.deep.equal([]);
    expect(button.getAttribute('aria-disabled') === 'true').to.equal(false);

    await type(element, '#names', 'www.example.jp\nserver.local');
    expect(codes(element, 'names')).to.include('lint/san/internal-name');
    expect(button.getAttribute('aria-disabled') === 'true').to.equal(true);
    const names = $<HTMLTextAreaElement>(element, '#names');
    expect(names.getAttribute('aria-invalid')).to.equal('true');
    expect(names.getAttribute('aria-describedby')).to.contain('names-findings');
    expect(squash($(element, '#names-findings').textContent)).to.contain('server.local');
    expect(await element.generate()).to.equal(undefined);
  });

  it('shows both forms of an IDN and checks OV subject fields as typed', async () => {
    const element = await createCsrElement('en', 'jprs-ov');
    await type(element, '#names', '日本語.jp');
    expect(codes(element, 'names')).to.deep.equal(['lint/san/idn']);
    expect(squash($(element, '#names-findings').textContent)).to.contain('xn--wgv71a119e.jp');

    await type(element, '#organization', '株式会社しるし');
    expect(codes(element, 'organization')).to.include('lint/subject/non-ascii');
    expect(
      $<HTMLButtonElement>(element, '[part="generate"]').getAttribute('aria-disabled') === 'true',
    ).to.equal(true);
    await type(element, '#organization', 'Shirushi Inc.');
    await type(element, '#locality', 'Chiyoda-ku');
    await choose(element, '#state', 'Tokyo');
    expect(codes(element, 'organization')).to.deep.equal([]);
    expect(
      $<HTMLButtonElement>(element, '[part="generate"]').getAttribute('aria-disabled') === 'true',
    ).to.equal(false);
  });

  it('makes a CSR openssl verifies, stores its key and fires shirushi-csr-created, without network', async () => {
    const element = await createCsrElement('en', 'jprs-dv');
    const { value: detail, requests } = await withoutNetwork(async () => {
      await type(element, '#names', 'www.example.jp\nexample.jp');
      const button = $<HTMLButtonElement>(element, '[part="generate"]');
      expect(button.getAttribute('aria-disabled') === 'true').to.equal(false);
      const fired = nextEvent<CsrCreatedEventDetail>(element, 'shirushi-csr-created');
      button.click();
      await element.updateComplete;
      expect(shadow(element).querySelector('progress'), 'progress shown').to.not.equal(null);
      expect(squash($(element, '[role="status"]').textContent)).to.not.equal('');
      return (await fired).detail;
    });
    storedIds.push(detail.keyId);
    expect(requests, requests.join('\n')).to.deep.equal([]);
    await element.updateComplete;

    expect(detail.pem).to.contain('-----BEGIN CERTIFICATE REQUEST-----');
    expect(detail.keyId).to.be.a('string').and.not.equal('');
    expect(shadow(element).querySelector('progress')).to.equal(null);
    expect(shadow(element).activeElement?.id, 'focus moved to the result').to.equal('result-heading');
    expect($<HTMLTextAreaElement>(element, '#pem').value).to.equal(detail.pem);
    expect($<HTMLTextAreaElement>(element, '#pem').readOnly).to.equal(true);
    expect(squash($(element, '[data-field="sans"]').textContent)).to.contain('www.example.jp');
    expect($(element, '[data-field="signature"] [data-valid]').getAttribute('data-valid')).to.equal('true');
    expect(squash($(element, '[data-field="key"]').textContent)).to.contain('RSA 2048');
    expect(squash($(element, '[data-field="key-location"]').textContent)).to.contain(detail.keyId);

    const verified = await openssl(['req', '-verify', '-noout', '-in', 'x.csr'], {
      files: { 'x.csr': detail.pem },
    });
    expect(verified.code, verified.stderr).to.equal(0);
    const text = await openssl(['req', '-noout', '-text', '-in', 'x.csr'], {
      files: { 'x.csr': detail.pem },
    });
    expect(text.stdout).to.contain('CN = www.example.jp');
    expect(text.stdout).to.contain('DNS:www.example.jp, DNS:example.jp');
    expect(text.stdout).to.contain('sha256WithRSAEncryption');

    // The key is in the store, non-extractable, and signs again through a fresh connection (a reload).
    await closeKeyStore();
    const stored = await getKey(detail.keyId);
    expect(stored, 'stored key').to.not.equal(undefined);
    expect(stored!.extractable).to.equal(false);
    expect(stored!.privateKey.extractable).to.equal(false);
    expect(stored!.csrPem).to.equal(detail.pem);
    expect(stored!.label).to.contain('www.example.jp, example.jp');
    expect(await signsAgain(stored!.privateKey, stored!.publicKey)).to.equal(true);

    // <shirushi-keys> lists it and deletes it only after the typed confirmation.
    const keys = document.createElement('shirushi-keys');
    keys.lang = 'en';
    document.body.append(keys);
    created.push(keys);
    await keys.refresh();
    const entry = $<HTMLElement>(keys, `[data-key-id="${detail.keyId}"]`);
    expect(squash(entry.textContent)).to.contain(stored!.label);
    expect(squash(entry.textContent)).to.contain('RSA 2048');
    expect(entry.querySelector<HTMLTextAreaElement>('textarea')?.value).to.equal(detail.pem);

    entry.querySelector<HTMLButtonElement>('[data-action="delete"]')!.click();
    await keys.updateComplete;
    const confirm = $<HTMLButtonElement>(keys, '[data-action="confirm"]');
    const refused = () => confirm.getAttribute('aria-disabled') === 'true';
    expect(refused()).to.equal(true);
    expect(confirm.disabled, 'focusable, so its reason can be reached').to.equal(false);
    expect(squash($(keys, `#${confirm.getAttribute('aria-describedby')}`).textContent)).to.contain('delete');
    expect(shadow(keys).activeElement?.id).to.equal('confirm-input');
    await type(keys, '#confirm-input', 'yes');
    expect(refused()).to.equal(true);
    // Submitting anyway deletes nothing.
    $<HTMLFormElement>(keys, '[part="confirm"]').requestSubmit();
    await keys.updateComplete;
    expect(await getKey(detail.keyId)).to.not.equal(undefined);

    await type(keys, '#confirm-input', stored!.label);
    expect(refused()).to.equal(false);
    const deleted = nextEvent<KeyDeletedEventDetail>(keys, 'shirushi-key-deleted');
    confirm.click();
    expect((await deleted).detail.keyId).to.equal(detail.keyId);
    expect(await getKey(detail.keyId)).to.equal(undefined);
    await keys.updateComplete;
    expect(shadow(keys).querySelector(`[data-key-id="${detail.keyId}"]`)).to.equal(null);
  });

  it('makes an ECDSA key with an encrypted backup and stores the copy non-extractable', async () => {
    const element = await createCsrElement('en', 'br-dv');
    await type(element, '#names', '*.example.com\n192.0.2.1');
    // Reserved range: an error.
    expect(codes(element, 'names')).to.include('lint/san/reserved-ip');
    await type(element, '#names', '*.example.com\n日本語.jp');
    const checkbox = $<HTMLInputElement>(element, '#extractable');
    checkbox.click();
    await element.updateComplete;
    expect(
      $<HTMLButtonElement>(element, '[part="generate"]').getAttribute('aria-disabled') === 'true',
      'needs a passphrase',
    ).to.equal(true);
    await type(element, '#passphrase', 'correct horse battery staple');
    await type(element, '#passphrase-again', 'correct horse battery stapl');
    expect(codes(element, 'passphrase')).to.deep.equal([]);
    expect(squash($(element, '#passphrase-findings').textContent)).to.contain('differ');
    await type(element, '#passphrase-again', 'correct horse battery staple');
    const detail = await element.generate();
    expect(detail).to.not.equal(undefined);
    storedIds.push(detail!.keyId);
    await element.updateComplete;
    expect(shadow(element).querySelector('[data-action="backup"]')).to.not.equal(null);
    expect(squash($(element, '[data-field="sans"]').textContent)).to.contain('日本語.jp');
    expect(squash($(element, '[data-field="sans"]').textContent)).to.contain('xn--wgv71a119e.jp');

    const verified = await openssl(['req', '-verify', '-noout', '-in', 'x.csr'], {
      files: { 'x.csr': detail!.pem },
    });
    expect(verified.code, verified.stderr).to.equal(0);
    const stored = await getKey(detail!.keyId);
    expect(stored!.privateKey.extractable).to.equal(false);
    expect(stored!.algorithm.summary).to.equal('ECDSA P-256');
  });
});

describe('<shirushi-keys>', function () {
  this.timeout(30_000);

  it('deletes after the fixed word in either language, and Escape cancels', async () => {
    const keys = await generateKeyPair({ algorithm: 'ECDSA', curve: 'P-256' });
    const record = await storeKey({ keys, names: ['keys-widget.example.jp'] });
    storedIds.push(record.id);
    expect(customElements.get('shirushi-keys')).to.equal(ShirushiKeys);
    const element = document.createElement('shirushi-keys');
    element.lang = 'ja';
    document.body.append(element);
    created.push(element);
    await element.refresh();
    expect(squash($(element, '.title').textContent)).to.equal('保管している鍵');
    const entry = () => $<HTMLElement>(element, `[data-key-id="${record.id}"]`);
    expect(squash(entry().textContent)).to.contain('ECDSA P-256');

    entry().querySelector<HTMLButtonElement>('[data-action="delete"]')!.click();
    await element.updateComplete;
    $<HTMLInputElement>(element, '#confirm-input').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }),
    );
    await element.updateComplete;
    expect(shadow(element).querySelector('[part="confirm"]')).to.equal(null);
    expect(shadow(element).activeElement?.getAttribute('data-action')).to.equal('delete');

    entry().querySelector<HTMLButtonElement>('[data-action="delete"]')!.click();
    await element.updateComplete;
    await type(element, '#confirm-input', '削除');
    const deleted = nextEvent<KeyDeletedEventDetail>(element, 'shirushi-key-deleted');
    $<HTMLButtonElement>(element, '[data-action="confirm"]').click();
    expect((await deleted).detail).to.deep.equal({ keyId: record.id, label: record.label });
    expect(await getKey(record.id)).to.equal(undefined);
  });
});
