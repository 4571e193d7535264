import { type ConsoleLanguage, LOCALE_TAGS } from './locales.js';

/** Formats numbers in the reader's locale and times in their organisation's time zone. */
export interface Format {
  locale: string;
  timeZone: string;
  number(value: number): string;
  /** A share 0–1 as a percentage, one decimal at most: 0.625 → "62.5%" ("62,5 %" in Russian). */
  percent(share: number): string;
  dateTime(iso: string): string;
  time(iso: string): string;
}

export function formatter(language: ConsoleLanguage, timeZone: string): Format {
  const locale = LOCALE_TAGS[language];
  const numbers = new Intl.NumberFormat(locale);
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  // Browsers' ICU (Chromium's in particular) lacks Kazakh month names and falls back to
  // "2026 M12 5": Kazakh dates are written in digits, 05.12.2026, as people there write them.
  const dateTimes =
    language === 'kk'
      ? new Intl.DateTimeFormat('ru-KZ', {
          day: '2-digit',
          month: '2-digit',
          year: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
          timeZone,
        })
      : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const times = new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone });
  return {
    locale,
    timeZone,
    number: (value) => numbers.format(value),
    percent: (share) => percents.format(share),
    dateTime: (iso) => dateTimes.format(new Date(iso)),
    time: (iso) => times.format(new Date(iso)),
  };
}
