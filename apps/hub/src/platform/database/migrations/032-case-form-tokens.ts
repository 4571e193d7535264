import { type Kysely, sql } from 'kysely';

/**
 * The public report form's spent tokens (issue 14; the cases module): a form token is taken
 * once, so its nonce is inserted here with `on conflict do nothing` and a second post of the
 * same form finds it. A row is needed only while its token could still be accepted
 * (`expires_at`, a few hours): older ones are deleted as new ones come. Nothing here says who
 * reported: a random nonce and a time.
 */
const statements = [
  sql`CREATE TABLE case_form_nonces (
        nonce text PRIMARY KEY,
        expires_at timestamptz NOT NULL
      )`,
  sql`CREATE INDEX case_form_nonces_expiry ON case_form_nonces (expires_at)`,
];

/** The spent form tokens table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
