import { type Kysely, sql } from 'kysely';

/**
 * Escalation of open alerts (issue 14; the alerts module).
 *
 * - `alert_escalation_policies`: an organisation's policy for one severity (core's
 *   `EscalationPolicy`), `policy` null for "no escalation"; a severity without a row inherits
 *   the nearest organisation's above, else the hub's default.
 * - `alerts.escalation_policy`: the policy frozen when the alert opened (null: none), so later
 *   changes do not touch open alerts; `escalation_step`/`escalation_run` the next step to take
 *   and `escalation_due_at` when (null once the ladder ran out or the alert left `open`).
 * - `alert_escalations`: one row per step taken. Its primary key makes a step once: two
 *   sweeping processes insert it with `on conflict do nothing` in the transaction that creates
 *   its broadcast.
 */
const statements = [
  sql`CREATE TABLE alert_escalation_policies (
        org_id uuid NOT NULL REFERENCES organisations(id),
        severity text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        policy jsonb,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, severity)
      )`,
  sql`ALTER TABLE alerts ADD COLUMN escalation_policy jsonb`,
  sql`ALTER TABLE alerts ADD COLUMN escalation_step integer`,
  sql`ALTER TABLE alerts ADD COLUMN escalation_run integer`,
  sql`ALTER TABLE alerts ADD COLUMN escalation_due_at timestamptz`,
  // What the sweep reads: the open alerts whose next step is due.
  sql`CREATE INDEX alerts_escalation_due ON alerts (escalation_due_at)
        WHERE escalation_due_at IS NOT NULL AND state = 'open'`,
  sql`CREATE TABLE alert_escalations (
        alert_id uuid NOT NULL REFERENCES alerts(id),
        run integer NOT NULL CHECK (run >= 0),
        step integer NOT NULL CHECK (step >= 0),
        org_id uuid NOT NULL REFERENCES organisations(id),
        broadcast_id uuid NOT NULL,
        channels text[] NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (alert_id, run, step)
      )`,
];

/** Escalation policies per organisation and severity, frozen on alerts, and the steps taken. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await statement.execute(db);
}
