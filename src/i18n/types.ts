/** The two languages every text is written in; the string tables and their helpers build on these. */
export type Locale = 'ja' | 'en';

export interface LocalizedText {
  ja: string;
  en: string;
}
