/**
 * Labels of the hardware-token part of `<shirushi-csr>` (issue 7), in Japanese and English. Kept next to
 * the element; the token errors themselves are the core's `token/*` messages, shown through
 * `ShirushiError.localized`, with one of the hints below. `{name}` placeholders are filled by the translator.
 */
import type { Locale } from '../../src/i18n/strings.js';
import { labelTranslator, tokenLabels } from '../shared/token-strings.js';

const labels = {
  ...tokenLabels,
  'key-location': { ja: '鍵の保管場所', en: 'Key location' },
  'location-browser': { ja: 'このブラウザー', en: 'This browser' },
  'location-browser-hint': {
    ja: '鍵をこのブラウザーの中で作り、IndexedDB に保管します。',
    en: 'The key is made in this browser and kept in its IndexedDB.',
  },
  'location-token': { ja: 'ハードウェアトークン', en: 'Hardware token' },
  'location-token-hint': {
    ja: '鍵を IC カードや USB トークンの中で作ります。秘密鍵はトークンから出ません。',
    en: 'The key is made inside a smart card or USB token; the private key never leaves it.',
  },
  connecting: { ja: '{name} に接続しています…', en: 'Connecting to {name}…' },
  'connected-notice': {
    ja: '{label} に接続しました。',
    en: 'Connected to {label}.',
  },
  disconnected: { ja: 'トークンとの接続を閉じました。', en: 'The token connection was closed.' },
  'slot-hint': {
    ja: '選んだスロットにある鍵は新しい鍵で置き換えられます。',
    en: 'Any key already in the chosen slot is replaced by the new one.',
  },
  'openpgp-hint': {
    ja: 'OpenPGP カードの署名鍵は新しい鍵で置き換えられます。',
    en: "The OpenPGP card's signature key is replaced by the new one.",
  },
  algorithm: { ja: '鍵の種類', en: 'Key type' },
  'algorithm/RSA-2048': { ja: 'RSA 2048 ビット', en: 'RSA 2048-bit' },
  'algorithm/P-256': { ja: 'ECDSA P-256', en: 'ECDSA P-256' },
  'algorithm/P-384': { ja: 'ECDSA P-384', en: 'ECDSA P-384' },
  'pin-piv-hint': {
    ja: 'PIV の PIN（6〜8 文字）。保存も記録もされず、使った直後に消去します。',
    en: 'The PIV PIN (6 to 8 characters). It is never stored or logged, and is cleared right after use.',
  },
  'pin-openpgp-hint': {
    ja: '署名に使う PIN（6 文字以上）。保存も記録もされず、使った直後に消去します。',
    en: 'The PIN for signing (6 or more characters). It is never stored or logged, and is cleared right after use.',
  },
  'admin-pin-hint': {
    ja: '鍵の生成に必要です（8 文字以上）。保存も記録もされません。',
    en: 'Needed to generate the key (8 or more characters). It is never stored or logged.',
  },
  'management-key': { ja: '管理鍵（鍵の生成に必要）', en: 'Management key (needed to generate)' },
  generate: { ja: 'トークンで鍵を生成して CSR を作成', en: 'Generate the key on the token and make the CSR' },
  'needs-connection': {
    ja: '先にトークンを接続し、PIN を入力してください。',
    en: 'Connect a token and enter the PIN first.',
  },
  generating: {
    ja: 'トークンの中で鍵を生成しています…トークンが点滅したら触れてください。',
    en: 'Generating the key on the token… Touch your token if it blinks.',
  },
  signing: {
    ja: 'トークンで CSR に署名しています…トークンが点滅したら触れてください。',
    en: 'Signing the CSR on the token… Touch your token if it blinks.',
  },
  verifying: { ja: 'PIN を確認しています…', en: 'Checking the PIN…' },
  'key-on-token': {
    ja: '秘密鍵はトークン（{label}）の中にあり、このブラウザーには保管していません。',
    en: 'The private key is on the token ({label}); nothing is kept in this browser.',
  },
  // Hints shown under a token error.
  'hint/token/wrong-pin': {
    ja: '自動で再試行はしていません。PIN を確かめてから、もう一度生成してください。',
    en: 'Nothing was retried. Check the PIN, then generate again.',
  },
  'hint/token/pin-blocked': {
    ja: 'PIV は PUK で、OpenPGP は管理者 PIN かリセットコードで解除します（yubico-piv-tool や gpg --card-edit など）。',
    en: 'Unblock a PIV PIN with the PUK, an OpenPGP PIN with the admin PIN or resetting code (for example yubico-piv-tool or gpg --card-edit).',
  },
  'hint/token/bad-pin-format': {
    ja: 'PIN は送信していません。長さを確かめてください。',
    en: 'The PIN was not sent to the token; check its length.',
  },
  'hint/token/unsupported-algorithm': {
    ja: '別の鍵の種類（RSA 2048、P-256、P-384）か別のスロットを選んでください。',
    en: 'Choose another key type (RSA 2048, P-256 or P-384) or another slot.',
  },
  'hint/token/disconnected': {
    ja: 'トークンを差し込み直し、「接続」を押してからもう一度生成してください。',
    en: 'Plug the token in again, press Connect, and generate again.',
  },
  'hint/token/management-key-failed': {
    ja: '既定の管理鍵は出荷時のままのトークンでしか使えません。変更してある場合は自分の管理鍵を入力してください。',
    en: 'The default key works only on tokens that still have it; if yours was changed, enter your own key.',
  },
  'hint/token/no-device': {
    ja: 'デバイスの選択画面が閉じられたか、対応するデバイスが差し込まれていません。',
    en: 'The device picker was closed without a choice, or no matching device is plugged in.',
  },
  'hint/token/application-not-found': {
    ja: 'このカードには PIV も OpenPGP もありません。',
    en: 'This card has neither a PIV nor an OpenPGP application.',
  },
  'hint/token/security-status': {
    ja: 'PIN の確認が切れています。もう一度生成してください。',
    en: 'The PIN check no longer holds; generate again.',
  },
} satisfies Record<string, { ja: string; en: string }>;

export type TokenLabel = keyof typeof labels;
export type TokenTranslate = (key: TokenLabel, params?: Record<string, string | number>) => string;

export function tokenTranslator(locale: Locale): TokenTranslate {
  return labelTranslator(labels, locale);
}

/** The hint for an error code, when there is one. */
export function tokenHint(code: string): TokenLabel | undefined {
  const key = `hint/${code}`;
  return key in labels ? (key as TokenLabel) : undefined;
}
