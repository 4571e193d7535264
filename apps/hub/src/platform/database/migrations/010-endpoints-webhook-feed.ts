import { type Kysely, sql } from 'kysely';

/**
 * The webhook feed reads the event log from a stored position instead of hearing events
 * live: each event now records the transaction that wrote it (`xid`), and `webhook_feed`
 * holds how far the feed has read, as (xid, id). Every transaction below the oldest one still
 * running has ended, so the events it wrote are final: the feed reads only those, in
 * (xid, id) order, and never passes over an event that commits later (ids alone would: two
 * transactions commit in any order). Events logged before this migration were fed live.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`.execute(
    db,
  );
  await sql`CREATE INDEX events_xid_idx ON events (xid, id)`.execute(db);
  await sql`
    CREATE TABLE webhook_feed (
      one boolean PRIMARY KEY DEFAULT true CHECK (one),
      position_xid xid8 NOT NULL,
      position_id bigint NOT NULL
    )`.execute(db);
  // Past every event there is: the existing rows carry this transaction's id.
  await sql`
    INSERT INTO webhook_feed (position_xid, position_id)
    SELECT pg_current_xact_id(), coalesce(max(id), 0) FROM events`.execute(db);
}
