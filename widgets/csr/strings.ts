/**
 * Label lookup for the CSR studio widgets (`<shirushi-csr>`, `<shirushi-keys>`). The text lives in the
 * shared table (src/i18n/csr-strings.ts, merged into src/i18n/strings.ts) so labels and the core's lint
 * messages are translated together.
 */
import { formatMessage, type Locale, type MessageKey, type MessageParams } from '../../src/i18n/strings.js';

/** Keys of the shared table that are widget labels. */
export type LabelKey = Extract<MessageKey, `ui/${string}`>;

export type Translate = (key: LabelKey, params?: MessageParams) => string;

/** Binds a locale once so templates can write `t('ui/csr/title')`. */
export function translator(locale: Locale): Translate {
  return (key, params) => formatMessage(key, locale, params);
}
