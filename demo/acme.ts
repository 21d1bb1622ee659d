/**
 * Script for the ACME page: registers `<shirushi-acme>` and the certificate vault, and connects them:
 * "Renew now" on an ACME certificate in the vault orders it again with the account that ordered it.
 * `?directory=<url>` fills in the ACME directory (and connects).
 */
import '../widgets/acme/acme.js';
import '../widgets/vault/vault.js';
import type { RenewEventDetail } from '../widgets/vault/vault.js';
import { enableOffline } from './offline.js';

const acme = document.querySelector('shirushi-acme');
const directory = new URLSearchParams(location.search).get('directory');
if (acme && directory && /^https?:\/\//.test(directory)) acme.directory = directory;

document.addEventListener('shirushi-renew', (event) => {
  const detail = (event as CustomEvent<RenewEventDetail>).detail;
  if (!acme || detail.product !== 'acme') return;
  acme.scrollIntoView({ behavior: 'smooth', block: 'start' });
  void acme.renew(detail.certificateId);
});

// A new certificate in the vault below is already there (the vault follows its database's changes).
void enableOffline();
