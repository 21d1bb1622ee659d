/**
 * The vault's IndexedDB schema and its migrations. Each version is one function in `MIGRATIONS` that takes
 * a database at the previous version to this one inside the upgrade transaction; opening runs every step
 * from the stored version up, so a database of any earlier version reaches the current one the same way
 * (and a v3 is one more function plus its record fields).
 *
 * Only IndexedDB requests may be awaited in a migration: anything else (WebCrypto, timers) lets the
 * upgrade transaction commit half-way. Hashes are computed with the synchronous `sha256` for that reason.
 */
import type { DBSchema, IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import { bytesToHex } from '../encoding/hex.js';
import { sha256 } from '../hash/sha.js';
import type { RenewalProduct } from '../lifecycle/rules.js';
import { parseCertificate } from '../certificate/parse.js';

/** Current schema version. */
export const VAULT_VERSION = 3;
/** Default database name. */
export const VAULT_DATABASE = 'shirushi-vault';

/** What a history event records. */
export type VaultEventType =
  'csr-created' | 'certificate-imported' | 'revocation-checked' | 'exported' | 'deleted';

/** Where a paired private key lives: the CSR studio's key store, or the vault (extractable keys). */
export type KeySource = 'key-store' | 'vault';

/** How a certificate came in. */
export type ImportFormat = 'pem' | 'der' | 'pkcs7' | 'pkcs12' | 'backup';

/**
 * One certificate: its DER plus the fields search and lists need without parsing it again. Stored in two
 * parts since v3: the fields in `certificates`, the DER in `der` (see `StoredCertificate`).
 */
export interface VaultCertificate {
  /** SHA-256 fingerprint of the DER, lowercase hex: the same certificate imported twice is one record. */
  id: string;
  der: Uint8Array;
  importedAt: Date;
  format: ImportFormat;
  /** Lifecycle rules the certificate follows (see `renewalSchedule`). */
  product: RenewalProduct;
  /** Subject and issuer, RFC 4514. */
  subject: string;
  issuer: string;
  commonName?: string;
  organisation?: string;
  /** DNS and IP subjectAltNames as in the certificate (A-labels), the CN when there are none. */
  domains: string[];
  /** Serial number, lowercase hex as encoded. */
  serial: string;
  fingerprints: { sha256: string; sha1: string };
  /** SHA-256 of the SubjectPublicKeyInfo, lowercase hex (v2; the key-pairing index). */
  spkiSha256: string;
  notBefore: Date;
  notAfter: Date;
  /** True for CA certificates (chain members imported with a leaf). */
  ca: boolean;
  /** The paired private key's id in its store. */
  keyId?: string;
  keySource?: KeySource;
  /** The key-store record holding the CSR made with the paired key (the CSR studio keeps both together). */
  csrId?: string;
}

/** What the `certificates` store holds (v3 on): everything but the DER. */
export type StoredCertificate = Omit<VaultCertificate, 'der'>;

/** What the `der` store holds (v3 on). */
export interface StoredDer {
  id: string;
  der: Uint8Array;
}

export interface VaultEvent {
  /** Auto-increment key. */
  seq?: number;
  certificateId: string;
  type: VaultEventType;
  at: Date;
  detail?: Record<string, string | number | boolean>;
}

/** The latest revocation check of a certificate. */
export interface VaultRevocation {
  certificateId: string;
  status: 'good' | 'revoked' | 'unknown';
  checkedAt: Date;
  reason?: string;
  revocationDate?: Date;
  /** The CRL that decided the status. */
  thisUpdate?: Date;
  nextUpdate?: Date;
  crlUrl?: string;
  crlIssuer?: string;
  /** Codes of the problems reported (why `unknown`). */
  problems: string[];
}

/** A private key kept by the vault itself: only keys the user asked to keep extractable. */
export interface VaultKey {
  id: string;
  label: string;
  createdAt: Date;
  /** DER SubjectPublicKeyInfo. */
  publicKey: Uint8Array;
  spkiSha256: string;
  privateKey: CryptoKey;
  extractable: true;
}

export interface VaultSchema extends DBSchema {
  certificates: {
    key: string;
    value: StoredCertificate;
    indexes: { spkiSha256: string; notAfter: Date };
  };
  der: { key: string; value: StoredDer };
  history: {
    key: number;
    value: VaultEvent;
    indexes: { certificateId: string; at: Date };
  };
  revocations: { key: string; value: VaultRevocation };
  keys: { key: string; value: VaultKey };
}

type UpgradeTransaction = IDBPTransaction<VaultSchema, StoreNames<VaultSchema>[], 'versionchange'>;

/** A migration step; `db` and `tx` are typed loosely because older versions lack later indexes. */
export type Migration = (db: IDBPDatabase<VaultSchema>, tx: UpgradeTransaction) => Promise<void>;

/**
 * `MIGRATIONS[n - 1]` takes a database from version n - 1 to n.
 *
 * v1: certificates (by SHA-256), history (auto-increment, by certificate), revocations (by certificate),
 *     keys (extractable keys the user asked to keep).
 * v2: the SPKI hash (`spkiSha256`) and the `ca` flag on every certificate, the hash indexed, so pairing with a key is a lookup; certificates
 *     indexed by notAfter and history by time (expiry lists and timelines read ranges).
 */
export const MIGRATIONS: readonly Migration[] = [
  // v0 -> v1
  async (db) => {
    db.createObjectStore('certificates', { keyPath: 'id' });
    const history = db.createObjectStore('history', { keyPath: 'seq', autoIncrement: true });
    history.createIndex('certificateId', 'certificateId');
    db.createObjectStore('revocations', { keyPath: 'certificateId' });
    db.createObjectStore('keys', { keyPath: 'id' });
  },
  // v1 -> v2
  async (_db, tx) => {
    const certificates = legacy(tx);
    let cursor = await certificates.openCursor();
    while (cursor) {
      const record = cursor.value;
      if (record.spkiSha256 === undefined || record.ca === undefined) {
        // v1 records stored the DER, so the new fields are read from it rather than guessed. A record
        // that no longer parses keeps an empty hash (never pairs) instead of failing the whole upgrade.
        let spkiSha256 = '';
        let ca = false;
        try {
          const info = parseCertificate(record.der ?? new Uint8Array());
          spkiSha256 = bytesToHex(sha256(info.publicKey.spki));
          ca = info.basicConstraints?.ca === true;
        } catch {
          // kept as is
        }
        await cursor.update({ ...record, spkiSha256, ca });
      }
      cursor = await cursor.continue();
    }
    tx.objectStore('certificates').createIndex('spkiSha256', 'spkiSha256');
    tx.objectStore('certificates').createIndex('notAfter', 'notAfter');
    tx.objectStore('history').createIndex('at', 'at');
  },
  // v2 -> v3
  async (db, tx) => {
    const der = db.createObjectStore('der', { keyPath: 'id' });
    let cursor = await legacy(tx).openCursor();
    while (cursor) {
      const { der: bytes, ...record } = cursor.value;
      // A record without DER (never written by any version) is left as it is rather than failing the upgrade.
      if (bytes instanceof Uint8Array) {
        await der.put({ id: record.id, der: bytes });
        await cursor.update(record);
      }
      cursor = await cursor.continue();
    }
  },
];

/** A certificate record as v1 and v2 stored it: the DER inside, and v2's fields possibly missing. */
type LegacyCertificate = Omit<VaultCertificate, 'spkiSha256' | 'ca' | 'der'> &
  Partial<Pick<VaultCertificate, 'spkiSha256' | 'ca' | 'der'>>;

/** The certificates store seen with the record shape of v1 and v2, for the steps that read that shape. */
function legacy(tx: UpgradeTransaction) {
  return tx.objectStore('certificates') as unknown as IDBPObjectStore<
    { certificates: { key: string; value: LegacyCertificate } },
    ['certificates'],
    'certificates',
    'versionchange'
  >;
}

/** Runs the migrations from `oldVersion` to `newVersion` in order, inside the upgrade transaction. */
export async function migrate(
  db: IDBPDatabase<VaultSchema>,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTransaction,
): Promise<void> {
  for (let version = oldVersion; version < newVersion; version++) {
    await MIGRATIONS[version]!(db, tx);
  }
}
