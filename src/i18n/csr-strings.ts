/**
 * Strings of the CSR studio (keys, CSRs, lint findings, the `<shirushi-csr>` and `<shirushi-keys>` widgets).
 * Merged into the one string table in strings.ts; kept in their own file because there are many.
 */
import type { LocalizedText } from './types.js';

/** Error and lint codes: `key/*`, `csr/*`, `lint/*`. */
export const csrCodes = {
  // keys
  'key/unsupported-algorithm': {
    ja: '対応していない鍵の種類です（{algorithm}）。RSA か ECDSA の鍵を使ってください。',
    en: 'This key type is not supported ({algorithm}). Use an RSA or ECDSA key.',
  },
  'key/unsupported-size': {
    ja: 'RSA の鍵長 {size} ビットには対応していません。2048、3072、4096 のいずれかを選んでください。',
    en: 'An RSA key size of {size} bits is not supported. Choose 2048, 3072 or 4096.',
  },
  'key/unsupported-curve': {
    ja: '楕円曲線 {curve} には対応していません。P-256 か P-384 を選んでください（読み込みは P-521 も可）。',
    en: 'The elliptic curve {curve} is not supported. Choose P-256 or P-384 (P-521 can also be imported).',
  },
  'key/unsupported-hash': {
    ja: 'ハッシュ関数 {hash} には対応していません。SHA-256、SHA-384、SHA-512 のいずれかを使ってください。',
    en: 'The hash {hash} is not supported. Use SHA-256, SHA-384 or SHA-512.',
  },
  'key/hash-mismatch': {
    ja: 'この RSA 鍵は {keyHash} で署名するように作られているため、{hash} では署名できません。鍵を作るとき（または読み込むとき）に {hash} を指定してください。',
    en: 'This RSA key was made to sign with {keyHash}, so it cannot sign with {hash}. Ask for {hash} when generating (or importing) the key.',
  },
  'key/generation-failed': {
    ja: 'ブラウザーで鍵ペアを作れませんでした（{detail}）。',
    en: 'The browser could not generate the key pair ({detail}).',
  },
  'key/not-private': {
    ja: '秘密鍵ではありません（{type} 鍵です）。書き出せるのは秘密鍵だけです。',
    en: 'This is not a private key (it is a {type} key). Only private keys can be exported.',
  },
  'key/not-extractable': {
    ja: 'この秘密鍵は書き出し不可として作られたため、バックアップできません。バックアップが必要な場合は「書き出し可能」を選んで鍵を作り直してください。',
    en: 'This private key was created as non-extractable, so it cannot be backed up. To keep a backup, generate a new key with "extractable" chosen.',
  },
  'key/empty-passphrase': {
    ja: 'パスフレーズが空です。秘密鍵を保護するパスフレーズを入力してください。',
    en: 'The passphrase is empty. Enter a passphrase to protect the private key.',
  },
  'key/export-failed': {
    ja: '秘密鍵を書き出せませんでした（{detail}）。',
    en: 'The private key could not be exported ({detail}).',
  },
  'key/wrong-label': {
    ja: '「{found}」の PEM ブロックです。秘密鍵（ENCRYPTED PRIVATE KEY、PRIVATE KEY、RSA PRIVATE KEY、EC PRIVATE KEY）を貼り付けてください。',
    en: 'This is a "{found}" PEM block. Paste a private key (ENCRYPTED PRIVATE KEY, PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY).',
  },
  'key/malformed': {
    ja: '秘密鍵の構造が正しくありません（{detail}）。ファイルが途中で切れていないか確認してください。',
    en: 'The private key is malformed ({detail}). Check that the file is complete.',
  },
  'key/passphrase-required': {
    ja: 'この秘密鍵は暗号化されています。パスフレーズを入力してください。',
    en: 'This private key is encrypted. Enter its passphrase.',
  },
  'key/wrong-passphrase': {
    ja: 'パスフレーズが違うため、秘密鍵を復号できませんでした。',
    en: 'The private key could not be decrypted: the passphrase is wrong.',
  },
  'key/unsupported-encryption': {
    ja: 'この秘密鍵の暗号化方式（{detail}）には対応していません。`openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256` で変換してください。',
    en: 'The encryption of this private key ({detail}) is not supported. Convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -v2prf hmacWithSHA256`.',
  },
  'key/legacy-encryption': {
    ja: 'この秘密鍵は古い OpenSSL 形式（{dekInfo}）で暗号化されています。`openssl pkcs8 -topk8 -v2 aes-256-cbc` で PKCS#8 に変換してください。',
    en: 'This private key uses the legacy OpenSSL encryption ({dekInfo}). Convert it to PKCS#8 with `openssl pkcs8 -topk8 -v2 aes-256-cbc`.',
  },
  'key/iterations-too-high': {
    ja: 'この秘密鍵の PBKDF2 反復回数（{iterations}）は上限 {limit} を超えているため、読み込みを中止しました。',
    en: 'The PBKDF2 iteration count of this private key ({iterations}) is above the limit of {limit}, so it was not read.',
  },
  'key/no-public-key': {
    ja: 'この秘密鍵には公開鍵が含まれておらず、ブラウザーで公開鍵を求めることもできませんでした。`openssl ec` で公開鍵を含む形式に書き直してください。',
    en: 'This private key does not include its public key, and the browser could not derive it. Rewrite it with `openssl ec` so the public key is included.',
  },
  'key/import-failed': {
    ja: 'ブラウザーがこの秘密鍵を読み込めませんでした（{detail}）。',
    en: 'The browser could not import this private key ({detail}).',
  },
  'key/sign-failed': {
    ja: '署名できませんでした（{detail}）。',
    en: 'Signing failed ({detail}).',
  },
  'key/store-failed': {
    ja: 'ブラウザの鍵の保管場所（IndexedDB）を使えません（{detail}）。プライベートブラウズや空き容量を確認してください。',
    en: "The browser's key storage (IndexedDB) cannot be used ({detail}). Check private browsing mode and free disk space.",
  },
  // csr
  'csr/no-names': {
    ja: 'ドメイン名または IP アドレスを 1 つ以上入力してください（証明書に載る名前は SAN だけです）。',
    en: 'Enter at least one domain name or IP address (certificates carry their names in the SAN).',
  },
  'csr/bad-dns-name': {
    ja: 'ドメイン名「{name}」が正しくありません。英数字とハイフンのラベル（各 63 文字まで、先頭と末尾にハイフン不可）をドットでつなぎ、全体で 253 文字以内にしてください。',
    en: 'The domain name "{name}" is not valid. Use labels of letters, digits and hyphens (up to 63 characters each, not starting or ending with a hyphen) joined by dots, 253 characters at most.',
  },
  'csr/bad-wildcard': {
    ja: 'ドメイン名「{name}」のワイルドカードが正しくありません。「*」は先頭のラベル全体としてだけ使えます（例：*.example.jp）。',
    en: 'The wildcard in "{name}" is not valid: "*" may only be the whole first label (e.g. *.example.jp).',
  },
  'csr/dns-name-is-ip': {
    ja: '「{name}」は IP アドレスです。ドメイン名ではなく IP アドレスの欄に入力してください。',
    en: '"{name}" is an IP address: enter it as an IP address, not as a domain name.',
  },
  'csr/bad-ip-address': {
    ja: 'IP アドレス「{address}」が正しくありません（IPv4 は 192.0.2.1、IPv6 は 2001:db8::1 の形式）。',
    en: 'The IP address "{address}" is not valid (IPv4 like 192.0.2.1, IPv6 like 2001:db8::1).',
  },
  'csr/bad-subject': {
    ja: 'サブジェクトの {field} に使えない文字（制御文字など）が含まれています。',
    en: 'The subject {field} contains characters that cannot be used (control characters and the like).',
  },
  'csr/subject-too-long': {
    ja: 'サブジェクトの {field} が長すぎます（{length} 文字、上限 {limit} 文字）。',
    en: 'The subject {field} is too long ({length} characters; the limit is {limit}).',
  },
  'csr/bad-country': {
    ja: '国名コード「{value}」が正しくありません。ISO 3166 の英字 2 文字（日本は JP）を入力してください。',
    en: 'The country "{value}" is not valid: use the two-letter ISO 3166 code (JP for Japan).',
  },
  'csr/unsupported-key': {
    ja: 'この鍵では CSR を作れません（{detail}）。RSA（PKCS#1 v1.5）か ECDSA（P-256 / P-384）の鍵を使ってください。',
    en: 'A CSR cannot be made with this key ({detail}). Use an RSA (PKCS#1 v1.5) or ECDSA (P-256, P-384) key.',
  },
  'csr/signing-failed': {
    ja: 'CSR への署名に失敗しました（{detail}）。',
    en: 'Signing the CSR failed ({detail}).',
  },
  'csr/signature-mismatch': {
    ja: '作った CSR の署名が公開鍵で検証できません。公開鍵と秘密鍵が対になっていないか、トークンの署名の形式が違います。',
    en: "The new CSR's signature does not verify with its public key: the public and private keys do not belong together, or the token returned a signature in the wrong format.",
  },
  'csr/not-a-csr': {
    ja: 'CSR（PKCS#10 証明書署名要求）の構造ではありません（{detail}）。',
    en: 'This is not a CSR (PKCS#10 certificate signing request) structure ({detail}).',
  },
  'csr/bad-version': {
    ja: 'CSR のバージョン（{version}）に対応していません。PKCS#10 のバージョンは 0（v1）だけです。',
    en: 'The CSR version ({version}) is not supported; PKCS#10 only has version 0 (v1).',
  },
  'csr/bad-attribute': {
    ja: 'CSR の属性「{oid}」を読み取れません（{detail}）。',
    en: 'The CSR attribute "{oid}" cannot be read ({detail}).',
  },
  'csr/bad-extension': {
    ja: 'CSR で要求された拡張「{name}」を読み取れません（{detail}）。',
    en: 'The extension "{name}" requested in the CSR cannot be read ({detail}).',
  },
  'csr/duplicate-extension': {
    ja: 'CSR で要求された拡張「{name}」が重複しています。',
    en: 'The extension "{name}" is requested more than once in the CSR.',
  },
  // lint
  'lint/key/malformed': {
    ja: '公開鍵を読み取れません。鍵ペアを作り直してください。',
    en: 'The public key cannot be read. Generate a new key pair.',
  },
  'lint/key/unsupported-algorithm': {
    ja: '鍵のアルゴリズム {algorithm} は TLS サーバー証明書に使えません。RSA（2048 ビット以上）か ECDSA（P-256 / P-384）の鍵を作ってください。',
    en: 'Key algorithm {algorithm} cannot be used for a TLS server certificate. Generate an RSA (2048 bits or more) or ECDSA (P-256 / P-384) key.',
  },
  'lint/key/rsa-not-rsa-encryption': {
    ja: 'RSA 鍵のアルゴリズム識別子が rsaEncryption ではありません（{oid}）。rsaEncryption として作り直してください。',
    en: 'The RSA key is not labelled rsaEncryption ({oid}). Re-create it as an rsaEncryption key.',
  },
  'lint/key/rsa-parameters-not-null': {
    ja: 'RSA 鍵のアルゴリズムパラメーターが NULL ではありません。NULL パラメーター付きの rsaEncryption で作り直してください。',
    en: 'The RSA key’s algorithm parameters are not NULL. Re-create the CSR with rsaEncryption and NULL parameters.',
  },
  'lint/key/rsa-too-small': {
    ja: 'RSA 鍵が {bits} ビットです。2048 ビット以上の鍵を作り直してください。',
    en: 'The RSA key has {bits} bits. Generate a key of at least 2048 bits.',
  },
  'lint/key/rsa-size-not-multiple-of-8': {
    ja: 'RSA 鍵の長さ（{bits} ビット）が 8 の倍数ではありません。2048・3072・4096 ビットの鍵を作ってください。',
    en: 'The RSA key size ({bits} bits) is not a multiple of 8. Generate a 2048, 3072 or 4096-bit key.',
  },
  'lint/key/rsa-exponent': {
    ja: 'RSA の公開指数が {exponent} です。公開指数 65537 で鍵を作り直してください。',
    en: 'The RSA public exponent is {exponent}. Generate a key with exponent 65537.',
  },
  'lint/key/rsa-even-modulus': {
    ja: 'RSA の法が偶数で、正しい鍵ではありません。鍵を作り直してください。',
    en: 'The RSA modulus is even, so this is not a valid key. Generate a new key.',
  },
  'lint/key/fermat': {
    ja: 'この RSA 鍵はフェルマー法（{rounds} 回以内）で素因数分解できます。2 つの素数が近すぎます。信頼できるソフトウェアで鍵を作り直してください。',
    en: 'This RSA key can be factored by Fermat’s method within {rounds} rounds: its primes are too close. Generate a new key with trusted software.',
  },
  'lint/key/roca': {
    ja: 'この RSA 鍵には ROCA 脆弱性（CVE-2017-15361）の特徴があり、素因数分解されるおそれがあります。別の機器・ソフトウェアで鍵を作り直してください。',
    en: 'This RSA key has the ROCA fingerprint (CVE-2017-15361) and may be factored. Generate a new key on another device or with other software.',
  },
  'lint/key/ec-p521': {
    ja: 'P-521 の鍵は多くの認証局が受け付けません。P-256 か P-384 の鍵を作ってください。',
    en: 'Many CAs do not accept P-521 keys. Generate a P-256 or P-384 key.',
  },
  'lint/key/ec-curve-not-allowed': {
    ja: '楕円曲線 {curve} は使えません。P-256 か P-384 の鍵を作ってください。',
    en: 'Curve {curve} is not allowed. Generate a P-256 or P-384 key.',
  },
  'lint/signature/weak-hash': {
    ja: 'CSR の署名に {hash} が使われています（{algorithm}）。SHA-256 以上で署名し直してください。',
    en: 'The CSR is signed with {hash} ({algorithm}). Sign it again with SHA-256 or stronger.',
  },
  'lint/signature/pss': {
    ja: 'CSR が RSASSA-PSS で署名されています。受け付けない認証局があるため、PKCS#1 v1.5（sha256WithRSAEncryption）で署名し直してください。',
    en: 'The CSR is signed with RSASSA-PSS, which some CAs refuse. Sign it with PKCS#1 v1.5 (sha256WithRSAEncryption).',
  },
  'lint/signature/hash-curve-mismatch': {
    ja: '{curve} の鍵に {hash} で署名されています。{curve} には {expected} を使ってください。',
    en: 'A {curve} key is signed with {hash}. Use {expected} with {curve}.',
  },
  'lint/signature/invalid': {
    ja: 'CSR の署名が CSR 自身の公開鍵で検証できません。CSR を作り直してください。',
    en: 'The CSR’s signature does not verify with its own public key. Create the CSR again.',
  },
  'lint/san/missing': {
    ja: 'ドメイン名（SAN）がありません。証明書を使うドメイン名を 1 つ以上入れてください。',
    en: 'There is no subject alternative name. Add at least one domain name the certificate is for.',
  },
  'lint/san/unsupported-type': {
    ja: '「{name}」（{type}）は TLS サーバー証明書に入れられません。DNS 名か IP アドレスだけにしてください。',
    en: '"{name}" ({type}) cannot go in a TLS server certificate. Use only DNS names and IP addresses.',
  },
  'lint/san/invalid-name': {
    ja: '「{name}」はドメイン名として正しくありません（英数字とハイフン、ラベルは 63 文字まで）。',
    en: '"{name}" is not a valid domain name (letters, digits and hyphens; labels up to 63 characters).',
  },
  'lint/san/not-a-label': {
    ja: '日本語ドメイン名「{name}」は A ラベル「{ascii}」の形で CSR に入れてください。',
    en: 'Put the internationalised name "{name}" in the CSR as its A-label form "{ascii}".',
  },
  'lint/san/bad-a-label': {
    ja: '「{name}」のラベル {label} は正しい A ラベル（Punycode）ではありません。日本語のドメイン名から変換し直してください。',
    en: 'Label {label} of "{name}" is not a valid A-label (punycode). Convert the Unicode name again.',
  },
  'lint/san/idn': {
    ja: '日本語ドメイン名です：{ascii}（{unicode}）。',
    en: 'Internationalised domain name: {ascii} ({unicode}).',
  },
  'lint/san/trailing-dot': {
    ja: '「{name}」の末尾のドットを取り除いてください（{fixed}）。',
    en: 'Remove the trailing dot from "{name}" ({fixed}).',
  },
  'lint/san/uppercase': {
    ja: '「{name}」は小文字で書いてください（{fixed}）。',
    en: 'Write "{name}" in lowercase ({fixed}).',
  },
  'lint/san/ip-in-dns-name': {
    ja: '「{name}」は IP アドレスです。DNS 名ではなく IP アドレスとして入れてください。',
    en: '"{name}" is an IP address. Enter it as an IP address, not a DNS name.',
  },
  'lint/san/internal-name': {
    ja: '「{name}」は内部名です（.{tld} は実在するトップレベルドメインではありません）。インターネットで登録されたドメイン名を使ってください。',
    en: '"{name}" is an internal name (.{tld} is not a real top-level domain). Use a domain registered on the internet.',
  },
  'lint/san/mistyped-tld': {
    ja: '「{name}」の末尾「.{tld}」は実在するトップレベルドメインではありません。「.{suggestion}」の打ち間違いではありませんか（{fixed}）。',
    en: '"{name}" ends in ".{tld}", which is not a real top-level domain. Did you mean ".{suggestion}" ({fixed})?',
  },
  'lint/san/url': {
    ja: '「{name}」はウェブアドレス（URL）です。証明書にはドメイン名「{host}」だけを入れてください。',
    en: '"{name}" is a web address (URL). Only its domain name "{host}" goes in the certificate.',
  },
  'lint/san/public-suffix': {
    ja: '「{name}」はパブリックサフィックス（誰でも登録できる区分）そのものです。登録したドメイン名を入れてください。',
    en: '"{name}" is a public suffix itself. Enter the domain you registered.',
  },
  'lint/san/wildcard-position': {
    ja: '「{name}」のワイルドカードは先頭のラベル全体（*.example.jp の形）にしか使えません。',
    en: 'In "{name}", a wildcard may only be the whole leftmost label (as in *.example.jp).',
  },
  'lint/san/wildcard-not-allowed': {
    ja: 'このプロファイルではワイルドカード「{name}」は使えません。',
    en: 'This profile does not allow the wildcard "{name}".',
  },
  'lint/san/wildcard-public-suffix': {
    ja: '「{name}」はパブリックサフィックス {suffix} の直下のワイルドカードで、発行されません。自分のドメインの下（*.example.{suffix}）にしてください。',
    en: '"{name}" is a wildcard directly under the public suffix {suffix} and cannot be issued. Put it under your own domain (*.example.{suffix}).',
  },
  'lint/san/invalid-ip': {
    ja: '「{name}」は IP アドレスとして正しくありません。',
    en: '"{name}" is not a valid IP address.',
  },
  'lint/san/ip-not-allowed': {
    ja: 'このプロファイルでは IP アドレス（{name}）の証明書は発行されません。ドメイン名を使ってください。',
    en: 'This profile does not issue certificates for IP addresses ({name}). Use a domain name.',
  },
  'lint/san/reserved-ip': {
    ja: '{name} は特別な用途の範囲 {range}（{use}）のアドレスで、公的な証明書には入れられません。グローバル IP アドレスかドメイン名を使ってください。',
    en: '{name} is in the special-purpose range {range} ({use}) and cannot be in a public certificate. Use a global IP address or a domain name.',
  },
  'lint/san/duplicate': {
    ja: '「{name}」は {first} 番目の名前と重複しています。1 つにしてください。',
    en: '"{name}" repeats name number {first}. Keep only one.',
  },
  'lint/subject/ou-not-allowed': {
    ja: '部署名（OU）は証明書に入れられなくなりました。OU を空にしてください。',
    en: 'Organizational unit (OU) is no longer allowed in certificates. Leave OU empty.',
  },
  'lint/subject/attribute-not-allowed': {
    ja: 'このプロファイルでは属性 {attribute} は使えません（使えるのは {allowed}）。{attribute} を取り除いてください。',
    en: 'This profile does not allow attribute {attribute} (allowed: {allowed}). Remove {attribute}.',
  },
  'lint/subject/ignored-by-acme': {
    ja: 'ACME では属性 {attribute} は使われません（証明書にはドメイン名だけが入ります）。',
    en: 'ACME ignores attribute {attribute}: only the domain names go into the certificate.',
  },
  'lint/subject/duplicate-attribute': {
    ja: '属性 {attribute} が複数あります。1 つにしてください。',
    en: 'Attribute {attribute} appears more than once. Keep only one.',
  },
  'lint/subject/missing-attribute': {
    ja: '{attribute} を入力してください。このプロファイルでは必須です。',
    en: 'Enter {attribute}: this profile requires it.',
  },
  'lint/subject/placeholder': {
    ja: '{attribute} の値「{value}」は空欄の代わりの記号とみなされ、受け付けられません。正しい値を入れるか、項目を空にしてください。',
    en: 'The {attribute} value "{value}" is a placeholder and will be refused. Enter the real value or leave the field out.',
  },
  'lint/subject/whitespace': {
    ja: '{attribute} の前後の空白を取り除いてください。',
    en: 'Remove the spaces around the {attribute} value.',
  },
  'lint/subject/too-long': {
    ja: '{attribute} が {length} 文字です。{limit} 文字以内にしてください。',
    en: '{attribute} has {length} characters. Shorten it to {limit} at most.',
  },
  'lint/subject/control-character': {
    ja: '{attribute} の {position} 文字目に制御文字（{codepoint}）があります。取り除いてください。',
    en: '{attribute} has a control character ({codepoint}) at position {position}. Remove it.',
  },
  'lint/subject/non-ascii': {
    ja: '{attribute} の {position} 文字目「{char}」（{codepoint}）は半角英数字ではありません。この認証局は英字表記（ASCII）だけを受け付けます。',
    en: '{attribute} has "{char}" ({codepoint}) at position {position}. This CA accepts only ASCII: use the romanised name.',
  },
  'lint/subject/forbidden-character': {
    ja: '{attribute} の {position} 文字目の「{char}」は使えません（使えない文字：{forbidden}）。',
    en: '"{char}" at position {position} of {attribute} is not allowed (not allowed: {forbidden}).',
  },
  'lint/subject/country-invalid': {
    ja: '{attribute} の「{value}」は国コードではありません。ISO 3166 の 2 文字の大文字（日本は JP）にしてください。',
    en: '{attribute} "{value}" is not a country code. Use the two capital letters of ISO 3166 (JP for Japan).',
  },
  'lint/subject/country-not-jp': {
    ja: '国（C）が {value} です。日本の組織なら {expected} にしてください。',
    en: 'The country (C) is {value}. For an organisation in Japan use {expected}.',
  },
  'lint/subject/prefecture-spelling': {
    ja: '都道府県（ST）「{value}」は正式なローマ字表記「{suggestion}」にしてください。',
    en: 'Write the prefecture (ST) "{value}" as its official romanised name "{suggestion}".',
  },
  'lint/subject/prefecture-unknown': {
    ja: '都道府県（ST）「{value}」は 47 都道府県のローマ字表記（Tokyo、Osaka など）のどれでもありません。登記上の所在地の都道府県を選んでください。',
    en: 'The prefecture (ST) "{value}" is none of the 47 prefectures’ romanised names (Tokyo, Osaka, ...). Choose the prefecture of the registered address.',
  },
  'lint/subject/cn-not-in-san': {
    ja: 'コモンネーム（CN）「{value}」がドメイン名（SAN）の中にありません。CN を SAN のどれか 1 つにするか、CN を空にしてください。',
    en: 'The common name (CN) "{value}" is not one of the subject alternative names. Make CN one of them or leave it out.',
  },
  'lint/subject/cn-not-a-label': {
    ja: 'コモンネーム（CN）「{value}」は A ラベル「{ascii}」の形にしてください。',
    en: 'Write the common name (CN) "{value}" as its A-label form "{ascii}".',
  },
} satisfies Record<string, LocalizedText>;

/** Widget labels: `ui/csr/*`, `ui/keys/*`. */
export const csrLabels = {
  // <shirushi-csr>
  'ui/csr/title': { ja: '鍵ペアと CSR の作成', en: 'Create a key pair and CSR' },
  'ui/csr/intro': {
    ja: '鍵ペアはこのブラウザーの中で作られ、どこにも送信されません。',
    en: 'The key pair is made in this browser and is never sent anywhere.',
  },
  'ui/csr/profile': { ja: '申請先（認証局と証明書の種類）', en: 'Where you apply (CA and certificate type)' },
  'ui/csr/profile/br-dv': {
    ja: 'CA/Browser Forum 汎用 — ドメイン認証（DV）',
    en: 'Generic CA/Browser Forum — domain validated (DV)',
  },
  'ui/csr/profile/br-ov': {
    ja: 'CA/Browser Forum 汎用 — 企業認証（OV）',
    en: 'Generic CA/Browser Forum — organisation validated (OV)',
  },
  'ui/csr/profile/jprs-dv': {
    ja: 'JPRS サーバー証明書 — ドメイン認証（DV）',
    en: 'JPRS server certificate — domain validated (DV)',
  },
  'ui/csr/profile/jprs-ov': {
    ja: 'JPRS サーバー証明書 — 組織認証（OV）',
    en: 'JPRS server certificate — organisation validated (OV)',
  },
  'ui/csr/profile/secom-ov': {
    ja: 'セコム パスポート for Web — 企業認証（OV）',
    en: 'SECOM Passport for Web — organisation validated (OV)',
  },
  'ui/csr/profile/secom-ev': {
    ja: 'セコム パスポート for Web — EV',
    en: 'SECOM Passport for Web — extended validation (EV)',
  },
  'ui/csr/profile/crosstrust': {
    ja: 'クロストラスト — 企業認証（OV）',
    en: 'Cross Trust — organisation validated (OV)',
  },
  'ui/csr/profile/acme': {
    ja: 'ACME（Let’s Encrypt など、ドメイン名だけを使用）',
    en: 'ACME (Let’s Encrypt and others; only the domain names are used)',
  },
  'ui/csr/names': { ja: 'ドメイン名（1 行に 1 つ）', en: 'Domain names (one per line)' },
  'ui/csr/names-hint': {
    ja: '例: www.example.jp。日本語ドメイン名やワイルドカード（*.example.jp）、IP アドレスも書けます。最初の名前がコモンネーム（CN）になります。',
    en: 'For example www.example.jp. Japanese domain names, wildcards (*.example.jp) and IP addresses are accepted. The first name becomes the common name (CN).',
  },
  'ui/csr/subject': { ja: '組織の情報', en: 'Organisation details' },
  'ui/csr/subject-hint': {
    ja: '登記上の英語表記を半角英数字で入力してください。',
    en: 'Enter the registered names in ASCII letters and digits.',
  },
  'ui/csr/organization': { ja: '組織名（O）', en: 'Organisation (O)' },
  'ui/csr/locality': { ja: '市区町村（L）', en: 'City (L)' },
  'ui/csr/state': { ja: '都道府県（ST）', en: 'Prefecture or state (ST)' },
  'ui/csr/state-choose': { ja: '選んでください', en: 'Choose one' },
  'ui/csr/country': { ja: '国（C、2 文字）', en: 'Country (C, two letters)' },
  'ui/csr/key': { ja: '鍵の種類', en: 'Key type' },
  'ui/csr/key/rsa-2048': {
    ja: 'RSA 2048 ビット（推奨・広く使える）',
    en: 'RSA 2048 bits (recommended, widely accepted)',
  },
  'ui/csr/key/rsa-3072': { ja: 'RSA 3072 ビット', en: 'RSA 3072 bits' },
  'ui/csr/key/rsa-4096': {
    ja: 'RSA 4096 ビット（作成に数秒かかります）',
    en: 'RSA 4096 bits (takes a few seconds to make)',
  },
  'ui/csr/key/ec-p256': { ja: 'ECDSA P-256（小さく高速）', en: 'ECDSA P-256 (small and fast)' },
  'ui/csr/key/ec-p384': { ja: 'ECDSA P-384', en: 'ECDSA P-384' },
  'ui/csr/hash': { ja: '署名のハッシュ関数', en: 'Signature hash' },
  'ui/csr/hash-hint': {
    ja: '通常は SHA-256 のままで構いません（P-384 には SHA-384）。',
    en: 'SHA-256 is right in most cases (SHA-384 for P-384).',
  },
  'ui/csr/storage': { ja: '秘密鍵の保管', en: 'Keeping the private key' },
  'ui/csr/storage-warning': {
    ja: '秘密鍵はこのブラウザー（IndexedDB）に書き出し不可の形で保管されます。書き出し不可の鍵はバックアップできず、ブラウザーのデータを消すと失われます。Safari は 7 日間アクセスのないサイトのデータを削除することがあります。',
    en: 'The private key is kept in this browser (IndexedDB) as non-extractable. A non-extractable key cannot be backed up and is lost if the browser’s site data is cleared. Safari may delete a site’s data after 7 days without a visit.',
  },
  'ui/csr/extractable': {
    ja: '暗号化したバックアップファイルを作る（書き出し可能な鍵）',
    en: 'Make an encrypted backup file (extractable key)',
  },
  'ui/csr/passphrase': { ja: 'バックアップのパスフレーズ', en: 'Backup passphrase' },
  'ui/csr/passphrase-hint': {
    ja: '12 文字以上を推奨します。忘れるとバックアップは使えません。ブラウザーに保管する鍵は、バックアップを作った後で書き出し不可に切り替えます。',
    en: 'At least 12 characters is recommended; without it the backup is useless. The copy kept in the browser is made non-extractable after the backup is made.',
  },
  'ui/csr/passphrase-confirm': { ja: 'パスフレーズ（確認）', en: 'Passphrase again' },
  'ui/csr/passphrase-empty': { ja: 'パスフレーズを入力してください。', en: 'Enter a passphrase.' },
  'ui/csr/passphrase-mismatch': {
    ja: '2 つのパスフレーズが一致しません。',
    en: 'The two passphrases differ.',
  },
  'ui/csr/generate': { ja: '鍵と CSR を作成', en: 'Generate key and CSR' },
  'ui/csr/generate-blocked': {
    ja: '赤で示した問題を直すと作成できます。',
    en: 'Fix the problems marked in red to continue.',
  },
  'ui/csr/generate-blocked-fields': {
    ja: 'まだ作成できません。次の項目を入力するか直してください：{fields}',
    en: 'Not ready yet. Fill in or correct: {fields}',
  },
  'ui/csr/list-separator': { ja: '、', en: ', ' },
  'ui/csr/name/names': { ja: 'ドメイン名', en: 'Domain names' },
  'ui/csr/name/organization': { ja: '組織名', en: 'Organisation' },
  'ui/csr/name/locality': { ja: '市区町村', en: 'City' },
  'ui/csr/name/state': { ja: '都道府県', en: 'Prefecture or state' },
  'ui/csr/name/country': { ja: '国', en: 'Country' },
  'ui/csr/name/common-name': {
    ja: 'コモンネーム（最初のドメイン名）',
    en: 'Common name (the first domain name)',
  },
  'ui/csr/name/passphrase': { ja: 'バックアップのパスフレーズ', en: 'Backup passphrase' },
  'ui/csr/finding-code': { ja: '技術的な詳細', en: 'Technical detail' },
  'ui/csr/url-reduced': {
    ja: 'ウェブアドレス「{url}」からドメイン名「{host}」だけを残しました。',
    en: 'Kept only the domain name "{host}" from the web address "{url}".',
  },
  'ui/csr/generating-key': { ja: '鍵ペアを作成しています…', en: 'Generating the key pair…' },
  'ui/csr/building': { ja: 'CSR に署名しています…', en: 'Signing the CSR…' },
  'ui/csr/storing': { ja: '鍵をブラウザーに保管しています…', en: 'Storing the key in this browser…' },
  'ui/csr/done': { ja: 'CSR を作成しました。', en: 'The CSR is ready.' },
  'ui/csr/failed': { ja: '作成できませんでした', en: 'Could not create the CSR' },
  'ui/csr/severity/error': { ja: 'エラー', en: 'Error' },
  'ui/csr/severity/warning': { ja: '警告', en: 'Warning' },
  'ui/csr/severity/notice': { ja: '参考', en: 'Note' },
  'ui/csr/result': { ja: '作成した CSR', en: 'Your CSR' },
  'ui/csr/pem': { ja: 'CSR（PEM 形式）', en: 'CSR (PEM)' },
  'ui/csr/copy': { ja: 'コピー', en: 'Copy' },
  'ui/csr/copied': { ja: 'クリップボードにコピーしました。', en: 'Copied to the clipboard.' },
  'ui/csr/copy-failed': {
    ja: 'コピーできませんでした。テキストを選択してコピーしてください。',
    en: 'Could not copy. Select the text and copy it.',
  },
  'ui/csr/download': { ja: 'ダウンロード（.csr）', en: 'Download (.csr)' },
  'ui/csr/backup': { ja: '暗号化バックアップをダウンロード（.key）', en: 'Download encrypted backup (.key)' },
  'ui/csr/backup-hint': {
    ja: 'このバックアップは今しかダウンロードできません。パスフレーズとは別の安全な場所に保管してください。',
    en: 'This backup can only be downloaded now. Keep it somewhere safe, apart from the passphrase.',
  },
  'ui/csr/contents': { ja: 'CSR の内容', en: 'What the CSR contains' },
  'ui/csr/field/subject': { ja: 'サブジェクト', en: 'Subject' },
  'ui/csr/field/sans': { ja: 'ドメイン名（SAN）', en: 'Domain names (SAN)' },
  'ui/csr/field/key': { ja: '公開鍵', en: 'Public key' },
  'ui/csr/field/signature': { ja: '署名', en: 'Signature' },
  'ui/csr/field/findings': { ja: '確認結果', en: 'Checks' },
  'ui/csr/field/key-location': { ja: '秘密鍵の保管場所', en: 'Where the private key is' },
  'ui/csr/signature-valid': { ja: '正しい（{algorithm}）', en: 'Valid ({algorithm})' },
  'ui/csr/signature-invalid': { ja: '正しくない（{algorithm}）', en: 'Invalid ({algorithm})' },
  'ui/csr/signature-unknown': { ja: '未確認（{algorithm}）', en: 'Not checked ({algorithm})' },
  'ui/csr/no-findings': { ja: '問題は見つかりませんでした。', en: 'No problems found.' },
  'ui/csr/empty-subject': { ja: '（なし）', en: '(none)' },
  'ui/csr/key-location': {
    ja: 'このブラウザーの IndexedDB（書き出し不可）。名前「{label}」、ID {id}',
    en: 'This browser’s IndexedDB (non-extractable), named “{label}”, id {id}',
  },
  'ui/csr/persisted': {
    ja: 'ブラウザーはこのサイトのデータを保護すると応答しました。',
    en: 'The browser agreed to keep this site’s data.',
  },
  'ui/csr/not-persisted': {
    ja: 'ブラウザーはこのサイトのデータを保護すると約束していません。証明書の発行までこのブラウザーを使い続けてください。',
    en: 'The browser did not promise to keep this site’s data. Keep using this browser until the certificate is issued.',
  },
  // <shirushi-keys>
  'ui/keys/title': { ja: '保管している鍵', en: 'Stored keys' },
  'ui/keys/empty': { ja: '保管している鍵はありません。', en: 'No keys are stored.' },
  'ui/keys/loading': { ja: '読み込んでいます…', en: 'Loading…' },
  'ui/keys/created': { ja: '作成日時', en: 'Created' },
  'ui/keys/algorithm': { ja: '鍵の種類', en: 'Key type' },
  'ui/keys/id': { ja: 'ID', en: 'Id' },
  'ui/keys/csr': { ja: 'CSR', en: 'CSR' },
  'ui/keys/no-csr': { ja: '（CSR なし）', en: '(no CSR)' },
  'ui/keys/show-csr': { ja: 'CSR を表示', en: 'Show CSR' },
  'ui/keys/copy-csr': { ja: 'CSR をコピー', en: 'Copy CSR' },
  'ui/keys/copied': { ja: 'CSR をコピーしました。', en: 'CSR copied.' },
  'ui/keys/copy-failed': {
    ja: 'コピーできませんでした。CSR を表示して選択してください。',
    en: 'Could not copy. Show the CSR and select it.',
  },
  'ui/keys/delete': { ja: '削除…', en: 'Delete…' },
  'ui/keys/delete-word': { ja: '削除', en: 'delete' },
  'ui/keys/confirm-label': {
    ja: '削除するには「{word}」または鍵の名前を入力してください',
    en: 'To delete, type “{word}” or the key’s name',
  },
  'ui/keys/confirm-warning': {
    ja: '削除した秘密鍵は元に戻せません。この鍵で発行された証明書は使えなくなります。',
    en: 'A deleted private key cannot be recovered; a certificate issued for it becomes unusable.',
  },
  'ui/keys/confirm': { ja: 'この鍵を削除', en: 'Delete this key' },
  'ui/keys/confirm-blocked': {
    ja: '上の欄に「{word}」または鍵の名前を入力すると削除できます。',
    en: 'Type “{word}” or the key’s name in the field above to delete.',
  },
  'ui/keys/cancel': { ja: 'やめる', en: 'Cancel' },
  'ui/keys/deleted': { ja: '「{label}」を削除しました。', en: 'Deleted “{label}”.' },
  'ui/keys/failed': { ja: '鍵を読み書きできませんでした', en: 'The key store could not be used' },
  'ui/keys/refresh': { ja: '再読み込み', en: 'Reload' },
} satisfies Record<string, LocalizedText>;
