/**
 * The 47 prefectures of Japan in JIS X 0401 order: code, official romanised name (as CAs expect in the
 * stateOrProvinceName of a TLS certificate) and Japanese name. Used by the prefecture picker and by lint.
 */
export interface Prefecture {
  /** JIS X 0401 code, `01` to `47`. */
  code: string;
  /** Romanised name without the -to/-fu/-ken suffix, e.g. `Tokyo`. */
  name: string;
  /** Japanese name, e.g. `東京都`. */
  ja: string;
}

const TABLE: [string, string][] = [
  ['Hokkaido', '北海道'],
  ['Aomori', '青森県'],
  ['Iwate', '岩手県'],
  ['Miyagi', '宮城県'],
  ['Akita', '秋田県'],
  ['Yamagata', '山形県'],
  ['Fukushima', '福島県'],
  ['Ibaraki', '茨城県'],
  ['Tochigi', '栃木県'],
  ['Gunma', '群馬県'],
  ['Saitama', '埼玉県'],
  ['Chiba', '千葉県'],
  ['Tokyo', '東京都'],
  ['Kanagawa', '神奈川県'],
  ['Niigata', '新潟県'],
  ['Toyama', '富山県'],
  ['Ishikawa', '石川県'],
  ['Fukui', '福井県'],
  ['Yamanashi', '山梨県'],
  ['Nagano', '長野県'],
  ['Gifu', '岐阜県'],
  ['Shizuoka', '静岡県'],
  ['Aichi', '愛知県'],
  ['Mie', '三重県'],
  ['Shiga', '滋賀県'],
  ['Kyoto', '京都府'],
  ['Osaka', '大阪府'],
  ['Hyogo', '兵庫県'],
  ['Nara', '奈良県'],
  ['Wakayama', '和歌山県'],
  ['Tottori', '鳥取県'],
  ['Shimane', '島根県'],
  ['Okayama', '岡山県'],
  ['Hiroshima', '広島県'],
  ['Yamaguchi', '山口県'],
  ['Tokushima', '徳島県'],
  ['Kagawa', '香川県'],
  ['Ehime', '愛媛県'],
  ['Kochi', '高知県'],
  ['Fukuoka', '福岡県'],
  ['Saga', '佐賀県'],
  ['Nagasaki', '長崎県'],
  ['Kumamoto', '熊本県'],
  ['Oita', '大分県'],
  ['Miyazaki', '宮崎県'],
  ['Kagoshima', '鹿児島県'],
  ['Okinawa', '沖縄県'],
];

export const PREFECTURES: readonly Prefecture[] = TABLE.map(([name, ja], index) => ({
  code: String(index + 1).padStart(2, '0'),
  name,
  ja,
}));

const SUFFIX = /[\s-]*(to|fu|ken|prefecture|pref\.?)$/i;
const LONG_VOWELS: [RegExp, string][] = [
  [/ou/g, 'o'],
  [/oo/g, 'o'],
  [/uu/g, 'u'],
  [/[ōô]/g, 'o'],
  [/[ūû]/g, 'u'],
];

function fold(value: string): string {
  let text = value.trim().toLowerCase().replace(SUFFIX, '');
  for (const [pattern, replacement] of LONG_VOWELS) text = text.replace(pattern, replacement);
  return text;
}

/** The prefecture whose official romanised name is exactly `value`. */
export function prefectureByName(value: string): Prefecture | undefined {
  return PREFECTURES.find((prefecture) => prefecture.name === value);
}

/**
 * The prefecture `value` most likely means (`TOKYO`, `Tokyo-to`, `Tōkyō`, `Hyougo`, `東京都`, `大阪`), or
 * undefined when it names none.
 */
export function guessPrefecture(value: string): Prefecture | undefined {
  const trimmed = value.trim();
  const folded = fold(trimmed);
  return PREFECTURES.find(
    (prefecture) =>
      fold(prefecture.name) === folded ||
      prefecture.ja === trimmed ||
      prefecture.ja.replace(/[都府県]$/, '') === trimmed,
  );
}
