import { z } from 'zod';
import { Id } from '../common/common.schema.js';
import { Language } from '../locale/language.schema.js';

/**
 * Harmful-content reports and the cases they gather into (issue 14). A reporter sends a
 * *report* — links and a description, never media; reports of the same content gather into one
 * *case*, which specialists triage. The resource is `cases` everywhere, so it never clashes
 * with results reports.
 */

/**
 * What the content shows, as the Kazakh committee's chat and Vietnam's programme name it:
 * fights between teenagers, bullying, unethical conduct of a teacher or other staff member,
 * grooming, self-harm content, sexual content involving a minor, anything else.
 */
export const CASE_CATEGORIES = [
  'violence',
  'bullying',
  'staff_misconduct',
  'grooming',
  'self_harm',
  'sexual_content',
  'other',
] as const;
export const CaseCategory = z.enum(CASE_CATEGORIES);
export type CaseCategory = z.infer<typeof CaseCategory>;

/** Where the reporter saw it. */
export const CASE_PLATFORMS = [
  'tiktok',
  'instagram',
  'youtube',
  'telegram',
  'whatsapp',
  'facebook',
  'vk',
  'zalo',
  'website',
  'other',
] as const;
export const CasePlatform = z.enum(CASE_PLATFORMS);
export type CasePlatform = z.infer<typeof CasePlatform>;

/** How fast specialists must act: each severity has its response times. */
export const CASE_SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export const CaseSeverity = z.enum(CASE_SEVERITIES);
export type CaseSeverity = z.infer<typeof CaseSeverity>;

/** Where a report came in: the API (integrators, the console), the public form, the bot. */
export const CASE_SOURCES = ['api', 'form', 'telegram'] as const;
export const CaseSource = z.enum(CASE_SOURCES);
export type CaseSource = z.infer<typeof CaseSource>;

/** The most links one report carries, and the longest link and description taken. */
export const CASE_REPORT_LIMITS = {
  links: 10,
  linkLength: 2048,
  description: 4000,
} as const;

/**
 * How a reporter who chose to leave a contact can be reached for feedback. Absent, the
 * reporter is pseudonymous: the hub keeps only a keyed hash of who sent the report.
 */
export const CaseReporterContact = z
  .strictObject({
    email: z.email().max(254).optional(),
    phone: z.string().trim().min(3).max(40).optional(),
    name: z.string().trim().min(1).max(200).optional().describe('How to address them'),
  })
  .refine((c) => c.email !== undefined || c.phone !== undefined, {
    message: 'give an email or a phone number, or leave the contact out',
  });
export type CaseReporterContact = z.infer<typeof CaseReporterContact>;

/**
 * One report as a reporter gives it, on any intake: the links (checked and canonicalised by the
 * hub, never fetched), what they show, where, and — optionally — the organisation (region or
 * school) it concerns and a contact for feedback.
 *
 * @example
 * { links: ['https://www.tiktok.com/@user/video/7301'], category: 'violence',
 *   platform: 'tiktok', description: 'Драка подростков возле школы, видео распространяется',
 *   language: 'ru' }
 */
export const CaseReportInput = z.strictObject({
  links: z
    .array(z.string().trim().min(1).max(CASE_REPORT_LIMITS.linkLength))
    .min(1, { message: 'give at least one link to the content (a URL): files are not taken' })
    .max(CASE_REPORT_LIMITS.links),
  category: CaseCategory,
  platform: CasePlatform,
  description: z.string().trim().min(1).max(CASE_REPORT_LIMITS.description),
  language: Language.default('ru').describe('The reporter’s language: replies use it'),
  concernedOrgId: Id.optional().describe('The region or school the content concerns, if known'),
  place: z
    .string()
    .trim()
    .max(300)
    .optional()
    .describe('Where it happened, in the reporter’s words, when no organisation is chosen'),
  contact: CaseReporterContact.optional(),
});
export type CaseReportInput = z.input<typeof CaseReportInput>;
export type CaseReport = z.output<typeof CaseReportInput>;

/** What a reporter gets back: their own reference, whether or not the report joined a case. */
export const CaseReportReceipt = z.object({
  reference: z.string().describe('The reporter’s reference, e.g. `R-2026-000042`'),
});
export type CaseReportReceipt = z.infer<typeof CaseReportReceipt>;
