import {
  CASE_CATEGORIES,
  CASE_PLATFORMS,
  CASE_REPORT_LIMITS,
  type CaseReport,
  CaseReporterContact,
  type CaseReportInput,
  CaseReportInput as CaseReportSchema,
  canonicaliseLink,
  type Language,
} from '@safenet/core';
import type { CaseFormErrors, CaseFormValues } from './case-form-page.js';
import { CASE_FORM_WORDS } from './case-form-words.js';

/** The longest "where" core's report takes. */
const PLACE_MAX = 300;

/** The form's fields as typed (absent ones empty). */
export function valuesOf(body: URLSearchParams): CaseFormValues {
  const get = (name: string) => body.get(name) ?? '';
  return {
    links: get('links'),
    category: get('category'),
    platform: get('platform'),
    description: get('description'),
    place: get('place'),
    contact: get('contact'),
  };
}

/**
 * The form's answers as core's report, or each problem in the reporter's language beside its
 * field. Links are canonicalised here so a bad one is named by its line; core's schema then
 * checks the whole as every intake does.
 */
export function reportOf(
  values: CaseFormValues,
  language: Language,
): { ok: true; report: CaseReport } | { ok: false; errors: CaseFormErrors } {
  const p = CASE_FORM_WORDS[language].problems;
  const errors: CaseFormErrors = {};
  const links: string[] = [];
  const lines = values.links.split(/\r\n|\r|\n/);
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const link = canonicaliseLink(line);
    if (!link.ok || link.url.length > CASE_REPORT_LIMITS.linkLength) {
      errors.links = p.badLine(i + 1, !link.ok && link.code === 'unsupported_scheme');
      break;
    }
    links.push(link.url);
  }
  if (!errors.links && links.length === 0) errors.links = p.linksMissing;
  if (!errors.links && links.length > CASE_REPORT_LIMITS.links) {
    errors.links = p.tooManyLinks(CASE_REPORT_LIMITS.links);
  }
  const category = CASE_CATEGORIES.find((c) => c === values.category);
  if (!category) errors.category = p.category;
  const platform = CASE_PLATFORMS.find((c) => c === values.platform);
  if (!platform) errors.platform = p.platform;
  const description = values.description.trim();
  if (description === '') errors.description = p.descriptionMissing;
  else if (description.length > CASE_REPORT_LIMITS.description) {
    errors.description = p.tooLong(CASE_REPORT_LIMITS.description);
  }
  const place = values.place.trim();
  if (place.length > PLACE_MAX) errors.place = p.tooLong(PLACE_MAX);
  const contact = contactOf(values.contact.trim());
  if (contact === 'invalid') errors.contact = p.contact;

  if (Object.keys(errors).length > 0 || !category || !platform || contact === 'invalid') {
    return { ok: false, errors };
  }
  const report: CaseReportInput = {
    links,
    category,
    platform,
    description,
    language,
    ...(place ? { place } : {}),
    ...(contact ? { contact } : {}),
  };
  // Core's schema is the last word: anything it refuses that the checks above let through is
  // named by its field, in the reporter's words.
  const parsed = CaseReportSchema.safeParse(report);
  if (!parsed.success) return { ok: false, errors: { form: p.rejected } };
  return { ok: true, report: parsed.data };
}

/** An email (it has an `@`) or a phone number (digits, spaces, `+ ( ) - .`), or nothing. */
function contactOf(text: string): CaseReporterContact | undefined | 'invalid' {
  if (text === '') return undefined;
  const given = text.includes('@')
    ? { email: text }
    : /^\+?[\d\s().-]+$/.test(text) && text.replace(/\D/g, '').length >= 6
      ? { phone: text }
      : undefined;
  if (!given) return 'invalid';
  const parsed = CaseReporterContact.safeParse(given);
  return parsed.success ? parsed.data : 'invalid';
}
