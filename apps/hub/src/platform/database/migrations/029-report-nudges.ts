import { type Kysely, sql } from 'kysely';

/**
 * Nudges of results reports (issue 13; the reports module).
 *
 * - `report_forms.nudges`: the form's nudge rules (core's `ReportNudges`), null for none.
 * - `report_nudges_fired`: one row per nudge sent — a reminder (`before`) to an expected
 *   organisation, or a digest (`after`) naming it to its parent — for one (form, period,
 *   organisation, kind, offset). The primary key makes it once: the row is inserted with
 *   `on conflict do nothing` in the transaction that creates its broadcast, so two sweeping
 *   processes send it once. A digest's rows are the missing children it named (`org_id`),
 *   with the parent told (`parent_id`): the parent's `report_overdue` alert is resolved when
 *   none of them is missing any more.
 */
const statements = [
  sql`ALTER TABLE report_forms ADD COLUMN nudges jsonb`,
  sql`CREATE TABLE report_nudges_fired (
        form_id uuid NOT NULL REFERENCES report_forms(id) ON DELETE CASCADE,
        period_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        kind text NOT NULL CHECK (kind IN ('before', 'after')),
        offset_days integer NOT NULL CHECK (offset_days >= 0),
        parent_id uuid REFERENCES organisations(id),
        fired_at timestamptz NOT NULL,
        broadcast_id uuid,
        PRIMARY KEY (form_id, period_key, org_id, kind, offset_days)
      )`,
  // What resolving a parent's alert reads: the children a digest named to it.
  sql`CREATE INDEX report_nudges_fired_parent ON report_nudges_fired (form_id, period_key, parent_id)
        WHERE parent_id IS NOT NULL`,
];

/** Nudge rules of report forms, and the nudges sent. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: a prepared statement holds one command.
  for (const statement of statements) await statement.execute(db);
}
