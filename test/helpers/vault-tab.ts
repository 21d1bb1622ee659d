// A second browsing context on the test page's origin, standing in for another tab (test/vault-tabs.test.ts):
// it opens the vault named in its query, does what the parent asks, and reports every change and close.
import { openVault, type Vault, type VaultChangeEvent, type VaultCloseEvent } from '../../src/vault/index.js';

const name = new URLSearchParams(location.search).get('name') ?? 'vault-tab';
const report = (message: Record<string, unknown>) =>
  parent.postMessage({ source: 'vault-tab', ...message }, '*');
let vault: Vault | undefined;

addEventListener('message', (event: MessageEvent<{ command: string; pem?: string }>) => {
  if (event.source !== parent || !vault) return;
  const { command, pem } = event.data;
  const done = (extra: Record<string, unknown> = {}) =>
    report({ done: command, size: vault?.size, ...extra });
  if (command === 'import' && pem) {
    vault.importCertificates(pem).then(
      () => done(),
      (error: unknown) => done({ error: String(error) }),
    );
  } else if (command === 'size') {
    done({ domains: vault.list().flatMap((item) => item.domains) });
  }
});

openVault({ name, persist: false }).then(
  (opened) => {
    vault = opened;
    vault.addEventListener('change', (event) => {
      const { detail } = event as VaultChangeEvent;
      report({ change: detail.kind, remote: detail.remote, ids: detail.ids, size: vault?.size });
    });
    vault.addEventListener('close', (event) => report({ closed: (event as VaultCloseEvent).reason }));
    report({ ready: true, size: vault.size });
  },
  (error: unknown) => report({ error: String(error) }),
);
