import {
  CASE_CATEGORIES,
  CASE_PLATFORMS,
  escapeMarkup,
  LANGUAGES,
  type Language,
} from '@safenet/core';
import { type FormRefusal, HONEYPOT_FIELD } from './case-form-guard.js';
import { CASE_FORM_WORDS, type CaseFormWords } from './case-form-words.js';

/** The public report form's pages: one column, large targets, no script, four languages. */

/** What the reporter typed, kept as typed when the form comes back with problems. */
export interface CaseFormValues {
  links: string;
  category: string;
  platform: string;
  description: string;
  place: string;
  contact: string;
}

export const EMPTY_VALUES: CaseFormValues = {
  links: '',
  category: '',
  platform: '',
  description: '',
  place: '',
  contact: '',
};

/** Problems by field, already in the reporter's language. */
export type CaseFormErrors = Partial<Record<keyof CaseFormValues | 'form', string>>;

/** The page's language: `?lang=` when it is one of ours, else English. */
export function formLanguage(asked: string | undefined): Language {
  const l = asked?.toLowerCase();
  return l !== undefined && (LANGUAGES as readonly string[]).includes(l) ? (l as Language) : 'en';
}

/** The form for `org`, filled with `values`, each problem beside its field. */
export function caseFormPage(input: {
  language: Language;
  orgCode: string;
  orgName: string;
  token: string;
  values: CaseFormValues;
  errors: CaseFormErrors;
}): string {
  const { language, orgCode, orgName, token, values, errors } = input;
  const w = CASE_FORM_WORDS[language];
  const e = (t: string) => escapeMarkup(t);
  const body: string[] = [
    `<p class="meta">${e(orgName)}</p>`,
    `<p>${e(w.intro)}</p>`,
    `<p class="note">${e(w.noFiles)} ${e(w.neverOpened)}</p>`,
  ];
  const problems = Object.entries(errors) as [keyof CaseFormErrors, string][];
  if (problems.length > 0) {
    body.push(
      `<div class="errors" role="alert" tabindex="-1"><h2>${e(w.errorsHeading)}</h2><ul>`,
      ...problems.map(
        ([field, text]) =>
          `<li>${field === 'form' ? e(text) : `<a href="#f-${field}">${e(text)}</a>`}</li>`,
      ),
      '</ul></div>',
    );
  }
  const path = `/report/${encodeURIComponent(orgCode)}?lang=${language}`;
  body.push(
    `<form method="post" action="${e(path)}" novalidate>`,
    `<input type="hidden" name="token" value="${e(token)}">`,
    field(
      'links',
      w.links.label,
      true,
      w,
      errors,
      w.links.help,
      (a) =>
        `<textarea id="f-links" name="links" rows="4" required inputmode="url" autocapitalize="off" spellcheck="false"${a}>${e(values.links)}</textarea>`,
    ),
    radios(w, values.category, errors.category),
    field('platform', w.platform, true, w, errors, undefined, (a) => {
      const options = CASE_PLATFORMS.map(
        (p) =>
          `<option value="${p}"${values.platform === p ? ' selected' : ''}>${e(w.platforms[p])}</option>`,
      ).join('');
      return `<select id="f-platform" name="platform" required${a}><option value="">${e(w.platformChoose)}</option>${options}</select>`;
    }),
    field(
      'description',
      w.description.label,
      true,
      w,
      errors,
      w.description.help,
      (a) =>
        `<textarea id="f-description" name="description" rows="5" required${a}>${e(values.description)}</textarea>`,
    ),
    field(
      'place',
      w.place.label,
      false,
      w,
      errors,
      w.place.help,
      (a) => `<input type="text" id="f-place" name="place" value="${e(values.place)}"${a}>`,
    ),
    field(
      'contact',
      w.contact.label,
      false,
      w,
      errors,
      w.contact.help,
      (a) =>
        `<input type="text" id="f-contact" name="contact" value="${e(values.contact)}" autocomplete="email"${a}>`,
    ),
    // The honeypot: hidden from sight and from assistive tech; a person never fills it.
    `<div class="hp" aria-hidden="true"><label for="f-${HONEYPOT_FIELD}">${e(w.honeypot)}</label><input type="text" id="f-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" value="" tabindex="-1" autocomplete="off"></div>`,
    `<div class="actions"><button type="submit" class="primary">${e(w.submit)}</button></div>`,
    '</form>',
  );
  body.push(...hotlines(w));
  return page(language, w.title, body, orgCode);
}

/** The answer to a report taken: the reporter's own reference. */
export function thanksPage(language: Language, orgCode: string, reference: string): string {
  const w = CASE_FORM_WORDS[language];
  return page(
    language,
    w.thanksTitle,
    [
      `<div class="notice" role="status"><p>${escapeMarkup(w.thanks)}</p>`,
      `<p>${escapeMarkup(w.reference)}: <strong data-reference>${escapeMarkup(reference)}</strong></p>`,
      `<p>${escapeMarkup(w.keepReference)}</p></div>`,
      ...hotlines(w),
    ],
    orgCode,
  );
}

/** A refusal of the flood guard, in words, with its stable code in `data-code`. */
export function refusalPage(language: Language, orgCode: string, code: FormRefusal): string {
  const w = CASE_FORM_WORDS[language];
  const again = `/report/${encodeURIComponent(orgCode)}?lang=${language}`;
  return page(
    language,
    w.refusalTitle,
    [
      `<p role="alert" data-code="${code}">${escapeMarkup(w.refusals[code])}</p>`,
      `<p><a href="${escapeMarkup(again)}">${escapeMarkup(w.again)}</a></p>`,
    ],
    orgCode,
  );
}

/** No form at this address (an unknown organisation code). */
export function notFoundPage(language: Language): string {
  const w = CASE_FORM_WORDS[language];
  return page(language, w.notFoundTitle, [
    `<p role="alert" data-code="not_found">${escapeMarkup(w.notFound)}</p>`,
  ]);
}

function field(
  name: keyof CaseFormValues,
  label: string,
  required: boolean,
  w: CaseFormWords,
  errors: CaseFormErrors,
  help: string | undefined,
  control: (aria: string) => string,
): string {
  const id = `f-${name}`;
  const error = errors[name];
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean);
  const aria = `${described.length ? ` aria-describedby="${described.join(' ')}"` : ''}${error ? ' aria-invalid="true"' : ''}`;
  return [
    `<div class="field"><label for="${id}">${escapeMarkup(label)} <span class="tag">(${escapeMarkup(required ? w.required : w.optional)})</span></label>`,
    help ? `<p class="help" id="${id}-help">${escapeMarkup(help)}</p>` : '',
    error ? `<p class="error" id="${id}-error">${escapeMarkup(error)}</p>` : '',
    control(aria),
    '</div>',
  ].join('');
}

function radios(w: CaseFormWords, chosen: string, error: string | undefined): string {
  const options = CASE_CATEGORIES.map(
    (c) =>
      `<label class="choice"><input type="radio" name="category" value="${c}"${chosen === c ? ' checked' : ''}> ${escapeMarkup(w.categories[c])}</label>`,
  ).join('');
  const errorHtml = error
    ? `<p class="error" id="f-category-error">${escapeMarkup(error)}</p>`
    : '';
  const aria = error ? ' aria-describedby="f-category-error" aria-invalid="true"' : '';
  return `<fieldset class="field" id="f-category"${aria}><legend>${escapeMarkup(w.category)} <span class="tag">(${escapeMarkup(w.required)})</span></legend>${errorHtml}${options}</fieldset>`;
}

function hotlines(w: CaseFormWords): string[] {
  if (!w.hotlines) return [];
  return [
    `<aside class="hotlines"><h2>${escapeMarkup(w.hotlines.heading)}</h2><ul>`,
    ...w.hotlines.lines.map((l) => `<li>${escapeMarkup(l)}</li>`),
    '</ul></aside>',
  ];
}

/** The headers of every form page: nothing cached or indexed, no script, posts to itself. */
export const CASE_FORM_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
} as const;

const STYLE = [
  'body{font-family:system-ui,sans-serif;font-size:1.1rem;line-height:1.5;max-width:36rem;margin:1rem auto;padding:0 1rem;color:#111;overflow-wrap:anywhere}',
  'label,legend{display:block;font-weight:600;margin:.25rem 0}',
  'input,select,textarea{display:block;width:100%;box-sizing:border-box;font:inherit;padding:.6rem;min-height:2.75rem;border:1px solid #555;border-radius:4px}',
  'input[type=radio]{display:inline;width:1.4rem;min-height:1.4rem;vertical-align:middle}',
  '.choice{font-weight:400;padding:.4rem 0}',
  '.field{margin:1.25rem 0;border:0;padding:0}',
  '.tag{font-weight:400;color:#333}',
  'button{font:inherit;min-height:2.75rem;padding:.5rem 1rem;margin:.5rem 0 0;border:1px solid #222;border-radius:4px}',
  '.primary{background:#0b4f8a;color:#fff}',
  '.error{color:#a00000;font-weight:600}',
  '[aria-invalid=true]{border:2px solid #a00000}',
  '.errors{border:3px solid #a00000;padding:.5rem 1rem}',
  '.notice{border:3px solid #1a6b2f;padding:.5rem 1rem}',
  '.note,.hotlines{border-left:4px solid #0b4f8a;padding:.25rem .75rem;background:#f2f6fa}',
  '.meta,.help{color:#333}',
  '.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}',
  'nav a{margin-right:.75rem}',
  'a{color:#0b4f8a}',
].join('');

const LANGUAGE_NAMES: Record<Language, string> = {
  ru: 'Русский',
  kk: 'Қазақша',
  vi: 'Tiếng Việt',
  en: 'English',
};

function page(language: Language, title: string, body: string[], orgCode?: string): string {
  const nav =
    orgCode === undefined
      ? ''
      : `<nav aria-label="Language">${LANGUAGES.map((l) =>
          l === language
            ? `<span lang="${l}" aria-current="page">${LANGUAGE_NAMES[l]}</span> `
            : `<a lang="${l}" hreflang="${l}" href="/report/${escapeMarkup(encodeURIComponent(orgCode))}?lang=${l}">${LANGUAGE_NAMES[l]}</a> `,
        ).join('')}</nav>`;
  return [
    '<!doctype html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeMarkup(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    nav,
    '<main>',
    `<h1>${escapeMarkup(title)}</h1>`,
    ...body,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
