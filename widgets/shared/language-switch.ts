import { html, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';
import { LOCALES } from '../../src/i18n/strings.js';
import { translator } from './strings.js';

/**
 * The language picker every element shows. Its label names itself in both languages so someone who cannot
 * read the current one can still find it; each option is its language's own name. The choice is set as a
 * live property: once someone has picked an option, the `selected` attribute no longer moves a select
 * (Firefox), and the select must still show the language the page switched to from elsewhere.
 */
export function languageSwitch(current: string, onChange: (event: Event) => void): TemplateResult {
  return html`
    <div class="language">
      <label for="language">
        <span lang="ja">${translator('ja')('ui/language')}</span> /
        <span lang="en">${translator('en')('ui/language')}</span>
      </label>
      <select id="language" @change=${onChange}>
        ${LOCALES.map(
          (locale) =>
            html`<option value=${locale} lang=${locale} .selected=${live(locale === current)}>
              ${translator(locale)(`ui/language/${locale}`)}
            </option>`,
        )}
      </select>
    </div>
  `;
}
