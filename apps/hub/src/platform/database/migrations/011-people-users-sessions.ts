import { type Kysely, sql } from 'kysely';

const statements = [
  // People who sign in: one organisation each, one role there.
  sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      email text NOT NULL UNIQUE,
      name text NOT NULL,
      role text NOT NULL,
      language text NOT NULL,
      password_hash text NOT NULL,
      disabled boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      last_sign_in_at timestamptz
    )`,
  sql`CREATE INDEX users_org_id ON users (org_id)`,
  // Only the SHA-256 of a session's token is kept: a copy of the table signs nobody in.
  sql`
    CREATE TABLE user_sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL,
      last_used_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
  sql`CREATE INDEX user_sessions_user_id ON user_sessions (user_id)`,
  sql`
    CREATE TABLE invitations (
      id uuid PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      email text NOT NULL,
      org_id uuid NOT NULL REFERENCES organisations(id),
      role text NOT NULL,
      language text NOT NULL,
      invited_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
      first_admin boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz
    )`,
  sql`CREATE INDEX invitations_org_id ON invitations (org_id)`,
  sql`CREATE INDEX invitations_email ON invitations (email)`,
  sql`
    CREATE TABLE password_resets (
      id uuid PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`,
  // Failed sign-ins, by account (the email as typed, lower-cased) and by client address: the
  // lock-out counts them here, so every hub process on the database sees the same count.
  sql`
    CREATE TABLE sign_in_failures (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account text NOT NULL,
      ip text NOT NULL,
      at timestamptz NOT NULL
    )`,
  sql`CREATE INDEX sign_in_failures_account ON sign_in_failures (account, at)`,
  sql`CREATE INDEX sign_in_failures_ip ON sign_in_failures (ip, at)`,
  // Each key records the person who created it (none for keys older than people, the hub's
  // own and keys made with another key).
  sql`ALTER TABLE api_keys ADD COLUMN created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL`,
  // Idempotency keys belong to whoever acted — a key or a person — no longer to keys only.
  sql`ALTER TABLE idempotency_keys DROP CONSTRAINT IF EXISTS idempotency_keys_api_key_id_fkey`,
  sql`ALTER TABLE idempotency_keys RENAME COLUMN api_key_id TO actor_id`,
];

/**
 * People and sign-in (issue 11): users, their sessions, invitations, password resets and
 * failed sign-ins; who created each API key; idempotency keys per actor.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of statements) await statement.execute(db);
}
