import type { UserRole } from '@safenet/core';
import type { ColumnType, Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type OptionalTimestamp,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

export interface UsersTable {
  id: string;
  org_id: string;
  /** Lower-case: one account per address whatever its case. */
  email: string;
  name: string;
  role: UserRole;
  language: string;
  /** scrypt, with its parameters and salt (see `passwords.ts`). */
  password_hash: string;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  last_sign_in_at: OptionalTimestamp;
}

export interface UserSessionsTable {
  id: string;
  user_id: string;
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp;
  /** The absolute end: the idle expiry never moves it. */
  expires_at: Timestamp;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  email: string;
  org_id: string;
  role: UserRole;
  language: string;
  invited_by_user_id: string | null;
  /** The hub's own invitation of the root's first admin, printed at start. */
  first_admin: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: OptionalTimestamp;
}

export interface PasswordResetsTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: OptionalTimestamp;
}

export interface SignInFailuresTable {
  id: ColumnType<string, never, never>;
  account: string;
  ip: string;
  at: Timestamp;
}

/** The tables of the people module. */
export interface PeopleTables {
  users: UsersTable;
  user_sessions: UserSessionsTable;
  invitations: InvitationsTable;
  password_resets: PasswordResetsTable;
  sign_in_failures: SignInFailuresTable;
}

export type UserRow = Selectable<UsersTable>;
export type InvitationRow = Selectable<InvitationsTable>;

/** What the people module's code sees: the platform's tables and its own. */
type View = PlatformTables & PeopleTables;

/** Opens a database handle as the people module's view (see `tablesView`). */
export const own = tablesView<PeopleTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
