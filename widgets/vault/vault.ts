import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { parseCertificate } from '../../src/certificate/parse.js';
import type { CertificateInfo } from '../../src/certificate/types.js';
import { encodePem } from '../../src/encoding/pem.js';
import { ShirushiError, asShirushiError } from '../../src/errors/shirushi-error.js';
import { toUnicode } from '../../src/hostname/idna.js';
import { localize, type MessageKey } from '../../src/i18n/strings.js';
import { exportPrivateKey } from '../../src/keys/export.js';
import { requestPersistentStorage } from '../../src/keys/store.js';
import { fromJst, formatJst } from '../../src/lifecycle/jst.js';
import { RENEWAL_PRODUCTS, type RenewalProduct } from '../../src/lifecycle/rules.js';
import { exportPkcs12 } from '../../src/pkcs12/export.js';
import type { ChainResult } from '../../src/path/types.js';
import type { RevocationProblem } from '../../src/revocation/types.js';
import { availableTransports, type TransportAvailability } from '../../src/token/available.js';
import type { TransportKind } from '../../src/token/apdu.js';
import { requestTransport } from '../../src/token/request.js';
import { checkVaultRevocation, vaultChainOf } from '../../src/vault/check.js';
import {
  openVault,
  type ImportResult,
  type UnexportedKey,
  type Vault,
  type VaultCertificate,
  type VaultChangeEvent,
  type VaultEvent,
  type VaultQuery,
  type VaultStatus,
  type VaultStatusReport,
  type VaultSummary,
} from '../../src/vault/index.js';
import { languageSwitch } from '../shared/language-switch.js';
import { bothLanguages, translator, type VaultLabel, type VaultTranslate } from './strings.js';
import { styles } from './styles.js';
import { renderTimeline, type TimelineRow } from './timeline.js';
import { TokenWriteController, type VaultTransportProvider } from './token-write.js';
import { LocalizedElement } from '../shared/localized-element.js';

export type { TokenWriteResult, VaultTransportProvider } from './token-write.js';

/** `detail` of `shirushi-renew`: the names to put into a new CSR (with a new key). */
export interface RenewEventDetail {
  /** Vault id (SHA-256 fingerprint) of the certificate being renewed. */
  certificateId: string;
  /** DNS names and IP addresses of the certificate, as written in it (A-labels). */
  domains: string[];
  /** The same names for people: U-labels for IDNs. */
  displayDomains: string[];
  /** Subject, RFC 4514. */
  subject: string;
  commonName?: string;
  organisation?: string;
  product: RenewalProduct;
}

/** What a download is. */
export type DownloadKind = 'leaf-pem' | 'fullchain-pem' | 'chain-pem' | 'key-pkcs8' | 'pkcs12' | 'backup';

/**
 * `detail` of `shirushi-download`, fired just before a file is saved. Calling `preventDefault()` keeps
 * the element from saving it (a page that stores files elsewhere, or a test).
 */
export interface DownloadEventDetail {
  kind: DownloadKind;
  fileName: string;
  blob: Blob;
  /** The certificate the file is about; absent for a backup. */
  certificateId?: string;
}

/** `detail` of `shirushi-vault-imported`. */
export interface VaultImportedEventDetail {
  fileName: string;
  result: ImportResult;
}

/** `detail` of `shirushi-vault-deleted`. */
export interface VaultDeletedEventDetail {
  certificateId: string;
  keyDeleted: boolean;
}

export type VaultSort = 'expiry' | 'domain' | 'imported';
const SORTS: readonly VaultSort[] = ['expiry', 'domain', 'imported'];

const STATUSES: readonly VaultStatus[] = [
  'valid',
  'renewal-open',
  'expiring',
  'expired',
  'revoked',
  'key-missing',
  'not-yet-valid',
];

interface Filters {
  text: string;
  domain: string;
  organisation: string;
  serial: string;
  fingerprint: string;
  issuer: string;
  status: VaultStatus | '';
  after: string;
  before: string;
  includeCa: boolean;
}

const NO_FILTERS: Filters = {
  text: '',
  domain: '',
  organisation: '',
  serial: '',
  fingerprint: '',
  issuer: '',
  status: '',
  after: '',
  before: '',
  includeCa: false,
};

interface Detail {
  record: VaultCertificate;
  info: CertificateInfo;
  /** The path built and verified by `vaultChainOf` (signatures up to a trust anchor). */
  chain: ChainResult;
  history: VaultEvent[];
  /** Whether the key can be read out (a vault key) for PKCS#8 and PKCS#12. */
  exportable: boolean;
}

interface ImportNote {
  fileName: string;
  result: ImportResult;
}

interface PendingImport {
  fileName: string;
  bytes: Uint8Array;
  rest: File[];
}

interface DeleteState {
  id: string;
  withKey: boolean;
  validKeyConfirmed: boolean;
  typed: string;
}

const NOTIFY_FLAG = 'shirushi-vault-notifications';

/** `www.example.jp`, `wildcard.example.jp`: safe as a file name. */
function baseName(record: VaultSummary): string {
  const name = record.domains[0] ?? record.commonName ?? record.id.slice(0, 16);
  return name.replace(/^\*\./, 'wildcard.').replace(/[^A-Za-z0-9.-]+/g, '_') || 'certificate';
}

/** How the certificate is named in lists: its first name for people (U-labels), else the subject. */
export function displayName(record: VaultSummary): string {
  const first = record.domains[0];
  if (first !== undefined) return toUnicode(first);
  return record.commonName ?? record.organisation ?? record.subject;
}

/** `2026-12-31` (JST) from an `<input type="date">` value, as the instant it starts or ends. */
function dateInput(value: string, end: boolean): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
  return end ? fromJst(year, month, day, 23, 59, 59) : fromJst(year, month, day);
}

function asError(thrown: unknown): ShirushiError {
  return asShirushiError(thrown, 'internal/unexpected');
}

/**
 * The applicant's certificate vault: every issued certificate kept in this browser (IndexedDB), paired
 * with its private key, with status chips, search and filters, a validity timeline, a detail view with
 * the chain (signatures verified up to the bundled SECOM roots or `trustAnchors`), revocation (checked on
 * demand through `crl-mirror`), renewal rules and schedule and history, writing a certificate whose key
 * lives on a hardware token back to that token, server bundle and PKCS#12 export, renewal,
 * confirmed deletes, reminders, and a passphrase-encrypted backup. Another tab's changes show up at once,
 * and certificates are paired again when `shirushi-csr-created` or `shirushi-key-deleted` reaches the document.
 *
 * @summary Certificate vault: import, search, details, exports, renewal reminders and backup.
 *
 * @event {CustomEvent<RenewEventDetail>} shirushi-renew - "Renew" was chosen: open a CSR studio with these names (and a new key); for an ACME certificate (`product: 'acme'`, "Renew now", also offered in the reminders) order again with `<shirushi-acme>`'s `renew(certificateId)`. `detail: { certificateId, domains, displayDomains, subject, commonName, organisation, product }`.
 * @event {CustomEvent<DownloadEventDetail>} shirushi-download - A file is about to be saved; cancelable (`preventDefault()` keeps it from being saved). `detail: { kind, fileName, blob, certificateId }`.
 * @event {CustomEvent<VaultImportedEventDetail>} shirushi-vault-imported - A file was imported. `detail: { fileName, result }`.
 * @event {CustomEvent<VaultDeletedEventDetail>} shirushi-vault-deleted - A certificate was deleted. `detail: { certificateId, keyDeleted }`.
 *
 * @csspart reminders - The banner of certificates due for renewal.
 * @csspart import - The import section (file input, drop zone, PKCS#12 password form).
 * @csspart drop-zone - The drop zone.
 * @csspart search - The search and filter section.
 * @csspart timeline - The validity timeline (SVG and its text).
 * @csspart list - The list of certificates.
 * @csspart row - One certificate's button in the list.
 * @csspart chip - A status chip.
 * @csspart detail - The detail view of the chosen certificate.
 * @csspart backup - The backup and restore section.
 * @csspart progress - The progress bar shown while something takes time.
 * @csspart status - The polite live region.
 * @csspart error - The `role="alert"` region for failures.
 *
 * @cssprop [--shirushi-font-family=system-ui, 'Hiragino Sans', 'Noto Sans JP', Meiryo, sans-serif] - Text font.
 * @cssprop [--shirushi-font-family-mono=ui-monospace, monospace] - Font for fingerprints and serials.
 * @cssprop [--shirushi-color-text=#1b1b1f] - Text colour.
 * @cssprop [--shirushi-color-muted=#4a4a55] - Secondary text colour.
 * @cssprop [--shirushi-color-background=#ffffff] - Background colour.
 * @cssprop [--shirushi-color-surface=#f4f5f7] - Drop zone, chosen row and timeline bars.
 * @cssprop [--shirushi-color-border=#8a8f98] - Border colour.
 * @cssprop [--shirushi-color-accent=#0b57d0] - Buttons.
 * @cssprop [--shirushi-color-accent-text=#ffffff] - Text on primary buttons.
 * @cssprop [--shirushi-color-error=#a3000f] - Errors, expired and revoked chips.
 * @cssprop [--shirushi-color-error-background=#fff1f1] - Error background.
 * @cssprop [--shirushi-color-warning=#7a4a00] - Reminders, expiring chips, renewal windows.
 * @cssprop [--shirushi-color-warning-background=#fff6e0] - Reminder background.
 * @cssprop [--shirushi-color-valid=#0a6131] - "Valid" chip.
 * @cssprop [--shirushi-focus-ring=#0b57d0] - Focus outline colour.
 * @cssprop [--shirushi-radius=6px] - Corner radius.
 */
@customElement('shirushi-vault')
export class ShirushiVault extends LocalizedElement {
  static override styles = styles;

  /** IndexedDB name of the vault the element opens itself (ignored when `vault` is set). */
  @property({ attribute: 'vault-name' })
  vaultName = 'shirushi-vault';

  /**
   * An open vault to show instead of opening `vault-name`. The element does not close a vault it was given.
   * @type {Vault | undefined}
   */
  @property({ attribute: false })
  get vault(): Vault | undefined {
    return this.current;
  }
  set vault(value: Vault | undefined) {
    if (value === this.current) return;
    this.detach();
    this.given = value;
    if (value) this.attach(value, false);
    else if (this.isConnected) void this.open();
  }

  /** The moment statuses are judged at. Unset means the current time; tests and demos pin it. */
  @property({ attribute: false })
  now?: Date;

  /**
   * Lifecycle rules new imports follow (`generic`, `jprs`, `secom-gid`, `acme`).
   * @type {'generic' | 'jprs' | 'secom-gid' | 'acme'}
   */
  @property()
  product: RenewalProduct = 'generic';

  /**
   * Trust anchors the detail view verifies chains to (DER or PEM). Unset means the bundled SECOM roots.
   * @type {Array<Uint8Array | string> | undefined}
   */
  @property({ attribute: false })
  trustAnchors?: Array<Uint8Array | string>;

  /**
   * CRL mirror URL template for "check revocation now" (`{url}` is the CRL's URL, encoded), for CAs whose
   * CRL servers send no CORS headers. Unset means the CRLs are downloaded directly.
   */
  @property({ attribute: 'crl-mirror' })
  crlMirror?: string;

  /**
   * Opens the browser's device picker for "write to token"; defaults to `requestTransport`. Replace it to
   * use another picker (or a test device).
   */
  @property({ attribute: false })
  transportProvider: VaultTransportProvider = (kind) => requestTransport(kind);

  /** Which token bridges this browser offers and why the others are missing. Defaults to `availableTransports`. */
  @property({ attribute: false })
  transportAvailability: () => TransportAvailability[] = () => availableTransports();

  /** PBKDF2 iterations of backups; unset means the vault's default (600 000). */
  @property({ attribute: false })
  backupIterations?: number;

  @state() private records: VaultSummary[] = [];
  @state() private total = 0;
  @state() private reminders: Array<{ record: VaultSummary; report: VaultStatusReport }> = [];
  @state() private filters: Filters = { ...NO_FILTERS };
  @state() private sort: VaultSort = 'expiry';
  @state() private selected?: string;
  @state() private detail?: Detail;
  @state() private busy = '';
  @state() private notice = '';
  @state() private failure?: ShirushiError;
  @state() private openFailure?: ShirushiError;
  @state() private closedReason?: string;
  @state() private dragging = false;
  @state() private pending?: PendingImport;
  @state() private password = '';
  @state() private keepExportable = false;
  @state() private imports: ImportNote[] = [];
  @state() private keyPassphrase = '';
  @state() private keyPassphraseAgain = '';
  @state() private p12Password = '';
  @state() private p12PasswordAgain = '';
  @state() private legacy = false;
  @state() private deleting?: DeleteState;
  @state() private backupPassphrase = '';
  @state() private backupPassphraseAgain = '';
  @state() private restorePassphrase = '';
  @state() private restoreFile?: File;
  @state() private missingKeys?: { kind: 'backup' | 'restore'; keys: UnexportedKey[] };
  @state() private notifyState: 'off' | 'on' | 'denied' | 'unsupported' = 'off';
  /** The certificate whose revocation is being checked now. */
  @state() private checking?: string;
  /** Localized problems of the last revocation check, by certificate. */
  @state() private checkProblems?: { id: string; problems: RevocationProblem[] };

  private readonly token = new TokenWriteController(this);
  private current?: Vault;
  private given?: Vault;
  private ownsVault = false;
  private opening?: Promise<void>;
  private readonly notified = new Set<string>();
  private readonly onChange = (event: Event): void => {
    void this.changed(event as VaultChangeEvent);
  };
  /** A new key in the key store (the CSR studio made one) may be the key of a certificate here. */
  private readonly onKeysChanged = (): void => {
    const vault = this.current;
    if (!vault || vault.closed) return;
    vault
      .pairKeys()
      .then(() => this.refresh())
      .catch((error: unknown) => {
        this.failure = asError(error);
      });
  };
  private readonly onClose = (event: Event): void => {
    this.closedReason = (event as Event & { reason?: string }).reason ?? 'closed';
  };

  /** Resolves once the vault is open and the list is shown (or the failure is). */
  get ready(): Promise<void> {
    return (this.opening ?? Promise.resolve()).then(() => this.updateComplete).then(() => undefined);
  }

  /** The certificates shown, in the current order. */
  get shown(): readonly VaultSummary[] {
    return this.records;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.given) {
      if (!this.current) this.attach(this.given, false);
    } else if (!this.current) {
      void this.open();
    }
    this.notifyState = this.initialNotifyState();
    document.addEventListener('shirushi-csr-created', this.onKeysChanged);
    document.addEventListener('shirushi-key-deleted', this.onKeysChanged);
  }

  override disconnectedCallback(): void {
    document.removeEventListener('shirushi-csr-created', this.onKeysChanged);
    document.removeEventListener('shirushi-key-deleted', this.onKeysChanged);
    this.detach();
    super.disconnectedCallback();
  }

  private initialNotifyState(): ShirushiVault['notifyState'] {
    if (typeof Notification === 'undefined') return 'unsupported';
    if (Notification.permission === 'denied') return 'denied';
    let flag: string | null = null;
    try {
      flag = localStorage.getItem(NOTIFY_FLAG);
    } catch {
      // storage refused (private modes)
    }
    return Notification.permission === 'granted' && flag === '1' ? 'on' : 'off';
  }

  private open(): Promise<void> {
    this.busy = 'opening';
    this.openFailure = undefined;
    const name = this.vaultName;
    const opening = openVault({ name, persist: false })
      .then((vault) => {
        if (this.given || !this.isConnected || this.opening !== opening) {
          vault.close();
          return;
        }
        this.attach(vault, true);
      })
      .catch((error: unknown) => {
        this.openFailure = asError(error);
      })
      .finally(() => {
        if (this.busy === 'opening') this.busy = '';
      });
    this.opening = opening;
    return opening;
  }

  private attach(vault: Vault, owned: boolean): void {
    this.current = vault;
    this.ownsVault = owned;
    this.closedReason = vault.closed ? 'closed' : undefined;
    vault.addEventListener('change', this.onChange);
    vault.addEventListener('close', this.onClose);
    this.refresh();
    this.requestUpdate('vault');
  }

  private detach(): void {
    const vault = this.current;
    if (!vault) return;
    vault.removeEventListener('change', this.onChange);
    vault.removeEventListener('close', this.onClose);
    if (this.ownsVault) vault.close();
    this.current = undefined;
    this.ownsVault = false;
    this.opening = undefined;
    this.records = [];
    this.detail = undefined;
    this.selected = undefined;
  }

  private get moment(): Date {
    return this.now ?? new Date();
  }

  private query(): VaultQuery {
    const f = this.filters;
    const query: VaultQuery = { includeCa: f.includeCa, now: this.moment };
    const text = (value: string) => value.trim();
    if (text(f.text)) query.text = text(f.text);
    if (text(f.domain)) query.domain = text(f.domain);
    if (text(f.organisation)) query.organisation = text(f.organisation);
    if (text(f.serial)) query.serial = text(f.serial);
    if (text(f.fingerprint)) query.fingerprint = text(f.fingerprint);
    if (text(f.issuer)) query.issuer = text(f.issuer);
    if (f.status) query.status = f.status;
    const after = dateInput(f.after, false);
    const before = dateInput(f.before, true);
    if (after) query.expiresAfter = after;
    if (before) query.expiresBefore = before;
    return query;
  }

  /** Reads the list again from the vault's index (synchronous; the index is in memory). */
  refresh(): void {
    const vault = this.current;
    if (!vault || vault.closed) return;
    const found = vault.search(this.query());
    if (this.sort === 'domain') {
      found.sort((a, b) => displayName(a).localeCompare(displayName(b)) || a.id.localeCompare(b.id));
    } else if (this.sort === 'imported') {
      found.sort((a, b) => b.importedAt.getTime() - a.importedAt.getTime() || a.id.localeCompare(b.id));
    }
    this.records = found;
    this.total = vault.size;
    const now = this.moment;
    this.reminders = vault
      .list()
      .filter((record) => !record.ca)
      .map((record) => ({ record, report: vault.statusOf(record, now) }))
      .filter(({ report }) => report.status === 'expiring' || report.status === 'renewal-open');
    this.sendNotifications();
  }

  private async changed(event: VaultChangeEvent): Promise<void> {
    this.refresh();
    const id = this.selected;
    if (id === undefined) return;
    const change = event.detail;
    if (change.kind === 'delete' && change.ids.includes(id)) {
      this.selected = undefined;
      this.detail = undefined;
      return;
    }
    if (change.ids.includes(id) || change.kind === 'restore' || change.kind === 'pairing') {
      await this.loadDetail(id);
    }
  }

  private updateFilter<K extends keyof Filters>(key: K, value: Filters[K]): void {
    this.filters = { ...this.filters, [key]: value };
    this.refresh();
  }

  private clearFilters(): void {
    this.filters = { ...NO_FILTERS };
    this.refresh();
  }

  // ---- Import ----

  /** Imports files (as chosen in the file input or dropped). PKCS#12 files ask for their password first. */
  async importFiles(files: readonly File[]): Promise<void> {
    const list = [...files];
    if (list.length === 0 || !this.current) return;
    this.failure = undefined;
    void requestPersistentStorage();
    while (list.length > 0) {
      const file = list.shift()!;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const done = await this.importBytes(file.name, bytes);
      if (done === 'password') {
        this.pending = { fileName: file.name, bytes, rest: list };
        this.password = '';
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>('#p12-password')?.focus();
        return;
      }
    }
  }

  private async importBytes(
    fileName: string,
    bytes: Uint8Array,
    password?: string,
  ): Promise<'done' | 'password' | 'failed'> {
    const vault = this.current;
    if (!vault) return 'failed';
    this.busy = 'importing';
    try {
      const result = await vault.importCertificates(bytes, {
        product: this.product,
        ...(password !== undefined && { password, extractable: this.keepExportable }),
      });
      this.imports = [{ fileName, result }, ...this.imports].slice(0, 10);
      this.notice = translator(this.lang)('import-result', {
        file: fileName,
        imported: result.imported.length,
        duplicates: result.duplicates.length,
      });
      this.dispatchEvent(
        new CustomEvent<VaultImportedEventDetail>('shirushi-vault-imported', {
          detail: { fileName, result },
          bubbles: true,
          composed: true,
        }),
      );
      return 'done';
    } catch (error) {
      const failure = asError(error);
      if (failure.code === 'vault/password-required' && password === undefined) return 'password';
      this.failure = failure;
      return 'failed';
    } finally {
      this.busy = '';
    }
  }

  private async submitPassword(event: Event): Promise<void> {
    event.preventDefault();
    const pending = this.pending;
    if (!pending) return;
    this.failure = undefined;
    const outcome = await this.importBytes(pending.fileName, pending.bytes, this.password);
    if (
      outcome === 'failed' &&
      (this.failure as ShirushiError | undefined)?.code === 'pkcs12/wrong-password'
    ) {
      this.password = '';
      this.renderRoot.querySelector<HTMLInputElement>('#p12-password')?.focus();
      return;
    }
    this.pending = undefined;
    this.password = '';
    if (pending.rest.length > 0) await this.importFiles(pending.rest);
  }

  private cancelPassword(): void {
    const pending = this.pending;
    this.pending = undefined;
    this.password = '';
    if (pending && pending.rest.length > 0) void this.importFiles(pending.rest);
  }

  private onFiles(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void this.importFiles(files);
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    void this.importFiles([...(event.dataTransfer?.files ?? [])]);
  }

  // ---- Detail ----

  /** Opens the detail view of a certificate. Resolves when it is shown. */
  async select(id: string): Promise<void> {
    this.selected = id;
    this.deleting = undefined;
    this.keyPassphrase = this.keyPassphraseAgain = this.p12Password = this.p12PasswordAgain = '';
    if (this.checkProblems?.id !== id) this.checkProblems = undefined;
    if (this.token.result?.certificateId !== id) this.token.reset();
    await this.loadDetail(id);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#detail-heading')?.focus();
  }

  private async loadDetail(id: string): Promise<void> {
    const vault = this.current;
    if (!vault) return;
    try {
      const record = await vault.get(id);
      if (!record || this.selected !== id) {
        if (!record) this.detail = undefined;
        return;
      }
      const info = parseCertificate(record.der);
      const chain = await vaultChainOf(vault, id, {
        time: this.moment,
        ...(this.trustAnchors && { trustAnchors: this.trustAnchors }),
      });
      const history = await vault.history(id);
      const present = !vault.statusOf(record, this.moment).keyMissing && record.keyId !== undefined;
      const exportable = present && record.keySource === 'vault';
      if (this.selected !== id) return;
      this.detail = {
        record,
        info,
        chain,
        history,
        exportable,
      };
    } catch (error) {
      this.failure = asError(error);
    }
  }

  private closeDetail(): void {
    const id = this.selected;
    this.selected = undefined;
    this.detail = undefined;
    this.deleting = undefined;
    void this.updateComplete.then(() => {
      const row = [...this.renderRoot.querySelectorAll<HTMLElement>('.row')].find(
        (node) => node.dataset.id === id,
      );
      row?.focus();
    });
  }

  private onListKey(event: KeyboardEvent): void {
    const rows = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.row')];
    const index = rows.indexOf(event.target as HTMLButtonElement);
    if (index < 0) return;
    let next: number | undefined;
    if (event.key === 'ArrowDown') next = Math.min(index + 1, rows.length - 1);
    else if (event.key === 'ArrowUp') next = Math.max(index - 1, 0);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = rows.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    rows[next]!.focus();
  }

  // ---- Revocation and rules ----

  /**
   * Downloads the CRLs of the chosen certificate's chain (through `crl-mirror` when set), checks revocation
   * and records the answer in the vault; the list chips and the detail follow through the change event.
   */
  async checkRevocationNow(): Promise<void> {
    const vault = this.current;
    const id = this.selected;
    if (!vault || id === undefined || this.checking !== undefined) return;
    const t = translator(this.lang);
    this.failure = undefined;
    this.notice = '';
    this.checking = id;
    // A progress bar only when the check takes a while (most answers come from the cache at once).
    const slow = setTimeout(() => {
      if (this.checking === id) this.busy = 'checking-revocation';
    }, 500);
    try {
      const check = await checkVaultRevocation(vault, id, {
        time: this.moment,
        ...(this.trustAnchors && { trustAnchors: this.trustAnchors }),
        ...(this.crlMirror && { mirror: this.crlMirror }),
      });
      this.checkProblems = { id, problems: check.result.problems };
      if (this.selected === id) await this.loadDetail(id);
      const status = t(`revocation/${check.recorded.status}`);
      this.checking = undefined;
      this.notice = check.recorded.reason
        ? t('revocation-result-reason', { status, reason: check.recorded.reason })
        : t('revocation-result', { status });
    } catch (error) {
      this.failure = asError(error);
    } finally {
      clearTimeout(slow);
      if (this.busy === 'checking-revocation') this.busy = '';
      this.checking = undefined;
    }
  }

  /** Changes the lifecycle rules the chosen certificate follows; schedule and chips follow. */
  async setRules(product: RenewalProduct): Promise<void> {
    const vault = this.current;
    const id = this.selected;
    if (!vault || id === undefined) return;
    this.failure = undefined;
    try {
      await vault.setProduct(id, product);
      this.notice = translator(this.lang)('rules-changed', {
        rules: translator(this.lang)(`product/${product}`),
      });
    } catch (error) {
      this.failure = asError(error);
    }
  }

  // ---- Write to token ----

  override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (changed.has('transportAvailability') && changed.get('transportAvailability') !== undefined) {
      this.token.refreshAvailability();
    }
  }

  private toggleTokenWrite(): void {
    this.token.expanded = !this.token.expanded;
    this.requestUpdate();
  }

  private async connectToken(kind: TransportKind): Promise<void> {
    const t = translator(this.lang);
    this.failure = undefined;
    this.busy = 'token-connecting';
    try {
      const label = await this.token.connect(kind);
      this.notice = t('token-connected', { label });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#write-connected')?.focus();
    } catch (error) {
      this.failure = asError(error);
    } finally {
      if (this.busy === 'token-connecting') this.busy = '';
    }
  }

  private async writeToToken(event: Event): Promise<void> {
    event.preventDefault();
    const detail = this.detail;
    const vault = this.current;
    if (!detail || !vault || !this.token.ready || this.busy !== '') return;
    const t = translator(this.lang);
    this.failure = undefined;
    this.notice = '';
    this.busy = 'token-writing';
    try {
      const result = await this.token.write(detail.record.id, detail.record.der);
      const where = result.slot ? `PIV ${result.slot}` : 'OpenPGP';
      this.notice = t(result.unchanged ? 'token-unchanged' : 'token-written', {
        where,
        device: result.device,
      });
      await vault.recordEvent(detail.record.id, 'exported', {
        to: 'token',
        application: result.application,
        ...(result.slot && { slot: result.slot }),
        device: result.device,
        unchanged: result.unchanged,
      });
    } catch (error) {
      this.failure = asError(error);
      await this.updateComplete;
      this.token.focusAfterFailure();
    } finally {
      if (this.busy === 'token-writing') this.busy = '';
    }
  }

  // ---- Exports ----

  private deliver(kind: DownloadKind, fileName: string, blob: Blob, certificateId?: string): void {
    const event = new CustomEvent<DownloadEventDetail>('shirushi-download', {
      detail: { kind, fileName, blob, ...(certificateId !== undefined && { certificateId }) },
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    if (!this.dispatchEvent(event)) return;
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.hidden = true;
    this.renderRoot.append(link);
    link.click();
    link.remove();
    // Some browsers start the download after click() returns; give them time before revoking.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  private async exported(kind: DownloadKind, fileName: string, blob: Blob, id: string): Promise<void> {
    this.deliver(kind, fileName, blob, id);
    this.notice = translator(this.lang)('exported', { file: fileName });
    try {
      await this.current?.recordEvent(id, 'exported', { what: kind, file: fileName });
    } catch (error) {
      this.failure = asError(error);
    }
  }

  private async chainDer(detail: Detail): Promise<Uint8Array[]> {
    const ders: Uint8Array[] = [detail.record.der];
    for (const member of detail.chain.path.slice(1)) ders.push(member.der);
    return Promise.resolve(ders);
  }

  /** Saves a PEM bundle of the chosen certificate: the leaf, the full chain, or the chain without its root. */
  async downloadBundle(kind: 'leaf-pem' | 'fullchain-pem' | 'chain-pem'): Promise<void> {
    const detail = this.detail;
    if (!detail) return;
    this.failure = undefined;
    try {
      let ders = kind === 'leaf-pem' ? [detail.record.der] : await this.chainDer(detail);
      if (kind === 'chain-pem') {
        ders = ders.filter((_, index) => {
          const member = detail.chain.path[index];
          return index === 0 || !member || member.subject.rfc4514 !== member.issuer.rfc4514;
        });
      }
      const pem = ders.map((der) => encodePem('CERTIFICATE', der)).join('');
      const suffix =
        kind === 'leaf-pem' ? '.crt' : kind === 'fullchain-pem' ? '-fullchain.pem' : '-chain.pem';
      const fileName = `${baseName(detail.record)}${suffix}`;
      await this.exported(
        kind,
        fileName,
        new Blob([pem], { type: 'application/x-pem-file' }),
        detail.record.id,
      );
    } catch (error) {
      this.failure = asError(error);
    }
  }

  private async downloadKey(event: Event): Promise<void> {
    event.preventDefault();
    const detail = this.detail;
    const vault = this.current;
    if (!detail || !vault || !this.keyPassphraseOk) return;
    this.failure = undefined;
    this.busy = 'exporting';
    try {
      const key = await vault.privateKey(detail.record.id);
      if (!key) throw new ShirushiError('key/not-extractable');
      const pem = await exportPrivateKey(key, this.keyPassphrase);
      this.keyPassphrase = this.keyPassphraseAgain = '';
      const fileName = `${baseName(detail.record)}.key`;
      await this.exported(
        'key-pkcs8',
        fileName,
        new Blob([pem], { type: 'application/pkcs8' }),
        detail.record.id,
      );
    } catch (error) {
      this.failure = asError(error);
    } finally {
      this.busy = '';
    }
  }

  private async downloadPkcs12(event: Event): Promise<void> {
    event.preventDefault();
    const detail = this.detail;
    const vault = this.current;
    if (!detail || !vault || !this.p12PasswordOk) return;
    this.failure = undefined;
    this.busy = 'exporting';
    try {
      // Let the progress bar render before the key derivation starts.
      await this.updateComplete;
      const key = await vault.privateKey(detail.record.id);
      if (!key) throw new ShirushiError('key/not-extractable');
      const ders = await this.chainDer(detail);
      const bytes = await exportPkcs12({
        key,
        certificate: ders[0]!,
        chain: ders.slice(1),
        password: this.p12Password,
        ...(this.legacy && { legacy: true }),
      });
      this.p12Password = this.p12PasswordAgain = '';
      const fileName = `${baseName(detail.record)}${this.legacy ? '-legacy' : ''}.p12`;
      await this.exported(
        'pkcs12',
        fileName,
        new Blob([bytes as BlobPart], { type: 'application/x-pkcs12' }),
        detail.record.id,
      );
    } catch (error) {
      this.failure = asError(error);
    } finally {
      this.busy = '';
    }
  }

  private get keyPassphraseOk(): boolean {
    return this.keyPassphrase !== '' && this.keyPassphrase === this.keyPassphraseAgain;
  }

  private get p12PasswordOk(): boolean {
    return this.p12Password !== '' && this.p12Password === this.p12PasswordAgain;
  }

  // ---- Renew and delete ----

  /** Fires `shirushi-renew` with the chosen certificate's names. */
  renew(): void {
    const record = this.detail?.record;
    if (record) this.renewRecord(record);
  }

  /** Fires `shirushi-renew` for one certificate (ACME ones: "renew now", from the reminders too). */
  private renewRecord(record: VaultSummary): void {
    const detail: RenewEventDetail = {
      certificateId: record.id,
      domains: [...record.domains],
      displayDomains: record.domains.map((name) => toUnicode(name)),
      subject: record.subject,
      ...(record.commonName !== undefined && { commonName: record.commonName }),
      ...(record.organisation !== undefined && { organisation: record.organisation }),
      product: record.product,
    };
    this.dispatchEvent(
      new CustomEvent<RenewEventDetail>('shirushi-renew', { detail, bubbles: true, composed: true }),
    );
    this.notice = translator(this.lang)(record.product === 'acme' ? 'renew-now-sent' : 'renew-sent');
  }

  private startDelete(): void {
    if (!this.detail) return;
    this.deleting = { id: this.detail.record.id, withKey: false, validKeyConfirmed: false, typed: '' };
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLInputElement>('#delete-typed')?.focus();
    });
  }

  private cancelDelete(): void {
    this.deleting = undefined;
    void this.updateComplete.then(() => {
      this.renderRoot.querySelector<HTMLButtonElement>('[data-action="delete"]')?.focus();
    });
  }

  /** Whether the key of the certificate being deleted is here and the certificate still usable. */
  private deletingNeedsSecond(): boolean {
    const state = this.deleting;
    const record = this.detail?.record;
    if (!state?.withKey || !record || !this.current) return false;
    const report = this.current.statusOf(record, this.moment);
    return !report.keyMissing && report.status !== 'expired' && report.status !== 'revoked';
  }

  private deleteReady(): boolean {
    const state = this.deleting;
    if (!state) return false;
    const typed = state.typed.trim().toLowerCase();
    const words = bothLanguages('delete-word').map((word) => word.toLowerCase());
    if (!words.includes(typed)) return false;
    return !this.deletingNeedsSecond() || state.validKeyConfirmed;
  }

  private async confirmDelete(event: Event): Promise<void> {
    event.preventDefault();
    const state = this.deleting;
    const vault = this.current;
    const record = this.detail?.record;
    if (!state || !vault || !record || !this.deleteReady()) return;
    this.failure = undefined;
    try {
      const result = await vault.delete(state.id, {
        confirm: true,
        withKey: state.withKey,
        confirmValidKey: state.withKey && state.validKeyConfirmed,
        now: this.moment,
      });
      const t = translator(this.lang);
      this.notice = [
        t('deleted', { name: displayName(record) }),
        result.keyDeleted ? t('deleted-key') : '',
        result.keyKeptFor ? t('key-kept') : '',
      ]
        .filter(Boolean)
        .join(' ');
      this.deleting = undefined;
      this.selected = undefined;
      this.detail = undefined;
      this.dispatchEvent(
        new CustomEvent<VaultDeletedEventDetail>('shirushi-vault-deleted', {
          detail: { certificateId: state.id, keyDeleted: result.keyDeleted },
          bubbles: true,
          composed: true,
        }),
      );
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#list-heading')?.focus();
    } catch (error) {
      this.failure = asError(error);
    }
  }

  // ---- Reminders ----

  private async enableNotifications(): Promise<void> {
    if (typeof Notification === 'undefined') {
      this.notifyState = 'unsupported';
      return;
    }
    let permission: NotificationPermission;
    try {
      permission = await Notification.requestPermission();
    } catch {
      permission = 'denied';
    }
    if (permission === 'granted') {
      try {
        localStorage.setItem(NOTIFY_FLAG, '1');
      } catch {
        // storage refused: notifications last for this page only
      }
      this.notifyState = 'on';
      this.sendNotifications();
    } else {
      this.notifyState = permission === 'denied' ? 'denied' : 'off';
    }
  }

  private sendNotifications(): void {
    if (this.notifyState !== 'on' || typeof Notification === 'undefined') return;
    if (Notification.permission !== 'granted') return;
    const t = translator(this.lang);
    for (const { record, report } of this.reminders) {
      const key = `${record.id}:${report.status}`;
      if (this.notified.has(key)) continue;
      this.notified.add(key);
      try {
        new Notification(t('notification-title'), {
          body: this.reminderText(record, report, t),
          tag: `shirushi-vault-${record.id}`,
          lang: this.lang,
        });
      } catch {
        // Some browsers allow notifications only from a service worker; the banner still says it.
      }
    }
  }

  private reminderText(record: VaultSummary, report: VaultStatusReport, t: VaultTranslate): string {
    const date = formatJst(record.notAfter);
    const days = Math.max(0, Math.floor((record.notAfter.getTime() - this.moment.getTime()) / 86_400_000));
    return report.status === 'expiring'
      ? t('reminder-expiring', { name: displayName(record), date, days })
      : t('reminder-renewal-open', { name: displayName(record), date });
  }

  // ---- Backup ----

  private async downloadBackup(event: Event): Promise<void> {
    event.preventDefault();
    const vault = this.current;
    if (!vault || this.backupPassphrase === '' || this.backupPassphrase !== this.backupPassphraseAgain)
      return;
    this.failure = undefined;
    this.missingKeys = undefined;
    this.busy = 'backing-up';
    try {
      await this.updateComplete;
      const result = await vault.backup(this.backupPassphrase, {
        ...(this.backupIterations !== undefined && { iterations: this.backupIterations }),
      });
      this.backupPassphrase = this.backupPassphraseAgain = '';
      const day = formatJst(this.moment).slice(0, 10);
      const fileName = `shirushi-vault-${day}.shirushi-backup`;
      this.deliver(
        'backup',
        fileName,
        new Blob([result.bytes as BlobPart], { type: 'application/x-pem-file' }),
      );
      this.notice = translator(this.lang)('backup-done', {
        file: fileName,
        certificates: result.certificates,
        keys: result.keysIncluded.length,
      });
      if (result.keysNotExported.length > 0) {
        this.missingKeys = { kind: 'backup', keys: result.keysNotExported };
      }
    } catch (error) {
      this.failure = asError(error);
    } finally {
      this.busy = '';
    }
  }

  private async restoreBackup(event: Event): Promise<void> {
    event.preventDefault();
    const vault = this.current;
    const file = this.restoreFile;
    const t = translator(this.lang);
    if (!vault) return;
    if (!file) {
      this.notice = t('restore-choose');
      return;
    }
    this.failure = undefined;
    this.missingKeys = undefined;
    this.busy = 'restoring';
    try {
      await this.updateComplete;
      const bytes = new Uint8Array(await file.arrayBuffer());
      const result = await vault.restore(bytes, this.restorePassphrase);
      this.restorePassphrase = '';
      this.notice = t('restore-done', {
        certificates: result.certificates,
        duplicates: result.duplicates,
        keys: result.keys,
        history: result.history,
      });
      if (result.keysNotExported.length > 0) {
        this.missingKeys = { kind: 'restore', keys: result.keysNotExported };
      }
    } catch (error) {
      this.failure = asError(error);
    } finally {
      this.busy = '';
    }
  }

  // ---- Rendering ----

  override render(): TemplateResult {
    const locale = this.lang;
    const t = translator(locale);
    return html`
      <div class="vault" lang=${locale}>
        <div class="toolbar">
          <h2 class="title">${t('title')}</h2>
          ${languageSwitch(locale, (event: Event) => this.onLanguageChange(event))}
        </div>
        <p class="hint intro">${t('intro')}</p>
        ${this.renderOpenState(t)}
        ${this.busy ? html`<progress part="progress" aria-labelledby="status"></progress>` : nothing}
        <p class="status" part="status" id="status" role="status" aria-live="polite">
          ${this.busy ? t(this.busy as VaultLabel) : this.notice}
        </p>
        ${this.renderError(t)}
        ${
          this.current
            ? html`${this.renderReminders(t)} ${this.renderImport(t)} ${this.renderSearch(t)}
              ${this.renderList(t)} ${this.detail ? this.renderDetail(this.detail, t) : nothing}
              ${this.renderBackup(t)}`
            : nothing
        }
      </div>
    `;
  }

  private renderOpenState(t: VaultTranslate): TemplateResult | typeof nothing {
    if (this.openFailure) {
      return html`<div class="error shown" role="alert">
        <strong>${t('open-failed')}</strong>
        <p>${this.openFailure.localized(this.lang)}</p>
        <p><code>${this.openFailure.code}</code></p>
      </div>`;
    }
    if (this.closedReason) {
      return html`<div class="warning" role="alert">
        <p>${t('closed')}</p>
        <button type="button" @click=${() => location.reload()}>${t('reload')}</button>
      </div>`;
    }
    return nothing;
  }

  private renderError(t: VaultTranslate): TemplateResult {
    const error = this.failure;
    return html`
      <div class="error ${error ? 'shown' : ''}" part="error" role="alert">
        ${
          error
            ? html`<strong>${t('failed')}</strong>
                <p>${error.localized(this.lang)}</p>
                <p><span class="muted">${t('error-code')}:</span> <code>${error.code}</code></p>`
            : nothing
        }
      </div>
    `;
  }

  private chip(status: VaultStatus, t: VaultTranslate): TemplateResult {
    return html`<span class="chip" part="chip" data-status=${status}>${t(`status/${status}`)}</span>`;
  }

  private renderReminders(t: VaultTranslate): TemplateResult | typeof nothing {
    if (this.reminders.length === 0) return nothing;
    return html`
      <section class="banner" part="reminders" aria-labelledby="reminders-heading">
        <h3 id="reminders-heading">${t('reminders-title')}</h3>
        <ul>
          ${this.reminders.map(
            ({ record, report }) =>
              html`<li data-id=${record.id} data-status=${report.status}>
                ${this.reminderText(record, report, t)}
                <button type="button" class="link" @click=${() => void this.select(record.id)}>
                  ${t('detail-title')}
                </button>
                ${
                  record.product === 'acme' && !record.ca
                    ? html`<button
                        type="button"
                        class="link"
                        data-action="renew-now"
                        @click=${() => this.renewRecord(record)}
                      >
                        ${t('renew-now')}
                      </button>`
                    : nothing
                }
              </li>`,
          )}
        </ul>
        ${this.renderNotifyControl(t)}
      </section>
    `;
  }

  private renderNotifyControl(t: VaultTranslate): TemplateResult {
    switch (this.notifyState) {
      case 'on':
        return html`<p class="hint">${t('notify-granted')}</p>`;
      case 'denied':
        return html`<p class="hint">${t('notify-denied')}</p>`;
      case 'unsupported':
        return html`<p class="hint">${t('notify-unsupported')}</p>`;
      default:
        return html`<div class="actions">
          <button
            type="button"
            data-action="notify"
            aria-describedby="notify-hint"
            @click=${() => void this.enableNotifications()}
          >
            ${t('notify-opt-in')}
          </button>
          <p class="hint" id="notify-hint">${t('notify-hint')}</p>
        </div>`;
    }
  }

  private renderImport(t: VaultTranslate): TemplateResult {
    const pending = this.pending;
    return html`
      <section class="panel" part="import" aria-labelledby="import-heading">
        <h3 id="import-heading">${t('import-title')}</h3>
        <p class="hint" id="import-hint">${t('import-hint')}</p>
        <div class="forms">
          <div class="field">
            <label for="import-file">${t('import-file')}</label>
            <input
              type="file"
              id="import-file"
              multiple
              accept=".pem,.crt,.cer,.der,.p7b,.p7c,.p12,.pfx,application/x-pem-file,application/pkix-cert,application/x-pkcs7-certificates,application/x-pkcs12"
              aria-describedby="import-hint"
              @change=${this.onFiles}
            />
          </div>
          <div class="field">
            <label for="product">${t('product')}</label>
            <select
              id="product"
              @change=${(event: Event) => {
                this.product = (event.target as HTMLSelectElement).value as RenewalProduct;
              }}
            >
              ${RENEWAL_PRODUCTS.map(
                (product) =>
                  html`<option value=${product} ?selected=${product === this.product}>
                    ${t(`product/${product}`)}
                  </option>`,
              )}
            </select>
          </div>
        </div>
        <div
          class="drop ${this.dragging ? 'dragging' : ''}"
          part="drop-zone"
          @dragenter=${(event: DragEvent) => {
            event.preventDefault();
            this.dragging = true;
          }}
          @dragover=${(event: DragEvent) => {
            event.preventDefault();
            this.dragging = true;
          }}
          @dragleave=${() => {
            this.dragging = false;
          }}
          @drop=${this.onDrop}
        >
          ${t('drop-here')}
        </div>
        ${pending ? this.renderPasswordForm(pending, t) : nothing}
        ${this.imports.length > 0 ? this.renderImports(t) : nothing}
      </section>
    `;
  }

  private renderPasswordForm(pending: PendingImport, t: VaultTranslate): TemplateResult {
    return html`
      <form class="password-form" @submit=${(event: Event) => void this.submitPassword(event)}>
        <p id="password-needed">${t('password-needed', { file: pending.fileName })}</p>
        <div class="field">
          <label for="p12-password">${t('password')}</label>
          <input
            type="password"
            id="p12-password"
            autocomplete="off"
            aria-describedby="password-needed"
            .value=${live(this.password)}
            @input=${(event: Event) => {
              this.password = (event.target as HTMLInputElement).value;
            }}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'Escape') this.cancelPassword();
            }}
          />
        </div>
        <div class="check">
          <input
            type="checkbox"
            id="keep-exportable"
            aria-describedby="keep-exportable-hint"
            .checked=${live(this.keepExportable)}
            @change=${(event: Event) => {
              this.keepExportable = (event.target as HTMLInputElement).checked;
            }}
          />
          <label for="keep-exportable">${t('keep-exportable')}</label>
        </div>
        <p class="hint" id="keep-exportable-hint">${t('keep-exportable-hint')}</p>
        <div class="actions">
          <button type="submit" class="primary" data-action="import-password" ?disabled=${this.busy !== ''}>
            ${t('import-submit')}
          </button>
          <button type="button" data-action="cancel-password" @click=${this.cancelPassword}>
            ${t('cancel')}
          </button>
        </div>
      </form>
    `;
  }

  private renderImports(t: VaultTranslate): TemplateResult {
    const vault = this.current;
    return html`
      <ul class="imports" aria-label=${t('import-title')}>
        ${this.imports.map(({ fileName, result }) => {
          const records = [...result.imported, ...result.duplicates];
          return html`<li class="import-result">
            <p>
              ${t('import-result', {
                file: fileName,
                imported: result.imported.length,
                duplicates: result.duplicates.length,
              })}
              ${
                result.key
                  ? result.key.existing
                    ? t('import-key-existing')
                    : t('import-key-stored', { where: t(`where/${result.key.source}`) })
                  : nothing
              }
            </p>
            <ul>
              ${records.map((record) => {
                const current = vault?.summary(record.id) ?? record;
                const missing = vault ? vault.statusOf(current, this.moment).keyMissing : false;
                return html`<li data-id=${record.id}>
                  <bdi>${displayName(record)}</bdi> —
                  ${
                    record.ca
                      ? t('ca-certificate')
                      : missing
                        ? html`<span data-paired="false">${t('paired-no')}</span>`
                        : html`<span data-paired="true">${t('paired-yes')}</span>`
                  }
                </li>`;
              })}
            </ul>
            ${
              result.skipped.length > 0
                ? html`<p class="hint" data-skipped>
                    ${t('import-skipped', { labels: result.skipped.join(', ') })}
                  </p>`
                : nothing
            }
          </li>`;
        })}
      </ul>
    `;
  }

  private renderSearch(t: VaultTranslate): TemplateResult {
    const f = this.filters;
    const text = (key: 'domain' | 'organisation' | 'serial' | 'fingerprint' | 'issuer') => html`
      <div class="field">
        <label for=${`filter-${key}`}>${t(`filter/${key}`)}</label>
        <input
          type="text"
          id=${`filter-${key}`}
          autocomplete="off"
          spellcheck="false"
          .value=${live(f[key])}
          @input=${(event: Event) => this.updateFilter(key, (event.target as HTMLInputElement).value)}
        />
      </div>
    `;
    const date = (key: 'after' | 'before') => html`
      <div class="field">
        <label for=${`filter-${key}`}
          >${t(key === 'after' ? 'filter/expires-after' : 'filter/expires-before')}</label
        >
        <input
          type="date"
          id=${`filter-${key}`}
          .value=${live(f[key])}
          @change=${(event: Event) => this.updateFilter(key, (event.target as HTMLInputElement).value)}
          @input=${(event: Event) => this.updateFilter(key, (event.target as HTMLInputElement).value)}
        />
      </div>
    `;
    return html`
      <section class="panel" part="search" aria-labelledby="search-heading" role="search">
        <h3 id="search-heading">${t('search-title')}</h3>
        <div class="field">
          <label for="search">${t('search')}</label>
          <input
            type="search"
            id="search"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="search-hint"
            aria-controls="results"
            .value=${live(f.text)}
            @input=${(event: Event) => this.updateFilter('text', (event.target as HTMLInputElement).value)}
          />
          <p class="hint" id="search-hint">${t('search-hint')}</p>
        </div>
        <details>
          <summary>${t('filters')}</summary>
          <div class="filters">
            ${text('domain')} ${text('organisation')} ${text('serial')} ${text('fingerprint')}
            ${text('issuer')}
            <div class="field">
              <label for="filter-status">${t('filter/status')}</label>
              <select
                id="filter-status"
                @change=${(event: Event) =>
                  this.updateFilter('status', (event.target as HTMLSelectElement).value as VaultStatus | '')}
              >
                <option value="" ?selected=${f.status === ''}>${t('filter/any-status')}</option>
                ${STATUSES.map(
                  (status) =>
                    html`<option value=${status} ?selected=${f.status === status}>
                      ${t(`status/${status}`)}
                    </option>`,
                )}
              </select>
            </div>
            ${date('after')} ${date('before')}
          </div>
        </details>
        <div class="forms">
          <div class="field">
            <label for="sort">${t('sort')}</label>
            <select
              id="sort"
              @change=${(event: Event) => {
                this.sort = (event.target as HTMLSelectElement).value as VaultSort;
                this.refresh();
              }}
            >
              ${SORTS.map(
                (sort) =>
                  html`<option value=${sort} ?selected=${sort === this.sort}>${t(`sort/${sort}`)}</option>`,
              )}
            </select>
          </div>
          <div class="check">
            <input
              type="checkbox"
              id="filter-include-ca"
              .checked=${live(f.includeCa)}
              @change=${(event: Event) =>
                this.updateFilter('includeCa', (event.target as HTMLInputElement).checked)}
            />
            <label for="filter-include-ca">${t('filter/include-ca')}</label>
          </div>
          <div class="actions">
            <button type="button" data-action="clear-filters" @click=${this.clearFilters}>
              ${t('filter/clear')}
            </button>
          </div>
        </div>
      </section>
    `;
  }

  private renderList(t: VaultTranslate): TemplateResult {
    const vault = this.current!;
    const now = this.moment;
    const rows: TimelineRow[] = this.records.map((record) => {
      const report = vault.statusOf(record, now);
      return { id: record.id, name: displayName(record), schedule: report.schedule, status: report.status };
    });
    return html`
      <section class="panel" id="results" aria-labelledby="list-heading">
        <h3 id="list-heading" tabindex="-1">${t('list-title')}</h3>
        <p class="hint" id="list-count" aria-live="polite">
          ${t('list-count', { shown: this.records.length, total: this.total })}
        </p>
        ${rows.length > 0 ? renderTimeline(rows, now, t) : nothing}
        ${
          this.total === 0
            ? html`<p class="empty">${t('empty')}</p>`
            : this.records.length === 0
              ? html`<p class="empty">${t('no-match')}</p>`
              : html`<p class="hint" id="list-keys">${t('list-keys')}</p>
                  <ul
                    class="list"
                    id="list"
                    part="list"
                    aria-labelledby="list-heading"
                    @keydown=${this.onListKey}
                  >
                    ${this.records.map((record) => this.renderRow(record, vault.statusOf(record, now), t))}
                  </ul>`
        }
      </section>
    `;
  }

  private renderRow(record: VaultSummary, report: VaultStatusReport, t: VaultTranslate): TemplateResult {
    const current = record.id === this.selected;
    return html`
      <li>
        <button
          type="button"
          class="row"
          part="row"
          data-id=${record.id}
          aria-current=${current ? 'true' : 'false'}
          aria-describedby="list-keys"
          @click=${() => void this.select(record.id)}
        >
          <span class="name"><bdi>${displayName(record)}</bdi></span>
          <span class="chips">${report.chips.map((chip) => this.chip(chip, t))}</span>
          <span class="meta">
            ${record.organisation !== undefined ? html`<bdi>${record.organisation}</bdi> · ` : nothing}
            ${t('expires', { date: formatJst(record.notAfter) })}
          </span>
        </button>
      </li>
    `;
  }

  private time(date: Date, t: VaultTranslate): TemplateResult {
    const iso = date.toISOString();
    return html`<time datetime=${iso} title=${`${t('utc')} ${iso}`}>${formatJst(date)}</time>
      <span class="muted utc">(${t('utc')}: ${iso})</span>`;
  }

  private field(name: string, label: string, value: unknown): TemplateResult {
    return html`<div data-field=${name}>
      <dt>${label}</dt>
      <dd>${value}</dd>
    </div>`;
  }

  private renderDetail(detail: Detail, t: VaultTranslate): TemplateResult {
    const { record, info } = detail;
    const vault = this.current!;
    const report = vault.statusOf(record, this.moment);
    const key = info.publicKey;
    const keyText =
      key.algorithm === 'EC' ? `ECDSA ${key.curve ?? ''}` : `${key.algorithm} ${key.size || ''}`.trim();
    const keyState = record.ca
      ? t('key/ca')
      : report.keyMissing
        ? t('key/missing')
        : t(record.keySource === 'vault' ? 'key/vault' : 'key/key-store');
    const sans = [...info.subjectAltNames.dns, ...info.subjectAltNames.ip];
    return html`
      <section
        class="panel detail"
        part="detail"
        aria-labelledby="detail-heading"
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape' && !this.deleting) this.closeDetail();
        }}
      >
        <div class="detail-header">
          <h3 id="detail-heading" tabindex="-1">${t('detail-title')}: <bdi>${displayName(record)}</bdi></h3>
          <button type="button" data-action="close" @click=${this.closeDetail}>${t('close')}</button>
        </div>
        <div class="chips">${report.chips.map((chip) => this.chip(chip, t))}</div>
        <dl class="fields">
          ${this.field('subject', t('field/subject'), html`<span class="mono">${info.subject.rfc4514}</span>`)}
          ${this.field(
            'sans',
            t('field/sans'),
            sans.length === 0
              ? '—'
              : html`<ul>
                  ${sans.map((name) => {
                    const unicode = toUnicode(name);
                    return html`<li>
                      <code>${name}</code>${unicode !== name ? html` (<bdi>${unicode}</bdi>)` : nothing}
                    </li>`;
                  })}
                </ul>`,
          )}
          ${this.field('issuer', t('field/issuer'), html`<span class="mono">${info.issuer.rfc4514}</span>`)}
          ${this.field('serial', t('field/serial'), html`<span class="mono">${info.serialNumber}</span>`)}
          ${this.field('sha256', t('field/sha256'), html`<span class="mono">${info.fingerprints.sha256}</span>`)}
          ${this.field('sha1', t('field/sha1'), html`<span class="mono">${info.fingerprints.sha1}</span>`)}
          ${this.field('spki', t('field/spki'), html`<span class="mono">${record.spkiSha256}</span>`)}
          ${this.field('public-key', t('field/public-key'), keyText)}
          ${this.field('signature', t('field/signature'), info.signatureAlgorithm.name)}
          ${this.field('not-before', t('field/not-before'), this.time(info.validity.notBefore, t))}
          ${this.field('not-after', t('field/not-after'), this.time(info.validity.notAfter, t))}
          ${info.validationLevel ? this.field('level', t('field/level'), info.validationLevel) : nothing}
          ${this.field('key', t('field/key'), keyState)}
          ${this.field('product', t('field/product'), t(`product/${record.product}`))}
          ${this.field('imported', t('field/imported'), this.time(record.importedAt, t))}
          ${this.field('format', t('field/format'), record.format.toUpperCase())}
        </dl>
        ${this.renderChain(detail, t)} ${this.renderRevocation(record.id, t)}
        ${this.renderSchedule(report, t)} ${this.renderRules(record, t)} ${this.renderHistory(detail, t)}
        ${this.renderActions(detail, report, t)}
      </section>
    `;
  }

  private renderChain(detail: Detail, t: VaultTranslate): TemplateResult {
    const { chain } = detail;
    const locale = this.lang;
    const anchor = chain.path[chain.path.length - 1];
    const anchorName = anchor ? (anchor.subject.commonName ?? anchor.subject.rfc4514) : '';
    return html`
      <h4>${t('chain-title')}</h4>
      <ol class="chain" data-section="chain">
        ${chain.path.map(
          (member) =>
            html`<li data-id=${member.fingerprints.sha256.toLowerCase().replace(/:/g, '')}>
              <span class="mono">${member.subject.rfc4514}</span>
              ${
                member.subject.rfc4514 === member.issuer.rfc4514
                  ? html` <span class="muted">(${t('chain-root')})</span>`
                  : nothing
              }
            </li>`,
        )}
      </ol>
      ${
        chain.valid
          ? html`<p class="verified" data-chain="verified">${t('chain-verified', { root: anchorName })}</p>`
          : html`<div class="problems" data-chain="problems">
              <p>${t('chain-problems')}</p>
              <ul>
                ${chain.problems.map(
                  (problem) => html`<li data-code=${problem.code}>${problem.message[locale]}</li>`,
                )}
              </ul>
            </div>`
      }
    `;
  }

  private renderRevocation(id: string, t: VaultTranslate): TemplateResult {
    const revocation = this.current?.revocation(id);
    return html`
      <h4>${t('revocation-title')}</h4>
      ${
        revocation
          ? html`<dl class="fields" data-section="revocation">
              ${this.field('revocation-status', t('field/status'), t(`revocation/${revocation.status}`))}
              ${this.field('checked', t('revocation/checked'), this.time(revocation.checkedAt, t))}
              ${
                revocation.revocationDate
                  ? this.field(
                      'revocation-date',
                      t('revocation/date'),
                      this.time(revocation.revocationDate, t),
                    )
                  : nothing
              }
              ${revocation.reason ? this.field('reason', t('revocation/reason'), revocation.reason) : nothing}
              ${
                revocation.thisUpdate
                  ? this.field(
                      'this-update',
                      t('revocation/this-update'),
                      this.time(revocation.thisUpdate, t),
                    )
                  : nothing
              }
              ${
                revocation.nextUpdate
                  ? this.field(
                      'next-update',
                      t('revocation/next-update'),
                      this.time(revocation.nextUpdate, t),
                    )
                  : nothing
              }
              ${
                revocation.crlUrl
                  ? this.field(
                      'crl',
                      t('revocation/crl'),
                      html`<span class="mono">${revocation.crlUrl}</span>`,
                    )
                  : nothing
              }
              ${
                revocation.problems.length > 0
                  ? this.field(
                      'problems',
                      t('revocation/problems'),
                      html`<ul>
                        ${this.revocationProblems(id, revocation.problems).map(
                          (problem) => html`<li data-code=${problem.code}>${problem.text}</li>`,
                        )}
                      </ul>`,
                    )
                  : nothing
              }
            </dl>`
          : html`<p class="hint" data-section="revocation">${t('revocation/none')}</p>`
      }
      <div class="actions">
        <button
          type="button"
          data-action="check-revocation"
          aria-describedby="check-hint"
          aria-busy=${this.checking === id ? 'true' : 'false'}
          ?disabled=${this.checking !== undefined}
          @click=${() => void this.checkRevocationNow()}
        >
          ${t('check-revocation')}
        </button>
      </div>
      <p class="hint" id="check-hint">${t('check-revocation-hint')}</p>
    `;
  }

  /** The recorded problem codes in the page's language (the last check's own messages when known). */
  private revocationProblems(id: string, codes: readonly string[]): Array<{ code: string; text: string }> {
    const locale = this.lang;
    const known = this.checkProblems?.id === id ? this.checkProblems.problems : [];
    return codes.map((code) => {
      const found = known.find((problem) => problem.code === code);
      if (found) return { code, text: found.message[locale] };
      try {
        return { code, text: localize(code as MessageKey)[locale] };
      } catch {
        return { code, text: code };
      }
    });
  }

  private renderSchedule(report: VaultStatusReport, t: VaultTranslate): TemplateResult {
    const { schedule } = report;
    const locale = this.lang;
    return html`
      <h4>${t('schedule-title')}</h4>
      <dl class="fields" data-section="schedule">
        ${this.field('notice', t('schedule/notice'), this.time(schedule.noticeAt, t))}
        ${this.field('opens', t('schedule/opens'), this.time(schedule.renewalOpensAt, t))}
        ${this.field(
          'window',
          t('schedule/window'),
          t('schedule/window-value', {
            from: formatJst(schedule.renewalOpensAt),
            to: formatJst(schedule.notAfter),
          }),
        )}
        ${schedule.renewAt ? this.field('renew-at', t('schedule/renew-at'), this.time(schedule.renewAt, t)) : nothing}
        ${this.field(
          'lifetime',
          t('schedule/lifetime'),
          t('schedule/days', { days: Math.round(schedule.lifetimeDays * 100) / 100 }),
        )}
        ${
          schedule.ruleViolations.length > 0
            ? this.field(
                'violations',
                t('schedule/violations'),
                html`<ul>
                  ${schedule.ruleViolations.map((item) => html`<li>${item.messages[locale]}</li>`)}
                </ul>`,
              )
            : nothing
        }
      </dl>
    `;
  }

  private renderRules(record: VaultSummary, t: VaultTranslate): TemplateResult | typeof nothing {
    if (record.ca) return nothing;
    return html`
      <div class="field" data-section="rules">
        <label for="detail-rules">${t('rules-label')}</label>
        <select
          id="detail-rules"
          aria-describedby="rules-hint"
          .value=${live(record.product)}
          @change=${(event: Event) =>
            void this.setRules((event.target as HTMLSelectElement).value as RenewalProduct)}
        >
          ${RENEWAL_PRODUCTS.map(
            (product) =>
              html`<option value=${product} ?selected=${product === record.product}>
                ${t(`product/${product}`)}
              </option>`,
          )}
        </select>
        <p class="hint" id="rules-hint">${t('rules-hint')}</p>
      </div>
    `;
  }

  private renderHistory(detail: Detail, t: VaultTranslate): TemplateResult {
    return html`
      <h4>${t('history-title')}</h4>
      ${
        detail.history.length === 0
          ? html`<p class="hint">${t('history/none')}</p>`
          : html`<ol class="history" data-section="history">
              ${detail.history.map(
                (event) =>
                  html`<li data-type=${event.type}>
                    ${this.time(event.at, t)} — ${t(`event/${event.type}`)}
                    ${
                      event.detail
                        ? html`<span class="muted mono"
                            >${Object.entries(event.detail)
                              .map(([name, value]) => `${name}: ${String(value)}`)
                              .join(', ')}</span
                          >`
                        : nothing
                    }
                  </li>`,
              )}
            </ol>`
      }
    `;
  }

  private renderActions(detail: Detail, report: VaultStatusReport, t: VaultTranslate): TemplateResult {
    const { record } = detail;
    const busy = this.busy !== '';
    const keyNote = record.ca
      ? nothing
      : report.keyMissing
        ? html`<p class="hint" id="key-note">${t('key-absent')}</p>`
        : !detail.exportable
          ? html`<p class="hint" id="key-note">${t('key-not-exportable')}</p>`
          : nothing;
    const passwordPair = (
      prefix: string,
      first: string,
      second: string,
      set: (first: string, second: string) => void,
    ) => html`
      <div class="field">
        <label for=${`${prefix}-pass`}>${t('passphrase')}</label>
        <input
          type="password"
          id=${`${prefix}-pass`}
          autocomplete="new-password"
          .value=${live(first)}
          @input=${(event: Event) => set((event.target as HTMLInputElement).value, second)}
        />
      </div>
      <div class="field">
        <label for=${`${prefix}-pass-again`}>${t('passphrase-again')}</label>
        <input
          type="password"
          id=${`${prefix}-pass-again`}
          autocomplete="new-password"
          aria-invalid=${second !== '' && first !== second ? 'true' : 'false'}
          aria-describedby=${`${prefix}-mismatch`}
          .value=${live(second)}
          @input=${(event: Event) => set(first, (event.target as HTMLInputElement).value)}
        />
        <p class="hint" id=${`${prefix}-mismatch`}>
          ${second !== '' && first !== second ? t('passphrase-mismatch') : ''}
        </p>
      </div>
    `;
    return html`
      <h4>${t('actions-title')}</h4>
      <div class="actions">
        <button type="button" data-action="leaf-pem" @click=${() => void this.downloadBundle('leaf-pem')}>
          ${t('download-leaf')}
        </button>
        <button
          type="button"
          data-action="fullchain-pem"
          @click=${() => void this.downloadBundle('fullchain-pem')}
        >
          ${t('download-fullchain')}
        </button>
        <button
          type="button"
          data-action="chain-pem"
          aria-describedby="download-hint"
          @click=${() => void this.downloadBundle('chain-pem')}
        >
          ${t('download-chain')}
        </button>
      </div>
      <p class="hint" id="download-hint">${t('download-hint')}</p>
      ${keyNote}
      ${
        !record.ca && report.keyMissing
          ? html`<div class="actions">
                <button
                  type="button"
                  data-action="open-token-write"
                  aria-expanded=${this.token.expanded ? 'true' : 'false'}
                  aria-controls="token-write"
                  @click=${this.toggleTokenWrite}
                >
                  ${t('token-write-open')}
                </button>
              </div>
              <div id="token-write">
                ${
                  this.token.expanded
                    ? this.token.render(t, busy, {
                        connect: (kind) => void this.connectToken(kind),
                        write: (event) => void this.writeToToken(event),
                      })
                    : nothing
                }
              </div>`
          : nothing
      }
      ${
        detail.exportable
          ? html`<div class="forms">
              <form class="panel" data-form="key" @submit=${(event: Event) => void this.downloadKey(event)}>
                <h4>${t('key-export-title')}</h4>
                ${passwordPair('key', this.keyPassphrase, this.keyPassphraseAgain, (a, b) => {
                  this.keyPassphrase = a;
                  this.keyPassphraseAgain = b;
                })}
                <div class="actions">
                  <button
                    type="submit"
                    data-action="key-pkcs8"
                    ?disabled=${busy}
                    aria-disabled=${this.keyPassphraseOk ? 'false' : 'true'}
                    aria-describedby=${this.keyPassphraseOk ? nothing : 'key-blocked'}
                  >
                    ${t('download-key')}
                  </button>
                  ${this.keyPassphraseOk ? nothing : html`<p class="hint" id="key-blocked">${t('needs-passphrase')}</p>`}
                </div>
              </form>
              <form
                class="panel"
                data-form="pkcs12"
                @submit=${(event: Event) => void this.downloadPkcs12(event)}
              >
                <h4>${t('pkcs12-title')}</h4>
                ${passwordPair('p12', this.p12Password, this.p12PasswordAgain, (a, b) => {
                  this.p12Password = a;
                  this.p12PasswordAgain = b;
                })}
                <div class="check">
                  <input
                    type="checkbox"
                    id="legacy"
                    .checked=${live(this.legacy)}
                    @change=${(event: Event) => {
                      this.legacy = (event.target as HTMLInputElement).checked;
                    }}
                  />
                  <label for="legacy">${t('legacy')}</label>
                </div>
                <div class="actions">
                  <button
                    type="submit"
                    data-action="pkcs12"
                    ?disabled=${busy}
                    aria-disabled=${this.p12PasswordOk ? 'false' : 'true'}
                    aria-describedby=${this.p12PasswordOk ? nothing : 'p12-blocked'}
                  >
                    ${t('download-pkcs12')}
                  </button>
                  ${this.p12PasswordOk ? nothing : html`<p class="hint" id="p12-blocked">${t('needs-passphrase')}</p>`}
                </div>
              </form>
            </div>`
          : nothing
      }
      <div class="actions">
        ${
          record.ca
            ? nothing
            : html`<button type="button" class="primary" data-action="renew" @click=${this.renew}>
                ${t(record.product === 'acme' ? 'renew-now' : 'renew')}
              </button>`
        }
        <button
          type="button"
          class="danger"
          data-action="delete"
          aria-expanded=${this.deleting ? 'true' : 'false'}
          @click=${this.startDelete}
        >
          ${t('delete')}
        </button>
      </div>
      ${this.deleting ? this.renderDeleteForm(this.deleting, report, t) : nothing}
    `;
  }

  private renderDeleteForm(state: DeleteState, report: VaultStatusReport, t: VaultTranslate): TemplateResult {
    const word = t('delete-word');
    const keyHere = !report.keyMissing && this.detail?.record.keyId !== undefined;
    return html`
      <form
        class="confirm"
        part="confirm"
        data-form="delete"
        @submit=${(event: Event) => void this.confirmDelete(event)}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            this.cancelDelete();
          }
        }}
      >
        <h4>${t('delete-title')}</h4>
        <p class="warning" id="delete-warning">${t('delete-warning')}</p>
        ${
          keyHere
            ? html`<div class="check">
                <input
                  type="checkbox"
                  id="delete-with-key"
                  .checked=${live(state.withKey)}
                  @change=${(event: Event) => {
                    this.deleting = {
                      ...state,
                      withKey: (event.target as HTMLInputElement).checked,
                      validKeyConfirmed: false,
                    };
                  }}
                />
                <label for="delete-with-key">${t('delete-with-key')}</label>
              </div>`
            : nothing
        }
        ${
          this.deletingNeedsSecond()
            ? html`<div class="check">
                <input
                  type="checkbox"
                  id="delete-valid-key"
                  .checked=${live(state.validKeyConfirmed)}
                  @change=${(event: Event) => {
                    this.deleting = {
                      ...state,
                      validKeyConfirmed: (event.target as HTMLInputElement).checked,
                    };
                  }}
                />
                <label for="delete-valid-key" class="invalid">${t('delete-valid-key')}</label>
              </div>`
            : nothing
        }
        <div class="field">
          <label for="delete-typed">${t('delete-label', { word })}</label>
          <input
            type="text"
            id="delete-typed"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="delete-warning"
            .value=${live(state.typed)}
            @input=${(event: Event) => {
              this.deleting = { ...state, typed: (event.target as HTMLInputElement).value };
            }}
          />
        </div>
        <div class="actions">
          <button type="submit" class="danger" data-action="confirm-delete" ?disabled=${!this.deleteReady()}>
            ${t('delete-confirm')}
          </button>
          <button type="button" data-action="cancel-delete" @click=${this.cancelDelete}>
            ${t('cancel')}
          </button>
        </div>
      </form>
    `;
  }

  private renderBackup(t: VaultTranslate): TemplateResult {
    const busy = this.busy !== '';
    const mismatch =
      this.backupPassphraseAgain !== '' && this.backupPassphrase !== this.backupPassphraseAgain;
    const ready = this.backupPassphrase !== '' && !mismatch && this.backupPassphraseAgain !== '';
    return html`
      <section class="panel" part="backup" aria-labelledby="backup-heading">
        <h3 id="backup-heading">${t('backup-title')}</h3>
        <p class="hint">${t('backup-hint')}</p>
        <div class="forms">
          <form data-form="backup" @submit=${(event: Event) => void this.downloadBackup(event)}>
            <div class="field">
              <label for="backup-pass">${t('passphrase')}</label>
              <input
                type="password"
                id="backup-pass"
                autocomplete="new-password"
                .value=${live(this.backupPassphrase)}
                @input=${(event: Event) => {
                  this.backupPassphrase = (event.target as HTMLInputElement).value;
                }}
              />
            </div>
            <div class="field">
              <label for="backup-pass-again">${t('passphrase-again')}</label>
              <input
                type="password"
                id="backup-pass-again"
                autocomplete="new-password"
                aria-invalid=${mismatch ? 'true' : 'false'}
                aria-describedby="backup-mismatch"
                .value=${live(this.backupPassphraseAgain)}
                @input=${(event: Event) => {
                  this.backupPassphraseAgain = (event.target as HTMLInputElement).value;
                }}
              />
              <p class="hint" id="backup-mismatch">${mismatch ? t('passphrase-mismatch') : ''}</p>
            </div>
            <div class="actions">
              <button type="submit" data-action="backup" ?disabled=${!ready || busy}>
                ${t('backup-download')}
              </button>
            </div>
          </form>
          <form data-form="restore" @submit=${(event: Event) => void this.restoreBackup(event)}>
            <div class="field">
              <label for="restore-file">${t('restore-file')}</label>
              <input
                type="file"
                id="restore-file"
                accept=".shirushi-backup,.pem,.txt"
                @change=${(event: Event) => {
                  this.restoreFile = (event.target as HTMLInputElement).files?.[0];
                }}
              />
            </div>
            <div class="field">
              <label for="restore-pass">${t('passphrase')}</label>
              <input
                type="password"
                id="restore-pass"
                autocomplete="current-password"
                .value=${live(this.restorePassphrase)}
                @input=${(event: Event) => {
                  this.restorePassphrase = (event.target as HTMLInputElement).value;
                }}
              />
            </div>
            <div class="actions">
              <button type="submit" data-action="restore" ?disabled=${busy || this.restorePassphrase === ''}>
                ${t('restore-submit')}
              </button>
            </div>
          </form>
        </div>
        ${this.missingKeys ? this.renderMissingKeys(this.missingKeys, t) : nothing}
      </section>
    `;
  }

  private renderMissingKeys(
    missing: { kind: 'backup' | 'restore'; keys: UnexportedKey[] },
    t: VaultTranslate,
  ): TemplateResult {
    return html`
      <div class="warning" data-section="missing-keys">
        <p>${t(missing.kind === 'backup' ? 'backup-missing-keys' : 'restore-missing-keys')}</p>
        <ul>
          ${missing.keys.map(
            (key) =>
              html`<li data-key-id=${key.id}>
                <bdi>${key.label}</bdi> — ${t(`reason/${key.reason}`)}
                ${t('used-by', { count: key.certificateIds.length })}
              </li>`,
          )}
        </ul>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shirushi-vault': ShirushiVault;
  }
}
