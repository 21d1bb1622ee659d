/**
 * The one string table for shirushi: error messages from the core and labels used by the widgets.
 * Every entry has Japanese and English text; `{name}` placeholders are filled by `formatMessage`.
 */
import type { Locale, LocalizedText } from './types.js';

export type { Locale, LocalizedText };

export const LOCALES: readonly Locale[] = ['ja', 'en'];

import { acmeCodes, acmeLabels } from './acme-strings.js';
import { revocationCodes } from './revocation-strings.js';
import { csrCodes, csrLabels } from './csr-strings.js';
import { ocspCodes } from './ocsp-strings.js';

const coreCodes = {
  // Input size and PEM armour
  'input/empty': { ja: '入力が空です。', en: 'The input is empty.' },
  'input/too-large': {
    ja: '入力が大きすぎます（{size} バイト、上限 {limit} バイト）。',
    en: 'The input is too large ({size} bytes; the limit is {limit} bytes).',
  },
  'pem/no-data': {
    ja: 'PEM ブロックも Base64 データも見つかりません。',
    en: 'No PEM block or base64 data was found.',
  },
  'pem/wrong-label': {
    ja: '「{found}」の PEM ブロックです。「{expected}」が必要です。',
    en: 'This is a "{found}" PEM block; a "{expected}" is needed.',
  },
  'pem/mismatched-label': {
    ja: 'PEM の BEGIN 行（{begin}）と END 行（{end}）のラベルが一致しません。',
    en: 'The PEM BEGIN label ({begin}) does not match the END label ({end}).',
  },
  'pem/unterminated': {
    ja: '「{label}」の PEM ブロックに END 行がありません。',
    en: 'The "{label}" PEM block has no END line.',
  },
  'pem/bad-base64': {
    ja: 'Base64 の形式が正しくありません（{detail}）。',
    en: 'The base64 data is malformed ({detail}).',
  },
  // DER structure
  'der/truncated': {
    ja: 'DER データが途中で切れています（オフセット {offset}）。',
    en: 'The DER data is truncated (at offset {offset}).',
  },
  'der/trailing-data': {
    ja: 'DER データの後に余分な {count} バイトがあります。',
    en: 'There are {count} extra bytes after the DER data.',
  },
  'der/bad-length': {
    ja: 'DER の長さの符号化が正しくありません（オフセット {offset}）。',
    en: 'A DER length is badly encoded (at offset {offset}).',
  },
  'der/bad-tag': {
    ja: 'DER のタグが正しくありません（オフセット {offset}）。',
    en: 'A DER tag is badly encoded (at offset {offset}).',
  },
  'der/too-deep': {
    ja: 'ASN.1 の入れ子が深すぎます（上限 {limit}）。',
    en: 'The ASN.1 nesting is too deep (the limit is {limit}).',
  },
  'der/too-many-nodes': {
    ja: 'ASN.1 の要素が多すぎます（上限 {limit}）。',
    en: 'There are too many ASN.1 elements (the limit is {limit}).',
  },
  // Certificates
  'certificate/not-a-certificate': {
    ja: 'X.509 証明書の構造ではありません（{detail}）。',
    en: 'This is not an X.509 certificate structure ({detail}).',
  },
  'certificate/bad-version': {
    ja: '証明書のバージョン（{version}）に対応していません。',
    en: 'The certificate version ({version}) is not supported.',
  },
  'certificate/bad-time': {
    ja: '証明書の有効期間の日時が正しくありません（{detail}）。',
    en: 'The certificate validity time is malformed ({detail}).',
  },
  'certificate/bad-extension': {
    ja: '証明書の拡張「{name}」を読み取れません（{detail}）。',
    en: 'The certificate extension "{name}" cannot be read ({detail}).',
  },
  'certificate/duplicate-extension': {
    ja: '証明書の拡張「{name}」が重複しています。',
    en: 'The certificate extension "{name}" appears more than once.',
  },
  'certificate/bad-name': {
    ja: '証明書の名前（{field}）を読み取れません（{detail}）。',
    en: 'The certificate name ({field}) cannot be read ({detail}).',
  },
  'certificate/bad-public-key': {
    ja: '証明書の公開鍵を読み取れません（{detail}）。',
    en: 'The certificate public key cannot be read ({detail}).',
  },
  // Fetching CRLs in the browser
  'crl-fetch/bad-url': {
    ja: 'CRL の URL「{url}」が正しくありません。',
    en: 'The CRL URL "{url}" is not valid.',
  },
  'crl-fetch/network': {
    ja: 'CRL を取得できません（{url}）：{detail}',
    en: 'The CRL could not be downloaded ({url}): {detail}',
  },
  'crl-fetch/http-status': {
    ja: 'CRL の取得に失敗しました（{url}、HTTP {status}）。',
    en: 'Downloading the CRL failed ({url}, HTTP {status}).',
  },
  'crl-fetch/too-large': {
    ja: 'CRL が大きすぎます（{url}、上限 {limit} バイト）。',
    en: 'The CRL is too large ({url}; the limit is {limit} bytes).',
  },
  'crl-fetch/aborted': {
    ja: 'CRL の取得を中止しました（{url}）。',
    en: 'Downloading the CRL was cancelled ({url}).',
  },
  'crl-fetch/not-verified': {
    ja: '取得した CRL（{url}）を検証できないため使いません：{detail}',
    en: 'The downloaded CRL ({url}) could not be verified and is not used: {detail}',
  },
  'crl-fetch/older-than-cached': {
    ja: '取得した CRL（{url}）は保存済みのもの（番号 {cached}）より古いため使いません。',
    en: 'The downloaded CRL ({url}) is older than the stored one (number {cached}) and is not used.',
  },
  'crl-fetch/worker-failed': {
    ja: 'CRL を検査するワーカーが失敗しました：{detail}',
    en: 'The worker that checks CRLs failed: {detail}',
  },
  'hostname/invalid': {
    ja: 'ホスト名「{host}」が正しくありません。',
    en: 'The host name "{host}" is not valid.',
  },
  'crl-fetch/mixed-content': {
    ja: 'HTTPS のページからは http の CRL（{url}）を取得できません。ミラー（mirror）を設定してください。',
    en: 'An HTTPS page cannot download the http:// CRL {url}; configure a mirror.',
  },
  'crl-fetch/cache-failed': {
    ja: 'CRL をブラウザーに保存できないか、読み込めません：{detail}',
    en: 'The CRL could not be stored in or read from browser storage: {detail}',
  },
  // seal
  'seal/bad-brand': {
    ja: 'シールのブランド「{brand}」は使えません（secom、jprs、generic のいずれか）。',
    en: 'The seal brand "{brand}" is not one of secom, jprs or generic.',
  },
  'seal/bad-leaf': {
    ja: 'シールに登録する証明書を読み取れません：{detail}',
    en: 'The certificate to register for the seal cannot be read: {detail}',
  },
  'seal/leaf-is-ca': {
    ja: '証明書「{subject}」は CA 証明書です。シールにはサーバー証明書を登録してください。',
    en: 'The certificate "{subject}" is a CA certificate; register the server certificate for a seal.',
  },
  'seal/bad-chain-certificate': {
    ja: '中間証明書 {index} を読み取れません：{detail}',
    en: 'Chain certificate {index} cannot be read: {detail}',
  },
  'seal/chain-not-ca': {
    ja: '中間証明書 {index}（「{subject}」）は CA 証明書ではありません。',
    en: 'Chain certificate {index} ("{subject}") is not a CA certificate.',
  },
  'seal/chain-order': {
    ja: '「{subject}」の発行者（{issuer}）が、チェーンの次の証明書（「{next}」）と一致しません。チェーンはサーバー証明書の発行者から順に並べてください。',
    en: 'The issuer of "{subject}" ({issuer}) is not the next certificate in the chain ("{next}"); list the chain from the server certificate\'s issuer upwards.',
  },
  'seal/chain-invalid': {
    ja: 'チェーンの署名を検証できません：{detail}',
    en: 'The chain does not verify: {detail}',
  },
  'seal/bad-id': {
    ja: 'シール ID「{id}」が正しくありません（SHA-256 の 16 進 64 文字）。',
    en: 'The seal id "{id}" is not valid (64 lowercase hex digits of a SHA-256).',
  },
  'seal/bad-base-url': {
    ja: 'シールの配信元 URL「{url}」が正しくありません（https:// または http:// の URL）。',
    en: 'The seal base URL "{url}" is not valid (an https:// or http:// URL).',
  },
  'seal/bad-size': {
    ja: 'シールの大きさ「{size}」は使えません（{sizes} のいずれか）。',
    en: 'The seal size "{size}" is not one of {sizes}.',
  },
  'seal/bad-integrity': {
    ja: 'サブリソース完全性（SRI）の値「{integrity}」が正しくありません。',
    en: 'The Subresource Integrity value "{integrity}" is not valid.',
  },
  'seal/bad-record': {
    ja: 'シールの登録記録（{path}）が正しくありません：{detail}',
    en: 'The seal record {path} is not valid: {detail}',
  },
  'seal/record-conflict': {
    ja: 'ID {id} の別の登録記録がすでにあります（{path}）。登録記録は変更できません。',
    en: 'A different record with id {id} already exists ({path}); seal records are immutable.',
  },
  'seal/no-issuer': {
    ja: 'シール {id} には発行者の証明書が登録されていないため、失効を確認できません。',
    en: 'Seal {id} has no issuer certificate registered, so its revocation cannot be checked.',
  },
  'seal/no-crl-url': {
    ja: 'シール {id} の証明書には CRL の配布点がありません。',
    en: 'The certificate of seal {id} names no CRL distribution point.',
  },
  'seal/ca-revoked': {
    ja: 'シールの証明書を発行した CA の証明書（{subject}）が失効しています。',
    en: 'The certificate of a CA above the seal certificate ({subject}) is revoked.',
  },
  'seal/crl-unavailable': {
    ja: 'CRL を取得できません（{url}）：{detail}',
    en: 'The CRL could not be obtained ({url}): {detail}',
  },
  'seal/file': {
    ja: 'ファイル {path} を読み書きできません：{detail}',
    en: 'The file {path} cannot be read or written: {detail}',
  },
  'seal/usage': {
    ja: 'コマンドの使い方が正しくありません：{detail}（shirushi --help を参照）',
    en: 'Wrong command usage: {detail} (see shirushi --help)',
  },
  'seal/verify-not-registered': {
    ja: 'シール {id} は登録されていません（{url} がありません）。',
    en: 'Seal {id} is not registered ({url} does not exist).',
  },
  'seal/verify-unreachable': {
    ja: '{url} を取得できません：{detail}',
    en: '{url} could not be downloaded: {detail}',
  },
  'seal/verify-timeout': {
    ja: '{url} の取得が {seconds} 秒以内に終わりませんでした。',
    en: '{url} did not download within {seconds} seconds.',
  },
  'seal/verify-too-large': {
    ja: '{url} が大きすぎます（上限 {limit} バイト）。',
    en: '{url} is too large (the limit is {limit} bytes).',
  },
  'seal/verify-id-mismatch': {
    ja: '登録記録の証明書（SHA-256 {fingerprint}）がシール ID {id} と一致しません。',
    en: 'The certificate in the record (SHA-256 {fingerprint}) does not match seal id {id}.',
  },
  'seal/verify-bad-anchors': {
    ja: '追加のトラストアンカー（{url}）を読み取れないため使いません：{detail}',
    en: 'The additional trust anchors ({url}) cannot be read and are not used: {detail}',
  },
  'seal/verify-status-missing': {
    ja: 'シールの状態ファイル（{url}）を読み取れません：{detail}',
    en: 'The seal status file ({url}) cannot be read: {detail}',
  },
  'seal/verify-status-disagrees': {
    ja: 'この確認の結果（{page}）が、提供元の状態ファイルの内容（{file}、{checkedAt} 確認）と異なります。',
    en: 'This check ({page}) disagrees with the provider’s status file ({file}, checked {checkedAt}).',
  },
  'seal/verify-no-referrer': {
    ja: 'シールが表示されていたサイトがわかりません（ブラウザーが参照元を送りませんでした）。',
    en: 'The site that showed the seal is unknown (the browser sent no referrer).',
  },
  'seal/verify-wrong-site': {
    ja: 'シールは {host} に表示されていましたが、証明書にこのドメインは記載されていません。',
    en: 'The seal was shown on {host}, which the certificate does not name.',
  },
  'seal/verify-no-crl': {
    ja: '証明書「{subject}」には CRL の配布点がないため、失効を確認できません。',
    en: 'The certificate "{subject}" names no CRL, so its revocation cannot be checked.',
  },
  'seal/verify-crl-stale': {
    ja: 'CRL（{url}）は古くなっています（次回更新予定 {nextUpdate}）。最新の失効情報ではありません。',
    en: 'The CRL ({url}) is stale (its next update was due {nextUpdate}); it is not current revocation information.',
  },
  // (more crl-fetch/* codes go here)
  // pkcs12 / pkcs7 / lifecycle
  'pkcs12/malformed': {
    ja: 'PKCS#12（.p12 / .pfx）ファイルの構造が正しくありません（{detail}）。',
    en: 'The PKCS#12 (.p12 / .pfx) file is malformed ({detail}).',
  },
  'pkcs12/wrong-password': {
    ja: 'PKCS#12 ファイルのパスワードが違います。',
    en: 'The password of the PKCS#12 file is wrong.',
  },
  'pkcs12/unsupported-algorithm': {
    ja: 'この PKCS#12 ファイルの暗号方式には対応していません（{detail}）。',
    en: 'This PKCS#12 file uses a scheme shirushi does not support ({detail}).',
  },
  'pkcs12/iterations-too-high': {
    ja: 'PKCS#12 ファイルの反復回数（{iterations}）が上限（{limit}）を超えています。',
    en: 'The PKCS#12 file asks for {iterations} iterations; the limit is {limit}.',
  },
  'pkcs12/no-key': {
    ja: 'PKCS#12 ファイルに秘密鍵が入っていません。',
    en: 'The PKCS#12 file holds no private key.',
  },
  'pkcs12/no-certificate': {
    ja: 'PKCS#12 ファイルに秘密鍵と対になる証明書が入っていません。',
    en: 'The PKCS#12 file holds no certificate for its private key.',
  },
  'pkcs12/key-mismatch': {
    ja: '秘密鍵と証明書の公開鍵が一致しません。',
    en: "The private key does not match the certificate's public key.",
  },
  'pkcs12/not-extractable': {
    ja: 'この秘密鍵は取り出し不可（non-extractable）として作られたため、PKCS#12 に書き出せません。',
    en: 'This private key was made non-extractable, so it cannot be exported to PKCS#12.',
  },
  'pkcs12/empty-password': {
    ja: 'PKCS#12 ファイルを守るパスワードを入力してください。',
    en: 'Enter a password to protect the PKCS#12 file.',
  },
  'pkcs7/malformed': {
    ja: 'PKCS#7（.p7b / .p7c）ファイルの構造が正しくありません（{detail}）。',
    en: 'The PKCS#7 (.p7b / .p7c) file is malformed ({detail}).',
  },
  'pkcs7/not-signed-data': {
    ja: 'PKCS#7 の SignedData ではありません（内容の種類 {contentType}）。',
    en: 'This is not PKCS#7 SignedData (content type {contentType}).',
  },
  'pkcs7/no-certificates': {
    ja: 'PKCS#7 ファイルに証明書が入っていません。',
    en: 'The PKCS#7 file holds no certificates.',
  },
  'lifecycle/unknown-product': {
    ja: '製品「{product}」の更新ルールはありません（jprs、secom-gid、acme、generic のいずれか）。',
    en: 'There are no renewal rules for "{product}" (one of jprs, secom-gid, acme, generic).',
  },
  'lifecycle/bad-years': {
    ja: '有効期間 {years} 年はこの製品にはありません（{allowed} 年）。',
    en: 'A validity of {years} years does not exist for this product ({allowed} years).',
  },
  'lifecycle/jprs-carry-over': {
    ja: '引き継ぐ残存期間（{months} か月）が上限の {limit} か月を超えています。',
    en: 'The {months} carried-over months exceed the limit of {limit}.',
  },
  'lifecycle/jprs-too-long-total': {
    ja: '有効期間の合計（{months} か月）が上限の {limit} か月を超えています。',
    en: 'The total validity of {months} months exceeds the limit of {limit}.',
  },
  'lifecycle/jprs-not-month-end': {
    ja: 'JPRS の証明書は月末に期限が切れますが、この証明書の期限は {notAfter} です。',
    en: 'JPRS certificates expire on the last day of a month; this one expires {notAfter}.',
  },
  'lifecycle/jprs-too-long': {
    ja: '有効期間が {months} か月にわたり、JPRS の上限 {limit} か月を超えています。',
    en: "The validity spans {months} months, more than JPRS's limit of {limit}.",
  },
  'lifecycle/gid-end-time': {
    ja: 'セコム G-ID の証明書は日本時間 23:59:59 に期限が切れますが、この証明書の期限は {notAfter} です。',
    en: 'SECOM G-ID certificates expire at 23:59:59 JST; this one expires {notAfter}.',
  },
  'lifecycle/gid-validity': {
    ja: '有効期間（{notBefore} から {notAfter}）が G-ID の規則（2 年または 3 年 + 1 か月 − 1 日）と合いません。',
    en: 'The validity ({notBefore} to {notAfter}) is not the G-ID rule of 2 or 3 years + 1 month - 1 day.',
  },
  'lifecycle/acme-too-long': {
    ja: '有効期間が {days} 日あり、ACME 証明書の上限 {limit} 日を超えています。',
    en: 'The lifetime is {days} days, more than the {limit} days of an ACME certificate.',
  },
  // vault (issue 6: certificate vault storage)
  'vault/unavailable': {
    ja: 'このブラウザーでは証明書の保管庫（IndexedDB）を使えません。プライベートモードや保存の制限を確認してください（{detail}）。',
    en: 'The certificate vault (IndexedDB) is not available in this browser; check private browsing or storage settings ({detail}).',
  },
  'vault/quota-exceeded': {
    ja: '保存容量が足りないため保管庫に書き込めませんでした。何も保存されていません。空き容量を増やしてからやり直してください。',
    en: 'The vault could not be written because storage is full. Nothing was saved; free some space and try again.',
  },
  'vault/write-failed': {
    ja: '保管庫への書き込みに失敗しました。何も保存されていません（{detail}）。',
    en: 'Writing to the vault failed. Nothing was saved ({detail}).',
  },
  'vault/newer-version': {
    ja: '保管庫は新しい版の shirushi で作られています（{detail}）。ページを再読み込みしてください。',
    en: 'The vault was created by a newer version of shirushi ({detail}); reload the page.',
  },
  'vault/closed': {
    ja: '保管庫は閉じられています（{reason}）。ページを再読み込みしてください。',
    en: 'The vault is closed ({reason}); reload the page.',
  },
  'vault/not-found': {
    ja: '保管庫に証明書 {id} はありません。',
    en: 'The vault holds no certificate {id}.',
  },
  'vault/no-certificates': {
    ja: '読み込んだファイルに証明書が見つかりません（{detail}）。',
    en: 'No certificate was found in the file ({detail}).',
  },
  'vault/password-required': {
    ja: 'PKCS#12（.p12 / .pfx）ファイルです。読み込むにはパスワードを入力してください。',
    en: 'This is a PKCS#12 (.p12 / .pfx) file; enter its password to import it.',
  },
  'vault/confirm-required': {
    ja: '証明書 {id} を削除するには確認が必要です。',
    en: 'Deleting certificate {id} needs confirmation.',
  },
  'vault/confirm-key-required': {
    ja: '証明書 {id} はまだ有効です。その秘密鍵も削除するには、もう一度確認してください。',
    en: 'Certificate {id} is still valid; deleting its private key needs a second confirmation.',
  },
  'vault/empty-passphrase': {
    ja: 'バックアップを守るパスフレーズを入力してください。',
    en: 'Enter a passphrase to protect the backup.',
  },
  'vault/wrong-passphrase': {
    ja: 'バックアップのパスフレーズが違います。',
    en: 'The passphrase of the backup is wrong.',
  },
  'vault/backup-malformed': {
    ja: '保管庫のバックアップファイルとして読み取れません（{detail}）。',
    en: 'This is not a readable vault backup ({detail}).',
  },
  // (end of vault)
  // token
  'token/disconnected': {
    ja: 'トークンまたはカードリーダーが取り外されました（{detail}）。差し込み直してからやり直してください。',
    en: 'The token or card reader was unplugged ({detail}); plug it in again and retry.',
  },
  'token/transport-failed': {
    ja: 'トークンとの通信に失敗しました（{detail}）。',
    en: 'Talking to the token failed ({detail}).',
  },
  'token/not-open': {
    ja: 'トークンへの接続が開かれていません。',
    en: 'The connection to the token is not open.',
  },
  'token/no-device': {
    ja: '使えるトークンまたはカードリーダーが見つかりません（{detail}）。',
    en: 'No usable token or card reader was found ({detail}).',
  },
  'token/unsupported-reader': {
    ja: 'このカードリーダーには対応していません（{detail}）。',
    en: 'This card reader is not supported ({detail}).',
  },
  'token/bad-response': {
    ja: 'トークンの応答を読み取れません（{detail}）。',
    en: 'The token sent a response that cannot be read ({detail}).',
  },
  'token/card-error': {
    ja: 'カードが {command} を拒否しました（ステータス {sw}）。',
    en: 'The card refused {command} (status {sw}).',
  },
  'token/application-not-found': {
    ja: 'カードに {application} アプリケーションがありません。',
    en: 'The card has no {application} application.',
  },
  'token/wrong-pin': {
    ja: '{pin} が違います。あと {tries} 回間違えるとロックされます。',
    en: 'Wrong {pin}; {tries} tries left before it is blocked.',
  },
  'token/pin-blocked': {
    ja: '{pin} はロックされています。PUK または管理者 PIN で解除してください。',
    en: 'The {pin} is blocked; unblock it with the PUK or the admin PIN.',
  },
  'token/bad-pin-format': {
    ja: '{pin} は {min}〜{max} 文字で入力してください。',
    en: 'The {pin} must be {min} to {max} characters long.',
  },
  'token/security-status': {
    ja: 'この操作には PIN または管理鍵による認証が必要です（{command}）。',
    en: 'This operation needs the PIN or the management key first ({command}).',
  },
  'token/management-key-failed': {
    ja: '管理鍵による認証に失敗しました。鍵が違うか、アルゴリズム（{algorithm}）が違います。',
    en: 'Management-key authentication failed: wrong key or wrong algorithm ({algorithm}).',
  },
  'token/unsupported-algorithm': {
    ja: 'トークンはこのアルゴリズムに対応していません（{algorithm}）。',
    en: 'The token does not support this algorithm ({algorithm}).',
  },
  'token/key-mismatch': {
    ja: 'トークンの鍵（{where}）は、この証明書（{subject}）の鍵ではありません。証明書は書き込みませんでした。',
    en: 'The key on the token ({where}) is not the key of this certificate ({subject}); the certificate was not written.',
  },
  'token/admin-pin-required': {
    ja: 'OpenPGP カードに証明書を書き込むには管理者 PIN（PW3）が必要です。',
    en: 'Writing a certificate to an OpenPGP card needs the admin PIN (PW3).',
  },
  'token/no-key': {
    ja: 'スロット {slot} に鍵がありません。',
    en: 'There is no key in slot {slot}.',
  },
  'token/no-webusb': {
    ja: 'このブラウザーには WebUSB がありません（Firefox と Safari は非対応）。Chrome または Edge を使ってください。',
    en: 'This browser has no WebUSB (Firefox and Safari do not implement it); use Chrome or Edge.',
  },
  'token/no-webhid': {
    ja: 'このブラウザーには WebHID がありません（Firefox と Safari は非対応）。Chrome または Edge を使ってください。',
    en: 'This browser has no WebHID (Firefox and Safari do not implement it); use Chrome or Edge.',
  },
  'token/insecure-context': {
    ja: 'ハードウェアトークンは HTTPS（または localhost）で開いたページからしか使えません。',
    en: 'Hardware tokens can only be used from a page served over HTTPS (or localhost).',
  },
  'token/ccid-needs-isolated-app': {
    ja: 'Chrome は通常のページからスマートカードリーダー（USB クラス 0x0B）を使わせません。usb-unrestricted 権限を持つ Isolated Web App として動かしてください。',
    en: 'Chrome does not let ordinary pages use smart-card readers (USB class 0x0B); run this as an Isolated Web App with the usb-unrestricted permission.',
  },
  'token/no-smart-card-api': {
    ja: 'Web Smart Card API は Chrome の Isolated Web App でしか使えません。',
    en: 'The Web Smart Card API exists only in Chrome Isolated Web Apps.',
  },
  // (end of pkcs12 / pkcs7 / lifecycle)
  // (more test-facing codes go here)
  'internal/unexpected': {
    ja: '予期しないエラーが発生しました（{detail}）。',
    en: 'An unexpected error occurred ({detail}).',
  },
} satisfies Record<string, LocalizedText>;

/** Widget labels live here too, so translations stay in one place. */
const ui = {
  'ui/language': { ja: '言語', en: 'Language' },
  'ui/viewer/title': { ja: '証明書ビューア', en: 'Certificate viewer' },
  'ui/viewer/input-label': {
    ja: '証明書（PEM または DER）を貼り付けるか、ファイルをドロップしてください',
    en: 'Paste a certificate (PEM or DER) or drop a file',
  },
  'ui/viewer/choose-file': { ja: 'ファイルを選択', en: 'Choose file' },
  'ui/viewer/show': { ja: '表示', en: 'Show' },
  'ui/viewer/clear': { ja: 'クリア', en: 'Clear' },
  'ui/viewer/parsing': { ja: '読み取り中…', en: 'Reading…' },
  'ui/viewer/error': { ja: '証明書を読み取れません', en: 'The certificate cannot be read' },
  'ui/viewer/certificate-n': { ja: '証明書 {n}', en: 'Certificate {n}' },
  'ui/field/version': { ja: 'バージョン', en: 'Version' },
  'ui/field/serial': { ja: 'シリアル番号', en: 'Serial number' },
  'ui/field/subject': { ja: 'サブジェクト', en: 'Subject' },
  'ui/field/issuer': { ja: '発行者', en: 'Issuer' },
  'ui/field/validity': { ja: '有効期間', en: 'Validity' },
  'ui/field/not-before': { ja: '開始', en: 'Not before' },
  'ui/field/not-after': { ja: '終了', en: 'Not after' },
  'ui/field/status': { ja: '状態', en: 'Status' },
  'ui/status/valid': { ja: '有効期間内', en: 'Within validity' },
  'ui/status/expired': { ja: '期限切れ', en: 'Expired' },
  'ui/status/not-yet-valid': { ja: '有効期間前', en: 'Not yet valid' },
  'ui/field/public-key': { ja: '公開鍵', en: 'Public key' },
  'ui/field/spki-sha256': { ja: '公開鍵 SHA-256（SPKI）', en: 'Public key SHA-256 (SPKI)' },
  'ui/field/signature-algorithm': { ja: '署名アルゴリズム', en: 'Signature algorithm' },
  'ui/field/fingerprints': { ja: 'フィンガープリント', en: 'Fingerprints' },
  'ui/field/san': { ja: 'サブジェクト代替名（SAN）', en: 'Subject alternative names' },
  'ui/field/key-usage': { ja: '鍵用途', en: 'Key usage' },
  'ui/field/extended-key-usage': { ja: '拡張鍵用途', en: 'Extended key usage' },
  'ui/field/basic-constraints': { ja: '基本制約', en: 'Basic constraints' },
  'ui/field/ca': { ja: 'CA 証明書', en: 'CA certificate' },
  'ui/field/end-entity': { ja: 'エンドエンティティ', en: 'End entity' },
  'ui/field/path-length': { ja: 'パス長制約', en: 'Path length' },
  'ui/field/ski': { ja: 'サブジェクト鍵識別子', en: 'Subject key identifier' },
  'ui/field/aki': { ja: '認証局鍵識別子', en: 'Authority key identifier' },
  'ui/field/crl-dp': { ja: 'CRL 配布点', en: 'CRL distribution points' },
  'ui/field/aia': { ja: '認証局情報アクセス', en: 'Authority information access' },
  'ui/field/ocsp': { ja: 'OCSP', en: 'OCSP' },
  'ui/field/ca-issuers': { ja: 'CA 証明書の取得先', en: 'CA issuers' },
  'ui/field/policies': { ja: '証明書ポリシー', en: 'Certificate policies' },
  'ui/field/validation-level': { ja: '認証レベル', en: 'Validation level' },
  'ui/field/sct': { ja: '証明書の透明性（SCT）', en: 'Certificate Transparency (SCT)' },
  'ui/field/sct-present': { ja: '埋め込み SCT あり', en: 'Embedded SCTs present' },
  'ui/field/sct-absent': { ja: '埋め込み SCT なし', en: 'No embedded SCTs' },
  'ui/field/extensions': { ja: '拡張（すべて）', en: 'Extensions (all)' },
  'ui/field/critical': { ja: '重要', en: 'critical' },
  'ui/field/none': { ja: 'なし', en: 'none' },
  'ui/level/DV': { ja: 'ドメイン認証（DV）', en: 'Domain validated (DV)' },
  'ui/level/OV': { ja: '組織認証（OV）', en: 'Organization validated (OV)' },
  'ui/level/IV': { ja: '個人認証（IV）', en: 'Individual validated (IV)' },
  'ui/level/EV': { ja: 'EV 認証', en: 'Extended validation (EV)' },
  'ui/time/jst': { ja: '日本時間', en: 'JST' },
  'ui/time/utc': { ja: '協定世界時（UTC）', en: 'UTC' },
  // Language switch options are autonyms, so each reads the same in both languages.
  'ui/language/ja': { ja: '日本語', en: '日本語' },
  'ui/language/en': { ja: 'English', en: 'English' },
  'ui/viewer/file-label': { ja: '証明書ファイル', en: 'Certificate file' },
  'ui/viewer/drop-here': {
    ja: 'ここにファイルをドロップ（.pem / .crt / .cer / .der、{limit} MiB まで）',
    en: 'Drop a file here (.pem, .crt, .cer, .der; up to {limit} MiB)',
  },
  'ui/viewer/shortcut': { ja: 'Ctrl + Enter でも表示できます。', en: 'Ctrl + Enter also shows it.' },
  'ui/viewer/parsed-count': {
    ja: '{count} 件の証明書を読み取りました。',
    en: '{count} certificate(s) read.',
  },
  'ui/viewer/error-code': { ja: 'エラーコード', en: 'Error code' },
  'ui/viewer/in-file': { ja: 'ファイル：{name}', en: 'File: {name}' },
  'ui/field/algorithm': { ja: 'アルゴリズム', en: 'Algorithm' },
  'ui/field/key-size': { ja: '鍵長', en: 'Key size' },
  'ui/field/curve': { ja: '楕円曲線', en: 'Curve' },
  'ui/field/exponent': { ja: '公開指数', en: 'Public exponent' },
  'ui/field/oid': { ja: 'OID', en: 'OID' },
  'ui/field/name': { ja: '名前', en: 'Name' },
  'ui/field/attribute': { ja: '属性', en: 'Attribute' },
  'ui/field/value': { ja: '値', en: 'Value' },
  'ui/field/string-type': { ja: '文字列型', en: 'String type' },
  'ui/field/rfc4514': { ja: 'RFC 4514 形式', en: 'RFC 4514 form' },
  'ui/field/a-label': { ja: 'A ラベル', en: 'A-label' },
  'ui/field/hash': { ja: 'ハッシュ', en: 'Hash' },
  'ui/field/reasons': { ja: '失効理由', en: 'Reasons' },
  'ui/field/crl-issuer': { ja: 'CRL 発行者', en: 'CRL issuer' },
  'ui/field/cps': { ja: 'CPS（認証実施規程）', en: 'CPS' },
  'ui/field/user-notice': { ja: 'ユーザー通知', en: 'User notice' },
  'ui/field/self-issued': { ja: '自己発行', en: 'Self-issued' },
  'ui/field/der': { ja: 'DER 符号化', en: 'DER encoding' },
  'ui/field/pem': { ja: 'PEM 形式で表示', en: 'Show as PEM' },
  'ui/field/hex': { ja: '16 進数で表示', en: 'Show as hex' },
  'ui/san/dns': { ja: 'DNS 名', en: 'DNS names' },
  'ui/san/ip': { ja: 'IP アドレス', en: 'IP addresses' },
  'ui/san/email': { ja: 'メールアドレス', en: 'Email addresses' },
  'ui/san/uri': { ja: 'URI', en: 'URIs' },
  'ui/san/other': { ja: 'その他の名前', en: 'Other names' },
  'ui/ku/digitalSignature': { ja: 'デジタル署名', en: 'Digital signature' },
  'ui/ku/nonRepudiation': { ja: '否認防止', en: 'Non-repudiation' },
  'ui/ku/keyEncipherment': { ja: '鍵の暗号化', en: 'Key encipherment' },
  'ui/ku/dataEncipherment': { ja: 'データの暗号化', en: 'Data encipherment' },
  'ui/ku/keyAgreement': { ja: '鍵共有', en: 'Key agreement' },
  'ui/ku/keyCertSign': { ja: '証明書への署名', en: 'Certificate signing' },
  'ui/ku/cRLSign': { ja: 'CRL への署名', en: 'CRL signing' },
  'ui/ku/encipherOnly': { ja: '暗号化のみ', en: 'Encipher only' },
  'ui/ku/decipherOnly': { ja: '復号のみ', en: 'Decipher only' },
  'ui/status/remaining': { ja: '残り {days} 日', en: '{days} days left' },
  'ui/status/as-of': { ja: '{time} 時点', en: 'as of {time}' },
  'ui/unit/bits': { ja: '{n} ビット', en: '{n} bits' },
  'ui/unit/bytes': { ja: '{n} バイト', en: '{n} bytes' },
  'ui/reason/unspecified': { ja: '理由の指定なし', en: 'Unspecified' },
  'ui/reason/keyCompromise': { ja: '秘密鍵の危殆化', en: 'Key compromise' },
  'ui/reason/cACompromise': { ja: '認証局の危殆化', en: 'CA compromise' },
  'ui/reason/affiliationChanged': { ja: '所属の変更', en: 'Affiliation changed' },
  'ui/reason/superseded': { ja: '新しい証明書への置き換え', en: 'Superseded' },
  'ui/reason/cessationOfOperation': { ja: '運用の終了', en: 'Cessation of operation' },
  'ui/reason/certificateHold': { ja: '一時停止（保留）', en: 'Certificate hold' },
  'ui/reason/removeFromCRL': { ja: 'CRL からの削除', en: 'Remove from CRL' },
  'ui/reason/privilegeWithdrawn': { ja: '権限の取り消し', en: 'Privilege withdrawn' },
  'ui/reason/aACompromise': { ja: '属性認証局の危殆化', en: 'AA compromise' },
  // (more ui/crl-fetch/* labels go here)
  'ui/yes': { ja: 'はい', en: 'Yes' },
  'ui/no': { ja: 'いいえ', en: 'No' },
} satisfies Record<string, LocalizedText>;

const table = { ...coreCodes, ...revocationCodes, ...ocspCodes, ...csrCodes, ...acmeCodes };

export const strings = { ...table, ...ui, ...csrLabels, ...acmeLabels } as const;

export type MessageKey = keyof typeof strings;
export type ErrorCode = keyof typeof table;

/** A value may be text in both languages (a detail that is itself a sentence); the message's language is used. */
export type MessageParams = Record<string, string | number | LocalizedText>;

const paramText = (value: string | number | LocalizedText, locale: Locale): string =>
  typeof value === 'object' ? value[locale] : String(value);

/** Fills `{name}` placeholders; unknown placeholders are left visible so a missing parameter is noticed. */
export function formatMessage(key: MessageKey, locale: Locale, params: MessageParams = {}): string {
  const template = strings[key][locale];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? paramText(params[name]!, locale) : whole,
  );
}

/** Both languages at once, for errors that are shown or logged before a locale is known. */
export function localize(key: MessageKey, params: MessageParams = {}): LocalizedText {
  return { ja: formatMessage(key, 'ja', params), en: formatMessage(key, 'en', params) };
}

/** Picks `ja` for Japanese language tags and `en` for everything else. */
export function pickLocale(languageTag: string | undefined | null): Locale {
  return languageTag?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
