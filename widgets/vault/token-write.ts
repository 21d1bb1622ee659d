import { html, nothing, type TemplateResult } from 'lit';
import { ShirushiError, isShirushiError } from '../../src/errors/shirushi-error.js';
import type { TransportKind } from '../../src/token/apdu.js';
import type { ManagementKeyAlgorithm, PivSlot } from '../../src/token/piv.js';
import { writeCertificateToToken, type WrittenCertificate } from '../../src/token/write-back.js';
import {
  managementKeyFailed,
  openOpenPgp,
  openPiv,
  parseManagementKey,
  TokenConnectionController,
  type SecretInput,
  type TokenApplication,
  type TokenConnectionHost,
  type TransportProvider,
} from '../shared/token-connection.js';
import { tokenTranslator, type TokenTranslate } from '../shared/token-strings.js';
import type { VaultTranslate } from './strings.js';

/** Opens the browser's device picker for a transport (`requestTransport` by default). */
export type VaultTransportProvider = TransportProvider;

export type { TokenApplication } from '../shared/token-connection.js';

/** What the write-to-token section needs from the vault element. */
export type TokenWriteHost = TokenConnectionHost;

/** Where a certificate was written, as the history event and the result say. */
export interface TokenWriteResult {
  certificateId: string;
  application: TokenApplication;
  slot?: PivSlot;
  device: string;
  unchanged: boolean;
}

type Secret = SecretInput<'write'>;

/**
 * "Write to token" in the vault's detail view: connect a token (the transports this browser offers, and
 * why the others are missing), choose the PIV slot or the OpenPGP card, enter the PIN (and admin PIN or
 * management key) and write the issued certificate next to its key with `writeCertificateToToken`, which
 * makes the card prove it holds the certificate's key first. PINs are read from their inputs at the moment
 * of use, the inputs are emptied at once, and a wrong PIN is never sent again.
 */
export class TokenWriteController extends TokenConnectionController<'write'> {
  /** Whether the section is open. */
  expanded = false;
  result?: TokenWriteResult;

  constructor(host: TokenWriteHost) {
    super(host, {
      prefix: 'write',
      connectAction: 'write-connect',
      disconnectAction: 'write-disconnect',
      transportNameIds: false,
    });
  }

  /** Another certificate was chosen: forget the previous answer and any typed secret. */
  reset(): void {
    this.expanded = false;
    this.result = undefined;
    this.invalidInput = undefined;
    this.clearSecrets();
    this.host.requestUpdate();
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
    let current: Secret = 'write-pin';
    try {
      let written: WrittenCertificate;
      if (this.application === 'piv') {
        let managementKey: { key: Uint8Array; algorithm: ManagementKeyAlgorithm } | undefined;
        if (managementText !== undefined) {
          const key = parseManagementKey(managementText, this.managementAlgorithm);
          if (key === undefined) {
            current = 'write-management-key';
            throw managementKeyFailed(this.managementAlgorithm);
          }
          managementKey = { key, algorithm: this.managementAlgorithm };
        }
        const card = await openPiv(transport);
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
        const card = await openOpenPgp(transport, () => {
          current = 'write-admin-pin';
        });
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

  private noteFailure(error: unknown, input: Secret): void {
    if (!isShirushiError(error)) return;
    const tries = this.failureTries(error);
    if (tries === undefined) return;
    if (tries !== null) {
      const admin = /PW3|admin/i.test(String(error.params['pin'] ?? ''));
      const which = admin ? 'pw3' : this.application === 'piv' ? 'piv' : 'pw1';
      const target: Secret = admin ? 'write-admin-pin' : input === 'write-admin-pin' ? input : 'write-pin';
      this.setTries(which, tries);
      this.invalidInput = target;
    } else if (error.code === 'token/management-key-failed') {
      this.invalidInput = 'write-management-key';
    }
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

  private renderConnected(t: TokenTranslate, vt: VaultTranslate, busy: boolean): TemplateResult {
    const piv = this.application === 'piv';
    return html`
      ${this.renderConnection(t, busy, () => void this.close())}
      ${piv ? this.renderSlot(t, busy, vt('token-slot-hint')) : nothing}
      ${this.renderSecret(
        'write-pin',
        html`${piv ? t('pin') : t('pin-openpgp')} ${this.renderTries(t, piv ? 'piv' : 'pw1')}`,
        vt('token-pin-hint'),
        busy,
      )}
      ${
        piv
          ? this.renderManagement(t, busy, vt('token-management-key'))
          : this.renderSecret(
              'write-admin-pin',
              html`${t('admin-pin')} ${this.renderTries(t, 'pw3')}`,
              vt('token-admin-pin-hint'),
              busy,
            )
      }
    `;
  }
}
