import { expect } from '@esm-bundle/chai';
import { deleteDB } from 'idb';
import { deleteKey } from '../src/keys/store.js';
import { formatJst } from '../src/lifecycle/jst.js';
import { openVault, type Vault } from '../src/vault/index.js';
import {
  ShirushiVault,
  type DownloadEventDetail,
  type RenewEventDetail,
  type VaultDeletedEventDetail,
} from '../widgets/vault/vault.js';
import { executeServerCommand } from '@web/test-runner-commands';
import { clearCrlCache } from '../src/net/crl-cache.js';
import { RENEWAL_PRODUCTS, type RenewalProduct } from '../src/lifecycle/rules.js';
import { translator } from '../widgets/vault/strings.js';
import { openssl } from './harness/openssl.js';
import { crlScenarios, type CrlScenarios } from './helpers/crl-scenarios.js';
import { fixtures, fromBase64, type CertificateFixture } from './helpers/fixtures.js';

const PASSWORD = 'correct horse';

let counter = 0;
const created: HTMLElement[] = [];
const names: string[] = [];
const vaults: Vault[] = [];
const keyIds = new Set<string>();

function freshName(): string {
  const name = `shirushi-vault-widget-${Date.now()}-${++counter}`;
  names.push(name);
  return name;
}

async function ok(args: string[], files: Record<string, Uint8Array | string> = {}) {
  const result = await openssl(args, { files });
  if (result.code !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

/** A vault element on a fresh database, attached and ready. */
async function createVault(lang: 'ja' | 'en' = 'en', name = freshName()): Promise<ShirushiVault> {
  const element = document.createElement('shirushi-vault');
  element.lang = lang;
  element.vaultName = name;
  element.backupIterations = 2000;
  document.body.append(element);
  created.push(element);
  await element.ready;
  expect(element.vault, 'the vault opened').to.not.equal(undefined);
  return element;
}

/** A second Vault object on the same database: what another tab would hold. */
async function otherTab(name: string): Promise<Vault> {
  const vault = await openVault({ name, persist: false });
  vaults.push(vault);
  return vault;
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

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

async function type(element: ShirushiVault, selector: string, value: string): Promise<void> {
  const field = $<HTMLInputElement>(element, selector);
  field.focus();
  field.value = value;
  field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText' }));
  await element.updateComplete;
}

async function check(element: ShirushiVault, selector: string, checked = true): Promise<void> {
  const box = $<HTMLInputElement>(element, selector);
  box.checked = checked;
  box.dispatchEvent(new Event('change', { bubbles: true }));
  await element.updateComplete;
}

async function click(element: ShirushiVault, selector: string): Promise<void> {
  $<HTMLButtonElement>(element, selector).click();
  await element.updateComplete;
}

/** Waits until `condition` holds (re-checked every 20 ms, after each render). */
async function until(
  element: ShirushiVault,
  condition: () => boolean,
  what: string | (() => string),
  timeout = 15_000,
) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeout)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await element.updateComplete;
  }
}

function nextEvent<T>(element: HTMLElement, name: string, timeout = 15_000): Promise<CustomEvent<T>> {
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

/** Collects `shirushi-download` events and keeps the element from saving anything. */
function catchDownloads(element: HTMLElement): DownloadEventDetail[] {
  const caught: DownloadEventDetail[] = [];
  element.addEventListener('shirushi-download', (event) => {
    event.preventDefault();
    caught.push((event as CustomEvent<DownloadEventDetail>).detail);
  });
  return caught;
}

/** Puts files into a file input as the file picker would, and fires `change`. */
async function chooseFiles(element: ShirushiVault, selector: string, files: File[]): Promise<void> {
  const input = $<HTMLInputElement>(element, selector);
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await element.updateComplete;
}

function rowOf(element: ShirushiVault, id: string): HTMLButtonElement {
  return $<HTMLButtonElement>(element, `.row[data-id="${id}"]`);
}

function chipsOf(element: ShirushiVault, id: string): string[] {
  return [...rowOf(element, id).querySelectorAll('.chip')].map((chip) => chip.getAttribute('data-status')!);
}

function rowIds(element: ShirushiVault): string[] {
  return $$<HTMLElement>(element, '.row').map((row) => row.dataset.id!);
}

async function open(element: ShirushiVault, id: string): Promise<void> {
  rowOf(element, id).click();
  await until(element, () => shadow(element).querySelector('[part="detail"]') !== null, 'the detail view');
}

afterEach(async () => {
  for (const element of created.splice(0)) element.remove();
  for (const vault of vaults.splice(0)) vault.close();
  for (const name of names.splice(0)) await deleteDB(name);
  for (const id of keyIds) await deleteKey(id);
  keyIds.clear();
});

describe('<shirushi-vault>', function () {
  this.timeout(60_000);

  let leaf: CertificateFixture;
  let japanese: CertificateFixture;
  let expired: CertificateFixture;
  let intermediate: CertificateFixture;
  let root: CertificateFixture;
  let hostilePem: string;
  let hostileId: string;
  let p12: Uint8Array;

  before(async () => {
    const all = (await fixtures()) as Record<string, CertificateFixture>;
    leaf = all.rsa2048!;
    japanese = all.japanese!;
    expired = all.expired!;
    intermediate = all.intermediate!;
    root = all.root!;
    // A certificate whose subject is markup, 10 days left (inside the generic 30-day notice).
    const hostile = await ok([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      'out:h.key',
      '-out',
      'out:h.pem',
      '-days',
      '10',
      '-subj',
      '/O=<script>alert(1)<\\/script>/CN=<img src=x onerror=alert(1)>',
      '-addext',
      'basicConstraints=critical,CA:FALSE',
    ]);
    hostilePem = new TextDecoder().decode(fromBase64(hostile.files['h.pem']!));
    const der = await ok(['x509', '-in', 'h.pem', '-outform', 'DER', '-out', 'out:h.der'], {
      'h.pem': hostilePem,
    });
    const digest = new Uint8Array(
      await crypto.subtle.digest('SHA-256', fromBase64(der.files['h.der']!) as BufferSource),
    );
    hostileId = [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    const made = await ok(
      [
        'pkcs12',
        '-export',
        '-inkey',
        'leaf.key',
        '-in',
        'leaf.pem',
        '-certfile',
        'chain.pem',
        '-passout',
        `pass:${PASSWORD}`,
        '-out',
        'out:leaf.p12',
      ],
      { 'leaf.key': leaf.key, 'leaf.pem': leaf.pem, 'chain.pem': intermediate.pem + root.pem },
    );
    p12 = fromBase64(made.files['leaf.p12']!);
  });

  function idHex(fixture: CertificateFixture): string {
    return fixture.expected.sha256Fingerprint.toLowerCase().replace(/:/g, '');
  }

  it('is registered, renders in Japanese and English, and shows an empty vault', async () => {
    const element = await createVault('ja');
    expect(customElements.get('shirushi-vault')).to.equal(ShirushiVault);
    expect(squash($(element, '.title').textContent)).to.equal('証明書の保管庫');
    expect(squash($(element, '.empty').textContent)).to.contain('証明書はまだありません');
    element.lang = 'en';
    await element.updateComplete;
    expect(squash($(element, '.title').textContent)).to.equal('Certificate vault');
    // Every form control has a label.
    for (const control of $$<HTMLInputElement>(element, 'input, select')) {
      const id = control.id;
      expect(id, 'control has an id').to.not.equal('');
      expect(shadow(element).querySelector(`label[for="${id}"]`) !== null, `label for #${id}`).to.equal(true);
    }
  });

  it('lists certificates with status chips and keeps them current when another tab writes', async () => {
    const name = freshName();
    const element = await createVault('en', name);
    const vault = element.vault!;
    await vault.importCertificates(leaf.pem);
    await vault.importCertificates(expired.pem);
    await vault.importCertificates(hostilePem);
    await until(element, () => rowIds(element).length === 3, 'three rows');
    expect(chipsOf(element, idHex(leaf))).to.deep.equal(['valid', 'key-missing']);
    expect(chipsOf(element, idHex(expired))).to.deep.equal(['expired', 'key-missing']);
    expect(chipsOf(element, hostileId)).to.deep.equal(['expiring', 'key-missing']);
    // Soonest expiry first.
    expect(rowIds(element)).to.deep.equal([idHex(expired), hostileId, idHex(leaf)]);
    expect(squash($(element, `.row[data-id="${idHex(expired)}"] .chip`).textContent)).to.equal('Expired');

    // Revoked, from a recorded revocation result.
    await vault.recordRevocation(idHex(leaf), {
      status: 'revoked',
      reason: 'keyCompromise',
      revocationDate: new Date('2026-01-02T03:04:05Z'),
      thisUpdate: new Date('2026-01-03T00:00:00Z'),
      nextUpdate: new Date('2026-01-10T00:00:00Z'),
      crlUrl: 'http://crl.example.jp/intermediate.crl',
    });
    await until(element, () => chipsOf(element, idHex(leaf))[0] === 'revoked', 'the revoked chip');

    // Another tab imports: the list follows without a reload.
    const other = await otherTab(name);
    await other.importCertificates(japanese.pem);
    await until(element, () => rowIds(element).includes(idHex(japanese)), 'the other tab’s import');
    expect(squash($(element, '#list-count').textContent)).to.equal('4 of 4');
    await other.delete(idHex(japanese), { confirm: true });
    await until(element, () => !rowIds(element).includes(idHex(japanese)), 'the other tab’s delete');
  });

  it('searches and filters by text, domain, organisation, serial, fingerprint, status and expiry', async () => {
    const element = await createVault();
    const vault = element.vault!;
    await vault.importCertificates(leaf.pem);
    await vault.importCertificates(japanese.pem);
    await vault.importCertificates(expired.pem);
    await until(element, () => rowIds(element).length === 3, 'three rows');

    await type(element, '#search', '株式会社しるし');
    expect(rowIds(element)).to.deep.equal([idHex(japanese)]);
    await type(element, '#search', 'no-such-thing.invalid');
    expect(rowIds(element)).to.deep.equal([]);
    expect(squash($(element, '.empty').textContent)).to.equal('No certificate matches.');
    await type(element, '#search', '');
    expect(rowIds(element)).to.have.length(3);

    await type(element, '#filter-serial', leaf.expected.serialNumber);
    expect(rowIds(element)).to.deep.equal([idHex(leaf)]);
    await click(element, '[data-action="clear-filters"]');
    await type(element, '#filter-fingerprint', idHex(expired).slice(0, 12).toUpperCase());
    expect(rowIds(element)).to.deep.equal([idHex(expired)]);
    await click(element, '[data-action="clear-filters"]');
    await type(element, '#filter-domain', 'www.example.jp');
    expect(rowIds(element)).to.include(idHex(japanese));
    await click(element, '[data-action="clear-filters"]');

    const status = $<HTMLSelectElement>(element, '#filter-status');
    status.value = 'expired';
    status.dispatchEvent(new Event('change'));
    await element.updateComplete;
    expect(rowIds(element)).to.deep.equal([idHex(expired)]);
    await click(element, '[data-action="clear-filters"]');

    // Expiry range: everything expiring after today (JST) leaves out the expired one.
    await type(element, '#filter-after', formatJst(new Date()).slice(0, 10));
    expect(rowIds(element)).to.not.include(idHex(expired));
    expect(rowIds(element)).to.have.length(2);
    await click(element, '[data-action="clear-filters"]');

    // CA certificates are hidden unless asked for.
    await vault.importCertificates(root.pem);
    await until(element, () => squash($(element, '#list-count').textContent) === '3 of 4', 'the count');
    await check(element, '#filter-include-ca');
    expect(rowIds(element)).to.include(idHex(root));

    // Sort by domain name.
    const sort = $<HTMLSelectElement>(element, '#sort');
    sort.value = 'domain';
    sort.dispatchEvent(new Event('change'));
    await element.updateComplete;
    const shown = element.shown.map((record) => record.domains[0] ?? record.subject);
    expect(shown).to.deep.equal([...shown].sort((a, b) => a.localeCompare(b)));
  });

  it('renders hostile subject text as text', async () => {
    const element = await createVault();
    await element.vault!.importCertificates(hostilePem);
    await until(element, () => rowIds(element).length === 1, 'the row');
    expect(squash(rowOf(element, hostileId).querySelector('.name')!.textContent)).to.equal(
      '<img src=x onerror=alert(1)>',
    );
    await open(element, hostileId);
    // RFC 4514 escapes < and > with a backslash; the text is still shown as typed characters.
    expect(squash($(element, '[data-field="subject"] dd').textContent)).to.contain('\\<script\\>alert(1)');
    expect(shadow(element).querySelector('img') !== null).to.equal(false);
    expect(shadow(element).querySelector('script') !== null).to.equal(false);
    // It is expiring: the reminder banner names it, as text.
    expect(squash($(element, '[part="reminders"]').textContent)).to.contain(
      '<img src=x onerror=alert(1)> expires on',
    );
  });

  it('shows every field, the chain, revocation, schedule and history in the detail view', async () => {
    const element = await createVault();
    const vault = element.vault!;
    await vault.importCertificates(`${leaf.pem}${intermediate.pem}${root.pem}`);
    await vault.recordRevocation(idHex(leaf), {
      status: 'good',
      thisUpdate: new Date('2026-11-01T00:00:00Z'),
      nextUpdate: new Date('2026-11-08T00:00:00Z'),
      crlUrl: 'http://crl.example.jp/intermediate.crl',
    });
    await until(element, () => rowIds(element).length === 1, 'the leaf row');
    // The chain is built and its signatures verified up to the given anchor (the test root).
    element.trustAnchors = [root.pem];
    await open(element, idHex(leaf));
    const text = (selector: string) => squash($(element, selector).textContent);
    expect(shadow(element).activeElement?.id, 'focus moves to the detail heading').to.equal('detail-heading');
    expect(text('[data-field="subject"] dd')).to.equal(leaf.expected.subjectDN.replace(/, /g, ','));
    expect(text('[data-field="issuer"] dd')).to.contain(
      intermediate.expected.subjectAttributes.find((a) => a.type === 'CN')!.value,
    );
    expect(text('[data-field="serial"] dd')).to.equal(
      leaf.expected.serialNumber.toLowerCase().replace(/:/g, ''),
    );
    expect(text('[data-field="sha256"] dd')).to.equal(idHex(leaf));
    for (const san of leaf.expected.subjectAltNames)
      expect(text('[data-field="sans"] dd')).to.contain(san.value);
    const notAfter = new Date(leaf.expected.notAfter);
    expect(text('[data-field="not-after"] dd')).to.contain(formatJst(notAfter));
    expect(text('[data-field="not-after"] dd')).to.contain(notAfter.toISOString());
    expect($$(element, '[data-section="chain"] li').map((li) => li.dataset.id)).to.deep.equal([
      idHex(leaf),
      idHex(intermediate),
      idHex(root),
    ]);
    const rootName = root.expected.subjectAttributes.find((a) => a.type === 'CN')!.value;
    expect(text('[data-chain="verified"]')).to.equal(`Chain verified to ${rootName}.`);
    expect(shadow(element).querySelector('[data-chain="problems"]') === null).to.equal(true);
    expect(text('[data-section="revocation"] [data-field="revocation-status"] dd')).to.equal('Not revoked');
    expect(text('[data-section="revocation"] [data-field="this-update"] dd')).to.contain(
      '2026-11-01 09:00:00 JST',
    );
    expect(text('[data-section="revocation"] [data-field="next-update"] dd')).to.contain(
      '2026-11-08T00:00:00.000Z',
    );
    const notice = new Date(notAfter.getTime() - 30 * 86_400_000);
    expect(text('[data-section="schedule"] [data-field="notice"] dd')).to.contain(formatJst(notice));
    expect($$(element, '[data-section="history"] li').map((li) => li.dataset.type)).to.deep.equal([
      'certificate-imported',
      'revocation-checked',
    ]);
    expect(text('[data-field="key"] dd')).to.contain('Not in this browser');
    // The timeline draws the certificate and says it in text.
    expect(shadow(element).querySelector(`svg [data-id="${idHex(leaf)}"]`) !== null).to.equal(true);
    expect(text('#timeline-text')).to.contain('valid');

    // Escape closes the detail and puts focus back on the row.
    $(element, '#detail-heading').dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
    );
    await until(
      element,
      () => shadow(element).querySelector('[part="detail"]') === null,
      'the detail to close',
    );
    await until(
      element,
      () => shadow(element).activeElement === rowOf(element, idHex(leaf)),
      'focus on the row',
    );
  });

  it('moves between rows with the arrow keys, Home and End', async () => {
    const element = await createVault();
    const vault = element.vault!;
    await vault.importCertificates(leaf.pem);
    await vault.importCertificates(japanese.pem);
    await vault.importCertificates(expired.pem);
    await until(element, () => rowIds(element).length === 3, 'three rows');
    const rows = $$<HTMLButtonElement>(element, '.row');
    const press = (key: string) =>
      (shadow(element).activeElement as HTMLElement).dispatchEvent(
        new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }),
      );
    rows[0]!.focus();
    press('ArrowDown');
    expect(shadow(element).activeElement === rows[1]).to.equal(true);
    press('End');
    expect(shadow(element).activeElement === rows[2]).to.equal(true);
    press('ArrowDown');
    expect(shadow(element).activeElement === rows[2]).to.equal(true);
    press('Home');
    expect(shadow(element).activeElement === rows[0]).to.equal(true);
    press('ArrowUp');
    expect(shadow(element).activeElement === rows[0]).to.equal(true);
    expect(
      rows.every((row) => row.tagName === 'BUTTON'),
      'rows are buttons (Enter and Space open them)',
    ).to.equal(true);
  });

  it('imports a PKCS#12 file from the file input with its password, paired with its key', async () => {
    const element = await createVault();
    await chooseFiles(element, '#import-file', [new File([p12 as BlobPart], 'leaf.p12')]);
    await until(element, () => shadow(element).querySelector('#p12-password') !== null, 'the password form');
    expect(squash($(element, '#password-needed').textContent)).to.contain('leaf.p12');
    await until(element, () => shadow(element).activeElement?.id === 'p12-password', 'focus on the password');

    await type(element, '#p12-password', 'wrong');
    await click(element, '[data-action="import-password"]');
    await until(
      element,
      () => squash($(element, '[part="error"]').textContent).includes('pkcs12/wrong-password'),
      'the wrong-password error',
    );
    expect(shadow(element).querySelector('#p12-password') !== null, 'the form stays').to.equal(true);

    await type(element, '#p12-password', PASSWORD);
    await check(element, '#keep-exportable');
    const imported = nextEvent<{ result: { key?: { id: string } } }>(element, 'shirushi-vault-imported');
    await click(element, '[data-action="import-password"]');
    const event = await imported;
    if (event.detail.result.key) keyIds.add(event.detail.result.key.id);
    await until(element, () => rowIds(element).includes(idHex(leaf)), 'the imported row');
    await until(element, () => shadow(element).querySelector('#p12-password') === null, 'the form to close');
    expect(squash($(element, '[part="error"]').textContent)).to.equal('');
    expect(squash($(element, '.import-result').textContent)).to.contain('leaf.p12: 3 new certificate(s)');
    expect(squash($(element, '.import-result').textContent)).to.contain('vault, exportable');
    expect($(element, `.import-result [data-id="${idHex(leaf)}"] [data-paired]`).dataset.paired).to.equal(
      'true',
    );
    expect(chipsOf(element, idHex(leaf))).to.deep.equal(['valid']);
  });

  it('says which blocks were skipped and that a key is not here, and localises errors', async () => {
    const element = await createVault('ja');
    await chooseFiles(element, '#import-file', [
      new File([`${japanese.pem}\n${japanese.key}`], 'bundle.pem', { type: 'application/x-pem-file' }),
    ]);
    await until(element, () => shadow(element).querySelector('.import-result') !== null, 'the import result');
    expect(squash($(element, '[data-skipped]').textContent)).to.contain('PRIVATE KEY');
    expect($(element, `.import-result [data-id="${idHex(japanese)}"] [data-paired]`).dataset.paired).to.equal(
      'false',
    );
    expect(squash($(element, '.import-result').textContent)).to.contain('秘密鍵はこのブラウザーにありません');

    await chooseFiles(element, '#import-file', [new File(['not a certificate'], 'junk.txt')]);
    await until(element, () => squash($(element, '[part="error"]').textContent) !== '', 'the error');
    const error = squash($(element, '[part="error"]').textContent);
    expect(error).to.contain('操作に失敗しました');
    expect(error).to.match(/[ぁ-んァ-ン一-龯]/);
  });

  it('downloads server bundles, the encrypted key and PKCS#12, each recorded in the history', async () => {
    const element = await createVault();
    const downloads = catchDownloads(element);
    const vault = element.vault!;
    const result = await vault.importCertificates(p12, { password: PASSWORD, extractable: true });
    expect(result.key?.source).to.equal('vault');
    await until(element, () => rowIds(element).includes(idHex(leaf)), 'the row');
    await open(element, idHex(leaf));

    await click(element, '[data-action="leaf-pem"]');
    await click(element, '[data-action="fullchain-pem"]');
    await click(element, '[data-action="chain-pem"]');
    await until(element, () => downloads.length === 3, 'three bundles');
    const count = async (blob: Blob) => ((await blob.text()).match(/BEGIN CERTIFICATE/g) ?? []).length;
    expect(downloads.map((d) => [d.kind, d.fileName])).to.deep.equal([
      ['leaf-pem', `${leaf.expected.subjectAltNames[0]!.value}.crt`],
      ['fullchain-pem', `${leaf.expected.subjectAltNames[0]!.value}-fullchain.pem`],
      ['chain-pem', `${leaf.expected.subjectAltNames[0]!.value}-chain.pem`],
    ]);
    expect(await count(downloads[0]!.blob)).to.equal(1);
    expect(await count(downloads[1]!.blob)).to.equal(3);
    expect(await count(downloads[2]!.blob)).to.equal(2);
    expect(await downloads[0]!.blob.text()).to.equal(leaf.pem.replace(/\r\n/g, '\n'));

    // The key, as encrypted PKCS#8: the button waits for matching passphrases.
    const keyButton = () => $<HTMLButtonElement>(element, '[data-action="key-pkcs8"]');
    expect(keyButton().getAttribute('aria-disabled')).to.equal('true');
    expect(keyButton().disabled, 'focusable, so its reason can be reached').to.equal(false);
    expect(squash($(element, `#${keyButton().getAttribute('aria-describedby')}`).textContent)).to.contain(
      'same passphrase',
    );
    await type(element, '#key-pass', 'key passphrase');
    await type(element, '#key-pass-again', 'key passphrase!');
    expect(keyButton().getAttribute('aria-disabled')).to.equal('true');
    // Pressed anyway: nothing is exported.
    keyButton().click();
    await element.updateComplete;
    expect(downloads.length).to.equal(3);
    expect(squash($(element, '#key-mismatch').textContent)).to.equal('The passphrases do not match.');
    await type(element, '#key-pass-again', 'key passphrase');
    await click(element, '[data-action="key-pkcs8"]');
    await until(element, () => downloads.length === 4, 'the key');
    const keyPem = await downloads[3]!.blob.text();
    expect(keyPem).to.match(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    const keyCheck = await openssl(['pkey', '-in', 'k.pem', '-passin', 'pass:key passphrase', '-noout'], {
      files: { 'k.pem': keyPem },
    });
    expect(keyCheck.code, keyCheck.stderr).to.equal(0);

    // PKCS#12, modern by default.
    expect($<HTMLInputElement>(element, '#legacy').checked).to.equal(false);
    await type(element, '#p12-pass', 'p12 password');
    await type(element, '#p12-pass-again', 'p12 password');
    await click(element, '[data-action="pkcs12"]');
    await until(element, () => downloads.length === 5, 'the PKCS#12 file');
    expect(downloads[4]!.kind).to.equal('pkcs12');
    const bytes = new Uint8Array(await downloads[4]!.blob.arrayBuffer());
    const info = await openssl(
      ['pkcs12', '-info', '-noout', '-in', 'x.p12', '-passin', 'pass:p12 password'],
      {
        files: { 'x.p12': bytes },
      },
    );
    expect(info.code, info.stderr).to.equal(0);
    expect(info.stderr + info.stdout).to.contain('AES-256-CBC');

    await until(
      element,
      () => $$(element, '[data-section="history"] li[data-type="exported"]').length === 5,
      'five exported events',
    );
    const history = await vault.history(idHex(leaf));
    expect(
      history.filter((event) => event.type === 'exported').map((event) => event.detail?.what),
    ).to.deep.equal(['leaf-pem', 'fullchain-pem', 'chain-pem', 'key-pkcs8', 'pkcs12']);
  });

  it('saves through a blob: URL and a temporary download link when no one cancels the event', async () => {
    const element = await createVault();
    await element.vault!.importCertificates(leaf.pem);
    await until(element, () => rowIds(element).length === 1, 'the row');
    await open(element, idHex(leaf));
    const clicked: Array<{ href: string; download: string }> = [];
    const original = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    };
    try {
      await click(element, '[data-action="leaf-pem"]');
      await until(element, () => clicked.length === 1, 'the link click');
    } finally {
      HTMLAnchorElement.prototype.click = original;
    }
    expect(clicked[0]!.href).to.match(/^blob:/);
    expect(clicked[0]!.download).to.match(/\.crt$/);
    expect(shadow(element).querySelector('a[download]') !== null, 'the link is removed').to.equal(false);
  });

  it('says a key-store key cannot be exported and lets renewal carry the names', async () => {
    const element = await createVault();
    const result = await element.vault!.importCertificates(p12, { password: PASSWORD });
    keyIds.add(result.key!.id);
    await until(element, () => rowIds(element).length === 1, 'the row');
    await open(element, idHex(leaf));
    expect(squash($(element, '#key-note').textContent)).to.contain('cannot be exported');
    expect(shadow(element).querySelector('[data-form="pkcs12"]') !== null).to.equal(false);
    const renew = nextEvent<RenewEventDetail>(element, 'shirushi-renew');
    await click(element, '[data-action="renew"]');
    const { detail } = await renew;
    expect(detail.certificateId).to.equal(idHex(leaf));
    expect(detail.domains).to.deep.equal(
      leaf.expected.subjectAltNames
        .filter((san) => san.type === 'dns' || san.type === 'ip')
        .map((san) => san.value),
    );
    expect(detail.subject).to.equal(leaf.expected.subjectDN.replace(/, /g, ','));
  });

  it('fills the demo page’s CSR studio with the names when "renew" is chosen', async () => {
    await import('../demo/applicant.js');
    const csr = document.createElement('shirushi-csr');
    document.body.append(csr);
    created.push(csr);
    await csr.updateComplete;
    const element = await createVault();
    await element.vault!.importCertificates(japanese.pem, { product: 'jprs' });
    await until(element, () => rowIds(element).length === 1, 'the row');
    await open(element, idHex(japanese));
    await click(element, '[data-action="renew"]');
    await until(element, () => csr.names !== '', 'the names in the CSR studio');
    expect(csr.names.split('\n')).to.deep.equal(['www.example.jp', 'example.jp']);
    expect(csr.profile).to.equal('jprs-ov');
  });

  it('deletes after a typed confirmation, and asks twice before deleting the key of a valid certificate', async () => {
    const element = await createVault();
    const vault = element.vault!;
    await vault.importCertificates(p12, { password: PASSWORD, extractable: true });
    await vault.importCertificates(expired.pem);
    await until(element, () => rowIds(element).length === 2, 'two rows');

    // A certificate without its key: one typed confirmation.
    await open(element, idHex(expired));
    await click(element, '[data-action="delete"]');
    await until(
      element,
      () => shadow(element).activeElement?.id === 'delete-typed',
      'focus on the confirmation',
    );
    expect(shadow(element).querySelector('#delete-with-key') !== null).to.equal(false);
    const confirm = () => $<HTMLButtonElement>(element, '[data-action="confirm-delete"]');
    expect(confirm().disabled).to.equal(true);
    await type(element, '#delete-typed', 'remove');
    expect(confirm().disabled).to.equal(true);
    await type(element, '#delete-typed', 'delete');
    expect(confirm().disabled).to.equal(false);
    const first = nextEvent<VaultDeletedEventDetail>(element, 'shirushi-vault-deleted');
    confirm().click();
    expect((await first).detail).to.deep.equal({ certificateId: idHex(expired), keyDeleted: false });
    await until(element, () => !rowIds(element).includes(idHex(expired)), 'the row to go');
    expect(shadow(element).querySelector('[part="detail"]') !== null).to.equal(false);

    // A valid certificate with its key: deleting the key too needs the second confirmation.
    await open(element, idHex(leaf));
    await click(element, '[data-action="delete"]');
    await type(element, '#delete-typed', '削除');
    expect(confirm().disabled, 'the Japanese word works too').to.equal(false);
    await check(element, '#delete-with-key');
    expect(shadow(element).querySelector('#delete-valid-key') !== null).to.equal(true);
    expect(confirm().disabled).to.equal(true);
    await check(element, '#delete-valid-key');
    expect(confirm().disabled).to.equal(false);
    const second = nextEvent<VaultDeletedEventDetail>(element, 'shirushi-vault-deleted');
    confirm().click();
    expect((await second).detail).to.deep.equal({ certificateId: idHex(leaf), keyDeleted: true });
    await until(element, () => !rowIds(element).includes(idHex(leaf)), 'the leaf row to go');
    expect(squash($(element, '[part="status"]').textContent)).to.contain('Its private key was deleted too.');
    expect(shadow(element).activeElement?.id).to.equal('list-heading');
  });

  it('asks for notification permission only when the button is pressed', async () => {
    const calls: string[] = [];
    const descriptor = Object.getOwnPropertyDescriptor(window, 'Notification');
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission(): Promise<NotificationPermission> {
        calls.push('request');
        FakeNotification.permission = 'granted';
        return Promise.resolve('granted');
      }
      constructor(title: string, options?: NotificationOptions) {
        calls.push(`notify ${title}: ${options?.body ?? ''}`);
      }
    }
    Object.defineProperty(window, 'Notification', {
      configurable: true,
      writable: true,
      value: FakeNotification,
    });
    try {
      localStorage.removeItem('shirushi-vault-notifications');
      const element = await createVault();
      await element.vault!.importCertificates(hostilePem);
      await until(element, () => shadow(element).querySelector('[part="reminders"]') !== null, 'the banner');
      expect(calls).to.deep.equal([]);
      await click(element, '[data-action="notify"]');
      await until(element, () => calls.length === 2, 'permission and one notification');
      expect(calls[0]).to.equal('request');
      expect(calls[1]).to.contain('expires on');
      expect(squash($(element, '[part="reminders"]').textContent)).to.contain('Notifications are on.');
    } finally {
      localStorage.removeItem('shirushi-vault-notifications');
      if (descriptor) Object.defineProperty(window, 'Notification', descriptor);
      else delete (window as { Notification?: unknown }).Notification;
    }
  });

  it('backs up with a passphrase, names the keys it could not include, and restores', async () => {
    const element = await createVault();
    const downloads = catchDownloads(element);
    const vault = element.vault!;
    const result = await vault.importCertificates(p12, { password: PASSWORD });
    keyIds.add(result.key!.id);
    await vault.importCertificates(japanese.pem);
    await until(element, () => rowIds(element).length === 2, 'two rows');

    await type(element, '#backup-pass', 'backup passphrase');
    await type(element, '#backup-pass-again', 'backup passphrase');
    await click(element, '[data-action="backup"]');
    await until(element, () => downloads.length === 1, 'the backup file');
    expect(downloads[0]!.kind).to.equal('backup');
    expect(downloads[0]!.fileName).to.match(/\.shirushi-backup$/);
    const backup = await downloads[0]!.blob.text();
    expect(backup).to.contain('-----BEGIN SHIRUSHI VAULT BACKUP-----');
    await until(
      element,
      () => shadow(element).querySelector('[data-section="missing-keys"]') !== null,
      'the missing keys',
    );
    expect($(element, '[data-section="missing-keys"] li').dataset.keyId).to.equal(result.key!.id);
    expect(squash($(element, '[data-section="missing-keys"]').textContent)).to.contain(
      'stored as not extractable',
    );

    // Restore into another, empty vault.
    const fresh = await createVault();
    await chooseFiles(fresh, '#restore-file', [new File([backup], 'vault.shirushi-backup')]);
    await type(fresh, '#restore-pass', 'wrong passphrase');
    await click(fresh, '[data-action="restore"]');
    await until(
      fresh,
      () => squash($(fresh, '[part="error"]').textContent).includes('vault/wrong-passphrase'),
      'the error',
    );
    await type(fresh, '#restore-pass', 'backup passphrase');
    await click(fresh, '[data-action="restore"]');
    await until(
      fresh,
      () => squash($(fresh, '[part="status"]').textContent).startsWith('Restored'),
      'the restore',
    );
    expect(rowIds(fresh).sort()).to.deep.equal([idHex(leaf), idHex(japanese)].sort());
    expect(squash($(fresh, '[data-section="missing-keys"]').textContent)).to.contain('could not be exported');
  });
});

describe('<shirushi-vault>: chain, revocation check, rules and vault keys', function () {
  this.timeout(120_000);

  const MIRROR = '/crl-test/mirror?u={url}';
  let pki: CrlScenarios;
  let fixtureSet: Record<string, CertificateFixture>;

  function base64(bytes: Uint8Array): string {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000)
      binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  async function serveCrlFor(certificate: string, crl: string): Promise<void> {
    const url = pki.certificates[certificate]!.crlDistributionPoints[0]!;
    const der = fromBase64(pki.crls[crl]!.der);
    const name = `vault-widget-${crl}-${Date.now().toString(36)}-${++counter}`;
    await executeServerCommand('crl-server', { action: 'put', name, der: base64(der), url });
  }

  const idOf = (vault: Vault, name: string) =>
    vault
      .search({ includeCa: true })
      .find((item) => item.serial === pki.certificates[name]!.serialNumber.toLowerCase())!.id;

  /** An element holding the scenario certificates, verifying to the scenario root through the mirror. */
  async function scenarioVault(lang: 'ja' | 'en', ...certificates: string[]): Promise<ShirushiVault> {
    const element = await createVault(lang);
    element.trustAnchors = [fromBase64(pki.certificates.root!.der)];
    element.crlMirror = MIRROR;
    await element.vault!.importCertificates(
      certificates.map((name) => pki.certificates[name]!.pem).join('\n'),
    );
    await until(element, () => rowIds(element).length === 1, 'the leaf row');
    return element;
  }

  before(async function () {
    this.timeout(120_000);
    pki = await crlScenarios();
    fixtureSet = (await fixtures()) as Record<string, CertificateFixture>;
  });

  beforeEach(async () => {
    await clearCrlCache();
    await executeServerCommand('crl-server', { action: 'reset' });
  });

  it('shows the chain problems, localised, when the path reaches no trusted root', async () => {
    const leaf = fixtureSet.rsa2048!;
    const element = await createVault('ja');
    await element.vault!.importCertificates(`${leaf.pem}${fixtureSet.intermediate!.pem}`);
    await until(element, () => rowIds(element).length === 1, 'the leaf row');
    // No trust anchors given: the bundled SECOM roots, which did not issue the test chain.
    await open(element, rowIds(element)[0]!);
    expect(shadow(element).querySelector('[data-chain="verified"]') === null).to.equal(true);
    const problems = $$(element, '[data-chain="problems"] li');
    expect(problems.length).to.be.greaterThan(0);
    expect(squash($(element, '[data-chain="problems"] p').textContent)).to.equal(
      'チェーンを検証できませんでした：',
    );
    expect(problems.every((item) => squash(item.textContent).length > 0)).to.equal(true);
    const japanese = squash(problems[0]!.textContent);
    element.lang = 'en';
    await element.updateComplete;
    expect(squash($$(element, '[data-chain="problems"] li')[0]!.textContent) !== japanese).to.equal(true);
    // Once the anchor is known, the same certificate verifies.
    element.trustAnchors = [fixtureSet.root!.pem];
    await open(element, rowIds(element)[0]!);
    await until(
      element,
      () => shadow(element).querySelector('[data-chain="verified"]') !== null,
      'the verified chain',
    );
  });

  it('checks revocation now through the CRL mirror, shows the CRL dates and announces the answer', async () => {
    await serveCrlFor('good', 'caCrl');
    await serveCrlFor('ca', 'rootCrl');
    const element = await scenarioVault('en', 'good', 'ca');
    const id = idOf(element.vault!, 'good');
    await open(element, id);
    expect(squash($(element, '[data-chain="verified"]').textContent)).to.equal(
      'Chain verified to Shirushi CRL Test Root.',
    );
    expect(squash($(element, '[data-section="revocation"]').textContent)).to.equal('Not checked yet.');
    const button = $<HTMLButtonElement>(element, '[data-action="check-revocation"]');
    expect(squash(button.textContent)).to.equal('Check revocation now');
    button.click();
    await until(
      element,
      () => squash($(element, '#status').textContent).startsWith('Revocation check'),
      'the answer',
    );
    expect(squash($(element, '#status').textContent)).to.equal('Revocation check: Not revoked');
    expect($(element, '#status').getAttribute('aria-live')).to.equal('polite');
    await until(
      element,
      () => shadow(element).querySelector('[data-section="revocation"] [data-field="this-update"]') !== null,
      'the CRL dates',
    );
    const expected = pki.crls.caCrl!;
    const thisUpdate = new Date(expected.expected.thisUpdate);
    const nextUpdate = new Date(expected.expected.nextUpdate!);
    const field = (name: string) =>
      squash($(element, `[data-section="revocation"] [data-field="${name}"] dd`).textContent);
    expect(field('revocation-status')).to.equal('Not revoked');
    expect(field('this-update')).to.contain(formatJst(thisUpdate));
    expect(field('this-update')).to.contain(thisUpdate.toISOString());
    expect(field('next-update')).to.contain(formatJst(nextUpdate));
    expect(field('next-update')).to.contain(nextUpdate.toISOString());
    await until(
      element,
      () => $$(element, '[data-section="history"] li').some((li) => li.dataset.type === 'revocation-checked'),
      'the history event',
    );
    expect(button.disabled).to.equal(false);
  });

  it('a revoked certificate: reason shown, chip in the list, answer in Japanese', async () => {
    await serveCrlFor('keyCompromise', 'caCrl');
    await serveCrlFor('ca', 'rootCrl');
    const element = await scenarioVault('ja', 'keyCompromise', 'ca');
    const id = idOf(element.vault!, 'keyCompromise');
    await open(element, id);
    expect(squash($(element, '[data-action="check-revocation"]').textContent)).to.equal('今すぐ失効を確認');
    await click(element, '[data-action="check-revocation"]');
    await until(element, () => chipsOf(element, id)[0] === 'revoked', 'the revoked chip');
    await until(
      element,
      () => squash($(element, '#status').textContent).startsWith('失効の確認結果'),
      'the answer',
    );
    expect(squash($(element, '#status').textContent)).to.equal(
      '失効の確認結果：失効しています（理由：keyCompromise）',
    );
    expect(squash($(element, '[data-section="revocation"] [data-field="reason"] dd').textContent)).to.equal(
      'keyCompromise',
    );
  });

  it('shows progress while a slow check runs, and the download problems when no CRL can be had', async () => {
    const element = await scenarioVault('en', 'good', 'ca');
    const id = idOf(element.vault!, 'good');
    // Nothing mirrored: every download is a 404, and the answer is "unknown" with the problem.
    element.crlMirror = '/crl-test/crl/not-mirrored{path}';
    await open(element, id);
    await click(element, '[data-action="check-revocation"]');
    await until(
      element,
      () => squash($(element, '#status').textContent).startsWith('Revocation check'),
      'the answer',
    );
    expect(squash($(element, '#status').textContent)).to.equal('Revocation check: Could not be determined');
    const problems = $$(element, '[data-section="revocation"] [data-field="problems"] li');
    expect(problems.length).to.be.greaterThan(0);
    expect(
      problems.map((item) => item.dataset.code).some((code) => /^crl-fetch\//.test(code ?? '')),
    ).to.equal(true);
    expect(problems.every((item) => !/^crl-fetch\//.test(squash(item.textContent)))).to.equal(true);

    // A slow mirror (about 1.5 s): the progress bar shows after half a second, and goes away after.
    await serveCrlFor('good', 'caCrl');
    await serveCrlFor('ca', 'rootCrl');
    await clearCrlCache();
    element.crlMirror = `${MIRROR}&chunk=32&delay=150`;
    await until(
      element,
      () => !$<HTMLButtonElement>(element, '[data-action="check-revocation"]').disabled,
      'the first check to end',
    );
    await click(element, '[data-action="check-revocation"]');
    expect($<HTMLButtonElement>(element, '[data-action="check-revocation"]').disabled).to.equal(true);
    await until(
      element,
      () => shadow(element).querySelector('progress') !== null,
      () =>
        `the progress bar (status: ${squash($(element, '#status').textContent)}; error: ${squash(
          shadow(element).querySelector('[part="error"]')?.textContent,
        )})`,
    );
    expect(squash($(element, '#status').textContent)).to.equal('Checking revocation…');
    await until(
      element,
      () => squash($(element, '#status').textContent) === 'Revocation check: Not revoked',
      'the answer',
      60_000,
    );
    expect(shadow(element).querySelector('progress') === null).to.equal(true);
  });

  it('changes the rules of a certificate: schedule and chips follow', async () => {
    const leaf = fixtureSet.rsa2048!;
    const element = await createVault('en');
    const vault = element.vault!;
    await vault.importCertificates(leaf.pem);
    await until(element, () => rowIds(element).length === 1, 'the leaf row');
    const id = rowIds(element)[0]!;
    await open(element, id);
    const select = $<HTMLSelectElement>(element, '#detail-rules');
    expect(select.value).to.equal('generic');
    expect(squash($(element, 'label[for="detail-rules"]').textContent)).to.equal('Rules');
    expect([...select.options].map((option) => option.value)).to.deep.equal([...RENEWAL_PRODUCTS]);
    const notAfter = new Date(leaf.expected.notAfter);
    const noticeText = () =>
      squash($(element, '[data-section="schedule"] [data-field="notice"] dd').textContent);
    expect(noticeText()).to.contain(formatJst(new Date(notAfter.getTime() - 30 * 86_400_000)));
    // Pin "now" just before the generic notice date: valid under generic rules.
    const before = new Date(notAfter.getTime() - 40 * 86_400_000);
    element.now = before;
    element.refresh();
    await element.updateComplete;
    const product: RenewalProduct = 'jprs';
    select.value = product;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await until(element, () => vault.summary(id)?.product === product, 'the product to change');
    const expected = vault.statusOf(vault.summary(id)!, before);
    await until(
      element,
      () => noticeText().includes(formatJst(expected.schedule.noticeAt)),
      'the new schedule',
    );
    await until(
      element,
      () =>
        squash($(element, '[data-field="product"] dd').textContent) ===
        squash(translator('en')('product/jprs')),
      'the product field',
    );
    expect(chipsOf(element, id)).to.deep.equal(expected.chips);
    expect(squash($(element, '#status').textContent)).to.contain('Rules changed to');
    element.lang = 'ja';
    await element.updateComplete;
    expect(squash($(element, 'label[for="detail-rules"]').textContent)).to.equal('更新ルール');
  });

  it('vault.privateKey gives the PKCS#12 key the vault keeps, and nothing for a certificate without one', async () => {
    const leaf = fixtureSet.rsa2048!;
    const made = await ok(
      [
        'pkcs12',
        '-export',
        '-inkey',
        'leaf.key',
        '-in',
        'leaf.pem',
        '-passout',
        `pass:${PASSWORD}`,
        '-out',
        'out:l.p12',
      ],
      { 'leaf.key': leaf.key, 'leaf.pem': leaf.pem },
    );
    const element = await createVault('en');
    const vault = element.vault!;
    await vault.importCertificates(fromBase64(made.files['l.p12']!), {
      password: PASSWORD,
      extractable: true,
    });
    const id = leaf.expected.sha256Fingerprint.toLowerCase().replace(/:/g, '');
    const key = await vault.privateKey(id);
    expect(key !== undefined).to.equal(true);
    expect(key!.type).to.equal('private');
    expect(key!.extractable).to.equal(true);
    expect(vault.summary(id)?.keySource).to.equal('vault');
    // The element exports it (the encrypted PKCS#8 path reads the key through vault.privateKey).
    await until(element, () => rowIds(element).length === 1, 'the row');
    await open(element, id);
    expect(shadow(element).querySelector('[data-form="key"]') !== null).to.equal(true);
    const other = fixtureSet.japanese!;
    await vault.importCertificates(other.pem);
    const otherId = other.expected.sha256Fingerprint.toLowerCase().replace(/:/g, '');
    expect((await vault.privateKey(otherId)) === undefined).to.equal(true);
    expect((await vault.privateKey('00'.repeat(32))) === undefined).to.equal(true);
  });
});
