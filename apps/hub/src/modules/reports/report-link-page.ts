import {
  escapeMarkup,
  type FieldError,
  LANGUAGES,
  type Language,
  longDate,
  type ReportField,
  type ReportValues,
  type ScalarField,
  textIn,
} from '@safenet/core';
import { type PageWords, WORDS } from './report-link-words.js';
import type { OpenedLink } from './report-links.js';

/** The no-login report page: one column, large targets, no script, in four languages. */

/** The page's language: `?lang=` when it is one of ours, else the link's. */
export function pageLanguage(asked: string | undefined, linkLanguage: string): Language {
  const pick = (l: string | undefined) =>
    l !== undefined && (LANGUAGES as readonly string[]).includes(l) ? (l as Language) : null;
  return pick(asked?.toLowerCase()) ?? pick(linkLanguage) ?? 'en';
}

/** What the form shows: the answers to fill in, problems by field, rows per group, a notice. */
export interface FormState {
  values: ReportValues;
  errors: FieldError[];
  extraRows: Record<string, number>;
  notice: 'submitted' | 'draft' | null;
}

const EMPTY_ROWS = 2;

/** The form for the link's organisation and period, filled with `state`. */
export function formPage(opened: OpenedLink, language: Language, state: FormState): string {
  const words = WORDS[language];
  const { form, org, period, current } = opened;
  const title = textIn(form.title, language);
  const byField = new Map<string, FieldError[]>();
  for (const error of state.errors) {
    const key = error.path.split('.')[1] ?? '';
    byField.set(key, [...(byField.get(key) ?? []), error]);
  }
  const body: string[] = [
    `<p class="meta">${escapeMarkup(org.name)} · ${escapeMarkup(words.period)}: ${escapeMarkup(period.key)}</p>`,
    `<p class="meta">${escapeMarkup(words.due)}: ${escapeMarkup(longDate(period.dueOn, language))} (${escapeMarkup(org.time_zone)})</p>`,
  ];
  if (state.notice) {
    const text = state.notice === 'submitted' ? words.submitted : words.draftSaved;
    body.push(`<div class="notice" role="status"><p>${escapeMarkup(text)}</p></div>`);
  }
  if (state.errors.length > 0) {
    body.push(
      `<div class="errors" role="alert" tabindex="-1"><h2>${escapeMarkup(words.errorsHeading)}</h2><ul>`,
      ...state.errors.map((e) => {
        const key = e.path.split('.')[1] ?? '';
        const field = form.fields.find((f) => f.key === key);
        const label = field ? textIn(field.label, language) : key;
        const what = field ? problemOf(field, state.values[key], words) : e.message;
        return `<li><a href="#f-${escapeMarkup(key)}">${escapeMarkup(label)}: ${escapeMarkup(what)}</a></li>`;
      }),
      '</ul></div>',
    );
  }
  if (current) {
    const when = new Date(current.updatedAt).toLocaleString(LOCALE[language], {
      timeZone: org.time_zone,
      dateStyle: 'long',
      timeStyle: 'short',
    });
    const what = current.state === 'draft' ? words.previousDraft : words.previousSubmitted;
    body.push(`<p class="previous">${escapeMarkup(what)}: ${escapeMarkup(when)}</p>`);
  }
  body.push(`<form method="post" action="?lang=${language}" novalidate>`);
  for (const field of form.fields) {
    body.push(fieldHtml(field, state, byField.get(field.key) ?? [], language, words));
  }
  body.push(
    `<div class="actions"><button type="submit" name="action" value="draft">${escapeMarkup(words.saveDraft)}</button>`,
    `<button type="submit" name="action" value="submit" class="primary">${escapeMarkup(words.submit)}</button></div>`,
    '</form>',
  );
  return page(language, `${title}`, body);
}

/** A refusal in words: the link's problem, what to do. */
export function refusalPage(language: Language, code: string): string {
  const words = WORDS[language];
  const text =
    words.refusals[code as keyof PageWords['refusals']] ?? words.refusals.report_link_invalid;
  return page(language, words.refusalTitle, [`<p role="alert">${escapeMarkup(text)}</p>`]);
}

const LOCALE: Record<Language, string> = { ru: 'ru-RU', kk: 'kk-KZ', vi: 'vi-VN', en: 'en-GB' };

/**
 * What is wrong with a field's answer, in the page's language: the API's messages (English,
 * for integrators) are not shown to a reporter. An empty answer to a required field is
 * missing; anything else is said by what the field takes.
 */
function problemOf(field: ReportField, value: unknown, words: PageWords): string {
  const empty =
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0);
  if (empty && field.required) return words.problems.required;
  switch (field.type) {
    case 'text':
    case 'longText':
      return words.problems.text(field.maxLength);
    default:
      return words.problems[field.type];
  }
}

function fieldHtml(
  field: ReportField,
  state: FormState,
  errors: FieldError[],
  language: Language,
  words: PageWords,
): string {
  const id = `f-${field.key}`;
  const label = `${textIn(field.label, language)}${field.required ? ' *' : ''}`;
  const help = field.help
    ? `<p class="help" id="${id}-help">${escapeMarkup(textIn(field.help, language))}</p>`
    : '';
  const errorId = `${id}-error`;
  const errorHtml =
    errors.length > 0
      ? `<p class="error" id="${errorId}">${escapeMarkup(`${words.fix}: ${problemOf(field, state.values[field.key], words)}`)}</p>`
      : '';
  const described = [field.help ? `${id}-help` : '', errors.length > 0 ? errorId : '']
    .filter(Boolean)
    .join(' ');
  const aria = `${described ? ` aria-describedby="${described}"` : ''}${errors.length > 0 ? ' aria-invalid="true"' : ''}`;
  if (field.type === 'group') {
    const given = Array.isArray(state.values[field.key])
      ? (state.values[field.key] as ReportValues[])
      : [];
    const rows = given.length + (state.extraRows[field.key] ?? EMPTY_ROWS);
    const rowHtml = Array.from({ length: rows }, (_, i) => {
      const row = given[i] ?? {};
      const cells = field.fields.map((column) =>
        control(
          column,
          `${field.key}.${i}.${column.key}`,
          `${id}-${i}-${column.key}`,
          row[column.key],
          '',
          language,
          words,
          true,
        ),
      );
      return `<fieldset class="row"><legend>${escapeMarkup(words.row)} ${i + 1}</legend>${cells.join('')}</fieldset>`;
    });
    return [
      `<fieldset class="field" id="${id}"${aria}><legend>${escapeMarkup(label)}</legend>${help}${errorHtml}`,
      ...rowHtml,
      `<button type="submit" name="add-row" value="${escapeMarkup(field.key)}">${escapeMarkup(words.addRow)}</button>`,
      '</fieldset>',
    ].join('\n');
  }
  if (field.type === 'yesNo' || (field.type === 'choice' && field.multiple)) {
    return `<fieldset class="field" id="${id}"${aria}><legend>${escapeMarkup(label)}</legend>${help}${errorHtml}${control(field, field.key, id, state.values[field.key], aria, language, words, false)}</fieldset>`;
  }
  return `<div class="field"><label for="${id}">${escapeMarkup(label)}</label>${help}${errorHtml}${control(field, field.key, id, state.values[field.key], aria, language, words, false)}</div>`;
}

/** One input for a scalar field; `labelled` wraps it in its own label (a group's cell). */
function control(
  field: ScalarField,
  name: string,
  id: string,
  value: unknown,
  aria: string,
  language: Language,
  words: PageWords,
  labelled: boolean,
): string {
  const n = escapeMarkup(name);
  const v = value === undefined || value === null ? '' : escapeMarkup(String(value));
  const wrap = (html: string) =>
    labelled
      ? `<label for="${id}">${escapeMarkup(textIn(field.label, language))}</label>${html}`
      : html;
  switch (field.type) {
    case 'count':
      return wrap(
        `<input type="number" id="${id}" name="${n}" value="${v}" min="0" step="1" inputmode="numeric"${field.max === undefined ? '' : ` max="${field.max}"`}${aria}>`,
      );
    case 'number':
      return wrap(
        `<input type="number" id="${id}" name="${n}" value="${v}" step="${field.decimals === 0 ? '1' : `0.${'0'.repeat(field.decimals - 1)}1`}"${field.min === undefined ? '' : ` min="${field.min}"`}${field.max === undefined ? '' : ` max="${field.max}"`}${aria}>`,
      );
    case 'date':
      return wrap(`<input type="date" id="${id}" name="${n}" value="${v}"${aria}>`);
    case 'text':
      return wrap(
        `<input type="text" id="${id}" name="${n}" value="${v}" maxlength="${field.maxLength}"${aria}>`,
      );
    case 'longText':
      return wrap(
        `<textarea id="${id}" name="${n}" rows="5" maxlength="${field.maxLength}"${aria}>${v}</textarea>`,
      );
    case 'yesNo': {
      const radio = (val: string, text: string, checked: boolean) =>
        `<label class="choice"><input type="radio" name="${n}" value="${val}"${checked ? ' checked' : ''}> ${escapeMarkup(text)}</label>`;
      const html = radio('yes', words.yes, value === true) + radio('no', words.no, value === false);
      return labelled
        ? `<fieldset><legend>${escapeMarkup(textIn(field.label, language))}</legend>${html}</fieldset>`
        : html;
    }
    case 'choice': {
      if (field.multiple) {
        const chosen = Array.isArray(value) ? value : [];
        const html = field.options
          .map(
            (o) =>
              `<label class="choice"><input type="checkbox" name="${n}" value="${escapeMarkup(o.key)}"${chosen.includes(o.key) ? ' checked' : ''}> ${escapeMarkup(textIn(o.label, language))}</label>`,
          )
          .join('');
        return labelled
          ? `<fieldset><legend>${escapeMarkup(textIn(field.label, language))}</legend>${html}</fieldset>`
          : html;
      }
      const options = field.options
        .map(
          (o) =>
            `<option value="${escapeMarkup(o.key)}"${value === o.key ? ' selected' : ''}>${escapeMarkup(textIn(o.label, language))}</option>`,
        )
        .join('');
      return wrap(
        `<select id="${id}" name="${n}"${aria}><option value="">—</option>${options}</select>`,
      );
    }
  }
}

/** The headers of every link page: the token in the URL must not leak, be cached or indexed. */
export const LINK_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
} as const;

const STYLE = [
  'body{font-family:system-ui,sans-serif;font-size:1.1rem;line-height:1.5;max-width:36rem;margin:1rem auto;padding:0 1rem;color:#111}',
  'label,legend{display:block;font-weight:600;margin:.25rem 0}',
  'input,select,textarea{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.6rem;min-height:2.75rem;border:1px solid #555;border-radius:4px}',
  'input[type=radio],input[type=checkbox]{display:inline;width:1.4rem;min-height:1.4rem}',
  '.choice{font-weight:400;padding:.4rem 0}',
  '.field{margin:1.25rem 0;border:0;padding:0}',
  '.row{border:1px solid #999;margin:.5rem 0;padding:.5rem}',
  'button{font:inherit;min-height:2.75rem;padding:.5rem 1rem;margin:.5rem .5rem 0 0;border:1px solid #222;border-radius:4px;background:#fff;color:#111}',
  '.primary{background:#0b4f8a;color:#fff}',
  '.error{color:#a00000;font-weight:600}',
  '[aria-invalid=true]{border:2px solid #a00000}',
  '.errors{border:3px solid #a00000;padding:.5rem 1rem}',
  '.notice{border:3px solid #1a6b2f;padding:.5rem 1rem}',
  '.meta,.help,.previous{color:#333}',
  'a{color:#0b4f8a}',
].join('');

function page(language: Language, title: string, body: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><main>',
    `<h1>${escapeMarkup(title)}</h1>`,
    ...body,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
