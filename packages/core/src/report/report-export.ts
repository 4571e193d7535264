import { stringify } from 'csv-stringify/browser/esm/sync';
import type { Language, LocalizedText } from '../locale/language.schema.js';
import type { ReportField, ScalarField } from './report-form.schema.js';
import type { RollUpNode } from './report-rollup.schema.js';

/**
 * A roll-up as a table and as CSV: one row per organisation at the level asked, then the
 * totals row — the 2017 table ("Наименование области", assemblies, class hours, …) is this at
 * the region level. Cells are text as a person reads them: sums, yes counts, counts per option,
 * listed answers joined by "; ", rates as percentages with one decimal.
 */

type Words = Record<Language, string>;

const WORDS = {
  organisation: { ru: 'Организация', kk: 'Ұйым', vi: 'Đơn vị', en: 'Organisation' },
  code: { ru: 'Код', kk: 'Коды', vi: 'Mã', en: 'Code' },
  status: { ru: 'Статус', kk: 'Мәртебесі', vi: 'Trạng thái', en: 'Status' },
  reportingRate: {
    ru: 'Доля сдавших отчёт, %',
    kk: 'Есеп тапсырғандар үлесі, %',
    vi: 'Tỷ lệ đã báo cáo, %',
    en: 'Reporting rate, %',
  },
  onTimeRate: {
    ru: 'Доля сдавших в срок, %',
    kk: 'Уақытында тапсырғандар үлесі, %',
    vi: 'Tỷ lệ báo cáo đúng hạn, %',
    en: 'On-time rate, %',
  },
  expected: { ru: 'Ожидается', kk: 'Күтілуде', vi: 'Phải báo cáo', en: 'Expected' },
  submitted: { ru: 'Сдано', kk: 'Тапсырылды', vi: 'Đã báo cáo', en: 'Submitted' },
  total: { ru: 'Итого', kk: 'Барлығы', vi: 'Tổng cộng', en: 'Total' },
  yes: { ru: 'да', kk: 'иә', vi: 'có', en: 'yes' },
  no: { ru: 'нет', kk: 'жоқ', vi: 'không', en: 'no' },
} as const satisfies Record<string, Words>;

/** A row's status word: submitted (on time or not known), late, draft, missing, not expected. */
const STATUS = {
  submitted: { ru: 'сдан', kk: 'тапсырылды', vi: 'đã nộp', en: 'submitted' },
  late: { ru: 'с опозданием', kk: 'кешігіп', vi: 'nộp trễ', en: 'late' },
  draft: { ru: 'черновик', kk: 'жоба', vi: 'bản nháp', en: 'draft' },
  missing: { ru: 'не сдан', kk: 'тапсырылмады', vi: 'chưa nộp', en: 'missing' },
  notExpected: {
    ru: 'не требуется',
    kk: 'талап етілмейді',
    vi: 'không phải nộp',
    en: 'not expected',
  },
} as const satisfies Record<string, Words>;

/** A text in `language`, else English, else Russian, else whichever the form has. */
function localized(text: LocalizedText, language: Language): string {
  return text[language] ?? text.en ?? text.ru ?? Object.values(text)[0] ?? '';
}

function statusOf(node: RollUpNode): keyof typeof STATUS {
  if (node.own === 'not_expected') return 'notExpected';
  if (node.own === 'missing' || node.own === 'draft') return node.own;
  return node.ownOnTime === false ? 'late' : 'submitted';
}

function percent(rate: number | null): string {
  return rate === null ? '' : (Math.round(rate * 1000) / 10).toFixed(1);
}

function cell(field: ScalarField, value: unknown, language: Language): string {
  if (field.type === 'yesNo') return value === true ? WORDS.yes[language] : WORDS.no[language];
  if (field.type === 'choice') {
    const chosen = Array.isArray(value) ? value : [value];
    return chosen
      .map((key) => {
        const option = field.options.find((o) => o.key === key);
        return option === undefined ? String(key) : localized(option.label, language);
      })
      .join(', ');
  }
  return String(value);
}

function fieldHeaders(field: ReportField, language: Language): string[] {
  const label = localized(field.label, language);
  if (field.type !== 'choice') return [label];
  return field.options.map((o) => `${label}: ${localized(o.label, language)}`);
}

function fieldCells(field: ReportField, node: RollUpNode, language: Language): string[] {
  const total = node.totals[field.key];
  if (field.type === 'choice')
    return field.options.map((o) =>
      total?.type === 'choice' && total.answered > 0 ? String(total.counts[o.key] ?? 0) : '',
    );
  if (total === undefined) return [''];
  switch (total.type) {
    case 'count':
    case 'number':
      return [total.answered > 0 ? String(total.sum) : ''];
    case 'yesNo':
      return [total.answered > 0 ? String(total.yes) : ''];
    case 'choice':
      return [''];
    case 'date':
    case 'text':
    case 'longText':
      return [total.values.map((v) => String(v.value)).join('; ')];
    case 'group': {
      if (field.type !== 'group') return [''];
      const rows = total.rows.map(({ row }) =>
        field.fields
          .filter((column) => row[column.key] !== undefined && row[column.key] !== null)
          .map((column) => cell(column, row[column.key], language))
          .join(', '),
      );
      return [rows.join('; ')];
    }
  }
}

/**
 * The roll-up as a table: a header row; one row per node of `rows`, in order; then the totals
 * row (`total`, the root). Columns: organisation, code (from `codes`, by organisation id),
 * status, then per field — count/number: the sum; yes/no: the yes count; choice: one column
 * per option; date/text/long text: the answers joined by "; "; group: its rows joined by "; ",
 * a row's answered columns by ", " — then reporting and on-time rates (percent, one decimal),
 * expected and submitted. Labels in `language`, falling back to en, ru, then any.
 */
export function rollUpTable(
  fields: readonly ReportField[],
  rows: readonly RollUpNode[],
  total: RollUpNode,
  language: Language,
  codes: ReadonlyMap<string, string> = new Map(),
): string[][] {
  const header = [
    WORDS.organisation[language],
    WORDS.code[language],
    WORDS.status[language],
    ...fields.flatMap((field) => fieldHeaders(field, language)),
    WORDS.reportingRate[language],
    WORDS.onTimeRate[language],
    WORDS.expected[language],
    WORDS.submitted[language],
  ];
  const line = (node: RollUpNode, name: string, status: string): string[] => [
    name,
    codes.get(node.orgId) ?? '',
    status,
    ...fields.flatMap((field) => fieldCells(field, node, language)),
    percent(node.completeness.reportingRate),
    percent(node.completeness.onTimeRate),
    String(node.completeness.expected),
    String(node.completeness.submitted),
  ];
  return [
    header,
    ...rows.map((node) => line(node, node.name, STATUS[statusOf(node)][language])),
    line(total, WORDS.total[language], ''),
  ];
}

/** A cell a spreadsheet would run as a formula; plain numbers ("-3.5") are left as they are. */
const FORMULA = /^[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A table as CSV for Excel and everyone else: UTF-8 with a byte-order mark (so Excel reads
 * Cyrillic and Vietnamese), CRLF line ends, fields quoted as RFC 4180 says (by csv-stringify).
 * A text answer starting like a formula (`=`, `+`, `-`, `@`) gets a leading `'`, as OWASP
 * advises, so a spreadsheet shows it instead of running it.
 */
export function toCsv(table: readonly (readonly string[])[]): string {
  const safe = table.map((row) =>
    row.map((value) => (FORMULA.test(value) && !NUMBER.test(value) ? `'${value}` : value)),
  );
  return stringify(safe, { bom: true, record_delimiter: 'windows', quote_record_delimiter: true });
}
