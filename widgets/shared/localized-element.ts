import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { pickLocale, type Locale } from '../../src/i18n/strings.js';

const localeConverter = {
  fromAttribute: (value: string | null): Locale | undefined =>
    value === null ? undefined : pickLocale(value),
  toAttribute: (value: Locale): string => value,
};

/**
 * The base of every shirushi element that shows text: the `lang` they all take, so Japanese and English
 * follow one rule everywhere.
 */
export class LocalizedElement extends LitElement {
  /**
   * Display language, `ja` or `en` (any `ja-*` tag counts as Japanese).
   * Defaults to the language of the page's `<html lang>`.
   * @type {'ja' | 'en'}
   */
  @property({ converter: localeConverter })
  override get lang(): Locale {
    return this.chosenLang ?? pickLocale(document.documentElement.lang);
  }
  override set lang(value: string | null | undefined) {
    const old = this.lang;
    this.chosenLang = value ? pickLocale(value) : undefined;
    this.requestUpdate('lang', old);
  }

  private chosenLang?: Locale;
}
