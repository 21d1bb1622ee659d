/**
 * Words of the seal element. Kept tiny on purpose: they ship inside seal.js, whose budget is 4 KB gzipped,
 * so the console messages reuse the visible labels. Visible text follows the page's language; messages to
 * the site owner carry both languages.
 */
import type { SealBrand } from '../../src/seal/record.js';
import type { SealElementReason } from '../../src/seal/state.js';

/** Index into the [ja, en] pairs below. */
export type SealLanguage = 0 | 1;

export const JA: SealLanguage = 0;
export const EN: SealLanguage = 1;

export const LABELS = {
  seal: ['サイトシール', 'site seal'],
  verified: ['確認', 'verified'],
  expires: ['有効期限', 'expires'],
  invalid: ['確認できません', 'cannot be verified'],
  unconfirmed: ['状態未確認', 'unconfirmed'],
  newTab: ['検証ページを新しいタブで開きます', 'opens the verification page in a new tab'],
} satisfies Record<string, [string, string]>;

/** Second line of the text states, and the "why" of the console messages. */
export const REASONS: Record<SealElementReason, [string, string]> = {
  expired: ['期限切れ', 'expired'],
  revoked: ['失効', 'revoked'],
  'not-yet-valid': ['有効期間前', 'not yet valid'],
  'wrong-host': ['別のサイト', 'wrong site'],
  'unknown-seal': ['不明なシール', 'unknown seal'],
  'status-unknown': ['失効状態不明', 'revocation unknown'],
  'status-stale': ['情報が古い', 'status out of date'],
  network: ['通信エラー', 'network error'],
};

export const BRAND_NAMES: Record<SealBrand, string> = { secom: 'SECOM', jprs: 'JPRS', generic: 'shirushi' };

/** Article numbers of the services' terms (see the project's domain notes) that say the seal must go. */
const REMOVAL = { SECOM: ['11-7', '19'], JPRS: ['12-3'] };

/**
 * Per reason, the rules quoted when telling the owner to take the seal down: on expiry or revocation
 * (SECOM art. 11-7 and 19, JPRS art. 12-3); shown on a site the certificate does not name, the seal may
 * only be shown on the certificate's own site and never copied (SECOM art. 4 and 18, JPRS art. 15). A seal
 * shown before its certificate is valid must come down too, under no article of its own.
 */
const RULES: Partial<Record<SealElementReason, Record<string, string[]>>> = {
  expired: REMOVAL,
  revoked: REMOVAL,
  'wrong-host': { SECOM: ['4', '18'], JPRS: ['15'] },
  'not-yet-valid': {},
};

/** `SECOM 規約 第11条7項・第19条` / `SECOM terms art. 11-7, 19`. */
function quoteRule(name: string, articles: string[], language: SealLanguage): string {
  return language
    ? `${name} terms art. ${articles.join(', ')}`
    : `${name} 規約 ${articles.map((article) => `第${article.replace('-', '条')}${article.includes('-') ? '項' : '条'}`).join('・')}`;
}

const ACTIONS = {
  remove: ['直ちに取り外してください', 'Remove it now'],
  renew: ['期限までに更新してください', 'Renew it before then'],
};

export interface OwnerMessageContext {
  state: 'expiring' | 'invalid' | 'unconfirmed';
  reason?: SealElementReason | undefined;
  brand?: SealBrand | undefined;
  /** The host for wrong-host, notBefore for not-yet-valid, notAfter for expiring and expired, or empty. */
  detail: string;
  daysLeft: number;
}

/**
 * The console message to the site owner, Japanese then English: what is wrong, what to do, and the CA's
 * rule that says so (the brand's own, or both CAs' for the generic brand).
 */
export function ownerMessage({ state, reason, brand, detail, daysLeft }: OwnerMessageContext): string {
  const rules = reason && RULES[reason];
  const quoted = Object.entries(rules ?? {}).filter(
    ([name]) => brand === 'generic' || name === BRAND_NAMES[brand!],
  );
  const line = (language: SealLanguage): string => {
    const [open, close, stop] = language ? [' (', ')', '. '] : ['（', '）', '。'];
    const what =
      state === 'expiring'
        ? `${LABELS.expires[language]} ${detail}${open}${language ? `${daysLeft} days left` : `あと ${daysLeft} 日`}${close}${stop}${ACTIONS.renew[language]}`
        : `${LABELS[state][language]}${open}${[REASONS[reason!][language], detail].join(' ').trim()}${close}`;
    const citation = quoted.length
      ? `${open}${quoted.map(([name, articles]) => quoteRule(name, articles, language)).join(', ')}${close}`
      : '';
    return `${what}${rules ? `${stop}${ACTIONS.remove[language]}${citation}` : ''}`;
  };
  return `${line(JA)}\n${line(EN)}`;
}
