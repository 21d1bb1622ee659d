/**
 * shirushi web components. Importing this module registers every element.
 * @module shirushi/widgets
 */
export {
  ShirushiCertificateViewer,
  MAX_FILE_BYTES,
  type ParsedEventDetail,
  type ErrorEventDetail,
} from './certificate-viewer/certificate-viewer.js';
export { ShirushiCsr, KEY_CHOICES, type KeyChoice, type CsrCreatedEventDetail } from './csr/csr.js';
export { ShirushiKeys, type KeyDeletedEventDetail } from './keys/keys.js';
export { ShirushiSeal, type SealStateEventDetail } from './seal/seal.js';
export {
  ShirushiVerification,
  type VerificationElementState,
  type VerificationEventDetail,
  type CheckOptions,
} from './verify/verification.js';
export {
  ShirushiVault,
  displayName,
  type RenewEventDetail,
  type DownloadEventDetail,
  type DownloadKind,
  type VaultImportedEventDetail,
  type VaultDeletedEventDetail,
  type VaultSort,
} from './vault/vault.js';
export type { TokenWriteResult, VaultTransportProvider } from './vault/token-write.js';
export {
  ShirushiAcme,
  ACME_KEY_CHOICES,
  type AcmeKeyChoice,
  type AcmeStep,
  type AcmeIssuedEventDetail,
  type AcmeRevokedEventDetail,
  type SubscriberReason,
} from './acme/acme.js';
