import { type Kysely, sql } from 'kysely';

/**
 * Every move of a delivery — planned (queued, or a fallback on the next channel), sending,
 * sent, delivered, read, failed, a retry's attempt, a new reason — recorded by the database
 * itself, so no code path that moves a delivery (send batch, receipt, timeout sweep, cancel,
 * a migration or an operator's `UPDATE`) can forget to.
 *
 * Statement triggers with transition tables, as `broadcast_counts` (migration 011): one
 * `INSERT … SELECT` per statement whatever its number of rows, never a per-row trigger on the
 * send path. An update records a row only where the status, the attempt count or the reason
 * changed (claiming a fallback or pushing a receipt deadline is no move). The time is the
 * delivery's own `updated_at`, which the hub sets from its clock with every move.
 *
 * No foreign key to `deliveries` (its check would be a per-row trigger on every event):
 * deleting deliveries deletes their history in the same statement trigger, whatever deletes
 * them. The primary key (delivery, sequence) is the one index, and reads one delivery's
 * history in order.
 */
const SCHEMA = `
  CREATE TABLE delivery_events (
    delivery_id uuid NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    status text NOT NULL,
    previous_status text,
    attempts integer NOT NULL,
    reason text,
    provider_message_id text,
    at timestamptz NOT NULL,
    PRIMARY KEY (delivery_id, seq)
  );

  CREATE FUNCTION delivery_events_record() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO delivery_events
        (delivery_id, status, previous_status, attempts, reason, provider_message_id, at)
      SELECT id, status, NULL, attempts, reason, provider_message_id, updated_at FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      DELETE FROM delivery_events e USING old_rows o WHERE e.delivery_id = o.id;
    ELSE
      INSERT INTO delivery_events
        (delivery_id, status, previous_status, attempts, reason, provider_message_id, at)
      SELECT n.id, n.status, o.status, n.attempts, n.reason, n.provider_message_id, n.updated_at
        FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.status IS DISTINCT FROM o.status
          OR n.attempts IS DISTINCT FROM o.attempts
          OR n.reason IS DISTINCT FROM o.reason;
    END IF;
    RETURN NULL;
  END $$;

  CREATE TRIGGER deliveries_history_insert AFTER INSERT ON deliveries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_events_record();
  CREATE TRIGGER deliveries_history_update AFTER UPDATE ON deliveries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_events_record();
  CREATE TRIGGER deliveries_history_delete AFTER DELETE ON deliveries
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION delivery_events_record()
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Run as one script: the function's body holds semicolons of its own.
  await sql.raw(SCHEMA).execute(db);
}
