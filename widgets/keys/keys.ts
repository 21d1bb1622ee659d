import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { ShirushiError, asShirushiError } from '../../src/errors/shirushi-error.js';
import { LOCALES } from '../../src/i18n/strings.js';
import { deleteKey, listKeys, type StoredKey } from '../../src/keys/store.js';
import { styles } from '../shared/form-styles.js';
import { translator, type Translate } from './strings.js';
import { LocalizedElement } from '../shared/localized-element.js';

export interface KeyDeletedEventDetail {
  keyId: string;
  label: string;
}

/** `2026-11-21 14:03` in the viewer's local time. */
function formatDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Lists the private keys kept in this browser's IndexedDB by `<shirushi-csr>`, each with its CSR, and
 * deletes one after the applicant types a confirmation. Refreshes itself when `shirushi-csr-created`
 * reaches the document.
 *
 * @summary The applicant's stored keys and their CSRs, with copy and a typed-confirmation delete.
 *
 * @event {CustomEvent<KeyDeletedEventDetail>} shirushi-key-deleted - A key was deleted from the store. `detail: { keyId, label }`.
 *
 * @csspart list - The list of keys.
 * @csspart key - One key's entry.
 * @csspart confirm - The typed-confirmation form shown before a delete.
 * @csspart status - The polite live region.
 * @csspart error - The `role="alert"` region for a store failure.
 *
 * @cssprop [--shirushi-font-family=system-ui, 'Hiragino Sans', 'Noto Sans JP', Meiryo, sans-serif] - Text font.
 * @cssprop [--shirushi-font-family-mono=ui-monospace, monospace] - Font for PEM and ids.
 * @cssprop [--shirushi-color-text=#1b1b1f] - Text colour.
 * @cssprop [--shirushi-color-muted=#4a4a55] - Secondary text colour.
 * @cssprop [--shirushi-color-background=#ffffff] - Background colour.
 * @cssprop [--shirushi-color-border=#8a8f98] - Border colour.
 * @cssprop [--shirushi-color-accent=#0b57d0] - Buttons.
 * @cssprop [--shirushi-color-error=#a3000f] - Delete button and errors.
 * @cssprop [--shirushi-focus-ring=#0b57d0] - Focus outline colour.
 * @cssprop [--shirushi-radius=6px] - Corner radius.
 */
@customElement('shirushi-keys')
export class ShirushiKeys extends LocalizedElement {
  static override styles = styles;

  /** The keys shown, newest first. */
  get keys(): readonly StoredKey[] {
    return this.stored;
  }

  @state() private stored: StoredKey[] = [];
  @state() private loading = false;
  @state() private failure?: ShirushiError;
  @state() private confirming?: string;
  @state() private typed = '';
  @state() private notice = '';

  private loaded?: Promise<void>;
  private readonly onCreated = (): void => {
    void this.refresh();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('shirushi-csr-created', this.onCreated);
    void this.refresh();
  }

  override disconnectedCallback(): void {
    document.removeEventListener('shirushi-csr-created', this.onCreated);
    super.disconnectedCallback();
  }

  /** Reads the store again. Resolves when the list is shown. */
  refresh(): Promise<void> {
    this.loading = true;
    const loading = listKeys()
      .then((keys) => {
        this.stored = keys;
        this.failure = undefined;
      })
      .catch((error: unknown) => {
        this.failure = asError(error);
      })
      .finally(() => {
        if (this.loaded === loading) this.loading = false;
      })
      .then(() => this.updateComplete)
      .then(() => undefined);
    this.loaded = loading;
    return loading;
  }

  private startDelete(key: StoredKey): void {
    this.confirming = key.id;
    this.typed = '';
    void this.updateComplete.then(() => {
      this.shadowRoot?.querySelector<HTMLInputElement>('#confirm-input')?.focus();
    });
  }

  private cancelDelete(): void {
    const id = this.confirming;
    this.confirming = undefined;
    this.typed = '';
    void this.updateComplete.then(() => {
      this.shadowRoot
        ?.querySelector<HTMLButtonElement>(`[data-key-id="${id}"] [data-action="delete"]`)
        ?.focus();
    });
  }

  private confirmed(key: StoredKey): boolean {
    const typed = this.typed.trim();
    if (typed === '') return false;
    const words = LOCALES.map((locale) => translator(locale)('ui/keys/delete-word').toLowerCase());
    return typed === key.label || words.includes(typed.toLowerCase());
  }

  private async confirmDelete(event: Event, key: StoredKey): Promise<void> {
    event.preventDefault();
    if (!this.confirmed(key)) return;
    try {
      await deleteKey(key.id);
    } catch (error) {
      this.failure = asError(error);
      return;
    }
    this.confirming = undefined;
    this.typed = '';
    this.notice = translator(this.lang)('ui/keys/deleted', { label: key.label });
    await this.refresh();
    this.dispatchEvent(
      new CustomEvent<KeyDeletedEventDetail>('shirushi-key-deleted', {
        detail: { keyId: key.id, label: key.label },
        bubbles: true,
        composed: true,
      }),
    );
    this.shadowRoot?.querySelector<HTMLElement>('#keys-heading')?.focus();
  }

  private async copy(key: StoredKey): Promise<void> {
    const t = translator(this.lang);
    if (!key.csrPem) return;
    try {
      await navigator.clipboard.writeText(key.csrPem);
      this.notice = t('ui/keys/copied');
    } catch {
      this.notice = t('ui/keys/copy-failed');
    }
  }

  override render(): TemplateResult {
    const locale = this.lang;
    const t = translator(locale);
    return html`
      <div class="keys-widget" lang=${locale}>
        <div class="toolbar">
          <h2 class="title" id="keys-heading" tabindex="-1">${t('ui/keys/title')}</h2>
          <button type="button" data-action="refresh" @click=${() => void this.refresh()}>
            ${t('ui/keys/refresh')}
          </button>
        </div>
        <p class="status" part="status" role="status" aria-live="polite">
          ${this.loading ? t('ui/keys/loading') : this.notice}
        </p>
        <div class="error ${this.failure ? 'shown' : ''}" part="error" role="alert">
          ${
            this.failure
              ? html`<strong>${t('ui/keys/failed')}</strong>
                  <p>${this.failure.localized(locale)}</p>`
              : nothing
          }
        </div>
        ${
          this.stored.length === 0 && !this.loading
            ? html`<p class="empty">${t('ui/keys/empty')}</p>`
            : html`<ul class="keys" part="list" aria-labelledby="keys-heading">
                ${this.stored.map((key) => this.renderKey(key, t))}
              </ul>`
        }
      </div>
    `;
  }

  private renderKey(key: StoredKey, t: Translate): TemplateResult {
    const headingId = `key-${key.id}`;
    return html`
      <li class="key" part="key" data-key-id=${key.id} aria-labelledby=${headingId}>
        <h3 id=${headingId}><bdi>${key.label}</bdi></h3>
        <dl class="fields">
          <div>
            <dt>${t('ui/keys/created')}</dt>
            <dd><time datetime=${key.createdAt.toISOString()}>${formatDate(key.createdAt)}</time></dd>
          </div>
          <div>
            <dt>${t('ui/keys/algorithm')}</dt>
            <dd>${key.algorithm.summary}</dd>
          </div>
          <div>
            <dt>${t('ui/keys/id')}</dt>
            <dd class="mono">${key.id}</dd>
          </div>
          <div>
            <dt>${t('ui/keys/csr')}</dt>
            <dd>
              ${
                key.csrPem
                  ? html`<details>
                      <summary>${t('ui/keys/show-csr')}</summary>
                      <textarea
                        class="pem"
                        readonly
                        spellcheck="false"
                        aria-label=${`${t('ui/keys/csr')}: ${key.label}`}
                        .value=${key.csrPem}
                      ></textarea>
                    </details>`
                  : t('ui/keys/no-csr')
              }
            </dd>
          </div>
        </dl>
        <div class="actions">
          ${
            key.csrPem
              ? html`<button type="button" data-action="copy" @click=${() => void this.copy(key)}>
                  ${t('ui/keys/copy-csr')}
                </button>`
              : nothing
          }
          <button
            type="button"
            class="danger"
            data-action="delete"
            aria-expanded=${this.confirming === key.id ? 'true' : 'false'}
            @click=${() => this.startDelete(key)}
          >
            ${t('ui/keys/delete')}
          </button>
        </div>
        ${this.confirming === key.id ? this.renderConfirm(key, t) : nothing}
      </li>
    `;
  }

  private renderConfirm(key: StoredKey, t: Translate): TemplateResult {
    const word = t('ui/keys/delete-word');
    return html`
      <form part="confirm" class="confirm" @submit=${(event: Event) => void this.confirmDelete(event, key)}>
        <p class="warning" id="confirm-warning">${t('ui/keys/confirm-warning')}</p>
        <div class="field">
          <label for="confirm-input">${t('ui/keys/confirm-label', { word })}</label>
          <input
            type="text"
            id="confirm-input"
            autocomplete="off"
            spellcheck="false"
            aria-describedby="confirm-warning"
            .value=${live(this.typed)}
            @input=${(event: Event) => {
              this.typed = (event.target as HTMLInputElement).value;
            }}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'Escape') this.cancelDelete();
            }}
          />
        </div>
        <div class="actions">
          <button
            type="submit"
            class="danger"
            data-action="confirm"
            aria-disabled=${this.confirmed(key) ? 'false' : 'true'}
            aria-describedby=${this.confirmed(key) ? nothing : 'confirm-blocked'}
          >
            ${t('ui/keys/confirm')}
          </button>
          <button type="button" data-action="cancel" @click=${this.cancelDelete}>
            ${t('ui/keys/cancel')}
          </button>
          ${
            this.confirmed(key)
              ? nothing
              : html`<p class="hint" id="confirm-blocked">${t('ui/keys/confirm-blocked', { word })}</p>`
          }
        </div>
      </form>
    `;
  }
}

function asError(thrown: unknown): ShirushiError {
  return asShirushiError(thrown, 'internal/unexpected');
}

declare global {
  interface HTMLElementTagNameMap {
    'shirushi-keys': ShirushiKeys;
  }
}
