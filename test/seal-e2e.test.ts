// The site seal end to end, on three loopback origins (test/harness/seal-origins.mjs): the seal provider
// (127.0.0.1), the site its certificates name (localhost) and a site that copied the snippet (127.0.0.2).
// Certificates and CRLs are made by openssl and registered with the real CLI (test/fixtures/seal-pki.mjs);
// host pages send a strict CSP header and relay what happens in them (CSP violations, layout shifts, seal
// state events, verification page verdicts) to this page with postMessage.
import { expect } from '@esm-bundle/chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { createDemoProvider } from '../demo/seal-demo-pki.js';

interface SealInfo {
  id: string;
  snippet: string;
  brand: string;
  size: string;
  organization: string;
}

interface Setup {
  origins: { provider: string; host: string; copier: string };
  pki: {
    seals: Record<string, SealInfo>;
    unknownId: string;
    root: string;
    opensslVersion: string;
    /** crls/ files `shirushi seal status --crl-mirror <dir>` copied into the provider directory. */
    cliCrlCopies: string[];
  };
  source: string;
  hasVerifyPage: boolean;
}

interface HostMessage {
  source: 'shirushi-seal-host';
  kind: 'start' | 'csp' | 'shift' | 'state' | 'geometry' | 'load' | 'verification' | 'error';
  layoutShift?: boolean;
  trustedTypes?: boolean;
  directive?: string;
  blockedURI?: string;
  sample?: string;
  value?: number;
  detail?: { id: string; state: string; reason?: string; host: string };
  attribute?: string | null;
  phase?: string;
  line?: DOMRect;
  after?: DOMRect;
  seal?: DOMRect;
  defined?: boolean;
  fallbackLinks?: number;
  states?: Array<string | null>;
  data?: { type: string; id: string; state: string; site: string };
  message?: string;
}

type SealName =
  | 'valid'
  | 'expiring'
  | 'expired'
  | 'notYetValid'
  | 'revoked'
  | 'unreachable'
  | 'staleCrl'
  | 'staleCheck'
  | 'markup'
  | 'unknown';

/** What each seal must show on localhost, and what the verification page must say (framed from localhost). */
const EXPECTED: Record<SealName, { state: string; reasons?: string[]; verify: string | null }> = {
  valid: { state: 'valid', verify: 'valid' },
  expiring: { state: 'expiring', verify: 'expiring' },
  expired: { state: 'invalid', reasons: ['expired'], verify: 'expired' },
  notYetValid: { state: 'invalid', reasons: ['not-yet-valid'], verify: 'not-yet-valid' },
  revoked: { state: 'invalid', reasons: ['revoked'], verify: 'revoked' },
  unreachable: { state: 'unconfirmed', reasons: ['status-unknown', 'status-stale'], verify: 'unconfirmed' },
  staleCrl: { state: 'unconfirmed', reasons: ['status-unknown', 'status-stale'], verify: 'unconfirmed' },
  // The status file is 72 hours old; the verification page checks the (fresh) CRL itself.
  staleCheck: { state: 'unconfirmed', reasons: ['status-stale'], verify: null },
  markup: { state: 'valid', verify: 'valid' },
  unknown: { state: 'invalid', reasons: ['unknown-seal'], verify: 'unknown-seal' },
};

const SEAL_TIMEOUT = 15_000;
const VERIFY_TIMEOUT = 30_000;

let setup: Setup;

function hostMessages(frame: HTMLIFrameElement, into: HostMessage[]): () => void {
  const listener = (event: MessageEvent) => {
    if (event.source !== frame.contentWindow) return;
    const data = event.data as HostMessage;
    if (data?.source === 'shirushi-seal-host') into.push(data);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}

/**
 * Loads `url` in a visible iframe (the seal is lazy: it must intersect the viewport) and collects the host
 * page's messages until `done` says so, then a little longer for late CSP reports and layout shifts.
 */
async function openHost(
  url: string,
  done: (messages: HostMessage[]) => boolean,
  timeout = SEAL_TIMEOUT,
): Promise<HostMessage[]> {
  const frame = document.createElement('iframe');
  frame.title = 'seal host';
  frame.width = '760';
  frame.height = '560';
  frame.style.cssText = 'position:fixed;top:0;left:0;border:0;background:white;z-index:1';
  const messages: HostMessage[] = [];
  const stop = hostMessages(frame, messages);
  try {
    frame.src = url;
    document.body.append(frame);
    const deadline = Date.now() + timeout;
    while (!done(messages)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out on ${url}; messages so far: ${JSON.stringify(messages)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
    return messages.slice();
  } finally {
    stop();
    frame.remove();
  }
}

const finalState = (messages: HostMessage[]) =>
  messages.find((m) => m.kind === 'state' && m.detail?.state !== 'loading');

const verdict = (messages: HostMessage[]) =>
  messages.find((m) => m.kind === 'verification' && m.data?.state !== 'loading')?.data;

function expectNoViolations(messages: HostMessage[]): void {
  const violations = messages.filter((m) => m.kind === 'csp');
  expect(violations, `securitypolicyviolation events: ${JSON.stringify(violations)}`).to.deep.equal([]);
  const errors = messages.filter((m) => m.kind === 'error');
  expect(errors, `uncaught errors: ${JSON.stringify(errors)}`).to.deep.equal([]);
}

function expectNoLayoutShift(messages: HostMessage[]): void {
  const start = messages.find((m) => m.kind === 'start');
  if (start?.layoutShift) {
    const shifts = messages.filter((m) => m.kind === 'shift');
    const total = shifts.reduce((sum, m) => sum + (m.value ?? 0), 0);
    expect(total, `layout-shift entries: ${JSON.stringify(shifts)}`).to.equal(0);
  }
  // Every browser: the line with the seal and the text after it stay where the fallback put them.
  const geometry = messages.filter((m) => m.kind === 'geometry');
  const fallback = geometry.find((m) => m.phase === 'fallback');
  expect(fallback, 'geometry before seal.js ran').to.not.equal(undefined);
  for (const later of geometry.filter((m) => m !== fallback)) {
    expect(later.after!.y, `text after the seal moved (${later.phase})`).to.equal(fallback!.after!.y);
    expect(later.line!.height, `seal line height changed (${later.phase})`).to.equal(fallback!.line!.height);
  }
}

function sealUrl(origin: string, name: SealName, query = ''): string {
  return `${origin}/seal/${name}.html${query}`;
}

function idOf(name: SealName): string {
  return name === 'unknown' ? setup.pki.unknownId : setup.pki.seals[name]!.id;
}

describe('site seal on three origins (provider, host, copier)', function () {
  this.timeout(60_000);

  before(async function () {
    this.timeout(180_000);
    for (;;) {
      const answer = await executeServerCommand<Setup | { pending: true }, { action: string }>(
        'seal-origins',
        {
          action: 'setup',
        },
      );
      if (!('pending' in answer)) {
        setup = answer;
        break;
      }
    }
  });

  it('runs the provider, the host and the copier on distinct loopback origins', async () => {
    const { provider, host, copier } = setup.origins;
    expect(new URL(provider).hostname).to.equal('127.0.0.1');
    expect(new URL(host).hostname).to.equal('localhost');
    expect(new URL(copier).hostname).to.equal('127.0.0.2');
    expect(new Set([provider, host, copier, location.origin]).size).to.equal(4);
    for (const origin of [host, copier]) {
      const messages = await openHost(sealUrl(origin, 'valid'), (m) => m.some((x) => x.kind === 'load'));
      expect(messages[0]?.kind, `${origin} page ran its reporter first`).to.equal('start');
    }
    // A cross-origin fetch only succeeds with Access-Control-Allow-Origin (the header itself is not exposed).
    const response = await fetch(`${provider}/seals/${idOf('valid')}.json`, { credentials: 'omit' });
    expect(response.ok).to.equal(true);
    expect(response.headers.get('cache-control')).to.match(/immutable/);
    const status = await fetch(`${provider}/seals/${idOf('valid')}.status.json`);
    expect(status.headers.get('cache-control')).to.match(/max-age=300/);
    expect((await status.json()).status).to.equal('good');
  });

  it('controls: the reporter sees an inline script without nonce, a Trusted Types sink and a layout shift', async () => {
    const load = (m: HostMessage[]) => m.some((x) => x.kind === 'load') && Boolean(finalState(m));
    const csp = await openHost(sealUrl(setup.origins.host, 'valid', '?probe=csp'), load);
    expect(csp.filter((m) => m.kind === 'csp').map((m) => m.directive)).to.include('script-src-elem');
    const tt = await openHost(sealUrl(setup.origins.host, 'valid', '?probe=tt'), load);
    if (tt.find((m) => m.kind === 'start')?.trustedTypes) {
      expect(tt.filter((m) => m.kind === 'csp').map((m) => m.directive)).to.include(
        'require-trusted-types-for',
      );
    }
    const shift = await openHost(sealUrl(setup.origins.host, 'valid', '?probe=shift'), (m) =>
      m.some((x) => x.kind === 'geometry' && x.phase === 'probe'),
    );
    if (shift.find((m) => m.kind === 'start')?.layoutShift) {
      expect(() => expectNoLayoutShift(shift)).to.throw(/layout-shift/);
    } else {
      expect(() => expectNoLayoutShift(shift)).to.throw(/moved/);
    }
  });

  it('`shirushi seal status` mirrored the CRLs it used into crls/<host><path>', () => {
    expect(setup.pki.cliCrlCopies).to.include.members([
      'crls/crl.seal-e2e.test/int.crl',
      'crls/crl.seal-e2e.test/stale.crl',
    ]);
  });

  it('the snippet from `shirushi seal add` pins seal.js with SRI', () => {
    for (const seal of Object.values(setup.pki.seals)) {
      expect(seal.snippet).to.match(
        new RegExp(
          `^<script type="module" src="${setup.origins.provider}/seal\\.js" integrity="sha384-[A-Za-z0-9+/]+=*" crossorigin="anonymous"></script>`,
        ),
      );
      expect(seal.snippet).to.include(`<shirushi-seal seal="${seal.id}">`);
    }
  });

  for (const [name, expected] of Object.entries(EXPECTED) as Array<[SealName, (typeof EXPECTED)[SealName]]>) {
    const label = `${expected.state}${expected.reasons ? ` (${expected.reasons.join(' or ')})` : ''}`;
    it(`seal "${name}" on localhost: ${label}, no CSP violation, no layout shift`, async () => {
      const messages = await openHost(sealUrl(setup.origins.host, name), (m) => Boolean(finalState(m)));
      const state = finalState(messages)!;
      expect(state.detail!.state, JSON.stringify(state)).to.equal(expected.state);
      expect(state.attribute).to.equal(expected.state);
      expect(state.detail!.id).to.equal(idOf(name));
      expect(state.detail!.host).to.equal('localhost');
      if (expected.reasons) expect(expected.reasons).to.include(state.detail!.reason);
      const states = messages.filter((m) => m.kind === 'state').map((m) => m.detail!.state);
      expect(
        states.filter((s) => s !== 'loading'),
        'one final state',
      ).to.have.length(1);
      const load = messages.find((m) => m.kind === 'load');
      expect(load?.defined, 'seal.js ran (its integrity was accepted)').to.equal(true);
      expectNoViolations(messages);
      expectNoLayoutShift(messages);
    });
  }

  it('a copied seal on 127.0.0.2 says invalid / wrong-host', async () => {
    const messages = await openHost(sealUrl(setup.origins.copier, 'valid'), (m) => Boolean(finalState(m)));
    const state = finalState(messages)!;
    expect(state.detail, JSON.stringify(state)).to.deep.include({
      id: idOf('valid'),
      state: 'invalid',
      reason: 'wrong-host',
      host: '127.0.0.2',
    });
    expect(state.attribute).to.equal('invalid');
    expectNoViolations(messages);
    expectNoLayoutShift(messages);
  });

  for (const name of ['valid', 'revoked', 'unknown'] as const) {
    it(`seal "${name}" under a stricter CSP (default-src 'none', style-src nonce, trusted-types 'none')`, async () => {
      const messages = await openHost(sealUrl(setup.origins.host, name, '?csp=strict'), (m) =>
        Boolean(finalState(m)),
      );
      expect(finalState(messages)!.detail!.state).to.equal(EXPECTED[name].state);
      expectNoViolations(messages);
      expectNoLayoutShift(messages);
    });
  }

  it('in English too (lang="en" page): same states', async () => {
    const messages = await openHost(sealUrl(setup.origins.host, 'revoked', '?lang=en'), (m) =>
      Boolean(finalState(m)),
    );
    expect(finalState(messages)!.detail).to.deep.include({ state: 'invalid', reason: 'revoked' });
    expectNoViolations(messages);
  });

  it('a wrong integrity keeps seal.js from running; the fallback link stays', async () => {
    const messages = await openHost(sealUrl(setup.origins.host, 'valid', '?integrity=bad'), (m) =>
      m.some((x) => x.kind === 'load'),
    );
    const load = messages.find((m) => m.kind === 'load')!;
    expect(load.defined, 'shirushi-seal must not be defined').to.equal(false);
    expect(load.fallbackLinks).to.equal(1);
    expect(messages.filter((m) => m.kind === 'state')).to.deep.equal([]);
    expect(messages.filter((m) => m.kind === 'csp')).to.deep.equal([]);
  });

  describe('verification page (verify.html on the provider)', () => {
    it('the provider serves the built verification page', () => {
      expect(setup.hasVerifyPage).to.equal(true);
    });

    const framed = (origin: string, name: SealName, query = '') =>
      openHost(`${origin}/verify/${name}.html${query}`, (m) => Boolean(verdict(m)), VERIFY_TIMEOUT);

    for (const [name, expected] of Object.entries(EXPECTED) as Array<
      [SealName, (typeof EXPECTED)[SealName]]
    >) {
      if (!expected.verify) continue;
      it(`"${name}" framed from localhost: ${expected.verify}`, async function () {
        this.timeout(VERIFY_TIMEOUT + 10_000);
        const messages = await framed(setup.origins.host, name);
        const data = verdict(messages)!;
        expect(data.id).to.equal(idOf(name));
        expect(data.state, JSON.stringify(data)).to.equal(expected.verify);
        if (name !== 'unknown') expect(data.site).to.equal('match');
        expectNoViolations(messages);
      });
    }

    it('framed from the copier (127.0.0.2): wrong-site', async function () {
      this.timeout(VERIFY_TIMEOUT + 10_000);
      const data = verdict(await framed(setup.origins.copier, 'valid'))!;
      expect(data).to.deep.include({ id: idOf('valid'), state: 'wrong-site', site: 'mismatch' });
    });

    it('without a referrer: site unknown, never a match', async function () {
      this.timeout(VERIFY_TIMEOUT + 10_000);
      const data = verdict(await framed(setup.origins.host, 'valid', '?referrerpolicy=no-referrer'))!;
      expect(data.site).to.equal('unknown');
      expect(data.state).to.not.equal('wrong-site');
    });

    it('markup in a certificate field renders as text', async function () {
      this.timeout(VERIFY_TIMEOUT + 10_000);
      const frame = document.createElement('iframe');
      frame.title = 'verification page (same origin copy)';
      frame.width = '760';
      frame.height = '560';
      frame.style.cssText = 'position:fixed;top:0;left:0;border:0;background:white;z-index:1';
      const xss: unknown[] = [];
      const onMessage = (event: MessageEvent) => {
        if (event.data === 'xss') xss.push(event.data);
      };
      window.addEventListener('message', onMessage);
      try {
        frame.src = `/seal-provider/verify.html#${idOf('markup')}`;
        document.body.append(frame);
        const deadline = Date.now() + VERIFY_TIMEOUT;
        let element: Element | null | undefined;
        for (;;) {
          element = frame.contentDocument?.querySelector('shirushi-verification');
          const state = element?.getAttribute('state');
          if (state && state !== 'loading') break;
          if (Date.now() > deadline) throw new Error(`no verdict; state=${state}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(element!.getAttribute('state')).to.equal('valid');
        const { text, elements } = composedTree(element!);
        expect(text, 'the organization as text').to.include(setup.pki.seals.markup!.organization);
        expect(
          elements.filter((e) => e.localName === 'img' && e.getAttribute('src') === 'x'),
          'no <img src=x> from the certificate',
        ).to.deep.equal([]);
        expect(elements.filter((e) => e.localName === 'b' && e.textContent?.includes('Shop'))).to.deep.equal(
          [],
        );
        expect(xss).to.deep.equal([]);
      } finally {
        window.removeEventListener('message', onMessage);
        frame.remove();
      }
    });
  });
});

// The demo's provider data (served by demo/seal-demo-plugin.ts under `npm start`) is made with WebCrypto
// only; it must keep giving one seal per state as the record and revocation code evolve.
describe('site seal demo data (demo/seal-demo-pki.ts)', () => {
  it('makes a record and status file per state, signed CRLs and a trust anchor', async function () {
    this.timeout(30_000);
    const { files, seals } = await createDemoProvider();
    const json = (path: string) => {
      const file = files.get(path);
      expect(file, path).to.not.equal(undefined);
      return JSON.parse(file!.body as string);
    };
    const statusOf = (name: string) => {
      const seal = seals.find((s) => s.name === name)!;
      return json(`seals/${seal.id}.status.json`);
    };
    expect(seals.map((s) => s.name)).to.have.members([
      'valid',
      'expiring',
      'expired',
      'revoked',
      'notYetValid',
      'wrongHost',
      'unconfirmed',
      'unknown',
    ]);
    expect(statusOf('valid')).to.deep.include({ status: 'good', problems: [] });
    expect(statusOf('expiring').status).to.equal('good');
    expect(statusOf('expired').status).to.equal('expired');
    expect(statusOf('revoked')).to.deep.include({ status: 'revoked', reason: 'keyCompromise' });
    expect(statusOf('notYetValid').status).to.equal('not-yet-valid');
    expect(statusOf('wrongHost').status).to.equal('good');
    expect(statusOf('unconfirmed').status).to.equal('unknown');
    const wrongHost = seals.find((s) => s.name === 'wrongHost')!;
    expect(json(`seals/${wrongHost.id}.json`).summary.dnsNames).to.not.include('localhost');
    const valid = seals.find((s) => s.name === 'valid')!;
    expect(json(`seals/${valid.id}.json`).summary.dnsNames).to.deep.equal(['localhost']);
    const unknown = seals.find((s) => s.name === 'unknown')!;
    expect(files.has(`seals/${unknown.id}.json`)).to.equal(false);
    expect(json('trust-anchors.json').anchors).to.have.length(1);
    expect([...files.keys()].filter((path) => path.startsWith('crls/'))).to.have.length(2);
  });
});

/** Text and elements of `root` including open shadow roots (the page's lit elements). */
function composedTree(root: Element): { text: string; elements: Element[] } {
  const elements: Element[] = [];
  let text = '';
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) text += node.textContent;
    if (node instanceof Element || node.nodeType === Node.ELEMENT_NODE) {
      const element = node as Element;
      elements.push(element);
      if (element.shadowRoot) for (const child of element.shadowRoot.childNodes) walk(child);
      if (element.localName === 'slot') {
        for (const assigned of (element as HTMLSlotElement).assignedNodes()) walk(assigned);
      }
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return { text, elements };
}
