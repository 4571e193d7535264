/** Fallback order of the console's languages (core's chains: kk → ru → en, vi → en). */
const CHAINS: Record<string, readonly string[]> = {
  kk: ['kk', 'ru', 'en'],
  ru: ['ru', 'en'],
  vi: ['vi', 'en'],
  en: ['en'],
};

/** The languages a text for `language` is taken from, in order (core's fallback chain). */
export function languageChain(language: string): readonly string[] {
  return CHAINS[language] ?? [language];
}

/** The text of `texts` for `language`, falling back along its chain, then any language. */
export function pickText(texts: Record<string, string>, language: string): string {
  for (const code of CHAINS[language] ?? [language]) {
    const text = texts[code];
    if (text) return text;
  }
  return Object.values(texts)[0] ?? '';
}

/** Which language {@link pickText} took for `language`, or null when `texts` is empty. */
export function pickedLanguage(texts: Record<string, string>, language: string): string | null {
  for (const code of CHAINS[language] ?? [language]) if (texts[code]) return code;
  return Object.keys(texts)[0] ?? null;
}
