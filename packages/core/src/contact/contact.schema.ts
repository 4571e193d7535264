import { z } from 'zod';
import {
  Channel,
  Id,
  PhoneNumber,
  StoredPhoneNumber,
  Timestamp,
  TimeZone,
} from '../common/common.schema.js';
import { Language, LanguageCode } from '../locale/language.schema.js';
import { ROLES } from '../vocabulary.js';

export { ROLES };

/** Who a contact is (see {@link ROLES}): an adult, never a child. */
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * An age band of a parent's children, in whole years (0–17). This is the only thing
 * Safenet knows about a child: never a name, never a birth date.
 *
 * @example
 * { min: 6, max: 10 }
 */
export const AgeBand = z
  .strictObject({ min: z.int().min(0).max(17), max: z.int().min(0).max(17) })
  .refine((band) => band.min <= band.max, { message: 'min must not be greater than max' });
export type AgeBand = z.infer<typeof AgeBand>;

/**
 * A contact's address on Zalo: the Zalo user id of a follower of the Official Account
 * (digits, as Zalo's webhooks give it: the OA can write to them within 7 days of their last
 * message) or a phone number in E.164 (Zalo's template messages, ZNS, reach any Zalo user
 * by phone). The leading `+` tells them apart, so a phone must be written with it.
 */
export const ZaloAddress = z.union([
  z.string().regex(/^\d{1,24}$/, 'use a Zalo user id (digits) or a phone number starting with +'),
  PhoneNumber,
]);

/** Where a contact can be reached. WhatsApp uses a phone number too; Zalo a phone or a user id. */
export const AddressesInput = z.strictObject({
  phone: PhoneNumber.optional(),
  email: z.email().max(254).optional(),
  whatsapp: PhoneNumber.optional(),
  telegram: z
    .string()
    .regex(/^(@[A-Za-z0-9_]{5,32}|\d{5,15})$/, 'use a @username or a numeric chat id')
    .optional(),
  zalo: ZaloAddress.optional(),
});
export const Addresses = z.object({
  phone: StoredPhoneNumber.optional(),
  email: z.string().optional(),
  whatsapp: StoredPhoneNumber.optional(),
  telegram: z.string().optional(),
  zalo: z.string().optional(),
});
export type Addresses = z.infer<typeof Addresses>;

/** Which address field a channel sends to; `websocket` (in-app) needs none. */
export const CHANNEL_ADDRESS: Record<Channel, keyof Addresses | null> = {
  whatsapp: 'whatsapp',
  sms: 'phone',
  email: 'email',
  telegram: 'telegram',
  websocket: null,
  zalo: 'zalo',
};

/** Consent on one channel, with the evidence for it. */
export const Consent = z.strictObject({
  status: z.enum(['granted', 'revoked']),
  source: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Where the consent was given or withdrawn, e.g. "parent meeting form", "STOP reply"'),
  at: Timestamp,
});
export type Consent = z.infer<typeof Consent>;

export const Consents = z.partialRecord(Channel, Consent);
export type Consents = z.infer<typeof Consents>;

/** A stored contact. */
export const Contact = z.object({
  id: Id,
  orgId: Id,
  orgPath: z
    .array(Id)
    .describe('Ids from the root organisation down to the contact’s organisation'),
  externalRef: z.string().nullable(),
  displayName: z.string().nullable(),
  role: Role,
  language: LanguageCode,
  timeZone: z.string(),
  childAgeBands: z.array(z.object({ min: z.int(), max: z.int() })),
  addresses: Addresses,
  consents: z.partialRecord(
    Channel,
    z.object({ status: z.enum(['granted', 'revoked']), source: z.string(), at: z.string() }),
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Contact = z.infer<typeof Contact>;

/**
 * Creating or replacing a contact. `externalRef` is your own id for the person (unique in
 * the organisation): bulk upserts match on it.
 *
 * @example
 * {
 *   orgId, role: 'parent', language: 'kk', timeZone: 'Asia/Almaty',
 *   childAgeBands: [{ min: 6, max: 10 }],
 *   addresses: { phone: '+77012345678', whatsapp: '+77012345678' },
 *   consents: { whatsapp: { status: 'granted', source: 'parent meeting form', at: '2017-04-10T10:00:00+06:00' } },
 * }
 */
const contactFields = {
  externalRef: z.string().trim().min(1).max(200),
  displayName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('The adult’s own name, if the organisation keeps it'),
  role: Role,
  language: Language,
  timeZone: TimeZone,
  childAgeBands: z.array(AgeBand).max(10),
  addresses: AddressesInput,
  consents: Consents,
};

export const ContactInput = z.strictObject({
  orgId: Id,
  externalRef: contactFields.externalRef.optional(),
  displayName: contactFields.displayName.optional(),
  role: contactFields.role,
  language: contactFields.language,
  timeZone: contactFields.timeZone.optional(),
  childAgeBands: contactFields.childAgeBands.default([]),
  addresses: contactFields.addresses.default({}),
  consents: contactFields.consents.default({}),
});
export type ContactInput = z.input<typeof ContactInput>;
export type ContactInputParsed = z.output<typeof ContactInput>;

/**
 * A partial update of a contact. Addresses replace the stored ones field by field;
 * consents are merged per channel. `null` clears an optional field.
 */
export const ContactPatch = z.strictObject({
  externalRef: contactFields.externalRef.nullable().optional(),
  displayName: contactFields.displayName.nullable().optional(),
  role: contactFields.role.optional(),
  language: contactFields.language.optional(),
  timeZone: contactFields.timeZone.optional(),
  childAgeBands: contactFields.childAgeBands.optional(),
  addresses: contactFields.addresses.optional(),
  consents: contactFields.consents.optional(),
});
export type ContactPatch = z.input<typeof ContactPatch>;

/** Up to 1,000 contacts created or updated in one call, matched on `externalRef`. */
export const ContactBulkInput = z.strictObject({
  contacts: z
    .array(ContactInput.safeExtend({ externalRef: contactFields.externalRef }))
    .min(1)
    .max(1000),
});
export type ContactBulkInput = z.input<typeof ContactBulkInput>;

/** The answer of a bulk upsert: one item per input contact, in input order. */
export const ContactBulkResult = z.object({
  created: z.int(),
  updated: z.int(),
  items: z.array(z.object({ externalRef: z.string(), id: Id, created: z.boolean() })),
});
export type ContactBulkResult = z.infer<typeof ContactBulkResult>;

/** True when the contact has an address and granted consent on `channel`. */
export function isReachable(
  contact: Pick<Contact, 'addresses' | 'consents'>,
  channel: Channel,
): boolean {
  const field = CHANNEL_ADDRESS[channel];
  if (field !== null && !contact.addresses[field]) return false;
  return contact.consents[channel]?.status === 'granted';
}
