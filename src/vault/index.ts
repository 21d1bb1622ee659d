/** The certificate vault (issue 6): storage, pairing with keys, history, search and backup. */
export {
  openVault,
  Vault,
  VaultChangeEvent,
  VaultCloseEvent,
  type OpenVaultOptions,
  type ImportOptions,
  type ImportResult,
  type DeleteOptions,
  type DeleteResult,
  type BackupOptions,
  type BackupResult,
  type RestoreResult,
  type VaultChange,
  type RevocationRecordInput,
} from './vault.js';
export {
  VAULT_VERSION,
  VAULT_DATABASE,
  type VaultCertificate,
  type VaultEvent,
  type VaultEventType,
  type VaultRevocation,
  type VaultKey,
  type KeySource,
  type ImportFormat,
} from './schema.js';
export type { VaultSummary, VaultQuery, VaultStatus, VaultStatusReport } from './search.js';
export type { UnexportedKey } from './backup.js';
export {
  vaultChainOf,
  checkVaultRevocation,
  type VaultChainOptions,
  type VaultRevocationCheckOptions,
  type VaultRevocationCheck,
} from './check.js';
