/**
 * Script for the applicant page: registers the CSR studio, the stored-keys list and the certificate vault
 * (the viewer comes from viewer.ts), and connects them: "renew" in the vault opens the CSR studio with the
 * certificate's names, and deleting a key in the vault refreshes the key list.
 */
import '../widgets/csr/csr.js';
import '../widgets/keys/keys.js';
import '../widgets/vault/vault.js';
import type { ProfileId } from '../src/csr/index.js';
import type { RenewEventDetail, VaultDeletedEventDetail } from '../widgets/vault/vault.js';
import { enableOffline } from './offline.js';

/** The CSR studio profile that matches a certificate's renewal rules, when there is an obvious one. */
function profileFor(detail: RenewEventDetail): ProfileId | undefined {
  if (detail.product === 'acme') return 'acme';
  if (detail.product === 'jprs') return detail.organisation !== undefined ? 'jprs-ov' : 'jprs-dv';
  return undefined;
}

document.addEventListener('shirushi-renew', (event) => {
  const detail = (event as CustomEvent<RenewEventDetail>).detail;
  const csr = document.querySelector('shirushi-csr');
  if (!csr) return;
  const profile = profileFor(detail);
  if (profile) csr.profile = profile;
  // Same names, one per line (U-labels read better; the studio writes A-labels into the CSR).
  csr.names = detail.displayDomains.join('\n');
  csr.scrollIntoView({ behavior: 'smooth', block: 'start' });
  void csr.updateComplete.then(() => {
    // The studio has no focus delegation; its names box is the field to check first.
    const names = csr.shadowRoot?.querySelector<HTMLTextAreaElement>('#names');
    (names ?? csr).focus({ preventScroll: true });
  });
});

document.addEventListener('shirushi-vault-deleted', (event) => {
  if (!(event as CustomEvent<VaultDeletedEventDetail>).detail.keyDeleted) return;
  void document.querySelector('shirushi-keys')?.refresh();
});

// Offline after the first visit (built site only; the dev server is always online).
void enableOffline();
