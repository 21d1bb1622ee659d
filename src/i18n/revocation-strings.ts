/**
 * Messages about CRLs, revocation status and certification paths (RFC 5280 sections 5, 6.1 and 6.3): what a
 * visitor reads when a certificate cannot be trusted. Merged into the one string table in strings.ts.
 */
import type { LocalizedText } from './types.js';

/** Error and problem codes: `crl/*`, `revocation/*`, `chain/*`. */
export const revocationCodes = {
  // CRLs (RFC 5280 section 5)
  'crl/not-a-crl': {
    ja: 'CRL（証明書失効リスト）の構造ではありません（{detail}）。',
    en: 'This is not a CRL structure ({detail}).',
  },
  'crl/bad-version': {
    ja: 'CRL のバージョン（{version}）に対応していません。',
    en: 'The CRL version ({version}) is not supported.',
  },
  'crl/bad-time': {
    ja: 'CRL の日時（{field}）が正しくありません。',
    en: 'A CRL time ({field}) is malformed.',
  },
  'crl/bad-extension': {
    ja: 'CRL の拡張「{name}」を読み取れません（{detail}）。',
    en: 'The CRL extension "{name}" cannot be read ({detail}).',
  },
  'crl/duplicate-extension': {
    ja: 'CRL の拡張「{name}」が重複しています。',
    en: 'The CRL extension "{name}" appears more than once.',
  },
  'crl/bad-entry': {
    ja: 'CRL の失効エントリ（オフセット {offset}）が正しくありません（{detail}）。',
    en: 'A CRL entry (at offset {offset}) is malformed ({detail}).',
  },
  'crl/empty-revoked-list': {
    ja: 'CRL の失効証明書の一覧が空のまま入っています（失効した証明書がない CRL では一覧自体を省く決まりです）。',
    en: 'The CRL contains an empty list of revoked certificates (when nothing is revoked, the list must be left out).',
  },
  'crl/empty-issuing-distribution-point': {
    ja: 'CRL の配布点情報（issuingDistributionPoint 拡張）が空です。',
    en: "The CRL's issuing distribution point extension is empty.",
  },
  // Revocation status (RFC 5280 section 6.3)
  'revocation/no-crl': {
    ja: 'この証明書を対象とする CRL がありません。失効状態を確認できません。',
    en: 'No CRL covers this certificate, so its revocation status cannot be checked.',
  },
  'revocation/reasons-not-covered': {
    ja: '使える CRL では一部の失効理由（{reasons}）しか確認できません。',
    en: 'The usable CRLs only cover some revocation reasons ({reasons}).',
  },
  'revocation/crl-unreadable': {
    ja: 'CRL {index} を読み取れないため使いません：{detail}',
    en: 'CRL {index} cannot be read and is not used: {detail}',
  },
  'revocation/crl-too-large': {
    ja: 'CRL {index} が大きすぎます（{size} バイト、上限 {limit} バイト）。',
    en: 'CRL {index} is too large ({size} bytes; the limit is {limit} bytes).',
  },
  'revocation/crl-expired': {
    ja: 'CRL（{issuer}）の次回更新日時 {nextUpdate} を過ぎています。最新の CRL が必要です。',
    en: 'The CRL from {issuer} is out of date: its next update was due {nextUpdate}. A newer CRL is needed.',
  },
  'revocation/crl-not-yet-valid': {
    ja: 'CRL（{issuer}）の発行日時 {thisUpdate} が未来です。',
    en: 'The CRL from {issuer} is dated in the future ({thisUpdate}).',
  },
  'revocation/crl-too-old': {
    ja: 'CRL（{issuer}）は {thisUpdate} の発行で、許容する古さ（{maxAge} 秒）を超えています。',
    en: 'The CRL from {issuer} was issued {thisUpdate}, older than the {maxAge} seconds allowed.',
  },
  'revocation/crl-bad-signature': {
    ja: 'CRL（{issuer}）の署名が正しくありません。',
    en: 'The signature on the CRL from {issuer} is not valid.',
  },
  'revocation/crl-unsupported-algorithm': {
    ja: 'CRL（{issuer}）の署名アルゴリズム（{algorithm}）に対応していません。',
    en: 'The CRL from {issuer} uses a signature algorithm that is not supported ({algorithm}).',
  },
  'revocation/crl-no-signer': {
    ja: 'CRL（{issuer}）に署名した鍵の証明書が見つからないか、信頼できません。',
    en: 'No trusted certificate was found for the key that signed the CRL from {issuer}.',
  },
  'revocation/crl-signer-not-allowed': {
    ja: 'CRL（{issuer}）の署名者の証明書に CRL 署名（cRLSign）の鍵用途がありません。',
    en: 'The certificate that signed the CRL from {issuer} lacks the cRLSign key usage.',
  },
  'revocation/crl-signer-revoked': {
    ja: 'CRL（{issuer}）の署名者の証明書が失効しているか、状態を確認できません。',
    en: 'The certificate that signed the CRL from {issuer} is revoked or its status is unknown.',
  },
  'revocation/crl-unknown-critical-extension': {
    ja: 'CRL（{issuer}）に処理できない重要な拡張（{oid}）があるため使いません。',
    en: 'The CRL from {issuer} has a critical extension that cannot be processed ({oid}) and is not used.',
  },
  'revocation/crl-unknown-critical-entry-extension': {
    ja: 'CRL（{issuer}）のエントリに処理できない重要な拡張（{oid}）があるため使いません。',
    en: 'An entry of the CRL from {issuer} has a critical extension that cannot be processed ({oid}); the CRL is not used.',
  },
  'revocation/crl-no-number': {
    ja: 'CRL（{issuer}）に CRL 番号（cRLNumber）がありません。規格に沿った CRL ではないため、失効確認には使いません。',
    en: 'The CRL from {issuer} has no CRL number (cRLNumber). It does not follow the standard, so it is not used to check revocation.',
  },
  'revocation/crl-critical-number': {
    ja: 'CRL（{issuer}）の CRL 番号（cRLNumber）が「重要」と指定されています。規格に沿った CRL ではないため、失効確認には使いません。',
    en: 'The CRL from {issuer} marks its CRL number (cRLNumber) as critical. It does not follow the standard, so it is not used to check revocation.',
  },
  'revocation/crl-v1-with-extensions': {
    ja: 'バージョン 1 の CRL（{issuer}）に拡張があります。',
    en: 'The version 1 CRL from {issuer} carries extensions.',
  },
  'revocation/delta-without-base': {
    ja: '差分 CRL（{issuer}）に対応する完全 CRL（番号 {baseNumber} 以降）がありません。',
    en: 'The delta CRL from {issuer} has no matching complete CRL (number {baseNumber} or later).',
  },
  'revocation/delta-not-applicable': {
    ja: '差分 CRL（{issuer}）は完全 CRL と範囲または番号が合わないため使いません。',
    en: 'The delta CRL from {issuer} does not match the complete CRL in scope or number and is not used.',
  },
  'revocation/crl-weak-signature': {
    ja: '{issuer} の CRL は安全でなくなった署名方式（{algorithm}）で署名されているため、使いません。',
    en: 'The CRL from {issuer} is signed with an algorithm that is no longer safe ({algorithm}) and is not used.',
  },
  'revocation/revoked': {
    ja: 'この証明書は {date} に失効しています（理由：{reason}）。',
    en: 'This certificate was revoked on {date} (reason: {reason}).',
  },
  'revocation/on-hold': {
    ja: 'この証明書は {date} から一時停止（保留）されています。',
    en: 'This certificate has been on hold since {date}.',
  },
  // Certification paths (RFC 5280 section 6.1)
  'chain/no-path': {
    ja: '信頼できるルート証明書までの証明書パスを組み立てられません。',
    en: 'No certification path to a trust anchor could be built.',
  },
  'chain/no-trust-anchor': {
    ja: '信頼するルート証明書が指定されていません。',
    en: 'No trust anchor was given.',
  },
  'chain/bad-certificate': {
    ja: '証明書 {index} を読み取れません：{detail}',
    en: 'Certificate {index} cannot be read: {detail}',
  },
  'chain/bad-signature': {
    ja: '証明書「{subject}」の署名が発行者の鍵で検証できません。',
    en: 'The signature on "{subject}" does not verify with its issuer\'s key.',
  },
  'chain/unsupported-algorithm': {
    ja: '証明書「{subject}」の署名アルゴリズム（{algorithm}）に対応していません。',
    en: 'The signature algorithm of "{subject}" is not supported ({algorithm}).',
  },
  'chain/expired': {
    ja: '証明書「{subject}」は {notAfter} に有効期限が切れています。',
    en: 'The certificate "{subject}" expired on {notAfter}.',
  },
  'chain/not-yet-valid': {
    ja: '証明書「{subject}」は {notBefore} まで有効になりません。',
    en: 'The certificate "{subject}" is not valid until {notBefore}.',
  },
  'chain/not-a-ca': {
    ja: '証明書「{subject}」は CA 証明書ではないため、他の証明書を発行できません。',
    en: 'The certificate "{subject}" is not a CA certificate, so it cannot issue certificates.',
  },
  'chain/path-too-long': {
    ja: '証明書「{subject}」のパス長制約を超えています。',
    en: 'The path length constraint of "{subject}" is exceeded.',
  },
  'chain/key-usage': {
    ja: '証明書「{subject}」の鍵用途に証明書への署名（keyCertSign）がありません。',
    en: 'The key usage of "{subject}" does not allow certificate signing (keyCertSign).',
  },
  'chain/unknown-critical-extension': {
    ja: '証明書「{subject}」に処理できない重要な拡張（{oid}）があります。',
    en: 'The certificate "{subject}" has a critical extension that cannot be processed ({oid}).',
  },
  'chain/name-constraints': {
    ja: '証明書「{subject}」の名前（{name}）は上位 CA の名前制約に違反しています。',
    en: 'A name of "{subject}" ({name}) violates a name constraint of a CA above it.',
  },
  'chain/no-valid-policy': {
    ja: '証明書「{subject}」までの証明書パスには、求められる証明書ポリシー（発行の方針）がありません。',
    en: 'The certification path up to "{subject}" is not valid for any of the required certificate policies.',
  },
  'chain/bad-policy-mapping': {
    ja: '証明書「{subject}」のポリシー対応付け（policyMappings）が anyPolicy を含んでおり、無効です。',
    en: 'The policy mappings of "{subject}" include anyPolicy, which is not allowed.',
  },
  'chain/policy-tree-too-large': {
    ja: '証明書「{subject}」の証明書ポリシーの組み合わせが多すぎるため（上限 {limit}）、検証を中止しました。',
    en: 'Validation stopped at "{subject}": its certificate policies combine into too many cases (limit {limit}).',
  },
  'chain/hostname-mismatch': {
    ja: 'この証明書はホスト名「{hostname}」用ではありません。',
    en: 'This certificate is not valid for the host name "{hostname}".',
  },
  'chain/revoked': {
    ja: '証明書「{subject}」は失効しています（理由：{reason}）。',
    en: 'The certificate "{subject}" is revoked (reason: {reason}).',
  },
  'chain/revocation-unknown': {
    ja: '証明書「{subject}」の失効状態を確認できません。',
    en: 'The revocation status of "{subject}" cannot be checked.',
  },
  'chain/name-constraints-on-leaf': {
    ja: '証明書「{subject}」は CA ではないのに名前制約を持っています。名前制約は CA 証明書だけに付けられます。',
    en: 'The certificate "{subject}" is not a CA but carries name constraints, which only CA certificates may have.',
  },
  'chain/malformed-name': {
    ja: '証明書「{subject}」のドメイン名「{name}」はホスト名として正しくありません。',
    en: 'The certificate "{subject}" lists "{name}", which is not a valid host name.',
  },
  'chain/malformed-extension': {
    ja: '証明書「{subject}」の拡張「{extension}」の内容が正しくありません：{detail}',
    en: 'The "{extension}" extension of "{subject}" is not valid: {detail}',
  },
  'chain/extended-key-usage': {
    ja: '証明書「{subject}」はこの用途（{purpose}）に使うことが認められていません。',
    en: 'The certificate "{subject}" is not allowed to be used for this purpose ({purpose}).',
  },
  'chain/weak-signature-algorithm': {
    ja: '証明書「{subject}」の署名は、安全とはいえなくなった方式（{algorithm}）で作られています。',
    en: 'The certificate "{subject}" is signed with a method that is no longer safe ({algorithm}).',
  },
  'chain/weak-key': {
    ja: '証明書「{subject}」の RSA 鍵は {bits} ビットしかなく、短すぎて安全ではありません。',
    en: 'The RSA key of "{subject}" has only {bits} bits, which is too short to be safe.',
  },
  'chain/key-cert-sign-without-ca': {
    ja: '証明書「{subject}」は CA ではないのに、鍵用途で証明書への署名（keyCertSign）を許しています。',
    en: 'The certificate "{subject}" is not a CA but its key usage allows signing certificates (keyCertSign).',
  },
  'chain/bad-serial': {
    ja: '証明書「{subject}」のシリアル番号が規則に合っていません：{detail}',
    en: 'The serial number of "{subject}" breaks the rules for serial numbers: {detail}',
  },
  'chain/missing-key-identifier': {
    ja: '証明書「{subject}」に鍵識別子（{which}）がありません。発行者の鍵を見分けるために必要です。',
    en: 'The certificate "{subject}" lacks a key identifier ({which}) that helps find the key that issued it.',
  },
} satisfies Record<string, LocalizedText>;
