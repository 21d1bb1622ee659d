/**
 * The CSR form's own words for its fields, so a finding or a blocked Generate button names "都道府県" or
 * "Organisation", never the X.500 abbreviation ("ST", "O") or a lint code.
 */
import type { LintFinding } from '../../src/csr/index.js';
import { formatMessage, type Locale, type MessageKey } from '../../src/i18n/strings.js';
import type { LabelKey, Translate } from './strings.js';

/** Form controls that findings attach to, in the order the form shows them. */
export const CONTROLS = [
  'names',
  'organization',
  'locality',
  'state',
  'country',
  'passphrase',
  'general',
] as const;
export type Control = (typeof CONTROLS)[number];

const CONTROL_NAMES: Record<Exclude<Control, 'general'>, LabelKey> = {
  names: 'ui/csr/name/names',
  organization: 'ui/csr/name/organization',
  locality: 'ui/csr/name/locality',
  state: 'ui/csr/name/state',
  country: 'ui/csr/name/country',
  passphrase: 'ui/csr/name/passphrase',
};

/** Subject attributes as lint names them, and the field that fills each. */
const ATTRIBUTE_NAMES: Record<string, LabelKey> = {
  O: 'ui/csr/name/organization',
  L: 'ui/csr/name/locality',
  ST: 'ui/csr/name/state',
  C: 'ui/csr/name/country',
  CN: 'ui/csr/name/common-name',
};

/** The control's name as the form labels it, without the abbreviation in brackets. */
export function controlName(control: Control, t: Translate): string | undefined {
  return control === 'general' ? undefined : t(CONTROL_NAMES[control]);
}

/**
 * A finding's message with its `{attribute}` written as the form's field name ("O / L" becomes
 * "組織名 / 市区町村"); attributes the form has no field for keep their abbreviation.
 */
export function findingText(item: LintFinding, locale: Locale, t: Translate): string {
  const attribute = item.params?.['attribute'];
  if (typeof attribute !== 'string') return item.message[locale];
  const named = attribute
    .split(' / ')
    .map((part) => {
      const key = ATTRIBUTE_NAMES[part];
      return key ? t(key) : part;
    })
    .join(' / ');
  const text = formatMessage(item.code as MessageKey, locale, { ...item.params, attribute: named });
  // The Japanese templates leave a space after a Latin abbreviation ("O の"); a Japanese name needs none.
  return locale === 'ja' && named !== attribute ? text.split(`${named} `).join(named) : text;
}

/** Why Generate is refused: the blocking fields by name, in form order, or the generic hint. */
export function blockedReason(controls: ReadonlySet<Control>, t: Translate): string {
  const names = CONTROLS.filter((control) => controls.has(control))
    .map((control) => controlName(control, t))
    .filter((name): name is string => name !== undefined);
  if (names.length === 0) return t('ui/csr/generate-blocked');
  return t('ui/csr/generate-blocked-fields', { fields: names.join(t('ui/csr/list-separator')) });
}
