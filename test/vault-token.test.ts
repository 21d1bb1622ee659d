// "Write to token" in <shirushi-vault> (issue 7): a key generated on the emulated PIV card signs a CSR, an
// openssl test CA issues the certificate, the vault holds the certificate without its key, and the element
// writes it to the card through a fake device; the card's object is read back. A certificate for another
// key is refused (token/key-mismatch), and a wrong PIN is reported with the tries left and never retried.
import { expect } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import { formatMessage } from '../src/i18n/strings.js';
import type { TransportKind } from '../src/token/apdu.js';
import type { TransportAvailability } from '../src/token/available.js';
import { hardwareTokenKey } from '../src/token/hardware-key.js';
import { OpenPgpCard } from '../src/token/openpgp.js';
import { PivCard, type PivSlot } from '../src/token/piv.js';
import type { CardKeyType } from '../src/token/public-key.js';
import { ShirushiVault } from '../widgets/vault/vault.js';
import { VirtualCard } from './tools/card/index.js';
import type { CardBackend } from './tools/fake-devices/common.js';
import { fakeTransport, type FakeConnection } from './tools/fake-devices/connect.js';
import { TestCa, csrFor } from './helpers/test-ca.js';

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

const testCa = new TestCa('Vault Token Test CA');
let counter = 0;
const created: HTMLElement[] = [];
const names: string[] = [];
const connections: FakeConnection[] = [];

/** Passes APDUs to a VirtualCard, counting the VERIFY commands that carry a PIN. */
class CountingCard implements CardBackend {
  verifies = 0;
  constructor(readonly card: VirtualCard) {}
  get atr(): Uint8Array {
    return this.card.atr;
  }
  powerOn(): void {
    this.card.powerOn();
  }
  powerOff(): void {
    this.card.powerOff();
  }
  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (apdu[1] === 0x20 && apdu.length > 5) this.verifies++;
    return this.card.transmit(apdu);
  }
}

/** Generates a key in a PIV slot of `card` (own session) and has the test CA certify it. */
async function pivCertificate(card: VirtualCard, slot: PivSlot, type: CardKeyType, serial: number) {
  const { transport } = fakeTransport('canokey-webusb', card);
  await transport.open();
  try {
    const piv = new PivCard(transport);
    await piv.select();
    await piv.authenticateManagementKey();
    const generated = await piv.generateKey(slot, type);
    const key = hardwareTokenKey({ application: 'piv', card: piv, ...generated }, { pin: () => '123456' });
    return await testCa.issue(await csrFor(key, `token${serial}.example.jp`), serial);
  } finally {
    await transport.close();
  }
}

/** Reads a certificate object from the card in a session of its own. */
async function readBack(card: VirtualCard, where: PivSlot | 'openpgp'): Promise<Uint8Array | undefined> {
  const { transport } = fakeTransport('smart-card-api', card);
  await transport.open();
  try {
    if (where === 'openpgp') {
      const pgp = new OpenPgpCard(transport);
      await pgp.select();
      return await pgp.readCertificate();
    }
    const piv = new PivCard(transport);
    await piv.select();
    return await piv.readCertificate(where);
  } finally {
    await transport.close();
  }
}

/** CanoKey and Smart Card API offered; Ledger and CCID missing, each with the reason the core gives. */
const someTransports = (): TransportAvailability[] => [
  { kind: 'ccid-webusb', available: false, reason: 'token/ccid-needs-isolated-app' },
  { kind: 'canokey-webusb', available: true },
  { kind: 'ledger-webhid', available: false, reason: 'token/no-webhid' },
  { kind: 'smart-card-api', available: true },
];

function shadow(element: HTMLElement): ShadowRoot {
  if (!element.shadowRoot) throw new Error('no shadow root');
  return element.shadowRoot;
}

function $<T extends Element = HTMLElement>(element: HTMLElement, selector: string): T {
  const found = shadow(element).querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

const has = (element: HTMLElement, selector: string) => shadow(element).querySelector(selector) !== null;

async function until(element: ShirushiVault, condition: () => boolean, what: string, timeout = 20_000) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await element.updateComplete;
  }
}

async function type(element: ShirushiVault, selector: string, value: string): Promise<void> {
  const field = $<HTMLInputElement>(element, selector);
  field.focus();
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  await element.updateComplete;
}

async function choose(element: ShirushiVault, selector: string, value: string): Promise<void> {
  const select = $<HTMLSelectElement>(element, selector);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await element.updateComplete;
}

async function click(element: ShirushiVault, selector: string): Promise<void> {
  $<HTMLElement>(element, selector).click();
  await element.updateComplete;
}

/** A vault element on a fresh database whose token picker hands out fake devices on `card`. */
async function mount(card: CardBackend, lang: 'ja' | 'en' = 'en') {
  const element = document.createElement('shirushi-vault');
  element.lang = lang;
  const name = `shirushi-vault-token-${Date.now()}-${++counter}`;
  names.push(name);
  element.vaultName = name;
  element.transportAvailability = someTransports;
  const asked: TransportKind[] = [];
  element.transportProvider = (kind) => {
    asked.push(kind);
    const connection = fakeTransport(kind, card);
    connections.push(connection);
    return Promise.resolve(connection.transport);
  };
  document.body.append(element);
  created.push(element);
  await element.ready;
  return { element, asked };
}

/** Imports `der` (its key is on the token, not here), opens its detail and the write-to-token section. */
async function showCertificate(element: ShirushiVault, der: Uint8Array): Promise<string> {
  const vault = element.vault!;
  const result = await vault.importCertificates(der);
  const id = result.imported[0]!.id;
  await until(element, () => has(element, `.row[data-id="${id}"]`), 'the row');
  await element.select(id);
  await until(element, () => has(element, '[data-action="open-token-write"]'), 'the write-to-token action');
  await click(element, '[data-action="open-token-write"]');
  return id;
}

async function connect(element: ShirushiVault, kind: TransportKind): Promise<void> {
  await click(element, `[data-action="write-connect"][data-kind="${kind}"]`);
  await until(element, () => has(element, '#write-connected'), 'the connection');
}

const statusText = (element: ShirushiVault) => squash($(element, '#status').textContent);
const errorCode = (element: ShirushiVault) =>
  squash(shadow(element).querySelector('[part="error"] code')?.textContent);

afterEach(async () => {
  for (const element of created.splice(0)) element.remove();
  for (const connection of connections.splice(0)) await connection.transport.close().catch(() => undefined);
  for (const name of names.splice(0)) await deleteDB(name);
});

describe('<shirushi-vault>: write the certificate to a token', function () {
  this.timeout(90_000);

  it('writes a PIV certificate to its slot through the element, reads it back, and records it', async () => {
    const card = new VirtualCard();
    const certificate = await pivCertificate(card, '9C', 'P-256', 31);
    const { element, asked } = await mount(card);
    const id = await showCertificate(element, certificate);
    expect(element.vault!.statusOf(element.vault!.summary(id)!).keyMissing).to.equal(true);
    expect(squash($(element, '[data-action="open-token-write"]').textContent)).to.equal('Write to token');
    // Transports this browser lacks say why.
    const ledger = $(element, '[data-form="token-write"] [data-transport="ledger-webhid"]');
    expect(ledger.dataset.available).to.equal('false');
    expect(has(element, '[data-transport="ledger-webhid"] [data-action="write-connect"]')).to.equal(false);
    expect(squash($(element, '[data-transport="ccid-webusb"] .reason').textContent)).to.contain(
      formatMessage('token/ccid-needs-isolated-app', 'en'),
    );

    await connect(element, 'canokey-webusb');
    expect(asked).to.deep.equal(['canokey-webusb']);
    const button = () => $<HTMLButtonElement>(element, '[data-action="token-write"]');
    expect(button().disabled, 'no PIN yet').to.equal(true);
    await choose(element, '#write-slot', '9C');
    await type(element, '#write-pin', '123456');
    expect(button().disabled).to.equal(false);
    await click(element, '[data-action="token-write"]');
    await until(element, () => has(element, '[data-token-result]'), 'the result');
    expect($(element, '[data-token-result]').dataset.tokenResult).to.equal('written');
    await until(element, () => !statusText(element).endsWith('…'), 'the announcement');
    expect(statusText(element)).to.match(/^The certificate was written to PIV 9C on /);
    expect($<HTMLInputElement>(element, '#write-pin').value, 'the PIN field is emptied').to.equal('');
    expect(errorCode(element)).to.equal('');

    const back = await readBack(card, '9C');
    expect(
      back !== undefined && back.length === certificate.length && back.every((b, i) => b === certificate[i]),
    ).to.equal(true);

    // History: one "exported" event to the token, without any PIN.
    await until(
      element,
      () => shadow(element).querySelector('[data-section="history"] li[data-type="exported"]') !== null,
      'the history event',
    );
    const events = await element.vault!.history(id);
    const exported = events.filter((event) => event.type === 'exported');
    expect(exported.length).to.equal(1);
    expect(exported[0]!.detail).to.deep.include({
      to: 'token',
      application: 'piv',
      slot: '9C',
      unchanged: false,
    });
    expect(JSON.stringify(events).includes('123456')).to.equal(false);
    const anywhere = [...shadow(element).querySelectorAll('*')].some(
      (node) =>
        [...node.attributes].some((attribute) => attribute.value.includes('123456')) ||
        (node instanceof HTMLInputElement && node.value.includes('123456')),
    );
    expect(anywhere || (shadow(element).textContent ?? '').includes('123456')).to.equal(false);
    expect([...element.attributes].some((attribute) => attribute.value.includes('123456'))).to.equal(false);

    // Again: the card already holds it, nothing is written.
    await type(element, '#write-pin', '123456');
    await click(element, '[data-action="token-write"]');
    await until(
      element,
      () => shadow(element).querySelector('[data-token-result="unchanged"]') !== null,
      'the unchanged result',
    );
    await until(element, () => !statusText(element).endsWith('…'), 'the announcement');
    expect(statusText(element)).to.match(/already on the token \(PIV 9C on /);
  });

  it('refuses a certificate for another key with token/key-mismatch, in Japanese too', async () => {
    const card = new VirtualCard();
    await pivCertificate(card, '9A', 'P-256', 32);
    const elsewhere = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    const foreign = await testCa.issue(await csrFor(elsewhere, 'other.example.jp'), 33);
    const before = await readBack(card, '9A');
    const { element } = await mount(card, 'ja');
    await showCertificate(element, foreign);
    expect(squash($(element, '[data-action="open-token-write"]').textContent)).to.equal('トークンに書き込む');
    await connect(element, 'smart-card-api');
    await choose(element, '#write-slot', '9A');
    await type(element, '#write-pin', '123456');
    await click(element, '[data-action="token-write"]');
    await until(element, () => errorCode(element) !== '', 'the error');
    expect(errorCode(element)).to.equal('token/key-mismatch');
    const message = squash($(element, '[part="error"] p').textContent);
    expect(message.length > 0 && !message.includes('token/key-mismatch')).to.equal(true);
    expect(has(element, '[data-token-result]')).to.equal(false);
    expect($<HTMLInputElement>(element, '#write-pin').value).to.equal('');
    const after = await readBack(card, '9A');
    expect(String(after?.length)).to.equal(String(before?.length));
    const events = await element.vault!.history(element.vault!.list()[0]!.id);
    expect(events.some((event) => event.type === 'exported')).to.equal(false);
  });

  it('a wrong PIN: tries left shown, PIN field marked, the PIN sent once and never retried', async () => {
    const card = new VirtualCard();
    const certificate = await pivCertificate(card, '9A', 'P-256', 34);
    const counting = new CountingCard(card);
    const { element } = await mount(counting);
    await showCertificate(element, certificate);
    await connect(element, 'canokey-webusb');
    await type(element, '#write-pin', '000000');
    await click(element, '[data-action="token-write"]');
    await until(element, () => errorCode(element) !== '', 'the error');
    expect(errorCode(element)).to.equal('token/wrong-pin');
    expect(squash($(element, '[part="error"] p').textContent)).to.contain('2 tries left');
    expect(counting.verifies).to.equal(1);
    expect($<HTMLInputElement>(element, '#write-pin').getAttribute('aria-invalid')).to.equal('true');
    expect($<HTMLInputElement>(element, '#write-pin').value).to.equal('');
    expect(
      squash($(element, '#write-pin').closest('.field')!.querySelector('label')!.textContent),
    ).to.contain('2 tries left');
    // Nothing more goes to the card until the user presses the button again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counting.verifies).to.equal(1);
    expect((await readBack(card, '9A')) === undefined).to.equal(true);
  });

  it('writes the OpenPGP cardholder certificate with the admin PIN', async () => {
    const card = new VirtualCard();
    const { transport } = fakeTransport('smart-card-api', card);
    await transport.open();
    let certificate: Uint8Array;
    try {
      const pgp = new OpenPgpCard(transport);
      await pgp.select();
      await pgp.verify('pw3', '12345678');
      const generated = await pgp.generateKey('sig', 'P-256');
      const key = hardwareTokenKey(
        { application: 'openpgp', card: pgp, ...generated },
        { pin: () => '123456' },
      );
      certificate = await testCa.issue(await csrFor(key, 'pgp.example.jp'), 35);
    } finally {
      await transport.close();
    }
    const { element } = await mount(card);
    const id = await showCertificate(element, certificate);
    await connect(element, 'smart-card-api');
    await click(element, '#write-application-openpgp');
    expect(has(element, '#write-slot')).to.equal(false);
    await type(element, '#write-pin', '123456');
    expect(
      $<HTMLButtonElement>(element, '[data-action="token-write"]').disabled,
      'admin PIN missing',
    ).to.equal(true);
    await type(element, '#write-admin-pin', '12345678');
    await click(element, '[data-action="token-write"]');
    await until(element, () => has(element, '[data-token-result="written"]'), 'the result');
    expect($<HTMLInputElement>(element, '#write-admin-pin').value).to.equal('');
    const back = await readBack(card, 'openpgp');
    expect(
      back !== undefined && back.length === certificate.length && back.every((b, i) => b === certificate[i]),
    ).to.equal(true);
    const events = await element.vault!.history(id);
    expect(
      events.filter((event) => event.type === 'exported').map((event) => event.detail?.['application']),
    ).to.deep.equal(['openpgp']);
    expect(JSON.stringify(events).includes('12345678')).to.equal(false);
  });
});
