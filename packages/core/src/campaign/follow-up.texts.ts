import { LANGUAGES, type Language } from '../locale/language.schema.js';
import type { IsoDate, LocalizedText } from './model.js';

/**
 * The messages the hub writes itself while following a plan up: a reminder to a responsible
 * organisation's people before an item's deadline, and the word to the organisation above
 * when some of its organisations missed one. Written in every language Safenet speaks; each
 * recipient reads their own. Dates are written out in the language (`25 апреля 2017 г.`).
 */

/** A plan item as a message names it. */
export interface ItemMention {
  /** As the document numbers it, e.g. "7." (a trailing dot is dropped). */
  number: string;
  title: LocalizedText;
}

/** An item due on a date, as a reminder lists it. */
export interface DueItem extends ItemMention {
  dueDate: IsoDate;
  /** Days before the due date this reminder goes out: 0 = on the day. */
  daysBefore: number;
}

/** The text of a language, else English, else the first one written. */
export function textIn(text: LocalizedText, language: Language): string {
  return text[language] ?? text.en ?? (Object.values(text)[0] as string);
}

const LOCALES: Record<Language, string> = { ru: 'ru-RU', kk: 'kk-KZ', vi: 'vi-VN', en: 'en-GB' };

/** A calendar date written out in the language, e.g. "25 April 2017". */
export function longDate(date: IsoDate, language: Language): string {
  return new Intl.DateTimeFormat(LOCALES[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${date}T00:00:00Z`));
}

const number = (item: ItemMention) => item.number.replace(/\.$/, '');

/** Ends a sentence with a full stop, unless it ends with one ("2017 г."). */
export const sentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

interface Phrases {
  reminder: string;
  item(item: ItemMention, title: string): string;
  due(date: string, daysBefore: number): string;
  listed(count: number): string;
  missed(count: number, item: string, date: string): string;
  more(count: number): string;
}

/** Russian plural form of `n`: one, few, many ("1 день", "2 дня", "5 дней"). */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  if (units === 1) return one;
  if (units >= 2 && units <= 4) return few;
  return many;
}

const PHRASES: Record<Language, Phrases> = {
  en: {
    reminder: 'Reminder',
    item: (item, title) => `item ${number(item)} “${title}”`,
    due: (date, n) =>
      n === 0 ? `is due today, ${date}` : `is due in ${n} day${n === 1 ? '' : 's'}, on ${date}`,
    listed: (count) => `${count} items of the plan are due`,
    missed: (count, item, date) =>
      `${count} of your organisations ${count === 1 ? 'has' : 'have'} not done ${item}, due ${date}`,
    more: (count) => `and ${count} more`,
  },
  ru: {
    reminder: 'Напоминание',
    item: (item, title) => `пункт ${number(item)} «${title}»`,
    due: (date, n) =>
      n === 0
        ? `— срок сегодня, ${date}`
        : `— срок через ${n} ${ruPlural(n, 'день', 'дня', 'дней')}, ${date}`,
    listed: (count) =>
      `подходит срок ${ruPlural(count, 'пункта', 'пунктов', 'пунктов')} плана: ${count}`,
    missed: (count, item, date) =>
      `${count} ${ruPlural(count, 'организация не выполнила', 'организации не выполнили', 'организаций не выполнили')} ${item} (срок ${date})`,
    more: (count) => `и ещё ${count}`,
  },
  kk: {
    reminder: 'Еске салу',
    item: (item, title) => `${number(item)}-тармақ «${title}»`,
    due: (date, n) =>
      n === 0 ? `— мерзімі бүгін, ${date}` : `— мерзіміне ${n} күн қалды, ${date}`,
    listed: (count) => `жоспардың ${count} тармағының мерзімі жақындады`,
    missed: (count, item, date) =>
      `${count} ұйым ${item} бойынша жұмысты орындамады (мерзімі ${date})`,
    more: (count) => `және тағы ${count}`,
  },
  vi: {
    reminder: 'Nhắc việc',
    item: (item, title) => `mục ${number(item)} «${title}»`,
    due: (date, n) => (n === 0 ? `— hạn là hôm nay, ${date}` : `— còn ${n} ngày, hạn ${date}`),
    listed: (count) => `${count} mục của kế hoạch sắp đến hạn`,
    missed: (count, item, date) => `${count} đơn vị chưa hoàn thành ${item} (hạn ${date})`,
    more: (count) => `và ${count} đơn vị khác`,
  },
};

function everyLanguage(write: (language: Language, p: Phrases) => string): LocalizedText {
  return Object.fromEntries(
    LANGUAGES.map((language) => [language, write(language, PHRASES[language])]),
  );
}

/**
 * A reminder to a responsible organisation's people: one item ("Reminder · Safe Internet:
 * item 7 “…” is due in 3 days, on 25 April 2017"), or a digest listing several, one per line.
 */
export function reminderText(
  campaignTitle: LocalizedText,
  items: readonly DueItem[],
): LocalizedText {
  if (items.length === 0) throw new RangeError('a reminder names at least one item');
  return everyLanguage((language, p) => {
    const head = `${p.reminder} · ${textIn(campaignTitle, language)}`;
    const line = (item: DueItem) =>
      `${p.item(item, textIn(item.title, language))} ${p.due(longDate(item.dueDate, language), item.daysBefore)}`;
    const [only] = items;
    if (items.length === 1 && only) return sentence(`${head}: ${line(only)}`);
    return `${head}: ${p.listed(items.length)}:\n${items.map((item) => `• ${line(item)}`).join('\n')}`;
  });
}

/** How many organisations an escalation names before "and N more". */
export const NAMES_SHOWN = 10;

/**
 * The word to the organisation above when some of its organisations missed an item's due date
 * ("Safe Internet: 3 of your organisations have not done item 7 “…”, due 25 April 2017:
 * School No. 1, …").
 */
export function escalationText(
  campaignTitle: LocalizedText,
  item: ItemMention,
  dueDate: IsoDate,
  orgNames: readonly string[],
): LocalizedText {
  if (orgNames.length === 0) throw new RangeError('an escalation names at least one organisation');
  const shown = orgNames.slice(0, NAMES_SHOWN);
  const rest = orgNames.length - shown.length;
  return everyLanguage((language, p) => {
    const names = shown.join(', ') + (rest > 0 ? `, ${p.more(rest)}` : '');
    const what = p.missed(
      orgNames.length,
      p.item(item, textIn(item.title, language)),
      longDate(dueDate, language),
    );
    return sentence(`${textIn(campaignTitle, language)}: ${what}: ${names}`);
  });
}
