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

/** One try as it went. */
export interface AttemptOutcome {
  attemptedAt: Date;
  statusCode: number | null;
  responseExcerpt: string | null;
  durationMs: number;
  error: string | null;
}

/** Where the message stands after a try. */
export interface MessageAfterAttempt {
  status: 'delivered' | 'failing' | 'dead';
  attempts: number;
  nextAttemptAt: Date | null;
}

/**
 * Records a try of the message `id` and, if the sweep `leaseId` still holds it, where the
 * message now stands. A message replayed meanwhile keeps its new state (its history gains
 * the try all the same); one deleted with its endpoint records nothing. Returns whether the
 * state was written.
 */
export async function recordAttempt(
  trx: Tx,
  id: string,
  leaseId: string,
  outcome: AttemptOutcome,
  after: MessageAfterAttempt,
  attemptId: string,
  now: Date,
): Promise<boolean> {
  const exists = await trx
    .selectFrom('webhook_messages')
    .select('id')
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!exists) return false;
  await trx
    .insertInto('webhook_attempts')
    .values({
      id: attemptId,
      message_id: id,
      attempted_at: outcome.attemptedAt,
      status_code: outcome.statusCode,
      response_excerpt: outcome.responseExcerpt,
      duration_ms: outcome.durationMs,
      error: outcome.error,
    })
    .execute();
  const updated = await trx
    .updateTable('webhook_messages')
    .set({
      status: after.status,
      attempts: after.attempts,
      next_attempt_at: after.nextAttemptAt,
      lease_id: null,
      last_attempt_at: outcome.attemptedAt,
      updated_at: now,
    })
    .where('id', '=', id)
    .where('lease_id', '=', leaseId)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** How many messages are due at `at` (tests and metrics). */
export async function countDue(db: Executor, at: Date): Promise<number> {
  const row = await db
    .selectFrom('webhook_messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['pending', 'failing'])
    .where('next_attempt_at', '<=', at)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
