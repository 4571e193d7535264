import { type Kysely, sql } from 'kysely';

/**
 * Stored alerts (owned by the alerts module): until now an alert was a stream event only,
 * lost when no dashboard was connected. One row per alert, raised for the organisation whose
 * people must act, about one subject, with its state (open → acknowledged → resolved) and who
 * moved it. `dedupe_key` makes a raise idempotent where the raiser can name the fact (a plan
 * item's pair overdue for one due date): a second raise of the same fact, by another process
 * or a later sweep, inserts nothing. Holds no child data: codes, ids and the hub's message.
 */
const statements = [
  sql`
    CREATE TABLE alerts (
      id uuid PRIMARY KEY,
      org_id uuid NOT NULL REFERENCES organisations(id),
      code text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
      subject_type text NOT NULL,
      subject_id text NOT NULL,
      message text NOT NULL,
      dedupe_key text,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'acknowledged', 'resolved')),
      created_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by_kind text,
      acknowledged_by_id uuid,
      resolved_at timestamptz,
      resolved_by_kind text,
      resolved_by_id uuid
    )`,
  sql`CREATE UNIQUE INDEX alerts_dedupe ON alerts (dedupe_key) WHERE dedupe_key IS NOT NULL`,
  sql`CREATE INDEX alerts_org ON alerts (org_id, id)`,
  // What the hub resolves on its own when a cause goes: the unresolved alerts of a subject.
  sql`CREATE INDEX alerts_subject_unresolved ON alerts (subject_type, subject_id)
        WHERE state <> 'resolved'`,
];

/** Stored alerts: `alerts`, with idempotent raises and the hub's own resolutions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
