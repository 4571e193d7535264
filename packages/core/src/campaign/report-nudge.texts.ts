import { LANGUAGES, type Language } from '../locale/language.schema.js';
import { longDate, NAMES_SHOWN, ruPlural, sentence, textIn } from './follow-up.texts.js';
import type { IsoDate, LocalizedText } from './model.js';

/**
 * The messages the hub writes itself to nudge results reports along (issue 13): a reminder to
 * an expected organisation's people before its report is due, and a digest to the
 * organisation above naming its children still missing after it. Written in every language
 * Safenet speaks, as the plan's follow-up texts are; each recipient reads their own.
 */

/** A report as a nudge names it: its form's title, its period and due date. */
export interface ReportMention {
  formTitle: LocalizedText;
  /** The period's key; `once` (a campaign's report) is not written out. */
  periodKey: string;
  dueOn: IsoDate;
}

interface Phrases {
  reminder: string;
  due(date: string, daysBefore: number): string;
  submitAt: string;
  missing(count: number, date: string): string;
  more(count: number): string;
  returned(by: string): string;
  fixAt: string;
  request(date: string): string;
}

const PHRASES: Record<Language, Phrases> = {
  en: {
    reminder: 'Reminder',
    due: (date, n) =>
      n === 0
        ? `your report is due today, ${date}`
        : `your report is due in ${n} day${n === 1 ? '' : 's'}, on ${date}`,
    submitAt: 'Submit it here',
    missing: (count, date) =>
      `${count} of your organisations ${count === 1 ? 'has' : 'have'} not submitted the report due ${date}`,
    more: (count) => `and ${count} more`,
    returned: (by) => `${by} returned your report`,
    fixAt: 'Correct it and submit it again here',
    request: (date) => `please submit your report, due ${date}`,
  },
  ru: {
    reminder: 'Напоминание',
    due: (date, n) =>
      n === 0
        ? `отчёт нужно сдать сегодня, ${date}`
        : `отчёт нужно сдать через ${n} ${ruPlural(n, 'день', 'дня', 'дней')}, до ${date}`,
    submitAt: 'Заполнить отчёт',
    missing: (count, date) =>
      `${count} ${ruPlural(count, 'организация не сдала', 'организации не сдали', 'организаций не сдали')} отчёт (срок ${date})`,
    more: (count) => `и ещё ${count}`,
    returned: (by) => `${by} вернул(а) ваш отчёт на доработку`,
    fixAt: 'Исправьте и сдайте отчёт снова',
    request: (date) => `просим сдать отчёт, срок ${date}`,
  },
  kk: {
    reminder: 'Еске салу',
    due: (date, n) =>
      n === 0
        ? `есепті бүгін тапсыру керек, ${date}`
        : `есепті тапсыруға ${n} күн қалды, мерзімі ${date}`,
    submitAt: 'Есепті толтыру',
    missing: (count, date) => `${count} ұйым есепті тапсырмады (мерзімі ${date})`,
    more: (count) => `және тағы ${count}`,
    returned: (by) => `${by} есебіңізді пысықтауға қайтарды`,
    fixAt: 'Түзетіп, есепті қайта тапсырыңыз',
    request: (date) => `есепті тапсыруыңызды сұраймыз, мерзімі ${date}`,
  },
  vi: {
    reminder: 'Nhắc việc',
    due: (date, n) =>
      n === 0
        ? `hôm nay là hạn nộp báo cáo, ${date}`
        : `còn ${n} ngày đến hạn nộp báo cáo, hạn ${date}`,
    submitAt: 'Nộp báo cáo tại',
    missing: (count, date) => `${count} đơn vị chưa nộp báo cáo (hạn ${date})`,
    more: (count) => `và ${count} đơn vị khác`,
    returned: (by) => `${by} đã trả lại báo cáo của đơn vị`,
    fixAt: 'Sửa và nộp lại báo cáo tại',
    request: (date) => `đề nghị đơn vị nộp báo cáo, hạn ${date}`,
  },
};

function everyLanguage(write: (language: Language, p: Phrases) => string): LocalizedText {
  return Object.fromEntries(
    LANGUAGES.map((language) => [language, write(language, PHRASES[language])]),
  );
}

const titleOf = (report: ReportMention, language: Language) => {
  const title = textIn(report.formTitle, language);
  return report.periodKey === 'once' ? title : `${title} (${report.periodKey})`;
};

/**
 * A reminder to an expected organisation's people before its report is due ("Reminder ·
 * Results of Safe Internet: your report is due in 7 days, on 25 April 2017."), with the
 * organisation's own submission link when it has one.
 */
export function reportReminderText(
  report: ReportMention,
  daysBefore: number,
  link?: string,
): LocalizedText {
  return everyLanguage((language, p) => {
    const head = `${p.reminder} · ${titleOf(report, language)}`;
    const text = sentence(`${head}: ${p.due(longDate(report.dueOn, language), daysBefore)}`);
    return link === undefined ? text : `${text}\n${p.submitAt}: ${link}`;
  });
}

/**
 * The digest to an organisation whose children have not submitted a report past its due date
 * ("Results of Safe Internet: 2 of your organisations have not submitted the report due
 * 25 April 2017: School No. 1, School No. 2."), naming at most {@link NAMES_SHOWN}.
 */
export function reportDigestText(
  report: ReportMention,
  orgNames: readonly string[],
): LocalizedText {
  if (orgNames.length === 0) throw new RangeError('a digest names at least one organisation');
  const shown = orgNames.slice(0, NAMES_SHOWN);
  const rest = orgNames.length - shown.length;
  return everyLanguage((language, p) => {
    const names = shown.join(', ') + (rest > 0 ? `, ${p.more(rest)}` : '');
    const what = p.missing(orgNames.length, longDate(report.dueOn, language));
    return sentence(`${titleOf(report, language)}: ${what}: ${names}`);
  });
}

/**
 * To a returned report's organisation: who returned it, their comment word for word, and
 * where to correct it ("Returned · Results of Safe Internet: Đắk Lắk returned your report:
 * “The counts do not match the register.” Correct it and submit it again here: <link>").
 */
export function reportReturnText(
  report: ReportMention,
  returnedBy: string,
  comment: string,
  link: string,
): LocalizedText {
  return everyLanguage((language, p) => {
    const head = `${titleOf(report, language)}: ${p.returned(returnedBy)}`;
    return `${head}: “${comment}”\n${p.fixAt}: ${link}`;
  });
}

/**
 * An organisation's link sent on request ("Results of Safe Internet: please submit your report,
 * due 25 April 2017. Submit it here: <link>").
 */
export function reportRequestText(report: ReportMention, link: string): LocalizedText {
  return everyLanguage((language, p) => {
    const text = sentence(
      `${titleOf(report, language)}: ${p.request(longDate(report.dueOn, language))}`,
    );
    return `${text}\n${p.submitAt}: ${link}`;
  });
}
