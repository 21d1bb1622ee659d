// <shirushi-seal> (widgets/seal/seal.ts) and its DOM-free rules (src/seal/state.ts). Records and status
// files are JSON written here and served by test/harness/crl-server.mjs from this page's origin:
// `put` stores bytes under a name, and GET /crl-test/crl/<name> returns them, so with
// ShirushiSeal.provider = '<origin>/crl-test/crl/' the seal's `seals/<id>.json` is the name `seals/<id>.json`.
// The seal's shadow root is closed; tests reach it by wrapping attachShadow, the platform edge.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SealBrand, SealStatus, SealSummary } from '../src/seal/record.js';
import {
  hostMatchesSeal,
  readSealRecord,
  readSealStatus,
  sealStateOf,
  type SealStateInput,
} from '../src/seal/state.js';
import { ShirushiSeal, type SealStateEventDetail } from '../widgets/seal/seal.js';

const shadowRoots = new WeakMap<Element, ShadowRoot>();
const originalAttachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
  const root = originalAttachShadow.call(this, init);
  shadowRoots.set(this, root);
  return root;
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
const PROVIDER = new URL('/crl-test/crl/', location.href).href;
const here = location.hostname;

const isoIn = (ms: number): string => new Date(Date.now() + ms).toISOString();

function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function summaryOf(overrides: Partial<SealSummary> = {}): SealSummary {
  return {
    subject: `CN=${here}`,
    dnsNames: [here],
    ipAddresses: [],
    notBefore: isoIn(-30 * DAY),
    notAfter: isoIn(300 * DAY),
    issuer: 'CN=shirushi test CA',
    ...overrides,
  };
}

function recordOf(id: string, summary: SealSummary, brand: SealBrand = 'secom'): object {
  return {
    version: 1,
    id,
    brand,
    leaf: 'AA==',
    chain: [],
    crlDistributionPoints: [],
    summary,
    createdAt: isoIn(-DAY),
  };
}

function statusOf(id: string, overrides: Partial<SealStatus> = {}): SealStatus {
  return {
    version: 1,
    id,
    status: 'good',
    crl: { number: '7', thisUpdate: isoIn(-2 * HOUR), nextUpdate: isoIn(5 * DAY) },
    problems: [],
    checkedAt: isoIn(-HOUR),
    ...overrides,
  };
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

async function put(name: string, body: string): Promise<void> {
  await executeServerCommand('crl-server', { action: 'put', name, der: base64(body) });
}

const requestsFor = (name: string): Promise<number> =>
  executeServerCommand<number, { action: string; name: string }>('crl-server', { action: 'count', name });

/** Serves a record and (unless null) a status file for `id`; returns the id. */
async function serve(
  id: string,
  summary: SealSummary | null,
  status: SealStatus | null,
  brand: SealBrand = 'secom',
): Promise<string> {
  if (summary) await put(`seals/${id}.json`, JSON.stringify(recordOf(id, summary, brand)));
  if (status) await put(`seals/${id}.status.json`, JSON.stringify(status));
  return id;
}

const mounted: Element[] = [];

interface Mounted {
  seal: ShirushiSeal;
  root: ShadowRoot;
  /** The first verdict. */
  settled: Promise<SealStateEventDetail>;
}

/** The embed snippet's markup (fallback link and sized image) around `seal`, in a block of its own. */
function mount(id: string, { size = '120x50', lang = 'ja', brand = 'secom', before = '' } = {}): Mounted {
  const [width, height] = size.split('x');
  const block = document.createElement('p');
  block.lang = lang;
  block.style.margin = '0';
  if (before) block.style.marginTop = before;
  const seal = document.createElement('shirushi-seal');
  seal.setAttribute('seal', id);
  const link = document.createElement('a');
  link.href = `${PROVIDER}verify.html#${id}`;
  link.target = '_blank';
  link.rel = 'noopener';
  const image = document.createElement('img');
  image.src = `/public/marks/${brand}-${size}.svg`;
  image.width = Number(width);
  image.height = Number(height);
  image.alt = 'site seal (opens the verification page in a new tab)';
  link.append(image);
  seal.append(link);
  block.append('Secured by ', seal, ' since 2026.');
  const settled = new Promise<SealStateEventDetail>((resolve) =>
    seal.addEventListener('shirushi-seal-state', (event) => resolve(event.detail), { once: true }),
  );
  document.body.append(block);
  mounted.push(block);
  const root = shadowRoots.get(seal);
  if (!root) throw new Error('no shadow root captured');
  return { seal, root, settled };
}

/** The same markup without the element: what a browser without JavaScript lays out. */
function mountFallback(size: string, brand: SealBrand = 'secom'): { block: HTMLElement; box: HTMLElement } {
  const [width, height] = size.split('x');
  const block = document.createElement('p');
  // The same language as mount()'s: it picks the fallback fonts, and so the line's height.
  block.lang = 'ja';
  block.style.margin = '0';
  const box = document.createElement('span');
  const link = document.createElement('a');
  link.href = '#';
  const image = document.createElement('img');
  image.src = `/public/marks/${brand}-${size}.svg`;
  image.width = Number(width);
  image.height = Number(height);
  image.alt = '';
  link.append(image);
  box.append(link);
  block.append('Secured by ', box, ' since 2026.');
  document.body.append(block);
  mounted.push(block);
  return { block, box };
}

type Level = 'error' | 'warn' | 'info';
const consoleLines: Array<{ level: Level; text: string }> = [];
const originalConsole = { error: console.error, warn: console.warn, info: console.info };

beforeEach(() => {
  consoleLines.length = 0;
  for (const level of ['error', 'warn', 'info'] as const) {
    console[level] = (...args: unknown[]) => consoleLines.push({ level, text: args.map(String).join(' ') });
  }
  ShirushiSeal.provider = PROVIDER;
});

afterEach(() => {
  Object.assign(console, originalConsole);
  for (const element of mounted.splice(0)) element.remove();
});

const texts = (root: ShadowRoot): string[] =>
  [...root.querySelectorAll('.strip > span, .text > span')].map((node) => node.textContent ?? '');
const linkOf = (root: ShadowRoot): HTMLAnchorElement => {
  const link = root.querySelector('a');
  if (!link) throw new Error('no link in the seal');
  return link;
};
const localDate = (iso: string): string => new Date(iso).toLocaleDateString('sv');

describe('seal rules (src/seal/state.ts)', () => {
  const names = (dnsNames: string[], ipAddresses: string[] = []) => ({ dnsNames, ipAddresses });

  it('matches DNS names case-insensitively, with or without a trailing dot', () => {
    expect(hostMatchesSeal('www.example.jp', names(['WWW.Example.JP']))).to.equal(true);
    expect(hostMatchesSeal('www.example.jp.', names(['www.example.jp']))).to.equal(true);
    expect(hostMatchesSeal('example.jp', names(['www.example.jp']))).to.equal(false);
    expect(hostMatchesSeal('xn--r8jz45g.jp', names(['xn--r8jz45g.jp']))).to.equal(true);
    expect(hostMatchesSeal('', names(['']))).to.equal(false);
  });

  it('lets a wildcard cover exactly one leftmost label', () => {
    const wildcard = names(['*.example.jp']);
    expect(hostMatchesSeal('www.example.jp', wildcard)).to.equal(true);
    expect(hostMatchesSeal('shop.example.jp', wildcard)).to.equal(true);
    expect(hostMatchesSeal('example.jp', wildcard)).to.equal(false);
    expect(hostMatchesSeal('a.b.example.jp', wildcard)).to.equal(false);
    expect(hostMatchesSeal('www.example.jp.evil.test', wildcard)).to.equal(false);
    expect(hostMatchesSeal('wwwexample.jp', wildcard)).to.equal(false);
    expect(hostMatchesSeal('www.example.jp', names(['w*.example.jp']))).to.equal(false);
  });

  it('matches IPv4 and IPv6 addresses numerically, and only against IP addresses', () => {
    expect(hostMatchesSeal('192.0.2.7', names([], ['192.0.2.7']))).to.equal(true);
    expect(hostMatchesSeal('192.0.2.7', names(['192.0.2.7']))).to.equal(false);
    expect(hostMatchesSeal('192.0.2.7', names([], ['192.0.2.8']))).to.equal(false);
    expect(hostMatchesSeal('192.0.2.7', names(['*.0.2.7']))).to.equal(false);
    expect(hostMatchesSeal('[::1]', names([], ['0:0:0:0:0:0:0:1']))).to.equal(true);
    expect(hostMatchesSeal('[::1]', names([], ['::1']))).to.equal(true);
    expect(hostMatchesSeal('[2001:db8::1]', names([], ['2001:0DB8:0000:0000:0000:0000:0000:0001']))).to.equal(
      true,
    );
    expect(hostMatchesSeal('[2001:db8::1]', names([], ['2001:db8::2']))).to.equal(false);
    expect(hostMatchesSeal('[::ffff:c000:207]', names([], ['::ffff:192.0.2.7']))).to.equal(true);
    expect(hostMatchesSeal('[::ffff:c000:207]', names([], ['192.0.2.7']))).to.equal(false);
    expect(hostMatchesSeal('192.0.2.7', names([], ['evil@192.0.2.7', '192.0.2.7/x']))).to.equal(false);
    expect(hostMatchesSeal('[::1]', names(['::1']))).to.equal(false);
  });

  const NOW = Date.parse('2026-06-01T00:00:00Z');
  const at = (days: number): string => new Date(NOW + days * DAY).toISOString();
  const input = (overrides: Partial<SealStateInput> = {}): SealStateInput => ({
    id: 'a',
    summary: summaryOf({ dnsNames: ['example.jp'], notBefore: at(-30), notAfter: at(300) }),
    status: statusOf('a', { checkedAt: at(-1 / 24) }),
    hostname: 'example.jp',
    now: NOW,
    ...overrides,
  });
  /** A summary for example.jp valid from 30 days ago to `notAfter` (or as overridden). */
  const summaryAt = (overrides: Partial<SealSummary>): SealSummary =>
    summaryOf({ dnsNames: ['example.jp'], notBefore: at(-30), notAfter: at(300), ...overrides });
  const statusAt = (overrides: Partial<SealStatus>): SealStatus =>
    statusOf('a', { checkedAt: at(-1 / 24), crl: { thisUpdate: at(-1), nextUpdate: at(5) }, ...overrides });

  it('says valid with whole days left, and expiring within 30 days of notAfter', () => {
    expect(sealStateOf(input())).to.deep.equal({ state: 'valid', daysLeft: 300 });
    const soon = sealStateOf(input({ summary: summaryAt({ notAfter: at(30.9) }) }));
    expect(soon).to.deep.equal({ state: 'expiring', daysLeft: 30 });
    expect(sealStateOf(input({ summary: summaryAt({ notAfter: at(31) }) })).state).to.equal('valid');
    expect(sealStateOf(input({ summary: summaryAt({ notAfter: at(0.5) }) }))).to.deep.equal({
      state: 'expiring',
      daysLeft: 0,
    });
  });

  it('puts revocation first, then the dates, then the host, then the status', () => {
    const expiredElsewhere = summaryAt({ dnsNames: ['other.jp'], notAfter: at(-1) });
    const revoked = statusAt({ status: 'revoked' });
    expect(sealStateOf(input({ summary: expiredElsewhere, status: revoked }))).to.deep.equal({
      state: 'invalid',
      reason: 'revoked',
      daysLeft: -1,
    });
    expect(sealStateOf(input({ summary: expiredElsewhere })).reason).to.equal('expired');
    // A good status does not outlive the certificate.
    expect(sealStateOf(input({ now: NOW + 301 * DAY }))).to.include({ state: 'invalid', reason: 'expired' });
    expect(sealStateOf(input({ status: statusAt({ status: 'expired' }) })).reason).to.equal('expired');
    const future = summaryAt({ notBefore: at(1) });
    expect(sealStateOf(input({ summary: future })).reason).to.equal('not-yet-valid');
    expect(sealStateOf(input({ hostname: 'other.jp' }))).to.include({
      state: 'invalid',
      reason: 'wrong-host',
    });
    expect(sealStateOf(input({ hostname: 'other.jp', status: null })).reason).to.equal('wrong-host');
  });

  it('is unconfirmed without a status, with an unknown one, or a stale one', () => {
    expect(sealStateOf(input({ status: null }))).to.include({ state: 'unconfirmed', reason: 'network' });
    expect(sealStateOf(input({ status: statusAt({ status: 'unknown' }) }))).to.include({
      state: 'unconfirmed',
      reason: 'status-unknown',
    });
    const stale = (overrides: Partial<SealStatus>) => sealStateOf(input({ status: statusAt(overrides) }));
    expect(stale({ checkedAt: at(-49 / 24) }).reason).to.equal('status-stale');
    expect(stale({ checkedAt: at(-47 / 24) }).state).to.equal('valid');
    expect(stale({ checkedAt: at(3) }).reason, 'checked in the future').to.equal('status-stale');
    expect(stale({ crl: { thisUpdate: at(-3), nextUpdate: at(-1 / 24) } }).reason).to.equal('status-stale');
    expect(stale({ crl: { thisUpdate: at(-1) } }).state, 'no nextUpdate').to.equal('valid');
    expect(stale({ checkedAt: 'yesterday' }).reason).to.equal('status-stale');
    expect(stale({ status: 'not-yet-valid' }).reason).to.equal('status-stale');
  });

  it('calls a seal unknown when the status is for another id or the dates are unreadable', () => {
    expect(sealStateOf(input({ status: { ...statusAt({}), id: 'b' } }))).to.include({
      state: 'invalid',
      reason: 'unknown-seal',
    });
    expect(sealStateOf(input({ summary: summaryAt({ notAfter: 'someday' }) })).reason).to.equal(
      'unknown-seal',
    );
    expect(sealStateOf(input({ summary: summaryAt({ notBefore: '' }) })).reason).to.equal('unknown-seal');
  });

  it('reads records and status files only in their published shape', () => {
    const id = randomId();
    const summary = summaryOf();
    expect(readSealRecord(recordOf(id, summary), id)).to.deep.equal({ id, brand: 'secom', summary });
    expect(readSealRecord(recordOf(id, summary), randomId())).to.equal(undefined);
    expect(readSealRecord({ ...recordOf(id, summary), brand: 'evil' }, id)).to.equal(undefined);
    expect(readSealRecord({ ...recordOf(id, summary), version: 2 }, id)).to.equal(undefined);
    expect(readSealRecord(recordOf(id, { ...summary, dnsNames: [1] as unknown as string[] }), id)).to.equal(
      undefined,
    );
    expect(
      readSealRecord(recordOf(id, { ...summary, ipAddresses: 'x' as unknown as string[] }), id),
    ).to.equal(undefined);
    for (const junk of [null, 'x', 7, [], {}]) expect(readSealRecord(junk, id)).to.equal(undefined);
    const status = statusOf(id);
    expect(readSealStatus(status)).to.equal(status);
    expect(readSealStatus({ ...status, id: 1 })).to.equal(undefined);
    expect(readSealStatus({ ...status, version: 0 })).to.equal(undefined);
    for (const junk of [null, 'x', 7, [], {}]) expect(readSealStatus(junk)).to.equal(undefined);
  });
});

describe('<shirushi-seal>', function () {
  this.timeout(20_000);

  it('renders in a closed shadow root, shows a neutral box while loading and fetches only when visible', async () => {
    const id = await serve(randomId(), summaryOf(), statusOf(randomId()));
    const { seal, root, settled } = mount(id, { before: '300vh' });
    expect(seal.shadowRoot).to.equal(null);
    expect(seal.getAttribute('state')).to.equal('loading');
    expect(root.querySelector('img'), 'no brand mark before verification').to.equal(null);
    expect(root.querySelector('.box.loading')).to.not.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await requestsFor(`seals/${id}.json`)).to.equal(0);
    seal.scrollIntoView();
    await settled;
    expect(await requestsFor(`seals/${id}.json`)).to.equal(1);
    expect(await requestsFor(`seals/${id}.status.json`)).to.equal(1);
  });

  it('is valid: brand mark, domain and verified date, an event and the state attribute, no console noise', async () => {
    const id = randomId();
    const status = statusOf(id);
    await serve(id, summaryOf({ organization: 'shirushi 株式会社' }), status, 'jprs');
    const { seal, root, settled } = mount(id, { brand: 'jprs' });
    const detail = await settled;
    expect(detail).to.deep.equal({ id, state: 'valid', host: here });
    expect(seal.getAttribute('state')).to.equal('valid');
    expect(seal.hasAttribute('reason')).to.equal(false);
    expect(root.querySelector('img')?.src).to.equal(`${PROVIDER}marks/jprs-120x50.svg`);
    expect(texts(root)).to.deep.equal([here, `確認 ${localDate(status.checkedAt)}`]);
    expect(texts(root)[1]).to.match(/^確認 \d{4}-\d{2}-\d{2}$/);
    const link = linkOf(root);
    expect(link.href).to.equal(`${PROVIDER}verify.html#${id}`);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.equal('noopener');
    expect(link.getAttribute('aria-label')).to.contain('JPRS').and.contain(here).and.contain('新しいタブ');
    expect(consoleLines).to.deep.equal([]);
  });

  it('is expiring within 30 days: normal mark, and a console notice to the owner in both languages', async () => {
    const id = randomId();
    const notAfter = isoIn(10.5 * DAY);
    await serve(id, summaryOf({ notAfter }), statusOf(id), 'jprs');
    const { seal, root, settled } = mount(id, { brand: 'jprs' });
    expect(await settled).to.deep.equal({ id, state: 'expiring', host: here });
    expect(seal.getAttribute('state')).to.equal('expiring');
    expect(root.querySelector('img')).to.not.equal(null);
    expect(consoleLines).to.have.length(1);
    const [line] = consoleLines;
    expect(line!.level).to.equal('info');
    expect(line!.text)
      .to.contain(id)
      .and.contain(localDate(notAfter))
      .and.contain('あと 10 日')
      .and.contain('10 days left')
      .and.contain('期限までに更新してください')
      .and.contain('Renew it before then')
      .and.not.contain('SECOM');
  });

  const invalidCases: Array<{
    reason: string;
    summary: () => SealSummary;
    status?: (id: string) => SealStatus;
    brand?: SealBrand;
    says: string[];
  }> = [
    {
      reason: 'expired',
      summary: () => summaryOf({ notBefore: isoIn(-400 * DAY), notAfter: isoIn(-2 * DAY) }),
      says: [
        '期限切れ',
        'expired',
        'SECOM 規約 第11条7項・第19条',
        'SECOM terms art. 11-7, 19',
        '直ちに取り外して',
        'Remove it now',
      ],
    },
    {
      reason: 'revoked',
      summary: () => summaryOf(),
      status: (id) =>
        statusOf(id, { status: 'revoked', reason: 'keyCompromise', revocationDate: isoIn(-DAY) }),
      brand: 'generic',
      says: ['失効', 'revoked', 'SECOM terms art. 11-7, 19', 'JPRS terms art. 12-3', 'JPRS 規約 第12条3項'],
    },
    {
      reason: 'not-yet-valid',
      summary: () => summaryOf({ notBefore: isoIn(3 * DAY) }),
      says: ['有効期間前', 'not yet valid', 'Remove it now'],
    },
    {
      reason: 'wrong-host',
      summary: () => summaryOf({ dnsNames: ['www.example.jp', '*.example.jp'], ipAddresses: ['192.0.2.1'] }),
      says: ['別のサイト', 'wrong site', here, 'SECOM 規約 第4条・第18条', 'SECOM terms art. 4, 18'],
    },
  ];

  for (const { reason, summary, status, brand = 'secom', says } of invalidCases) {
    it(`is invalid (${reason}): no brand mark, "cannot be verified", and an error to the owner`, async () => {
      const id = randomId();
      await serve(id, summary(), status ? status(id) : statusOf(id), brand);
      const { seal, root, settled } = mount(id, { brand });
      expect(await settled).to.deep.equal({ id, state: 'invalid', reason, host: here });
      expect(seal.getAttribute('state')).to.equal('invalid');
      expect(seal.getAttribute('reason')).to.equal(reason);
      expect(root.querySelector('img')).to.equal(null);
      expect(texts(root)[0]).to.equal('確認できません');
      expect(linkOf(root).href).to.equal(`${PROVIDER}verify.html#${id}`);
      expect(consoleLines.map((line) => line.level)).to.deep.equal(['error']);
      for (const words of says) expect(consoleLines[0]!.text).to.contain(words);
    });
  }

  it('is an unknown seal when the record is missing, for another id, malformed or too large', async () => {
    const missing = randomId();
    const other = randomId();
    await put(`seals/${other}.json`, JSON.stringify(recordOf(randomId(), summaryOf())));
    const malformed = randomId();
    await put(`seals/${malformed}.json`, '{"version":1,"id":');
    const large = randomId();
    const padded = { ...recordOf(large, summaryOf()), leaf: 'A'.repeat(70 * 1024) };
    await put(`seals/${large}.json`, JSON.stringify(padded));
    for (const id of [missing, other, malformed, large]) {
      await put(`seals/${id}.status.json`, JSON.stringify(statusOf(id)));
      const { seal, root, settled } = mount(id);
      expect(await settled, id).to.deep.equal({ id, state: 'invalid', reason: 'unknown-seal', host: here });
      expect(seal.getAttribute('reason')).to.equal('unknown-seal');
      expect(root.querySelector('img')).to.equal(null);
    }
    expect(consoleLines.map((line) => line.level)).to.deep.equal(['error', 'error', 'error', 'error']);
    expect(consoleLines[0]!.text).to.equal(
      `<shirushi-seal seal="${missing}">\n確認できません（不明なシール）\ncannot be verified (unknown seal)`,
    );
  });

  it('is an unknown seal at once, without a request, when the id is not 64 hex digits', async () => {
    for (const id of ['', 'abc', `${randomId().toUpperCase()}`, `${randomId()}0`, '../../etc/passwd']) {
      const { seal, root } = mount(id);
      expect(seal.getAttribute('state'), id).to.equal('invalid');
      expect(seal.getAttribute('reason')).to.equal('unknown-seal');
      expect(texts(root)).to.deep.equal(['確認できません', '不明なシール']);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await requestsFor('seals/abc.json')).to.equal(0);
  });

  it('is unconfirmed (amber, no brand mark, a warning) when the status is unknown, stale or unreachable', async () => {
    const unknown = randomId();
    await serve(
      unknown,
      summaryOf(),
      statusOf(unknown, { status: 'unknown', problems: ['revocation/crl-expired'] }),
    );
    const stale = randomId();
    await serve(stale, summaryOf(), statusOf(stale, { checkedAt: isoIn(-3 * DAY) }));
    const missingStatus = randomId();
    await serve(missingStatus, summaryOf(), null);
    const cases: Array<[string, string, string]> = [
      [unknown, 'status-unknown', '失効状態不明'],
      [stale, 'status-stale', '情報が古い'],
      [missingStatus, 'network', '通信エラー'],
    ];
    for (const [id, reason, words] of cases) {
      const { seal, root, settled } = mount(id);
      expect(await settled).to.deep.equal({ id, state: 'unconfirmed', reason, host: here });
      expect(seal.getAttribute('reason')).to.equal(reason);
      expect(root.querySelector('img')).to.equal(null);
      expect(root.querySelector('.box.unconfirmed')).to.not.equal(null);
      expect(texts(root)).to.deep.equal(['状態未確認', words]);
    }
    expect(consoleLines.map((line) => line.level)).to.deep.equal(['warn', 'warn', 'warn']);
    expect(consoleLines[1]!.text).to.contain('情報が古い').and.contain('status out of date');
  });

  it('is unconfirmed (network) when the provider cannot be reached', async () => {
    // Port 9 (discard) is refused here and blocked by browsers alike: a network error either way.
    ShirushiSeal.provider = 'http://127.0.0.1:9/';
    const id = randomId();
    const { root, settled } = mount(id);
    expect(await settled).to.deep.equal({ id, state: 'unconfirmed', reason: 'network', host: here });
    expect(linkOf(root).href).to.equal(`http://127.0.0.1:9/verify.html#${id}`);
  });

  it('speaks English when the closest lang says so', async () => {
    const id = randomId();
    await serve(id, summaryOf({ notAfter: isoIn(-DAY), notBefore: isoIn(-99 * DAY) }), statusOf(id));
    const { root, settled } = mount(id, { lang: 'en-GB' });
    await settled;
    expect(texts(root)).to.deep.equal(['cannot be verified', 'expired']);
    expect(linkOf(root).getAttribute('aria-label')).to.contain('cannot be verified').and.contain('new tab');
  });

  it('follows changes of the seal attribute, and starts again when reconnected while loading', async () => {
    const first = randomId();
    const second = randomId();
    await serve(first, summaryOf(), statusOf(first));
    await serve(second, summaryOf({ dnsNames: ['elsewhere.example'] }), statusOf(second));
    const { seal, settled } = mount(first);
    expect((await settled).state).to.equal('valid');
    const next = new Promise<SealStateEventDetail>((resolve) =>
      seal.addEventListener('shirushi-seal-state', (event) => resolve(event.detail), { once: true }),
    );
    seal.setAttribute('seal', second);
    expect(seal.getAttribute('state')).to.equal('loading');
    expect(await next).to.deep.equal({ id: second, state: 'invalid', reason: 'wrong-host', host: here });

    // Taken out while loading (before it was ever visible): nothing is fetched; put back: it loads.
    const third = randomId();
    await serve(third, summaryOf(), statusOf(third));
    const { seal: moving, settled: movingSettled } = mount(third);
    const block = moving.parentElement!;
    moving.remove();
    expect(moving.getAttribute('state')).to.equal('loading');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await requestsFor(`seals/${third}.json`)).to.equal(0);
    block.append(moving);
    expect((await movingSettled).state).to.equal('valid');
    // Moving a settled seal keeps its verdict without fetching again.
    const before = await requestsFor(`seals/${third}.json`);
    document.body.append(moving);
    mounted.push(moving);
    expect(moving.getAttribute('state')).to.equal('valid');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await requestsFor(`seals/${third}.json`)).to.equal(before);
  });

  it('renders markup from the record as text, never as elements', async () => {
    const id = randomId();
    const markup = '<img src=x onerror="window.__sealInjected=1"><script>window.__sealInjected=2</script>';
    const summary = summaryOf({
      subject: `CN=${markup}`,
      organization: markup,
      issuer: markup,
      dnsNames: [markup, here, `${markup}.${here}`],
      ipAddresses: [markup],
    });
    await serve(id, summary, statusOf(id));
    const { root, settled } = mount(id);
    expect((await settled).state).to.equal('valid');
    const tags = [...root.querySelectorAll('*')].map((node) => node.localName).sort();
    expect(tags).to.deep.equal(['a', 'img', 'span', 'span', 'span', 'span']);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((window as { __sealInjected?: number }).__sealInjected).to.equal(undefined);

    // The same strings where the seal does print record data: the owner's console message.
    const other = randomId();
    await serve(other, { ...summary, dnsNames: [markup] }, statusOf(other));
    const wrong = mount(other);
    expect((await wrong.settled).reason).to.equal('wrong-host');
    expect([...wrong.root.querySelectorAll('script, [onerror]')]).to.deep.equal([]);
  });

  it('keeps the fallback image box in every state and size (no layout shift)', async () => {
    const valid = await serve(randomId(), summaryOf(), null);
    await put(`seals/${valid}.status.json`, JSON.stringify(statusOf(valid)));
    const expired = randomId();
    await serve(expired, summaryOf({ notAfter: isoIn(-DAY), notBefore: isoIn(-9 * DAY) }), statusOf(expired));
    const stale = randomId();
    await serve(stale, summaryOf(), statusOf(stale, { checkedAt: isoIn(-9 * DAY) }));
    for (const size of ['100x42', '120x50', '140x59']) {
      const reference = mountFallback(size);
      await reference.box.querySelector('img')!.decode();
      const expected = reference.box.getBoundingClientRect();
      const expectedBlock = reference.block.getBoundingClientRect().height;
      const expectedImage = reference.box.querySelector('img')!.getBoundingClientRect();
      for (const id of [valid, expired, stale, 'bad-id']) {
        const { seal, root, settled } = mount(id, { size });
        const loadingRect = seal.getBoundingClientRect();
        const state = (await settled).state;
        const label = `${size} ${state}`;
        for (const rect of [loadingRect, seal.getBoundingClientRect()]) {
          expect(rect.width, label).to.be.closeTo(expected.width, 0.01);
          expect(rect.height, label).to.be.closeTo(expected.height, 0.01);
        }
        expect(seal.parentElement!.getBoundingClientRect().height, label).to.be.closeTo(expectedBlock, 0.01);
        const box = root.querySelector('.box')!.getBoundingClientRect();
        expect([box.width, box.height], label).to.deep.equal([expectedImage.width, expectedImage.height]);
        expect(box.bottom - seal.parentElement!.getBoundingClientRect().top, label).to.be.closeTo(
          expectedImage.bottom - reference.block.getBoundingClientRect().top,
          0.01,
        );
        // Out of the way, so that the next seal is in view (seals load only when visible).
        seal.parentElement!.remove();
      }
      reference.block.remove();
    }
  });

  it("lands where the fallback image did under the page's CSS resets (images as blocks, or middle-aligned)", async () => {
    const id = randomId();
    await serve(id, summaryOf(), statusOf(id));
    const reset = document.createElement('style');
    document.head.append(reset);
    try {
      for (const rule of [
        'img { display: block }',
        'img { vertical-align: middle }',
        'img { vertical-align: -7px }',
      ]) {
        reset.textContent = rule;
        const reference = mountFallback('140x59');
        await reference.box.querySelector('img')!.decode();
        const expectedImage = reference.box.querySelector('img')!.getBoundingClientRect();
        const expectedTop = expectedImage.top - reference.block.getBoundingClientRect().top;
        const expectedBlock = reference.block.getBoundingClientRect().height;
        const expectedLeft = expectedImage.left - reference.block.getBoundingClientRect().left;
        reference.block.remove();
        const { seal, root, settled } = mount(id, { size: '140x59' });
        await settled;
        const block = seal.parentElement!.getBoundingClientRect();
        const box = root.querySelector('.box')!.getBoundingClientRect();
        expect(block.height, rule).to.be.closeTo(expectedBlock, 0.01);
        expect(box.top - block.top, rule).to.be.closeTo(expectedTop, 0.01);
        expect(box.left - block.left, rule).to.be.closeTo(expectedLeft, 0.01);
        seal.parentElement!.remove();
      }
    } finally {
      reset.remove();
    }
  });

  it('is a focusable link that names the new tab', async () => {
    const id = randomId();
    await serve(id, summaryOf(), statusOf(id));
    const { seal, root, settled } = mount(id);
    const loadingLabel = linkOf(root).getAttribute('aria-label');
    expect(loadingLabel).to.contain('検証ページを新しいタブで開きます');
    await settled;
    const link = linkOf(root);
    link.focus();
    expect(document.activeElement).to.equal(seal);
    expect(root.activeElement).to.equal(link);
    expect(link.tabIndex).to.equal(0);
    // Focused without a pointer, as from the keyboard: the ring is drawn around the seal's box.
    expect(link.matches(':focus-visible')).to.equal(true);
    const ring = getComputedStyle(root.querySelector('.box')!);
    expect(ring.outlineStyle).to.equal('solid');
    expect(parseFloat(ring.outlineWidth)).to.be.at.least(2);
    expect(link.getAttribute('aria-label')).to.contain('検証ページを新しいタブで開きます');
  });
});
