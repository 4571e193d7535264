import { type Kysely, sql } from 'kysely';

/**
 * The event log: every stream event, with an id that orders it and the path of its
 * organisation. A process publishes by inserting here and notifying the ids; every hub
 * process listens and hands the rows to its own subscribers, so an event raised by a worker
 * reaches a websocket held by an api process, and a subscriber that reconnects asks for what
 * came after the last id it saw. Rows are kept for a while (SAFENET_EVENT_RETENTION_HOURS).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      org_path uuid[] NOT NULL,
      type text NOT NULL,
      event jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX events_created_at_idx ON events (created_at)`.execute(db);
}
