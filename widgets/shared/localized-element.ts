import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { pickLocale, type Locale } from '../../src/i18n/strings.js';
import { chooseLanguage, currentPageLocale, onPageLanguageChange } from './page-language.js';

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
   * Without it the element follows the page's `<html lang>` and re-renders when that changes, and its
   * language select switches the whole page (and is remembered). Given one by the embedding page (attribute
   * or property), the element keeps that language whatever the page does, and its select changes only this
   * element.
   * @type {'ja' | 'en'}
   */
  @property({ converter: localeConverter })
  override get lang(): Locale {
    return this.chosenLang ?? currentPageLocale();
  }
  override set lang(value: string | null | undefined) {
    const old = this.lang;
    this.chosenLang = value ? pickLocale(value) : undefined;
    this.requestUpdate('lang', old);
  }

  private chosenLang?: Locale;
  private stopFollowing?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.stopFollowing = onPageLanguageChange(() => {
      if (!this.chosenLang) this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopFollowing?.();
    this.stopFollowing = undefined;
  }

  /** The handler of the element's language select: the page's language, or this element's if it has its own. */
  protected onLanguageChange(event: Event): void {
    chooseLanguage(this, (event.target as HTMLSelectElement).value, this.chosenLang !== undefined);
    // Re-rendered now rather than when the page's observer reports, so `updateComplete` covers the switch.
    this.requestUpdate();
  }
}
