import { expect } from '@esm-bundle/chai';
import { ShirushiError } from '../src/errors/shirushi-error.js';
import { formatMessage, type ErrorCode } from '../src/i18n/strings.js';
import type { TransportKind } from '../src/token/apdu.js';
import { availableTransports, type TransportAvailability } from '../src/token/available.js';
import { OpenPgpCard } from '../src/token/openpgp.js';
import { PivCard } from '../src/token/piv.js';
import type { TokenGlobal } from '../src/token/platform.js';
import { ecdsaDerToRaw } from '../src/token/signature.js';
import {
  ShirushiCsr,
  type CsrCreatedEventDetail,
  type CsrTokenCreatedEventDetail,
} from '../widgets/csr/csr.js';
import { VirtualCard } from './tools/card/index.js';
import type { CardBackend } from './tools/fake-devices/common.js';
import { TRANSPORT_KINDS, fakeTransport, type FakeConnection } from './tools/fake-devices/connect.js';
import { openssl } from './harness/openssl.js';

type AnyDetail = CsrCreatedEventDetail | CsrTokenCreatedEventDetail;

const created: HTMLElement[] = [];
const connections: FakeConnection[] = [];

/** Passes APDUs to a VirtualCard, counting the VERIFY commands that carry a PIN. */
class CountingCard implements CardBackend {
  verifies = 0;
  constructor(
    readonly card: VirtualCard,
    private readonly override?: (apdu: Uint8Array) => Uint8Array | undefined,
  ) {}
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
    // VERIFY (INS 20) with Lc: a PIN sent to the card. Without data it only asks for the tries left.
    if (apdu[1] === 0x20 && apdu.length > 5) this.verifies++;
    const answer = this.override?.(apdu);
    return answer ? Promise.resolve(answer) : this.card.transmit(apdu);
  }
}

const everyTransport = (): TransportAvailability[] =>
  TRANSPORT_KINDS.map((kind) => ({ kind, available: true }));

async function mount(
  card: CardBackend,
  options: { lang?: 'ja' | 'en'; profile?: string; available?: () => TransportAvailability[] } = {},
): Promise<{ element: ShirushiCsr; asked: TransportKind[] }> {
  const element = document.createElement('shirushi-csr');
  element.lang = options.lang ?? 'en';
  element.setAttribute('profile', options.profile ?? 'jprs-dv');
  element.transportAvailability = options.available ?? everyTransport;
  const asked: TransportKind[] = [];
  element.transportProvider = (kind) => {
    asked.push(kind);
    const connection = fakeTransport(kind, card);
    connections.push(connection);
    return Promise.resolve(connection.transport);
  };
  document.body.append(element);
  created.push(element);
  await element.updateComplete;
  return { element, asked };
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

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

async function type(element: ShirushiCsr, selector: string, value: string): Promise<void> {
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

async function waitFor<T>(probe: () => T | null | undefined | false, what: string, ms = 30_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const value = probe();
    if (value) return value;
    if (performance.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Chooses "hardware token" and connects through the (injected) picker for `kind`. */
async function connect(element: ShirushiCsr, kind: TransportKind): Promise<void> {
  $<HTMLInputElement>(element, '#key-location-token').click();
  await element.updateComplete;
  expect(element.keyLocation).to.equal('token');
  $<HTMLButtonElement>(element, `[data-action="connect"][data-kind="${kind}"]`).click();
  await waitFor(
    () =>
      shadow(element).querySelector('[data-token-connected]') ??
      shadow(element).querySelector('.error.shown'),
    'the connection',
  );
  await element.updateComplete;
  expect(
    shadow(element).querySelector('.error.shown'),
    squash($(element, '[part="error"]').textContent),
  ).to.equal(null);
  expect($(element, '[data-token-connected]').getAttribute('data-token-connected')).to.equal(kind);
  expect(shadow(element).activeElement?.id, 'focus on the connected device').to.equal('token-connected');
}

/** Records every console call while `run` runs. */
async function capturingConsole<T>(run: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((name) => console[name]);
  for (const name of methods) {
    console[name] = (...args: unknown[]) => {
      lines.push(args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' '));
    };
  }
  try {
    return { value: await run(), lines };
  } finally {
    methods.forEach((name, i) => {
      console[name] = originals[i]!;
    });
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Every attribute and input value in the element's shadow tree. */
function everyAttributeAndValue(element: HTMLElement): string {
  const parts: string[] = [];
  for (const node of shadow(element).querySelectorAll('*')) {
    for (const attribute of node.attributes) parts.push(`${attribute.name}=${attribute.value}`);
    if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) parts.push(node.value);
  }
  return parts.join('\n');
}

/** Clicks Generate and resolves with the event, recording the status texts shown meanwhile. */
async function generate(element: ShirushiCsr): Promise<{ detail: AnyDetail; statuses: string[] }> {
  const statuses: string[] = [];
  const status = $(element, '[role="status"]');
  const observer = new MutationObserver(() => statuses.push(squash(status.textContent)));
  observer.observe(status, { childList: true, characterData: true, subtree: true });
  const fired = new Promise<AnyDetail>((resolve) =>
    element.addEventListener(
      'shirushi-csr-created',
      (event) => resolve((event as CustomEvent<AnyDetail>).detail),
      {
        once: true,
      },
    ),
  );
  const button = $<HTMLButtonElement>(element, '[part="generate"]');
  expect(
    button.getAttribute('aria-disabled') === 'true',
    squash(shadow(element).querySelector('#generate-blocked')?.textContent),
  ).to.equal(false);
  button.click();
  // The PIN field is emptied as soon as the PIN is read, before the first APDU.
  expect($<HTMLInputElement>(element, '#token-pin').value).to.equal('');
  await element.updateComplete;
  expect(shadow(element).querySelector('progress'), 'progress shown').to.not.equal(null);
  const failed = waitFor(() => shadow(element).querySelector('.error.shown'), 'an error', 100_000).then(
    (error) => {
      throw new Error(`generation failed: ${squash(error.textContent)}`);
    },
  );
  const detail = await Promise.race([fired, failed]);
  observer.disconnect();
  return { detail, statuses };
}

async function opensslPublicKey(pem: string): Promise<string> {
  const result = await openssl(['req', '-verify', '-noout', '-in', 'req.pem', '-pubkey'], {
    files: { 'req.pem': pem },
  });
  expect(result.code, result.stderr).to.equal(0);
  expect(result.stderr + result.stdout).to.match(/verify OK/);
  return result.stdout.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
}

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

afterEach(async () => {
  for (const element of created.splice(0)) element.remove();
  for (const connection of connections.splice(0)) await connection.transport.close().catch(() => undefined);
});

describe('<shirushi-csr> with a hardware token', function () {
  this.timeout(120_000);

  it('makes a PIV key in slot 9C over CCID, signs the CSR on the card, and never leaks the PIN', async () => {
    const pin = '271828';
    const virtual = new VirtualCard({ pivPin: pin });
    const card = new CountingCard(virtual);
    const { element, asked } = await mount(card);
    await type(element, '#names', 'token.example.jp');
    await connect(element, 'ccid-webusb');
    expect(asked).to.deep.equal(['ccid-webusb']);
    // Both applications of the emulated card are offered; PIV is chosen first.
    expect($<HTMLInputElement>(element, '#token-application-piv').checked).to.equal(true);
    expect(shadow(element).querySelector('#token-application-openpgp')).to.not.equal(null);
    expect(squash($(element, 'label[for="token-pin"]').textContent)).to.contain('3 tries left');
    // Every control in the token section has a label.
    for (const control of shadow(element).querySelectorAll('input, select, textarea')) {
      expect(shadow(element).querySelector(`label[for="${control.id}"]`), control.id).to.not.equal(null);
    }
    const pinInput = $<HTMLInputElement>(element, '#token-pin');
    expect(pinInput.type).to.equal('password');
    expect(pinInput.getAttribute('autocomplete')).to.equal('off');
    expect(
      $<HTMLButtonElement>(element, '[part="generate"]').getAttribute('aria-disabled') === 'true',
      'no PIN yet',
    ).to.equal(true);

    await choose(element, '#token-slot', '9C');
    await choose(element, '#token-algorithm', 'P-256');
    const { value, lines } = await capturingConsole(async () => {
      await type(element, '#token-pin', pin);
      const run = await generate(element);
      await element.updateComplete;
      return run;
    });
    const { detail, statuses } = value;
    expect(detail.keyLocation).to.equal('token');
    expect('keyId' in detail).to.equal(false);
    const token = (detail as CsrTokenCreatedEventDetail).token;
    expect(token).to.deep.equal({
      transport: 'ccid-webusb',
      device: token.device,
      application: 'piv',
      slot: '9C',
      algorithm: 'P-256',
    });
    expect(detail.label).to.contain('PIV 9C');
    expect(statuses.some((text) => text.includes('Touch your token if it blinks'))).to.equal(true);
    // Checked once before generating, once right before the signature (9C is PIN-always).
    expect(card.verifies).to.equal(2);

    // The PIN is nowhere: not in the event, the console, attributes, input values or the page.
    expect(safeJson(detail)).to.not.contain(pin);
    expect(lines.join('\n')).to.not.contain(pin);
    expect(everyAttributeAndValue(element)).to.not.contain(pin);
    expect(shadow(element).textContent ?? '').to.not.contain(pin);
    expect($<HTMLInputElement>(element, '#token-pin').value).to.equal('');

    expect(shadow(element).activeElement?.id).to.equal('result-heading');
    expect(squash($(element, '[data-field="key-location"]').textContent)).to.contain('on the token');
    expect(squash($(element, '[data-field="key"]').textContent)).to.contain('P-256');
    expect($(element, '[data-field="signature"] [data-valid]').getAttribute('data-valid')).to.equal('true');

    // openssl verifies the CSR and its key is the card's: the card signs with it through a new connection.
    const pem = detail.pem;
    expect(await opensslPublicKey(pem)).to.contain(base64(detail.info.publicKey.spki));
    const text = await openssl(['req', '-noout', '-text', '-in', 'x.csr'], { files: { 'x.csr': pem } });
    expect(text.stdout).to.contain('CN = token.example.jp');
    expect(text.stdout).to.contain('ecdsa-with-SHA256');
    const again = fakeTransport('canokey-webusb', virtual);
    connections.push(again);
    await again.transport.open();
    const piv = new PivCard(again.transport);
    await piv.select();
    await piv.verifyPin(pin);
    const data = new TextEncoder().encode('same key');
    const signature = await piv.sign('9C', 'P-256', data, 'SHA-256');
    const publicKey = await crypto.subtle.importKey(
      'spki',
      detail.info.publicKey.spki as BufferSource,
      { name: 'ECDSA', namedCurve: 'P-256' },
      false,
      ['verify'],
    );
    const raw = ecdsaDerToRaw(signature, 32);
    expect(
      await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, raw as BufferSource, data),
    ).to.equal(true);
  });

  it('makes an OpenPGP signature key over Ledger HID with the admin PIN and the PIN (Japanese UI)', async () => {
    const virtual = new VirtualCard({
      applications: ['openpgp'],
      openpgpPw1: '654321',
      openpgpPw3: '87654321',
    });
    const card = new CountingCard(virtual);
    const { element } = await mount(card, { lang: 'ja', profile: 'acme' });
    expect(squash($(element, '.key-location legend').textContent)).to.equal('鍵の保管場所');
    await type(element, '#names', 'pgp.example.com');
    await connect(element, 'ledger-webhid');
    expect(shadow(element).querySelector('#token-application-piv')).to.equal(null);
    expect($<HTMLInputElement>(element, '#token-application-openpgp').checked).to.equal(true);
    expect(shadow(element).querySelector('#token-slot')).to.equal(null);
    expect(shadow(element).querySelector('#token-management-default')).to.equal(null);
    expect(squash($(element, 'label[for="token-admin-pin"]').textContent)).to.contain('残り 3 回');
    await choose(element, '#token-algorithm', 'P-384');
    await type(element, '#token-pin', '654321');
    expect(
      $<HTMLButtonElement>(element, '[part="generate"]').getAttribute('aria-disabled') === 'true',
      'needs the admin PIN',
    ).to.equal(true);
    await type(element, '#token-admin-pin', '87654321');
    const { detail, statuses } = await generate(element);
    expect($<HTMLInputElement>(element, '#token-admin-pin').value).to.equal('');
    expect(statuses.some((text) => text.includes('点滅したら触れてください'))).to.equal(true);
    expect(detail.keyLocation).to.equal('token');
    expect((detail as CsrTokenCreatedEventDetail).token).to.include({
      transport: 'ledger-webhid',
      application: 'openpgp',
      algorithm: 'P-384',
    });
    expect(safeJson(detail)).to.not.contain('654321').and.not.contain('87654321');
    // PW1 before generating, PW3 to generate, PW1 right before the signature.
    expect(card.verifies).to.equal(3);

    const fromOpenssl = await opensslPublicKey(detail.pem);
    const text = await openssl(['req', '-noout', '-text', '-in', 'x.csr'], {
      files: { 'x.csr': detail.pem },
    });
    expect(text.stdout).to.contain('ecdsa-with-SHA384');
    const again = fakeTransport('smart-card-api', virtual);
    connections.push(again);
    await again.transport.open();
    const openpgp = new OpenPgpCard(again.transport);
    await openpgp.select();
    const onCard = await openpgp.readPublicKey('sig');
    expect(onCard.type).to.equal('P-384');
    expect(fromOpenssl).to.contain(base64(onCard.spki));
    expect(hex(detail.info.publicKey.spki)).to.equal(hex(onCard.spki));
  });

  it('makes an RSA 2048 key in PIV 9A over the Web Smart Card API with a custom AES-128 management key', async () => {
    const managementKey = '00112233445566778899aabbccddeeff';
    const virtual = new VirtualCard({
      applications: ['piv'],
      pivManagementKey: {
        algorithm: 'aes128',
        key: Uint8Array.from(managementKey.match(/../g)!, (pair) => Number.parseInt(pair, 16)),
      },
    });
    const { element } = await mount(virtual);
    await type(element, '#names', 'rsa.example.jp');
    await connect(element, 'smart-card-api');
    expect($<HTMLSelectElement>(element, '#token-algorithm').value).to.equal('RSA-2048');
    $<HTMLInputElement>(element, '#token-management-custom').click();
    await element.updateComplete;
    await choose(element, '#token-management-algorithm', 'aes128');
    await type(element, '#token-management-key', managementKey);
    await type(element, '#token-pin', '123456');
    const { detail } = await generate(element);
    expect($<HTMLInputElement>(element, '#token-management-key').value).to.equal('');
    expect(safeJson(detail)).to.not.contain(managementKey);
    expect((detail as CsrTokenCreatedEventDetail).token).to.include({ slot: '9A', algorithm: 'RSA-2048' });
    await opensslPublicKey(detail.pem);
    const text = await openssl(['req', '-noout', '-text', '-in', 'x.csr'], {
      files: { 'x.csr': detail.pem },
    });
    expect(text.stdout).to.contain('sha256WithRSAEncryption');
    expect(text.stdout).to.contain('Public-Key: (2048 bit)');
  });

  it('shows a wrong PIN with the tries left and does not retry it, then works with the right one', async () => {
    const card = new CountingCard(new VirtualCard({ applications: ['piv'] }));
    const { element } = await mount(card);
    await type(element, '#names', 'retry.example.jp');
    await connect(element, 'canokey-webusb');
    await choose(element, '#token-algorithm', 'P-256');
    let events = 0;
    element.addEventListener('shirushi-csr-created', () => events++);
    await type(element, '#token-pin', '000000');
    $<HTMLButtonElement>(element, '[part="generate"]').click();
    await waitFor(() => shadow(element).querySelector('.error.shown'), 'the error');
    await element.updateComplete;
    // Give an automatic retry every chance to happen.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(card.verifies, 'one VERIFY, no retry').to.equal(1);
    expect(events).to.equal(0);
    const error = $(element, '[part="error"]');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(squash(error.textContent)).to.contain('2 tries left');
    expect(squash(error.textContent)).to.contain('token/wrong-pin');
    expect(squash(error.textContent)).to.contain('Nothing was retried');
    const pinInput = $<HTMLInputElement>(element, '#token-pin');
    expect(pinInput.value).to.equal('');
    expect(pinInput.getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(element).activeElement?.id, 'focus back on the PIN').to.equal('token-pin');
    expect(squash($(element, 'label[for="token-pin"]').textContent)).to.contain('2 tries left');
    expect(
      $<HTMLButtonElement>(element, '[part="generate"]').getAttribute('aria-disabled') === 'true',
    ).to.equal(true);
    expect(shadow(element).querySelector('progress')).to.equal(null);

    await type(element, '#token-pin', '123456');
    expect(pinInput.getAttribute('aria-invalid')).to.equal('false');
    const { detail } = await generate(element);
    expect(card.verifies).to.equal(3);
    expect(shadow(element).querySelector('.error.shown')).to.equal(null);
    await opensslPublicKey(detail.pem);
  });

  it('says a PIN is blocked, and then sends no more VERIFY commands', async () => {
    const card = new CountingCard(new VirtualCard({ applications: ['piv'] }));
    const { element } = await mount(card);
    await type(element, '#names', 'blocked.example.jp');
    await connect(element, 'ccid-webusb');
    const attempt = async () => {
      await type(element, '#token-pin', '999999');
      $<HTMLButtonElement>(element, '[part="generate"]').click();
      await element.updateComplete;
      await waitFor(() => shadow(element).querySelector('.error.shown'), 'the error');
      await element.updateComplete;
      return squash(shadow(element).querySelector('[part="error"]')?.textContent);
    };
    expect(await attempt()).to.contain('token/wrong-pin');
    expect(await attempt()).to.contain('token/wrong-pin');
    expect(await attempt()).to.contain('token/pin-blocked');
    expect(card.verifies).to.equal(3);
    expect(squash($(element, '[part="error"]').textContent)).to.contain('PUK');
    expect(squash($(element, 'label[for="token-pin"]').textContent)).to.contain('(blocked)');
    expect(await attempt()).to.contain('token/pin-blocked');
    expect(card.verifies, 'no PIN sent to a blocked card').to.equal(3);
  });

  it('says the token does not support the algorithm', async () => {
    // A card that refuses GENERATE for the algorithm (6A80), as a token without P-384 does.
    const card = new CountingCard(new VirtualCard({ applications: ['piv'] }), (apdu) =>
      apdu[1] === 0x47 ? Uint8Array.of(0x6a, 0x80) : undefined,
    );
    const { element } = await mount(card);
    await type(element, '#names', 'algo.example.jp');
    await connect(element, 'ledger-webhid');
    await choose(element, '#token-algorithm', 'P-384');
    await type(element, '#token-pin', '123456');
    $<HTMLButtonElement>(element, '[part="generate"]').click();
    await waitFor(() => shadow(element).querySelector('.error.shown'), 'the error');
    await element.updateComplete;
    const error = squash($(element, '[part="error"]').textContent);
    expect(error).to.contain('token/unsupported-algorithm');
    expect(error).to.contain(formatMessage('token/unsupported-algorithm', 'en', { algorithm: 'P-384' }));
    expect(error).to.contain('Choose another key type');
    // Still connected: the applicant can choose another key type.
    expect(shadow(element).querySelector('[data-token-connected]')).to.not.equal(null);
  });

  it('says the token was unplugged and offers to connect again', async () => {
    const card = new CountingCard(new VirtualCard());
    const { element } = await mount(card);
    await type(element, '#names', 'unplug.example.jp');
    await connect(element, 'canokey-webusb');
    await type(element, '#token-pin', '123456');
    connections.at(-1)!.unplug();
    $<HTMLButtonElement>(element, '[part="generate"]').click();
    await waitFor(() => shadow(element).querySelector('.error.shown'), 'the error');
    await element.updateComplete;
    const error = squash($(element, '[part="error"]').textContent);
    expect(error).to.contain('token/disconnected');
    expect(error).to.contain('unplugged');
    expect(error).to.contain('press Connect');
    expect(shadow(element).querySelector('[data-token-connected]')).to.equal(null);
    expect(shadow(element).activeElement?.getAttribute('data-action')).to.equal('connect');
    expect(shadow(element).querySelector('progress')).to.equal(null);
  });

  it('says so when the device picker is closed without a choice', async () => {
    const { element } = await mount(new VirtualCard());
    element.transportProvider = () =>
      Promise.reject(new ShirushiError('token/no-device', { detail: 'no device was chosen' }));
    $<HTMLInputElement>(element, '#key-location-token').click();
    await element.updateComplete;
    $<HTMLButtonElement>(element, '[data-action="connect"][data-kind="ledger-webhid"]').click();
    await waitFor(() => shadow(element).querySelector('.error.shown'), 'the error');
    await element.updateComplete;
    const error = squash($(element, '[part="error"]').textContent);
    expect(error).to.contain('token/no-device');
    expect(error).to.contain('device picker was closed');
    expect(shadow(element).querySelector('[data-token-connected]')).to.equal(null);
    expect(shadow(element).querySelector('progress')).to.equal(null);
    expect(shadow(element).activeElement?.getAttribute('data-action')).to.equal('connect');
  });

  it('explains why no transport is available and what works', async () => {
    const scopes: Array<[TokenGlobal, ErrorCode[]]> = [
      [
        { navigator: {}, isSecureContext: true },
        ['token/no-webusb', 'token/no-webusb', 'token/no-webhid', 'token/no-smart-card-api'],
      ],
      [{ navigator: { usb: {} as never }, isSecureContext: true }, ['token/ccid-needs-isolated-app']],
      [{ navigator: {}, isSecureContext: false }, Array(4).fill('token/insecure-context') as ErrorCode[]],
    ];
    for (const [scope, reasons] of scopes) {
      const { element } = await mount(new VirtualCard(), { available: () => availableTransports(scope) });
      $<HTMLInputElement>(element, '#key-location-token').click();
      await element.updateComplete;
      const rows = [...shadow(element).querySelectorAll<HTMLElement>('[data-transport]')];
      expect(rows.map((row) => row.dataset['transport'])).to.deep.equal([...TRANSPORT_KINDS]);
      const unavailable = rows.filter((row) => row.dataset['available'] === 'false');
      const shown = unavailable.map((row) => row.querySelector('[data-reason]')?.getAttribute('data-reason'));
      if (reasons.length === 4) {
        expect(unavailable).to.have.length(4);
        expect(shown).to.deep.equal(reasons);
        expect(shadow(element).querySelector('[data-action="connect"]')).to.equal(null);
        expect(squash($(element, '#token-none').textContent)).to.contain(
          'cannot connect to a hardware token',
        );
        expect(
          $<HTMLButtonElement>(element, '[part="generate"]').getAttribute('aria-disabled') === 'true',
        ).to.equal(true);
        expect(squash($(element, '#generate-blocked').textContent)).to.contain('Connect a token');
      } else {
        // WebUSB in an ordinary page: CanoKey works, CCID readers need an Isolated Web App.
        expect(shown[0]).to.equal(reasons[0]);
        expect(
          shadow(element).querySelector('[data-action="connect"][data-kind="canokey-webusb"]'),
        ).to.not.equal(null);
        expect(shadow(element).querySelector('#token-none')).to.equal(null);
      }
      for (const row of unavailable) {
        const reason = row.querySelector('[data-reason]')!.getAttribute('data-reason') as ErrorCode;
        expect(squash(row.textContent)).to.contain(formatMessage(reason, 'en'));
      }
      expect(squash($(element, '#token-what-works').textContent)).to.contain('Isolated Web App');
      expect(squash($(element, '#token-what-works').textContent)).to.contain('CanoKey over WebUSB');
      expect(squash($(element, '#token-what-works').textContent)).to.contain('Ledger over WebHID');
    }
  });

  it("lists this browser's own transports: a Connect button or the reason for each", async () => {
    const element = document.createElement('shirushi-csr');
    element.lang = 'en';
    element.keyLocation = 'token';
    document.body.append(element);
    created.push(element);
    await element.updateComplete;
    const expected = availableTransports();
    for (const item of expected) {
      const row = $<HTMLElement>(element, `[data-transport="${item.kind}"]`);
      expect(row.querySelector('[data-action="connect"]') !== null, item.kind).to.equal(item.available);
      if (!item.available) expect(squash(row.textContent)).to.contain(formatMessage(item.reason!, 'en'));
    }
    // Back to this browser: the existing flow's fields return.
    $<HTMLInputElement>(element, '#key-location-browser').click();
    await element.updateComplete;
    expect(element.keyLocation).to.equal('browser');
    expect(shadow(element).querySelector('#key')).to.not.equal(null);
    expect(shadow(element).querySelector('[part="token"]')).to.equal(null);
  });
});
