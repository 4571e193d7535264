import { sql } from 'kysely';
import type { Db } from '../modules/database.js';

/**
 * A hand-moved clock for dispatch tests that run the send worker themselves: the worker
 * queues retries and held messages for `now() + afterMs` on this clock, and
 * {@link promoteDueSendJobs} makes those due by it runnable — so a test goes through hours
 * of retries, outages and breaker probes as fast as the machine runs, never waiting.
 */
export class DispatchClock {
  #now: number;

  constructor(start = Date.now()) {
    this.#now = start;
  }

  /** Epoch milliseconds on this clock; pass as `now` to `testDispatchDeps`. */
  readonly now = (): number => this.#now;

  /** Moves the clock forward to `at`, never back. */
  advanceTo(at: number): void {
    this.#now = Math.max(this.#now, at);
  }

  advance(ms: number): void {
    this.#now += ms;
  }
}

const queueJob = (hubSchema: string) => sql.id(`${hubSchema}_queue`, 'job');

/**
 * Makes every waiting send job whose start time has come on the test's clock (`atMs`)
 * runnable now by the database's, and lets the pacing state catch up with the clock: a
 * `Retry-After` hold the test clock has moved past is over.
 */
export async function promoteDueSendJobs(db: Db, hubSchema: string, atMs: number): Promise<void> {
  await sql`
    UPDATE ${queueJob(hubSchema)} SET start_after = now() - interval '1 second'
    WHERE name LIKE 'delivery-send-%' AND state IN ('created', 'retry')
      AND start_after <= to_timestamp(${atMs / 1000}::float8)`.execute(db);
  await db
    .updateTable('pacing')
    .set({ next_at: sql<Date>`least(next_at, clock_timestamp())` })
    .execute();
}

/**
 * For a test clock years behind the database's (a campaign of 2017): the waiting send jobs
 * that start after `atMs` on the test's clock, within a year of it — due at once by the
 * database's clock, so a worker would take a message deferred to the morning in the night —
 * are held back a century; {@link releaseSendJobs} makes them runnable once the test's clock
 * has reached them. Jobs queued to go now (at the database's time) are left alone.
 */
export async function holdSendJobs(db: Db, hubSchema: string, atMs: number): Promise<void> {
  await sql`
    UPDATE ${queueJob(hubSchema)} SET start_after = start_after + interval '100 years'
    WHERE name LIKE 'delivery-send-%' AND state IN ('created', 'retry')
      AND start_after > to_timestamp(${atMs / 1000}::float8)
      AND start_after < to_timestamp(${atMs / 1000}::float8) + interval '1 year'`.execute(db);
}

/** Makes the jobs {@link holdSendJobs} held and the test's clock (`atMs`) has reached runnable. */
export async function releaseSendJobs(db: Db, hubSchema: string, atMs: number): Promise<void> {
  await sql`
    UPDATE ${queueJob(hubSchema)} SET start_after = now() - interval '1 second'
    WHERE name LIKE 'delivery-send-%' AND state IN ('created', 'retry')
      AND start_after > now() + interval '50 years'
      AND start_after - interval '100 years' <= to_timestamp(${atMs / 1000}::float8)`.execute(db);
}

/**
 * What pg-boss's maintenance does to send jobs that never started within their retention
 * (`keep_until`): deletes them. A test calls it at the worst moment — right after its worker
 * queued jobs for later — rather than waiting for the pass to come by chance. Answers how many
 * it deleted.
 */
export async function sweepExpiredJobs(db: Db, hubSchema: string): Promise<number> {
  const result = await sql`
    DELETE FROM ${queueJob(hubSchema)}
    WHERE name LIKE 'delivery-send-%' AND state IN ('created', 'retry') AND keep_until < now()`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}

/** When the earliest waiting send job starts (epoch ms), or undefined when none waits. */
export async function nextSendJobAt(db: Db, hubSchema: string): Promise<number | undefined> {
  const { rows } = await sql<{ at: number | null }>`
    SELECT extract(epoch from min(start_after)) * 1000 AS at FROM ${queueJob(hubSchema)}
    WHERE name LIKE 'delivery-send-%' AND state IN ('created', 'retry')`.execute(db);
  const at = rows[0]?.at;
  return at === null || at === undefined ? undefined : Number(at);
}

/**
 * The receipt timeout of a broadcast's deliveries still waiting for a receipt runs out now:
 * what its `fallbackAfterSeconds` passing does, without waiting for it. The receipt-timeout
 * sweep hands them over on its next round. Answers how many were waiting.
 */
export async function passReceiptDeadlines(db: Db, broadcastId: string): Promise<number> {
  const result = await sql`
    UPDATE deliveries SET receipt_due_at = now()
    WHERE broadcast_id = ${broadcastId} AND status = 'sent' AND receipt_due_at IS NOT NULL`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}
