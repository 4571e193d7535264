import { type Kysely, sql } from 'kysely';

/**
 * Provider events the hub has acted on (STOP/START/HELP replies, provider opt-outs), by the
 * provider's own id: a replayed or retried webhook finds its id here and changes nothing.
 * Inserted in the same transaction as the consent change it caused. Rows are kept: Twilio
 * signs no timestamp, so a captured SMS webhook stays valid for ever and only its id tells a
 * replay from a new message.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE inbound_events (
      channel text NOT NULL,
      provider_event_id text NOT NULL,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (channel, provider_event_id)
    )`.execute(db);
}
