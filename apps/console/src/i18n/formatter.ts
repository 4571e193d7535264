import { type ConsoleLanguage, LOCALE_TAGS } from './locales.js';

/** Formats numbers in the reader's locale and times in their organisation's time zone. */
export interface Format {
  locale: string;
  timeZone: string;
  number(value: number): string;
  /** A share 0–1 as a percentage, one decimal at most: 0.625 → "62.5%" ("62,5 %" in Russian). */
  percent(share: number): string;
  /**
   * An amount of money given as an exact decimal string (the hub's `Money`), in `currency`:
   * every digit it has and at least the currency's usual ones — "0.0725" USD is "US$0.0725",
   * "145" is "US$145.00". The string goes to Intl as it is, never through a float.
   */
  money(amount: string, currency: string): string;
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
    money: (amount, currency) => formatMoney(locale, amount, currency),
    dateTime: (iso) => dateTimes.format(new Date(iso)),
    time: (iso) => times.format(new Date(iso)),
  };
}

/** See {@link Format.money}. */
function formatMoney(locale: string, amount: string, currency: string): string {
  const usual = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions();
  // The digits after the point that matter: "0.43500" has three.
  const digits = (amount.split('.')[1] ?? '').replace(/0+$/, '').length;
  const fraction = usual.minimumFractionDigits ?? 0;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: fraction,
    maximumFractionDigits: Math.max(fraction, digits),
  }).format(amount as `${number}`);
}
