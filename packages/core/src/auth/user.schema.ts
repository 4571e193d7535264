import { z } from 'zod';
import { Id, PageQuery, Timestamp } from '../common/common.schema.js';
import { Language, LanguageCode } from '../locale/language.schema.js';
import { UserRole } from './roles.js';

/** Shortest password the hub accepts. */
export const PASSWORD_MIN_LENGTH = 10;
/** Longest password the hub accepts: enough for any passphrase, short of hashing megabytes. */
export const PASSWORD_MAX_LENGTH = 200;

/**
 * An email address a person signs in with. Trimmed and lower-cased, so `Aigul@Example.org`
 * and `aigul@example.org` are one account.
 */
export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email().max(254))
  .meta({ type: 'string', format: 'email', maxLength: 254 });

/**
 * A new password: 10–200 characters, any letters. The hub also refuses the person's own email
 * address (field code `password_equals_email`); it never stores the password, only a scrypt
 * hash.
 */
export const NewPassword = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH);

/** A password as typed to sign in: not judged, only bounded. */
export const PasswordInput = z.string().min(1).max(PASSWORD_MAX_LENGTH);

/** A person's display name. */
export const PersonName = z.string().trim().min(1).max(200);

/**
 * A person who signs in to the console. They belong to one organisation, with one role there,
 * and act on its subtree as an API key with the role's scopes would.
 */
export const User = z.object({
  id: Id,
  email: z.string().describe('What they sign in with, lower-case'),
  name: z.string(),
  orgId: Id,
  role: UserRole,
  language: LanguageCode.describe('The language of their emails and console'),
  disabled: z.boolean().describe('A disabled person cannot sign in; their sessions ended'),
  createdAt: Timestamp,
  lastSignInAt: Timestamp.nullable(),
});
export type User = z.infer<typeof User>;

/** `GET /v1/users`: a page of the people of the caller's subtree, or of `orgId`'s. */
export const UserListQuery = PageQuery.extend({
  orgId: Id.optional().describe("Only this organisation's subtree (within yours)"),
});
export type UserListQuery = z.input<typeof UserListQuery>;

/**
 * What an admin may change of a person in their subtree: role, organisation (within the
 * subtree), whether they are disabled.
 *
 * @example
 * { role: 'sender' }
 */
export const UserPatch = z
  .strictObject({
    role: UserRole.optional(),
    orgId: Id.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' })
  .meta({ minProperties: 1 });
export type UserPatch = z.input<typeof UserPatch>;

/**
 * What a signed-in person may change of themselves. A new password needs the current one;
 * changing it ends their other sessions.
 *
 * @example
 * { language: 'kk', password: { current: 'old passphrase', new: 'a new long passphrase' } }
 */
export const UserMePatch = z
  .strictObject({
    name: PersonName.optional(),
    language: Language.optional(),
    password: z.strictObject({ current: PasswordInput, new: NewPassword }).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'change at least one field' })
  .meta({ minProperties: 1 });
export type UserMePatch = z.input<typeof UserMePatch>;
