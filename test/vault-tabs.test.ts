// Two tabs on one vault, for real: the test page and a second browsing context of the same origin (an
// iframe running test/helpers/vault-tab.ts) each open the vault. Changes made in one reach the other over
// BroadcastChannel, and an upgrade from one closes the other through versionchange.
import { expect } from '@esm-bundle/chai';
import { openDB } from 'idb';
import { VAULT_VERSION } from '../src/vault/schema.js';
import { openVault, type Vault, type VaultChangeEvent } from '../src/vault/index.js';
import { fixtures, type CertificateFixture } from './helpers/fixtures.js';

type TabMessage = Record<string, unknown> & { source: 'vault-tab' };

let frame: HTMLIFrameElement | undefined;
let vault: Vault | undefined;
let name = '';
const inbox: TabMessage[] = [];

addEventListener('message', (event: MessageEvent) => {
  const data = event.data as TabMessage | undefined;
  if (data?.source === 'vault-tab' && event.source === frame?.contentWindow) inbox.push(data);
});

/** The next message from the other tab that `match` accepts (earlier ones are kept for later waits). */
function fromTab(match: (message: TabMessage) => boolean, timeout = 10_000): Promise<TabMessage> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = () => {
      const index = inbox.findIndex(match);
      if (index >= 0) return resolve(inbox.splice(index, 1)[0]!);
      if (Date.now() - started > timeout)
        return reject(new Error(`no such message; got ${JSON.stringify(inbox)}`));
      setTimeout(look, 20);
    };
    look();
  });
}

const tell = (message: Record<string, unknown>) =>
  frame!.contentWindow!.postMessage(message, location.origin);

function nextChange(target: Vault): Promise<VaultChangeEvent> {
  return new Promise((resolve) =>
    target.addEventListener('change', (event) => resolve(event as VaultChangeEvent), { once: true }),
  );
}

let leaf: CertificateFixture;
let japanese: CertificateFixture;

before(async () => {
  const all = await fixtures();
  leaf = all.rsa2048 as CertificateFixture;
  japanese = all.japanese as CertificateFixture;
});

beforeEach(async () => {
  name = `vault-tabs-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  inbox.length = 0;
  vault = await openVault({ name, persist: false });
  frame = document.createElement('iframe');
  frame.src = `/test/helpers/vault-tab.html?name=${encodeURIComponent(name)}`;
  document.body.append(frame);
  const ready = await fromTab((message) => 'ready' in message || 'error' in message);
  expect(ready.error, String(ready.error)).to.equal(undefined);
});

afterEach(async () => {
  frame?.remove();
  frame = undefined;
  vault?.close();
  await new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = resolve;
  });
});

describe('vault: two browsing contexts on one database', () => {
  it('an import in this tab reaches the other tab, and one there reaches this tab', async () => {
    await vault!.importCertificates(leaf.pem);
    const heard = await fromTab((message) => message.change === 'import');
    expect(heard).to.include({ remote: true, size: 1 });

    const local = nextChange(vault!);
    tell({ command: 'import', pem: japanese.pem });
    const done = await fromTab((message) => message.done === 'import');
    expect(done.error, String(done.error)).to.equal(undefined);
    expect(done.size).to.equal(2);
    const change = await local;
    expect(change.detail).to.include({ kind: 'import', remote: true });
    expect(vault!.size).to.equal(2);
  });

  it('an upgrade from this tab closes the vault in the other tab with versionchange', async () => {
    vault!.close();
    const newer = await openDB(name, VAULT_VERSION + 1);
    const closed = await fromTab((message) => 'closed' in message);
    expect(closed.closed).to.equal('versionchange');
    newer.close();
  });
});
