import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';
import { CHANNELS, type Channel, Id, PageQuery } from '../common/common.schema.js';
import { LanguageCode } from '../locale/language.schema.js';
import { CONSENT_FILTER_STATUSES } from '../vocabulary.js';
import { Role } from './contact.schema.js';

export { CONSENT_FILTER_STATUSES };
export type ConsentFilterStatus = (typeof CONSENT_FILTER_STATUSES)[number];

/** One `channel:status` condition of the `consent` filter. */
export interface ConsentCondition {
  channel: Channel;
  status: ConsentFilterStatus;
}

const CONSENT_CONDITION = `(?:${CHANNELS.join('|')}):(?:${CONSENT_FILTER_STATUSES.join('|')})`;
const CONSENT_FILTER_PATTERN = new RegExp(`^${CONSENT_CONDITION}(?:,${CONSENT_CONDITION})*$`);

/**
 * The `consent` filter: one or more `channel:status` conditions separated by commas, all of
 * which must hold, e.g. `whatsapp:granted,sms:none`. Statuses are the stored ones (`granted`,
 * `revoked`) and `none` for a channel the contact never gave or withdrew consent on.
 */
export const ConsentFilter = z
  .string()
  .regex(CONSENT_FILTER_PATTERN, {
    message: `use channel:status pairs separated by commas, e.g. whatsapp:granted,sms:none (channels: ${CHANNELS.join(', ')}; statuses: ${CONSENT_FILTER_STATUSES.join(', ')})`,
  })
  .transform((raw) =>
    raw.split(',').map((pair): ConsentCondition => {
      const [channel, status] = pair.split(':') as [Channel, ConsentFilterStatus];
      return { channel, status };
    }),
  )
  .meta({
    type: 'string',
    pattern: CONSENT_FILTER_PATTERN.source,
    description:
      'Consent conditions, all of which must hold: `channel:status` pairs separated by commas, status `granted`, `revoked` or `none` (never set)',
    examples: ['whatsapp:granted', 'sms:revoked,email:none'],
  });

/**
 * `GET /v1/contacts`: a page of the contacts of a subtree, narrowed by the filters given
 * (all of them must hold). `q` is matched case-insensitively against the start of the
 * external reference, the display name, the email address and the Telegram name, and — when
 * it looks like a phone number, in any common spelling — against the phone and WhatsApp
 * numbers (see {@link contactSearchTerms}).
 *
 * @example
 * { q: '+7 701 234', language: 'kk', consent: 'whatsapp:granted', limit: 50 }
 */
export const ContactListQuery = PageQuery.extend({
  orgId: Id.optional().describe('Contacts of this organisation and beneath it; default: yours'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Search text: the start of the external reference, display name, email or Telegram name (case-insensitive), or a phone number or its beginning in any spelling (+7 701 234-56-78, 8 701…, 0912…)',
    ),
  language: LanguageCode.optional().describe('Contacts who read this language'),
  role: Role.optional().describe('Contacts with this role'),
  channel: z.enum(CHANNELS).optional().describe('Contacts with an address on this channel'),
  reachableOn: z
    .enum(CHANNELS)
    .optional()
    .describe('Contacts a broadcast on this channel would reach: an address and granted consent'),
  consent: ConsentFilter.optional(),
  age: z.coerce
    .number()
    .int()
    .min(0)
    .max(17)
    .optional()
    .describe('Parents with a child age band that includes this age (years)'),
});
export type ContactListQuery = z.input<typeof ContactListQuery>;
export type ContactListFilters = Omit<z.output<typeof ContactListQuery>, 'limit' | 'cursor'>;

/**
 * Countries whose national phone spellings (a trunk `8` in Kazakhstan, `0` in Vietnam) the
 * search understands besides the international one: the programmes' countries.
 */
export const SEARCH_PHONE_COUNTRIES: readonly CountryCode[] = ['KZ', 'VN'];

/** What a search text is matched with: lower-cased text, and phone-number prefixes. */
export interface ContactSearchTerms {
  /** The text in NFC, lower case, for prefix matching on names, references and emails. */
  text: string;
  /** E.164 prefixes (`+7701234`) the phone and WhatsApp numbers may start with; none when `q` is no number. */
  phonePrefixes: string[];
}

const PHONE_PUNCTUATION = /[\s().-]/g;

/**
 * Turns a search text into what the store matches. A text of digits (at least 3), with or
 * without `+` and with the spaces, dots, dashes and parentheses people type, is also a
 * phone number or its beginning: `+7 701 234-56-78` and `7 701 234 56 78` find
 * `+77012345678`; a whole national number of {@link SEARCH_PHONE_COUNTRIES} (`8 701 234 56 78`,
 * `091 234 5678`) is normalised to E.164 by libphonenumber.
 *
 * @example
 * contactSearchTerms('8 (701) 234-56-78').phonePrefixes; // ['+87012345678', '+77012345678']
 */
export function contactSearchTerms(
  q: string,
  countries: readonly CountryCode[] = SEARCH_PHONE_COUNTRIES,
): ContactSearchTerms {
  const text = q.normalize('NFC').trim().toLowerCase();
  const compact = text.replace(PHONE_PUNCTUATION, '');
  const phonePrefixes: string[] = [];
  const match = /^(\+?)(\d{3,15})$/.exec(compact);
  if (match) {
    const digits = match[2] as string;
    if (!digits.startsWith('0')) phonePrefixes.push(`+${digits}`);
    if (!match[1]) {
      for (const country of countries) {
        const parsed = parsePhoneNumberFromString(digits, country);
        if (parsed?.isValid() && !phonePrefixes.includes(parsed.number)) {
          phonePrefixes.push(parsed.number);
        }
      }
    }
  }
  return { text, phonePrefixes };
}
