import { v7 as uuidv7 } from 'uuid';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import { own } from './endpoints.tables.js';
import { type PostResult, postWebhook } from './post-webhook.js';
import { MAX_ATTEMPTS, nextAttemptAt } from './retry-schedule.js';
import {
  type ClaimedMessage,
  leaseMessages,
  recordTries,
  selectDueMessages,
  type TryRecord,
} from './sending.store.js';
import { signatureHeader } from './signing.js';

/**
 * The points in a sweep where another sweep (another process) can come between two steps.
 * Production passes no hook; tests pass one that holds the sweep there (a barrier), so the
 * race is played deterministically instead of hoped for.
 *
 * - `sweep:selected`: inside it, the due messages selected and locked, not yet leased.
 */
export type SweepPoint = 'sweep:selected';

/** What a sweep needs. */
export interface SweepDeps {
  /** The hub's database (the module opens it as its own tables). */
  db: DatabaseHandle;
  /** The hub's clock (epoch ms): what is due, when tries happen, when retries come. */
  now(): number;
  /** How long one POST may take, answer included. */
  timeoutMs: number;
  /** Messages claimed at once. */
  batch?: number;
  /** POSTs in flight at once. */
  concurrency?: number;
  /** Aborts the POSTs in flight when the hub stops; their messages go again later. */
  signal?: AbortSignal;
  interleave?: (point: SweepPoint) => Promise<void>;
}

const DEFAULT_BATCH = 50;
const DEFAULT_CONCURRENCY = 10;
/** How long past its timeout a claimed message is held before another sweep may take it. */
const LEASE_MARGIN_MS = 60_000;

/**
 * One sweep: claims the messages due now (a batch; any number of processes may sweep at
 * once, each claim taking rows no other holds), POSTs each, signed, and records how they
 * went once the batch is done: `delivered` on a 2xx answer; otherwise `failing` with its
 * next try on the retry schedule, or `dead` after the last. Returns how many it claimed.
 */
export async function sweepWebhookMessages(deps: SweepDeps): Promise<number> {
  const batch = deps.batch ?? DEFAULT_BATCH;
  const leaseId = uuidv7();
  const db = own(deps.db);
  const claimed = await db.transaction().execute(async (trx) => {
    const now = deps.now();
    const due = await selectDueMessages(trx, new Date(now), batch);
    await deps.interleave?.('sweep:selected');
    const until = new Date(now + deps.timeoutMs + LEASE_MARGIN_MS);
    await leaseMessages(
      trx,
      due.map((m) => m.id),
      leaseId,
      until,
    );
    return due;
  });
  const tries: TryRecord[] = [];
  try {
    await forEachConcurrently(claimed, deps.concurrency ?? DEFAULT_CONCURRENCY, async (message) => {
      const tried = await deliver(deps, message);
      if (tried) tries.push(tried);
    });
  } finally {
    // Every try made is recorded, in one statement, even when one failed to be made.
    await recordTries(db, leaseId, tries, new Date(deps.now()));
  }
  return claimed.length;
}

/** Sweeps until fewer than a batch is due (at most `rounds` times): a backlog drains at once. */
export async function sweepUntilIdle(deps: SweepDeps, rounds = 20): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    if (deps.signal?.aborted) return;
    const claimed = await sweepWebhookMessages(deps);
    if (claimed < (deps.batch ?? DEFAULT_BATCH)) return;
  }
}

/**
 * POSTs one claimed message, signed, and answers the try with where the message stands
 * after it; undefined when the hub stopped it midway (its lease lapses and another sweep
 * sends it again).
 */
async function deliver(deps: SweepDeps, message: ClaimedMessage): Promise<TryRecord | undefined> {
  const attemptedAt = new Date(deps.now());
  const signature = signatureHeader(message, message.event_id, attemptedAt, message.body);
  let result: PostResult;
  try {
    result = await postWebhook({
      url: message.url,
      body: message.body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Safenet-Webhooks/1',
        'webhook-id': message.event_id,
        'webhook-timestamp': String(Math.floor(attemptedAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      timeoutMs: deps.timeoutMs,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
  } catch (error) {
    if (deps.signal?.aborted) return undefined;
    throw error;
  }
  const attempts = message.attempts + 1;
  const next =
    result.ok || attempts >= MAX_ATTEMPTS ? undefined : nextAttemptAt(attempts, deps.now());
  return {
    messageId: message.id,
    attemptId: uuidv7(),
    attemptedAt,
    statusCode: result.statusCode,
    responseExcerpt: result.responseExcerpt,
    durationMs: result.durationMs,
    error: result.error,
    status: result.ok ? 'delivered' : next === undefined ? 'dead' : 'failing',
    attempts,
    nextAttemptAt: next === undefined ? null : new Date(next),
  };
}

/**
 * Runs `task` over `items`, at most `limit` at once. A failure does not stop the others: once
 * all have finished, the first failure is thrown.
 */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const failures: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item).catch((error: unknown) => failures.push(error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
}
