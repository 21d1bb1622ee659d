/**
 * Labels of `<shirushi-acme>`, in Japanese and English. Kept next to the element; the ACME problems
 * themselves are the core's `acme/*` messages, shown through `AcmeError.localized`, and the revocation
 * reasons' labels, explanations and terms cases come with `REVOCATION_REASONS`. `{name}` placeholders are
 * filled by the translator.
 */
import type { Locale } from '../../src/i18n/strings.js';
import { labelTranslator } from '../shared/token-strings.js';

const labels = {
  title: { ja: 'ACME で証明書を取得', en: 'Get a certificate with ACME' },
  intro: {
    ja: '認証局の ACME サーバーに、このブラウザーから直接申し込みます（RFC 8555、外部アカウント連携 EAB 対応）。鍵はこのブラウザーの中で作られ、外に出ません。',
    en: "Applies to the CA's ACME server straight from this browser (RFC 8555, with External Account Binding). Keys are made in this browser and never leave it.",
  },
  steps: { ja: '手順', en: 'Steps' },
  'step/account': { ja: 'アカウント', en: 'Account' },
  'step/order': { ja: '注文', en: 'Order' },
  'step/challenges': { ja: 'ドメインの確認', en: 'Domain validation' },
  'step/progress': { ja: '処理中', en: 'In progress' },
  'step/result': { ja: '発行された証明書', en: 'Issued certificate' },
  'step/revoke': { ja: '証明書の失効', en: 'Revoke a certificate' },
  'step/confirm': { ja: '失効の確認', en: 'Confirm the revocation' },
  'step-of': { ja: '手順 {n} / {total}', en: 'Step {n} of {total}' },
  // Directory
  directory: { ja: 'ACME ディレクトリの URL', en: 'ACME directory URL' },
  'directory-hint': {
    ja: '認証局から案内された URL（https://…/directory など）。',
    en: 'The URL your CA gave you (https://…/directory or similar).',
  },
  connect: { ja: '接続', en: 'Connect' },
  connecting: { ja: 'ACME サーバーに接続しています…', en: 'Connecting to the ACME server…' },
  connected: { ja: '{url} に接続しました。', en: 'Connected to {url}.' },
  'eab-required': {
    ja: 'この認証局では、アカウント作成に外部アカウント連携（EAB）の鍵 ID と MAC 鍵が必要です。',
    en: 'This CA needs an External Account Binding (EAB) key ID and MAC key to create an account.',
  },
  website: { ja: '認証局のサイト', en: "The CA's website" },
  // Account
  'saved-accounts': { ja: '保存されたアカウント', en: 'Saved accounts' },
  'account-new': { ja: '新しいアカウントを作る', en: 'Create a new account' },
  'account-label': {
    ja: '{contact}（{alg}、{date} 作成）',
    en: '{contact} ({alg}, created {date})',
  },
  'no-contact': { ja: '連絡先なし', en: 'no contact' },
  contact: { ja: '連絡先メールアドレス（任意）', en: 'Contact email (optional)' },
  'contact-hint': {
    ja: '有効期限や失効の連絡を受け取るアドレス。複数のときはカンマで区切ります。',
    en: 'Where the CA sends expiry and revocation notices. Separate several with commas.',
  },
  'eab-legend': { ja: '外部アカウント連携（EAB）', en: 'External Account Binding (EAB)' },
  'eab-hint': {
    ja: '認証局との契約時に渡された値を入力してください。',
    en: 'Enter the values the CA gave you with your contract.',
  },
  'eab-kid': { ja: 'EAB 鍵 ID', en: 'EAB key ID' },
  'eab-mac': { ja: 'EAB MAC 鍵', en: 'EAB MAC key' },
  'eab-mac-hint': {
    ja: 'Base64url の文字列。一度だけ使い、保存も記録もせず、使った直後に消去します。',
    en: 'A base64url string. Used once, never stored or logged, and cleared right after use.',
  },
  'eab-alg': { ja: 'MAC のアルゴリズム', en: 'MAC algorithm' },
  'account-key': { ja: 'アカウント鍵の種類', en: 'Account key type' },
  'account-key/ES256': { ja: 'ECDSA P-256（ES256、推奨）', en: 'ECDSA P-256 (ES256, recommended)' },
  'account-key/RS256': { ja: 'RSA 2048 ビット（RS256）', en: 'RSA 2048-bit (RS256)' },
  'account-key-hint': {
    ja: 'アカウント鍵はこのブラウザーの中に、取り出せない形で保管されます。',
    en: 'The account key is kept in this browser in a form that cannot be extracted.',
  },
  tos: { ja: '利用規約に同意します', en: 'I agree to the terms of service' },
  'tos-link': { ja: '利用規約を読む', en: 'Read the terms of service' },
  'tos-needed': {
    ja: '利用規約への同意が必要です。',
    en: 'You need to agree to the terms of service.',
  },
  'create-account': { ja: 'アカウントを作成', en: 'Create the account' },
  'use-account': { ja: 'このアカウントを使う', en: 'Use this account' },
  'creating-account': { ja: 'アカウントを作成しています…', en: 'Creating the account…' },
  'account-created': { ja: 'アカウントを作成しました。', en: 'The account was created.' },
  'account-ready': { ja: 'アカウント {label} を使います。', en: 'Using the account {label}.' },
  'account-url': { ja: 'アカウント URL', en: 'Account URL' },
  'change-account': { ja: 'アカウントを変える', en: 'Change the account' },
  rollover: { ja: 'アカウント鍵を新しくする', en: 'Replace the account key' },
  'rollover-hint': {
    ja: '新しい鍵を作り、認証局にアカウント鍵の交換を届けます（RFC 8555 7.3.5）。古い鍵は使えなくなります。',
    en: 'Makes a new key and tells the CA to switch the account to it (RFC 8555 section 7.3.5). The old key stops working.',
  },
  'rolling-over': { ja: 'アカウント鍵を交換しています…', en: 'Replacing the account key…' },
  'rolled-over': { ja: 'アカウント鍵を交換しました。', en: 'The account key was replaced.' },
  // Order
  names: { ja: 'ドメイン名（1 行に 1 つ）', en: 'Domain names (one per line)' },
  'names-hint': {
    ja: '証明書に載せるドメイン名。ワイルドカード（*.example.jp）は DNS での確認が必要です。',
    en: 'The names the certificate will carry. Wildcards (*.example.jp) need DNS validation.',
  },
  'names-empty': { ja: 'ドメイン名を 1 つ以上入力してください。', en: 'Enter at least one domain name.' },
  'challenge-type': { ja: 'ドメインの確認方法', en: 'How to prove the domain' },
  'challenge/http-01': {
    ja: 'Web サーバーにファイルを置く（http-01）',
    en: 'Put a file on the web server (http-01)',
  },
  'challenge/http-01-hint': {
    ja: 'ドメインの 80 番ポートで、決まったパスにファイルを公開します。',
    en: 'Publish a file at a fixed path on port 80 of the domain.',
  },
  'challenge/dns-01': { ja: 'DNS に TXT レコードを追加する（dns-01）', en: 'Add a DNS TXT record (dns-01)' },
  'challenge/dns-01-hint': {
    ja: 'ドメインの DNS に TXT レコードを追加します。ワイルドカードにはこちらが必要です。',
    en: "Add a TXT record to the domain's DNS. Needed for wildcards.",
  },
  'csr-source': { ja: '鍵と CSR', en: 'Key and CSR' },
  'csr/new': { ja: '新しい鍵を作る（推奨）', en: 'Make a new key (recommended)' },
  'csr/new-hint': {
    ja: '注文ごとに新しい鍵を作り、このブラウザーの鍵ストアに保管します。',
    en: "A new key for each order, kept in this browser's key store.",
  },
  'csr/stored': { ja: 'CSR 作成画面で作った CSR を使う', en: 'Use a CSR made in the CSR studio' },
  'csr/stored-none': {
    ja: '鍵ストアに CSR がありません。',
    en: 'There is no CSR in the key store.',
  },
  'csr/choose': { ja: '使う CSR', en: 'CSR to use' },
  'key-type': { ja: '新しい鍵の種類', en: 'New key type' },
  'key/ec-p256': { ja: 'ECDSA P-256（推奨）', en: 'ECDSA P-256 (recommended)' },
  'key/ec-p384': { ja: 'ECDSA P-384', en: 'ECDSA P-384' },
  'key/rsa-2048': { ja: 'RSA 2048 ビット', en: 'RSA 2048-bit' },
  'key/rsa-3072': { ja: 'RSA 3072 ビット', en: 'RSA 3072-bit' },
  'place-order': { ja: '注文する', en: 'Place the order' },
  ordering: { ja: '注文しています…', en: 'Placing the order…' },
  // Challenges
  'challenges-intro-http': {
    ja: '次のファイルを、各ドメインの Web サーバー（80 番ポート）に置いてください。内容は 1 文字も変えず、改行も足さないでください。',
    en: "Put these files on each domain's web server (port 80). Copy the content exactly, with no added line break.",
  },
  'challenges-intro-dns': {
    ja: '次の TXT レコードを各ドメインの DNS に追加してください。反映まで数分かかることがあります。',
    en: "Add these TXT records to each domain's DNS. They can take a few minutes to appear.",
  },
  'challenge-for': { ja: '{name} の確認', en: 'Validation of {name}' },
  'http/path': { ja: 'ファイルのパス', en: 'File path' },
  'http/url': { ja: '確認に使われる URL', en: 'URL the CA will fetch' },
  'http/content': { ja: 'ファイルの内容', en: 'File content' },
  'dns/name': { ja: 'TXT レコードの名前', en: 'TXT record name' },
  'dns/value': { ja: 'TXT レコードの値', en: 'TXT record value' },
  'dns/record': { ja: 'ゾーンファイルの行', en: 'Zone file line' },
  copy: { ja: 'コピー', en: 'Copy' },
  'copy-named': { ja: '{what}をコピー', en: 'Copy the {what}' },
  copied: { ja: '{what}をコピーしました。', en: 'The {what} was copied.' },
  'copy-failed': {
    ja: 'コピーできませんでした。欄を選んで手動でコピーしてください。',
    en: 'Could not copy. Select the field and copy it by hand.',
  },
  placed: { ja: '置きました。確認を始める', en: 'Placed; validate now' },
  'placed-hint': {
    ja: 'すべて置いてから押してください。認証局がすぐに確認します。',
    en: 'Press this once everything is in place; the CA checks at once.',
  },
  'no-challenges': {
    ja: 'すべてのドメインは確認済みです。',
    en: 'Every name is already validated.',
  },
  // Progress
  cancel: { ja: '中止', en: 'Cancel' },
  'stage/directory': { ja: 'ディレクトリを読んでいます', en: 'Reading the directory' },
  'stage/account': { ja: 'アカウントを確認しています', en: 'Checking the account' },
  'stage/order': { ja: '注文を処理しています', en: 'Processing the order' },
  'stage/authorization': { ja: 'ドメインの確認を待っています', en: 'Waiting for the domain validation' },
  'stage/challenge': { ja: '確認を依頼しています', en: 'Asking the CA to validate' },
  'stage/finalize': { ja: 'CSR を送って発行を待っています', en: 'Sending the CSR and waiting for issuance' },
  'stage/certificate': { ja: '証明書をダウンロードしています', en: 'Downloading the certificate' },
  'stage/revoke': { ja: '失効を申し込んでいます', en: 'Requesting the revocation' },
  'stage/rollover': { ja: 'アカウント鍵を交換しています', en: 'Replacing the account key' },
  attempt: { ja: '（{n} 回目）', en: '(attempt {n})' },
  waiting: {
    ja: '{stage}：{seconds} 秒後にもう一度確認します（認証局が指定した間隔です）。',
    en: '{stage}: checking again in {seconds} seconds (the interval the CA asked for).',
  },
  'seconds-left': { ja: '残り {seconds} 秒', en: '{seconds} seconds left' },
  storing: { ja: '保管庫に保存しています…', en: 'Saving to the vault…' },
  cancelled: { ja: '中止しました。', en: 'Cancelled.' },
  // Result
  issued: {
    ja: '証明書が発行され、保管庫に保存されました（秘密鍵と組み合わせ済み）。',
    en: 'The certificate was issued and saved in the vault, paired with its private key.',
  },
  'issued-short': { ja: '証明書が発行されました。', en: 'The certificate was issued.' },
  'field/names': { ja: 'ドメイン名', en: 'Names' },
  'field/valid': { ja: '有効期間', en: 'Validity' },
  'field/id': { ja: 'SHA-256 フィンガープリント', en: 'SHA-256 fingerprint' },
  'field/key': { ja: '秘密鍵', en: 'Private key' },
  'key-in-store': { ja: 'このブラウザーの鍵ストア（ID {id}）', en: "This browser's key store (ID {id})" },
  'key-elsewhere': {
    ja: 'このブラウザーの外（CSR 作成時の保管場所）',
    en: 'Outside this browser (wherever the CSR was made)',
  },
  'valid-range': { ja: '{from} ～ {to}', en: '{from} to {to}' },
  chain: { ja: '証明書チェーン', en: 'Certificate chain' },
  'chain-hint': {
    ja: '認証局は複数のチェーンを用意していることがあります。古い端末にも対応させたいときは、そのルートで終わるチェーンを選んでください。',
    en: 'The CA may offer several chains. Pick the one ending at the root your oldest clients trust.',
  },
  'chain/default': { ja: '標準のチェーン（ルート：{root}）', en: 'Default chain (root: {root})' },
  'chain/alternate': { ja: '別のチェーン（ルート：{root}）', en: 'Alternate chain (root: {root})' },
  'chain-saved': {
    ja: '選んだチェーンを保管庫に保存しました。',
    en: 'The chosen chain was saved to the vault.',
  },
  'download-pem': { ja: 'PEM をダウンロード（fullchain）', en: 'Download PEM (full chain)' },
  'new-order': { ja: '別の証明書を注文する', en: 'Order another certificate' },
  'go-revoke': { ja: '証明書を失効させる…', en: 'Revoke a certificate…' },
  back: { ja: '戻る', en: 'Back' },
  // Revoke
  'revoke-intro': {
    ja: '秘密鍵が漏れたおそれがあるとき、証明書の情報が変わったとき、ドメインを失ったときやサイトを閉じたとき、新しい証明書に置き換えたときは、失効させなければなりません。',
    en: 'You must revoke when the private key may be compromised, the information in the certificate changed, the domain is lost or the site closed, or a new certificate replaced it.',
  },
  'revoke-source': { ja: '失効させる証明書', en: 'Certificate to revoke' },
  'source/issued': { ja: 'ACME で発行した証明書から選ぶ', en: 'Choose one issued through ACME' },
  'source/pem': { ja: 'PEM を貼り付ける', en: 'Paste a PEM' },
  'issued-choose': { ja: '証明書', en: 'Certificate' },
  'issued-none': {
    ja: 'ACME で発行した証明書はまだありません。',
    en: 'No certificates issued through ACME yet.',
  },
  'issuance-label': { ja: '{names}（{date} 発行）', en: '{names} (issued {date})' },
  'issuance-revoked': { ja: '（失効済み）', en: '(revoked)' },
  pem: { ja: '証明書（PEM）', en: 'Certificate (PEM)' },
  'pem-invalid': { ja: '証明書の PEM を読めませんでした。', en: 'The certificate PEM could not be read.' },
  reason: { ja: '失効の理由', en: 'Reason' },
  'reason-hint': {
    ja: '加入者が選べる理由は次の 5 つです（CA/Browser Forum BR 4.9.1.1）。',
    en: 'These are the five reasons a subscriber may give (CA/Browser Forum BR 4.9.1.1).',
  },
  'terms-cases': { ja: '規約上の場合', en: 'Terms case' },
  signer: { ja: '署名に使う鍵', en: 'Sign with' },
  'signer/account': { ja: 'アカウント鍵', en: 'The account key' },
  'signer/account-hint': {
    ja: '証明書を発行したアカウント（または今選んでいるアカウント）の鍵で署名します。',
    en: 'Signs with the key of the account that ordered the certificate (or the account chosen now).',
  },
  'signer/certificate': { ja: '証明書の秘密鍵', en: "The certificate's private key" },
  'signer/certificate-hint': {
    ja: 'アカウントを失ったときにも使えます。鍵ストアに対の鍵があるときだけ選べます。',
    en: 'Works even without the account. Only when the paired key is in the key store.',
  },
  'signer/certificate-missing': {
    ja: 'この証明書の秘密鍵はこのブラウザーにありません。',
    en: "This certificate's private key is not in this browser.",
  },
  'signer/no-account': {
    ja: 'アカウントがありません。先にアカウントを選ぶか、証明書の秘密鍵で署名してください。',
    en: "There is no account. Choose one first, or sign with the certificate's key.",
  },
  'revoke-next': { ja: '確認へ進む', en: 'Continue to confirm' },
  'confirm-text': {
    ja: '次の証明書を「{reason}」の理由で失効させます。失効は取り消せません。',
    en: 'This certificate will be revoked for “{reason}”. A revocation cannot be undone.',
  },
  'confirm-serial': { ja: 'シリアル番号', en: 'Serial number' },
  'confirm-revoke': { ja: '失効させる', en: 'Revoke' },
  revoking: { ja: '失効を申し込んでいます…', en: 'Requesting the revocation…' },
  revoked: {
    ja: '証明書を失効させました（理由：{reason}）。サイトシールを表示している場合は、すぐに外してください。',
    en: 'The certificate was revoked (reason: {reason}). If you show a site seal for it, take it down now.',
  },
  // Errors
  failed: { ja: 'うまくいきませんでした', en: 'That did not work' },
  'error-code': { ja: 'エラーコード', en: 'Error code' },
  findings: { ja: 'CSR の問題', en: 'Problems in the CSR' },
  'severity/error': { ja: 'エラー', en: 'Error' },
  'severity/warning': { ja: '警告', en: 'Warning' },
  'severity/notice': { ja: 'お知らせ', en: 'Notice' },
  'retry-at': { ja: 'もう一度試せる時刻：{time}', en: 'You can try again from {time}' },
  subproblems: { ja: '名前ごとの問題', en: 'Problems per name' },
  renewing: {
    ja: '{names} を、前回と同じアカウントで更新します。',
    en: 'Renewing {names} with the same account as last time.',
  },
  'renew-unknown': {
    ja: 'この証明書の ACME の記録が見つかりません。',
    en: 'No ACME record of this certificate was found.',
  },
} satisfies Record<string, { ja: string; en: string }>;

export type AcmeLabel = keyof typeof labels;

export type AcmeTranslate = (key: AcmeLabel, params?: Record<string, string | number>) => string;

/** Binds a locale: `t('title')`, `t('copied', { what })`. Unknown placeholders stay visible. */
export function translator(locale: Locale): AcmeTranslate {
  return labelTranslator(labels, locale);
}
