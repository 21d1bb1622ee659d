/**
 * Strings of the ACME client (`src/acme/`): problem documents from the CA, client-side failures, and the
 * revocation reasons a subscriber chooses from. Merged into the one string table in strings.ts.
 *
 * Problem messages end with the server's own explanation (`{detail}`): the CA's words are often the only
 * place that says which name or which limit was hit.
 */
import type { LocalizedText } from './types.js';

/** Error codes: `acme/*`. */
export const acmeCodes = {
  // Problem documents (RFC 8555 6.7), one per urn:ietf:params:acme:error type
  'acme/accountDoesNotExist': {
    ja: 'この鍵の ACME アカウントは CA に登録されていません（{detail}）。',
    en: 'The CA has no ACME account for this key ({detail}).',
  },
  'acme/alreadyRevoked': {
    ja: 'この証明書はすでに失効しています（{detail}）。',
    en: 'This certificate has already been revoked ({detail}).',
  },
  'acme/badCSR': {
    ja: 'CSR が受け付けられませんでした（{detail}）。{findingJa}',
    en: 'The CSR was refused ({detail}). {findingEn}',
  },
  'acme/badNonce': {
    ja: 'ACME サーバーがリクエストの使い捨て番号（nonce）を受け付けませんでした。何度か取り直しても解決しませんでした（{detail}）。',
    en: 'The ACME server did not accept the request nonce, even after fetching fresh ones ({detail}).',
  },
  'acme/badPublicKey': {
    ja: 'CA はこの公開鍵を受け付けません（{detail}）。別の種類の鍵を使ってください。',
    en: 'The CA does not accept this public key ({detail}). Use another kind of key.',
  },
  'acme/badRevocationReason': {
    ja: 'CA はこの失効理由を受け付けません（{detail}）。',
    en: 'The CA does not accept this revocation reason ({detail}).',
  },
  'acme/badSignatureAlgorithm': {
    ja: 'CA はこの署名アルゴリズムを受け付けません（{detail}）。',
    en: 'The CA does not accept this signature algorithm ({detail}).',
  },
  'acme/caa': {
    ja: 'ドメインの CAA レコードがこの CA による発行を許可していません（{detail}）。',
    en: "The domain's CAA records do not allow this CA to issue ({detail}).",
  },
  'acme/compound': {
    ja: '複数の問題があります（{detail}）。',
    en: 'There are several problems ({detail}).',
  },
  'acme/connection': {
    ja: 'CA が検証のためにサーバーへ接続できませんでした（{detail}）。',
    en: 'The CA could not connect to the server to validate the challenge ({detail}).',
  },
  'acme/dns': {
    ja: 'CA が DNS を引けませんでした（{detail}）。',
    en: 'The CA could not resolve the DNS record ({detail}).',
  },
  'acme/externalAccountRequired': {
    ja: 'この CA ではアカウントの登録に外部アカウント連携（EAB）が必要です。CA から渡された EAB の鍵 ID と MAC 鍵を入力してください（{detail}）。',
    en: 'This CA requires an External Account Binding (EAB) to register an account. Enter the EAB key ID and MAC key the CA gave you ({detail}).',
  },
  'acme/incorrectResponse': {
    ja: 'チャレンジの応答が CA の期待と一致しません（{detail}）。ファイルの内容や TXT レコードを確認してください。',
    en: "The challenge response did not match what the CA expected ({detail}). Check the file's content or the TXT record.",
  },
  'acme/invalidContact': {
    ja: '連絡先が正しくありません（{detail}）。',
    en: 'The contact address is not valid ({detail}).',
  },
  'acme/malformed': {
    ja: 'ACME サーバーがリクエストの形式を受け付けませんでした（{detail}）。',
    en: 'The ACME server did not accept the form of the request ({detail}).',
  },
  'acme/orderNotReady': {
    ja: '注文がまだ確定できる状態ではありません（{detail}）。すべての認証を済ませてください。',
    en: 'The order is not ready to be finalized ({detail}). Complete every authorization first.',
  },
  'acme/rateLimited': {
    ja: 'CA のレート制限に達しました（{detail}）。{retryJa}',
    en: "The CA's rate limit was reached ({detail}). {retryEn}",
  },
  'acme/rejectedIdentifier': {
    ja: 'CA はこの名前の証明書を発行しません（{detail}）。',
    en: 'The CA will not issue a certificate for this name ({detail}).',
  },
  'acme/serverInternal': {
    ja: 'ACME サーバーの内部エラーです（{detail}）。しばらくしてからやり直してください。',
    en: 'The ACME server had an internal error ({detail}). Try again later.',
  },
  'acme/tls': {
    ja: 'CA が TLS で検証できませんでした（{detail}）。',
    en: 'The CA could not validate over TLS ({detail}).',
  },
  'acme/unauthorized': {
    ja: 'CA がこの操作を許可しませんでした（{detail}）。鍵やアカウント、EAB の MAC 鍵が正しいか確認してください。',
    en: 'The CA did not authorize this request ({detail}). Check the key, the account and the EAB MAC key.',
  },
  'acme/unsupportedContact': {
    ja: 'CA はこの種類の連絡先に対応していません（{detail}）。',
    en: 'The CA does not support this kind of contact ({detail}).',
  },
  'acme/unsupportedIdentifier': {
    ja: 'CA はこの種類の識別子に対応していません（{detail}）。',
    en: 'The CA does not support this kind of identifier ({detail}).',
  },
  'acme/userActionRequired': {
    ja: 'CA の側で操作が必要です（{detail}）。CA のサイトを開いて指示に従ってください。',
    en: "Action is needed on the CA's side ({detail}). Open the CA's site and follow its instructions.",
  },
  'acme/agreementRequired': {
    ja: '利用規約への同意が必要です（{detail}）。',
    en: 'You need to agree to the terms of service ({detail}).',
  },
  'acme/server-problem': {
    ja: 'ACME サーバーがエラーを返しました（{type}: {detail}）。',
    en: 'The ACME server returned an error ({type}: {detail}).',
  },
  // Client-side failures
  'acme/directory-no-scheme': {
    ja: 'ACME ディレクトリの URL「{url}」には https:// が必要です。「{suggestion}」のことですか？',
    en: 'The ACME directory URL "{url}" needs https:// in front. Did you mean "{suggestion}"?',
  },
  'acme/directory-not-https': {
    ja: 'ACME ディレクトリの URL「{url}」は https:// で始まる必要があります（ACME は HTTPS だけで使えます）。「{suggestion}」を試してください。',
    en: 'The ACME directory URL "{url}" must start with https:// (ACME works over HTTPS only). Try "{suggestion}".',
  },
  'acme/directory-invalid': {
    ja: '「{url}」は URL として正しくありません。CA から案内された ACME ディレクトリの URL を入力してください。',
    en: '"{url}" is not a valid URL. Enter the ACME directory URL your CA gave you.',
  },
  'acme/blocked-by-csp': {
    ja: 'このページのセキュリティ設定（Content Security Policy の {directive}）が ACME サーバー（{url}）への接続を禁止しています。ページの運営者に、この URL を connect-src に加えるよう依頼してください。',
    en: "This page's security settings (Content Security Policy, {directive}) do not allow connecting to the ACME server ({url}). Ask the page's operator to add it to connect-src.",
  },
  'acme/network': {
    ja: 'ACME サーバー（{url}）に接続できませんでした。サーバーが止まっているか、このサイトからの利用（CORS）を許可していない可能性があります。',
    en: 'Could not reach the ACME server ({url}). It may be down, or it may not allow requests from this site (CORS).',
  },
  'acme/cors': {
    ja: 'ACME サーバー（{url}）がこのサイトからの利用（CORS）を許可していません。',
    en: 'The ACME server ({url}) does not allow requests from this site (CORS).',
  },
  'acme/bad-response': {
    ja: 'ACME サーバーの応答を読めませんでした（{url}: {detail}）。',
    en: 'The ACME server sent a response that could not be read ({url}: {detail}).',
  },
  'acme/timeout': {
    ja: '{whatJa}が {seconds} 秒たっても完了しませんでした。時間をおいて状態を確認してください。',
    en: '{whatEn} did not finish within {seconds} seconds. Check its status again later.',
  },
  'acme/request-timeout': {
    ja: 'ACME サーバー（{url}）が {seconds} 秒以内に応答を返し終えませんでした。時間をおいてやり直してください。',
    en: 'The ACME server ({url}) did not finish answering within {seconds} seconds. Try again later.',
  },
  'acme/aborted': {
    ja: 'ACME の処理を中止しました。',
    en: 'The ACME operation was cancelled.',
  },
  'acme/order-invalid': {
    ja: '注文が無効になりました（{detail}）。新しい注文からやり直してください。',
    en: 'The order became invalid ({detail}). Start again with a new order.',
  },
  'acme/challenge-invalid': {
    ja: '{identifier} の認証に失敗しました（{detail}）。',
    en: 'Validation of {identifier} failed ({detail}).',
  },
  'acme/no-challenge': {
    ja: 'CA は {identifier} に {type} のチャレンジを用意していません。',
    en: 'The CA offers no {type} challenge for {identifier}.',
  },
  'acme/reason-not-allowed': {
    ja: '失効理由 {reason} は加入者が選べません。0（理由なし）、1（鍵の危殆化）、3（登録情報の変更）、4（新しい証明書への置き換え）、5（運用の終了）から選んでください。',
    en: 'Revocation reason {reason} cannot be chosen by a subscriber. Choose 0 (unspecified), 1 (key compromise), 3 (affiliation changed), 4 (superseded) or 5 (cessation of operation).',
  },
  'acme/no-account': {
    ja: 'ACME アカウントがありません。先にアカウントを登録するか、保存したアカウントを選んでください。',
    en: 'There is no ACME account. Register an account or choose a saved one first.',
  },
  'acme/unsupported-key': {
    ja: 'この鍵は ACME の署名に使えません（{detail}）。ECDSA P-256、P-384 か RSA の鍵を使ってください。',
    en: 'This key cannot sign ACME requests ({detail}). Use an ECDSA P-256 or P-384 key, or an RSA key.',
  },
  'acme/bad-eab': {
    ja: 'EAB の設定が正しくありません（{detail}）。CA から渡された鍵 ID と MAC 鍵をそのまま入力してください。',
    en: 'The External Account Binding is not usable ({detail}). Enter the key ID and MAC key exactly as the CA gave them.',
  },
  'acme/bad-identifier': {
    ja: '「{name}」は証明書に入れられる名前ではありません。',
    en: '"{name}" is not a name a certificate can carry.',
  },
  'acme/store-failed': {
    ja: 'ACME アカウントを保存できませんでした（{detail}）。',
    en: 'The ACME account could not be stored ({detail}).',
  },
} satisfies Record<string, LocalizedText>;

/** Labels: revocation reasons (RFC 5280 5.3.1), in plain words, with the CA terms' cases. */
export const acmeLabels = {
  'acme/retry-after': {
    ja: '{time} 以降にやり直してください。',
    en: 'Try again after {time}.',
  },
  'acme/retry-later': {
    ja: 'しばらく時間をおいてからやり直してください。',
    en: 'Wait a while before trying again.',
  },
  'acme/what/authorization': { ja: '{identifier} の認証', en: 'Validation of {identifier}' },
  'acme/what/order': { ja: '証明書の発行', en: 'Issuance of the certificate' },

  'acme/reason/0/label': { ja: '理由を特定しない', en: 'Unspecified' },
  'acme/reason/0/explanation': {
    ja: 'ほかのどの理由にも当てはまらないときに選びます。',
    en: 'Choose this when none of the other reasons fits.',
  },
  'acme/reason/0/terms': {
    ja: '規約の失効事由（鍵の危殆化、登録情報の変更、置き換え、ドメインの喪失・サイトの閉鎖）のいずれにも当たらない場合。',
    en: "None of the terms' cases (key compromise, changed information, replacement, domain lost or site closed).",
  },
  'acme/reason/1/label': { ja: '鍵の危殆化', en: 'Key compromise' },
  'acme/reason/1/explanation': {
    ja: '秘密鍵が漏れた、または漏れたおそれがあるとき。第三者がこの証明書になりすませるため、すぐに失効させてください。',
    en: 'The private key was or may have been exposed. Someone else could pose as this certificate, so revoke it at once.',
  },
  'acme/reason/1/terms': {
    ja: '規約の「秘密鍵が危殆化した、またはそのおそれがある」場合。',
    en: 'The terms\' case "the private key is compromised or may be compromised".',
  },
  'acme/reason/2/label': { ja: '認証局の危殆化', en: 'CA compromise' },
  'acme/reason/2/explanation': {
    ja: '認証局の鍵が危殆化したとき。認証局だけが使う理由です。',
    en: "The CA's own key was compromised. Only the CA uses this reason.",
  },
  'acme/reason/2/terms': {
    ja: '認証局の判断による失効（加入者は選べません）。',
    en: "Revocation by the CA's decision (a subscriber cannot choose it).",
  },
  'acme/reason/3/label': { ja: '登録情報の変更', en: 'Affiliation changed' },
  'acme/reason/3/explanation': {
    ja: '組織名や所在地など、証明書に書かれた情報が変わったとき。',
    en: 'Information in the certificate, such as the organization name or address, has changed.',
  },
  'acme/reason/3/terms': {
    ja: '規約の「証明書の記載事項に変更があった」場合。',
    en: 'The terms\' case "the information in the certificate has changed".',
  },
  'acme/reason/4/label': { ja: '新しい証明書への置き換え', en: 'Superseded' },
  'acme/reason/4/explanation': {
    ja: '新しい証明書を発行して、この証明書が不要になったとき。',
    en: 'A new certificate has been issued and this one is no longer needed.',
  },
  'acme/reason/4/terms': {
    ja: '規約（ACME 特約）の「新しい証明書に置き換えた」場合。',
    en: 'The ACME rider\'s case "replaced by a new certificate".',
  },
  'acme/reason/5/label': { ja: '運用の終了', en: 'Cessation of operation' },
  'acme/reason/5/explanation': {
    ja: 'ドメインを手放した、またはサイトを閉じて証明書を使わなくなったとき。',
    en: 'The domain was given up, or the site was closed and the certificate is no longer used.',
  },
  'acme/reason/5/terms': {
    ja: '規約の「ドメインを使用する権利を失った」「サイトを閉鎖した」場合。',
    en: 'The terms\' cases "the right to use the domain was lost" and "the site was closed".',
  },
  'acme/reason/6/label': { ja: '一時停止（保留）', en: 'Certificate hold' },
  'acme/reason/6/explanation': {
    ja: '証明書を一時的に止める理由です。TLS サーバー証明書では使われません。',
    en: 'Suspends a certificate for a while. Not used for TLS server certificates.',
  },
  'acme/reason/6/terms': {
    ja: '規約に対応する事由はありません（加入者は選べません）。',
    en: 'No case in the terms (a subscriber cannot choose it).',
  },
  'acme/reason/8/label': { ja: 'CRL からの削除', en: 'Remove from CRL' },
  'acme/reason/8/explanation': {
    ja: '一時停止を解除するときに差分 CRL で使われます。',
    en: 'Used in delta CRLs to lift a hold.',
  },
  'acme/reason/8/terms': {
    ja: '規約に対応する事由はありません（加入者は選べません）。',
    en: 'No case in the terms (a subscriber cannot choose it).',
  },
  'acme/reason/9/label': { ja: '権限の取り消し', en: 'Privilege withdrawn' },
  'acme/reason/9/explanation': {
    ja: '認証局が、証明書を使う権限が取り消されたと判断したとき（料金の未払い、規約違反など）。',
    en: 'The CA decided the right to use the certificate was withdrawn (unpaid fees, a breach of the terms, ...).',
  },
  'acme/reason/9/terms': {
    ja: '認証局の判断による失効（加入者は選べません）。',
    en: "Revocation by the CA's decision (a subscriber cannot choose it).",
  },
  'acme/reason/10/label': { ja: '属性認証局の危殆化', en: 'AA compromise' },
  'acme/reason/10/explanation': {
    ja: '属性証明書の発行者が危殆化したとき。TLS サーバー証明書では使われません。',
    en: 'An attribute authority was compromised. Not used for TLS server certificates.',
  },
  'acme/reason/10/terms': {
    ja: '規約に対応する事由はありません（加入者は選べません）。',
    en: 'No case in the terms (a subscriber cannot choose it).',
  },
} satisfies Record<string, LocalizedText>;
