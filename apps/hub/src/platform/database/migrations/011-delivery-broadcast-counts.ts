import { type Kysely, sql } from 'kysely';

/**
 * A broadcast's delivery counts kept as they change, instead of counted from its deliveries
 * on every read: the progress of a broadcast of a million recipients was a scan of a million
 * rows (seconds), run by every worker each second while it sent.
 *
 * Statement triggers with transition tables keep `broadcast_counts` in step with every
 * insert, update and delete of `deliveries`, whichever code makes them, in the same
 * transaction (a rollback takes the counts back with the rows). Each database connection
 * adds to rows of its own (`writer` = its backend pid), so two workers settling the same
 * broadcast never wait on one counter row; a read sums them.
 * `fallback` separates deliveries that replace one on an earlier channel: the others are one
 * per recipient, which gives the recipients without a `count(distinct contact_id)`.
 */
const SCHEMA = `
  CREATE TABLE broadcast_counts (
    broadcast_id uuid NOT NULL,
    status text NOT NULL,
    fallback boolean NOT NULL,
    writer integer NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (broadcast_id, status, fallback, writer)
  );

  CREATE FUNCTION broadcast_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO broadcast_counts AS c (broadcast_id, status, fallback, writer, n)
      SELECT broadcast_id, status, fallback_from IS NOT NULL, pg_backend_pid(), count(*)
        FROM new_rows GROUP BY 1, 2, 3
      ON CONFLICT (broadcast_id, status, fallback, writer) DO UPDATE SET n = c.n + excluded.n;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO broadcast_counts AS c (broadcast_id, status, fallback, writer, n)
      SELECT broadcast_id, status, fallback_from IS NOT NULL, pg_backend_pid(), -count(*)
        FROM old_rows GROUP BY 1, 2, 3
      ON CONFLICT (broadcast_id, status, fallback, writer) DO UPDATE SET n = c.n + excluded.n;
    ELSE
      INSERT INTO broadcast_counts AS c (broadcast_id, status, fallback, writer, n)
      SELECT broadcast_id, status, fallback, pg_backend_pid(), sum(d)
        FROM (
          SELECT broadcast_id, status, fallback_from IS NOT NULL AS fallback, 1 AS d FROM new_rows
          UNION ALL
          SELECT broadcast_id, status, fallback_from IS NOT NULL, -1 FROM old_rows
        ) AS moves
        GROUP BY 1, 2, 3
        HAVING sum(d) <> 0
      ON CONFLICT (broadcast_id, status, fallback, writer) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
  END $$;

  CREATE TRIGGER deliveries_counted_insert AFTER INSERT ON deliveries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION broadcast_counts_add();
  CREATE TRIGGER deliveries_counted_update AFTER UPDATE ON deliveries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION broadcast_counts_add();
  CREATE TRIGGER deliveries_counted_delete AFTER DELETE ON deliveries
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION broadcast_counts_add();

  INSERT INTO broadcast_counts (broadcast_id, status, fallback, writer, n)
  SELECT broadcast_id, status, fallback_from IS NOT NULL, 0, count(*)
    FROM deliveries GROUP BY 1, 2, 3;

  -- Completing a broadcast asks whether any of its sends still waits for a receipt: without
  -- this it read every sent delivery of the broadcast.
  CREATE INDEX deliveries_awaiting_receipt_idx ON deliveries (broadcast_id)
    WHERE status = 'sent' AND receipt_due_at IS NOT NULL AND fallback_at IS NULL
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Run as one script: the function's body holds semicolons of its own.
  await sql.raw(SCHEMA).execute(db);
}
