/**
 * The page's one language switch, loaded first by every demo page (before the elements' scripts, so
 * `<html lang>` is settled before they render): applies the remembered or preferred language, keeps the
 * title in that language, and puts a select in the site header. The page text shows one language at a time
 * through demo.css, keyed on `<html lang>`; every element without its own `lang` follows the same attribute.
 */
import { LOCALES, type Locale } from '../src/i18n/strings.js';
import {
  currentPageLocale,
  onPageLanguageChange,
  pageLocale,
  setPageLanguage,
} from '../widgets/shared/page-language.js';
import { translator } from '../widgets/shared/strings.js';

function applyTitle(locale: Locale): void {
  const title = document.querySelector('title');
  const text = title?.dataset[locale];
  if (text) document.title = text;
}

/** The select, labelled in both languages so someone who cannot read the current one can still find it. */
function buildSwitch(): HTMLSelectElement {
  const wrapper = document.createElement('div');
  wrapper.className = 'page-language';
  const label = document.createElement('label');
  label.htmlFor = 'page-language';
  for (const [index, locale] of LOCALES.entries()) {
    if (index > 0) label.append(' / ');
    const part = document.createElement('span');
    part.lang = locale;
    part.textContent = translator(locale)('ui/language');
    label.append(part);
  }
  const select = document.createElement('select');
  select.id = 'page-language';
  for (const locale of LOCALES) {
    const option = document.createElement('option');
    option.value = locale;
    option.lang = locale;
    option.textContent = translator(locale)(`ui/language/${locale}`);
    select.append(option);
  }
  select.addEventListener('change', () => setPageLanguage(select.value === 'en' ? 'en' : 'ja'));
  wrapper.append(label, select);
  (document.querySelector('header.site .inner') ?? document.body).append(wrapper);
  return select;
}

document.documentElement.lang = pageLocale();
const select = buildSwitch();
const follow = (): void => {
  const locale = currentPageLocale();
  select.value = locale;
  applyTitle(locale);
};
follow();
onPageLanguageChange(follow);
