import type { Language } from '@safenet/core';

/** The words around an unsubscribe link: a question and the link's own text. */
export interface UnsubscribeWords {
  question: string;
  link: string;
}

/** The footer's words in every supported language. */
export const UNSUBSCRIBE_FOOTER: Readonly<Record<Language, UnsubscribeWords>> = {
  en: { question: 'Do not want these emails?', link: 'Unsubscribe' },
  ru: { question: 'Не хотите получать эти письма?', link: 'Отписаться' },
  kk: { question: 'Бұл хаттарды алғыңыз келмей ме?', link: 'Жазылымнан бас тарту' },
  vi: { question: 'Không muốn nhận những email này?', link: 'Hủy đăng ký' },
};

/**
 * The footer's words for a reader of `language`. English when the code is one the table
 * lacks: a language added to core before this table must still get a working footer.
 */
export function unsubscribeFooterOf(language: string): UnsubscribeWords {
  return Object.hasOwn(UNSUBSCRIBE_FOOTER, language)
    ? UNSUBSCRIBE_FOOTER[language as Language]
    : UNSUBSCRIBE_FOOTER.en;
}

/**
 * The link in its serialised WHATWG form, refused unless it is http(s). Serialising
 * percent-encodes `<`, `>`, `"` and spaces and drops line breaks, so the link can neither
 * end the `<…>` of `List-Unsubscribe` early nor inject a header; `javascript:` and other
 * schemes never reach an `href`.
 */
export function normaliseUnsubscribeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new TypeError(`An unsubscribe link must be http(s), not ${parsed.protocol}`);
  }
  return parsed.href;
}

/**
 * The headers bulk senders must carry (Gmail and Yahoo require both since 2024):
 * `List-Unsubscribe` (RFC 2369) with the link, and `List-Unsubscribe-Post` (RFC 8058), which
 * tells mail clients a POST of `List-Unsubscribe=One-Click` to it unsubscribes at once.
 */
export function unsubscribeHeaders(href: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${href}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
