import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { ShirushiError, isShirushiError } from '../../src/errors/shirushi-error.js';
import { formatMessage, type ErrorCode, type Locale } from '../../src/i18n/strings.js';
import type { ApduTransport, TransportKind } from '../../src/token/apdu.js';
import type { TransportAvailability } from '../../src/token/available.js';
import { OpenPgpCard } from '../../src/token/openpgp.js';
import { PIV_SLOTS, PivCard, type ManagementKeyAlgorithm, type PivSlot } from '../../src/token/piv.js';
import type { TokenLabel, TokenTranslate } from './token-strings.js';

/** The card applications the widgets use. */
export type TokenApplication = 'piv' | 'openpgp';

/** Opens the browser's device picker for a transport (`requestTransport` by default). */
export type TransportProvider = (kind: TransportKind) => Promise<ApduTransport>;

/** What a token section needs from its element. */
export interface TokenConnectionHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly lang: Locale;
  transportProvider: TransportProvider;
  transportAvailability: () => TransportAvailability[];
}

/** The PIN counters a card reports. */
export type PinCounter = 'piv' | 'pw1' | 'pw3';

export interface TokenConnection {
  transport: ApduTransport;
  kind: TransportKind;
  applications: TokenApplication[];
  /** Tries left per PIN, as the card reported them when connected (never a VERIFY with data). */
  tries: Partial<Record<PinCounter, number>>;
}

/** The ids of a section's secret inputs, under its prefix (`token-pin`, `write-admin-pin`, …). */
export type SecretInput<P extends string> = `${P}-pin` | `${P}-admin-pin` | `${P}-management-key`;

export const MANAGEMENT_ALGORITHMS: readonly ManagementKeyAlgorithm[] = [
  '3des',
  'aes128',
  'aes192',
  'aes256',
];
export const MANAGEMENT_NAMES: Record<ManagementKeyAlgorithm, string> = {
  '3des': '3DES',
  aes128: 'AES-128',
  aes192: 'AES-192',
  aes256: 'AES-256',
};
export const MANAGEMENT_DIGITS: Record<ManagementKeyAlgorithm, number> = {
  '3des': 48,
  aes128: 32,
  aes192: 48,
  aes256: 64,
};

export function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) return undefined;
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** A typed management key of the right length for `algorithm`, or undefined. */
export function parseManagementKey(text: string, algorithm: ManagementKeyAlgorithm): Uint8Array | undefined {
  const key = fromHex(text);
  return key !== undefined && key.length * 2 === MANAGEMENT_DIGITS[algorithm] ? key : undefined;
}

export function managementKeyFailed(algorithm: ManagementKeyAlgorithm): ShirushiError {
  return new ShirushiError('token/management-key-failed', { algorithm: MANAGEMENT_NAMES[algorithm] });
}

/** Runs `probe`, turning "the card has no such application" into false. */
export async function hasApplication(probe: () => Promise<void>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch (error) {
    if (isShirushiError(error) && error.code === 'token/application-not-found') return false;
    throw error;
  }
}

/** Selects PIV and refuses a blocked PIN before anything is sent. */
export async function openPiv(transport: ApduTransport): Promise<PivCard> {
  const card = new PivCard(transport);
  await card.select();
  const status = await card.pinStatus();
  if (status.triesLeft === 0) throw new ShirushiError('token/pin-blocked', { pin: 'PIV PIN' });
  return card;
}

/** Selects OpenPGP and refuses a blocked PW1 or PW3 (calling `adminBlocked` first) before anything is sent. */
export async function openOpenPgp(transport: ApduTransport, adminBlocked: () => void): Promise<OpenPgpCard> {
  const card = new OpenPgpCard(transport);
  await card.select();
  const status = await card.pinStatus();
  if (status.pw1TriesLeft === 0) throw new ShirushiError('token/pin-blocked', { pin: 'PIN (PW1)' });
  if (status.pw3TriesLeft === 0) {
    adminBlocked();
    throw new ShirushiError('token/pin-blocked', { pin: 'Admin PIN (PW3)' });
  }
  return card;
}

/** The ids and actions that tell two token sections on a page apart. */
export interface TokenSectionNames<P extends string> {
  /** Prefix of the ids and radio names: `token` or `write`. */
  prefix: P;
  /** `data-action` of the Connect buttons. */
  connectAction: string;
  /** `data-action` of the Disconnect button. */
  disconnectAction: string;
  /** Whether each transport name gets an id (`transport-<kind>`). */
  transportNameIds: boolean;
}

/**
 * The connection part shared by the token sections: the device list (with why a bridge is missing),
 * connecting through the browser's picker, finding PIV and OpenPGP with their tries left, the application,
 * slot, PIN and management-key fields. Secrets are never kept in properties: they are read from their
 * inputs at the moment of use and the inputs are emptied at once.
 */
export class TokenConnectionController<P extends string> implements ReactiveController {
  application: TokenApplication = 'piv';
  slot: PivSlot = '9A';
  managementMode: 'default' | 'custom' = 'default';
  managementAlgorithm: ManagementKeyAlgorithm = '3des';
  connection?: TokenConnection;
  /** The secret input a wrong-PIN error points at. */
  invalidInput?: SecretInput<P>;
  /** Which secret inputs hold something (not what). */
  protected filled = new Set<SecretInput<P>>();
  private availability?: TransportAvailability[];

  constructor(
    protected readonly host: TokenConnectionHost,
    protected readonly names: TokenSectionNames<P>,
  ) {
    host.addController(this);
  }

  /** The id of one of this section's secret inputs. */
  protected secret(kind: 'pin' | 'admin-pin' | 'management-key'): SecretInput<P> {
    return `${this.names.prefix}-${kind}` as SecretInput<P>;
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
    if (!this.connection || !this.filled.has(this.secret('pin'))) return false;
    if (this.application === 'openpgp') return this.filled.has(this.secret('admin-pin'));
    return this.managementMode === 'default' || this.filled.has(this.secret('management-key'));
  }

  /** Opens the picker for `kind`, opens the device and finds its applications. Resolves with its label. */
  async connect(kind: TransportKind): Promise<string> {
    // The picker is asked for first, while the click still counts as a user gesture.
    const chosen = this.host.transportProvider(kind);
    chosen.catch(() => undefined);
    await this.close();
    const transport = await chosen;
    try {
      await transport.open();
      const applications: TokenApplication[] = [];
      const tries: TokenConnection['tries'] = {};
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

  /**
   * The common part of noting a failure: forgets a connection whose device went away (returns undefined),
   * and for a wrong or blocked PIN returns the tries left. Other errors return null.
   */
  protected failureTries(error: unknown): number | null | undefined {
    if (!isShirushiError(error)) return null;
    if (error.code === 'token/disconnected') {
      void this.close();
      return undefined;
    }
    if (error.code === 'token/wrong-pin' || error.code === 'token/pin-blocked') {
      return error.code === 'token/pin-blocked' ? 0 : Number(error.params['tries']);
    }
    return null;
  }

  /** Records the tries left of one PIN counter of the connected card. */
  protected setTries(which: PinCounter, tries: number): void {
    if (this.connection) this.connection.tries = { ...this.connection.tries, [which]: tries };
  }

  /** Reads a secret input and empties it at once; the caller holds the value only as long as needed. */
  protected take(id: SecretInput<P>): string {
    const input = this.host.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
    const value = input?.value ?? '';
    if (input) input.value = '';
    this.filled.delete(id);
    return value;
  }

  protected clearSecrets(): void {
    for (const id of [this.secret('pin'), this.secret('admin-pin'), this.secret('management-key')]) {
      const input = this.host.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
      if (input) input.value = '';
    }
    this.filled.clear();
  }

  protected onSecretInput(id: SecretInput<P>, event: Event): void {
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
        : root.querySelector<HTMLElement>(`[data-action="${this.names.connectAction}"]`);
    target?.focus();
  }

  protected renderDevices(
    t: TokenTranslate,
    busy: boolean,
    connect: (kind: TransportKind) => void,
  ): TemplateResult {
    const transports = this.transports;
    const locale = this.host.lang;
    const none = transports.every((item) => !item.available);
    const prefix = this.names.prefix;
    return html`
      ${none ? html`<p class="warning" id=${`${prefix}-none`}>${t('none-available')}</p>` : nothing}
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
              <span
                class="transport-name"
                id=${ifDefined(this.names.transportNameIds ? `transport-${item.kind}` : undefined)}
                >${name}</span
              >
              ${
                item.available
                  ? html`<button
                      type="button"
                      data-action=${this.names.connectAction}
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
      <p class="hint" id=${`${prefix}-what-works`}>${t('what-works')}</p>
    `;
  }

  /** The tries left of one PIN, next to its label. */
  protected renderTries(t: TokenTranslate, which: PinCounter): TemplateResult | typeof nothing {
    const left = this.connection?.tries[which];
    if (left === undefined) return nothing;
    return html`<span class="tries" data-tries=${left}
      >${left === 0 ? t('pin-blocked-now') : t('tries-left', { tries: left })}</span
    >`;
  }

  protected renderSecret(
    id: SecretInput<P>,
    label: TemplateResult | string,
    hint: string,
    busy: boolean,
    minlength?: number,
  ): TemplateResult {
    return html`
      <div class="field">
        <label for=${id}>${label}</label>
        <input
          type="password"
          id=${id}
          autocomplete="off"
          spellcheck="false"
          autocapitalize="off"
          minlength=${ifDefined(minlength)}
          aria-describedby=${`${id}-hint`}
          aria-invalid=${this.invalidInput === id ? 'true' : 'false'}
          ?disabled=${busy}
          @input=${(event: Event) => this.onSecretInput(id, event)}
        />
        <p class="hint" id=${`${id}-hint`}>${hint}</p>
      </div>
    `;
  }

  /** "Connected: …" with the Disconnect button, then the card application choice. */
  protected renderConnection(t: TokenTranslate, busy: boolean, disconnect: () => void): TemplateResult {
    const connection = this.connection!;
    const prefix = this.names.prefix;
    return html`
      <div class="connected">
        <p id=${`${prefix}-connected`} data-token-connected=${connection.kind} tabindex="-1">
          ${t('connected', { label: connection.transport.label })}
        </p>
        <button
          type="button"
          data-action=${this.names.disconnectAction}
          ?disabled=${busy}
          @click=${disconnect}
        >
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
                name=${`${prefix}-application`}
                id=${`${prefix}-application-${application}`}
                value=${application}
                ?disabled=${busy}
                .checked=${live(this.application === application)}
                @change=${() => {
                  this.application = application;
                  this.invalidInput = undefined;
                  this.host.requestUpdate();
                }}
              />
              <label for=${`${prefix}-application-${application}`}>${t(`application/${application}`)}</label>
            </div>
          `,
        )}
      </fieldset>
    `;
  }

  protected renderSlot(t: TokenTranslate, busy: boolean, hint: string): TemplateResult {
    const prefix = this.names.prefix;
    return html`<div class="field">
      <label for=${`${prefix}-slot`}>${t('slot')}</label>
      <select
        id=${`${prefix}-slot`}
        aria-describedby=${`${prefix}-slot-hint`}
        ?disabled=${busy}
        @change=${(event: Event) => {
          this.slot = (event.target as HTMLSelectElement).value as PivSlot;
          this.host.requestUpdate();
        }}
      >
        ${PIV_SLOTS.map(
          (slot) => html`<option value=${slot} ?selected=${slot === this.slot}>${t(`slot/${slot}`)}</option>`,
        )}
      </select>
      <p class="hint" id=${`${prefix}-slot-hint`}>${hint}</p>
    </div>`;
  }

  protected renderManagement(t: TokenTranslate, busy: boolean, legend: string): TemplateResult {
    const prefix = this.names.prefix;
    const keyId = this.secret('management-key');
    const custom = this.managementMode === 'custom';
    const mode = (value: 'default' | 'custom', label: TokenLabel) => html`
      <div class="check">
        <input
          type="radio"
          name=${`${prefix}-management`}
          id=${`${prefix}-management-${value}`}
          value=${value}
          ?disabled=${busy}
          .checked=${live(this.managementMode === value)}
          @change=${() => {
            this.managementMode = value;
            this.host.requestUpdate();
          }}
        />
        <label for=${`${prefix}-management-${value}`}>${t(label)}</label>
      </div>
    `;
    return html`
      <fieldset>
        <legend>${legend}</legend>
        ${mode('default', 'management-default')} ${mode('custom', 'management-custom')}
        ${
          custom
            ? html`
                <div class="field">
                  <label for=${`${prefix}-management-algorithm`}>${t('management-algorithm')}</label>
                  <select
                    id=${`${prefix}-management-algorithm`}
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
                  <label for=${keyId}>${t('management-key-hex')}</label>
                  <input
                    type="password"
                    id=${keyId}
                    class="mono"
                    autocomplete="off"
                    spellcheck="false"
                    autocapitalize="off"
                    aria-describedby=${`${keyId}-hint`}
                    aria-invalid=${this.invalidInput === keyId ? 'true' : 'false'}
                    ?disabled=${busy}
                    @input=${(event: Event) => this.onSecretInput(keyId, event)}
                  />
                  <p class="hint" id=${`${keyId}-hint`}>
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
