import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { CHANNELS } from '../vocabulary.js';

export { CHANNELS };

/** Record ids are UUIDs (v7, so they sort by creation time). */
export const Id = z.uuid().describe('A Safenet record id (UUID)');
export type Id = z.infer<typeof Id>;

/** An ISO-8601 timestamp with offset, e.g. `2017-04-10T09:00:00+06:00`. */
export const Timestamp = z.iso.datetime({ offset: true });

/** An IANA time zone, e.g. `Asia/Almaty`, `Asia/Ho_Chi_Minh`. */
export const TimeZone = z
  .string()
  .min(1)
  .refine((tz) => isTimeZone(tz), {
    message: 'must be an IANA time zone such as "Asia/Almaty" or "Asia/Ho_Chi_Minh"',
  });

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A delivery channel (see {@link CHANNELS}). */
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/**
 * What a phone number may look like before libphonenumber judges it: `+`, the country code and
 * at most 15 digits in all, with the spaces, dots, dashes and parentheses people write between
 * them. It is the `pattern` of phone fields in the OpenAPI document and is checked first, so the
 * document never calls a number malformed that the hub would take.
 */
export const PHONE_INPUT_PATTERN = /^\s*\+[1-9](?:[\s().-]*\d){1,14}\s*$/;

/** A phone number as the hub stores and answers it: E.164, e.g. `+77012345678`. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/**
 * A phone number in E.164 (`+77012345678`, `+84912345678`). Input with spaces or dashes
 * is accepted and normalised; anything that does not match {@link PHONE_INPUT_PATTERN}, or
 * that libphonenumber does not consider valid, is refused with the field code
 * `invalid_phone_number`.
 */
export const PhoneNumber = z
  .string()
  .transform((raw, ctx) => {
    const parsed = PHONE_INPUT_PATTERN.test(raw) ? parsePhoneNumberFromString(raw.trim()) : null;
    if (!parsed?.isValid()) {
      ctx.addIssue({
        code: 'custom',
        message: `"${raw}" is not a valid phone number: write it in E.164 form with the country code, e.g. +77012345678`,
        params: { code: 'invalid_phone_number' },
      });
      return z.NEVER;
    }
    return parsed.number;
  })
  // The transform is invisible to JSON Schema: say what it checks first.
  .meta({
    type: 'string',
    pattern: PHONE_INPUT_PATTERN.source,
    description:
      'A phone number with its country code, E.164 (+77012345678); spaces, dots, dashes and parentheses are removed',
    examples: ['+77012345678'],
  });

/** A phone number the hub answers: always E.164 (the input was normalised). */
export const StoredPhoneNumber = z.string().meta({ pattern: E164_PATTERN.source });

/** Keyset pagination query: `limit` and the opaque `cursor` from the previous page. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** A page of results; `nextCursor` is null on the last page. */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
