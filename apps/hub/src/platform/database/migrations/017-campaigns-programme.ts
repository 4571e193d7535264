import { type Kysely, sql } from 'kysely';

/**
 * The campaign record of issue 12: a stable key, localized title and goal, a lifecycle
 * status, phases, organisers of the tree, partners, targets, the source document and the
 * campaign it implements.
 *
 * - `title` becomes jsonb text per language: an existing title moves under its owner's
 *   default language. `organisers` held free-text names (who organised it outside the tree):
 *   they become `partners`; organisers are now organisations.
 * - Phases and organisers are child tables, not jsonb: the activity plan's items will name
 *   their phase by key (a foreign key to `(campaign_id, key)`) and their responsible
 *   organisations by id, and "which campaigns does this organisation organise" is an index
 *   look-up. Targets and the document are only stored and shown (the reports issue measures
 *   targets), so they stay jsonb on the campaign.
 * - Existing campaigns had no lifecycle: they become drafts, which the calendar leaves alone.
 */
const statements = [
  sql`ALTER TABLE campaigns RENAME COLUMN title TO title_plain`,
  sql`ALTER TABLE campaigns ADD COLUMN title jsonb`,
  sql`UPDATE campaigns c SET title = jsonb_build_object(o.default_language, c.title_plain)
        FROM organisations o WHERE o.id = c.org_id`,
  sql`ALTER TABLE campaigns ALTER COLUMN title SET NOT NULL, DROP COLUMN title_plain`,
  sql`ALTER TABLE campaigns RENAME COLUMN organisers TO partners`,
  sql`ALTER TABLE campaigns
        ADD COLUMN key text,
        ADD COLUMN goal jsonb,
        ADD COLUMN status text NOT NULL DEFAULT 'draft',
        ADD COLUMN targets jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN document jsonb,
        ADD COLUMN implements_campaign_id uuid REFERENCES campaigns(id),
        ADD COLUMN created_by_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        ADD COLUMN updated_at timestamptz`,
  sql`UPDATE campaigns SET updated_at = created_at`,
  sql`ALTER TABLE campaigns ALTER COLUMN updated_at SET NOT NULL`,
  sql`CREATE UNIQUE INDEX campaigns_org_key ON campaigns (org_id, key) WHERE key IS NOT NULL`,
  // The calendar's sweep reads the campaigns it may have to move, and nothing else.
  sql`CREATE INDEX campaigns_running ON campaigns (starts_on, ends_on)
        WHERE status IN ('scheduled', 'active')`,
  sql`CREATE TABLE campaign_phases (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        key text NOT NULL,
        position integer NOT NULL,
        title jsonb NOT NULL,
        starts_on text NOT NULL,
        ends_on text NOT NULL,
        PRIMARY KEY (campaign_id, key)
      )`,
  sql`CREATE TABLE campaign_organisers (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        org_id uuid NOT NULL REFERENCES organisations(id),
        position integer NOT NULL,
        by_agreement boolean NOT NULL,
        PRIMARY KEY (campaign_id, org_id)
      )`,
  sql`CREATE INDEX campaign_organisers_org ON campaign_organisers (org_id)`,
];

/** Campaign programmes: the campaign record, its lifecycle, phases and organisers. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of statements) await statement.execute(db);
}
