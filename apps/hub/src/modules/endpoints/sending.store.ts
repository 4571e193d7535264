import { sql } from 'kysely';
import type { Executor, Tx } from './endpoints.tables.js';

/** A message a sweep claimed, with what sending it needs of its endpoint. */
export interface ClaimedMessage {
  id: string;
  event_id: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
}

/**
 * Up to `limit` messages due at `at` (pending or failing, of enabled endpoints), earliest
 * first, locked (`FOR UPDATE SKIP LOCKED`) until `trx` ends: rows another sweep holds are
 * passed over, not waited for, so sweeps in several processes share the work.
 */
export function selectDueMessages(trx: Tx, at: Date, limit: number): Promise<ClaimedMessage[]> {
  return trx
    .selectFrom('webhook_messages as m')
    .innerJoin('webhook_endpoints as e', 'e.id', 'm.endpoint_id')
    .select([
      'm.id',
      'm.event_id',
      'm.body',
      'm.attempts',
      'e.url',
      'e.secret',
      'e.previous_secret',
      'e.previous_secret_expires_at',
    ])
    .where('m.status', 'in', ['pending', 'failing'])
    .where('m.next_attempt_at', '<=', at)
    .where('e.enabled', '=', true)
    .orderBy('m.next_attempt_at')
    .limit(limit)
    .forUpdate('m')
    .skipLocked()
    .execute();
}

/**
 * Marks messages as held by the sweep `leaseId` until `until`: due again then if that sweep
 * never records an outcome (its process died), so a message is sent at least once.
 */
export async function leaseMessages(
  trx: Tx,
  ids: readonly string[],
  leaseId: string,
  until: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('webhook_messages')
    .set({ lease_id: leaseId, next_attempt_at: until })
    .where('id', 'in', [...ids])
    .execute();
}

/** One try as it went, and where its message stands after it. */
export interface TryRecord {
  messageId: string;
  attemptId: string;
  attemptedAt: Date;
  statusCode: number | null;
  responseExcerpt: string | null;
  durationMs: number;
  error: string | null;
  /** The message's state after the try. */
  status: 'delivered' | 'failing' | 'dead';
  attempts: number;
  nextAttemptAt: Date | null;
}

/**
 * Records the tries of a sweep `leaseId` and, for each message that sweep still holds,
 * where it now stands. A message replayed meanwhile keeps its new state (its history gains
 * the try all the same); one deleted with its endpoint records nothing. One statement for the
 * whole batch, not one round trip per message.
 * Returns how many messages' states were written.
 */
export async function recordTries(
  db: Executor,
  leaseId: string,
  tries: readonly TryRecord[],
  now: Date,
): Promise<number> {
  if (tries.length === 0) return 0;
  const values = sql.join(
    tries.map(
      (t) => sql`(${t.messageId}::uuid, ${t.attemptId}::uuid, ${t.attemptedAt}::timestamptz,
        ${t.statusCode}::integer, ${t.responseExcerpt}::text, ${t.durationMs}::integer,
        ${t.error}::text, ${t.status}::text, ${t.attempts}::integer,
        ${t.nextAttemptAt}::timestamptz)`,
    ),
  );
  const { rows } = await sql<{ id: string }>`
    WITH outcome (id, attempt_id, attempted_at, status_code, response_excerpt, duration_ms,
        error, status, attempts, next_attempt_at) AS (VALUES ${values}),
    message AS (
      SELECT m.id FROM webhook_messages AS m JOIN outcome USING (id) FOR UPDATE OF m
    ),
    attempt AS (
      INSERT INTO webhook_attempts
        (id, message_id, attempted_at, status_code, response_excerpt, duration_ms, error)
      SELECT o.attempt_id, o.id, o.attempted_at, o.status_code, o.response_excerpt,
        o.duration_ms, o.error
      FROM outcome AS o JOIN message USING (id)
    )
    UPDATE webhook_messages AS m SET
      status = o.status, attempts = o.attempts, next_attempt_at = o.next_attempt_at,
      lease_id = NULL, last_attempt_at = o.attempted_at, updated_at = ${now}::timestamptz
    FROM outcome AS o JOIN message USING (id)
    WHERE m.id = o.id AND m.lease_id = ${leaseId}::uuid
    RETURNING m.id`.execute(db);
  return rows.length;
}
