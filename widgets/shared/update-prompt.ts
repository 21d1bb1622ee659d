import { css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { type Locale, type LocalizedText } from '../../src/i18n/strings.js';
import { baseStyles } from './base-styles.js';
import { LocalizedElement } from './localized-element.js';

/**
 * The prompt's labels, Japanese and English. They live here rather than in the shared table of
 * src/i18n/strings.ts so this element can be used without the rest of the widgets; `translate` binds a
 * locale the way `translator` in ./strings.ts does.
 */
export const updatePromptStrings = {
  'ui/update/available': {
    ja: '新しいバージョンがあります。',
    en: 'A new version is available.',
  },
  'ui/update/explain': {
    ja: '再読み込みすると更新されます。保存した鍵はそのまま残りますが、入力中の内容は消えます。',
    en: 'Reload to update. Your stored keys stay; anything you are typing now is lost.',
  },
  'ui/update/reload': { ja: '再読み込みして更新', en: 'Reload to update' },
  'ui/update/later': { ja: 'あとで', en: 'Later' },
  'ui/update/updating': { ja: '更新しています…', en: 'Updating…' },
} as const satisfies Record<string, LocalizedText>;

export type UpdatePromptKey = keyof typeof updatePromptStrings;

/** `translate('en')('ui/update/reload')`: the same shape as the shared `translator`. */
export function translate(locale: Locale): (key: UpdatePromptKey) => string {
  return (key) => updatePromptStrings[key][locale];
}

/**
 * Tells the user that a new version of the page is installed and waiting, and offers to reload into it.
 * It never takes focus: the message is a polite live region (`role="status"`), rendered empty first so
 * screen readers announce the text when `open` is set. "Reload to update" fires
 * `shirushi-update-accept` (the page then activates the waiting service worker and reloads); "Later"
 * closes the prompt and fires `shirushi-update-dismiss`.
 *
 * @summary A polite "new version available, reload to update" banner.
 *
 * @event {CustomEvent<void>} shirushi-update-accept - The user chose to reload into the new version.
 * @event {CustomEvent<void>} shirushi-update-dismiss - The user chose "Later".
 *
 * @csspart prompt - The banner (present only while open).
 * @csspart reload - The "reload to update" button.
 * @csspart later - The "later" button.
 *
 * @cssprop [--shirushi-color-surface=#f4f5f7] - Banner background.
 * @cssprop [--shirushi-color-border=#8a8f98] - Banner border.
 * @cssprop [--shirushi-color-accent=#0b57d0] - The reload button.
 * @cssprop [--shirushi-focus-ring=#0b57d0] - Focus outline colour.
 */
@customElement('shirushi-update-prompt')
export class ShirushiUpdatePrompt extends LocalizedElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        position: fixed;
        inset-inline: 1rem;
        inset-block-end: 1rem;
        z-index: 1000;
        max-inline-size: 36rem;
        margin-inline: auto;
        background: transparent;
      }

      .prompt {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        padding: 0.75rem 1rem;
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
        box-shadow: 0 2px 8px rgb(0 0 0 / 20%);
      }

      .text {
        flex: 1 1 16rem;
        margin: 0;
      }

      .buttons {
        display: flex;
        gap: 0.5rem;
      }

      button {
        font: inherit;
        padding: 0.25rem 0.75rem;
        border: 1px solid var(--_accent);
        border-radius: var(--_radius);
        color: var(--_accent);
        background: var(--_background);
        cursor: pointer;
      }

      button.primary {
        color: var(--_accent-text);
        background: var(--_accent);
      }

      button[disabled] {
        cursor: progress;
        opacity: 0.8;
      }
    `,
  ];

  /** Whether the banner is shown. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Set after "reload to update" until the page reloads. */
  @state() private updating = false;

  private accept(): void {
    this.updating = true;
    this.dispatchEvent(new CustomEvent('shirushi-update-accept', { bubbles: true, composed: true }));
  }

  private dismiss(): void {
    this.open = false;
    this.dispatchEvent(new CustomEvent('shirushi-update-dismiss', { bubbles: true, composed: true }));
  }

  override render() {
    const locale = this.lang;
    const t = translate(locale);
    // The live region is always there; only its content comes and goes.
    return html`<div role="status" aria-live="polite" lang=${locale}>
      ${
        this.open
          ? html`<div class="prompt" part="prompt">
              <p class="text">
                <strong>${t('ui/update/available')}</strong>
                ${this.updating ? t('ui/update/updating') : t('ui/update/explain')}
              </p>
              <div class="buttons">
                <button
                  type="button"
                  class="primary"
                  part="reload"
                  data-action="reload"
                  ?disabled=${this.updating}
                  @click=${this.accept}
                >
                  ${t('ui/update/reload')}
                </button>
                ${
                  this.updating
                    ? nothing
                    : html`<button type="button" part="later" data-action="later" @click=${this.dismiss}>
                        ${t('ui/update/later')}
                      </button>`
                }
              </div>
            </div>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'shirushi-update-prompt': ShirushiUpdatePrompt;
  }
}
