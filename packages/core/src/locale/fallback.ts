import type { Language, LocalizedText } from './language.schema.js';

/**
 * Default fallback chains: Kazakh readers usually read Russian, everyone falls back to
 * English last. Organisations may pass their own chains.
 */
export const DEFAULT_FALLBACKS: Readonly<Record<Language, readonly Language[]>> = {
  kk: ['kk', 'ru', 'en'],
  ru: ['ru', 'en'],
  vi: ['vi', 'en'],
  en: ['en'],
};

/** The languages to try for a reader of `language`, best first, without repeats. */
export function fallbackChain(
  language: Language,
  chains: Partial<Record<Language, readonly Language[]>> = DEFAULT_FALLBACKS,
): Language[] {
  const chain = chains[language] ?? DEFAULT_FALLBACKS[language];
  return [...new Set([language, ...chain])];
}

/**
 * The text to show a reader of `language`: the first language of its fallback chain the
 * text is written in, or undefined when none is.
 */
export function pickLocalized(
  text: LocalizedText,
  language: Language,
  chains?: Partial<Record<Language, readonly Language[]>>,
): { language: Language; text: string } | undefined {
  for (const candidate of fallbackChain(language, chains)) {
    const value = text[candidate];
    if (value !== undefined) return { language: candidate, text: value };
  }
  return undefined;
}
