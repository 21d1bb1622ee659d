import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import { live } from 'lit/directives/live.js';
import type { TokenKey } from '../../src/csr/types.js';
import { ShirushiError, isShirushiError } from '../../src/errors/shirushi-error.js';
import { formatMessage, type ErrorCode, type Locale } from '../../src/i18n/strings.js';
import type { ApduTransport, TransportKind } from '../../src/token/apdu.js';
import type { TransportAvailability } from '../../src/token/available.js';
import { hardwareTokenKey } from '../../src/token/hardware-key.js';
import { OpenPgpCard } from '../../src/token/openpgp.js';
import {
  defaultManagementKey,
  PIV_SLOTS,
  PivCard,
  type ManagementKeyAlgorithm,
  type PivSlot,
} from '../../src/token/piv.js';
import { CARD_KEY_TYPES, type CardKeyType } from '../../src/token/public-key.js';
import { tokenTranslator, type TokenLabel, type TokenTranslate } from './token-strings.js';

/** The card applications the studio makes keys in. */
export type TokenApplication = 'piv' | 'openpgp';

/** Where a key made on a token lives, as `shirushi-csr-created` reports it. */
export interface TokenKeyDetail {
  /** The bridge used: `ccid-webusb`, `canokey-webusb`, `ledger-webhid` or `smart-card-api`. */
  transport: TransportKind;
  /** The device or reader name. */
  device: string;
  application: TokenApplication;
  /** The PIV slot, for PIV keys. */
  slot?: PivSlot;
  algorithm: CardKeyType;
}

/** Opens the browser's device picker for a transport (`requestTransport` by default). */
export type TransportProvider = (kind: TransportKind) => Promise<ApduTransport>;

/** What the token section needs from its element. */
export interface TokenHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly lang: Locale;
  transportProvider: TransportProvider;
  transportAvailability: () => TransportAvailability[];
}

/** Steps of a token operation, for the progress text. */
export type TokenStep = 'connect' | 'verify' | 'key' | 'sign';

interface Connection {
  transport: ApduTransport;
  kind: TransportKind;
  applications: TokenApplication[];
  /** Tries left per PIN, as the card reported them when connected (never a VERIFY with data). */
  tries: Partial<Record<'piv' | 'pw1' | 'pw3', number>>;
}

const MANAGEMENT_ALGORITHMS: readonly ManagementKeyAlgorithm[] = ['3des', 'aes128', 'aes192', 'aes256'];
const MANAGEMENT_NAMES: Record<ManagementKeyAlgorithm, string> = {
  '3des': '3DES',
  aes128: 'AES-128',
  aes192: 'AES-192',
  aes256: 'AES-256',
};
const MANAGEMENT_DIGITS: Record<ManagementKeyAlgorithm, number> = {
  '3des': 48,
  aes128: 32,
  aes192: 48,
  aes256: 64,
};

/** The ids of the secret inputs: read once when used, then emptied. */
const SECRET_INPUTS = ['token-pin', 'token-admin-pin', 'token-management-key'] as const;
type SecretInput = (typeof SECRET_INPUTS)[number];

function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) return undefined;
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** Runs `probe`, turning "the card has no such application" into false. */
async function hasApplication(probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    if (isShirushiError(error) && error.code === 'token/application-not-found') return false;
    throw error;
  }
}

/**
 * The hardware-token part of `<shirushi-csr>`: the device list (with why a bridge is missing), connecting
 * through the browser's picker, the card application, slot and key type, and the PIN, admin PIN and
 * management key fields. Secrets are never kept in properties: they are read from their inputs at the
 * moment of use and the inputs are emptied at once.
 */
export class TokenKeyController implements ReactiveController {
  application: TokenApplication = 'piv';
  slot: PivSlot = '9A';
  /** undefined: follow the element's default key type. */
  algorithm?: CardKeyType;
  managementMode: 'default' | 'custom' = 'default';
  managementAlgorithm: ManagementKeyAlgorithm = '3des';
  /** Which secret inputs hold something (not what). */
  private filled = new Set<SecretInput>();
  /** The secret input a wrong-PIN error points at. */
  invalidInput?: SecretInput;
  connection?: Connection;
  private availability?: TransportAvailability[];

  constructor(private readonly host: TokenHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    void this.close();
  }

  get transports(): TransportAvailability[] {
    this.availability ??= this.host.transportAvailability();
    return this.availability;
  }

  /** Re-reads what the browser offers (after the element's provider changed). */
  refreshAvailability(): void {
    this.availability = undefined;
    this.host.requestUpdate();
  }

  /** Whether everything the chosen application needs is connected and filled in. */
  get ready(): boolean {
    if (!this.connection) return false;
    if (!this.filled.has('token-pin')) return false;
    if (this.application === 'openpgp') return this.filled.has('token-admin-pin');
    return this.managementMode === 'default' || this.filled.has('token-management-key');
  }

  keyType(fallback: CardKeyType): CardKeyType {
    return this.algorithm ?? fallback;
  }

  /** Opens the picker for `kind`, opens the device and finds its applications. */
  async connect(kind: TransportKind): Promise<string> {
    // The picker is asked for first, while the click still counts as a user gesture.
    const chosen = this.host.transportProvider(kind);
    chosen.catch(() => undefined);
    await this.close();
    const transport = await chosen;
    try {
      await transport.open();
      const applications: TokenApplication[] = [];
      const tries: Connection['tries'] = {};
      const piv = new PivCard(transport);
      if (await hasApplication(() => piv.select())) {
        applications.push('piv');
        const status = await piv.pinStatus();
        if (status.triesLeft !== undefined) tries.piv = status.triesLeft;
      }
      const openpgp = new OpenPgpCard(transport);
      if (await hasApplication(() => openpgp.select())) {
        applications.push('openpgp');
        const status = await openpgp.pinStatus();
        tries.pw1 = status.pw1TriesLeft;
        tries.pw3 = status.pw3TriesLeft;
      }
      if (applications.length === 0) {
        throw new ShirushiError('token/application-not-found', { application: 'PIV / OpenPGP' });
      }
      this.connection = { transport, kind, applications, tries };
      if (!applications.includes(this.application)) this.application = applications[0]!;
      this.host.requestUpdate();
      return transport.label;
    } catch (error) {
      await transport.close().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.invalidInput = undefined;
    this.clearSecrets();
    this.host.requestUpdate();
    if (connection) await connection.transport.close().catch(() => undefined);
  }

  /** After a failure: forget a connection whose device went away; point at the PIN that was wrong. */
  noteFailure(error: unknown, input?: SecretInput): void {
    if (!isShirushiError(error)) return;
    if (error.code === 'token/disconnected') {
      void this.close();
      return;
    }
    if (error.code === 'token/wrong-pin' || error.code === 'token/pin-blocked') {
      const tries = error.code === 'token/pin-blocked' ? 0 : Number(error.params['tries']);
      if (this.connection && input) {
        const which = input === 'token-admin-pin' ? 'pw3' : this.application === 'piv' ? 'piv' : 'pw1';
        this.connection.tries = { ...this.connection.tries, [which]: tries };
      }
      this.invalidInput = input;
    }
    this.host.requestUpdate();
  }

  /** Reads a secret input and empties it at once; the caller holds the value only as long as needed. */
  private take(id: SecretInput): string {
    const input = this.host.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
    const value = input?.value ?? '';
    if (input) input.value = '';
    this.filled.delete(id);
    return value;
  }

  private clearSecrets(): void {
    for (const id of SECRET_INPUTS) {
      const input = this.host.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
      if (input) input.value = '';
    }
    this.filled.clear();
  }

  /**
   * Checks the PIN(s), generates a key on the card and returns a `TokenKey` that signs there. The PIN is
   * checked before anything is generated, so a wrong PIN never replaces the key in the slot; a wrong PIN is
   * reported with the tries left and never sent again. The PIN is handed to the key for the one signature
   * the CSR needs (PIV slot 9C and many cards want it right before signing) and dropped after.
   */
  async prepare(
    fallback: CardKeyType,
    step: (step: TokenStep) => Promise<void>,
  ): Promise<{ key: TokenKey; detail: TokenKeyDetail }> {
    const connection = this.connection;
    if (!connection) throw new ShirushiError('token/not-open');
    const type = this.keyType(fallback);
    const { transport, kind } = connection;
    // Every secret is read and its input emptied before the first APDU.
    let pin: string | undefined = this.take('token-pin');
    const admin = this.application === 'openpgp' ? this.take('token-admin-pin') : undefined;
    const managementText =
      this.application === 'piv' && this.managementMode === 'custom'
        ? this.take('token-management-key')
        : undefined;
    this.invalidInput = undefined;
    this.host.requestUpdate();
    const once = () => {
      const value = pin ?? '';
      pin = undefined;
      return value;
    };
    let current: SecretInput = 'token-pin';
    try {
      await step('verify');
      if (this.application === 'piv') {
        const managementKey = managementText === undefined ? defaultManagementKey() : fromHex(managementText);
        const digits = MANAGEMENT_DIGITS[this.managementAlgorithm];
        if (managementKey === undefined || managementKey.length * 2 !== digits) {
          current = 'token-management-key';
          throw new ShirushiError('token/management-key-failed', {
            algorithm: MANAGEMENT_NAMES[this.managementAlgorithm],
          });
        }
        const card = new PivCard(transport);
        await card.select();
        const status = await card.pinStatus();
        if (status.triesLeft === 0) throw new ShirushiError('token/pin-blocked', { pin: 'PIV PIN' });
        await card.verifyPin(pin);
        current = 'token-management-key';
        await card.authenticateManagementKey(
          managementKey,
          managementText === undefined ? '3des' : this.managementAlgorithm,
        );
        managementKey.fill(0);
        await step('key');
        const generated = await card.generateKey(this.slot, type);
        const label = `${transport.label} · PIV ${this.slot}`;
        current = 'token-pin';
        return {
          key: hardwareTokenKey({ application: 'piv', card, ...generated }, { pin: once, label }),
          detail: {
            transport: kind,
            device: transport.label,
            application: 'piv',
            slot: this.slot,
            algorithm: type,
          },
        };
      }
      const card = new OpenPgpCard(transport);
      await card.select();
      const status = await card.pinStatus();
      if (status.pw1TriesLeft === 0) throw new ShirushiError('token/pin-blocked', { pin: 'PIN (PW1)' });
      if (status.pw3TriesLeft === 0) {
        current = 'token-admin-pin';
        throw new ShirushiError('token/pin-blocked', { pin: 'Admin PIN (PW3)' });
      }
      await card.verify('pw1-sign', pin);
      current = 'token-admin-pin';
      await card.verify('pw3', admin ?? '');
      current = 'token-pin';
      await step('key');
      const generated = await card.generateKey('sig', type);
      const label = `${transport.label} · OpenPGP`;
      return {
        key: hardwareTokenKey({ application: 'openpgp', card, ...generated }, { pin: once, label }),
        detail: { transport: kind, device: transport.label, application: 'openpgp', algorithm: type },
      };
    } catch (error) {
      pin = undefined;
      this.noteFailure(error, current);
      throw error;
    }
  }

  /** Which input a failure of the signing step points at. */
  noteSigningFailure(error: unknown): void {
    this.noteFailure(error, 'token-pin');
  }

  private onSecretInput(id: SecretInput, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (value === '') this.filled.delete(id);
    else this.filled.add(id);
    if (this.invalidInput === id) this.invalidInput = undefined;
    this.host.requestUpdate();
  }

  /** Focuses the input a wrong PIN points at, or the first Connect button after a disconnection. */
  focusAfterFailure(): void {
    const root = this.host.renderRoot;
    const target = this.invalidInput
      ? root.querySelector<HTMLElement>(`#${this.invalidInput}`)
      : this.connection
        ? null
        : root.querySelector<HTMLElement>('[data-action="connect"]');
    target?.focus();
  }

  focusConnected(): void {
    this.host.renderRoot.querySelector<HTMLElement>('#token-connected')?.focus();
  }

  render(
    busy: boolean,
    connect: (kind: TransportKind) => void,
    disconnect: () => void,
    fallback: CardKeyType,
  ): TemplateResult {
    const t = tokenTranslator(this.host.lang);
    return html`
      <fieldset class="token" part="token" aria-describedby=${this.connection ? nothing : 'token-what-works'}>
        <legend>${t('device')}</legend>
        ${this.connection ? this.renderConnected(t, busy, disconnect, fallback) : this.renderDevices(t, busy, connect)}
      </fieldset>
    `;
  }

  private renderDevices(
    t: TokenTranslate,
    busy: boolean,
    connect: (kind: TransportKind) => void,
  ): TemplateResult {
    const transports = this.transports;
    const locale = this.host.lang;
    const none = transports.every((item) => !item.available);
    return html`
      ${none ? html`<p class="warning" id="token-none">${t('none-available')}</p>` : nothing}
      <ul class="transports">
        ${transports.map((item) => {
          const name = t(`transport/${item.kind}` as TokenLabel);
          const reason = item.reason ? formatMessage(item.reason as ErrorCode, locale) : undefined;
          return html`
            <li
              class="transport"
              data-transport=${item.kind}
              data-available=${item.available ? 'true' : 'false'}
            >
              <span class="transport-name" id=${`transport-${item.kind}`}>${name}</span>
              ${
                item.available
                  ? html`<button
                      type="button"
                      data-action="connect"
                      data-kind=${item.kind}
                      aria-label=${t('connect-named', { name })}
                      ?disabled=${busy}
                      @click=${() => connect(item.kind)}
                    >
                      ${t('connect')}
                    </button>`
                  : nothing
              }
              ${
                reason
                  ? html`<p
                      class=${item.available ? 'hint reason' : 'reason'}
                      data-reason=${item.reason ?? ''}
                    >
                      ${item.available ? nothing : html`<strong>${t('unavailable')}:</strong>`} ${reason}
                    </p>`
                  : nothing
              }
            </li>
          `;
        })}
      </ul>
      <p class="hint" id="token-what-works">${t('what-works')}</p>
    `;
  }

  private renderConnected(
    t: TokenTranslate,
    busy: boolean,
    disconnect: () => void,
    fallback: CardKeyType,
  ): TemplateResult {
    const connection = this.connection!;
    const type = this.keyType(fallback);
    const piv = this.application === 'piv';
    const tries = (which: 'piv' | 'pw1' | 'pw3') => {
      const left = connection.tries[which];
      if (left === undefined) return nothing;
      return html`<span class="tries" data-tries=${left}
        >${left === 0 ? t('pin-blocked-now') : t('tries-left', { tries: left })}</span
      >`;
    };
    const secret = (
      id: SecretInput,
      label: TemplateResult | string,
      hint: TokenLabel,
      minlength: number,
    ) => html`
      <div class="field">
        <label for=${id}>${label}</label>
        <input
          type="password"
          id=${id}
          autocomplete="off"
          spellcheck="false"
          autocapitalize="off"
          minlength=${minlength}
          aria-describedby=${`${id}-hint`}
          aria-invalid=${this.invalidInput === id ? 'true' : 'false'}
          ?disabled=${busy}
          @input=${(event: Event) => this.onSecretInput(id, event)}
        />
        <p class="hint" id=${`${id}-hint`}>${t(hint)}</p>
      </div>
    `;
    return html`
      <div class="connected">
        <p id="token-connected" data-token-connected=${connection.kind} tabindex="-1">
          ${t('connected', { label: connection.transport.label })}
        </p>
        <button type="button" data-action="disconnect" ?disabled=${busy} @click=${disconnect}>
          ${t('disconnect')}
        </button>
      </div>
      <fieldset>
        <legend>${t('application')}</legend>
        ${connection.applications.map(
          (application) => html`
            <div class="check">
              <input
                type="radio"
                name="token-application"
                id=${`token-application-${application}`}
                value=${application}
                ?disabled=${busy}
                .checked=${live(this.application === application)}
                @change=${() => {
                  this.application = application;
                  this.invalidInput = undefined;
                  this.host.requestUpdate();
                }}
              />
              <label for=${`token-application-${application}`}>${t(`application/${application}`)}</label>
            </div>
          `,
        )}
      </fieldset>
      ${
        piv
          ? html`<div class="field">
              <label for="token-slot">${t('slot')}</label>
              <select
                id="token-slot"
                aria-describedby="token-slot-hint"
                ?disabled=${busy}
                @change=${(event: Event) => {
                  this.slot = (event.target as HTMLSelectElement).value as PivSlot;
                  this.host.requestUpdate();
                }}
              >
                ${PIV_SLOTS.map(
                  (slot) =>
                    html`<option value=${slot} ?selected=${slot === this.slot}>${t(`slot/${slot}`)}</option>`,
                )}
              </select>
              <p class="hint" id="token-slot-hint">${t('slot-hint')}</p>
            </div>`
          : html`<p class="hint">${t('openpgp-hint')}</p>`
      }
      <div class="field">
        <label for="token-algorithm">${t('algorithm')}</label>
        <select
          id="token-algorithm"
          ?disabled=${busy}
          @change=${(event: Event) => {
            this.algorithm = (event.target as HTMLSelectElement).value as CardKeyType;
            this.host.requestUpdate();
          }}
        >
          ${CARD_KEY_TYPES.map(
            (choice) =>
              html`<option value=${choice} ?selected=${choice === type}>${t(`algorithm/${choice}`)}</option>`,
          )}
        </select>
      </div>
      ${secret(
        'token-pin',
        html`${piv ? t('pin') : t('pin-openpgp')} ${tries(piv ? 'piv' : 'pw1')}`,
        piv ? 'pin-piv-hint' : 'pin-openpgp-hint',
        6,
      )}
      ${piv ? nothing : secret('token-admin-pin', html`${t('admin-pin')} ${tries('pw3')}`, 'admin-pin-hint', 8)}
      ${piv ? this.renderManagement(t, busy) : nothing}
    `;
  }

  private renderManagement(t: TokenTranslate, busy: boolean): TemplateResult {
    const custom = this.managementMode === 'custom';
    const mode = (value: 'default' | 'custom', label: TokenLabel) => html`
      <div class="check">
        <input
          type="radio"
          name="token-management"
          id=${`token-management-${value}`}
          value=${value}
          ?disabled=${busy}
          .checked=${live(this.managementMode === value)}
          @change=${() => {
            this.managementMode = value;
            this.host.requestUpdate();
          }}
        />
        <label for=${`token-management-${value}`}>${t(label)}</label>
      </div>
    `;
    return html`
      <fieldset>
        <legend>${t('management-key')}</legend>
        ${mode('default', 'management-default')} ${mode('custom', 'management-custom')}
        ${
          custom
            ? html`
                <div class="field">
                  <label for="token-management-algorithm">${t('management-algorithm')}</label>
                  <select
                    id="token-management-algorithm"
                    ?disabled=${busy}
                    @change=${(event: Event) => {
                      this.managementAlgorithm = (event.target as HTMLSelectElement)
                        .value as ManagementKeyAlgorithm;
                      this.host.requestUpdate();
                    }}
                  >
                    ${MANAGEMENT_ALGORITHMS.map(
                      (algorithm) =>
                        html`<option value=${algorithm} ?selected=${algorithm === this.managementAlgorithm}>
                          ${MANAGEMENT_NAMES[algorithm]}
                        </option>`,
                    )}
                  </select>
                </div>
                <div class="field">
                  <label for="token-management-key">${t('management-key-hex')}</label>
                  <input
                    type="password"
                    id="token-management-key"
                    class="mono"
                    autocomplete="off"
                    spellcheck="false"
                    autocapitalize="off"
                    aria-describedby="token-management-key-hint"
                    aria-invalid=${this.invalidInput === 'token-management-key' ? 'true' : 'false'}
                    ?disabled=${busy}
                    @input=${(event: Event) => this.onSecretInput('token-management-key', event)}
                  />
                  <p class="hint" id="token-management-key-hint">
                    ${t('management-key-hex-hint')}
                    ${t('management-bad-hex', { digits: MANAGEMENT_DIGITS[this.managementAlgorithm] })}
                  </p>
                </div>
              `
            : nothing
        }
      </fieldset>
    `;
  }
}
