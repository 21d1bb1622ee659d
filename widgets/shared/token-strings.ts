/**
 * Labels shared by the hardware-token sections of `<shirushi-csr>` and `<shirushi-vault>` (issue 7), in
 * Japanese and English: the device list, connection, card application, slot, PIN and management-key
 * fields. Each widget adds its own labels with `labelTranslator`. `{name}` placeholders are filled by the
 * translator.
 */
import type { Locale } from '../../src/i18n/strings.js';

type Labels = Record<string, { ja: string; en: string }>;

export const tokenLabels = {
  device: { ja: 'デバイス', en: 'Device' },
  'transport/ccid-webusb': {
    ja: 'IC カードリーダー（WebUSB の CCID）',
    en: 'Smart-card reader (CCID over WebUSB)',
  },
  'transport/canokey-webusb': { ja: 'CanoKey（WebUSB）', en: 'CanoKey (WebUSB)' },
  'transport/ledger-webhid': { ja: 'Ledger（WebHID）', en: 'Ledger (WebHID)' },
  'transport/smart-card-api': {
    ja: 'OS のスマートカードサービス（Web Smart Card API）',
    en: "The system's smart-card service (Web Smart Card API)",
  },
  connect: { ja: '接続', en: 'Connect' },
  'connect-named': { ja: '{name} に接続', en: 'Connect to {name}' },
  unavailable: { ja: '使えません', en: 'Not available' },
  'none-available': {
    ja: 'このブラウザー（またはこのページ）からはハードウェアトークンに接続できません。理由は次のとおりです。',
    en: 'This browser (or this page) cannot connect to a hardware token, for these reasons:',
  },
  'what-works': {
    ja: '使える組み合わせ: usb-unrestricted 権限を持つ Chromium の Isolated Web App（IC カードリーダーと Web Smart Card API）、または Chrome・Edge の通常のページから WebUSB の CanoKey か WebHID の Ledger。Firefox と Safari はトークンに接続できません。YubiKey、Feitian、Nitrokey、Titan は通常のページからはブラウザーが使わせません。',
    en: 'What works: a Chromium Isolated Web App with the usb-unrestricted permission (smart-card readers and the Web Smart Card API), or, from an ordinary Chrome or Edge page, a CanoKey over WebUSB or a Ledger over WebHID. Firefox and Safari cannot reach tokens. Browsers block YubiKey, Feitian, Nitrokey and Titan keys for ordinary pages.',
  },
  connected: { ja: '接続中: {label}', en: 'Connected: {label}' },
  disconnect: { ja: '切断', en: 'Disconnect' },
  application: { ja: 'カードのアプリケーション', en: 'Card application' },
  'application/piv': { ja: 'PIV', en: 'PIV' },
  'application/openpgp': { ja: 'OpenPGP（署名鍵）', en: 'OpenPGP (signature key)' },
  slot: { ja: 'PIV スロット', en: 'PIV slot' },
  'slot/9A': { ja: '9A — PIV 認証', en: '9A — PIV Authentication' },
  'slot/9C': { ja: '9C — デジタル署名', en: '9C — Digital Signature' },
  'slot/9D': { ja: '9D — 鍵管理', en: '9D — Key Management' },
  'slot/9E': { ja: '9E — カード認証', en: '9E — Card Authentication' },
  pin: { ja: 'PIN', en: 'PIN' },
  'pin-openpgp': { ja: 'PIN（PW1）', en: 'PIN (PW1)' },
  'admin-pin': { ja: '管理者 PIN（PW3）', en: 'Admin PIN (PW3)' },
  'tries-left': { ja: '（残り {tries} 回）', en: '({tries} tries left)' },
  'pin-blocked-now': { ja: '（ロックされています）', en: '(blocked)' },
  'management-default': {
    ja: '出荷時の既定の管理鍵（3DES 010203…08）',
    en: 'Factory default key (3DES 010203…08)',
  },
  'management-custom': { ja: '自分の管理鍵を入力', en: 'Enter my own key' },
  'management-key-hex': { ja: '管理鍵（16 進数）', en: 'Management key (hex)' },
  'management-key-hex-hint': {
    ja: '3DES と AES-192 は 48 桁、AES-128 は 32 桁、AES-256 は 64 桁です。保存されません。',
    en: '48 hex digits for 3DES and AES-192, 32 for AES-128, 64 for AES-256. It is never stored.',
  },
  'management-algorithm': { ja: '管理鍵のアルゴリズム', en: 'Management key algorithm' },
  'management-bad-hex': {
    ja: '管理鍵は {digits} 桁の 16 進数で入力してください。',
    en: 'Enter the management key as {digits} hex digits.',
  },
} satisfies Labels;

export type TokenLabel = keyof typeof tokenLabels;
export type TokenTranslate = (key: TokenLabel, params?: Record<string, string | number>) => string;

/** Binds a locale to a label table: `t('title')`, `t('expires', { date })`. Unknown placeholders stay visible. */
export function labelTranslator<T extends Labels>(
  labels: T,
  locale: Locale,
): (key: keyof T, params?: Record<string, string | number>) => string {
  return (key, params = {}) =>
    (labels[key] as { ja: string; en: string })[locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}

/** The shared token labels alone, for a widget that adds its own elsewhere. */
export function tokenTranslator(locale: Locale): TokenTranslate {
  return labelTranslator(tokenLabels, locale);
}
