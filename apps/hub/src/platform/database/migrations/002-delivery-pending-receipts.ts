import { type Kysely, sql } from 'kysely';

/**
 * Receipts for provider message ids the hub has not recorded yet: a fast webhook can arrive
 * before the send that caused it is settled. Applied when the id is recorded; swept after a
 * week (receipts for messages that were never ours).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE pending_receipts (
      channel text NOT NULL,
      provider_message_id text NOT NULL,
      status text NOT NULL,
      reason text,
      received_at timestamptz NOT NULL,
      PRIMARY KEY (channel, provider_message_id, status)
    )`.execute(db);
  await sql`CREATE INDEX pending_receipts_message_idx ON pending_receipts (provider_message_id)`.execute(
    db,
  );
}
