import { type Kysely, sql } from 'kysely';

/**
 * Signed report links (issue 13; the reports module): a no-login link lets the people of
 * one organisation fill in one form for one period. The token names only the row's id (and
 * is signed); the form, period and organisation are read from the row, so a token edited to
 * name another organisation fails its signature, and revoking or expiring is a column here.
 * `contact_id` is whom the link was made for (null when made for the organisation at large);
 * no child's data is ever stored here.
 */
const statements = [
  sql`CREATE TABLE report_links (
        id uuid PRIMARY KEY,
        form_id uuid NOT NULL REFERENCES report_forms(id) ON DELETE CASCADE,
        period_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        contact_id uuid REFERENCES contacts(id) ON DELETE SET NULL,
        language text NOT NULL,
        created_at timestamptz NOT NULL,
        created_by jsonb NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_by jsonb,
        last_used_at timestamptz
      )`,
  sql`CREATE INDEX report_links_period ON report_links (form_id, period_key, org_id)`,
];

/** The report links table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
