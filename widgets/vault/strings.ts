/**
 * Labels of `<shirushi-vault>`, in Japanese and English. Kept next to the element (the shared table in
 * src/i18n/strings.ts holds the core's error messages, which the element shows through
 * `ShirushiError.localized`); `{name}` placeholders are filled by the translator.
 */
import type { Locale } from '../../src/i18n/strings.js';
import { labelTranslator } from '../shared/token-strings.js';

const labels = {
  title: { ja: '証明書の保管庫', en: 'Certificate vault' },
  intro: {
    ja: '発行された証明書をこのブラウザーに保管し、秘密鍵と組み合わせ、期限と更新の時期を知らせます。どこにも送信されません。',
    en: 'Keeps your issued certificates in this browser, paired with their private keys, and tells you when they expire and when to renew. Nothing is sent anywhere.',
  },
  opening: { ja: '保管庫を開いています…', en: 'Opening the vault…' },
  'open-failed': { ja: '保管庫を開けませんでした', en: 'The vault could not be opened' },
  closed: {
    ja: '保管庫が閉じられました（別のタブで新しい版が開かれました）。ページを再読み込みしてください。',
    en: 'The vault was closed (a newer version opened in another tab). Reload the page.',
  },
  reload: { ja: '再読み込み', en: 'Reload' },
  failed: { ja: '操作に失敗しました', en: 'That did not work' },
  'error-code': { ja: 'エラーコード', en: 'Error code' },
  // Reminders
  'reminders-title': { ja: '更新のお知らせ', en: 'Renewal reminders' },
  'reminder-expiring': {
    ja: '{name} は {date} に期限切れになります（残り {days} 日）。更新してください。',
    en: '{name} expires on {date} ({days} days left). Renew it now.',
  },
  'reminder-renewal-open': {
    ja: '{name} の更新申請ができる期間に入りました（期限 {date}）。',
    en: 'The renewal window of {name} is open (it expires on {date}).',
  },
  'notify-opt-in': { ja: 'ブラウザーの通知を受け取る', en: 'Get browser notifications' },
  'notify-hint': {
    ja: 'このページを開いたとき、お知らせの時期に入った証明書を通知でも知らせます。',
    en: 'When this page is open, certificates that reach their notice date are also announced as notifications.',
  },
  'notify-granted': { ja: '通知は有効です。', en: 'Notifications are on.' },
  'notify-denied': {
    ja: '通知は許可されませんでした。ブラウザーの設定で変更できます。',
    en: 'Notifications were not allowed; you can change this in the browser settings.',
  },
  'notify-unsupported': {
    ja: 'このブラウザーは通知に対応していません。',
    en: 'This browser does not support notifications.',
  },
  'notification-title': { ja: 'shirushi：証明書の更新', en: 'shirushi: certificate renewal' },
  // Import
  'import-title': { ja: '証明書を取り込む', en: 'Import certificates' },
  'import-hint': {
    ja: 'PEM・DER（.crt / .cer）・PKCS#7（.p7b / .p7c）・PKCS#12（.p12 / .pfx）に対応しています。',
    en: 'PEM, DER (.crt, .cer), PKCS#7 (.p7b, .p7c) and PKCS#12 (.p12, .pfx) files.',
  },
  'import-file': { ja: '証明書ファイル', en: 'Certificate files' },
  'drop-here': {
    ja: 'ここにファイルをドロップするか、上で選んでください',
    en: 'Drop files here, or choose them above',
  },
  product: { ja: '更新の規則', en: 'Renewal rules' },
  'product/generic': { ja: '一般（期限の 30 日前に通知）', en: 'Generic (notice 30 days before expiry)' },
  'product/jprs': { ja: 'JPRS サーバー証明書', en: 'JPRS server certificate' },
  'product/secom-gid': { ja: 'セコム パスポート for G-ID', en: 'SECOM Passport for G-ID' },
  'product/acme': { ja: 'ACME（有効期間の 3 分の 2 で更新）', en: 'ACME (renew at two thirds)' },
  importing: { ja: '取り込んでいます…', en: 'Importing…' },
  'password-needed': {
    ja: '{file} は PKCS#12 ファイルです。パスワードを入力してください。',
    en: '{file} is a PKCS#12 file. Enter its password.',
  },
  password: { ja: 'PKCS#12 のパスワード', en: 'PKCS#12 password' },
  'keep-exportable': {
    ja: '秘密鍵を書き出せる形で保管する（サーバー用ファイルや PKCS#12 を後で書き出すため）',
    en: 'Keep the private key exportable (to export server files or PKCS#12 later)',
  },
  'keep-exportable-hint': {
    ja: 'チェックしない場合、鍵は取り出せない形で保存され、このブラウザーの外には出せません。',
    en: 'Unchecked, the key is stored so that it can never be read out of this browser.',
  },
  'import-submit': { ja: '取り込む', en: 'Import' },
  cancel: { ja: 'キャンセル', en: 'Cancel' },
  'import-result': {
    ja: '{file}：新しい証明書 {imported} 件、取り込み済み {duplicates} 件。',
    en: '{file}: {imported} new certificate(s), {duplicates} already in the vault.',
  },
  'import-key-stored': {
    ja: '秘密鍵を保管しました（{where}）。',
    en: 'The private key was stored ({where}).',
  },
  'import-key-existing': {
    ja: '秘密鍵はすでに保管されていました。',
    en: 'The private key was already here.',
  },
  'where/key-store': { ja: '鍵ストア、取り出し不可', en: 'key store, not extractable' },
  'where/vault': { ja: '保管庫、書き出し可能', en: 'vault, exportable' },
  'import-skipped': {
    ja: '証明書でないため読み飛ばしたブロック：{labels}',
    en: 'Skipped blocks that are not certificates: {labels}',
  },
  'paired-yes': { ja: '秘密鍵と組み合わせ済み', en: 'Paired with its private key' },
  'paired-no': {
    ja: '秘密鍵はこのブラウザーにありません',
    en: 'The private key is not in this browser',
  },
  'ca-certificate': { ja: 'CA 証明書', en: 'CA certificate' },
  // Search and list
  'search-title': { ja: '検索と絞り込み', en: 'Search and filter' },
  search: { ja: '検索', en: 'Search' },
  'search-hint': {
    ja: 'ドメイン名・組織名・シリアル番号・フィンガープリント・発行者のどれでも',
    en: 'Domain, organisation, serial number, fingerprint or issuer',
  },
  filters: { ja: '詳しい条件', en: 'More filters' },
  'filter/domain': { ja: 'ドメイン名', en: 'Domain' },
  'filter/organisation': { ja: '組織名', en: 'Organisation' },
  'filter/serial': { ja: 'シリアル番号', en: 'Serial number' },
  'filter/fingerprint': { ja: 'フィンガープリント（先頭）', en: 'Fingerprint (start)' },
  'filter/issuer': { ja: '発行者', en: 'Issuer' },
  'filter/status': { ja: '状態', en: 'Status' },
  'filter/any-status': { ja: 'すべて', en: 'Any' },
  'filter/expires-after': { ja: 'この日以降に期限', en: 'Expires on or after' },
  'filter/expires-before': { ja: 'この日までに期限', en: 'Expires on or before' },
  'filter/include-ca': { ja: 'CA 証明書も表示する', en: 'Show CA certificates' },
  'filter/clear': { ja: '条件をクリア', en: 'Clear filters' },
  sort: { ja: '並べ替え', en: 'Sort by' },
  'sort/expiry': { ja: '期限が近い順', en: 'Expiry (soonest first)' },
  'sort/domain': { ja: 'ドメイン名順', en: 'Domain name' },
  'sort/imported': { ja: '取り込みが新しい順', en: 'Imported (newest first)' },
  'list-title': { ja: '証明書', en: 'Certificates' },
  'list-count': { ja: '{shown} 件 / 全 {total} 件', en: '{shown} of {total}' },
  'list-keys': {
    ja: '↑↓ キーで移動、Enter で詳細を表示します。',
    en: 'Use the arrow keys to move and Enter to open the details.',
  },
  empty: {
    ja: '保管庫に証明書はまだありません。上で取り込んでください。',
    en: 'The vault holds no certificates yet. Import some above.',
  },
  'no-match': { ja: '条件に合う証明書はありません。', en: 'No certificate matches.' },
  expires: { ja: '期限 {date}', en: 'Expires {date}' },
  'no-name': { ja: '（名前なし）', en: '(no name)' },
  // Status chips
  'status/valid': { ja: '有効', en: 'Valid' },
  'status/expiring': { ja: 'まもなく期限切れ', en: 'Expiring' },
  'status/renewal-open': { ja: '更新申請期間中', en: 'Renewal window open' },
  'status/expired': { ja: '期限切れ', en: 'Expired' },
  'status/revoked': { ja: '失効', en: 'Revoked' },
  'status/key-missing': { ja: '鍵なし', en: 'Key missing' },
  'status/not-yet-valid': { ja: '有効期間前', en: 'Not yet valid' },
  // Timeline
  'timeline-title': { ja: '有効期間のタイムライン', en: 'Validity timeline' },
  'timeline-desc': {
    ja: '各証明書の有効期間（棒）、お知らせ日（縦線）、更新申請期間（濃い部分）と今日（赤い線）。',
    en: 'Each certificate’s validity (bar), notice date (tick), renewal window (dark part) and today (red line).',
  },
  'timeline-row': {
    ja: '{name}：有効期間 {from} ～ {to}、お知らせ日 {notice}、更新申請開始 {opens}。',
    en: '{name}: valid {from} to {to}; notice on {notice}; renewal opens {opens}.',
  },
  'timeline-more': {
    ja: 'ほか {count} 件はタイムラインに表示していません。',
    en: '{count} more are not drawn.',
  },
  today: { ja: '今日', en: 'Today' },
  // Detail
  'detail-title': { ja: '証明書の詳細', en: 'Certificate details' },
  close: { ja: '閉じる', en: 'Close' },
  loading: { ja: '読み込んでいます…', en: 'Loading…' },
  'field/subject': { ja: 'サブジェクト', en: 'Subject' },
  'field/sans': { ja: 'サブジェクト代替名（SAN）', en: 'Subject alternative names' },
  'field/issuer': { ja: '発行者', en: 'Issuer' },
  'field/serial': { ja: 'シリアル番号', en: 'Serial number' },
  'field/sha256': { ja: 'SHA-256 フィンガープリント', en: 'SHA-256 fingerprint' },
  'field/sha1': { ja: 'SHA-1 フィンガープリント', en: 'SHA-1 fingerprint' },
  'field/spki': { ja: '公開鍵 SHA-256（SPKI）', en: 'Public key SHA-256 (SPKI)' },
  'field/public-key': { ja: '公開鍵', en: 'Public key' },
  'field/signature': { ja: '署名アルゴリズム', en: 'Signature algorithm' },
  'field/not-before': { ja: '有効期間の開始', en: 'Valid from' },
  'field/not-after': { ja: '有効期間の終了', en: 'Valid until' },
  'field/level': { ja: '認証レベル', en: 'Validation level' },
  'field/status': { ja: '状態', en: 'Status' },
  'field/key': { ja: '秘密鍵', en: 'Private key' },
  'field/product': { ja: '更新の規則', en: 'Renewal rules' },
  'field/imported': { ja: '取り込み日時', en: 'Imported' },
  'field/format': { ja: '取り込んだ形式', en: 'Imported as' },
  'key/key-store': {
    ja: 'このブラウザーの鍵ストアにあります（取り出し不可）',
    en: 'In this browser’s key store (not extractable)',
  },
  'key/vault': { ja: '保管庫にあります（書き出し可能）', en: 'In the vault (exportable)' },
  'key/missing': {
    ja: 'このブラウザーにはありません（確認用に保管）',
    en: 'Not in this browser (kept for reference)',
  },
  'key/ca': { ja: 'CA の鍵（ここにはありません）', en: 'The CA’s key (never here)' },
  'chain-title': { ja: '証明書チェーン', en: 'Certificate chain' },
  'chain-incomplete': {
    ja: '発行者 {issuer} の証明書は保管庫にありません。',
    en: 'The issuer {issuer} is not in the vault.',
  },
  'chain-root': { ja: 'ルート', en: 'root' },
  'chain-verified': {
    ja: '署名を検証し、{root} までつながることを確認しました。',
    en: 'Chain verified to {root}.',
  },
  'chain-problems': {
    ja: 'チェーンを検証できませんでした：',
    en: 'The chain could not be verified:',
  },
  'check-revocation': { ja: '今すぐ失効を確認', en: 'Check revocation now' },
  'check-revocation-hint': {
    ja: 'チェーンの各証明書の CRL をダウンロードして確認し、結果を履歴に残します。',
    en: 'Downloads the CRL of every certificate in the chain, checks it and keeps the answer in the history.',
  },
  'checking-revocation': { ja: '失効を確認しています…', en: 'Checking revocation…' },
  'revocation-result': { ja: '失効の確認結果：{status}', en: 'Revocation check: {status}' },
  'revocation-result-reason': {
    ja: '失効の確認結果：{status}（理由：{reason}）',
    en: 'Revocation check: {status} (reason: {reason})',
  },
  'token-write-open': { ja: 'トークンに書き込む', en: 'Write to token' },
  'token-write-title': { ja: '証明書をトークンに書き込む', en: 'Write the certificate to a token' },
  'token-write-hint': {
    ja: '鍵を持つハードウェアトークンに証明書を書き込みます。書き込む前に、トークンがこの証明書の鍵を持っていることを署名で確かめます。',
    en: 'Writes the certificate to the hardware token that holds its key. The token first proves with a signature that it holds this certificate’s key.',
  },
  'token-write': { ja: 'トークンに書き込む', en: 'Write to token' },
  'token-slot-hint': {
    ja: '証明書の鍵があるスロットを選んでください。',
    en: 'Choose the slot that holds the certificate’s key.',
  },
  'token-pin-hint': {
    ja: '鍵を確かめる署名に使います。保存も再試行もしません。',
    en: 'Used for the proof signature; never stored, never retried.',
  },
  'token-admin-pin-hint': {
    ja: 'OpenPGP カードに証明書を書き込むのに必要です。',
    en: 'Writing the certificate to an OpenPGP card needs it.',
  },
  'token-management-key': { ja: '管理鍵（書き込みに必要）', en: 'Management key (needed to write)' },
  'token-connecting': { ja: 'トークンに接続しています…', en: 'Connecting to the token…' },
  'token-connected': { ja: '接続しました：{label}', en: 'Connected: {label}' },
  'token-writing': { ja: 'トークンに書き込んでいます…', en: 'Writing to the token…' },
  'token-written': {
    ja: '証明書を {device} の {where} に書き込みました。',
    en: 'The certificate was written to {where} on {device}.',
  },
  'token-unchanged': {
    ja: 'この証明書はすでに {device} の {where} にあります（書き込みは不要でした）。',
    en: 'The certificate is already on the token ({where} on {device}); nothing was written.',
  },
  'rules-label': { ja: '更新ルール', en: 'Rules' },
  'rules-hint': {
    ja: 'この証明書の通知日と更新期間を決める規則です。',
    en: 'The rules that set this certificate’s notice date and renewal window.',
  },
  'rules-changed': { ja: '更新ルールを「{rules}」にしました。', en: 'Rules changed to “{rules}”.' },
  'revocation-title': { ja: '失効の確認', en: 'Revocation' },
  'revocation/none': { ja: 'まだ確認していません。', en: 'Not checked yet.' },
  'revocation/good': { ja: '失効していません', en: 'Not revoked' },
  'revocation/revoked': { ja: '失効しています', en: 'Revoked' },
  'revocation/unknown': { ja: '確認できませんでした', en: 'Could not be determined' },
  'revocation/checked': { ja: '確認日時', en: 'Checked' },
  'revocation/date': { ja: '失効日時', en: 'Revoked on' },
  'revocation/reason': { ja: '理由', en: 'Reason' },
  'revocation/this-update': { ja: 'CRL の発行日時', en: 'CRL this update' },
  'revocation/next-update': { ja: 'CRL の次回更新予定', en: 'CRL next update' },
  'revocation/crl': { ja: 'CRL', en: 'CRL' },
  'revocation/problems': { ja: '問題', en: 'Problems' },
  'schedule-title': { ja: '更新の予定', en: 'Renewal schedule' },
  'schedule/notice': { ja: 'お知らせ日', en: 'Notice date' },
  'schedule/opens': { ja: '更新申請の開始', en: 'Renewal opens' },
  'schedule/window': { ja: '更新申請期間', en: 'Renewal window' },
  'schedule/window-value': { ja: '{from} ～ {to}', en: '{from} to {to}' },
  'schedule/renew-at': { ja: '更新の目安', en: 'Renew by' },
  'schedule/lifetime': { ja: '有効日数', en: 'Lifetime' },
  'schedule/days': { ja: '{days} 日', en: '{days} days' },
  'schedule/violations': { ja: '規則との違い', en: 'Departures from the rules' },
  'history-title': { ja: '履歴', en: 'History' },
  'history/none': { ja: '履歴はありません。', en: 'No history.' },
  'event/csr-created': { ja: 'CSR を作成', en: 'CSR created' },
  'event/certificate-imported': { ja: '証明書を取り込み', en: 'Certificate imported' },
  'event/revocation-checked': { ja: '失効を確認', en: 'Revocation checked' },
  'event/exported': { ja: '書き出し', en: 'Exported' },
  'event/deleted': { ja: '削除', en: 'Deleted' },
  jst: { ja: '日本時間', en: 'JST' },
  utc: { ja: 'UTC', en: 'UTC' },
  // Actions
  'actions-title': { ja: '書き出しと操作', en: 'Export and actions' },
  'download-leaf': { ja: '証明書（PEM）', en: 'Certificate (PEM)' },
  'download-fullchain': { ja: 'チェーン全体（PEM）', en: 'Full chain (PEM)' },
  'download-chain': { ja: 'ルートを除くチェーン（PEM）', en: 'Chain without root (PEM)' },
  'download-hint': {
    ja: 'サーバーには通常「ルートを除くチェーン」を設定します。',
    en: 'Servers usually want the chain without the root.',
  },
  'key-export-title': { ja: '秘密鍵（暗号化 PKCS#8）', en: 'Private key (encrypted PKCS#8)' },
  'pkcs12-title': { ja: 'PKCS#12（.p12）', en: 'PKCS#12 (.p12)' },
  passphrase: { ja: 'パスフレーズ', en: 'Passphrase' },
  'passphrase-again': { ja: 'パスフレーズ（確認）', en: 'Passphrase (again)' },
  'passphrase-mismatch': { ja: 'パスフレーズが一致しません。', en: 'The passphrases do not match.' },
  'download-key': { ja: '秘密鍵を書き出す', en: 'Export the key' },
  'needs-passphrase': {
    ja: '上の 2 つの欄に同じパスフレーズを入力すると書き出せます。',
    en: 'Type the same passphrase in both fields above to export.',
  },
  'download-pkcs12': { ja: 'PKCS#12 を書き出す', en: 'Export PKCS#12' },
  legacy: {
    ja: '古い環境との互換（3DES / RC2、SHA-1 MAC：Windows Server 2016 以前など）',
    en: 'Legacy compatible (3DES / RC2, SHA-1 MAC: Windows Server 2016 and older)',
  },
  'key-not-exportable': {
    ja: 'この鍵は取り出せない形で保管されているため、書き出せません。',
    en: 'This key is stored so that it cannot be read out, so it cannot be exported.',
  },
  'key-absent': {
    ja: '秘密鍵がこのブラウザーにないため、鍵と PKCS#12 は書き出せません。',
    en: 'The private key is not in this browser, so the key and PKCS#12 cannot be exported.',
  },
  exporting: { ja: '書き出しています…', en: 'Exporting…' },
  exported: { ja: '{file} を書き出しました。', en: '{file} was exported.' },
  renew: {
    ja: '更新する（同じ名前、新しい鍵で CSR を作成）',
    en: 'Renew (new CSR with the same names, new key)',
  },
  'renew-sent': {
    ja: '更新用の CSR 作成画面を開きました。',
    en: 'The CSR studio was opened for the renewal.',
  },
  // ACME certificates are renewed by ordering again with the same account.
  'renew-now': { ja: '今すぐ更新', en: 'Renew now' },
  'renew-now-sent': { ja: '更新を始めました。', en: 'The renewal was started.' },
  delete: { ja: '削除…', en: 'Delete…' },
  'delete-title': { ja: '証明書を削除する', en: 'Delete the certificate' },
  'delete-warning': {
    ja: '保管庫から証明書を削除します。履歴は残ります。元に戻せません。',
    en: 'The certificate is removed from the vault (its history stays). This cannot be undone.',
  },
  'delete-with-key': { ja: '秘密鍵も削除する', en: 'Delete its private key too' },
  'delete-valid-key': {
    ja: 'この証明書はまだ使えます。鍵を削除すると、この証明書はサーバーで使えなくなることを理解しました。',
    en: 'This certificate is still valid. I understand that without its key it can no longer be used on a server.',
  },
  'delete-word': { ja: '削除', en: 'delete' },
  'delete-label': {
    ja: '確認のため「{word}」と入力してください',
    en: 'Type “{word}” to confirm',
  },
  'delete-confirm': { ja: '削除する', en: 'Delete' },
  deleted: { ja: '{name} を削除しました。', en: '{name} was deleted.' },
  'deleted-key': { ja: '秘密鍵も削除しました。', en: 'Its private key was deleted too.' },
  'key-kept': {
    ja: '秘密鍵はほかの証明書でも使われているため残しました。',
    en: 'The private key was kept: other certificates use it.',
  },
  // Backup
  'backup-title': { ja: 'バックアップと復元', en: 'Backup and restore' },
  'backup-hint': {
    ja: '保管庫全体を 1 つのファイルにパスフレーズで暗号化して保存します。取り出せない形の鍵は含まれません。',
    en: 'Saves the whole vault as one file encrypted with a passphrase. Keys stored as not extractable cannot be included.',
  },
  'backup-download': { ja: 'バックアップを保存', en: 'Download backup' },
  'backing-up': { ja: 'バックアップを作っています…', en: 'Making the backup…' },
  'backup-done': {
    ja: '{file} を保存しました（証明書 {certificates} 件、鍵 {keys} 個）。',
    en: '{file} saved ({certificates} certificate(s), {keys} key(s)).',
  },
  'backup-missing-keys': {
    ja: '次の鍵はバックアップに含まれていません。このブラウザーのデータが消えると失われます：',
    en: 'These keys are not in the backup and are lost if this browser’s data is lost:',
  },
  'reason/not-extractable': { ja: '取り出せない形で保管', en: 'stored as not extractable' },
  'reason/export-failed': { ja: '書き出しに失敗', en: 'export failed' },
  'restore-file': { ja: 'バックアップファイル', en: 'Backup file' },
  'restore-submit': { ja: '復元する', en: 'Restore' },
  restoring: { ja: '復元しています…', en: 'Restoring…' },
  'restore-done': {
    ja: '復元しました：証明書 {certificates} 件（既存 {duplicates} 件）、鍵 {keys} 個、履歴 {history} 件。',
    en: 'Restored {certificates} certificate(s) ({duplicates} already here), {keys} key(s), {history} history event(s).',
  },
  'restore-choose': { ja: 'ファイルを選んでください。', en: 'Choose a file.' },
  'restore-missing-keys': {
    ja: 'このバックアップには、作成時に書き出せなかった次の鍵が含まれていません：',
    en: 'This backup does not contain these keys, which could not be exported when it was made:',
  },
  'used-by': { ja: '（証明書 {count} 件で使用）', en: '(used by {count} certificate(s))' },
} satisfies Record<string, { ja: string; en: string }>;

export type VaultLabel = keyof typeof labels;

export type VaultTranslate = (key: VaultLabel, params?: Record<string, string | number>) => string;

/** Binds a locale: `t('title')`, `t('expires', { date })`. Unknown placeholders stay visible. */
export function translator(locale: Locale): VaultTranslate {
  return labelTranslator(labels, locale);
}

/** Both languages, for the typed delete confirmation (either word is accepted). */
export function bothLanguages(key: VaultLabel): string[] {
  return [labels[key].ja, labels[key].en];
}
