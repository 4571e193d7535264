/** The console's languages: the programmes' four, as the hub's `Language`. */
export const CONSOLE_LANGUAGES = ['ru', 'kk', 'vi', 'en'] as const;
export type ConsoleLanguage = (typeof CONSOLE_LANGUAGES)[number];

/** Each language's own name, as its speakers write it. */
export const LANGUAGE_NAMES: Record<ConsoleLanguage, string> = {
  ru: 'Русский',
  kk: 'Қазақша',
  vi: 'Tiếng Việt',
  en: 'English',
};

/** BCP 47 tags for Intl: Kazakh in Cyrillic as used in Kazakhstan. */
export const LOCALE_TAGS: Record<ConsoleLanguage, string> = {
  ru: 'ru-RU',
  kk: 'kk-KZ',
  vi: 'vi-VN',
  en: 'en-GB',
};
