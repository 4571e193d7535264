import { type Channel, escapeMarkup, type Language } from '@safenet/core';

/** The words of the unsubscribe pages in one language. */
interface PageWords {
  title: string;
  question: string;
  channel: string;
  button: string;
  done: string;
  channels: Record<Channel, string>;
}

/**
 * The pages' words. Channel names stand on their own line ("Channel: email") so no language
 * has to decline them inside a sentence.
 */
const WORDS: Readonly<Record<Language, PageWords>> = {
  en: {
    title: 'Unsubscribe',
    question: 'Stop receiving these messages?',
    channel: 'Channel',
    button: 'Unsubscribe',
    done: 'You are unsubscribed: these messages will no longer come to you on this channel.',
    channels: {
      email: 'email',
      sms: 'SMS',
      whatsapp: 'WhatsApp',
      telegram: 'Telegram',
      websocket: 'the app',
      zalo: 'Zalo',
    },
  },
  ru: {
    title: 'Отказ от рассылки',
    question: 'Больше не получать эти сообщения?',
    channel: 'Канал',
    button: 'Отписаться',
    done: 'Вы отписались: по этому каналу эти сообщения больше не будут приходить.',
    channels: {
      email: 'электронная почта',
      sms: 'SMS',
      whatsapp: 'WhatsApp',
      telegram: 'Telegram',
      websocket: 'приложение',
      zalo: 'Zalo',
    },
  },
  kk: {
    title: 'Жазылымнан бас тарту',
    question: 'Бұл хабарламаларды енді алмайсыз ба?',
    channel: 'Арна',
    button: 'Жазылымнан бас тарту',
    done: 'Сіз жазылымнан бас тарттыңыз: бұл арна арқылы хабарламалар енді келмейді.',
    channels: {
      email: 'электрондық пошта',
      sms: 'SMS',
      whatsapp: 'WhatsApp',
      telegram: 'Telegram',
      websocket: 'қосымша',
      zalo: 'Zalo',
    },
  },
  vi: {
    title: 'Hủy đăng ký',
    question: 'Ngừng nhận những tin nhắn này?',
    channel: 'Kênh',
    button: 'Hủy đăng ký',
    done: 'Bạn đã hủy đăng ký: bạn sẽ không nhận được những tin nhắn này qua kênh này nữa.',
    channels: {
      email: 'email',
      sms: 'SMS',
      whatsapp: 'WhatsApp',
      telegram: 'Telegram',
      websocket: 'ứng dụng',
      zalo: 'Zalo',
    },
  },
};

/** The form field the confirmation page posts, telling its submit from a mail client's. */
export const PAGE_FIELD = 'via';

/**
 * The page a link opens: a question and a button that POSTs back to the same URL. Opening
 * the link changes nothing, since scanners and previews fetch links nobody clicked.
 */
export function confirmPage(language: string | null, channel: Channel): string {
  const words = wordsFor(language);
  return page(words, language, [
    `<p>${escapeMarkup(words.question)}</p>`,
    `<p>${escapeMarkup(words.channel)}: ${escapeMarkup(words.channels[channel])}</p>`,
    // No action: the form posts to the page's own URL, token included.
    `<form method="post"><input type="hidden" name="${PAGE_FIELD}" value="page">`,
    `<button type="submit">${escapeMarkup(words.button)}</button></form>`,
  ]);
}

/** The answer to an unsubscribe POST, the same whether or not it changed anything. */
export function donePage(language: string | null, channel: Channel): string {
  const words = wordsFor(language);
  return page(words, language, [
    `<p>${escapeMarkup(words.done)}</p>`,
    `<p>${escapeMarkup(words.channel)}: ${escapeMarkup(words.channels[channel])}</p>`,
  ]);
}

/** The headers of both pages: the token in the URL must not leak, be cached or indexed. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
} as const;

function wordsFor(language: string | null): PageWords {
  return language !== null && Object.hasOwn(WORDS, language)
    ? WORDS[language as Language]
    : WORDS.en;
}

function page(words: PageWords, language: string | null, body: string[]): string {
  const lang = language !== null && Object.hasOwn(WORDS, language) ? language : 'en';
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(words.title)}</title>`,
    '<style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeMarkup(words.title)}</h1>`,
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
