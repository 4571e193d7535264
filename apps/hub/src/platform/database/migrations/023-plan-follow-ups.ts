import { type Kysely, sql } from 'kysely';

/**
 * Following a plan up (owned by the reminders module): the reminder rules of a campaign, the
 * reminders sent, and the overdue pairs escalated.
 *
 * - `reminder_firings` has one row per reminder sent for one (item, responsible organisation,
 *   due date, days before): written in the transaction that creates its broadcast, so with any
 *   number of worker processes each reminder goes once. A digest sends one broadcast for
 *   several rows.
 * - `plan_escalations` has one row per (item, organisation, due date) found overdue: the
 *   owner's alert and the word to the organisation above go once per missed due date.
 * - A broadcast the hub sends a plan's organisations has no saved segment: its audience is
 *   "the people of exactly this organisation", frozen in `segment_query` like every
 *   broadcast's. `segment_id` becomes nullable for it.
 */
const statements = [
  sql`CREATE TABLE campaign_reminders (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        key text NOT NULL,
        position integer NOT NULL,
        items jsonb NOT NULL,
        days_before integer[] NOT NULL,
        time text NOT NULL,
        roles text[],
        channels text[] NOT NULL,
        digest boolean NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, key)
      )`,
  sql`CREATE TABLE reminder_firings (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        reminder_key text NOT NULL,
        item_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        occurrence_key text NOT NULL,
        due_at timestamptz NOT NULL,
        fired_at timestamptz NOT NULL,
        broadcast_id uuid,
        PRIMARY KEY (campaign_id, reminder_key, item_key, org_id, occurrence_key)
      )`,
  sql`CREATE TABLE plan_escalations (
        campaign_id uuid NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        item_key text NOT NULL,
        org_id uuid NOT NULL REFERENCES organisations(id),
        due_date text NOT NULL,
        escalated_at timestamptz NOT NULL,
        PRIMARY KEY (campaign_id, item_key, org_id, due_date)
      )`,
  sql`ALTER TABLE broadcasts ALTER COLUMN segment_id DROP NOT NULL`,
];

/** Plan follow-ups: reminder rules, reminders sent, escalations; hub-chosen audiences. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
