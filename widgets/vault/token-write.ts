import {
  html,
  nothing,
  type ReactiveController,
  type ReactiveControllerHost,
  type TemplateResult,
} from 'lit';
import { live } from 'lit/directives/live.js';
import { ShirushiError, isShirushiError } from '../../src/errors/shirushi-error.js';
import { formatMessage, type ErrorCode, type Locale } from '../../src/i18n/strings.js';
import type { ApduTransport, TransportKind } from '../../src/token/apdu.js';
import type { TransportAvailability } from '../../src/token/available.js';
import { OpenPgpCard } from '../../src/token/openpgp.js';
import { PIV_SLOTS, PivCard, type ManagementKeyAlgorithm, type PivSlot } from '../../src/token/piv.js';
import { writeCertificateToToken, type WrittenCertificate } from '../../src/token/write-back.js';
import { tokenTranslator, type TokenLabel, type TokenTranslate } from '../csr/token-strings.js';
import type { VaultTranslate } from './strings.js';

/** Opens the browser's device picker for a transport (`requestTransport` by default). */
export type VaultTransportProvider = (kind: TransportKind) => Promise<ApduTransport>;

export type TokenApplication = 'piv' | 'openpgp';

/** What the write-to-token section needs from the vault element. */
export interface TokenWriteHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly lang: Locale;
  transportProvider: VaultTransportProvider;
  transportAvailability: () => TransportAvailability[];
}

/** Where a certificate was written, as the history event and the result say. */
export interface TokenWriteResult {
  certificateId: string;
  application: TokenApplication;
  slot?: PivSlot;
  device: string;
  unchanged: boolean;
}

interface Connection {
  transport: ApduTransport;
  kind: TransportKind;
  applications: TokenApplication[];
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

/** Ids of the secret inputs: read once when used, then emptied. Never kept in properties. */
const SECRET_INPUTS = ['write-pin', 'write-admin-pin', 'write-management-key'] as const;
type SecretInput = (typeof SECRET_INPUTS)[number];

function fromHex(text: string): Uint8Array | undefined {
  const clean = text.replace(/[\s:]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(clean)) return undefined;
  return Uint8Array.from(clean.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

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
 * "Write to token" in the vault's detail view: connect a token (the transports this browser offers, and
 * why the others are missing), choose the PIV slot or the OpenPGP card, enter the PIN (and admin PIN or
 * management key) and write the issued certificate next to its key with `writeCertificateToToken`, which
 * makes the card prove it holds the certificate's key first. PINs are read from their inputs at the moment
 * of use, the inputs are emptied at once, and a wrong PIN is never sent again.
 */
export class TokenWriteController implements ReactiveController {
  /** Whether the section is open. */
  expanded = false;
  application: TokenApplication = 'piv';
  slot: PivSlot = '9A';
  managementMode: 'default' | 'custom' = 'default';
  managementAlgorithm: ManagementKeyAlgorithm = '3des';
  connection?: Connection;
  invalidInput?: SecretInput;
  result?: TokenWriteResult;
  private filled = new Set<SecretInput>();
  private availability?: TransportAvailability[];

  constructor(private readonly host: TokenWriteHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    void this.close();
  }

  get transports(): TransportAvailability[] {
    this.availability ??= this.host.transportAvailability();
    return this.availability;
  }

  refreshAvailability(): void {
    this.availability = undefined;
    this.host.requestUpdate();
  }

  get ready(): boolean {
    if (!this.connection || !this.filled.has('write-pin')) return false;
    if (this.application === 'openpgp') return this.filled.has('write-admin-pin');
    return this.managementMode === 'default' || this.filled.has('write-management-key');
  }

  /** Another certificate was chosen: forget the previous answer and any typed secret. */
  reset(): void {
    this.expanded = false;
    this.result = undefined;
    this.invalidInput = undefined;
    this.clearSecrets();
    this.host.requestUpdate();
  }

  /** Opens the picker for `kind`, opens the device and finds its applications. Resolves with its label. */
  async connect(kind: TransportKind): Promise<string> {
    // Ask for the picker first, while the click still counts as a user gesture.
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
   * Writes `der` to the connected token. Every secret input is read and emptied before the first APDU;
   * a blocked PIN is not tried; a wrong PIN is reported with the tries left and not sent again.
   */
  async write(certificateId: string, der: Uint8Array): Promise<TokenWriteResult> {
    const connection = this.connection;
    if (!connection) throw new ShirushiError('token/not-open');
    const { transport } = connection;
    let pin = this.take('write-pin');
    let admin = this.application === 'openpgp' ? this.take('write-admin-pin') : undefined;
    const managementText =
      this.application === 'piv' && this.managementMode === 'custom'
        ? this.take('write-management-key')
        : undefined;
    this.invalidInput = undefined;
    this.result = undefined;
    this.host.requestUpdate();
    let current: SecretInput = 'write-pin';
    try {
      let written: WrittenCertificate;
      if (this.application === 'piv') {
        let managementKey: { key: Uint8Array; algorithm: ManagementKeyAlgorithm } | undefined;
        if (managementText !== undefined) {
          const key = fromHex(managementText);
          if (key === undefined || key.length * 2 !== MANAGEMENT_DIGITS[this.managementAlgorithm]) {
            current = 'write-management-key';
            throw new ShirushiError('token/management-key-failed', {
              algorithm: MANAGEMENT_NAMES[this.managementAlgorithm],
            });
          }
          managementKey = { key, algorithm: this.managementAlgorithm };
        }
        const card = new PivCard(transport);
        await card.select();
        const status = await card.pinStatus();
        if (status.triesLeft === 0) throw new ShirushiError('token/pin-blocked', { pin: 'PIV PIN' });
        try {
          written = await writeCertificateToToken(
            { application: 'piv', card, slot: this.slot, ...(managementKey && { managementKey }) },
            der,
            { pin },
          );
        } finally {
          managementKey?.key.fill(0);
        }
      } else {
        const card = new OpenPgpCard(transport);
        await card.select();
        const status = await card.pinStatus();
        if (status.pw1TriesLeft === 0) throw new ShirushiError('token/pin-blocked', { pin: 'PIN (PW1)' });
        if (status.pw3TriesLeft === 0) {
          current = 'write-admin-pin';
          throw new ShirushiError('token/pin-blocked', { pin: 'Admin PIN (PW3)' });
        }
        written = await writeCertificateToToken({ application: 'openpgp', card }, der, {
          pin,
          adminPin: admin ?? '',
        });
      }
      const result: TokenWriteResult = {
        certificateId,
        application: this.application,
        ...(this.application === 'piv' && { slot: this.slot }),
        device: transport.label,
        unchanged: written.unchanged,
      };
      this.result = result;
      return result;
    } catch (error) {
      this.noteFailure(error, current);
      throw error;
    } finally {
      pin = '';
      admin = undefined;
      this.host.requestUpdate();
    }
  }

  private noteFailure(error: unknown, input: SecretInput): void {
    if (!isShirushiError(error)) return;
    if (error.code === 'token/disconnected') {
      void this.close();
      return;
    }
    if (error.code === 'token/wrong-pin' || error.code === 'token/pin-blocked') {
      const tries = error.code === 'token/pin-blocked' ? 0 : Number(error.params['tries']);
      const admin = /PW3|admin/i.test(String(error.params['pin'] ?? ''));
      const which = admin ? 'pw3' : this.application === 'piv' ? 'piv' : 'pw1';
      const target: SecretInput = admin
        ? 'write-admin-pin'
        : input === 'write-admin-pin'
          ? input
          : 'write-pin';
      if (this.connection) this.connection.tries = { ...this.connection.tries, [which]: tries };
      this.invalidInput = target;
    } else if (error.code === 'token/management-key-failed') {
      this.invalidInput = 'write-management-key';
    }
  }

  focusAfterFailure(): void {
    const root = this.host.renderRoot;
    const target = this.invalidInput
      ? root.querySelector<HTMLElement>(`#${this.invalidInput}`)
      : this.connection
        ? null
        : root.querySelector<HTMLElement>('[data-action="write-connect"]');
    target?.focus();
  }

  private onSecretInput(id: SecretInput, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (value === '') this.filled.delete(id);
    else this.filled.add(id);
    if (this.invalidInput === id) this.invalidInput = undefined;
    this.host.requestUpdate();
  }

  render(
    vt: VaultTranslate,
    busy: boolean,
    handlers: { connect: (kind: TransportKind) => void; write: (event: Event) => void },
  ): TemplateResult {
    const t = tokenTranslator(this.host.lang);
    return html`
      <form class="panel" data-form="token-write" aria-labelledby="write-heading" @submit=${handlers.write}>
        <h4 id="write-heading">${vt('token-write-title')}</h4>
        <p class="hint" id="write-hint">${vt('token-write-hint')}</p>
        <fieldset class="token" aria-describedby=${this.connection ? nothing : 'write-what-works'}>
          <legend>${t('device')}</legend>
          ${this.connection ? this.renderConnected(t, vt, busy) : this.renderDevices(t, busy, handlers.connect)}
        </fieldset>
        ${
          this.connection
            ? html`<div class="actions">
                <button
                  type="submit"
                  class="primary"
                  data-action="token-write"
                  aria-describedby="write-hint"
                  ?disabled=${busy || !this.ready}
                >
                  ${vt('token-write')}
                </button>
              </div>`
            : nothing
        }
        ${this.result ? this.renderResult(vt, this.result) : nothing}
      </form>
    `;
  }

  private renderResult(vt: VaultTranslate, result: TokenWriteResult): TemplateResult {
    const where = result.slot ? `PIV ${result.slot}` : 'OpenPGP';
    return html`<p class="verified" data-token-result=${result.unchanged ? 'unchanged' : 'written'}>
      ${vt(result.unchanged ? 'token-unchanged' : 'token-written', { where, device: result.device })}
    </p>`;
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
      ${none ? html`<p class="warning" id="write-none">${t('none-available')}</p>` : nothing}
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
              <span class="transport-name">${name}</span>
              ${
                item.available
                  ? html`<button
                      type="button"
                      data-action="write-connect"
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
      <p class="hint" id="write-what-works">${t('what-works')}</p>
    `;
  }

  private renderConnected(t: TokenTranslate, vt: VaultTranslate, busy: boolean): TemplateResult {
    const connection = this.connection!;
    const piv = this.application === 'piv';
    const tries = (which: 'piv' | 'pw1' | 'pw3') => {
      const left = connection.tries[which];
      if (left === undefined) return nothing;
      return html`<span class="tries" data-tries=${left}
        >${left === 0 ? t('pin-blocked-now') : t('tries-left', { tries: left })}</span
      >`;
    };
    const secret = (id: SecretInput, label: TemplateResult | string, hint: string) => html`
      <div class="field">
        <label for=${id}>${label}</label>
        <input
          type="password"
          id=${id}
          autocomplete="off"
          spellcheck="false"
          autocapitalize="off"
          aria-describedby=${`${id}-hint`}
          aria-invalid=${this.invalidInput === id ? 'true' : 'false'}
          ?disabled=${busy}
          @input=${(event: Event) => this.onSecretInput(id, event)}
        />
        <p class="hint" id=${`${id}-hint`}>${hint}</p>
      </div>
    `;
    return html`
      <div class="connected">
        <p id="write-connected" data-token-connected=${connection.kind} tabindex="-1">
          ${t('connected', { label: connection.transport.label })}
        </p>
        <button
          type="button"
          data-action="write-disconnect"
          ?disabled=${busy}
          @click=${() => void this.close()}
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
                name="write-application"
                id=${`write-application-${application}`}
                value=${application}
                ?disabled=${busy}
                .checked=${live(this.application === application)}
                @change=${() => {
                  this.application = application;
                  this.invalidInput = undefined;
                  this.host.requestUpdate();
                }}
              />
              <label for=${`write-application-${application}`}>${t(`application/${application}`)}</label>
            </div>
          `,
        )}
      </fieldset>
      ${
        piv
          ? html`<div class="field">
              <label for="write-slot">${t('slot')}</label>
              <select
                id="write-slot"
                aria-describedby="write-slot-hint"
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
              <p class="hint" id="write-slot-hint">${vt('token-slot-hint')}</p>
            </div>`
          : nothing
      }
      ${secret(
        'write-pin',
        html`${piv ? t('pin') : t('pin-openpgp')} ${tries(piv ? 'piv' : 'pw1')}`,
        vt('token-pin-hint'),
      )}
      ${
        piv
          ? this.renderManagement(t, vt, busy)
          : secret('write-admin-pin', html`${t('admin-pin')} ${tries('pw3')}`, vt('token-admin-pin-hint'))
      }
    `;
  }

  private renderManagement(t: TokenTranslate, vt: VaultTranslate, busy: boolean): TemplateResult {
    const custom = this.managementMode === 'custom';
    const mode = (value: 'default' | 'custom', label: TokenLabel) => html`
      <div class="check">
        <input
          type="radio"
          name="write-management"
          id=${`write-management-${value}`}
          value=${value}
          ?disabled=${busy}
          .checked=${live(this.managementMode === value)}
          @change=${() => {
            this.managementMode = value;
            this.host.requestUpdate();
          }}
        />
        <label for=${`write-management-${value}`}>${t(label)}</label>
      </div>
    `;
    return html`
      <fieldset>
        <legend>${vt('token-management-key')}</legend>
        ${mode('default', 'management-default')} ${mode('custom', 'management-custom')}
        ${
          custom
            ? html`
                <div class="field">
                  <label for="write-management-algorithm">${t('management-algorithm')}</label>
                  <select
                    id="write-management-algorithm"
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
                  <label for="write-management-key">${t('management-key-hex')}</label>
                  <input
                    type="password"
                    id="write-management-key"
                    class="mono"
                    autocomplete="off"
                    spellcheck="false"
                    autocapitalize="off"
                    aria-describedby="write-management-key-hint"
                    aria-invalid=${this.invalidInput === 'write-management-key' ? 'true' : 'false'}
                    ?disabled=${busy}
                    @input=${(event: Event) => this.onSecretInput('write-management-key', event)}
                  />
                  <p class="hint" id="write-management-key-hint">
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
