import {
  type InvitationAccept,
  type InvitationCreated,
  type InvitationInput,
  type Language,
  SafenetError,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { actingUserId } from '../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import { rootOrgId } from '../../platform/tenancy/org-paths.js';
import { organisationName } from '../organisations/index.js';
import { invitationEmail } from './mail-texts.js';
import { checkNewPassword, consoleLink, type PeopleDeps } from './people.deps.js';
import {
  deleteInvitation,
  deletePendingFirstAdminInvitations,
  deletePendingInvitationsTo,
  hasActiveAdmin,
  insertInvitation,
  insertUser,
  invitationByTokenHash,
  markInvitationAccepted,
  orgPath,
  toInvitation,
  updateUser,
  userByEmail,
} from './people.store.js';
import type { Executor, InvitationRow } from './people.tables.js';
import type { NewSession } from './sessions.js';
import { hashToken, newToken } from './tokens.js';

/** The console page an invitation link opens. */
export const ACCEPT_PAGE = 'accept-invitation';

/**
 * The address of the first-admin invitation when `SAFENET_ADMIN_EMAIL` is unset: `.invalid`
 * (RFC 2606) reaches nobody. Whoever accepts it gives their own address.
 */
export const FIRST_ADMIN_PLACEHOLDER = 'first-admin@safenet.invalid';

/**
 * Invites `input.email` to an organisation of the caller's subtree (404 otherwise) with a
 * role. Someone who already has an active account answers `user_exists`; a disabled account
 * may be invited again (accepting it enables it, with the new organisation, role and
 * password). A new invitation replaces earlier pending ones to the same address. The link is
 * emailed when email is configured, and is in the answer either way.
 */
export async function invite(
  deps: PeopleDeps,
  auth: AuthContext,
  input: z.output<typeof InvitationInput>,
): Promise<InvitationCreated> {
  const { db } = deps;
  await orgInScope(db, auth, input.orgId);
  const token = newToken();
  const row = await db.transaction().execute(async (trx) => {
    const existing = await userByEmail(trx, input.email);
    if (existing && !existing.disabled) {
      throw new SafenetError(
        'user_exists',
        `${input.email} already has an account: change its role or organisation with PATCH /v1/users/${existing.id}`,
      );
    }
    await deletePendingInvitationsTo(trx, input.email);
    return insertInvitation(trx, {
      id: uuidv7(),
      token_hash: hashToken(token),
      email: input.email,
      org_id: input.orgId,
      role: input.role,
      language: input.language,
      invited_by_user_id: actingUserId(auth),
      created_at: new Date(deps.now()),
      expires_at: new Date(deps.now() + deps.config.invitationMs),
    });
  });
  const link = consoleLink(deps.publicUrl, ACCEPT_PAGE, token);
  const emailed = await emailInvitation(deps, row, link);
  return { ...toInvitation(row), link, emailed };
}

/** Emails an invitation's link; false when email is not configured or sending failed. */
async function emailInvitation(deps: PeopleDeps, row: InvitationRow, link: string) {
  if (!deps.sendEmail) return false;
  try {
    const orgName = (await organisationName(share(deps.db), row.org_id)) ?? 'Safenet';
    const language = row.language as Language;
    const text = invitationEmail(language, orgName, link, deps.config.invitationMs);
    await deps.sendEmail({ id: row.id, orgId: row.org_id, to: row.email, language, ...text });
    return true;
  } catch (error) {
    deps.warn(error, 'The invitation email could not be sent; its link is in the answer');
    return false;
  }
}

/** Revokes a pending (or accepted: nothing changes for the person) invitation of the subtree. */
export async function revokeInvitation(deps: PeopleDeps, auth: AuthContext, id: string) {
  if (!(await deleteInvitation(deps.db, auth.orgId, id))) throw notFound('invitation', id);
}

/**
 * Accepts an invitation: the invitee's account is made (or a disabled one enabled) with the
 * invitation's organisation, role and language and the name and password given, and they are
 * signed in. An unknown or revoked token answers 404, a used one `invitation_used`, an old
 * one `invitation_expired` (410 both).
 */
export async function acceptInvitation(
  deps: PeopleDeps,
  input: z.output<typeof InvitationAccept>,
): Promise<NewSession> {
  const { db } = deps;
  const tokenHash = hashToken(input.token);
  // Checked before the slow hashing, then again under the row's lock.
  const first = usable(deps, await invitationByTokenHash(db, tokenHash));
  const email = emailOf(first, input.email);
  checkNewPassword(input.password, email, 'body.password');
  const passwordHash = await deps.hasher.hash(input.password);
  const user = await db.transaction().execute(async (trx) => {
    const invitation = usable(deps, await invitationByTokenHash(trx, tokenHash));
    const at = new Date(deps.now());
    const existing = await userByEmail(trx, email);
    if (existing && !existing.disabled) {
      throw new SafenetError(
        'user_exists',
        `${email} already has an account: sign in, or reset its password`,
      );
    }
    const values = {
      org_id: invitation.org_id,
      email,
      name: input.name,
      role: invitation.role,
      language: invitation.language,
      password_hash: passwordHash,
      disabled: false,
      last_sign_in_at: at,
    };
    const row = existing
      ? await updateUser(trx, existing.id, values)
      : await insertUser(trx, { id: uuidv7(), created_at: at, ...values });
    await markInvitationAccepted(trx, invitation.id, at);
    await deletePendingInvitationsTo(trx, email);
    if (existing) await deps.sessions.endAllOf(trx, existing.id);
    return row;
  });
  const path = await orgPath(db, user.org_id);
  if (!path) throw new Error(`The organisation of user ${user.id} is gone`);
  return deps.sessions.open(db, user, path);
}

/** The invitation if it may be accepted now; else the error that says why not. */
function usable(deps: PeopleDeps, row: InvitationRow | undefined): InvitationRow {
  if (!row) {
    throw new SafenetError(
      'not_found',
      'No such invitation: the link is incomplete, or the invitation was revoked or replaced by a newer one',
    );
  }
  if (row.accepted_at) {
    throw new SafenetError('invitation_used', 'This invitation was already accepted: sign in');
  }
  if (row.expires_at.getTime() <= deps.now()) {
    throw new SafenetError(
      'invitation_expired',
      'This invitation has expired: ask an admin to invite you again',
    );
  }
  return row;
}

/** The address an accepted invitation signs in with; only the first admin's may be given. */
function emailOf(invitation: InvitationRow, given: string | undefined): string {
  if (given === undefined || given === invitation.email) return invitation.email;
  if (invitation.first_admin) return given;
  throw new SafenetError('validation_failed', 'The invitation is for another address', {
    errors: [
      {
        path: 'body.email',
        code: 'invalid_value',
        message: 'leave it out: an invitation is for the address it was sent to',
      },
    ],
  });
}

/**
 * The first start's way in: while the root organisation has no active admin, a new
 * invitation of the root's first admin (role admin, `SAFENET_ADMIN_EMAIL` or a placeholder),
 * replacing any earlier one, whose link the start banner prints. Undefined once there is an
 * admin.
 */
export async function firstAdminInvitation(
  deps: Pick<PeopleDeps, 'db' | 'config' | 'publicUrl' | 'now'>,
): Promise<string | undefined> {
  const { db } = deps;
  const root = await rootOrgId(db);
  return db.transaction().execute(async (trx: Executor) => {
    await deletePendingFirstAdminInvitations(trx);
    if (await hasActiveAdmin(trx, root)) return undefined;
    const token = newToken();
    const email = deps.config.adminEmail ?? FIRST_ADMIN_PLACEHOLDER;
    const existing = await userByEmail(trx, email);
    if (existing && !existing.disabled) return undefined;
    await deletePendingInvitationsTo(trx, email);
    await insertInvitation(trx, {
      id: uuidv7(),
      token_hash: hashToken(token),
      email,
      org_id: root,
      role: 'admin',
      language: 'en',
      invited_by_user_id: null,
      first_admin: true,
      created_at: new Date(deps.now()),
      expires_at: new Date(deps.now() + deps.config.invitationMs),
    });
    return consoleLink(deps.publicUrl, ACCEPT_PAGE, token);
  });
}
