import { expect } from '@esm-bundle/chai';
import { formatHex, formatMessage, type CertificateInfo, type ShirushiError } from '../src/index.js';
import {
  MAX_FILE_BYTES,
  ShirushiCertificateViewer,
} from '../widgets/certificate-viewer/certificate-viewer.js';
import { certificateFixtures, fromBase64, type CertificateFixture } from './helpers/fixtures.js';

const created: ShirushiCertificateViewer[] = [];

async function createViewer(lang: 'ja' | 'en' = 'en'): Promise<ShirushiCertificateViewer> {
  const viewer = document.createElement('shirushi-certificate-viewer');
  viewer.lang = lang;
  document.body.append(viewer);
  created.push(viewer);
  await viewer.updateComplete;
  return viewer;
}

async function fixture(name: string): Promise<CertificateFixture> {
  const all = await certificateFixtures();
  const found = all[name];
  if (!found) throw new Error(`no certificate fixture named ${name}`);
  return found;
}

function shadow(viewer: ShirushiCertificateViewer): ShadowRoot {
  if (!viewer.shadowRoot) throw new Error('the viewer has no shadow root');
  return viewer.shadowRoot;
}

function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The visible text of one field of the first (or `index`th) certificate. */
function fieldText(viewer: ShirushiCertificateViewer, field: string, index = 0): string {
  const section = shadow(viewer).querySelectorAll('[part="certificate"]')[index];
  return squash(section?.querySelector(`[data-field="${field}"] dd`)?.textContent);
}

function labels(viewer: ShirushiCertificateViewer): string[] {
  return [...shadow(viewer).querySelectorAll('[part="field"] > dt')].map((dt) => squash(dt.textContent));
}

function statusOf(viewer: ShirushiCertificateViewer): string | null | undefined {
  return shadow(viewer).querySelector('[data-field="status"] .badge')?.getAttribute('data-status');
}

function alertText(viewer: ShirushiCertificateViewer): string {
  return squash(shadow(viewer).querySelector('[role="alert"]')?.textContent);
}

function nextEvent<T>(viewer: ShirushiCertificateViewer, type: string): Promise<CustomEvent<T>> {
  return new Promise((resolve) =>
    viewer.addEventListener(type, (event) => resolve(event as CustomEvent<T>), { once: true }),
  );
}

/** Goes through the real file input, as a user picking a file would. */
function chooseFile(viewer: ShirushiCertificateViewer, file: File): void {
  const input = shadow(viewer).querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

afterEach(() => {
  for (const viewer of created.splice(0)) viewer.remove();
});

describe('<shirushi-certificate-viewer>', () => {
  it('is registered under its tag name', () => {
    expect(customElements.get('shirushi-certificate-viewer')).to.equal(ShirushiCertificateViewer);
  });

  it('shows the subject CN, SANs, fingerprints and the Japanese organisation name', async () => {
    const { pem, expected } = await fixture('japanese');
    const viewer = await createViewer('en');
    const parsed = nextEvent<{ certificates: CertificateInfo[] }>(viewer, 'shirushi-parsed');
    viewer.value = pem;
    const event = await parsed;
    await viewer.updateComplete;

    expect(event.detail.certificates).to.have.length(1);
    expect(viewer.certificates[0]?.subject.commonName).to.equal('www.example.jp');
    expect(shadow(viewer).querySelector('[part="certificate"] h3')?.textContent).to.contain('www.example.jp');

    const subject = fieldText(viewer, 'subject');
    expect(subject).to.contain('CN=www.example.jp');
    expect(subject).to.contain('株式会社しるし');
    expect(subject).to.contain('東京都');
    expect(subject).to.contain('UTF8String');

    const sans = [...shadow(viewer).querySelectorAll('[data-field="san"] .dns')].map((node) =>
      squash(node.textContent),
    );
    expect(sans).to.deep.equal(expected.subjectAltNames.map((san) => san.value));

    const fingerprints = fieldText(viewer, 'fingerprints');
    expect(fingerprints).to.contain(formatHex(expected.sha256Fingerprint));
    expect(fingerprints).to.contain(formatHex(expected.sha1Fingerprint));
    expect(fieldText(viewer, 'serial')).to.equal(formatHex(expected.serialNumber));
    expect(fieldText(viewer, 'validation-level')).to.equal('Organization validated (OV)');
  });

  it('shows IDN SANs in U-label form with the A-label alongside', async () => {
    const { pem, expected } = await fixture('idn');
    const viewer = await createViewer('en');
    viewer.show(pem);
    await viewer.updateComplete;

    const san = fieldText(viewer, 'san');
    for (const { value, unicode } of expected.subjectAltNames) {
      expect(san).to.contain(value);
      if (unicode) expect(san).to.contain(unicode);
    }
    expect(san).to.contain('日本語.jp');
    expect(san).to.contain('xn--wgv71a119e.jp');
  });

  it('reads DER bytes and several PEM certificates at once', async () => {
    const leaf = await fixture('rsa2048');
    const root = await fixture('root');
    const viewer = await createViewer('en');

    expect(viewer.show(fromBase64(leaf.der))).to.have.length(1);
    await viewer.updateComplete;
    expect(fieldText(viewer, 'subject')).to.contain('ov.example.jp');
    expect(viewer.value).to.equal('');

    expect(viewer.show(leaf.pem + root.pem)).to.have.length(2);
    await viewer.updateComplete;
    expect(shadow(viewer).querySelectorAll('[part="certificate"]')).to.have.length(2);
    expect(fieldText(viewer, 'basic-constraints', 1)).to.equal('CA certificate');
  });

  it('switches to Japanese labels through the lang property and the visible switch', async () => {
    const { pem } = await fixture('japanese');
    const viewer = await createViewer('en');
    viewer.value = pem;
    await viewer.updateComplete;
    expect(labels(viewer)).to.include.members(['Subject', 'Issuer', 'Fingerprints', 'Validity']);

    viewer.lang = 'ja';
    await viewer.updateComplete;
    expect(labels(viewer)).to.include.members([
      'サブジェクト',
      '発行者',
      'フィンガープリント',
      '有効期間',
      'サブジェクト代替名（SAN）',
      '公開鍵',
    ]);
    expect(fieldText(viewer, 'validation-level')).to.equal('組織認証（OV）');
    expect(shadow(viewer).querySelector('.viewer')?.getAttribute('lang')).to.equal('ja');
    expect(squash(shadow(viewer).querySelector('label[for="input"]')?.textContent)).to.equal(
      formatMessage('ui/viewer/input-label', 'ja'),
    );

    const select = shadow(viewer).querySelector('select');
    if (!select) throw new Error('no language switch');
    select.value = 'en';
    select.dispatchEvent(new Event('change'));
    await viewer.updateComplete;
    expect(viewer.lang).to.equal('en');
    expect(labels(viewer)).to.include('Subject');
  });

  it('follows a lang attribute and treats ja-JP as Japanese', async () => {
    const viewer = await createViewer('en');
    viewer.setAttribute('lang', 'ja-JP');
    await viewer.updateComplete;
    expect(viewer.lang).to.equal('ja');
    expect(squash(shadow(viewer).querySelector('h2')?.textContent)).to.equal('証明書ビューア');
  });

  it('shows garbage as a localised error with its code in an alert', async () => {
    const viewer = await createViewer('ja');
    const failed = nextEvent<{ error: ShirushiError }>(viewer, 'shirushi-error');
    viewer.value = 'これは証明書ではありません!!';
    const { error } = (await failed).detail;
    await viewer.updateComplete;

    expect(error.code).to.equal('pem/no-data');
    expect(viewer.certificates).to.have.length(0);
    const alert = alertText(viewer);
    expect(alert).to.contain('pem/no-data');
    expect(alert).to.contain(formatMessage('pem/no-data', 'ja'));
    expect(alert).to.contain(formatMessage('ui/viewer/error', 'ja'));

    viewer.lang = 'en';
    await viewer.updateComplete;
    expect(alertText(viewer)).to.contain(formatMessage('pem/no-data', 'en'));

    // Truncated DER is a different error, and clearing removes it.
    viewer.show(new Uint8Array([0x30, 0x82, 0x01]));
    await viewer.updateComplete;
    expect(alertText(viewer)).to.match(/der\/|certificate\//);
    viewer.value = '';
    await viewer.updateComplete;
    expect(alertText(viewer)).to.equal('');
  });

  it('judges validity against the `now` property and shows times in JST', async () => {
    const { pem, expected } = await fixture('expired');
    expect(expected.notBefore).to.match(/^2020-01-01T00:00:00/);
    const viewer = await createViewer('ja');
    viewer.now = new Date('2024-06-01T00:00:00Z');
    viewer.value = pem;
    await viewer.updateComplete;

    expect(statusOf(viewer)).to.equal('expired');
    expect(squash(shadow(viewer).querySelector('[data-field="status"] .badge')?.textContent)).to.equal(
      '期限切れ',
    );

    const notBefore = shadow(viewer).querySelector('[data-field="validity"] time');
    expect(notBefore?.getAttribute('datetime')).to.equal(new Date(expected.notBefore).toISOString());
    expect(squash(notBefore?.textContent)).to.equal('2020/01/01 09:00:00 日本時間');

    viewer.now = new Date('2020-06-01T00:00:00Z');
    await viewer.updateComplete;
    expect(statusOf(viewer)).to.equal('valid');
    expect(fieldText(viewer, 'status')).to.contain('有効期間内');

    viewer.now = new Date('2019-06-01T00:00:00Z');
    await viewer.updateComplete;
    expect(statusOf(viewer)).to.equal('not-yet-valid');
    expect(fieldText(viewer, 'status')).to.contain('有効期間前');
  });

  it('reads a chosen file and refuses one over 8 MiB before reading it', async () => {
    const { der } = await fixture('ecdsaP256');
    const viewer = await createViewer('en');

    const parsed = nextEvent<{ certificates: CertificateInfo[] }>(viewer, 'shirushi-parsed');
    chooseFile(viewer, new File([fromBase64(der).slice()], 'server.cer'));
    expect((await parsed).detail.certificates).to.have.length(1);
    await viewer.updateComplete;
    expect(fieldText(viewer, 'public-key')).to.contain('P-256');
    expect(shadow(viewer).querySelector('[part="result"]')?.getAttribute('aria-busy')).to.equal('false');

    const failed = nextEvent<{ error: ShirushiError }>(viewer, 'shirushi-error');
    chooseFile(viewer, new File([new Uint8Array(MAX_FILE_BYTES + 1)], 'huge.pem'));
    const { error } = (await failed).detail;
    await viewer.updateComplete;
    expect(error.code).to.equal('input/too-large');
    expect(error.params).to.deep.include({ size: MAX_FILE_BYTES + 1, limit: MAX_FILE_BYTES });
    expect(alertText(viewer)).to.contain('input/too-large');
    expect(alertText(viewer)).to.contain('huge.pem');
  });

  it('reads a file dropped on the drop zone', async () => {
    const { pem } = await fixture('japanese');
    const viewer = await createViewer('en');
    const transfer = new DataTransfer();
    transfer.items.add(new File([pem], 'server.pem', { type: 'application/x-pem-file' }));
    const zone = shadow(viewer).querySelector('[part="dropzone"]');
    if (!zone) throw new Error('no drop zone');

    const parsed = nextEvent<{ certificates: CertificateInfo[] }>(viewer, 'shirushi-parsed');
    const drop = new DragEvent('drop', {
      dataTransfer: transfer,
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    zone.dispatchEvent(drop);
    expect(drop.defaultPrevented, 'the browser must not open the dropped file').to.equal(true);
    expect((await parsed).detail.certificates[0]?.subject.organization).to.equal('株式会社しるし');
  });

  it('labels every control', async () => {
    const viewer = await createViewer('ja');
    const root = shadow(viewer);
    for (const control of root.querySelectorAll('textarea, select, input')) {
      const labelled =
        (control.id && root.querySelector(`label[for="${control.id}"]`)) ||
        control.getAttribute('aria-label');
      expect(Boolean(labelled), `${control.localName}#${control.id}`).to.equal(true);
    }
    for (const button of root.querySelectorAll('button')) expect(squash(button.textContent)).not.to.equal('');
  });
});
