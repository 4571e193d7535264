import { type Kysely, sql } from 'kysely';

/**
 * The circuit breaker of each channel instance (`channel:provider`), shared by every hub
 * process on the database like the pacing rows. Times are epoch milliseconds from the hub's
 * clock (injectable in tests), not the database's: the windows are seconds long, and a test
 * has to be able to move them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE circuit_breakers (
      key text PRIMARY KEY,
      state text NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'half_open')),
      window_started_ms double precision NOT NULL,
      calls integer NOT NULL DEFAULT 0,
      failures integer NOT NULL DEFAULT 0,
      previous_calls integer NOT NULL DEFAULT 0,
      previous_failures integer NOT NULL DEFAULT 0,
      opened_ms double precision,
      open_for_ms double precision NOT NULL DEFAULT 0,
      probe_at_ms double precision
    )`.execute(db);
}
