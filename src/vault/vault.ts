/**
 * The certificate vault: issued certificates kept in the applicant's own IndexedDB, paired with their
 * private keys (the CSR studio's key store, src/keys/store.ts, or extractable keys the vault keeps itself),
 * with history, the latest revocation result, search and a passphrase-encrypted backup.
 *
 * Every write is one readwrite transaction over every store it touches, so a failure (quota, a closed
 * connection, a bad record) leaves nothing behind. Other tabs (and other `Vault` objects in this page)
 * hear about committed writes over a BroadcastChannel and refresh their search index; a newer version
 * opening the database makes this connection close itself instead of blocking the upgrade.
 */
import { openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { TAG, childrenOf, contentBytes, readTlv } from '../asn1/reader.js';
import { parseCertificate } from '../certificate/parse.js';
import type { CertificateInfo } from '../certificate/types.js';
import { bytesToHex } from '../encoding/hex.js';
import { ShirushiError } from '../errors/shirushi-error.js';
import { sha256 } from '../hash/sha.js';
import { importPrivateKey, importSpki } from '../keys/import.js';
import {
  deleteKey as deleteStoredKey,
  getKey as getStoredKey,
  keyLabel,
  listKeys,
  requestPersistentStorage,
  storeKey,
} from '../keys/store.js';
import { describe, type SignatureHash } from '../keys/token.js';
import { RENEWAL_PRODUCTS, type RenewalProduct } from '../lifecycle/rules.js';
import type { RevocationResult } from '../revocation/types.js';
import {
  fromBase64,
  openBackup,
  sealBackup,
  toBase64,
  type BackupPayload,
  type UnexportedKey,
} from './backup.js';
import { isQuotaError, openError, writeError } from './errors.js';
import { readInput, type ReadInput } from './input.js';
import {
  VAULT_DATABASE,
  VAULT_VERSION,
  migrate,
  type ImportFormat,
  type KeySource,
  type VaultCertificate,
  type VaultEvent,
  type VaultEventType,
  type VaultKey,
  type VaultRevocation,
  type VaultSchema,
} from './schema.js';
import {
  SearchIndex,
  byExpiry,
  summarise,
  withoutDer,
  type VaultQuery,
  type VaultStatusReport,
  type VaultSummary,
} from './search.js';

export interface OpenVaultOptions {
  /** Database name; default `shirushi-vault`. Tests and separate profiles use their own. */
  name?: string;
  /** Ask the browser to keep the site's storage (`navigator.storage.persist()`); default true. */
  persist?: boolean;
  /**
   * Called when the open waits for other tabs holding an older version to close. The open carries on by
   * itself once they do (their vaults close on `versionchange`); show "close other shirushi tabs" meanwhile.
   */
  onBlocked?: (info: { currentVersion: number; requestedVersion: number | null }) => void;
}

export interface ImportOptions {
  /** Lifecycle rules of the imported end-entity certificates; default `generic`. */
  product?: RenewalProduct;
  /** PKCS#12 password; a PKCS#12 file without it gives `vault/password-required`. */
  password?: string;
  /** Keep a PKCS#12 private key extractable (kept by the vault and included in backups); default false. */
  extractable?: boolean;
  /** For RSA keys from PKCS#12, the hash the key signs with; default SHA-256. */
  hash?: SignatureHash;
  /** Import time; default now. */
  at?: Date;
}

export interface ImportResult {
  format: Exclude<ImportFormat, 'backup'>;
  /** Certificates new to the vault. */
  imported: VaultSummary[];
  /** Certificates that were already there (re-importing is harmless). */
  duplicates: VaultSummary[];
  /** The PKCS#12 private key: where it went, or the key already there that it matched. */
  key?: { id: string; source: KeySource; extractable: boolean; existing: boolean };
  /** PEM blocks that were not certificates (a pasted private key, a CRL). */
  skipped: string[];
}

export interface DeleteOptions {
  /** Must be true: the caller has had the user confirm (typed confirmation in the UI). */
  confirm: boolean;
  /** Also delete the paired private key (when no other certificate in the vault uses it). */
  withKey?: boolean;
  /** Second confirmation, required with `withKey` while the certificate is still usable (not expired or revoked). */
  confirmValidKey?: boolean;
  /** The moment validity is judged at; default now. */
  now?: Date;
}

export interface DeleteResult {
  deleted: boolean;
  keyDeleted: boolean;
  /** Set when `withKey` was asked but the key stays because other certificates use it. */
  keyKeptFor?: string[];
}

export interface BackupOptions {
  /** PBKDF2 iterations; default `PBKDF2_ITERATIONS` (600 000). */
  iterations?: number;
}

export interface BackupResult {
  /** The file: PEM text (`SHIRUSHI VAULT BACKUP`) as UTF-8 bytes; save as `.shirushi-backup`. */
  bytes: Uint8Array;
  certificates: number;
  /** Keys inside the file. */
  keysIncluded: Array<{ id: string; label: string; certificateIds: string[] }>;
  /** Keys that are not in the file, and why: say so to the user. */
  keysNotExported: UnexportedKey[];
}

export interface RestoreResult {
  /** Certificates added (ones already in the vault are kept as they are). */
  certificates: number;
  duplicates: number;
  keys: number;
  history: number;
  /** Keys the backup could not contain when it was made. */
  keysNotExported: UnexportedKey[];
}

/** What changed, for `change` events (local writes and other tabs' writes alike). */
export interface VaultChange {
  kind: 'import' | 'update' | 'delete' | 'revocation' | 'event' | 'pairing' | 'restore';
  ids: string[];
  /** True when another tab or another Vault object made the change. */
  remote: boolean;
}

/** `change` event: the index already reflects the change when it fires. */
export class VaultChangeEvent extends Event {
  constructor(readonly detail: VaultChange) {
    super('change');
  }
}

/** `close` event: `versionchange` (a newer version wants the database), `terminated` (the browser closed it), `closed`. */
export class VaultCloseEvent extends Event {
  constructor(readonly reason: 'versionchange' | 'terminated' | 'closed') {
    super('close');
  }
}

/** Manual revocation input, for results not made by the engine. */
export interface RevocationRecordInput {
  status: 'good' | 'revoked' | 'unknown';
  reason?: string;
  revocationDate?: Date;
  thisUpdate?: Date;
  nextUpdate?: Date;
  crlUrl?: string;
  crlIssuer?: string;
  problems?: string[];
}

interface Message {
  source: string;
  change: Omit<VaultChange, 'remote'>;
}

interface KnownKey {
  id: string;
  source: KeySource;
  label: string;
  createdAt: Date;
  spkiSha256: string;
  bitsSha256: string;
  csr: boolean;
}

type Db = IDBPDatabase<VaultSchema>;
type Stores = StoreNames<VaultSchema>;

const ALL_STORES: Stores[] = ['certificates', 'der', 'history', 'revocations', 'keys'];

function hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

/**
 * SHA-256 of the subjectPublicKey bits alone. Pairing first compares SPKI hashes; this second key
 * catches encoders that differ only in the algorithm parameters (an RSA NULL present or absent).
 */
function bitsHash(spki: Uint8Array): string {
  try {
    const fields = childrenOf(spki, readTlv(spki, 0, spki.length));
    return fields[1]?.tag === TAG.BIT_STRING ? hex(contentBytes(spki, fields[1])) : '';
  } catch {
    return '';
  }
}

function spkiOfCertificate(der: Uint8Array): Uint8Array | undefined {
  try {
    return parseCertificate(der).publicKey.spki;
  } catch {
    return undefined;
  }
}

function instanceId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : bytesToHex(crypto.getRandomValues(new Uint8Array(16)));
}

function eventKey(event: Pick<VaultEvent, 'certificateId' | 'type' | 'at'>): string {
  return `${event.certificateId}|${event.type}|${event.at.getTime()}`;
}

const iso = (date: Date | undefined) => date?.toISOString();
const date = (text: string | undefined) => (text === undefined ? undefined : new Date(text));

/**
 * Opens (creating or upgrading) the vault and builds its search index. Errors: `vault/unavailable`
 * (no IndexedDB, private modes that refuse it), `vault/newer-version`, `vault/quota-exceeded`.
 */
export async function openVault(options: OpenVaultOptions = {}): Promise<Vault> {
  const name = options.name ?? VAULT_DATABASE;
  if (typeof indexedDB === 'undefined' || indexedDB === null) {
    throw new ShirushiError('vault/unavailable', { detail: 'indexedDB is not defined' });
  }
  const holder: { vault?: Vault; pending?: 'versionchange' | 'terminated' } = {};
  let db: Db;
  try {
    db = await openDB<VaultSchema>(name, VAULT_VERSION, {
      upgrade(database, oldVersion, newVersion, tx) {
        // A failing step aborts the upgrade: the database stays at its old version, nothing half-migrated.
        migrate(database, oldVersion, newVersion ?? VAULT_VERSION, tx).catch(() => {
          try {
            tx.abort();
          } catch {
            // already finished
          }
        });
      },
      blocked(currentVersion, blockedVersion) {
        options.onBlocked?.({ currentVersion, requestedVersion: blockedVersion });
      },
      blocking() {
        if (holder.vault) holder.vault.shutDown('versionchange');
        else holder.pending = 'versionchange';
      },
      terminated() {
        if (holder.vault) holder.vault.shutDown('terminated');
        else holder.pending = 'terminated';
      },
    });
  } catch (error) {
    throw openError(error);
  }
  const vault = new Vault(name, db, options.persist !== false);
  holder.vault = vault;
  try {
    await vault.load();
  } catch (error) {
    vault.close();
    throw openError(error);
  }
  if (holder.pending) vault.shutDown(holder.pending);
  return vault;
}

/**
 * An open vault. Listen for `change` (`VaultChangeEvent`) to redraw after writes from any tab, and for
 * `close` (`VaultCloseEvent`): after a `versionchange` every method rejects with `vault/closed` and the
 * page should offer a reload.
 */
export class Vault extends EventTarget {
  /** `navigator.storage.persist()`'s answer (false where unavailable or not asked). Never rejects. */
  readonly persistence: Promise<boolean>;
  readonly version = VAULT_VERSION;
  private readonly index = new SearchIndex();
  private readonly id = instanceId();
  private readonly channel: BroadcastChannel | undefined;
  private knownKeys: KnownKey[] = [];
  private closeReason: 'versionchange' | 'terminated' | 'closed' | undefined;

  /** Use `openVault`. */
  constructor(
    readonly name: string,
    private readonly db: Db,
    persist: boolean,
  ) {
    super();
    this.persistence = persist ? requestPersistentStorage() : Promise.resolve(false);
    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(`shirushi-vault:${name}`);
      this.channel.onmessage = (event: MessageEvent<Message>) => void this.onMessage(event.data);
    }
  }

  /** True once closed (by `close()`, another tab's upgrade, or the browser). */
  get closed(): boolean {
    return this.closeReason !== undefined;
  }

  /** Number of certificates. */
  get size(): number {
    return this.index.size;
  }

  /** @internal Reads everything the index needs and pairs certificates with keys that appeared since. */
  async load(): Promise<void> {
    const tx = this.db.transaction(['certificates', 'revocations'], 'readonly');
    const [certificates, revocations] = await Promise.all([
      tx.objectStore('certificates').getAll(),
      tx.objectStore('revocations').getAll(),
      tx.done,
    ]);
    this.index.clear();
    for (const record of certificates) this.index.put(record);
    for (const revocation of revocations) this.index.setRevocation(revocation, revocation.certificateId);
    await this.pairKeys();
  }

  /** @internal Closes the connection after a `versionchange` or termination and tells listeners. */
  shutDown(reason: 'versionchange' | 'terminated' | 'closed'): void {
    if (this.closeReason) return;
    this.closeReason = reason;
    try {
      this.db.close();
    } catch {
      // already closed by the browser
    }
    this.channel?.close();
    this.dispatchEvent(new VaultCloseEvent(reason));
  }

  /** Closes the vault; later calls reject with `vault/closed`. */
  close(): void {
    this.shutDown('closed');
  }

  private ensureOpen(): void {
    if (this.closeReason) throw new ShirushiError('vault/closed', { reason: this.closeReason });
  }

  /** Runs `body` in one readwrite transaction; any failure aborts it and nothing is written. */
  private async write<T>(
    stores: Stores[],
    body: (tx: IDBPTransaction<VaultSchema, Stores[], 'readwrite'>) => Promise<T>,
  ): Promise<T> {
    this.ensureOpen();
    let tx: IDBPTransaction<VaultSchema, Stores[], 'readwrite'>;
    try {
      tx = this.db.transaction(stores, 'readwrite');
    } catch (error) {
      throw writeError(error);
    }
    try {
      const result = await body(tx);
      await tx.done;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // already aborted or committed
      }
      await tx.done.catch(() => undefined);
      throw writeError(error, tx.error);
    }
  }

  private changed(change: Omit<VaultChange, 'remote'>): void {
    try {
      this.channel?.postMessage({ source: this.id, change } satisfies Message);
    } catch {
      // A closed channel: other tabs refresh on their next open.
    }
    this.dispatchEvent(new VaultChangeEvent({ ...change, remote: false }));
  }

  private async onMessage(message: Message | undefined): Promise<void> {
    if (this.closeReason || !message || message.source === this.id || !message.change) return;
    const { change } = message;
    try {
      if (change.kind === 'restore' || change.kind === 'pairing') {
        await this.load();
      } else {
        const tx = this.db.transaction(['certificates', 'revocations'], 'readonly');
        const records = await Promise.all(
          change.ids.map(async (id) => ({
            id,
            record: await tx.objectStore('certificates').get(id),
            revocation: await tx.objectStore('revocations').get(id),
          })),
        );
        await tx.done;
        for (const { id, record, revocation } of records) {
          if (record) this.index.put(record);
          else this.index.remove(id);
          this.index.setRevocation(revocation, id);
        }
        if (change.kind === 'delete' || change.kind === 'import') await this.refreshKeys();
      }
    } catch {
      // Closed meanwhile (versionchange): the close event already told the page.
      if (this.closeReason) return;
    }
    this.dispatchEvent(new VaultChangeEvent({ ...change, remote: true }));
  }

  private async refreshKeys(): Promise<void> {
    const stored = await listKeys();
    const vaultKeys = await this.db.getAll('keys');
    this.knownKeys = [
      ...stored.map((key) => ({
        id: key.id,
        source: 'key-store' as const,
        label: key.label,
        createdAt: key.createdAt,
        spkiSha256: hex(key.publicKey),
        bitsSha256: bitsHash(key.publicKey),
        csr: key.csrPem !== undefined,
      })),
      ...vaultKeys.map((key) => ({
        id: key.id,
        source: 'vault' as const,
        label: key.label,
        createdAt: key.createdAt,
        spkiSha256: key.spkiSha256,
        bitsSha256: bitsHash(key.publicKey),
        csr: false,
      })),
    ];
    this.index.setKeys(this.knownKeys.map((key) => key.id));
  }

  private findKey(record: VaultSummary, der?: Uint8Array): KnownKey | undefined {
    const exact = this.knownKeys.find((key) => key.spkiSha256 === record.spkiSha256);
    if (exact) return exact;
    const spki = der && spkiOfCertificate(der);
    const bits = spki && bitsHash(spki);
    return bits ? this.knownKeys.find((key) => key.bitsSha256 === bits) : undefined;
  }

  /**
   * Pairs every certificate without a present key with a key from the key store or the vault that has
   * its public key (and the CSR kept with it). Runs at open; call it after generating or importing keys
   * elsewhere. Resolves with the number of certificates newly paired.
   */
  async pairKeys(): Promise<number> {
    this.ensureOpen();
    await this.refreshKeys();
    const updates: Array<{ record: VaultSummary; key: KnownKey }> = [];
    for (const record of this.index.all()) {
      if (this.index.hasKey(record.keyId)) continue;
      const key = this.findKey(record);
      if (key) updates.push({ record, key });
    }
    if (updates.length === 0) return 0;
    const records = await this.write(['certificates', 'history'], async (tx) => {
      const certificates = tx.objectStore('certificates');
      const written: VaultSummary[] = [];
      for (const { record, key } of updates) {
        const current = await certificates.get(record.id);
        if (!current) continue;
        const paired = this.paired(current, key);
        await certificates.put(paired);
        if (key.csr && current.csrId !== key.id)
          await tx.objectStore('history').add(csrEvent(paired.id, key));
        written.push(paired);
      }
      return written;
    });
    for (const record of records) this.index.put(record);
    if (records.length > 0) this.changed({ kind: 'pairing', ids: records.map((record) => record.id) });
    return records.length;
  }

  private paired<T extends VaultSummary>(record: T, key: KnownKey): T {
    // The key store keeps a key's CSR in the key's own record, so the CSR's id is the key's.
    const paired: T = { ...record, keyId: key.id, keySource: key.source };
    if (key.csr) paired.csrId = key.id;
    else delete paired.csrId;
    return paired;
  }

  /** Every certificate (without DER), soonest expiry first. */
  list(): VaultSummary[] {
    this.ensureOpen();
    return this.index.all().sort(byExpiry);
  }

  /** One certificate from the index (no DER), or undefined. Synchronous. */
  summary(id: string): VaultSummary | undefined {
    return this.index.get(id);
  }

  /** One certificate with its DER, or undefined. */
  async get(id: string): Promise<VaultCertificate | undefined> {
    this.ensureOpen();
    const tx = this.db.transaction(['certificates', 'der'], 'readonly');
    const [record, der] = await Promise.all([
      tx.objectStore('certificates').get(id),
      tx.objectStore('der').get(id),
      tx.done,
    ]);
    return record && der ? { ...record, der: der.der } : undefined;
  }

  /**
   * The private key paired with a certificate: an extractable key the vault keeps itself (from a PKCS#12
   * import), or a key from the key store. Undefined when the key is not in this browser (e.g. it lives on
   * a hardware token) or the certificate is unknown.
   */
  async privateKey(id: string): Promise<CryptoKey | undefined> {
    this.ensureOpen();
    const record = this.index.get(id);
    if (!record || record.keyId === undefined) return undefined;
    if (record.keySource === 'vault') return (await this.db.get('keys', record.keyId))?.privateKey;
    return (await getStoredKey(record.keyId))?.privateKey;
  }

  /** Certificates matching every field of the query, soonest expiry first. Synchronous, from memory. */
  search(query: VaultQuery = {}): VaultSummary[] {
    this.ensureOpen();
    return this.index.search(query);
  }

  /** The latest revocation result recorded for a certificate. */
  revocation(id: string): VaultRevocation | undefined {
    return this.index.revocation(id);
  }

  /** Lifecycle (renewal rules of the record's product), revocation and key presence at `now`. */
  statusOf(record: VaultSummary | VaultCertificate, now: Date = new Date()): VaultStatusReport {
    return this.index.statusOf(record, now);
  }

  /** Changes the lifecycle rules a certificate follows (e.g. a JPRS certificate imported as generic). */
  async setProduct(id: string, product: RenewalProduct): Promise<VaultSummary> {
    this.ensureOpen();
    if (!RENEWAL_PRODUCTS.includes(product)) {
      throw new ShirushiError('lifecycle/unknown-product', { product: String(product) });
    }
    const updated = await this.write(['certificates'], async (tx) => {
      const current = await tx.objectStore('certificates').get(id);
      if (!current) throw new ShirushiError('vault/not-found', { id });
      const record = { ...current, product };
      await tx.objectStore('certificates').put(record);
      return record;
    });
    this.index.put(updated);
    this.changed({ kind: 'update', ids: [id] });
    return updated;
  }

  /** A certificate's history, oldest first; kept after the certificate is deleted. */
  async history(id: string): Promise<VaultEvent[]> {
    this.ensureOpen();
    const events = await this.db.getAllFromIndex('history', 'certificateId', id);
    return events.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.seq ?? 0) - (b.seq ?? 0));
  }

  /** Adds a history event, e.g. `exported` when the page writes a server bundle or a PKCS#12 file. */
  async recordEvent(
    id: string,
    type: VaultEventType,
    detail?: Record<string, string | number | boolean>,
    at: Date = new Date(),
  ): Promise<VaultEvent> {
    if (!this.index.get(id)) throw new ShirushiError('vault/not-found', { id });
    const event: VaultEvent = { certificateId: id, type, at, ...(detail && { detail }) };
    const seq = await this.write(['history'], (tx) => tx.objectStore('history').add(event));
    this.changed({ kind: 'event', ids: [id] });
    return { ...event, seq };
  }

  /**
   * Keeps a revocation result (from `checkRevocation` / `verifyChain`, or given by hand) as the
   * certificate's latest, with a `revocation-checked` history event, in one transaction.
   */
  async recordRevocation(
    id: string,
    result: RevocationResult | RevocationRecordInput,
    checkedAt: Date = new Date(),
  ): Promise<VaultRevocation> {
    if (!this.index.get(id)) throw new ShirushiError('vault/not-found', { id });
    const revocation = toRevocation(id, result, checkedAt);
    await this.write(['revocations', 'history'], async (tx) => {
      await tx.objectStore('revocations').put(revocation);
      await tx.objectStore('history').add({
        certificateId: id,
        type: 'revocation-checked',
        at: checkedAt,
        detail: { status: revocation.status, ...(revocation.reason && { reason: revocation.reason }) },
      });
    });
    this.index.setRevocation(revocation, id);
    this.changed({ kind: 'revocation', ids: [id] });
    return revocation;
  }

  /**
   * Imports certificates: PEM (several blocks too), DER, PKCS#7 and, with `password`, PKCS#12. A
   * PKCS#12 private key goes to the key store (non-extractable), or to the vault when `extractable` is
   * asked, unless a key with the same public key is already there. Each certificate is paired with its key
   * and CSR. All certificates, history and the key are written in one transaction, or none are.
   */
  async importCertificates(
    input: Uint8Array | ArrayBuffer | string,
    options: ImportOptions = {},
  ): Promise<ImportResult> {
    this.ensureOpen();
    const product = options.product ?? 'generic';
    if (!RENEWAL_PRODUCTS.includes(product)) {
      throw new ShirushiError('lifecycle/unknown-product', { product: String(product) });
    }
    const read = await readInput(input, {
      ...(options.password !== undefined && { password: options.password }),
      ...(options.extractable !== undefined && { extractable: options.extractable }),
      ...(options.hash && { hash: options.hash }),
    });
    const at = options.at ?? new Date();
    await this.refreshKeys();
    const placed = await this.placeKey(read, at);
    const keyFor = new Map<string, KnownKey>();
    const records = uniqueRecords(read.certificates).map((info) => {
      const record = summarise(info, {
        importedAt: at,
        format: read.format,
        product: info.basicConstraints?.ca === true ? 'generic' : product,
      });
      const key = this.findKey(record, info.der) ?? placed?.known;
      if (!key || (key === placed?.known && key.spkiSha256 !== record.spkiSha256)) return record;
      keyFor.set(record.id, key);
      return this.paired(record, key);
    });
    let result: { imported: VaultSummary[]; duplicates: VaultSummary[] };
    try {
      result = await this.write(['certificates', 'der', 'history', 'keys'], async (tx) => {
        const certificates = tx.objectStore('certificates');
        const history = tx.objectStore('history');
        if (placed?.vaultKey) await tx.objectStore('keys').add(placed.vaultKey);
        const imported: VaultSummary[] = [];
        const duplicates: VaultSummary[] = [];
        for (const record of records) {
          const existing = await certificates.get(record.id);
          if (existing) {
            // Known already; it may only now have its key (a PKCS#12 for a certificate imported as PEM).
            const key = keyFor.get(record.id);
            if (!this.index.hasKey(existing.keyId) && key) {
              const paired = this.paired(existing, key);
              await certificates.put(paired);
              duplicates.push(paired);
            } else {
              duplicates.push(existing);
            }
            continue;
          }
          const summary = withoutDer(record);
          await certificates.put(summary);
          await tx.objectStore('der').put({ id: record.id, der: record.der });
          await history.add({
            certificateId: record.id,
            type: 'certificate-imported',
            at,
            detail: { format: read.format },
          });
          const key = record.csrId !== undefined && this.knownKeys.find((k) => k.id === record.csrId);
          if (key) await history.add(csrEvent(record.id, key));
          imported.push(summary);
        }
        return { imported, duplicates };
      });
    } catch (error) {
      // The key went to the key store (another database) before the transaction: take it back out.
      if (placed?.storedId !== undefined) await deleteStoredKey(placed.storedId).catch(() => false);
      throw error;
    }
    if (placed) await this.refreshKeys();
    for (const record of [...result.imported, ...result.duplicates]) this.index.put(record);
    const ids = [...result.imported, ...result.duplicates].map((record) => record.id);
    this.changed({ kind: 'import', ids });
    return {
      format: read.format,
      imported: result.imported,
      duplicates: result.duplicates,
      ...(placed && { key: placed.result }),
      skipped: read.skipped,
    };
  }

  /** Where a PKCS#12 key goes: an existing key with its public key, the key store, or the vault. */
  private async placeKey(
    read: ReadInput,
    at: Date,
  ): Promise<
    | {
        known: KnownKey;
        result: NonNullable<ImportResult['key']>;
        vaultKey?: VaultKey;
        storedId?: string;
      }
    | undefined
  > {
    if (!read.key) return undefined;
    const { privateKey, certificate } = read.key;
    const spki = certificate.publicKey.spki;
    const spkiSha256 = hex(spki);
    const existing = this.knownKeys.find((key) => key.spkiSha256 === spkiSha256);
    if (existing) {
      return {
        known: existing,
        result: {
          id: existing.id,
          source: existing.source,
          extractable: existing.source === 'vault',
          existing: true,
        },
      };
    }
    const names = [...certificate.subjectAltNames.dns, ...certificate.subjectAltNames.ip];
    const label =
      read.key.friendlyName ??
      keyLabel(names.length > 0 ? names : [certificate.subject.commonName ?? ''], at);
    const known = (id: string, source: KeySource): KnownKey => ({
      id,
      source,
      label,
      createdAt: at,
      spkiSha256,
      bitsSha256: bitsHash(spki),
      csr: false,
    });
    if (privateKey.extractable) {
      const vaultKey: VaultKey = {
        id: instanceId(),
        label,
        createdAt: at,
        publicKey: spki,
        spkiSha256,
        privateKey,
        extractable: true,
      };
      return {
        known: known(vaultKey.id, 'vault'),
        result: { id: vaultKey.id, source: 'vault', extractable: true, existing: false },
        vaultKey,
      };
    }
    const publicKey = await importSpki(spki, privateKey);
    let stored: Awaited<ReturnType<typeof storeKey>>;
    try {
      stored = await storeKey({ keys: { privateKey, publicKey }, label, createdAt: at });
    } catch (error) {
      // The key store reports a full disk as its own store error; say it the way the vault does.
      if (error instanceof ShirushiError && isQuotaError(error.cause)) throw writeError(error.cause);
      throw error;
    }
    return {
      known: known(stored.id, 'key-store'),
      result: { id: stored.id, source: 'key-store', extractable: false, existing: false },
      storedId: stored.id,
    };
  }

  /**
   * Deletes a certificate (its revocation result too; its history stays, with a `deleted` event). Needs
   * `confirm: true`; deleting its key as well (`withKey`) while the certificate is valid also needs
   * `confirmValidKey: true`. A key other certificates in the vault still use is kept.
   */
  async delete(id: string, options: DeleteOptions): Promise<DeleteResult> {
    this.ensureOpen();
    const record = this.index.get(id);
    if (!record) throw new ShirushiError('vault/not-found', { id });
    if (options?.confirm !== true) throw new ShirushiError('vault/confirm-required', { id });
    const keyPresent = this.index.hasKey(record.keyId);
    const withKey = options.withKey === true && keyPresent;
    if (withKey) {
      const status = this.statusOf(record, options.now ?? new Date()).status;
      const usable = status !== 'expired' && status !== 'revoked';
      if (usable && options.confirmValidKey !== true) {
        throw new ShirushiError('vault/confirm-key-required', { id });
      }
    }
    const sharing = withKey
      ? this.index.all().filter((other) => other.id !== id && other.keyId === record.keyId)
      : [];
    const deleteKeyToo = withKey && sharing.length === 0;
    const at = new Date();
    await this.write(['certificates', 'der', 'revocations', 'history', 'keys'], async (tx) => {
      await tx.objectStore('certificates').delete(id);
      await tx.objectStore('der').delete(id);
      await tx.objectStore('revocations').delete(id);
      if (deleteKeyToo && record.keySource === 'vault') await tx.objectStore('keys').delete(record.keyId!);
      await tx.objectStore('history').add({
        certificateId: id,
        type: 'deleted',
        at,
        detail: { keyDeleted: deleteKeyToo },
      });
    });
    this.index.remove(id);
    // The key store is another database: its key goes once the certificate is gone for certain.
    if (deleteKeyToo && record.keySource === 'key-store') await deleteStoredKey(record.keyId!);
    if (deleteKeyToo) await this.refreshKeys();
    this.changed({ kind: 'delete', ids: [id] });
    return {
      deleted: true,
      keyDeleted: deleteKeyToo,
      ...(withKey && sharing.length > 0 && { keyKeptFor: sharing.map((other) => other.id) }),
    };
  }

  /**
   * The whole vault as one passphrase-encrypted file: certificates, history, revocation results and the
   * keys that can be exported (extractable ones). Keys that cannot (every key-store key: the key store
   * makes keys non-extractable on purpose) are listed in `keysNotExported`; tell the user plainly.
   */
  async backup(passphrase: string, options: BackupOptions = {}): Promise<BackupResult> {
    this.ensureOpen();
    if (typeof passphrase !== 'string' || passphrase === '')
      throw new ShirushiError('vault/empty-passphrase');
    const tx = this.db.transaction(ALL_STORES, 'readonly');
    const [certificates, ders, history, revocations, vaultKeys] = await Promise.all([
      tx.objectStore('certificates').getAll(),
      tx.objectStore('der').getAll(),
      tx.objectStore('history').getAll(),
      tx.objectStore('revocations').getAll(),
      tx.objectStore('keys').getAll(),
      tx.done,
    ]);
    const derOf = new Map(ders.map((entry) => [entry.id, entry.der]));
    const storedKeys = await listKeys();
    const usedBy = (keyId: string) =>
      certificates.filter((record) => record.keyId === keyId).map((record) => record.id);
    const keys: BackupPayload['keys'] = [];
    const keysIncluded: BackupResult['keysIncluded'] = [];
    const keysNotExported: UnexportedKey[] = storedKeys.map((key) => ({
      id: key.id,
      label: key.label,
      source: 'key-store',
      reason: 'not-extractable',
      certificateIds: usedBy(key.id),
    }));
    const copies: Uint8Array[] = [];
    try {
      for (const key of vaultKeys) {
        try {
          const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', key.privateKey));
          copies.push(pkcs8);
          const algorithm = key.privateKey.algorithm as Partial<RsaHashedKeyAlgorithm & EcKeyAlgorithm> & {
            name: string;
          };
          keys.push({
            id: key.id,
            label: key.label,
            createdAt: key.createdAt.toISOString(),
            publicKey: toBase64(key.publicKey),
            pkcs8: toBase64(pkcs8),
            algorithm: {
              name: algorithm.name,
              ...(algorithm.namedCurve !== undefined && { namedCurve: algorithm.namedCurve }),
              ...(algorithm.hash?.name !== undefined && { hash: algorithm.hash.name }),
            },
          });
          keysIncluded.push({ id: key.id, label: key.label, certificateIds: usedBy(key.id) });
        } catch {
          keysNotExported.push({
            id: key.id,
            label: key.label,
            source: 'vault',
            reason: key.privateKey.extractable ? 'export-failed' : 'not-extractable',
            certificateIds: usedBy(key.id),
          });
        }
      }
      const payload: BackupPayload = {
        format: 'shirushi-vault-backup',
        version: 1,
        createdAt: new Date().toISOString(),
        schemaVersion: VAULT_VERSION,
        certificates: certificates
          .filter((record) => derOf.has(record.id))
          .map((record) => ({
            der: toBase64(derOf.get(record.id)!),
            importedAt: record.importedAt.toISOString(),
            format: record.format,
            product: record.product,
            ...(record.keyId !== undefined && { keyId: record.keyId }),
            ...(record.keySource !== undefined && { keySource: record.keySource }),
            ...(record.csrId !== undefined && { csrId: record.csrId }),
          })),
        history: history.map((event) => ({
          certificateId: event.certificateId,
          type: event.type,
          at: event.at.toISOString(),
          ...(event.detail && { detail: event.detail }),
        })),
        revocations: revocations.map((revocation) => ({
          certificateId: revocation.certificateId,
          status: revocation.status,
          checkedAt: revocation.checkedAt.toISOString(),
          problems: revocation.problems,
          ...(revocation.reason !== undefined && { reason: revocation.reason }),
          ...(revocation.revocationDate && { revocationDate: iso(revocation.revocationDate)! }),
          ...(revocation.thisUpdate && { thisUpdate: iso(revocation.thisUpdate)! }),
          ...(revocation.nextUpdate && { nextUpdate: iso(revocation.nextUpdate)! }),
          ...(revocation.crlUrl !== undefined && { crlUrl: revocation.crlUrl }),
          ...(revocation.crlIssuer !== undefined && { crlIssuer: revocation.crlIssuer }),
        })),
        keys,
        keysNotExported,
      };
      const bytes = await sealBackup(payload, passphrase, options.iterations);
      return { bytes, certificates: payload.certificates.length, keysIncluded, keysNotExported };
    } finally {
      for (const copy of copies) copy.fill(0);
    }
  }

  /**
   * Restores a backup into this vault, merging: certificates already here are kept, the rest are added
   * with their history and revocation results, and the backup's keys are added (extractable, as they
   * were). Everything is written in one transaction. Errors: `vault/wrong-passphrase`,
   * `vault/backup-malformed`, and the write errors.
   */
  async restore(input: Uint8Array | string, passphrase: string): Promise<RestoreResult> {
    this.ensureOpen();
    const payload = await openBackup(input, passphrase);
    const parsed: VaultCertificate[] = [];
    try {
      for (const entry of payload.certificates) {
        const info: CertificateInfo = parseCertificate(fromBase64(entry.der));
        const record = summarise(info, {
          importedAt: new Date(entry.importedAt),
          format: entry.format,
          product: RENEWAL_PRODUCTS.includes(entry.product) ? entry.product : 'generic',
        });
        parsed.push({
          ...record,
          ...(entry.keyId !== undefined && { keyId: entry.keyId }),
          ...(entry.keySource !== undefined && { keySource: entry.keySource }),
          ...(entry.csrId !== undefined && { csrId: entry.csrId }),
        });
      }
    } catch (error) {
      throw new ShirushiError(
        'vault/backup-malformed',
        { detail: error instanceof ShirushiError ? error.messages.en : describe(error) },
        { cause: error },
      );
    }
    const keys: VaultKey[] = [];
    for (const entry of payload.keys) {
      const privateKey = await importPrivateKey(fromBase64(entry.pkcs8), undefined, {
        extractable: true,
        ...(entry.algorithm.hash !== undefined && { hash: entry.algorithm.hash as SignatureHash }),
      });
      const publicKey = fromBase64(entry.publicKey);
      keys.push({
        id: entry.id,
        label: entry.label,
        createdAt: new Date(entry.createdAt),
        publicKey,
        spkiSha256: hex(publicKey),
        privateKey,
        extractable: true,
      });
    }
    const result = await this.write(ALL_STORES, async (tx) => {
      const certificates = tx.objectStore('certificates');
      const history = tx.objectStore('history');
      const revocations = tx.objectStore('revocations');
      const added = new Set<string>();
      let duplicates = 0;
      for (const record of parsed) {
        if (await certificates.getKey(record.id)) {
          duplicates++;
          continue;
        }
        await certificates.put(withoutDer(record));
        await tx.objectStore('der').put({ id: record.id, der: record.der });
        added.add(record.id);
      }
      let events = 0;
      const seen = new Set<string>();
      for (const id of added) {
        for (const event of await history.index('certificateId').getAll(id)) seen.add(eventKey(event));
      }
      for (const entry of payload.history) {
        if (!added.has(entry.certificateId)) continue;
        const event: VaultEvent = {
          certificateId: entry.certificateId,
          type: entry.type,
          at: new Date(entry.at),
          ...(entry.detail && { detail: entry.detail }),
        };
        if (seen.has(eventKey(event))) continue;
        seen.add(eventKey(event));
        await history.add(event);
        events++;
      }
      for (const entry of payload.revocations) {
        if (!added.has(entry.certificateId)) continue;
        await revocations.put({
          certificateId: entry.certificateId,
          status: entry.status,
          checkedAt: new Date(entry.checkedAt),
          problems: entry.problems ?? [],
          ...(entry.reason !== undefined && { reason: entry.reason }),
          ...(entry.revocationDate !== undefined && { revocationDate: date(entry.revocationDate)! }),
          ...(entry.thisUpdate !== undefined && { thisUpdate: date(entry.thisUpdate)! }),
          ...(entry.nextUpdate !== undefined && { nextUpdate: date(entry.nextUpdate)! }),
          ...(entry.crlUrl !== undefined && { crlUrl: entry.crlUrl }),
          ...(entry.crlIssuer !== undefined && { crlIssuer: entry.crlIssuer }),
        });
      }
      let keyCount = 0;
      for (const key of keys) {
        if (await tx.objectStore('keys').getKey(key.id)) continue;
        await tx.objectStore('keys').put(key);
        keyCount++;
      }
      return { certificates: added.size, duplicates, keys: keyCount, history: events };
    });
    await this.load();
    this.changed({ kind: 'restore', ids: this.index.all().map((record) => record.id) });
    return { ...result, keysNotExported: payload.keysNotExported };
  }
}

function csrEvent(certificateId: string, key: KnownKey): VaultEvent {
  return { certificateId, type: 'csr-created', at: key.createdAt, detail: { keyId: key.id } };
}

/** The same certificate twice in one file (a chain repeated) is one record. */
function uniqueRecords(list: CertificateInfo[]): CertificateInfo[] {
  const seen = new Set<string>();
  return list.filter((info) => {
    if (seen.has(info.fingerprints.sha256)) return false;
    seen.add(info.fingerprints.sha256);
    return true;
  });
}

function toRevocation(
  id: string,
  result: RevocationResult | RevocationRecordInput,
  checkedAt: Date,
): VaultRevocation {
  // The engine's result carries problem objects and a CRL summary; a hand-made one, plain strings.
  const fromEngine =
    'crl' in result ||
    (Array.isArray(result.problems) && result.problems.some((problem) => typeof problem !== 'string'));
  if (fromEngine) {
    const r = result as RevocationResult;
    return {
      certificateId: id,
      status: r.status,
      checkedAt,
      problems: r.problems.map((problem) => problem.code),
      ...(r.reason !== undefined && { reason: r.reason }),
      ...(r.revocationDate && { revocationDate: r.revocationDate }),
      ...(r.crl && { thisUpdate: r.crl.thisUpdate }),
      ...(r.crl?.nextUpdate && { nextUpdate: r.crl.nextUpdate }),
      ...(r.crl?.url !== undefined && { crlUrl: r.crl.url }),
      ...(r.crl && { crlIssuer: r.crl.issuer }),
    };
  }
  const r = result as RevocationRecordInput;
  return {
    certificateId: id,
    status: r.status,
    checkedAt,
    problems: r.problems ?? [],
    ...(r.reason !== undefined && { reason: r.reason }),
    ...(r.revocationDate && { revocationDate: r.revocationDate }),
    ...(r.thisUpdate && { thisUpdate: r.thisUpdate }),
    ...(r.nextUpdate && { nextUpdate: r.nextUpdate }),
    ...(r.crlUrl !== undefined && { crlUrl: r.crlUrl }),
    ...(r.crlIssuer !== undefined && { crlIssuer: r.crlIssuer }),
  };
}
