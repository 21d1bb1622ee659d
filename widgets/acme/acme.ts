import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import {
  AcmeClient,
  AcmeError,
  REVOCATION_REASONS,
  SUBSCRIBER_REVOCATION_REASONS,
  acmeSigner,
  generateAccountKey,
  getAcmeAccount,
  getAcmeIssuance,
  jwkThumbprint,
  listAcmeAccounts,
  listAcmeIssuances,
  chainRoot,
  orderCertificate,
  saveAcmeAccount,
  saveAcmeIssuance,
  type AcmeClientOptions,
  type AcmeIssuance,
  type AcmeProblem,
  type AcmeProgress,
  type AcmeSigner,
  type ChallengeInstructions,
  type DownloadedCertificate,
  type EabAlg,
  type OrderCertificateOptions,
  type StoredAcmeAccount,
} from '../../src/acme/index.js';
import { parseCertificate } from '../../src/certificate/parse.js';
import type { CertificateInfo } from '../../src/certificate/types.js';
import { CSR_LABELS, CSR_LIMITS } from '../../src/csr/index.js';
import { toDer } from '../../src/encoding/pem.js';
import { bytesToHex } from '../../src/encoding/hex.js';
import { ShirushiError, asShirushiError, isShirushiError } from '../../src/errors/shirushi-error.js';
import { sha256 } from '../../src/hash/sha.js';
import { toUnicode } from '../../src/hostname/idna.js';
import { importSpki } from '../../src/keys/import.js';
import { getKey, listKeys, type StoredKey } from '../../src/keys/store.js';
import { formatJst } from '../../src/lifecycle/jst.js';
import { openVault, type Vault } from '../../src/vault/index.js';
import { CspViolations } from '../shared/csp-violations.js';
import { downloadText } from '../shared/download.js';
import { languageSwitch } from '../shared/language-switch.js';
import { LocalizedElement } from '../shared/localized-element.js';
import { translator, type AcmeLabel, type AcmeTranslate } from './strings.js';
import { styles } from './styles.js';

/** `detail` of `shirushi-acme-issued`. */
export interface AcmeIssuedEventDetail {
  /** Vault id of the new certificate: SHA-256 of the leaf's DER, lowercase hex. */
  certificateId: string;
  /** The names the certificate was ordered for. */
  names: string[];
  /** Key-store id of the certificate's private key, when it is in this browser. */
  keyId?: string;
  /** The order's URL at the CA. */
  orderUrl: string;
}

/** `detail` of `shirushi-acme-revoked`. */
export interface AcmeRevokedEventDetail {
  /** SHA-256 of the revoked certificate's DER, lowercase hex (its vault id). */
  certificateId: string;
  /** RFC 5280 CRLReason code the subscriber chose: 0, 1, 3, 4 or 5. */
  reason: SubscriberReason;
}

export type SubscriberReason = (typeof SUBSCRIBER_REVOCATION_REASONS)[number];

/** The steps, in the order the step list shows them. */
export type AcmeStep = 'account' | 'order' | 'challenges' | 'progress' | 'result' | 'revoke' | 'confirm';

const MAIN_STEPS: readonly AcmeStep[] = ['account', 'order', 'challenges', 'progress', 'result'];

/** New-key types offered for an order. */
export const ACME_KEY_CHOICES = ['ec-p256', 'ec-p384', 'rsa-2048', 'rsa-3072'] as const;
export type AcmeKeyChoice = (typeof ACME_KEY_CHOICES)[number];

type KeySpecOption = NonNullable<OrderCertificateOptions['keySpec']>;

const KEY_SPECS: Record<AcmeKeyChoice, KeySpecOption> = {
  'ec-p256': { algorithm: 'ECDSA', curve: 'P-256' },
  'ec-p384': { algorithm: 'ECDSA', curve: 'P-384' },
  'rsa-2048': { algorithm: 'RSA', size: 2048 },
  'rsa-3072': { algorithm: 'RSA', size: 3072 },
} as Record<AcmeKeyChoice, KeySpecOption>;

const EAB_ALGS: readonly EabAlg[] = ['HS256', 'HS384', 'HS512'];

/** Poll waits from this long on are counted down on screen (a `Retry-After`, or a slow CA). */
const LONG_WAIT_MS = 3000;

type Failure = ShirushiError | { label: AcmeLabel };

interface Issued {
  names: string[];
  certificateId: string;
  orderUrl: string;
  keyId?: string;
  /** Default chain first, then the alternates. */
  chains: DownloadedCertificate[];
  /** Root (or topmost issuer) name of each chain. */
  roots: string[];
  chosen: number;
  leaf: CertificateInfo;
  stored: boolean;
}

/** What is being revoked, after the form was checked. */
interface RevokePlan {
  certificateId: string;
  der: Uint8Array;
  info: CertificateInfo;
  issuance?: AcmeIssuance;
  reason: SubscriberReason;
  signer: 'account' | 'certificate';
}

/** Lines of the names box, trimmed, blank lines dropped. */
function splitNames(text: string): string[] {
  return text
    .split(/[\r\n,]+/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function asFailure(thrown: unknown): ShirushiError {
  return asShirushiError(thrown, 'internal/unexpected');
}

function isAbort(thrown: unknown): boolean {
  return (
    (isShirushiError(thrown) && thrown.code === 'acme/aborted') ||
    (thrown instanceof DOMException && thrown.name === 'AbortError')
  );
}

/** The name a chain is known by: its last certificate's issuer (the root it chains to). */
function rootName(chain: DownloadedCertificate): string {
  const root = chainRoot(chain);
  return root?.commonName ?? root?.rfc4514 ?? '?';
}

/** A key-store key as a key pair WebCrypto and the JWS signer take (its public key imported from the SPKI). */
async function storedKeyPair(key: StoredKey): Promise<CryptoKeyPair> {
  return { privateKey: key.privateKey, publicKey: await importSpki(key.publicKey, key.privateKey) };
}

function accountKeys(account: StoredAcmeAccount): CryptoKeyPair {
  return { privateKey: account.privateKey, publicKey: account.publicKey };
}

/**
 * Gets TLS server certificates from an ACME certificate authority (RFC 8555) straight from the browser,
 * for the SECOM Passport for Web ACME rider and any CA that speaks ACME with External Account Binding.
 * The steps: the account (a saved one, or a new one with the EAB key ID and MAC key the CA handed over),
 * the order (names, http-01 or dns-01, a new key per order or a CSR from the CSR studio), the exact file or
 * TXT record to put in place with copy buttons, progress with the CA's `Retry-After` waits counted down,
 * and the result: the default chain or an alternate, stored in the vault as an ACME certificate paired
 * with its key, and a full-chain PEM download. Certificates can be revoked with a reason from the RFC 5280
 * list a subscriber may use (each explained, with the terms' cases mapped to it), signed with the account
 * key or the certificate's own key, and the account key can be replaced.
 *
 * The EAB MAC key is read from its password field only when the account is created, the field is emptied
 * at once, and the key is never kept, put in an event, logged or stored. Account keys are made
 * non-extractable and kept in IndexedDB (`shirushi-acme`). The page's Content Security Policy must allow
 * `connect-src` to the CA's ACME server, which must send CORS headers.
 *
 * @summary ACME client with EAB: account, order, http-01 / dns-01 validation, issuance, revocation, renewal.
 *
 * @event {CustomEvent<AcmeIssuedEventDetail>} shirushi-acme-issued - A certificate was issued and stored in the vault. `detail: { certificateId, names, keyId, orderUrl }`.
 * @event {CustomEvent<AcmeRevokedEventDetail>} shirushi-acme-revoked - A certificate was revoked. `detail: { certificateId, reason }` (reason: RFC 5280 CRLReason code).
 *
 * @csspart steps - The list of steps, the current one marked `aria-current="step"`.
 * @csspart directory - The directory URL form.
 * @csspart account - The account step.
 * @csspart order - The order step.
 * @csspart challenges - The validation step with the files or TXT records to put in place.
 * @csspart challenge - One name's file or TXT record.
 * @csspart placed - The "Placed; validate now" button.
 * @csspart progress - The progress bar (indeterminate, or the countdown of a `Retry-After` wait).
 * @csspart status - The polite live region that says what is happening.
 * @csspart error - The `role="alert"` region for a failure.
 * @csspart result - The issued certificate, the chain choice and the download.
 * @csspart revoke - The revocation form and its confirmation.
 *
 * @cssprop [--shirushi-font-family=system-ui, 'Hiragino Sans', 'Noto Sans JP', Meiryo, sans-serif] - Text font.
 * @cssprop [--shirushi-font-family-mono=ui-monospace, monospace] - Font for paths, TXT records and PEM.
 * @cssprop [--shirushi-color-text=#1b1b1f] - Text colour.
 * @cssprop [--shirushi-color-muted=#4a4a55] - Secondary text colour and the steps not reached.
 * @cssprop [--shirushi-color-background=#ffffff] - Background colour.
 * @cssprop [--shirushi-color-surface=#f4f5f7] - Background of the values to copy.
 * @cssprop [--shirushi-color-border=#8a8f98] - Border colour.
 * @cssprop [--shirushi-color-accent=#0b57d0] - Buttons and links.
 * @cssprop [--shirushi-color-accent-text=#ffffff] - Text on primary buttons.
 * @cssprop [--shirushi-color-error=#a3000f] - Errors and the revocation confirmation.
 * @cssprop [--shirushi-color-error-background=#fff1f1] - Error background.
 * @cssprop [--shirushi-color-warning=#7a4a00] - Warnings.
 * @cssprop [--shirushi-color-warning-background=#fff6e0] - Warning background.
 * @cssprop [--shirushi-focus-ring=#0b57d0] - Focus outline colour.
 * @cssprop [--shirushi-radius=6px] - Corner radius.
 */
@customElement('shirushi-acme')
export class ShirushiAcme extends LocalizedElement {
  static override styles = styles;

  /** The ACME directory URL. Setting it connects (reads the directory and the saved accounts). */
  @property({ reflect: true })
  directory = '';

  /** IndexedDB name of the vault issued certificates are stored in. */
  @property({ attribute: 'vault-name' })
  vaultName = 'shirushi-vault';

  /** Options for the ACME client (a `fetch`, a clock); for tests and special deployments. */
  @property({ attribute: false })
  clientOptions?: AcmeClientOptions;

  /** The current step. */
  @state() step: AcmeStep = 'account';
  @state() private directoryInput = '';
  @state() private client?: AcmeClient;
  @state() private accounts: StoredAcmeAccount[] = [];
  /** A saved account's id, or `new`. */
  @state() private accountChoice = 'new';
  @state() private account?: StoredAcmeAccount;
  @state() private contact = '';
  @state() private eabKid = '';
  @state() private eabAlg: EabAlg = 'HS256';
  @state() private accountAlg: 'ES256' | 'RS256' = 'ES256';
  @state() private tosAgreed = false;
  /** "Create" was pressed without agreeing to the terms. */
  @state() private tosMissing = false;
  @state() private names = '';
  @state() private namesTouched = false;
  @state() private challengeType: 'http-01' | 'dns-01' = 'http-01';
  @state() private csrSource: 'new' | 'stored' = 'new';
  @state() private storedKeys: StoredKey[] = [];
  @state() private storedKeyId = '';
  @state() private keyChoice: AcmeKeyChoice = 'ec-p256';
  @state() private instructions: ChallengeInstructions[] = [];
  @state() private progress?: AcmeProgress;
  @state() private waitUntil?: number;
  @state() private waitTotal = 0;
  @state() private tick = Date.now();
  @state() private busy?: AcmeLabel;
  @state() private failure?: Failure;
  @state() private notice = '';
  @state() private issued?: Issued;
  @state() private issuances: AcmeIssuance[] = [];
  @state() private revokeSource: 'issued' | 'pem' = 'issued';
  @state() private revokeId = '';
  @state() private revokePem = '';
  @state() private reason: SubscriberReason = 0;
  @state() private signerKind: 'account' | 'certificate' = 'account';
  @state() private plan?: RevokePlan;

  private placed?: () => void;
  private abort?: AbortController;
  private ticker?: ReturnType<typeof setInterval>;
  private vaultHandle?: Promise<Vault>;
  /** Where "back" from the revocation form goes. */
  private returnStep: AcmeStep = 'account';

  /** Tells a request the page's own CSP blocked from a network failure (see `fail`). */
  private csp?: CspViolations;

  override connectedCallback(): void {
    super.connectedCallback();
    this.csp = new CspViolations(this.ownerDocument);
    this.csp.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.csp?.stop();
    this.abort?.abort();
    this.stopTicker();
    const vault = this.vaultHandle;
    this.vaultHandle = undefined;
    void vault?.then((opened) => opened.close()).catch(() => undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('directory') && this.directory !== '' && this.directory !== this.directoryInput) {
      this.directoryInput = this.directory;
      if (this.isConnected) void this.connect();
    }
  }

  // ---- Public methods ----

  /** Reads the directory at the URL in the field (or `directory`) and the accounts saved for it. */
  async connect(): Promise<boolean> {
    const url = this.directoryInput.trim();
    if (url === '') return false;
    this.failure = undefined;
    this.busy = 'connecting';
    try {
      const client = await AcmeClient.connect(url, this.clientOptions);
      const accounts = await listAcmeAccounts(client.directoryUrl);
      this.client = client;
      this.accounts = accounts;
      this.account = undefined;
      this.accountChoice = accounts[0]?.id ?? 'new';
      this.busy = undefined;
      this.notice = translator(this.lang)('connected', { url: client.directoryUrl });
      if (this.step !== 'account') await this.goTo('account');
      return true;
    } catch (thrown) {
      this.fail(thrown);
      this.client = undefined;
      return false;
    }
  }

  /**
   * Orders a new certificate for the names of an ACME certificate issued here before, with the account
   * that ordered it, a new key and the current challenge type. Resolves when the new certificate is stored
   * (after the validation step), or with undefined when that did not work (the problem is shown).
   */
  async renew(certificateId: string): Promise<AcmeIssuedEventDetail | undefined> {
    this.failure = undefined;
    const issuance = await getAcmeIssuance(certificateId).catch(() => undefined);
    if (!issuance) {
      this.failure = { label: 'renew-unknown' };
      return undefined;
    }
    const account = await getAcmeAccount(issuance.accountId).catch(() => undefined);
    if (!account) {
      this.failure = new ShirushiError('acme/no-account');
      return undefined;
    }
    if (this.client?.directoryUrl !== issuance.directoryUrl) {
      this.directoryInput = issuance.directoryUrl;
      if (!(await this.connect())) return undefined;
    }
    this.accountChoice = account.id;
    this.useAccount(account);
    this.names = issuance.names.join('\n');
    this.csrSource = 'new';
    this.notice = translator(this.lang)('renewing', {
      names: issuance.names.map((name) => toUnicode(name)).join(', '),
    });
    return this.order();
  }

  /**
   * Places the order from the order step's fields and runs it to the end: the validation step waits for
   * "Placed; validate now". Resolves with the `shirushi-acme-issued` detail, or undefined.
   */
  async order(): Promise<AcmeIssuedEventDetail | undefined> {
    const client = this.client;
    const account = this.account;
    const names = splitNames(this.names);
    this.namesTouched = true;
    if (names.length === 0 && this.step === 'order') {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#names')?.focus();
    }
    if (!client || !account || names.length === 0 || this.busy !== undefined) return undefined;
    const controller = new AbortController();
    this.abort = controller;
    this.failure = undefined;
    this.issued = undefined;
    this.instructions = [];
    this.progress = { stage: 'order', state: 'new' };
    this.busy = 'ordering';
    await this.goTo('progress');
    try {
      await this.signIn(client, account);
      let csr: OrderCertificateOptions['csr'];
      if (this.csrSource === 'stored') {
        const key = await getKey(this.storedKeyId);
        if (!key?.csrPem)
          throw new ShirushiError('acme/bad-response', {
            url: this.storedKeyId,
            detail: 'no CSR in the key store',
          });
        csr = {
          der: toDer(key.csrPem, { labels: CSR_LABELS, maxBytes: CSR_LIMITS.maxBytes }),
          keyId: key.id,
        };
      }
      const result = await orderCertificate({
        client,
        names,
        challengeType: this.challengeType,
        ...(csr ? { csr } : { keySpec: KEY_SPECS[this.keyChoice] }),
        signal: controller.signal,
        onProgress: (progress) => this.onProgress(progress),
        onChallenges: (instructions) => this.showChallenges(instructions, controller.signal),
      });
      this.stopTicker();
      this.busy = 'storing';
      const chains = [result.certificate, ...result.alternates];
      const leafDer = result.certificate.chain[0];
      if (!leafDer)
        throw new ShirushiError('acme/bad-response', { url: result.order.url, detail: 'empty chain' });
      // The vault's id for a certificate is its SHA-256 fingerprint.
      const leaf = parseCertificate(leafDer);
      const certificateId = leaf.fingerprints.sha256;
      const keyId = result.keyId ?? csr?.keyId;
      const orderUrl = result.order.url;
      const issued: Issued = {
        names,
        certificateId,
        orderUrl,
        ...(keyId !== undefined && { keyId }),
        chains,
        roots: chains.map((chain) => rootName(chain)),
        chosen: 0,
        leaf,
        stored: false,
      };
      await saveAcmeIssuance({
        certificateId,
        accountId: account.id,
        directoryUrl: client.directoryUrl,
        orderUrl,
        certificateUrl: result.order.certificate ?? '',
        names,
        ...(keyId !== undefined && { keyId }),
        issuedAt: new Date(),
      });
      await this.store(issued.chains[0]!, certificateId);
      issued.stored = true;
      this.issued = issued;
      this.busy = undefined;
      this.progress = undefined;
      this.notice = translator(this.lang)('issued-short');
      await this.goTo('result');
      const detail: AcmeIssuedEventDetail = {
        certificateId,
        names: [...names],
        ...(keyId !== undefined && { keyId }),
        orderUrl,
      };
      this.dispatchEvent(
        new CustomEvent<AcmeIssuedEventDetail>('shirushi-acme-issued', {
          detail,
          bubbles: true,
          composed: true,
        }),
      );
      return detail;
    } catch (thrown) {
      this.stopTicker();
      this.placed = undefined;
      this.progress = undefined;
      if (isAbort(thrown) && controller.signal.aborted) {
        this.busy = undefined;
        this.notice = translator(this.lang)('cancelled');
      } else {
        this.fail(thrown);
      }
      await this.goTo('order');
      return undefined;
    } finally {
      if (this.abort === controller) this.abort = undefined;
    }
  }

  /** Stops what is running (an order waiting for validation or polling). */
  cancel(): void {
    this.abort?.abort();
  }

  // ---- Steps ----

  private async goTo(step: AcmeStep): Promise<void> {
    this.step = step;
    if (step === 'order') void this.loadStoredKeys();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#step-heading')?.focus();
  }

  private fail(thrown: unknown): void {
    const failure = asFailure(thrown);
    this.failure = failure;
    this.busy = undefined;
    this.notice = '';
    if (failure.code === 'acme/network') void this.explainBlocked(failure);
  }

  /** A "could not reach" failure that the page's Content Security Policy caused is named as such. */
  private async explainBlocked(failure: ShirushiError): Promise<void> {
    const url = String(failure.params.url ?? '');
    const directive = await this.csp?.blocking(url);
    if (directive !== undefined && this.failure === failure) {
      this.failure = new AcmeError('acme/blocked-by-csp', { url, directive }, { cause: failure });
    }
  }

  private async loadStoredKeys(): Promise<void> {
    try {
      const keys = (await listKeys()).filter((key) => key.csrPem !== undefined);
      this.storedKeys = keys;
      if (!keys.some((key) => key.id === this.storedKeyId)) this.storedKeyId = keys[0]?.id ?? '';
    } catch {
      this.storedKeys = [];
    }
  }

  private showChallenges(instructions: ChallengeInstructions[], signal: AbortSignal): Promise<void> {
    this.instructions = instructions;
    if (instructions.length === 0) return Promise.resolve();
    this.busy = undefined;
    void this.goTo('challenges');
    return new Promise<void>((resolve, reject) => {
      const aborted = () => reject(new ShirushiError('acme/aborted'));
      if (signal.aborted) return aborted();
      signal.addEventListener('abort', aborted, { once: true });
      this.placed = () => {
        signal.removeEventListener('abort', aborted);
        resolve();
      };
    });
  }

  private async onPlaced(): Promise<void> {
    const placed = this.placed;
    if (!placed) return;
    this.placed = undefined;
    this.progress = { stage: 'challenge', state: 'responding' };
    this.busy = 'ordering';
    await this.goTo('progress');
    placed();
  }

  private onProgress(progress: AcmeProgress): void {
    this.progress = progress;
    // Short waits between polls are not worth a countdown (or an announcement every second).
    if (progress.waitMs !== undefined && progress.waitMs >= LONG_WAIT_MS) {
      this.waitTotal = progress.waitMs;
      this.waitUntil = Date.now() + progress.waitMs;
      this.tick = Date.now();
      this.ticker ??= setInterval(() => {
        this.tick = Date.now();
        if (this.waitUntil !== undefined && this.tick >= this.waitUntil) this.stopTicker();
      }, 1000);
    } else {
      this.stopTicker();
    }
  }

  private stopTicker(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    this.waitUntil = undefined;
  }

  // ---- Account ----

  private useAccount(account: StoredAcmeAccount): void {
    this.account = account;
    this.tosAgreed = false;
  }

  private async submitAccount(event: Event): Promise<void> {
    event.preventDefault();
    if (!this.client || this.busy !== undefined) return;
    const t = translator(this.lang);
    if (this.accountChoice !== 'new') {
      const chosen = this.accounts.find((account) => account.id === this.accountChoice);
      if (!chosen) return;
      this.failure = undefined;
      this.useAccount(chosen);
      this.notice = t('account-ready', { label: this.accountLabel(chosen, t) });
      await this.goTo('order');
      return;
    }
    await this.createAccount();
  }

  /** Creates an account from the form. The MAC key is taken from its field here and the field emptied. */
  private async createAccount(): Promise<boolean> {
    const client = this.client;
    if (!client) return false;
    if (client.directory.meta?.termsOfService !== undefined && !this.tosAgreed) {
      this.tosMissing = true;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#tos')?.focus();
      return false;
    }
    const macField = this.renderRoot.querySelector<HTMLInputElement>('#eab-mac');
    const macKey = macField?.value.trim() ?? '';
    if (macField) macField.value = '';
    const kid = this.eabKid.trim();
    const contact = this.contact
      .split(/[,\s]+/)
      .map((address) => address.trim())
      .filter((address) => address !== '')
      .map((address) => (address.startsWith('mailto:') ? address : `mailto:${address}`));
    const alg = this.accountAlg;
    this.failure = undefined;
    this.busy = 'creating-account';
    try {
      const keys = await generateAccountKey(alg);
      const signer = await acmeSigner(keys);
      const account = await client.newAccount({
        signer,
        contact,
        termsOfServiceAgreed: true,
        ...(kid !== '' || macKey !== '' ? { eab: { kid, macKey, alg: this.eabAlg } } : {}),
      });
      const stored: StoredAcmeAccount = {
        id: crypto.randomUUID(),
        directoryUrl: client.directoryUrl,
        accountUrl: client.accountUrl ?? account.url,
        alg,
        privateKey: keys.privateKey,
        publicKey: keys.publicKey,
        jwk: signer.jwk,
        thumbprint: await jwkThumbprint(signer.jwk),
        contact,
        ...(kid !== '' && { eabKid: kid }),
        createdAt: new Date(),
      };
      await saveAcmeAccount(stored);
      this.accounts = [...this.accounts, stored];
      this.accountChoice = stored.id;
      this.useAccount(stored);
      this.busy = undefined;
      this.notice = translator(this.lang)('account-created');
      await this.goTo('order');
      return true;
    } catch (thrown) {
      this.fail(thrown);
      await this.updateComplete;
      return false;
    }
  }

  /** Signs the account in the client (the account the element uses now). */
  private async signIn(client: AcmeClient, account: StoredAcmeAccount): Promise<AcmeSigner> {
    const signer = await acmeSigner(accountKeys(account));
    client.useAccount(signer, account.accountUrl);
    return signer;
  }

  private async rollover(): Promise<void> {
    const client = this.client;
    const account = this.accounts.find((item) => item.id === this.accountChoice);
    if (!client || !account || this.busy !== undefined) return;
    this.failure = undefined;
    this.busy = 'rolling-over';
    try {
      await this.signIn(client, account);
      const keys = await generateAccountKey(account.alg);
      const signer = await acmeSigner(keys);
      await client.rolloverKey(signer);
      const updated: StoredAcmeAccount = {
        ...account,
        privateKey: keys.privateKey,
        publicKey: keys.publicKey,
        jwk: signer.jwk,
        thumbprint: await jwkThumbprint(signer.jwk),
        keyChangedAt: new Date(),
      };
      await saveAcmeAccount(updated);
      this.accounts = this.accounts.map((item) => (item.id === updated.id ? updated : item));
      if (this.account?.id === updated.id) this.account = updated;
      this.busy = undefined;
      this.notice = translator(this.lang)('rolled-over');
    } catch (thrown) {
      this.fail(thrown);
    }
  }

  // ---- Order ----

  private async submitOrder(event: Event): Promise<void> {
    event.preventDefault();
    await this.order();
  }

  // ---- Result ----

  private async openVaultOnce(): Promise<Vault> {
    this.vaultHandle ??= openVault({ name: this.vaultName });
    try {
      const vault = await this.vaultHandle;
      if (!vault.closed) return vault;
    } catch (error) {
      this.vaultHandle = undefined;
      throw error;
    }
    this.vaultHandle = openVault({ name: this.vaultName });
    return this.vaultHandle;
  }

  /** Puts a chain (leaf first) into the vault as an ACME certificate, paired with its key. */
  private async store(chain: DownloadedCertificate, certificateId: string): Promise<void> {
    const vault = await this.openVaultOnce();
    await vault.importCertificates(chain.pem, { product: 'acme' });
    if (vault.summary(certificateId)?.keyId === undefined) await vault.pairKeys();
  }

  private async chooseChain(index: number): Promise<void> {
    const issued = this.issued;
    if (!issued || index === issued.chosen) return;
    this.issued = { ...issued, chosen: index };
    try {
      await this.store(issued.chains[index]!, issued.certificateId);
      this.notice = translator(this.lang)('chain-saved');
    } catch (thrown) {
      this.fail(thrown);
    }
  }

  private download(): void {
    const issued = this.issued;
    if (!issued) return;
    const base = (issued.names[0] ?? 'certificate')
      .replace(/^\*\./, 'wildcard.')
      .replace(/[^A-Za-z0-9.-]+/g, '_');
    const day = issued.leaf.validity.notBefore.toISOString().slice(0, 10);
    downloadText(
      this.renderRoot as ShadowRoot,
      issued.chains[issued.chosen]!.pem,
      `${base}-${day}-fullchain.pem`,
      'application/pem-certificate-chain',
    );
  }

  // ---- Revoke ----

  private async openRevoke(): Promise<void> {
    this.returnStep = this.step === 'revoke' || this.step === 'confirm' ? 'account' : this.step;
    this.failure = undefined;
    this.plan = undefined;
    try {
      this.issuances = (await listAcmeIssuances()).sort(
        (a, b) => b.issuedAt.getTime() - a.issuedAt.getTime(),
      );
    } catch {
      this.issuances = [];
    }
    const open = this.issuances.find((item) => item.revokedAt === undefined);
    if (this.issued && this.issuances.some((item) => item.certificateId === this.issued?.certificateId)) {
      this.revokeId = this.issued.certificateId;
    } else if (!this.issuances.some((item) => item.certificateId === this.revokeId)) {
      this.revokeId = open?.certificateId ?? this.issuances[0]?.certificateId ?? '';
    }
    if (this.issuances.length === 0) this.revokeSource = 'pem';
    await this.goTo('revoke');
  }

  /** Checks the revocation form and moves to the confirmation. */
  private async prepareRevoke(event: Event): Promise<void> {
    event.preventDefault();
    this.failure = undefined;
    try {
      let der: Uint8Array | undefined;
      let issuance: AcmeIssuance | undefined;
      if (this.revokeSource === 'issued') {
        issuance = this.issuances.find((item) => item.certificateId === this.revokeId);
        if (!issuance) return;
        const vault = await this.openVaultOnce();
        der = (await vault.get(issuance.certificateId))?.der;
        if (!der) throw new ShirushiError('vault/not-found', { id: issuance.certificateId });
      } else {
        der = parseCertificate(this.revokePem).der;
      }
      const info = parseCertificate(der);
      const certificateId = info.fingerprints.sha256;
      issuance ??= await getAcmeIssuance(certificateId).catch(() => undefined);
      this.plan = {
        certificateId,
        der: info.der,
        info,
        ...(issuance && { issuance }),
        reason: this.reason,
        signer: this.signerKind,
      };
      await this.goTo('confirm');
    } catch (thrown) {
      this.fail(thrown);
    }
  }

  /** The key-store key of a certificate: the issuance's, or one with the same public key. */
  private async certificateKey(plan: RevokePlan): Promise<StoredKey | undefined> {
    if (plan.issuance?.keyId !== undefined) {
      const key = await getKey(plan.issuance.keyId);
      if (key) return key;
    }
    const spki = plan.info.publicKey.spkiSha256;
    return (await listKeys()).find((key) => bytesToHex(sha256(key.publicKey)) === spki);
  }

  private async confirmRevoke(): Promise<boolean> {
    const plan = this.plan;
    if (!plan || this.busy !== undefined) return false;
    const t = translator(this.lang);
    this.failure = undefined;
    this.busy = 'revoking';
    try {
      const directoryUrl = plan.issuance?.directoryUrl ?? this.client?.directoryUrl;
      if (!directoryUrl) throw new ShirushiError('acme/no-account');
      const client =
        this.client?.directoryUrl === directoryUrl
          ? this.client
          : await AcmeClient.connect(directoryUrl, this.clientOptions);
      if (plan.signer === 'certificate') {
        const key = await this.certificateKey(plan);
        if (!key) {
          this.failure = { label: 'signer/certificate-missing' };
          this.busy = undefined;
          return false;
        }
        const signer = await acmeSigner(await storedKeyPair(key));
        await client.revokeCertificate(plan.der, plan.reason, { signer });
      } else {
        const account =
          (plan.issuance && (await getAcmeAccount(plan.issuance.accountId))) ??
          (this.client === client ? this.account : undefined);
        if (!account) throw new ShirushiError('acme/no-account');
        await this.signIn(client, account);
        await client.revokeCertificate(plan.der, plan.reason);
      }
      const revokedAt = new Date();
      if (plan.issuance) {
        await saveAcmeIssuance({ ...plan.issuance, revokedAt, revocationReason: plan.reason });
      }
      const info = REVOCATION_REASONS.find((item) => item.code === plan.reason);
      try {
        const vault = await this.openVaultOnce();
        if (vault.summary(plan.certificateId)) {
          await vault.recordRevocation(plan.certificateId, {
            status: 'revoked',
            ...(info && { reason: info.name }),
            revocationDate: revokedAt,
          });
        }
      } catch {
        // The CA has revoked it; the vault's note is a convenience.
      }
      this.busy = undefined;
      this.plan = undefined;
      this.notice = t('revoked', { reason: info ? info.label[this.lang] : String(plan.reason) });
      this.issuances = await listAcmeIssuances().catch(() => this.issuances);
      await this.goTo('revoke');
      const detail: AcmeRevokedEventDetail = { certificateId: plan.certificateId, reason: plan.reason };
      this.dispatchEvent(
        new CustomEvent<AcmeRevokedEventDetail>('shirushi-acme-revoked', {
          detail,
          bubbles: true,
          composed: true,
        }),
      );
      return true;
    } catch (thrown) {
      this.fail(thrown);
      return false;
    }
  }

  // ---- Copy ----

  private async copy(text: string, what: string): Promise<void> {
    const t = translator(this.lang);
    try {
      await navigator.clipboard.writeText(text);
      this.notice = t('copied', { what });
    } catch {
      this.notice = t('copy-failed');
    }
  }

  // ---- Rendering ----

  override render(): TemplateResult {
    const locale = this.lang;
    const t = translator(locale);
    return html`
      <div class="acme" lang=${locale}>
        <div class="toolbar">
          <h2 class="title">${t('title')}</h2>
          ${languageSwitch(locale, this.onLanguageChange)}
        </div>
        <p class="hint intro">${t('intro')}</p>
        ${this.renderSteps(t)} ${this.renderStep(t)} ${this.renderProgressBar(t)}
        <p class="status" part="status" id="status" role="status" aria-live="polite">${this.statusText(t)}</p>
        ${this.renderError(t)}
      </div>
    `;
  }

  private renderSteps(t: AcmeTranslate): TemplateResult {
    const current = this.step === 'confirm' ? 'revoke' : this.step;
    const steps: AcmeStep[] = current === 'revoke' ? ['revoke', 'confirm'] : [...MAIN_STEPS];
    const active = this.step;
    return html`
      <nav aria-label=${t('steps')}>
        <ol class="steps" part="steps">
          ${steps.map(
            (step) =>
              html`<li data-step=${step} aria-current=${step === active ? 'step' : nothing}>
                ${t(`step/${step}`)}
              </li>`,
          )}
        </ol>
      </nav>
    `;
  }

  private renderStep(t: AcmeTranslate): TemplateResult {
    switch (this.step) {
      case 'account':
        return this.renderAccount(t);
      case 'order':
        return this.renderOrder(t);
      case 'challenges':
        return this.renderChallenges(t);
      case 'progress':
        return this.renderProgress(t);
      case 'result':
        return this.renderResult(t);
      case 'revoke':
        return this.renderRevoke(t);
      case 'confirm':
        return this.renderConfirm(t);
    }
  }

  private heading(t: AcmeTranslate, step: AcmeStep): TemplateResult {
    return html`<h3 id="step-heading" tabindex="-1">${t(`step/${step}`)}</h3>`;
  }

  private renderDirectory(t: AcmeTranslate): TemplateResult {
    const busy = this.busy !== undefined;
    return html`
      <form
        class="directory"
        part="directory"
        data-form="directory"
        novalidate
        @submit=${(event: Event) => {
          event.preventDefault();
          void this.connect();
        }}
      >
        <label for="directory">${t('directory')}</label>
        <div class="row">
          <input
            type="url"
            id="directory"
            inputmode="url"
            autocomplete="url"
            spellcheck="false"
            aria-describedby="directory-hint"
            .value=${live(this.directoryInput)}
            @input=${(event: Event) => {
              this.directoryInput = (event.target as HTMLInputElement).value;
            }}
          />
          <button type="submit" data-action="connect" ?disabled=${busy || this.directoryInput.trim() === ''}>
            ${t('connect')}
          </button>
        </div>
        <p class="hint" id="directory-hint">${t('directory-hint')}</p>
      </form>
    `;
  }

  private accountLabel(account: StoredAcmeAccount, t: AcmeTranslate): string {
    const contact = account.contact.map((item) => item.replace(/^mailto:/, '')).join(', ');
    return t('account-label', {
      contact: contact === '' ? t('no-contact') : contact,
      alg: account.alg,
      date: formatJst(account.createdAt).slice(0, 10),
    });
  }

  private renderAccount(t: AcmeTranslate): TemplateResult {
    const client = this.client;
    const meta = client?.directory.meta;
    const busy = this.busy !== undefined;
    return html`
      <section class="step" part="account" data-step="account" aria-labelledby="step-heading">
        ${this.heading(t, 'account')} ${this.renderDirectory(t)}
        ${
          client
            ? html`
                ${
                  meta?.website
                    ? html`<p>
                        <a href=${meta.website} target="_blank" rel="noopener noreferrer">${t('website')}</a>
                      </p>`
                    : nothing
                }
                <form data-form="account" novalidate @submit=${this.submitAccount}>
                  ${
                    this.accounts.length > 0
                      ? html`<fieldset>
                          <legend>${t('saved-accounts')}</legend>
                          ${this.accounts.map(
                            (account) =>
                              html`<div class="check">
                                <input
                                  type="radio"
                                  name="account"
                                  id=${`account-${account.id}`}
                                  value=${account.id}
                                  .checked=${live(this.accountChoice === account.id)}
                                  @change=${() => {
                                    this.accountChoice = account.id;
                                  }}
                                />
                                <label for=${`account-${account.id}`}>${this.accountLabel(account, t)}</label>
                              </div>`,
                          )}
                          <div class="check">
                            <input
                              type="radio"
                              name="account"
                              id="account-new"
                              value="new"
                              .checked=${live(this.accountChoice === 'new')}
                              @change=${() => {
                                this.accountChoice = 'new';
                              }}
                            />
                            <label for="account-new">${t('account-new')}</label>
                          </div>
                        </fieldset>`
                      : nothing
                  }
                  ${this.accountChoice === 'new' ? this.renderNewAccount(t) : nothing}
                  <div class="actions">
                    <button type="submit" class="primary" data-action="account" ?disabled=${busy}>
                      ${this.accountChoice === 'new' ? t('create-account') : t('use-account')}
                    </button>
                    ${
                      this.accountChoice !== 'new'
                        ? html`<button
                            type="button"
                            data-action="rollover"
                            aria-describedby="rollover-hint"
                            ?disabled=${busy}
                            @click=${() => void this.rollover()}
                          >
                            ${t('rollover')}
                          </button>`
                        : nothing
                    }
                    <button type="button" data-action="go-revoke" @click=${() => void this.openRevoke()}>
                      ${t('go-revoke')}
                    </button>
                  </div>
                  ${
                    this.accountChoice !== 'new'
                      ? html`<p class="hint" id="rollover-hint">${t('rollover-hint')}</p>`
                      : nothing
                  }
                </form>
              `
            : html`<div class="actions">
                <button type="button" data-action="go-revoke" @click=${() => void this.openRevoke()}>
                  ${t('go-revoke')}
                </button>
              </div>`
        }
      </section>
    `;
  }

  private renderNewAccount(t: AcmeTranslate): TemplateResult {
    const meta = this.client?.directory.meta;
    return html`
      ${meta?.externalAccountRequired ? html`<p class="warning" id="eab-required">${t('eab-required')}</p>` : nothing}
      <div class="field">
        <label for="contact">${t('contact')}</label>
        <input
          type="email"
          id="contact"
          multiple
          autocomplete="email"
          aria-describedby="contact-hint"
          .value=${live(this.contact)}
          @input=${(event: Event) => {
            this.contact = (event.target as HTMLInputElement).value;
          }}
        />
        <p class="hint" id="contact-hint">${t('contact-hint')}</p>
      </div>
      <fieldset>
        <legend>${t('eab-legend')}</legend>
        <p class="hint" id="eab-hint">${t('eab-hint')}</p>
        <div class="field">
          <label for="eab-kid">${t('eab-kid')}</label>
          <input
            type="text"
            id="eab-kid"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="eab-hint"
            .value=${live(this.eabKid)}
            @input=${(event: Event) => {
              this.eabKid = (event.target as HTMLInputElement).value;
            }}
          />
        </div>
        <div class="field">
          <label for="eab-mac">${t('eab-mac')}</label>
          <input
            type="password"
            id="eab-mac"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="eab-mac-hint"
          />
          <p class="hint" id="eab-mac-hint">${t('eab-mac-hint')}</p>
        </div>
        <div class="field">
          <label for="eab-alg">${t('eab-alg')}</label>
          <select
            id="eab-alg"
            @change=${(event: Event) => {
              this.eabAlg = (event.target as HTMLSelectElement).value as EabAlg;
            }}
          >
            ${EAB_ALGS.map((alg) => html`<option value=${alg} ?selected=${alg === this.eabAlg}>${alg}</option>`)}
          </select>
        </div>
      </fieldset>
      <div class="field">
        <label for="account-alg">${t('account-key')}</label>
        <select
          id="account-alg"
          aria-describedby="account-key-hint"
          @change=${(event: Event) => {
            this.accountAlg = (event.target as HTMLSelectElement).value as 'ES256' | 'RS256';
          }}
        >
          ${(['ES256', 'RS256'] as const).map(
            (alg) =>
              html`<option value=${alg} ?selected=${alg === this.accountAlg}>
                ${t(`account-key/${alg}`)}
              </option>`,
          )}
        </select>
        <p class="hint" id="account-key-hint">${t('account-key-hint')}</p>
      </div>
      ${
        meta?.termsOfService
          ? html`<div class="check">
                <input
                  type="checkbox"
                  id="tos"
                  aria-invalid=${this.tosMissing && !this.tosAgreed ? 'true' : 'false'}
                  aria-describedby=${this.tosMissing && !this.tosAgreed ? 'tos-error' : nothing}
                  .checked=${live(this.tosAgreed)}
                  @change=${(event: Event) => {
                    this.tosAgreed = (event.target as HTMLInputElement).checked;
                  }}
                />
                <label for="tos">${t('tos')}</label>
                <a href=${meta.termsOfService} target="_blank" rel="noopener noreferrer">${t('tos-link')}</a>
              </div>
              ${
                this.tosMissing && !this.tosAgreed
                  ? html`<ul class="findings" id="tos-error">
                      <li class="finding" data-severity="error">${t('tos-needed')}</li>
                    </ul>`
                  : nothing
              }`
          : nothing
      }
    `;
  }

  private renderOrder(t: AcmeTranslate): TemplateResult {
    const account = this.account;
    const busy = this.busy !== undefined;
    const namesEmpty = splitNames(this.names).length === 0;
    const showEmpty = namesEmpty && this.namesTouched;
    const radio = <V extends string>(
      name: string,
      value: V,
      current: V,
      label: AcmeLabel,
      hint: AcmeLabel | undefined,
      set: (value: V) => void,
    ) => html`
      <div class="option">
        <input
          type="radio"
          name=${name}
          id=${`${name}-${value}`}
          value=${value}
          aria-describedby=${hint ? `${name}-${value}-hint` : nothing}
          .checked=${live(current === value)}
          @change=${() => set(value)}
        />
        <label for=${`${name}-${value}`}>${t(label)}</label>
        ${hint ? html`<p class="hint" id=${`${name}-${value}-hint`}>${t(hint)}</p>` : nothing}
      </div>
    `;
    return html`
      <section class="step" part="order" data-step="order" aria-labelledby="step-heading">
        ${this.heading(t, 'order')}
        ${
          account
            ? html`<p class="hint" data-field="account">
                ${t('account-ready', { label: this.accountLabel(account, t) })}
                <button
                  type="button"
                  class="link"
                  data-action="change-account"
                  @click=${() => void this.goTo('account')}
                >
                  ${t('change-account')}
                </button>
              </p>`
            : nothing
        }
        <form data-form="order" novalidate @submit=${this.submitOrder}>
          <div class="field">
            <label for="names">${t('names')}</label>
            <textarea
              id="names"
              rows="3"
              spellcheck="false"
              autocomplete="off"
              autocapitalize="off"
              aria-describedby=${showEmpty ? 'names-hint names-error' : 'names-hint'}
              aria-invalid=${showEmpty ? 'true' : 'false'}
              .value=${live(this.names)}
              @input=${(event: Event) => {
                this.names = (event.target as HTMLTextAreaElement).value;
                this.namesTouched = true;
              }}
            ></textarea>
            <p class="hint" id="names-hint">${t('names-hint')}</p>
            ${
              showEmpty
                ? html`<ul class="findings" id="names-error">
                    <li class="finding" data-severity="error">${t('names-empty')}</li>
                  </ul>`
                : nothing
            }
          </div>
          <fieldset>
            <legend>${t('challenge-type')}</legend>
            ${radio(
              'challenge',
              'http-01',
              this.challengeType,
              'challenge/http-01',
              'challenge/http-01-hint',
              (value) => {
                this.challengeType = value;
              },
            )}
            ${radio(
              'challenge',
              'dns-01',
              this.challengeType,
              'challenge/dns-01',
              'challenge/dns-01-hint',
              (value) => {
                this.challengeType = value;
              },
            )}
          </fieldset>
          <fieldset>
            <legend>${t('csr-source')}</legend>
            ${radio('csr', 'new', this.csrSource, 'csr/new', 'csr/new-hint', (value) => {
              this.csrSource = value;
            })}
            ${radio('csr', 'stored', this.csrSource, 'csr/stored', undefined, (value) => {
              this.csrSource = value;
            })}
            ${this.csrSource === 'new' ? this.renderKeyChoice(t) : this.renderStoredCsr(t)}
          </fieldset>
          <div class="actions">
            <button
              type="submit"
              class="primary"
              data-action="order"
              ?disabled=${busy || !account || (this.csrSource === 'stored' && this.storedKeyId === '')}
            >
              ${t('place-order')}
            </button>
            <button type="button" data-action="go-revoke" @click=${() => void this.openRevoke()}>
              ${t('go-revoke')}
            </button>
          </div>
        </form>
      </section>
    `;
  }

  private renderKeyChoice(t: AcmeTranslate): TemplateResult {
    return html`<div class="field">
      <label for="key-type">${t('key-type')}</label>
      <select
        id="key-type"
        @change=${(event: Event) => {
          this.keyChoice = (event.target as HTMLSelectElement).value as AcmeKeyChoice;
        }}
      >
        ${ACME_KEY_CHOICES.map(
          (choice) =>
            html`<option value=${choice} ?selected=${choice === this.keyChoice}>
              ${t(`key/${choice}`)}
            </option>`,
        )}
      </select>
    </div>`;
  }

  private renderStoredCsr(t: AcmeTranslate): TemplateResult {
    if (this.storedKeys.length === 0) return html`<p class="hint" id="csr-none">${t('csr/stored-none')}</p>`;
    return html`<div class="field">
      <label for="stored-csr">${t('csr/choose')}</label>
      <select
        id="stored-csr"
        @change=${(event: Event) => {
          this.storedKeyId = (event.target as HTMLSelectElement).value;
        }}
      >
        ${this.storedKeys.map(
          (key) =>
            html`<option value=${key.id} ?selected=${key.id === this.storedKeyId}>${key.label}</option>`,
        )}
      </select>
    </div>`;
  }

  private copyable(id: string, label: string, value: string, t: AcmeTranslate): TemplateResult {
    return html`
      <div class="copyable" data-value=${id}>
        <label id=${`${id}-label`} for=${id}>${label}</label>
        <output id=${id} class="value" aria-labelledby=${`${id}-label`}>${value}</output>
        <button
          type="button"
          data-copy=${id}
          aria-label=${t('copy-named', { what: label })}
          @click=${() => void this.copy(value, label)}
        >
          ${t('copy')}
        </button>
      </div>
    `;
  }

  private renderChallenges(t: AcmeTranslate): TemplateResult {
    const http = this.instructions.some((item) => item.type === 'http-01');
    return html`
      <section class="step" part="challenges" data-step="challenges" aria-labelledby="step-heading">
        ${this.heading(t, 'challenges')}
        <p>${http ? t('challenges-intro-http') : t('challenges-intro-dns')}</p>
        ${this.instructions.map((item, index) => {
          const name = toUnicode(item.identifier);
          return html`
            <div class="challenge" part="challenge" data-type=${item.type} data-identifier=${item.identifier}>
              <h4>${t('challenge-for', { name })}</h4>
              ${
                item.type === 'http-01'
                  ? html`${this.copyable(`path-${index}`, t('http/path'), item.path, t)}
                    ${this.copyable(`url-${index}`, t('http/url'), item.url, t)}
                    ${this.copyable(`content-${index}`, t('http/content'), item.content, t)}`
                  : html`${this.copyable(`txt-name-${index}`, t('dns/name'), item.name, t)}
                    ${this.copyable(`txt-value-${index}`, t('dns/value'), item.value, t)}
                    ${this.copyable(`txt-record-${index}`, t('dns/record'), item.record, t)}`
              }
            </div>
          `;
        })}
        <div class="actions">
          <button
            type="button"
            class="primary"
            part="placed"
            data-action="placed"
            aria-describedby="placed-hint"
            @click=${() => void this.onPlaced()}
          >
            ${t('placed')}
          </button>
          <button type="button" data-action="cancel" @click=${() => this.cancel()}>${t('cancel')}</button>
        </div>
        <p class="hint" id="placed-hint">${t('placed-hint')}</p>
      </section>
    `;
  }

  private secondsLeft(): number | undefined {
    if (this.waitUntil === undefined) return undefined;
    return Math.max(0, Math.ceil((this.waitUntil - this.tick) / 1000));
  }

  private renderProgress(t: AcmeTranslate): TemplateResult {
    const progress = this.progress;
    const left = this.secondsLeft();
    return html`
      <section class="step" data-step="progress" aria-labelledby="step-heading">
        ${this.heading(t, 'progress')}
        <p data-field="stage">
          ${progress ? t(`stage/${progress.stage}`) : this.busy ? t(this.busy) : ''}
          ${progress?.attempt !== undefined ? t('attempt', { n: progress.attempt }) : nothing}
        </p>
        ${
          left !== undefined
            ? html`<p class="countdown" data-field="countdown">${t('seconds-left', { seconds: left })}</p>`
            : nothing
        }
        <div class="actions">
          <button type="button" data-action="cancel" ?disabled=${!this.abort} @click=${() => this.cancel()}>
            ${t('cancel')}
          </button>
        </div>
      </section>
    `;
  }

  private renderProgressBar(t: AcmeTranslate): TemplateResult | typeof nothing {
    if (this.busy === undefined && this.step !== 'progress') return nothing;
    const left = this.secondsLeft();
    if (left !== undefined && this.waitTotal > 0) {
      const elapsed = Math.min(this.waitTotal, this.waitTotal - left * 1000);
      return html`<progress
        part="progress"
        aria-labelledby="status"
        max=${this.waitTotal}
        .value=${Math.max(0, elapsed)}
        aria-valuetext=${t('seconds-left', { seconds: left })}
      ></progress>`;
    }
    return html`<progress part="progress" aria-labelledby="status"></progress>`;
  }

  private statusText(t: AcmeTranslate): string {
    const progress = this.progress;
    if (this.step === 'progress' && progress) {
      // Said once per wait (not every second): the countdown itself is in the progress bar.
      if (this.waitUntil !== undefined) {
        return t('waiting', {
          stage: t(`stage/${progress.stage}`),
          seconds: Math.ceil(this.waitTotal / 1000),
        });
      }
      return t(`stage/${progress.stage}`);
    }
    if (this.busy !== undefined) return t(this.busy);
    return this.notice;
  }

  private renderResult(t: AcmeTranslate): TemplateResult {
    const issued = this.issued;
    if (!issued)
      return html`<section class="step" aria-labelledby="step-heading">
        ${this.heading(t, 'result')}
      </section>`;
    const leaf = issued.leaf;
    return html`
      <section class="step" part="result" data-step="result" aria-labelledby="step-heading">
        ${this.heading(t, 'result')}
        <p>${t('issued')}</p>
        <dl class="fields">
          <div data-field="names">
            <dt>${t('field/names')}</dt>
            <dd>
              <ul>
                ${issued.names.map((name) => html`<li><code>${name}</code></li>`)}
              </ul>
            </dd>
          </div>
          <div data-field="valid">
            <dt>${t('field/valid')}</dt>
            <dd>
              ${t('valid-range', {
                from: formatJst(leaf.validity.notBefore),
                to: formatJst(leaf.validity.notAfter),
              })}
            </dd>
          </div>
          <div data-field="id">
            <dt>${t('field/id')}</dt>
            <dd class="mono" data-id=${issued.certificateId}>${issued.certificateId}</dd>
          </div>
          <div data-field="key">
            <dt>${t('field/key')}</dt>
            <dd>
              ${issued.keyId !== undefined ? t('key-in-store', { id: issued.keyId }) : t('key-elsewhere')}
            </dd>
          </div>
        </dl>
        <fieldset>
          <legend>${t('chain')}</legend>
          <p class="hint" id="chain-hint">${t('chain-hint')}</p>
          ${issued.chains.map(
            (_chain, index) =>
              html`<div class="check">
                <input
                  type="radio"
                  name="chain"
                  id=${`chain-${index}`}
                  value=${index}
                  aria-describedby="chain-hint"
                  .checked=${live(issued.chosen === index)}
                  @change=${() => void this.chooseChain(index)}
                />
                <label for=${`chain-${index}`}>
                  ${t(index === 0 ? 'chain/default' : 'chain/alternate', { root: issued.roots[index] ?? '?' })}
                </label>
              </div>`,
          )}
        </fieldset>
        <div class="actions">
          <button type="button" class="primary" data-action="download" @click=${this.download}>
            ${t('download-pem')}
          </button>
          <button type="button" data-action="new-order" @click=${() => void this.goTo('order')}>
            ${t('new-order')}
          </button>
          <button type="button" data-action="go-revoke" @click=${() => void this.openRevoke()}>
            ${t('go-revoke')}
          </button>
        </div>
      </section>
    `;
  }

  private renderRevoke(t: AcmeTranslate): TemplateResult {
    const locale = this.lang;
    const busy = this.busy !== undefined;
    const reasons = SUBSCRIBER_REVOCATION_REASONS.map((code) =>
      REVOCATION_REASONS.find((item) => item.code === code),
    ).filter((item) => item !== undefined);
    const sourceRadio = (value: 'issued' | 'pem', label: AcmeLabel) =>
      html`<div class="check">
        <input
          type="radio"
          name="revoke-source"
          id=${`revoke-source-${value}`}
          value=${value}
          .checked=${live(this.revokeSource === value)}
          @change=${() => {
            this.revokeSource = value;
          }}
        />
        <label for=${`revoke-source-${value}`}>${t(label)}</label>
      </div>`;
    const signerRadio = (value: 'account' | 'certificate', label: AcmeLabel, hint: AcmeLabel) =>
      html`<div class="option">
        <input
          type="radio"
          name="signer"
          id=${`signer-${value}`}
          value=${value}
          aria-describedby=${`signer-${value}-hint`}
          .checked=${live(this.signerKind === value)}
          @change=${() => {
            this.signerKind = value;
          }}
        />
        <label for=${`signer-${value}`}>${t(label)}</label>
        <p class="hint" id=${`signer-${value}-hint`}>${t(hint)}</p>
      </div>`;
    return html`
      <section class="step" part="revoke" data-step="revoke" aria-labelledby="step-heading">
        ${this.heading(t, 'revoke')}
        <p>${t('revoke-intro')}</p>
        <form data-form="revoke" novalidate @submit=${this.prepareRevoke}>
          <fieldset>
            <legend>${t('revoke-source')}</legend>
            ${sourceRadio('issued', 'source/issued')} ${sourceRadio('pem', 'source/pem')}
            ${
              this.revokeSource === 'issued'
                ? this.issuances.length === 0
                  ? html`<p class="hint">${t('issued-none')}</p>`
                  : html`<div class="field">
                      <label for="revoke-issued">${t('issued-choose')}</label>
                      <select
                        id="revoke-issued"
                        @change=${(event: Event) => {
                          this.revokeId = (event.target as HTMLSelectElement).value;
                        }}
                      >
                        ${this.issuances.map(
                          (item) =>
                            html`<option
                              value=${item.certificateId}
                              ?selected=${item.certificateId === this.revokeId}
                            >
                              ${t('issuance-label', {
                                names: item.names.map((name) => toUnicode(name)).join(', '),
                                date: formatJst(item.issuedAt).slice(0, 16),
                              })}${item.revokedAt ? ` ${t('issuance-revoked')}` : ''}
                            </option>`,
                        )}
                      </select>
                    </div>`
                : html`<div class="field">
                    <label for="revoke-pem">${t('pem')}</label>
                    <textarea
                      id="revoke-pem"
                      class="pem"
                      spellcheck="false"
                      .value=${live(this.revokePem)}
                      @input=${(event: Event) => {
                        this.revokePem = (event.target as HTMLTextAreaElement).value;
                      }}
                    ></textarea>
                  </div>`
            }
          </fieldset>
          <fieldset class="reasons">
            <legend>${t('reason')}</legend>
            <p class="hint" id="reason-hint">${t('reason-hint')}</p>
            ${reasons.map(
              (item) =>
                html`<div class="reason" data-reason=${item.code}>
                  <input
                    type="radio"
                    name="reason"
                    id=${`reason-${item.code}`}
                    value=${item.code}
                    aria-describedby=${`reason-${item.code}-explanation reason-${item.code}-terms`}
                    .checked=${live(this.reason === item.code)}
                    @change=${() => {
                      this.reason = item.code as SubscriberReason;
                    }}
                  />
                  <label for=${`reason-${item.code}`}>${item.label[locale]} <code>${item.name}</code></label>
                  <p class="hint" id=${`reason-${item.code}-explanation`}>${item.explanation[locale]}</p>
                  <p class="hint" id=${`reason-${item.code}-terms`}>
                    <strong>${t('terms-cases')}:</strong> ${item.termsCases[locale]}
                  </p>
                </div>`,
            )}
          </fieldset>
          <fieldset>
            <legend>${t('signer')}</legend>
            ${signerRadio('account', 'signer/account', 'signer/account-hint')}
            ${signerRadio('certificate', 'signer/certificate', 'signer/certificate-hint')}
          </fieldset>
          <div class="actions">
            <button
              type="submit"
              class="primary"
              data-action="revoke-next"
              ?disabled=${
                busy || (this.revokeSource === 'issued' ? this.revokeId === '' : this.revokePem.trim() === '')
              }
            >
              ${t('revoke-next')}
            </button>
            <button type="button" data-action="back" @click=${() => void this.goTo(this.returnStep)}>
              ${t('back')}
            </button>
          </div>
        </form>
      </section>
    `;
  }

  private renderConfirm(t: AcmeTranslate): TemplateResult {
    const plan = this.plan;
    const locale = this.lang;
    const busy = this.busy !== undefined;
    const info = plan ? REVOCATION_REASONS.find((item) => item.code === plan.reason) : undefined;
    return html`
      <section class="step" part="revoke" data-step="confirm" aria-labelledby="step-heading">
        ${this.heading(t, 'confirm')}
        ${
          plan
            ? html`<p class="confirm" id="confirm-text">
                  ${t('confirm-text', { reason: info ? info.label[locale] : String(plan.reason) })}
                </p>
                <dl class="fields">
                  <div data-field="names">
                    <dt>${t('field/names')}</dt>
                    <dd>
                      ${
                        [...plan.info.subjectAltNames.dns, ...plan.info.subjectAltNames.ip].join(', ') ||
                        plan.info.subject.rfc4514
                      }
                    </dd>
                  </div>
                  <div data-field="serial">
                    <dt>${t('confirm-serial')}</dt>
                    <dd class="mono">${plan.info.serialNumber}</dd>
                  </div>
                  <div data-field="reason">
                    <dt>${t('reason')}</dt>
                    <dd>${info ? info.label[locale] : plan.reason} <code>(${plan.reason})</code></dd>
                  </div>
                  <div data-field="signer">
                    <dt>${t('signer')}</dt>
                    <dd>${t(plan.signer === 'account' ? 'signer/account' : 'signer/certificate')}</dd>
                  </div>
                </dl>
                <div class="actions">
                  <button
                    type="button"
                    class="danger"
                    data-action="confirm-revoke"
                    aria-describedby="confirm-text"
                    ?disabled=${busy}
                    @click=${() => void this.confirmRevoke()}
                  >
                    ${t('confirm-revoke')}
                  </button>
                  <button
                    type="button"
                    data-action="back"
                    ?disabled=${busy}
                    @click=${() => void this.goTo('revoke')}
                  >
                    ${t('back')}
                  </button>
                </div>`
            : nothing
        }
      </section>
    `;
  }

  private renderError(t: AcmeTranslate): TemplateResult {
    const failure = this.failure;
    const locale = this.lang;
    let body: TemplateResult | typeof nothing = nothing;
    if (failure && 'label' in failure) {
      body = html`<strong>${t('failed')}</strong>
        <p>${t(failure.label)}</p>`;
    } else if (failure) {
      const acme = failure instanceof AcmeError ? failure : undefined;
      const findings = acme?.findings ?? [];
      const subproblems: AcmeProblem[] = acme?.problem?.subproblems ?? [];
      body = html`<strong>${t('failed')}</strong>
        <p data-field="message">${failure.localized(locale)}</p>
        ${
          findings.length > 0
            ? html`<p>${t('findings')}</p>
                <ul class="findings" data-field="findings">
                  ${findings.map(
                    (item) =>
                      html`<li class="finding" data-severity=${item.severity} data-code=${item.code}>
                        <strong>${t(`severity/${item.severity}`)}:</strong> ${item.message[locale]}
                        <code>${item.code}</code>
                      </li>`,
                  )}
                </ul>`
            : nothing
        }
        ${
          subproblems.length > 0
            ? html`<p>${t('subproblems')}</p>
                <ul data-field="subproblems">
                  ${subproblems.map(
                    (item) =>
                      html`<li>
                        ${item.identifier ? html`<code>${item.identifier.value}</code>: ` : nothing}${
                          item.detail ?? item.type
                        }
                      </li>`,
                  )}
                </ul>`
            : nothing
        }
        ${
          acme?.retryAfter
            ? html`<p data-field="retry-after">
                <time datetime=${acme.retryAfter.toISOString()}
                  >${t('retry-at', { time: formatJst(acme.retryAfter) })}</time
                >
              </p>`
            : nothing
        }
        <p>${t('error-code')}: <code data-field="code">${failure.code}</code></p>`;
    }
    return html`<div class="error ${failure ? 'shown' : ''}" part="error" role="alert">${body}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shirushi-acme': ShirushiAcme;
  }
}
