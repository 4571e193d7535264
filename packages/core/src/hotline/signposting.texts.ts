import type { Language } from '../locale/language.schema.js';
import type { HotlinePurpose } from './hotline.schema.js';
import type { Signpost } from './signposting.js';

/**
 * The footer's label for each purpose, in every supported language. The Vietnamese child
 * protection label is the programme's own wording ("đường dây nóng … bảo vệ trẻ em").
 */
export const SIGNPOSTING_LABELS = {
  child_protection: {
    ru: 'Телефон защиты детей',
    kk: 'Балаларды қорғау телефоны',
    vi: 'Đường dây nóng bảo vệ trẻ em',
    en: 'Child protection hotline',
  },
  psychological_help: {
    ru: 'Психологическая помощь детям и родителям',
    kk: 'Балалар мен ата-аналарға психологиялық көмек',
    vi: 'Hỗ trợ tâm lý cho trẻ em và cha mẹ',
    en: 'Psychological help for children and parents',
  },
  parental_controls: {
    ru: 'Консультации по родительскому контролю',
    kk: 'Ата-ана бақылауы бойынша кеңес',
    vi: 'Tư vấn về kiểm soát của cha mẹ',
    en: 'Parental-control advice',
  },
  anonymous_consultation: {
    ru: 'Анонимная консультация',
    kk: 'Анонимді кеңес',
    vi: 'Tư vấn ẩn danh',
    en: 'Anonymous consultation',
  },
} as const satisfies Record<HotlinePurpose, Record<Language, string>>;

/** The label before the SMS opt-out link, per language. */
export const SMS_OPT_OUT_LABELS = {
  ru: 'Отказаться от SMS',
  kk: 'SMS-тен бас тарту',
  vi: 'Từ chối nhận SMS',
  en: 'Stop these SMS',
} as const satisfies Record<Language, string>;

/** The built-in `{{signposting}}` variable: a template that uses it places the footer itself. */
export const SIGNPOSTING_VARIABLE = 'signposting';

/**
 * The footer text of the chosen lines in `language`: one line each, "label: number (hours)",
 * e.g. vi "Đường dây nóng bảo vệ trẻ em: 111 (24/7)". NFC, like every rendered message. No
 * lines: the empty string.
 *
 * @example
 * renderSignposting([{ purpose: 'child_protection', line: national111 }], 'vi')
 * // 'Đường dây nóng bảo vệ trẻ em: 111 (24/7)'
 */
export function renderSignposting(signposts: readonly Signpost[], language: Language): string {
  return signposts
    .map(({ purpose, line }) => {
      const hours = line.hours ? ` (${line.hours})` : '';
      return `${SIGNPOSTING_LABELS[purpose][language]}: ${line.number}${hours}`;
    })
    .join('\n')
    .normalize('NFC');
}

/** `body` with the footer after a blank line; the body alone when the footer is empty. */
export function appendFooter(body: string, footer: string): string {
  return footer ? `${body}\n\n${footer}` : body;
}

/**
 * The last line of a broadcast SMS: the label and the recipient's opt-out link, e.g.
 * "Stop these SMS: https://hub.example/u/…".
 */
export function smsOptOutLine(url: string, language: Language): string {
  return `${SMS_OPT_OUT_LABELS[language]}: ${url}`.normalize('NFC');
}

/** An SMS body with the opt-out line last, after a blank line. */
export function appendSmsOptOut(body: string, url: string, language: Language): string {
  return `${body}\n\n${smsOptOutLine(url, language)}`;
}
