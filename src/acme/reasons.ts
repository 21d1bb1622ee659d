/**
 * RFC 5280 5.3.1 CRLReason codes, and the ones a subscriber may choose when revoking through ACME: the
 * CA/Browser Forum Baseline Requirements 4.9.1.1 and the SECOM ACME rider leave the others to the CA.
 */
import { strings, type LocalizedText, type MessageKey } from '../i18n/strings.js';

export type RevocationReasonCode = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 8 | 9 | 10;
export type SubscriberReasonCode = 0 | 1 | 3 | 4 | 5;

export interface RevocationReasonInfo {
  code: RevocationReasonCode;
  /** The ASN.1 name, e.g. `keyCompromise`. */
  name: string;
  subscriberMayChoose: boolean;
  label: LocalizedText;
  /** When to choose it, in plain words. */
  explanation: LocalizedText;
  /** Which case of the CA's terms maps to this reason. */
  termsCases: LocalizedText;
}

const NAMES: Record<RevocationReasonCode, string> = {
  0: 'unspecified',
  1: 'keyCompromise',
  2: 'cACompromise',
  3: 'affiliationChanged',
  4: 'superseded',
  5: 'cessationOfOperation',
  6: 'certificateHold',
  8: 'removeFromCRL',
  9: 'privilegeWithdrawn',
  10: 'aACompromise',
};

export const SUBSCRIBER_REVOCATION_REASONS: readonly SubscriberReasonCode[] = Object.freeze([0, 1, 3, 4, 5]);

function text(code: RevocationReasonCode, part: 'label' | 'explanation' | 'terms'): LocalizedText {
  const entry = strings[`acme/reason/${code}/${part}` as MessageKey];
  return { ja: entry.ja, en: entry.en };
}

export const REVOCATION_REASONS: readonly RevocationReasonInfo[] = Object.freeze(
  ([0, 1, 2, 3, 4, 5, 6, 8, 9, 10] as const).map((code) =>
    Object.freeze({
      code,
      name: NAMES[code],
      subscriberMayChoose: (SUBSCRIBER_REVOCATION_REASONS as readonly number[]).includes(code),
      label: text(code, 'label'),
      explanation: text(code, 'explanation'),
      termsCases: text(code, 'terms'),
    }),
  ),
);

export function isSubscriberReason(code: unknown): code is SubscriberReasonCode {
  return (SUBSCRIBER_REVOCATION_REASONS as readonly unknown[]).includes(code);
}

export function revocationReason(code: number): RevocationReasonInfo | undefined {
  return REVOCATION_REASONS.find((reason) => reason.code === code);
}
