import { type Language, LanguageCode } from '../locale/language.schema.js';

const REPLIES: Readonly<Record<Language, (sender: string) => string>> = {
  en: (sender) =>
    `${sender}: child online-safety guidance for parents. Reply STOP to stop these messages, START to get them again.`,
  ru: (sender) =>
    `${sender}: рекомендации для родителей о безопасности детей в интернете. Ответьте СТОП, чтобы отписаться, СТАРТ — чтобы снова получать сообщения.`,
  kk: (sender) =>
    `${sender}: ата-аналарға балалардың интернеттегі қауіпсіздігі туралы кеңестер. Хабарламалардан бас тарту үшін ТОҚТАТУ, қайта алу үшін БАСТАУ деп жауап беріңіз.`,
  vi: (sender) =>
    `${sender}: hướng dẫn phụ huynh bảo vệ trẻ em trên mạng. Trả lời DỪNG để ngừng nhận tin, BẮT ĐẦU để nhận lại.`,
};

/**
 * The answer to a HELP reply (carriers require one for bulk SMS): who sends, what about, and
 * the keywords that stop and restart the messages, in the contact's language (English for a
 * language without a text, or a sender the hub does not know).
 *
 * @example
 * helpReply('ru', 'Родительский комитет школы № 12');
 */
export function helpReply(language: string, sender: string): string {
  const code = LanguageCode.safeParse(language);
  return REPLIES[code.success ? code.data : 'en'](sender);
}
