import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';
import { Language, LanguageCode } from '../locale/language.schema.js';
import { UserRole } from './roles.js';
import { Email, NewPassword, PersonName } from './user.schema.js';

/**
 * `POST /v1/invitations`: invite a person to an organisation of the admin's subtree, with a
 * role. The email goes out in `language`.
 *
 * @example
 * { email: 'sender.almaty@example.org', orgId: almatyId, role: 'sender', language: 'kk' }
 */
export const InvitationInput = z.strictObject({
  email: Email,
  orgId: Id,
  role: UserRole,
  language: Language,
});
export type InvitationInput = z.input<typeof InvitationInput>;

/** A pending invitation. Its link is shown once, when it is created: the hub keeps a hash. */
export const Invitation = z.object({
  id: Id,
  email: z.string(),
  orgId: Id,
  role: UserRole,
  language: LanguageCode,
  expiresAt: Timestamp,
  createdAt: Timestamp,
});
export type Invitation = z.infer<typeof Invitation>;

/** The answer when an invitation is created: the only time its link is shown. */
export const InvitationCreated = Invitation.extend({
  link: z
    .string()
    .describe(
      'The signed link the invitee opens (also emailed when email is configured); pass it on another way if need be',
    ),
  emailed: z
    .boolean()
    .describe('Whether the link was emailed: false when email is not configured or sending failed'),
});
export type InvitationCreated = z.infer<typeof InvitationCreated>;

/**
 * `POST /v1/invitations/accept`: the invitee sets their name and password and is signed in.
 * `email` is taken only by the first-admin invitation the hub prints at start, when it was
 * made without `SAFENET_ADMIN_EMAIL`: it is the address the first admin signs in with.
 *
 * @example
 * { token: 'from the link', name: 'Айгүл Серікқызы', password: 'a long passphrase' }
 */
export const InvitationAccept = z.strictObject({
  token: z.string().min(1).max(200),
  name: PersonName,
  password: NewPassword,
  email: Email.optional().describe(
    'The first-admin invitation only: the address to sign in with, instead of its placeholder',
  ),
});
export type InvitationAccept = z.input<typeof InvitationAccept>;

/** `POST /v1/password-resets`: email a reset link, if the address belongs to someone. */
export const PasswordResetRequest = z.strictObject({ email: Email });
export type PasswordResetRequest = z.input<typeof PasswordResetRequest>;

/** `POST /v1/password-resets/complete`: a new password, with the token of the link. */
export const PasswordResetComplete = z.strictObject({
  token: z.string().min(1).max(200),
  password: NewPassword,
});
export type PasswordResetComplete = z.input<typeof PasswordResetComplete>;
