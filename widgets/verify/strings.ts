/**
 * Labels of the verification page. They are page copy rather than messages the core raises, so they live
 * next to the element; the core's problem messages come localized in the verdict itself.
 */
import type { Locale, LocalizedText, MessageParams } from '../../src/i18n/strings.js';

export const verifyLabels = {
  title: { ja: 'サイトシールの検証', en: 'Site seal verification' },
  intro: {
    ja: 'このページは、サイトシールに登録された証明書を、あなたのブラウザーの中で確認します。',
    en: 'This page checks the certificate registered for a site seal, inside your browser.',
  },
  disclaimer: {
    ja: 'サイトシールは、サイトの運営者が誰であるかを示すものです。サイトが安全であることや、取引の相手として信頼できることを保証するものではありません。',
    en: 'A site seal identifies who operates the site. It does not guarantee that the site is safe or that its operator can be trusted.',
  },
  loading: { ja: '証明書を確認しています…', en: 'Checking the certificate…' },
  'no-id': {
    ja: 'シールの ID が指定されていません。サイトのシールをクリックしてこのページを開いてください。',
    en: 'No seal id was given. Open this page by clicking the seal on a site.',
  },
  'verdict-heading': { ja: '確認の結果', en: 'Result' },
  // Verdict headlines, one per state (and the site-unknown variant of valid).
  'state/valid': {
    ja: 'このシールは有効です',
    en: 'This seal is valid',
  },
  'state/valid-site-unknown': {
    ja: '証明書は有効ですが、シールが表示されていたサイトを確認できません',
    en: 'The certificate is valid, but the site that showed this seal cannot be confirmed',
  },
  'state/expiring': {
    ja: '証明書は有効ですが、まもなく有効期限が切れます（残り {days} 日）',
    en: 'The certificate is valid but expires soon ({days} days left)',
  },
  'state/expired': { ja: 'この証明書は有効期限が切れています', en: 'This certificate has expired' },
  'state/revoked': { ja: 'この証明書は失効しています', en: 'This certificate has been revoked' },
  'state/not-yet-valid': {
    ja: 'この証明書はまだ有効期間が始まっていません',
    en: 'This certificate is not valid yet',
  },
  'state/wrong-site': {
    ja: 'このシールは、証明書に記載されていないサイトに表示されています',
    en: 'This seal is shown on a site the certificate does not name',
  },
  'state/unconfirmed': {
    ja: '証明書が失効していないことを確認できません',
    en: 'It cannot be confirmed that the certificate is not revoked',
  },
  'state/unknown-seal': { ja: 'このシールは登録されていません', en: 'This seal is not registered' },
  'state/invalid-chain': {
    ja: '証明書を信頼できる認証局までたどれません',
    en: 'The certificate does not chain to a trusted certification authority',
  },
  // Who runs the site, in the banner of a seal that can be relied on.
  'operator/named': {
    ja: 'このサイト（{host}）は「{organization}」が運営しています。',
    en: 'This site ({host}) is operated by {organization}.',
  },
  'operator/unnamed': {
    ja: 'このサイト（{host}）の証明書はドメインの管理を確認したもので、運営者の名前は記載されていません。',
    en: "This site's ({host}) certificate confirms control of the domain only; it does not name who runs the site.",
  },
  // One explanation under each headline.
  'explain/valid': {
    ja: '証明書は有効期間内で、CRL（証明書失効リスト）で失効していないことを確認しました。シールは証明書に記載されたサイトに表示されていました。',
    en: 'The certificate is within its validity period, the CRL (certificate revocation list) shows it is not revoked, and the seal was shown on a site the certificate names.',
  },
  'explain/valid-site-unknown': {
    ja: 'ブラウザーが参照元のサイトを送らなかったため、シールが正しいサイトに表示されていたかはわかりません。アドレスバーのドメインが、下の「ドメイン」のいずれかであることを確かめてください。',
    en: 'Your browser did not say which site you came from, so whether the seal was on the right site is unknown. Check that the address bar shows one of the domains listed below.',
  },
  'explain/expiring': {
    ja: '期限が切れると、このシールは無効になります。',
    en: 'When it expires, this seal becomes invalid.',
  },
  'explain/expired': {
    ja: '証明書の有効期間は {notAfter}（日本時間）に終わりました。',
    en: 'The certificate’s validity ended {notAfter} (JST).',
  },
  'explain/revoked': {
    ja: '認証局がこの証明書を失効させました。理由：{reason}。失効日時：{date}（日本時間）。',
    en: 'The certification authority revoked this certificate. Reason: {reason}. Revoked: {date} (JST).',
  },
  'explain/revoked-ca': {
    ja: '上位の認証局の証明書（{subject}）が失効しています。理由：{reason}。失効日時：{date}（日本時間）。',
    en: 'A certification authority above it ({subject}) was revoked. Reason: {reason}. Revoked: {date} (JST).',
  },
  'explain/not-yet-valid': {
    ja: '証明書の有効期間は {notBefore}（日本時間）に始まります。',
    en: 'The certificate’s validity starts {notBefore} (JST).',
  },
  'explain/wrong-site': {
    ja: 'シールは {host} に表示されていましたが、証明書に記載されたドメインではありません。シールがコピーされた可能性があります。',
    en: 'The seal was shown on {host}, which is not a domain in the certificate. The seal may have been copied.',
  },
  'explain/unconfirmed/crl-unreachable': {
    ja: 'CRL（証明書失効リスト）を取得できませんでした。時間をおいて再度確認してください。',
    en: 'The CRL (certificate revocation list) could not be downloaded. Try again later.',
  },
  'explain/unconfirmed/crl-stale': {
    ja: '手元の CRL（証明書失効リスト）が古く、最新の失効情報ではありません。オンラインで再度確認してください。',
    en: 'The CRL (certificate revocation list) at hand is stale, not current revocation information. Check again online.',
  },
  'explain/unconfirmed/crl-bad-signature': {
    ja: 'CRL（証明書失効リスト）の署名を検証できませんでした。改ざんされた可能性があるため使いません。',
    en: 'The CRL (certificate revocation list) signature does not verify; it may have been tampered with and is not used.',
  },
  'explain/unconfirmed/no-crl': {
    ja: '証明書に CRL（証明書失効リスト）の配布点がないため、失効を確認できません。',
    en: 'The certificate names no CRL (certificate revocation list), so revocation cannot be checked.',
  },
  'explain/unconfirmed/check-failed': {
    ja: '確認を最後まで実行できませんでした。ページを再読み込みして、もう一度確認してください。',
    en: 'The check could not run to the end. Reload the page to check again.',
  },
  'explain/unconfirmed/record-unreachable': {
    ja: 'シールの提供元から登録情報を取得できませんでした（オフライン、または提供元の障害）。時間をおいて再度確認してください。',
    en: 'The seal record could not be downloaded from the seal provider (offline, or the provider is down). Try again later.',
  },
  'explain/unknown-seal': {
    ja: 'このシールの ID に対応する証明書が、シールの提供元に登録されていません。',
    en: 'The seal provider has no certificate registered under this seal id.',
  },
  'explain/invalid-chain': {
    ja: '証明書の発行元を、このページが信頼する認証局のルート証明書までたどって検証できませんでした。',
    en: 'The certificate’s issuers could not be verified up to a root certificate this page trusts.',
  },
  'visitor/do-not-rely': {
    ja: '訪問者の方へ：このシールを信頼しないでください。',
    en: 'Visitors: do not rely on this seal.',
  },
  'visitor/careful': {
    ja: '訪問者の方へ：このシールだけで判断せず、アドレスバーのドメインを確かめてください。',
    en: 'Visitors: do not rely on this seal alone; check the domain in the address bar.',
  },
  'owner/remove-now': {
    ja: 'サイト運営者の方へ：このシールを直ちに取り外してください。証明書の有効期限が切れたとき、または失効したときは、シールを速やかに取り外す必要があります（{rule}）。',
    en: 'Site owners: remove this seal now. A seal must be removed promptly when its certificate expires or is revoked ({rule}).',
  },
  'owner/remove-wrong-site': {
    ja: 'サイト運営者の方へ：このシールを直ちに取り外してください。シールは証明書に記載されたサイトにだけ表示でき、他者への複製は禁じられています（{rule}）。',
    en: 'Site owners: remove this seal now. A seal may only be shown on the site its certificate names, and copying it to others is forbidden ({rule}).',
  },
  'owner/remove-unverifiable': {
    ja: 'サイト運営者の方へ：このシールを直ちに取り外してください。シールは、証明書の内容と有効性を確認できる検証ページにつながっていなければなりません（{rule}）。',
    en: 'Site owners: remove this seal now. A seal must link to a verification page where the certificate’s contents and validity can be checked ({rule}).',
  },
  'owner/renew': {
    ja: 'サイト運営者の方へ：証明書を更新し、新しい証明書でシールを登録し直してください。期限が切れたらシールを取り外す必要があります（{rule}）。',
    en: 'Site owners: renew the certificate and register the seal again for the new one. The seal must come down when the certificate expires ({rule}).',
  },
  'status/agree': {
    ja: '提供元の状態ファイル（{checkedAt} 確認）と一致しています。',
    en: 'Agrees with the provider’s status file (checked {checkedAt}).',
  },
  'status/disagree': {
    ja: '注意：この確認の結果（{page}）は、提供元の状態ファイル（{file}、{checkedAt} 確認）と異なります。',
    en: 'Note: this check ({page}) disagrees with the provider’s status file ({file}, checked {checkedAt}).',
  },
  'status/missing': {
    ja: '提供元の状態ファイルはありません。',
    en: 'The provider has no status file for this seal.',
  },
  'status-word/good': { ja: '有効', en: 'good' },
  'status-word/revoked': { ja: '失効', en: 'revoked' },
  'status-word/unknown': { ja: '不明', en: 'unknown' },
  'status-word/expired': { ja: '期限切れ', en: 'expired' },
  'status-word/not-yet-valid': { ja: '有効期間前', en: 'not yet valid' },
  'section/certificate': { ja: '証明書', en: 'Certificate' },
  'section/revocation': { ja: '失効の確認（CRL）', en: 'Revocation (CRL)' },
  'section/site': { ja: 'シールが表示されていたサイト', en: 'Site the seal was shown on' },
  'section/check': { ja: 'この確認について', en: 'About this check' },
  'section/problems': { ja: '詳細', en: 'Details' },
  'field/organization': { ja: '組織', en: 'Organization' },
  'field/domains': { ja: 'ドメイン', en: 'Domains' },
  'field/level': { ja: '認証レベル', en: 'Validation level' },
  'field/issuers': { ja: '発行者のチェーン', en: 'Issuer chain' },
  'field/serial': { ja: 'シリアル番号', en: 'Serial number' },
  'field/sha256': { ja: 'SHA-256 フィンガープリント', en: 'SHA-256 fingerprint' },
  'field/validity': { ja: '有効期間', en: 'Validity' },
  'field/not-before': { ja: '開始', en: 'From' },
  'field/not-after': { ja: '終了', en: 'Until' },
  'field/days-left': { ja: '残り日数', en: 'Days left' },
  'field/crl-for': { ja: '対象の証明書', en: 'For' },
  'field/crl-url': { ja: 'CRL の URL', en: 'CRL URL' },
  'field/crl-number': { ja: 'CRL 番号', en: 'CRL number' },
  'field/this-update': { ja: '発行日時（thisUpdate）', en: 'Issued (thisUpdate)' },
  'field/next-update': { ja: '次回更新予定（nextUpdate）', en: 'Next update (nextUpdate)' },
  'field/crl-status': { ja: '結果', en: 'Result' },
  'field/site': { ja: 'サイト', en: 'Site' },
  'field/checked-at': { ja: '確認日時', en: 'Checked at' },
  'field/status-file': { ja: '提供元の状態ファイル', en: 'Provider’s status file' },
  'field/seal-id': { ja: 'シール ID', en: 'Seal id' },
  'value/days': { ja: '{days} 日', en: '{days} days' },
  'value/expired-days': { ja: '{days} 日前に期限切れ', en: 'expired {days} days ago' },
  'value/none': { ja: 'なし', en: 'none' },
  'value/stale': { ja: '（古い CRL）', en: '(stale CRL)' },
  'value/crl-good': { ja: '失効していません', en: 'not revoked' },
  'value/crl-revoked': { ja: '失効', en: 'revoked' },
  'value/crl-unknown': { ja: '確認できません', en: 'cannot be confirmed' },
  'value/site-match': { ja: '{host}（証明書に記載あり）', en: '{host} (named in the certificate)' },
  'value/site-mismatch': { ja: '{host}（証明書に記載なし）', en: '{host} (not named in the certificate)' },
  'value/site-unknown': {
    ja: '不明（ブラウザーが参照元を送りませんでした）',
    en: 'unknown (the browser sent no referrer)',
  },
  'value/jst': { ja: '{time}（日本時間）', en: '{time} JST' },
  'value/utc': { ja: '{time}（UTC）', en: '{time} UTC' },
  'value/level/DV': { ja: 'ドメイン認証（DV）', en: 'Domain validated (DV)' },
  'value/level/OV': { ja: '組織認証（OV）', en: 'Organization validated (OV)' },
  'value/level/IV': { ja: '個人認証（IV）', en: 'Individual validated (IV)' },
  'value/level/EV': { ja: 'EV 認証', en: 'Extended validation (EV)' },
  'value/level/none': { ja: '表示なし', en: 'not stated' },
  'value/reason/unspecified': { ja: '理由の指定なし', en: 'unspecified' },
  'value/reason/keyCompromise': { ja: '秘密鍵の危殆化', en: 'key compromise' },
  'value/reason/cACompromise': { ja: '認証局の危殆化', en: 'CA compromise' },
  'value/reason/affiliationChanged': { ja: '所属の変更', en: 'affiliation changed' },
  'value/reason/superseded': { ja: '新しい証明書への置き換え', en: 'superseded' },
  'value/reason/cessationOfOperation': { ja: '運用の終了', en: 'cessation of operation' },
  'value/reason/certificateHold': { ja: '一時停止（保留）', en: 'certificate hold' },
  'value/reason/removeFromCRL': { ja: 'CRL からの削除', en: 'remove from CRL' },
  'value/reason/privilegeWithdrawn': { ja: '権限の取り消し', en: 'privilege withdrawn' },
  'value/reason/aACompromise': { ja: '属性認証局の危殆化', en: 'AA compromise' },
  // The CA rules quoted to site owners (shared domain notes, rules 2 and 3), in each service's numbering.
  'rule/take-down/jprs': {
    ja: 'JPRS サーバー証明書 利用規約 第12-3条',
    en: 'JPRS server certificate terms, art. 12-3',
  },
  'rule/take-down/secom': {
    ja: 'セコムパスポート for Web 利用約款 第11-7条・第19条',
    en: 'SECOM Passport for Web terms, art. 11-7 and 19',
  },
  'rule/one-site/jprs': {
    ja: 'JPRS サーバー証明書 利用規約 第15条',
    en: 'JPRS server certificate terms, art. 15',
  },
  'rule/one-site/secom': {
    ja: 'セコムパスポート for Web 利用約款 第4条・第18条',
    en: 'SECOM Passport for Web terms, art. 4 and 18',
  },
  'rule/link/jprs': {
    ja: 'JPRS サーバー証明書 利用規約 第15条',
    en: 'JPRS server certificate terms, art. 15',
  },
  'rule/link/secom': {
    ja: 'セコムパスポート for Web 利用約款 第4条',
    en: 'SECOM Passport for Web terms, art. 4',
  },
  'rule/separator': { ja: '、', en: '; ' },
  retry: { ja: '再確認', en: 'Check again' },
} satisfies Record<string, LocalizedText>;

export type VerifyLabel = keyof typeof verifyLabels;

export type VerifyTranslate = (key: VerifyLabel, params?: MessageParams) => string;

/** `{name}` placeholders are filled; an unknown one stays visible so a missing parameter is noticed. */
export function verifyTranslator(locale: Locale): VerifyTranslate {
  return (key, params = {}) =>
    verifyLabels[key][locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
}
