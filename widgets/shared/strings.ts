/**
 * Label lookup shared by every shirushi element. The text lives in the one table in src/i18n/strings.ts, so
 * the core's messages and the widget labels are translated together.
 */
import { formatMessage, type Locale, type MessageKey, type MessageParams } from '../../src/i18n/strings.js';

/** Keys of the shared table that are widget labels rather than error messages. */
export type LabelKey = Extract<MessageKey, `ui/${string}`>;

export type Translate = (key: LabelKey, params?: MessageParams) => string;

/** Binds a locale once so templates can write `t('ui/field/version')`. */
export function translator(locale: Locale): Translate {
  return (key, params) => formatMessage(key, locale, params);
}
