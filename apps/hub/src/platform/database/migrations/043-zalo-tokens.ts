import { type Kysely, sql } from 'kysely';

/**
 * Zalo's OA access tokens (issue 17; the channels module).
 *
 * `zalo_tokens`: per Zalo app, the newest access token and the single-use refresh token that
 * renews it, with when the access token expires. Every hub process sends through its own
 * adapter; the one that renews stores the new pair here (under an advisory lock on the app),
 * the others take it from here instead of spending the refresh token again, and a restart
 * begins from it. Secrets: no log and no API reads this table.
 */
const statements = [
  sql`CREATE TABLE zalo_tokens (
        app_id text PRIMARY KEY,
        access_token text NOT NULL,
        refresh_token text NOT NULL,
        expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
];

/** Zalo's stored token pairs. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
