import { type Kysely, sql } from 'kysely';

/**
 * A broadcast's delivery counts by channel too (the console's table of states per channel, a
 * fallback's email beside the SMS it replaced): `broadcast_counts` (migration 011) gains the
 * channel in its key, and its trigger function counts by it. The counts are rebuilt from the
 * deliveries in the migration's transaction, so they equal a scan when it commits.
 */
const SCHEMA = `
  TRUNCATE broadcast_counts;
  ALTER TABLE broadcast_counts DROP CONSTRAINT broadcast_counts_pkey;
  ALTER TABLE broadcast_counts ADD COLUMN channel text NOT NULL;
  ALTER TABLE broadcast_counts
    ADD PRIMARY KEY (broadcast_id, channel, status, fallback, writer);

  CREATE OR REPLACE FUNCTION broadcast_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO broadcast_counts AS c (broadcast_id, channel, status, fallback, writer, n)
      SELECT broadcast_id, channel, status, fallback_from IS NOT NULL, pg_backend_pid(), count(*)
        FROM new_rows GROUP BY 1, 2, 3, 4
      ON CONFLICT (broadcast_id, channel, status, fallback, writer)
        DO UPDATE SET n = c.n + excluded.n;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO broadcast_counts AS c (broadcast_id, channel, status, fallback, writer, n)
      SELECT broadcast_id, channel, status, fallback_from IS NOT NULL, pg_backend_pid(), -count(*)
        FROM old_rows GROUP BY 1, 2, 3, 4
      ON CONFLICT (broadcast_id, channel, status, fallback, writer)
        DO UPDATE SET n = c.n + excluded.n;
    ELSE
      INSERT INTO broadcast_counts AS c (broadcast_id, channel, status, fallback, writer, n)
      SELECT broadcast_id, channel, status, fallback, pg_backend_pid(), sum(d)
        FROM (
          SELECT broadcast_id, channel, status, fallback_from IS NOT NULL AS fallback, 1 AS d
            FROM new_rows
          UNION ALL
          SELECT broadcast_id, channel, status, fallback_from IS NOT NULL, -1 FROM old_rows
        ) AS moves
        GROUP BY 1, 2, 3, 4
        HAVING sum(d) <> 0
      ON CONFLICT (broadcast_id, channel, status, fallback, writer)
        DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
  END $$;

  INSERT INTO broadcast_counts (broadcast_id, channel, status, fallback, writer, n)
  SELECT broadcast_id, channel, status, fallback_from IS NOT NULL, 0, count(*)
    FROM deliveries GROUP BY 1, 2, 3, 4;
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Run as one script: the function's body holds semicolons of its own.
  await sql.raw(SCHEMA).execute(db);
}
