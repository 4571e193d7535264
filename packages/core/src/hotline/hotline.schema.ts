import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { Id, PageQuery, PHONE_INPUT_PATTERN, Timestamp } from '../common/common.schema.js';
import { LanguageCode, LocalizedText } from '../locale/language.schema.js';

/**
 * What a help line is for. The programmes name these four: child protection (Vietnam's 111),
 * psychological help for children and parents, advice to parents on parental-control software,
 * anonymous low-threshold consultations (Kazakhstan's 2017 plan, items 21–23). A new purpose
 * is added here and gets its footer label in `signposting.texts.ts`.
 */
export const HOTLINE_PURPOSES = [
  'child_protection',
  'psychological_help',
  'parental_controls',
  'anonymous_consultation',
] as const;
export const HotlinePurpose = z.enum(HOTLINE_PURPOSES);
export type HotlinePurpose = z.infer<typeof HotlinePurpose>;

/**
 * A number as dialled inside the country: digits with `.`, `-` or space between them, 2–20
 * characters (`111`, `02623.951.567`).
 */
export const HOTLINE_NUMBER_PATTERN = /^\d(?:[.\- ]?\d)+$/;

const invalidNumber = (ctx: z.RefinementCtx, message: string) =>
  ctx.addIssue({ code: 'custom', message, params: { code: 'hotline_number_invalid' } });

/** The local number, checked here so a bad one answers `hotline_number_invalid`. */
export const HotlineNumber = z
  .string()
  .transform((raw, ctx) => {
    const number = raw.trim();
    if (number.length < 2 || number.length > 20 || !HOTLINE_NUMBER_PATTERN.test(number)) {
      invalidNumber(
        ctx,
        `"${raw}" is not a number as dialled locally: 2–20 characters, digits separated by at most one ".", "-" or space, e.g. 111 or 02623.951.567`,
      );
      return z.NEVER;
    }
    return number;
  })
  .meta({
    type: 'string',
    minLength: 2,
    maxLength: 20,
    pattern: HOTLINE_NUMBER_PATTERN.source,
    description: 'The number as dialled locally, e.g. 111 or 02623.951.567',
    examples: ['111', '02623.951.567'],
  });

/** The E.164 form, when the line has one (short codes such as 111 have none). */
export const HotlineE164 = z
  .string()
  .transform((raw, ctx) => {
    const parsed = PHONE_INPUT_PATTERN.test(raw) ? parsePhoneNumberFromString(raw.trim()) : null;
    if (!parsed?.isValid()) {
      invalidNumber(
        ctx,
        `"${raw}" is not a valid international number: write it with + and the country code, e.g. +842623951567, or leave e164 out`,
      );
      return z.NEVER;
    }
    return parsed.number;
  })
  .meta({
    type: 'string',
    pattern: PHONE_INPUT_PATTERN.source,
    description: 'The number in E.164, normalised (spaces, dots and dashes removed)',
    examples: ['+842623951567'],
  });

const Hours = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .describe('When it answers, short, as printed in the footer (e.g. "24/7", "8:00–17:00")');

const hotlineFields = {
  number: HotlineNumber,
  e164: HotlineE164,
  name: LocalizedText,
  purposes: z
    .array(HotlinePurpose)
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: 'list each purpose once' })
    .describe(`What it is for: ${HOTLINE_PURPOSES.join(', ')}`),
  languages: z
    .array(LanguageCode)
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: 'list each language once' })
    .describe('The languages it answers in'),
  hours: Hours,
  serves: z
    .array(Id)
    .min(1)
    .max(100)
    .refine((list) => new Set(list).size === list.length, {
      message: 'list each organisation once',
    })
    .describe(
      'Organisations whose subtrees it serves: the ministry (root) for a national line, a province for its own',
    ),
};

/**
 * A help line parents can call, signposted in the footer of every broadcast to the
 * organisations it serves.
 *
 * @example
 * {
 *   orgId, number: '02623.951.567',
 *   name: { vi: 'Đường dây nóng bảo vệ, chăm sóc trẻ em tỉnh Đắk Lắk' },
 *   purposes: ['child_protection'], languages: ['vi'], serves: [dakLakId],
 * }
 */
export const HotlineInput = z.strictObject({
  orgId: Id.describe('The organisation that keeps the entry'),
  number: hotlineFields.number,
  e164: hotlineFields.e164.optional(),
  name: hotlineFields.name,
  purposes: hotlineFields.purposes,
  languages: hotlineFields.languages,
  hours: hotlineFields.hours.optional(),
  serves: hotlineFields.serves,
});
export type HotlineInput = z.input<typeof HotlineInput>;

/**
 * A partial update: only the fields given change; `e164` or `hours` set to null are removed.
 *
 * @example
 * { hours: '24/7', languages: ['vi', 'en'] }
 */
export const HotlinePatch = z.strictObject({
  number: hotlineFields.number.optional(),
  e164: hotlineFields.e164.nullable().optional(),
  name: hotlineFields.name.optional(),
  purposes: hotlineFields.purposes.optional(),
  languages: hotlineFields.languages.optional(),
  hours: hotlineFields.hours.nullable().optional(),
  serves: hotlineFields.serves.optional(),
});
export type HotlinePatch = z.input<typeof HotlinePatch>;

/**
 * A help line of the directory.
 *
 * @example
 * {
 *   id, orgId, number: '111', e164: null,
 *   name: { vi: 'Tổng đài điện thoại quốc gia bảo vệ trẻ em', en: 'National child protection hotline' },
 *   purposes: ['child_protection'], languages: ['vi'], hours: '24/7', serves: [ministryId],
 *   createdAt: '2026-12-06T10:00:00.000Z', updatedAt: '2026-12-06T10:00:00.000Z',
 * }
 */
export const Hotline = z.object({
  id: Id,
  orgId: Id,
  number: z.string(),
  e164: z.string().nullable(),
  name: z.record(z.string(), z.string()),
  purposes: z.array(HotlinePurpose),
  languages: z.array(LanguageCode),
  hours: z.string().nullable(),
  serves: z.array(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Hotline = z.infer<typeof Hotline>;

/** Filters of the directory's list: every one given must hold. */
export const HotlineListQuery = PageQuery.extend({
  purpose: HotlinePurpose.optional().describe('Lines for this purpose'),
  orgId: Id.optional().describe(
    'Lines serving this organisation of your subtree: serving it or an organisation above it',
  ),
  language: LanguageCode.optional().describe('Lines that answer in this language'),
});
export type HotlineListQuery = z.input<typeof HotlineListQuery>;

/**
 * Whether and what a broadcast signposts: the footer of help lines appended to each message
 * (`enabled`, default true), limited to `purposes` when given (all purposes otherwise).
 *
 * @example
 * { enabled: true, purposes: ['child_protection'] }
 */
export const SignpostingInput = z.strictObject({
  enabled: z.boolean().default(true),
  purposes: z
    .array(HotlinePurpose)
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: 'list each purpose once' })
    .optional()
    .describe('Only lines for these purposes, in this order; all purposes when omitted'),
});
export type SignpostingInput = z.input<typeof SignpostingInput>;

/** A broadcast's signposting as stored and answered. */
export const Signposting = z.object({
  enabled: z.boolean(),
  purposes: z.array(HotlinePurpose).optional(),
});
export type Signposting = z.infer<typeof Signposting>;
