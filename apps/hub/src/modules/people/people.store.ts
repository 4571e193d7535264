import type { Invitation, User, UserRole } from '@safenet/core';
import type { Insertable, Updateable } from 'kysely';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type {
  Executor,
  InvitationRow,
  InvitationsTable,
  UserRow,
  UsersTable,
} from './people.tables.js';

// Rows become API records here and nowhere else.

const iso = (date: Date) => date.toISOString();

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    orgId: row.org_id,
    role: row.role,
    language: row.language as User['language'],
    disabled: row.disabled,
    createdAt: iso(row.created_at),
    lastSignInAt: row.last_sign_in_at ? iso(row.last_sign_in_at) : null,
  };
}

export function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    email: row.email,
    orgId: row.org_id,
    role: row.role,
    language: row.language as Invitation['language'],
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
  };
}

/** One page of the people of the subtree of `orgId`. */
export function listUsers(
  db: Executor,
  orgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<User>> {
  return keysetPage(
    db.selectFrom('users').selectAll().where(inSubtree('users.org_id', orgId)),
    page,
    toUser,
  );
}

export function userById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function userByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export function insertUser(db: Executor, values: Insertable<UsersTable>): Promise<UserRow> {
  return db.insertInto('users').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(
  db: Executor,
  id: string,
  values: Updateable<UsersTable>,
): Promise<UserRow> {
  return db
    .updateTable('users')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The path of an organisation, or undefined if there is none. */
export async function orgPath(db: Executor, orgId: string): Promise<string[] | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select('path')
    .where('id', '=', orgId)
    .executeTakeFirst();
  return row?.path;
}

/**
 * The ids of the active admins of organisation `orgId`, locked (`FOR UPDATE`) until the end
 * of the transaction `db` runs in.
 */
export function lockActiveAdmins(db: Executor, orgId: string) {
  return db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin' satisfies UserRole)
    .where('disabled', '=', false)
    .forUpdate()
    .execute();
}

/** Whether organisation `orgId` has an active admin. */
export async function hasActiveAdmin(db: Executor, orgId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', 'admin' satisfies UserRole)
    .where('disabled', '=', false)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

// Sessions

export function insertSession(
  db: Executor,
  values: { id: string; user_id: string; token_hash: string; at: Date; expires_at: Date },
) {
  return db
    .insertInto('user_sessions')
    .values({
      id: values.id,
      user_id: values.user_id,
      token_hash: values.token_hash,
      created_at: values.at,
      last_used_at: values.at,
      expires_at: values.expires_at,
    })
    .execute();
}

/** The session whose token hashes to `tokenHash`, with its user and their organisation's path. */
export function sessionByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('user_sessions')
    .innerJoin('users', 'users.id', 'user_sessions.user_id')
    .innerJoin('organisations', 'organisations.id', 'users.org_id')
    .selectAll('users')
    .select([
      'user_sessions.id as session_id',
      'user_sessions.last_used_at',
      'user_sessions.expires_at',
      'organisations.path',
    ])
    .where('user_sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, sessionId: string, at: Date): Promise<void> {
  await db
    .updateTable('user_sessions')
    .set({ last_used_at: at })
    .where('id', '=', sessionId)
    .execute();
}

export async function deleteSession(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of `userId` but `keepTokenHash`'s (when given). */
export async function deleteUserSessions(
  db: Executor,
  userId: string,
  keepTokenHash?: string,
): Promise<void> {
  await db
    .deleteFrom('user_sessions')
    .where('user_id', '=', userId)
    .$if(keepTokenHash !== undefined, (q) => q.where('token_hash', '<>', keepTokenHash as string))
    .execute();
}

/** Deletes the sessions of `userId` that ended by `at` (idle or absolute). */
export async function deleteEndedSessions(
  db: Executor,
  userId: string,
  at: Date,
  idleMs: number,
): Promise<void> {
  await db
    .deleteFrom('user_sessions')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', at),
        eb('last_used_at', '<=', new Date(at.getTime() - idleMs)),
      ]),
    )
    .execute();
}

// Invitations

export function insertInvitation(
  db: Executor,
  values: Insertable<InvitationsTable>,
): Promise<InvitationRow> {
  return db.insertInto('invitations').values(values).returningAll().executeTakeFirstOrThrow();
}

export function invitationByTokenHash(
  db: Executor,
  tokenHash: string,
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** One page of the invitations of the subtree of `orgId` not accepted and not expired at `at`. */
export function listPendingInvitations(
  db: Executor,
  orgId: string,
  at: Date,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Invitation>> {
  return keysetPage(
    db
      .selectFrom('invitations')
      .selectAll()
      .where(inSubtree('invitations.org_id', orgId))
      .where('accepted_at', 'is', null)
      .where('expires_at', '>', at),
    page,
    toInvitation,
  );
}

/** Deletes the invitation `id` of the subtree of `orgId`; whether there was one. */
export async function deleteInvitation(db: Executor, orgId: string, id: string): Promise<boolean> {
  const deleted = await db
    .deleteFrom('invitations')
    .where('id', '=', id)
    .where(inSubtree('invitations.org_id', orgId))
    .executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

/** Deletes the invitations to `email` not accepted yet: a new one replaces them. */
export async function deletePendingInvitationsTo(db: Executor, email: string): Promise<void> {
  await db
    .deleteFrom('invitations')
    .where('email', '=', email)
    .where('accepted_at', 'is', null)
    .execute();
}

/** Deletes the hub's first-admin invitations not accepted yet. */
export async function deletePendingFirstAdminInvitations(db: Executor): Promise<void> {
  await db
    .deleteFrom('invitations')
    .where('first_admin', '=', true)
    .where('accepted_at', 'is', null)
    .execute();
}

export async function markInvitationAccepted(db: Executor, id: string, at: Date): Promise<void> {
  await db.updateTable('invitations').set({ accepted_at: at }).where('id', '=', id).execute();
}

// Password resets

export async function insertPasswordReset(
  db: Executor,
  values: { id: string; token_hash: string; user_id: string; created_at: Date; expires_at: Date },
): Promise<void> {
  await db.insertInto('password_resets').values(values).execute();
}

export function passwordResetByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('password_resets')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

/** Marks every unused reset link of `userId` used at `at`: one reset spends them all. */
export async function spendPasswordResets(db: Executor, userId: string, at: Date): Promise<void> {
  await db
    .updateTable('password_resets')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
}

// Failed sign-ins

export async function recordSignInFailure(
  db: Executor,
  failure: { account: string; ip: string; at: Date },
): Promise<void> {
  await db.insertInto('sign_in_failures').values(failure).execute();
}

/**
 * The times of the last `limit` failures of `account` (or of client address `ip`) since
 * `since`, newest first.
 */
export async function recentSignInFailures(
  db: Executor,
  by: { account: string } | { ip: string },
  since: Date,
  limit: number,
): Promise<Date[]> {
  const rows = await db
    .selectFrom('sign_in_failures')
    .select('at')
    .$if('account' in by, (q) => q.where('account', '=', (by as { account: string }).account))
    .$if('ip' in by, (q) => q.where('ip', '=', (by as { ip: string }).ip))
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.at);
}

/** Forgets the failures of `account` (after a successful sign-in) and failures older than `before`. */
export async function forgetSignInFailures(
  db: Executor,
  account: string,
  before: Date,
): Promise<void> {
  await db
    .deleteFrom('sign_in_failures')
    .where((eb) => eb.or([eb('account', '=', account), eb('at', '<', before)]))
    .execute();
}
