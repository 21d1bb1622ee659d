import { html, nothing, type TemplateResult } from 'lit';
import type { TokenKey } from '../../src/csr/types.js';
import { ShirushiError, isShirushiError } from '../../src/errors/shirushi-error.js';
import type { TransportKind } from '../../src/token/apdu.js';
import { hardwareTokenKey } from '../../src/token/hardware-key.js';
import { defaultManagementKey, type PivSlot } from '../../src/token/piv.js';
import { CARD_KEY_TYPES, type CardKeyType } from '../../src/token/public-key.js';
import {
  fromHex,
  managementKeyFailed,
  openOpenPgp,
  openPiv,
  MANAGEMENT_DIGITS,
  TokenConnectionController,
  type SecretInput,
  type TokenApplication,
  type TokenConnectionHost,
} from '../shared/token-connection.js';
import { tokenTranslator, type TokenTranslate } from './token-strings.js';

export type { TokenApplication, TransportProvider } from '../shared/token-connection.js';

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

/** What the token section needs from its element. */
export type TokenHost = TokenConnectionHost;

/** Steps of a token operation, for the progress text. */
export type TokenStep = 'connect' | 'verify' | 'key' | 'sign';

type Secret = SecretInput<'token'>;

/**
 * The hardware-token part of `<shirushi-csr>`: the device list (with why a bridge is missing), connecting
 * through the browser's picker, the card application, slot and key type, and the PIN, admin PIN and
 * management key fields. Secrets are never kept in properties: they are read from their inputs at the
 * moment of use and the inputs are emptied at once.
 */
export class TokenKeyController extends TokenConnectionController<'token'> {
  /** undefined: follow the element's default key type. */
  algorithm?: CardKeyType;

  constructor(host: TokenHost) {
    super(host, {
      prefix: 'token',
      connectAction: 'connect',
      disconnectAction: 'disconnect',
      transportNameIds: true,
    });
  }

  keyType(fallback: CardKeyType): CardKeyType {
    return this.algorithm ?? fallback;
  }

  /** After a failure: forget a connection whose device went away; point at the PIN that was wrong. */
  noteFailure(error: unknown, input?: Secret): void {
    if (!isShirushiError(error)) return;
    const tries = this.failureTries(error);
    if (tries === undefined) return;
    if (tries !== null) {
      if (input) {
        this.setTries(
          input === 'token-admin-pin' ? 'pw3' : this.application === 'piv' ? 'piv' : 'pw1',
          tries,
        );
      }
      this.invalidInput = input;
    }
    this.host.requestUpdate();
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
    let current: Secret = 'token-pin';
    try {
      await step('verify');
      if (this.application === 'piv') {
        const managementKey = managementText === undefined ? defaultManagementKey() : fromHex(managementText);
        const digits = MANAGEMENT_DIGITS[this.managementAlgorithm];
        if (managementKey === undefined || managementKey.length * 2 !== digits) {
          current = 'token-management-key';
          throw managementKeyFailed(this.managementAlgorithm);
        }
        const card = await openPiv(transport);
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
      const card = await openOpenPgp(transport, () => {
        current = 'token-admin-pin';
      });
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

  private renderConnected(
    t: TokenTranslate,
    busy: boolean,
    disconnect: () => void,
    fallback: CardKeyType,
  ): TemplateResult {
    const type = this.keyType(fallback);
    const piv = this.application === 'piv';
    return html`
      ${this.renderConnection(t, busy, disconnect)}
      ${piv ? this.renderSlot(t, busy, t('slot-hint')) : html`<p class="hint">${t('openpgp-hint')}</p>`}
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
      ${this.renderSecret(
        'token-pin',
        html`${piv ? t('pin') : t('pin-openpgp')} ${this.renderTries(t, piv ? 'piv' : 'pw1')}`,
        t(piv ? 'pin-piv-hint' : 'pin-openpgp-hint'),
        busy,
        6,
      )}
      ${
        piv
          ? nothing
          : this.renderSecret(
              'token-admin-pin',
              html`${t('admin-pin')} ${this.renderTries(t, 'pw3')}`,
              t('admin-pin-hint'),
              busy,
              8,
            )
      }
      ${piv ? this.renderManagement(t, busy, t('management-key')) : nothing}
    `;
  }
}
