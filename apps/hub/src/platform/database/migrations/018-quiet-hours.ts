import { type Kysely, sql } from 'kysely';

/**
 * Quiet hours (issue 12):
 * - `organisations.quiet_hours`: the organisation's own setting, `HH:mm-HH:mm` or `off` (none
 *   at all); NULL inherits its parent's, up to the hub's default. Text in the environment
 *   variable's own spelling, so one parser reads both, and NULL keeps "inherit" apart from
 *   "none" without a JSON `null` that drivers read back as SQL NULL.
 * - `broadcasts.urgent`: sends inside quiet hours.
 * - `deliveries.deferred_until` / `deferred_reason`: a queued delivery waiting for its
 *   recipient's morning, set by the quiet-hours gate and cleared by the claim that sends it;
 *   `quiet_hours_overridden`: an urgent broadcast's delivery claimed inside quiet hours.
 *
 * Progress counts deferred deliveries as it counts the rest: `broadcast_counts` (migrations
 * 011, 016) gains `deferred` in its key and its trigger function counts by it. A count on
 * the deliveries instead (a partial index of the deferred ones) was chosen by the planner
 * only once statistics knew the column to be almost all NULL: before, it read every queued
 * delivery of the broadcast — 360 ms a progress read at a million recipients.
 */
const SCHEMA = `
  ALTER TABLE organisations ADD COLUMN quiet_hours text
    CHECK (quiet_hours ~ '^(off|([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9])$');
  ALTER TABLE broadcasts ADD COLUMN urgent boolean NOT NULL DEFAULT false;
  ALTER TABLE deliveries
    ADD COLUMN deferred_until timestamptz,
    ADD COLUMN deferred_reason text,
    ADD COLUMN quiet_hours_overridden boolean NOT NULL DEFAULT false;
  CREATE INDEX deliveries_deferred_idx ON deliveries (broadcast_id)
    WHERE deferred_until IS NOT NULL;

  ALTER TABLE broadcast_counts ADD COLUMN deferred boolean NOT NULL DEFAULT false;
  ALTER TABLE broadcast_counts DROP CONSTRAINT broadcast_counts_pkey;
  ALTER TABLE broadcast_counts
    ADD PRIMARY KEY (broadcast_id, channel, status, fallback, deferred, writer);

  CREATE OR REPLACE FUNCTION broadcast_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO broadcast_counts AS c
        (broadcast_id, channel, status, fallback, deferred, writer, n)
      SELECT broadcast_id, channel, status, fallback_from IS NOT NULL,
             deferred_until IS NOT NULL, pg_backend_pid(), count(*)
        FROM new_rows GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (broadcast_id, channel, status, fallback, deferred, writer)
        DO UPDATE SET n = c.n + excluded.n;
    ELSIF TG_OP = 'DELETE' THEN
      INSERT INTO broadcast_counts AS c
        (broadcast_id, channel, status, fallback, deferred, writer, n)
      SELECT broadcast_id, channel, status, fallback_from IS NOT NULL,
             deferred_until IS NOT NULL, pg_backend_pid(), -count(*)
        FROM old_rows GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT (broadcast_id, channel, status, fallback, deferred, writer)
        DO UPDATE SET n = c.n + excluded.n;
    ELSE
      INSERT INTO broadcast_counts AS c
        (broadcast_id, channel, status, fallback, deferred, writer, n)
      SELECT broadcast_id, channel, status, fallback, deferred, pg_backend_pid(), sum(d)
        FROM (
          SELECT broadcast_id, channel, status, fallback_from IS NOT NULL AS fallback,
                 deferred_until IS NOT NULL AS deferred, 1 AS d
            FROM new_rows
          UNION ALL
          SELECT broadcast_id, channel, status, fallback_from IS NOT NULL,
                 deferred_until IS NOT NULL, -1
            FROM old_rows
        ) AS moves
        GROUP BY 1, 2, 3, 4, 5
        HAVING sum(d) <> 0
      ON CONFLICT (broadcast_id, channel, status, fallback, deferred, writer)
        DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
  END $$
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SCHEMA).execute(db);
}
