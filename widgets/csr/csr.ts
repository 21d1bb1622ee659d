import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ShirushiError, asShirushiError } from '../../src/errors/shirushi-error.js';
import { toUnicode } from '../../src/hostname/idna.js';
import { canonicalIp } from '../../src/hostname/ip.js';
import {
  PROFILE_IDS,
  createCsr,
  type CsrInfo,
  type LintFinding,
  type ProfileId,
  type SubjectFields,
} from '../../src/csr/index.js';
import { exportPrivateKey, generateKeyPair, type KeyGenerationSpec } from '../../src/keys/index.js';
import { requestPersistentStorage, storeKey, type StoredKey } from '../../src/keys/store.js';
import {
  PREFECTURES,
  comparableName,
  hostFromUrl,
  lintCsr,
  lintNames,
  lintSubject,
  profileRules,
} from '../../src/lint/index.js';
import { translator, type LabelKey, type Translate } from './strings.js';
import { availableTransports, type TransportAvailability } from '../../src/token/available.js';
import type { TransportKind } from '../../src/token/apdu.js';
import type { CardKeyType } from '../../src/token/public-key.js';
import { requestTransport } from '../../src/token/request.js';
import {
  TokenKeyController,
  type TokenKeyDetail,
  type TokenStep,
  type TransportProvider,
} from './token-key.js';
import { tokenHint, tokenTranslator, type TokenLabel } from './token-strings.js';
import { languageSwitch } from '../shared/language-switch.js';
import { downloadText } from '../shared/download.js';
import { styles } from '../shared/form-styles.js';
import { CONTROLS, blockedReason, findingText, type Control } from './field-names.js';
import { LocalizedElement } from '../shared/localized-element.js';

export interface CsrCreatedEventDetail {
  /** The CSR, PEM. */
  pem: string;
  /** Id of the stored key in the IndexedDB key store (`getKey(keyId)`). */
  keyId: string;
  /** The stored key's label (the CSR's names and the date). */
  label: string;
  /** The CSR as `parseCsr` reads it. */
  info: CsrInfo;
  /** Where the private key is: in this browser's key store. */
  keyLocation?: 'browser';
}

/** `shirushi-csr-created` for a key made on a hardware token: no key in the browser's key store. */
export interface CsrTokenCreatedEventDetail {
  /** The CSR, PEM. */
  pem: string;
  /** Where the key lives ("device · PIV 9A"). */
  label: string;
  /** The CSR as `parseCsr` reads it. */
  info: CsrInfo;
  keyLocation: 'token';
  /** The token, application, slot and key type. */
  token: TokenKeyDetail;
}

export type { TokenKeyDetail, TransportProvider } from './token-key.js';

/** Where the studio makes the key. */
export type KeyLocation = 'browser' | 'token';

/** Key types offered, in the order of the picker. */
export const KEY_CHOICES = ['rsa-2048', 'rsa-3072', 'rsa-4096', 'ec-p256', 'ec-p384'] as const;
export type KeyChoice = (typeof KEY_CHOICES)[number];

const KEY_SPECS: Record<KeyChoice, KeyGenerationSpec> = {
  'rsa-2048': { algorithm: 'RSA', size: 2048 },
  'rsa-3072': { algorithm: 'RSA', size: 3072 },
  'rsa-4096': { algorithm: 'RSA', size: 4096 },
  'ec-p256': { algorithm: 'ECDSA', curve: 'P-256' },
  'ec-p384': { algorithm: 'ECDSA', curve: 'P-384' },
};

const HASHES = ['SHA-256', 'SHA-384', 'SHA-512'] as const;
type Hash = (typeof HASHES)[number];

/** A finding as the form shows it: lint findings and the form's own passphrase checks. */
interface Shown {
  severity: LintFinding['severity'];
  text: string;
  code?: string;
  control: Control;
}

type Phase = 'idle' | 'key' | 'csr' | 'store' | `token-${TokenStep}`;

interface Result {
  pem: string;
  info: CsrInfo;
  findings: LintFinding[];
  /** The stored key, or the token's label when the key is on a token. */
  key: StoredKey | { token: string };
  backupPem?: string;
  persisted: boolean;
  fileName: string;
}

const profileConverter = {
  fromAttribute: (value: string | null): ProfileId =>
    PROFILE_IDS.includes(value as ProfileId) ? (value as ProfileId) : 'jprs-dv',
  toAttribute: (value: ProfileId): string => value,
};

/** Findings that only say a field is empty: not shown until the applicant has been to the field. */
const EMPTY_FIELD_CODES = new Set(['lint/san/missing', 'lint/subject/missing-attribute']);

function controlOf(field: string | undefined): Control {
  if (!field) return 'general';
  if (field === 'san' || field.startsWith('san[') || field === 'subject.CN') return 'names';
  const map: Record<string, Control> = {
    'subject.O': 'organization',
    'subject.L': 'locality',
    'subject.ST': 'state',
    'subject.C': 'country',
  };
  return map[field] ?? 'general';
}

/** Lines of the names box, trimmed, blank lines dropped. */
function splitNames(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** A file name from the first name: `www.example.jp-2026-11-21.csr`. */
function fileNameFor(names: readonly string[], date: Date, extension: string): string {
  const base = (names[0] ?? 'request').replace(/^\*\./, 'wildcard.').replace(/[^A-Za-z0-9.-]+/g, '_');
  const day = date.toISOString().slice(0, 10);
  return `${base}-${day}.${extension}`;
}

/**
 * Makes a key pair and a certificate signing request (PKCS#10) in the browser, for an applicant who need
 * know nothing about PKI: choose where to apply, type the domain names, fill in the organisation when the
 * certificate type needs it, and generate. Every field is checked as it is typed, with the same rules the
 * CA applies (CA/Browser Forum Baseline Requirements and the Japanese CAs' profiles). The private key stays
 * in this browser's IndexedDB as a non-extractable key; nothing is sent anywhere.
 *
 * With "key location: hardware token" the key is instead generated on a PIV or OpenPGP card reached over
 * WebUSB (CCID readers, CanoKey), WebHID (Ledger) or the Web Smart Card API, and the CSR is signed there.
 * The element lists the bridges this browser offers and says why the others are missing. The PIN, admin
 * PIN and management key are read from their fields when used and the fields are emptied at once; they
 * are never kept, put in events or logged, and a wrong PIN is reported with the tries left, never retried.
 *
 * @summary Key pair and CSR maker with inline lint, for Japanese CAs and ACME, in Japanese or English.
 *
 * @event {CustomEvent<CsrCreatedEventDetail | CsrTokenCreatedEventDetail>} shirushi-csr-created - A CSR was made. Key in the browser: `detail: { pem, keyId, label, info, keyLocation: 'browser' }`; key on a token (nothing in the key store): `detail: { pem, label, info, keyLocation: 'token', token: { transport, device, application, slot?, algorithm } }`.
 *
 * @csspart form - The form with every field and the Generate button.
 * @csspart names - The domain names textarea.
 * @csspart findings - A list of lint findings next to a field.
 * @csspart key-location - The "key location" radio group (this browser / hardware token).
 * @csspart token - The hardware-token section: devices, application, slot, key type, PIN.
 * @csspart generate - The Generate button.
 * @csspart progress - The indeterminate progress bar shown while generating.
 * @csspart status - The polite live region that says what is happening.
 * @csspart error - The `role="alert"` region for a failure.
 * @csspart result - The section holding the CSR, its contents and where the key is.
 * @csspart pem - The read-only textarea with the CSR in PEM.
 *
 * @cssprop [--shirushi-font-family=system-ui, 'Hiragino Sans', 'Noto Sans JP', Meiryo, sans-serif] - Text font.
 * @cssprop [--shirushi-font-family-mono=ui-monospace, monospace] - Font for PEM and names.
 * @cssprop [--shirushi-color-text=#1b1b1f] - Text colour.
 * @cssprop [--shirushi-color-muted=#4a4a55] - Secondary text colour.
 * @cssprop [--shirushi-color-background=#ffffff] - Background colour.
 * @cssprop [--shirushi-color-surface=#f4f5f7] - Separators.
 * @cssprop [--shirushi-color-border=#8a8f98] - Border colour.
 * @cssprop [--shirushi-color-accent=#0b57d0] - Buttons.
 * @cssprop [--shirushi-color-accent-text=#ffffff] - Text on the primary button.
 * @cssprop [--shirushi-color-error=#a3000f] - Errors.
 * @cssprop [--shirushi-color-error-background=#fff1f1] - Error background.
 * @cssprop [--shirushi-color-warning=#7a4a00] - Warnings.
 * @cssprop [--shirushi-color-warning-background=#fff6e0] - Warning background.
 * @cssprop [--shirushi-color-valid=#0a6131] - "Signature valid".
 * @cssprop [--shirushi-focus-ring=#0b57d0] - Focus outline colour.
 * @cssprop [--shirushi-radius=6px] - Corner radius.
 */
@customElement('shirushi-csr')
export class ShirushiCsr extends LocalizedElement {
  static override styles = styles;

  /**
   * The CA profile: `br-dv`, `br-ov`, `jprs-dv`, `jprs-ov`, `secom-ov`, `secom-ev`, `crosstrust`, `acme`.
   * @type {'br-dv' | 'br-ov' | 'jprs-dv' | 'jprs-ov' | 'secom-ov' | 'secom-ev' | 'crosstrust' | 'acme'}
   */
  @property({ reflect: true, converter: profileConverter })
  profile: ProfileId = 'jprs-dv';

  /** Domain names (and IP addresses), one per line. */
  @property()
  names = '';

  /**
   * Where the key is made: `browser` (WebCrypto, kept in IndexedDB) or `token` (a PIV or OpenPGP card over
   * WebUSB, WebHID or the Web Smart Card API).
   * @type {'browser' | 'token'}
   */
  @property({ attribute: 'key-location', reflect: true })
  keyLocation: KeyLocation = 'browser';

  /**
   * Opens the browser's device picker for a bridge and returns an unopened transport. Defaults to
   * `requestTransport`; replace it to use another picker (or a test device).
   */
  @property({ attribute: false })
  transportProvider: TransportProvider = (kind) => requestTransport(kind);

  /** Which bridges this browser offers and why the others are missing. Defaults to `availableTransports`. */
  @property({ attribute: false })
  transportAvailability: () => TransportAvailability[] = () => availableTransports();

  @state() private organization = '';
  @state() private locality = '';
  @state() private prefecture = '';
  /** undefined: the profile's default country. */
  @state() private country?: string;
  @state() private keyChoice?: KeyChoice;
  @state() private hash?: Hash;
  @state() private extractable = false;
  @state() private passphrase = '';
  @state() private passphraseAgain = '';
  @state() private touched = new Set<Control>();
  @state() private phase: Phase = 'idle';
  @state() private failure?: ShirushiError;
  @state() private result?: Result;
  @state() private notice = '';
  /** Web addresses pasted into the names box and the host kept from each, shown as a note. */
  @state() private reducedUrls: { url: string; host: string }[] = [];
  /** The bridge being connected, for the status text. */
  private connecting = '';

  @query('#result-heading') private resultHeading?: HTMLElement;

  private readonly token = new TokenKeyController(this);

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('transportAvailability') && changed.get('transportAvailability') !== undefined) {
      this.token.refreshAvailability();
    }
  }

  /** The key type in effect: the applicant's choice, or the profile's default. */
  get keyType(): KeyChoice {
    return this.keyChoice ?? (profileRules(this.profile).japanese ? 'rsa-2048' : 'ec-p256');
  }

  /** The key type made on a token: the applicant's choice, or the profile's default. */
  get tokenKeyType(): CardKeyType {
    return this.token.keyType(profileRules(this.profile).japanese ? 'RSA-2048' : 'P-256');
  }

  /** The signature hash in effect: the applicant's choice, or the one matched to the key. */
  get signatureHash(): Hash {
    const p384 = this.keyLocation === 'token' ? this.tokenKeyType === 'P-384' : this.keyType === 'ec-p384';
    return this.hash ?? (p384 ? 'SHA-384' : 'SHA-256');
  }

  /** The subject the CSR will carry, from the form and the profile. */
  get subject(): SubjectFields {
    const rules = profileRules(this.profile);
    const subject: SubjectFields = {};
    // CN: the first name short enough for it (64), as an A-label. It is optional, so none fits is fine.
    const commonName = splitNames(this.names)
      .map((name) => comparableName(name))
      .find((name) => name.length <= 64);
    if (commonName) subject.commonName = commonName;
    if (this.needsOrganization) {
      subject.organization = this.organization.trim();
      subject.locality = this.locality.trim();
      subject.stateOrProvince = this.prefecture.trim();
      subject.country = (this.country ?? rules.defaultCountry ?? '').trim();
    }
    return subject;
  }

  /** Every finding for the current form, lint and passphrase checks. */
  get findings(): LintFinding[] {
    // Checked as createCsr will write them: A-labels, lowercase, no trailing dot (so an IDN gets the
    // notice showing both forms, not an error for being typed in Unicode).
    const names = splitNames(this.names).map((name) => comparableName(name));
    return [...lintNames(names, this.profile), ...lintSubject(this.subject, this.profile, names)];
  }

  /** Whether Generate can run now: no error findings and a usable passphrase when backing up. */
  get canGenerate(): boolean {
    return (
      this.phase === 'idle' &&
      (this.keyLocation === 'browser' || this.token.ready) &&
      !this.shownFindings(true).some((item) => item.severity === 'error')
    );
  }

  private get needsOrganization(): boolean {
    const rules = profileRules(this.profile);
    return rules.allowed.includes('O') && !rules.sansOnly;
  }

  private shownFindings(all = false): Shown[] {
    const locale = this.lang;
    const t = translator(locale);
    const shown: Shown[] = this.findings.map((item) => ({
      severity: item.severity,
      text: findingText(item, locale, t),
      code: item.code,
      control: controlOf(item.field),
    }));
    if (this.extractable && this.keyLocation === 'browser') {
      if (this.passphrase === '') {
        shown.push({ severity: 'error', text: t('ui/csr/passphrase-empty'), control: 'passphrase' });
      } else if (this.passphrase !== this.passphraseAgain) {
        shown.push({ severity: 'error', text: t('ui/csr/passphrase-mismatch'), control: 'passphrase' });
      }
    }
    if (all) return shown;
    return shown.filter(
      (item) =>
        this.touched.has(item.control) ||
        (!EMPTY_FIELD_CODES.has(item.code ?? '') &&
          !(item.control === 'passphrase' && this.passphrase === '')),
    );
  }

  private touch(control: Control): void {
    if (this.touched.has(control)) return;
    this.touched = new Set([...this.touched, control]);
  }

  /**
   * Makes the key pair and CSR from the form, stores the key, shows the result and fires
   * `shirushi-csr-created`. Does nothing while there are errors or a generation is running.
   * Resolves with the event detail, or undefined when nothing was made (the error is shown). With the key
   * location set to `token` it runs `generateOnToken()` and resolves with undefined (the event still fires).
   */
  async generate(): Promise<CsrCreatedEventDetail | undefined> {
    if (this.keyLocation === 'token') {
      await this.generateOnToken();
      return undefined;
    }
    if (!this.canGenerate) return undefined;
    const locale = this.lang;
    const names = splitNames(this.names);
    const dnsNames = names.filter((name) => canonicalIp(name) === undefined);
    const ipAddresses = names.filter((name) => canonicalIp(name) !== undefined);
    const subject = this.subject;
    const profile = this.profile;
    const hash = this.signatureHash;
    const spec = KEY_SPECS[this.keyType];
    const extractable = this.extractable;
    const passphrase = this.passphrase;
    this.failure = undefined;
    this.result = undefined;
    this.phase = 'key';
    // Asked now, while the click still counts as a user gesture; answered while the key is made.
    const persisted = requestPersistentStorage();
    try {
      // Let the progress bar and status render before the key generation starts.
      await this.updateComplete;
      const keys = await generateKeyPair({ ...spec, extractable, ...(spec.algorithm === 'RSA' && { hash }) });
      this.phase = 'csr';
      const created = await createCsr({ keys, subject, dnsNames, ipAddresses, hash, profile });
      // The backup is made before the stored copy becomes non-extractable.
      const backupPem = extractable ? await exportPrivateKey(keys.privateKey, passphrase) : undefined;
      this.phase = 'store';
      const sans = created.info.subjectAltNames;
      const key = await storeKey({
        keys,
        csrPem: created.pem,
        names: [...sans.dns.map((name) => toUnicode(name)), ...sans.ip],
      });
      const findings = lintCsr(created.info, profile);
      this.passphrase = '';
      this.passphraseAgain = '';
      this.result = {
        pem: created.pem,
        info: created.info,
        findings,
        key,
        ...(backupPem !== undefined && { backupPem }),
        persisted: await persisted,
        fileName: fileNameFor(sans.dns.length > 0 ? sans.dns : sans.ip, key.createdAt, 'csr'),
      };
      this.notice = translator(locale)('ui/csr/done');
      this.phase = 'idle';
      await this.updateComplete;
      this.resultHeading?.focus();
      const detail: CsrCreatedEventDetail = {
        pem: created.pem,
        keyId: key.id,
        label: key.label,
        info: created.info,
        keyLocation: 'browser',
      };
      this.dispatchEvent(
        new CustomEvent<CsrCreatedEventDetail>('shirushi-csr-created', {
          detail,
          bubbles: true,
          composed: true,
        }),
      );
      return detail;
    } catch (thrown) {
      this.failure = asShirushiError(thrown, 'internal/unexpected');
      this.phase = 'idle';
      this.notice = '';
      return undefined;
    }
  }

  /**
   * Makes the key on the connected token and the CSR signed there, shows the result and fires
   * `shirushi-csr-created` with `keyLocation: 'token'`. The PIN is checked once and never retried; a wrong
   * one is shown with the tries left. Resolves with the event detail, or undefined when nothing was made.
   */
  async generateOnToken(): Promise<CsrTokenCreatedEventDetail | undefined> {
    if (this.keyLocation !== 'token' || !this.canGenerate) return undefined;
    const locale = this.lang;
    const names = splitNames(this.names);
    const dnsNames = names.filter((name) => canonicalIp(name) === undefined);
    const ipAddresses = names.filter((name) => canonicalIp(name) !== undefined);
    const subject = this.subject;
    const profile = this.profile;
    const hash = this.signatureHash;
    this.failure = undefined;
    this.result = undefined;
    this.notice = '';
    let signing = false;
    try {
      const { key, detail: token } = await this.token.prepare(this.tokenKeyType, async (step) => {
        this.phase = `token-${step}`;
        await this.updateComplete;
      });
      this.phase = 'token-sign';
      signing = true;
      await this.updateComplete;
      const created = await createCsr({ keys: key, subject, dnsNames, ipAddresses, hash, profile });
      const label = key.label ?? token.device;
      const sans = created.info.subjectAltNames;
      this.result = {
        pem: created.pem,
        info: created.info,
        findings: lintCsr(created.info, profile),
        key: { token: label },
        persisted: false,
        fileName: fileNameFor(sans.dns.length > 0 ? sans.dns : sans.ip, new Date(), 'csr'),
      };
      this.notice = translator(locale)('ui/csr/done');
      this.phase = 'idle';
      await this.updateComplete;
      this.resultHeading?.focus();
      const detail: CsrTokenCreatedEventDetail = {
        pem: created.pem,
        label,
        info: created.info,
        keyLocation: 'token',
        token,
      };
      this.dispatchEvent(
        new CustomEvent<CsrTokenCreatedEventDetail>('shirushi-csr-created', {
          detail,
          bubbles: true,
          composed: true,
        }),
      );
      return detail;
    } catch (thrown) {
      if (signing) this.token.noteSigningFailure(thrown);
      this.fail(thrown);
      await this.updateComplete;
      this.token.focusAfterFailure();
      return undefined;
    }
  }

  /** Opens the device picker for `kind` and connects to the token chosen there. */
  async connectToken(kind: TransportKind): Promise<boolean> {
    if (this.phase !== 'idle') return false;
    const t = tokenTranslator(this.lang);
    this.failure = undefined;
    this.notice = '';
    this.connecting = t(`transport/${kind}` as TokenLabel);
    this.phase = 'token-connect';
    try {
      const label = await this.token.connect(kind);
      this.phase = 'idle';
      this.notice = t('connected-notice', { label });
      await this.updateComplete;
      this.token.focusConnected();
      return true;
    } catch (thrown) {
      this.fail(thrown);
      await this.updateComplete;
      this.token.focusAfterFailure();
      return false;
    }
  }

  /** Closes the connection to the token. */
  async disconnectToken(): Promise<void> {
    await this.token.close();
    this.notice = tokenTranslator(this.lang)('disconnected');
    await this.updateComplete;
    this.token.focusAfterFailure();
  }

  private fail(thrown: unknown): void {
    this.failure = asShirushiError(thrown, 'internal/unexpected');
    this.phase = 'idle';
    this.notice = '';
  }

  private async copy(): Promise<void> {
    if (!this.result) return;
    const t = translator(this.lang);
    try {
      await navigator.clipboard.writeText(this.result.pem);
      this.notice = t('ui/csr/copied');
    } catch {
      this.notice = t('ui/csr/copy-failed');
    }
  }

  private download(): void {
    if (!this.result || !this.shadowRoot) return;
    downloadText(this.shadowRoot, this.result.pem, this.result.fileName, 'application/pkcs10');
  }

  private downloadBackup(): void {
    if (!this.result?.backupPem || !this.shadowRoot) return;
    const fileName = this.result.fileName.replace(/\.csr$/, '.key');
    downloadText(this.shadowRoot, this.result.backupPem, fileName, 'application/pkcs8');
  }

  private onProfile(event: Event): void {
    this.profile = profileConverter.fromAttribute((event.target as HTMLSelectElement).value);
  }

  override render(): TemplateResult {
    const locale = this.lang;
    const t = translator(locale);
    const findings = this.shownFindings();
    const busy = this.phase !== 'idle';
    return html`
      <div class="csr" lang=${locale}>
        <div class="toolbar">
          <h2 class="title">${t('ui/csr/title')}</h2>
          ${this.renderLanguageSwitch()}
        </div>
        <p class="hint intro">${t('ui/csr/intro')}</p>
        <form part="form" novalidate @submit=${this.onSubmit} aria-busy=${busy ? 'true' : 'false'}>
          ${this.renderProfile(t)} ${this.renderNames(t, findings)} ${this.renderSubject(t, findings)}
          ${this.renderKeyLocation()}
          ${
            this.keyLocation === 'token'
              ? html`${this.token.render(
                  busy,
                  (kind) => void this.connectToken(kind),
                  () => void this.disconnectToken(),
                  this.tokenKeyType,
                )}
                ${this.renderHash(t)}`
              : html`${this.renderKey(t)} ${this.renderStorage(t, findings)}`
          }
          ${this.renderFindings('general', findings, t)}
          <div class="actions">
            <button
              type="submit"
              class="primary"
              part="generate"
              aria-disabled=${this.canGenerate ? 'false' : 'true'}
              aria-describedby=${this.canGenerate || busy ? nothing : 'generate-blocked'}
            >
              ${this.keyLocation === 'token' ? tokenTranslator(locale)('generate') : t('ui/csr/generate')}
            </button>
            ${
              !this.canGenerate && !busy
                ? html`<p class="hint" id="generate-blocked">
                    ${
                      this.keyLocation === 'token' && !this.token.ready
                        ? tokenTranslator(locale)('needs-connection')
                        : blockedReason(this.blockingControls, t)
                    }
                  </p>`
                : nothing
            }
          </div>
        </form>
        ${busy ? html`<progress part="progress" aria-labelledby="status"></progress>` : nothing}
        <p class="status" part="status" id="status" role="status" aria-live="polite">${this.statusText(t)}</p>
        ${this.renderError(t)} ${this.result ? this.renderResult(this.result, t) : nothing}
      </div>
    `;
  }

  private statusText(t: Translate): string {
    switch (this.phase) {
      case 'key':
        return t('ui/csr/generating-key');
      case 'csr':
        return t('ui/csr/building');
      case 'store':
        return t('ui/csr/storing');
      case 'token-connect':
        return tokenTranslator(this.lang)('connecting', { name: this.connecting });
      case 'token-verify':
        return tokenTranslator(this.lang)('verifying');
      case 'token-key':
        return tokenTranslator(this.lang)('generating');
      case 'token-sign':
        return tokenTranslator(this.lang)('signing');
      default:
        return this.notice;
    }
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    if (!this.canGenerate) {
      if (this.phase !== 'idle') return;
      // The button stays focusable so its reason can be read; pressing it shows every blocking field.
      this.touched = new Set(CONTROLS);
      const reason =
        this.keyLocation === 'token' && !this.token.ready
          ? tokenTranslator(this.lang)('needs-connection')
          : blockedReason(this.blockingControls, translator(this.lang));
      // The same text twice in a row would not be announced again by the live region.
      this.notice = this.notice === reason ? `${reason}\u00a0` : reason;
      return;
    }
    void this.generate();
  }

  /** The controls whose errors keep Generate from running. */
  private get blockingControls(): Set<Control> {
    return new Set(
      this.shownFindings(true)
        .filter((item) => item.severity === 'error')
        .map((item) => item.control),
    );
  }

  /** Replaces each pasted web address in the names box by its host and remembers it for the note. */
  private reduceUrls(text: string): string {
    const reduced: { url: string; host: string }[] = [];
    const lines = text.split(/\r?\n/).map((line) => {
      const host = hostFromUrl(line);
      if (host === undefined) return line;
      reduced.push({ url: line.trim(), host });
      return host;
    });
    if (reduced.length > 0) this.reducedUrls = reduced;
    return reduced.length > 0 ? lines.join('\n') : text;
  }

  private renderLanguageSwitch(): TemplateResult {
    return languageSwitch(this.lang, this.onLanguageChange);
  }

  private renderKeyLocation(): TemplateResult {
    const t = tokenTranslator(this.lang);
    const busy = this.phase !== 'idle';
    const option = (value: KeyLocation, label: TokenLabel, hint: TokenLabel) => html`
      <div class="check">
        <input
          type="radio"
          name="key-location"
          id=${`key-location-${value}`}
          value=${value}
          aria-describedby=${`key-location-${value}-hint`}
          ?disabled=${busy}
          .checked=${live(this.keyLocation === value)}
          @change=${() => {
            this.keyLocation = value;
            this.failure = undefined;
          }}
        />
        <label for=${`key-location-${value}`}>${t(label)}</label>
        <p class="hint" id=${`key-location-${value}-hint`}>${t(hint)}</p>
      </div>
    `;
    return html`
      <fieldset class="key-location" part="key-location">
        <legend>${t('key-location')}</legend>
        ${option('browser', 'location-browser', 'location-browser-hint')}
        ${option('token', 'location-token', 'location-token-hint')}
      </fieldset>
    `;
  }

  private renderProfile(t: Translate): TemplateResult {
    return html`
      <div class="field">
        <label for="profile">${t('ui/csr/profile')}</label>
        <select id="profile" @change=${this.onProfile}>
          ${PROFILE_IDS.map(
            (id) =>
              html`<option value=${id} ?selected=${id === this.profile}>
                ${t(`ui/csr/profile/${id}` as LabelKey)}
              </option>`,
          )}
        </select>
      </div>
    `;
  }

  /** aria-describedby for a control: its hint and, when there are any, its findings. */
  private describedBy(control: Control, findings: Shown[], hint?: string): string | typeof nothing {
    const ids = [hint, findings.some((item) => item.control === control) ? `${control}-findings` : undefined];
    const joined = ids.filter(Boolean).join(' ');
    return joined === '' ? nothing : joined;
  }

  private invalid(control: Control, findings: Shown[]): 'true' | 'false' {
    return findings.some((item) => item.control === control && item.severity === 'error') ? 'true' : 'false';
  }

  private renderNames(t: Translate, findings: Shown[]): TemplateResult {
    return html`
      <div class="field">
        <label for="names">${t('ui/csr/names')}</label>
        <textarea
          id="names"
          part="names"
          spellcheck="false"
          autocomplete="off"
          autocapitalize="off"
          rows="3"
          aria-describedby=${this.describedBy(
            'names',
            findings,
            this.reducedUrls.length > 0 ? 'names-hint names-note' : 'names-hint',
          )}
          aria-invalid=${this.invalid('names', findings)}
          .value=${live(this.names)}
          @input=${(event: Event) => {
            this.names = this.reduceUrls((event.target as HTMLTextAreaElement).value);
            this.touch('names');
          }}
        ></textarea>
        <p class="hint" id="names-hint">${t('ui/csr/names-hint')}</p>
        ${
          this.reducedUrls.length > 0
            ? html`<p class="note" id="names-note" role="status" data-note="url-reduced">
                ${this.reducedUrls.map((item) => t('ui/csr/url-reduced', item)).join(' ')}
              </p>`
            : nothing
        }
        ${this.renderFindings('names', findings, t)}
      </div>
    `;
  }

  private renderSubject(t: Translate, findings: Shown[]): TemplateResult | typeof nothing {
    if (!this.needsOrganization) return nothing;
    const rules = profileRules(this.profile);
    const text = (control: 'organization' | 'locality' | 'country', label: LabelKey, value: string) => html`
      <div class="field">
        <label for=${control}>${t(label)}</label>
        <input
          type="text"
          id=${control}
          autocomplete=${control === 'organization' ? 'organization' : control === 'country' ? 'country' : 'address-level2'}
          maxlength=${control === 'country' ? 2 : 128}
          aria-describedby=${this.describedBy(control, findings, 'subject-hint')}
          aria-invalid=${this.invalid(control, findings)}
          .value=${live(value)}
          @input=${(event: Event) => {
            const input = (event.target as HTMLInputElement).value;
            if (control === 'organization') this.organization = input;
            else if (control === 'locality') this.locality = input;
            else this.country = input.toUpperCase();
            this.touch(control);
          }}
        />
        ${this.renderFindings(control, findings, t)}
      </div>
    `;
    return html`
      <fieldset>
        <legend>${t('ui/csr/subject')}</legend>
        <p class="hint" id="subject-hint">${t('ui/csr/subject-hint')}</p>
        ${text('organization', 'ui/csr/organization', this.organization)}
        ${text('locality', 'ui/csr/locality', this.locality)}
        <div class="field">
          <label for="state">${t('ui/csr/state')}</label>
          ${
            rules.japanese
              ? html`<select
                  id="state"
                  aria-describedby=${this.describedBy('state', findings)}
                  aria-invalid=${this.invalid('state', findings)}
                  @change=${(event: Event) => {
                    this.prefecture = (event.target as HTMLSelectElement).value;
                    this.touch('state');
                  }}
                >
                  <option value="" ?selected=${this.prefecture === ''}>${t('ui/csr/state-choose')}</option>
                  ${PREFECTURES.map(
                    (prefecture) =>
                      html`<option value=${prefecture.name} ?selected=${prefecture.name === this.prefecture}>
                        ${prefecture.name}（${prefecture.ja}）
                      </option>`,
                  )}
                </select>`
              : html`<input
                  type="text"
                  id="state"
                  autocomplete="address-level1"
                  maxlength="128"
                  aria-describedby=${this.describedBy('state', findings, 'subject-hint')}
                  aria-invalid=${this.invalid('state', findings)}
                  .value=${live(this.prefecture)}
                  @input=${(event: Event) => {
                    this.prefecture = (event.target as HTMLInputElement).value;
                    this.touch('state');
                  }}
                />`
          }
          ${this.renderFindings('state', findings, t)}
        </div>
        ${text('country', 'ui/csr/country', this.country ?? rules.defaultCountry ?? '')}
      </fieldset>
    `;
  }

  private renderKey(t: Translate): TemplateResult {
    const keyLabels: Record<KeyChoice, LabelKey> = {
      'rsa-2048': 'ui/csr/key/rsa-2048',
      'rsa-3072': 'ui/csr/key/rsa-3072',
      'rsa-4096': 'ui/csr/key/rsa-4096',
      'ec-p256': 'ui/csr/key/ec-p256',
      'ec-p384': 'ui/csr/key/ec-p384',
    };
    return html`
      <div class="field">
        <label for="key">${t('ui/csr/key')}</label>
        <select
          id="key"
          @change=${(event: Event) => {
            this.keyChoice = (event.target as HTMLSelectElement).value as KeyChoice;
          }}
        >
          ${KEY_CHOICES.map(
            (choice) =>
              html`<option value=${choice} ?selected=${choice === this.keyType}>
                ${t(keyLabels[choice])}
              </option>`,
          )}
        </select>
      </div>
      ${this.renderHash(t)}
    `;
  }

  private renderHash(t: Translate): TemplateResult {
    return html`
      <div class="field">
        <label for="hash">${t('ui/csr/hash')}</label>
        <select
          id="hash"
          aria-describedby="hash-hint"
          @change=${(event: Event) => {
            this.hash = (event.target as HTMLSelectElement).value as Hash;
          }}
        >
          ${HASHES.map(
            (hash) => html`<option value=${hash} ?selected=${hash === this.signatureHash}>${hash}</option>`,
          )}
        </select>
        <p class="hint" id="hash-hint">${t('ui/csr/hash-hint')}</p>
      </div>
    `;
  }

  private renderStorage(t: Translate, findings: Shown[]): TemplateResult {
    return html`
      <fieldset>
        <legend>${t('ui/csr/storage')}</legend>
        <p class="warning" id="storage-warning">${t('ui/csr/storage-warning')}</p>
        <div class="check">
          <input
            type="checkbox"
            id="extractable"
            aria-describedby="storage-warning"
            .checked=${live(this.extractable)}
            @change=${(event: Event) => {
              this.extractable = (event.target as HTMLInputElement).checked;
            }}
          />
          <label for="extractable">${t('ui/csr/extractable')}</label>
        </div>
        ${
          this.extractable
            ? html`
                <div class="field">
                  <label for="passphrase">${t('ui/csr/passphrase')}</label>
                  <input
                    type="password"
                    id="passphrase"
                    autocomplete="new-password"
                    aria-describedby="passphrase-hint"
                    .value=${live(this.passphrase)}
                    @input=${(event: Event) => {
                      this.passphrase = (event.target as HTMLInputElement).value;
                    }}
                  />
                  <p class="hint" id="passphrase-hint">${t('ui/csr/passphrase-hint')}</p>
                </div>
                <div class="field">
                  <label for="passphrase-again">${t('ui/csr/passphrase-confirm')}</label>
                  <input
                    type="password"
                    id="passphrase-again"
                    autocomplete="new-password"
                    aria-describedby=${this.describedBy('passphrase', findings)}
                    aria-invalid=${this.invalid('passphrase', findings)}
                    .value=${live(this.passphraseAgain)}
                    @input=${(event: Event) => {
                      this.passphraseAgain = (event.target as HTMLInputElement).value;
                      this.touch('passphrase');
                    }}
                  />
                  ${this.renderFindings('passphrase', findings, t)}
                </div>
              `
            : nothing
        }
      </fieldset>
    `;
  }

  private renderFindings(control: Control, findings: Shown[], t: Translate): TemplateResult | typeof nothing {
    const mine = findings.filter((item) => item.control === control);
    if (mine.length === 0) return nothing;
    return html`
      <ul class="findings" part="findings" id=${`${control}-findings`} data-control=${control}>
        ${mine.map(
          (item) => html`
            <li class="finding" data-severity=${item.severity} data-code=${item.code ?? nothing}>
              <strong>${t(`ui/csr/severity/${item.severity}`)}:</strong> ${item.text}
              ${item.code ? this.renderCode(item.code, t) : nothing}
            </li>
          `,
        )}
      </ul>
    `;
  }

  private renderError(t: Translate): TemplateResult {
    const error = this.failure;
    return html`
      <div class="error ${error ? 'shown' : ''}" part="error" role="alert">
        ${
          error
            ? html`<strong>${t('ui/csr/failed')}</strong>
                <p>${error.localized(this.lang)}</p>
                ${this.renderHint(error.code)} ${this.renderCode(error.code, t)}`
            : nothing
        }
      </div>
    `;
  }

  /** A code is for whoever helps the applicant, so it waits behind a toggle. */
  private renderCode(code: string, t: Translate): TemplateResult {
    return html`<details class="code">
      <summary>${t('ui/csr/finding-code')}</summary>
      <code>${code}</code>
    </details>`;
  }

  private renderHint(code: string): TemplateResult | typeof nothing {
    const hint = tokenHint(code);
    return hint
      ? html`<p class="error-hint" data-hint=${code}>${tokenTranslator(this.lang)(hint)}</p>`
      : nothing;
  }

  private renderResult(result: Result, t: Translate): TemplateResult {
    const { info } = result;
    const key = info.publicKey;
    const keyText =
      key.algorithm === 'EC'
        ? `ECDSA ${key.curve ?? ''}`
        : `${key.algorithm} ${key.size}${key.exponent ? ` (e = ${key.exponent})` : ''}`;
    const signature =
      info.signatureValid === true
        ? html`<span class="valid" data-valid="true"
            >${t('ui/csr/signature-valid', { algorithm: info.signatureAlgorithm.name })}</span
          >`
        : info.signatureValid === false
          ? html`<span class="invalid" data-valid="false"
              >${t('ui/csr/signature-invalid', { algorithm: info.signatureAlgorithm.name })}</span
            >`
          : html`<span>${t('ui/csr/signature-unknown', { algorithm: info.signatureAlgorithm.name })}</span>`;
    const locale = this.lang;
    return html`
      <section class="result" part="result" aria-labelledby="result-heading">
        <h3 id="result-heading" tabindex="-1">${t('ui/csr/result')}</h3>
        <div class="field">
          <label for="pem">${t('ui/csr/pem')}</label>
          <textarea
            id="pem"
            part="pem"
            class="pem"
            readonly
            spellcheck="false"
            .value=${result.pem}
          ></textarea>
        </div>
        <div class="actions">
          <button type="button" class="primary" data-action="copy" @click=${this.copy}>
            ${t('ui/csr/copy')}
          </button>
          <button type="button" data-action="download" @click=${this.download}>
            ${t('ui/csr/download')}
          </button>
          ${
            result.backupPem
              ? html`<button
                    type="button"
                    data-action="backup"
                    aria-describedby="backup-hint"
                    @click=${this.downloadBackup}
                  >
                    ${t('ui/csr/backup')}
                  </button>
                  <p class="warning" id="backup-hint">${t('ui/csr/backup-hint')}</p>`
              : nothing
          }
        </div>
        <h4>${t('ui/csr/contents')}</h4>
        <dl class="fields">
          <div data-field="subject">
            <dt>${t('ui/csr/field/subject')}</dt>
            <dd class="mono">${info.subject.rfc4514 || t('ui/csr/empty-subject')}</dd>
          </div>
          <div data-field="sans">
            <dt>${t('ui/csr/field/sans')}</dt>
            <dd>
              <ul>
                ${info.subjectAltNames.dns.map((name) => {
                  const unicode = toUnicode(name);
                  return html`<li>
                    <code>${name}</code>${unicode !== name ? html` （<bdi>${unicode}</bdi>）` : nothing}
                  </li>`;
                })}
                ${info.subjectAltNames.ip.map((ip) => html`<li><code>${ip}</code></li>`)}
              </ul>
            </dd>
          </div>
          <div data-field="key">
            <dt>${t('ui/csr/field/key')}</dt>
            <dd>${keyText} <span class="muted mono">SHA-256 SPKI ${key.spkiSha256}</span></dd>
          </div>
          <div data-field="signature">
            <dt>${t('ui/csr/field/signature')}</dt>
            <dd>${signature}</dd>
          </div>
          <div data-field="findings">
            <dt>${t('ui/csr/field/findings')}</dt>
            <dd>
              ${
                result.findings.length === 0
                  ? t('ui/csr/no-findings')
                  : html`<ul class="findings">
                      ${result.findings.map(
                        (item) =>
                          html`<li class="finding" data-severity=${item.severity} data-code=${item.code}>
                            <strong>${t(`ui/csr/severity/${item.severity}`)}:</strong>
                            ${findingText(item, locale, t)} ${this.renderCode(item.code, t)}
                          </li>`,
                      )}
                    </ul>`
              }
            </dd>
          </div>
          <div data-field="key-location">
            <dt>${t('ui/csr/field/key-location')}</dt>
            <dd>
              ${
                'token' in result.key
                  ? tokenTranslator(locale)('key-on-token', { label: result.key.token })
                  : html`${t('ui/csr/key-location', { label: result.key.label, id: result.key.id })}
                      <p class="hint">
                        ${t(result.persisted ? 'ui/csr/persisted' : 'ui/csr/not-persisted')}
                      </p>`
              }
            </dd>
          </div>
        </dl>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shirushi-csr': ShirushiCsr;
  }
}
