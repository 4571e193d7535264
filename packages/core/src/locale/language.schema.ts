import { z } from 'zod';
import { LANGUAGES } from '../vocabulary.js';

export { LANGUAGES };

/**
 * A supported language code; anything else is refused with `unsupported_language`. Case and
 * surrounding spaces are forgiven (`' RU '` is `ru`); the OpenAPI document lists the codes
 * themselves as the enum, since the check inside the transform is invisible to JSON Schema.
 */
export const Language = z
  .string()
  .transform((raw, ctx) => {
    const code = raw.trim().toLowerCase();
    if (!(LANGUAGES as readonly string[]).includes(code)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${raw}" is not a supported language; use one of ${LANGUAGES.join(', ')}`,
        params: { code: 'unsupported_language' },
      });
      return z.NEVER;
    }
    return code as (typeof LANGUAGES)[number];
  })
  .meta({
    type: 'string',
    enum: [...LANGUAGES],
    description: `A language code: ${LANGUAGES.join(', ')} (case and surrounding spaces are ignored)`,
  });
export type Language = (typeof LANGUAGES)[number];

/** A supported language code as stored and returned (no normalisation). */
export const LanguageCode = z.enum(LANGUAGES);

/**
 * Text written per language, e.g. `{ ru: '…', kk: '…' }`. At least one language.
 *
 * @example
 * LocalizedText.parse({ ru: 'Памятка для родителей', vi: 'Cẩm nang cho cha mẹ' });
 */
export const LocalizedText = z
  .partialRecord(z.enum(LANGUAGES), z.string().min(1).max(10_000))
  .refine((text) => Object.keys(text).length > 0, {
    message: 'give the text in at least one language, e.g. { "ru": "…" }',
  })
  .meta({ minProperties: 1 });
export type LocalizedText = Partial<Record<Language, string>>;
