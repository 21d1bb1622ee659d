/**
 * Messages about OCSP (RFC 6960) responses and their download. Merged into the one string table in
 * strings.ts; kept in their own file because strings.ts is already at the size limit for a source file.
 */
import type { LocalizedText } from './types.js';

/** Error and problem codes: `ocsp/*`, `ocsp-fetch/*`. */
export const ocspCodes = {
  'ocsp/malformed': {
    ja: 'OCSP の応答を読み取れません（{detail}）。',
    en: 'The OCSP response cannot be read ({detail}).',
  },
  'ocsp/too-large': {
    ja: 'OCSP の応答が大きすぎます（{size} バイト、上限 {limit} バイト）。',
    en: 'The OCSP response is too large ({size} bytes; the limit is {limit} bytes).',
  },
  'ocsp/unsupported-hash': {
    ja: 'OCSP の問い合わせに使えないハッシュ方式です（{hash}）。SHA-1、SHA-256、SHA-384、SHA-512 のいずれかを指定してください。',
    en: 'This hash cannot be used in an OCSP request ({hash}); use SHA-1, SHA-256, SHA-384 or SHA-512.',
  },
  'ocsp/response-malformed-request': {
    ja: 'OCSP レスポンダーは問い合わせを理解できなかったと答えました。',
    en: 'The OCSP responder answered that it could not understand the request.',
  },
  'ocsp/response-internal-error': {
    ja: 'OCSP レスポンダーの内部でエラーが起きたため、失効状態の回答がありません。',
    en: 'The OCSP responder had an internal error and gave no revocation status.',
  },
  'ocsp/response-try-later': {
    ja: 'OCSP レスポンダーが混み合っているため回答がありません。しばらくしてから確認してください。',
    en: 'The OCSP responder is busy and gave no answer; try again later.',
  },
  'ocsp/response-sig-required': {
    ja: 'OCSP レスポンダーは署名付きの問い合わせしか受け付けないため、回答がありません。',
    en: 'The OCSP responder only answers signed requests, so it gave no answer.',
  },
  'ocsp/response-unauthorized': {
    ja: 'OCSP レスポンダーはこの証明書について回答する権限がないと答えました。',
    en: 'The OCSP responder answered that it is not allowed to answer for this certificate.',
  },
  'ocsp/unsupported-response-type': {
    ja: '対応していない種類の OCSP 応答です（{type}）。',
    en: 'This kind of OCSP response is not supported ({type}).',
  },
  'ocsp/bad-signature': {
    ja: 'OCSP の応答（{responder}）の署名が正しくないため使いません。',
    en: 'The signature on the OCSP response ({responder}) is not valid, so the response is not used.',
  },
  'ocsp/unsupported-algorithm': {
    ja: 'OCSP の応答の署名方式（{algorithm}）に対応していないため、応答を確認できません。',
    en: 'The OCSP response is signed with an algorithm that is not supported ({algorithm}), so it cannot be checked.',
  },
  'ocsp/weak-signature': {
    ja: '「{responder}」の OCSP 応答（またはその署名者の証明書）は安全でなくなった署名方式（{algorithm}）で署名されているため、使いません。',
    en: 'The OCSP response from "{responder}" (or its signer\'s certificate) is signed with an algorithm that is no longer safe ({algorithm}) and is not used.',
  },
  'ocsp/unauthorized-responder': {
    ja: 'OCSP の応答に署名した「{responder}」は、この証明書の発行者から回答を任されていないため、応答を使いません（{detail}）。',
    en: 'The OCSP response was signed by "{responder}", which the certificate\'s issuer has not authorised to answer, so it is not used ({detail}).',
  },
  'ocsp/responder-not-checked': {
    ja: 'OCSP レスポンダーの証明書「{responder}」自体が失効していないかは確認していません（id-pkix-ocsp-nocheck がありません）。',
    en: 'Whether the OCSP responder\'s own certificate "{responder}" is revoked was not checked (it has no id-pkix-ocsp-nocheck).',
  },
  'ocsp/stale': {
    ja: 'OCSP の応答は古くなっています（次回更新予定 {nextUpdate}）。最新の失効情報ではありません。',
    en: 'The OCSP response is stale (its next update was due {nextUpdate}); it is not current revocation information.',
  },
  'ocsp/not-yet-valid': {
    ja: 'OCSP の応答の作成日時（{thisUpdate}）が未来です。時計が合っているか確認してください。',
    en: 'The OCSP response is dated in the future ({thisUpdate}); check that the clock is right.',
  },
  'ocsp/too-old': {
    ja: 'OCSP の応答（{thisUpdate} 作成）は指定された有効期間 {maxAge} 秒より古いため使いません。',
    en: 'The OCSP response (made {thisUpdate}) is older than the allowed {maxAge} seconds and is not used.',
  },
  'ocsp/unknown-certificate': {
    ja: 'OCSP レスポンダーは証明書「{subject}」を知らないと答えました（unknown）。',
    en: 'The OCSP responder answered that it does not know the certificate "{subject}" (unknown).',
  },
  'ocsp/unknown-critical-extension': {
    ja: 'OCSP の応答に解釈できない重要（critical）な拡張（{oid}）があるため使いません。',
    en: 'The OCSP response has a critical extension that is not understood ({oid}), so it is not used.',
  },
  'ocsp-fetch/no-url': {
    ja: '証明書「{subject}」には OCSP レスポンダーの URL がありません。',
    en: 'The certificate "{subject}" names no OCSP responder URL.',
  },
  'ocsp-fetch/bad-url': {
    ja: 'OCSP レスポンダーの URL「{url}」が正しくありません。',
    en: 'The OCSP responder URL "{url}" is not valid.',
  },
  'ocsp-fetch/mixed-content': {
    ja: 'HTTPS のページからは http の OCSP レスポンダー（{url}）に問い合わせできません。ミラー（mirror）を設定してください。',
    en: 'An HTTPS page cannot ask the http:// OCSP responder {url}; configure a mirror.',
  },
  'ocsp-fetch/network': {
    ja: 'OCSP レスポンダーに問い合わせできません（{url}）：{detail}',
    en: 'The OCSP responder could not be reached ({url}): {detail}',
  },
  'ocsp-fetch/http-status': {
    ja: 'OCSP レスポンダーへの問い合わせに失敗しました（{url}、HTTP {status}）。',
    en: 'Asking the OCSP responder failed ({url}, HTTP {status}).',
  },
  'ocsp-fetch/too-large': {
    ja: 'OCSP レスポンダーの回答が大きすぎます（{url}、上限 {limit} バイト）。',
    en: "The OCSP responder's answer is too large ({url}; the limit is {limit} bytes).",
  },
  'ocsp-fetch/not-ocsp': {
    ja: 'OCSP レスポンダー（{url}）の回答は OCSP の応答ではありません（{type}）。',
    en: 'The answer from the OCSP responder ({url}) is not an OCSP response ({type}).',
  },
  'ocsp-fetch/timeout': {
    ja: 'OCSP レスポンダー（{url}）から {timeoutMs} ミリ秒以内に回答がありませんでした。',
    en: 'The OCSP responder ({url}) did not answer within {timeoutMs} ms.',
  },
  'ocsp-fetch/aborted': {
    ja: 'OCSP レスポンダーへの問い合わせを中止しました（{url}）。',
    en: 'Asking the OCSP responder was cancelled ({url}).',
  },
} satisfies Record<string, LocalizedText>;
