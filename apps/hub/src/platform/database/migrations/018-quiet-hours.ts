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
 * Progress counts deferred deliveries with a query on a partial index (only the waiting ones
 * are in it) rather than in the `broadcast_counts` triggers (migration 011): deferring is no
 * change of status, and the triggers stay as they are.
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
    WHERE deferred_until IS NOT NULL
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(SCHEMA).execute(db);
}
