import { type Kysely, sql } from 'kysely';

/**
 * The activity plan of a campaign (issue 12; the plans module): sections of numbered items,
 * the responsible entries as given (one organisation, or a rule "every school beneath X"),
 * and the (item, organisation) pairs the entries expand to, each with its status.
 *
 * - Everything is keyed by `(campaign_id, key)`: writing the plan again with the same keys
 *   updates rows in place, so a pair whose item and organisation persist keeps its status.
 * - `plan_items.due_dates` holds the deadline's due dates (core's `dueDates`, recurring
 *   ones cut to the campaign window) as written: the grid computes `overdue` in SQL from
 *   them and each organisation's zone, without parsing an RRULE per row.
 * - An item's phase is a foreign key to the campaign's phase; a phase removed by a campaign
 *   edit leaves its items without a phase (`SET NULL (phase_key)`, PostgreSQL 15+).
 * - `plan_assignments (campaign_id, org_id)` serves the grid's organisation axis.
 */
const statements = [
  sql`CREATE TABLE plan_sections (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        key text NOT NULL,
        position integer NOT NULL,
        title jsonb NOT NULL,
        PRIMARY KEY (campaign_id, key)
      )`,
  sql`CREATE TABLE plan_items (
        campaign_id uuid NOT NULL,
        key text NOT NULL,
        section_key text NOT NULL,
        position integer NOT NULL,
        number text NOT NULL,
        title jsonb NOT NULL,
        completion_form text NOT NULL,
        deadline jsonb NOT NULL,
        due_dates text[] NOT NULL,
        phase_key text,
        PRIMARY KEY (campaign_id, key),
        FOREIGN KEY (campaign_id, section_key)
          REFERENCES plan_sections (campaign_id, key) ON DELETE CASCADE,
        FOREIGN KEY (campaign_id, phase_key)
          REFERENCES campaign_phases (campaign_id, key) ON DELETE SET NULL (phase_key)
      )`,
  sql`CREATE TABLE plan_responsibles (
        campaign_id uuid NOT NULL,
        item_key text NOT NULL,
        position integer NOT NULL,
        org_id uuid REFERENCES organisations(id),
        all_of text,
        under_org_id uuid REFERENCES organisations(id),
        by_agreement boolean NOT NULL,
        PRIMARY KEY (campaign_id, item_key, position),
        FOREIGN KEY (campaign_id, item_key)
          REFERENCES plan_items (campaign_id, key) ON DELETE CASCADE,
        CHECK ((org_id IS NULL) <> (all_of IS NULL AND under_org_id IS NULL))
      )`,
  sql`CREATE TABLE plan_assignments (
        campaign_id uuid NOT NULL,
        item_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        by_agreement boolean NOT NULL,
        status text NOT NULL DEFAULT 'planned'
          CHECK (status IN ('planned', 'in_progress', 'done')),
        note text,
        evidence_url text,
        done_at timestamptz,
        updated_at timestamptz,
        updated_by text,
        PRIMARY KEY (campaign_id, item_key, org_id),
        FOREIGN KEY (campaign_id, item_key)
          REFERENCES plan_items (campaign_id, key) ON DELETE CASCADE
      )`,
  sql`CREATE INDEX plan_assignments_org ON plan_assignments (campaign_id, org_id)`,
];

/** The activity plan: sections, items, responsible entries, and the pairs with statuses. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of statements) await statement.execute(db);
}
