import { type Kysely, sql } from 'kysely';

/**
 * Secrets the hub generates for itself (e.g. the key that signs unsubscribe links), kept in
 * the database so every hub process on one PostgreSQL signs and verifies alike, and so a
 * restart does not break the links in emails already sent. Never returned by the API.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE hub_secrets (
      name text PRIMARY KEY,
      value text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}
