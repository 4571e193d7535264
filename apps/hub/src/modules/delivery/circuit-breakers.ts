import type { ExecutorHandle } from '../../platform/database/schema.js';
import {
  type Admission,
  admitRule,
  type Breaker,
  type BreakerPolicy,
  type BreakerState,
  closedBreaker,
  recordRule,
  type Tally,
  type Transition,
} from './circuit-breaker.js';
import {
  type CircuitBreakersTable,
  type Db,
  type Executor,
  own,
  type Tx,
} from './delivery.tables.js';

/** What {@link CircuitBreakers} needs. */
export interface CircuitBreakersOptions {
  db: Db;
  policy: BreakerPolicy;
  /** Epoch milliseconds; tests move it by hand. */
  now: () => number;
  /** Told once, by the process whose outcomes caused it, when a breaker opens or closes. */
  onTransition: (key: string, transition: Transition) => void;
  onError: (error: unknown, context: string) => void;
}

/**
 * The circuit breakers of every channel instance, kept in the database (`circuit_breakers`,
 * one row per `channel:provider`) so that every worker of every hub process holds a failing
 * channel together, under a row lock like the pacing state. See `circuit-breaker.ts` for the
 * rules.
 *
 * Outcomes are counted as they come (`note`) and written in batches — at most one write in
 * flight per process — so a storm of answers costs a few queries, not one each. The state
 * this process last read is kept, so a send about to leave can see that its channel has just
 * opened (`holds`) and stay home.
 */
export class CircuitBreakers {
  readonly #options: CircuitBreakersOptions;
  readonly #known = new Map<string, { state: BreakerState; probeAtMs: number | null }>();
  readonly #pending = new Map<string, Tally>();
  #writing: Promise<void> = Promise.resolve();
  #dirty = false;

  constructor(options: CircuitBreakersOptions) {
    this.#options = options;
  }

  /** The clock the breakers run on. */
  now(): number {
    return this.#options.now();
  }

  /** Decides a group of `wanted` messages on `key` (see {@link Admission}). */
  async admit(key: string, wanted: number): Promise<Admission> {
    const { db, policy } = this.#options;
    const row = await db
      .selectFrom('circuit_breakers')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst();
    // The common case, a healthy channel, costs one read and no lock.
    if (!row || row.state === 'closed') {
      this.#remember(key, row ? fromRow(row) : undefined);
      return { kind: 'all' };
    }
    return db.transaction().execute(async (trx) => {
      const breaker = await lockBreaker(trx, key, this.now());
      const { admission, next } = admitRule(breaker, wanted, policy, this.now());
      if (next !== breaker) await saveBreaker(trx, key, next);
      this.#remember(key, next);
      return admission;
    });
  }

  /**
   * Whether this process last saw `key` open or half-open: a send that is not a probe should
   * not leave. Returns how long until the breaker may let messages through again.
   */
  holds(key: string): { afterMs: number } | undefined {
    const known = this.#known.get(key);
    if (!known || known.state === 'closed') return undefined;
    return { afterMs: Math.max(0, (known.probeAtMs ?? this.now()) - this.now()) };
  }

  /** Counts one provider call on `key`: answered (any verdict) or failed for the provider. */
  note(key: string, outcome: 'answered' | 'failed'): void {
    const tally = this.#pending.get(key) ?? { answered: 0, failed: 0 };
    tally[outcome] += 1;
    this.#pending.set(key, tally);
    if (this.#dirty) return;
    this.#dirty = true;
    this.#writing = this.#writing.then(() => this.#write());
  }

  /** Resolves once every outcome noted so far is in the database. */
  async flush(): Promise<void> {
    await this.#writing;
  }

  async #write(): Promise<void> {
    this.#dirty = false;
    const batch = [...this.#pending];
    this.#pending.clear();
    for (const [key, tally] of batch) {
      try {
        if (tally.failed === 0 && (await this.#countAnswers(key, tally.answered))) continue;
        const transition = await this.#options.db.transaction().execute(async (trx) => {
          const now = this.now();
          const breaker = await lockBreaker(trx, key, now);
          const { next, transition } = recordRule(breaker, tally, this.#options.policy, now);
          if (next !== breaker) await saveBreaker(trx, key, next);
          this.#remember(key, next);
          return transition;
        });
        if (transition) this.#options.onTransition(key, transition);
      } catch (error) {
        // Losing a tally only delays an opening; the sends themselves are settled elsewhere.
        this.#options.onError(error, `circuit breaker ${key}`);
      }
    }
  }

  /**
   * Answers alone on a closed breaker within its current window change nothing but its call
   * count: one statement, no transaction, no lock held across round trips (every send batch
   * of every process writes here). Anything else — a failure, a window to roll, an open or
   * half-open breaker, a new key — takes the locked path. Answers whether it counted them.
   * Racing an opening, the update waits for the row and finds it no longer closed (READ
   * COMMITTED re-checks the condition on the new row), as the locked path would have.
   */
  async #countAnswers(key: string, answered: number): Promise<boolean> {
    const windowStartedAfter = this.now() - this.#options.policy.windowMs;
    const { numUpdatedRows } = await this.#options.db
      .updateTable('circuit_breakers')
      .set((eb) => ({ calls: eb('calls', '+', answered) }))
      .where('key', '=', key)
      .where('state', '=', 'closed')
      .where('window_started_ms', '>', windowStartedAfter)
      .executeTakeFirst();
    if (numUpdatedRows === 0n) return false;
    this.#remember(key, undefined);
    return true;
  }

  #remember(key: string, breaker: Breaker | undefined): void {
    this.#known.set(key, {
      state: breaker?.state ?? 'closed',
      probeAtMs: breaker?.probeAtMs ?? null,
    });
  }
}

/** Reads a breaker under a row lock, creating it closed when it is new. */
async function lockBreaker(trx: Tx, key: string, now: number): Promise<Breaker> {
  const locked = () =>
    trx.selectFrom('circuit_breakers').selectAll().where('key', '=', key).forUpdate();
  // The row exists but for a channel's first outcomes: one round trip then.
  const row = await locked().executeTakeFirst();
  if (row) return fromRow(row);
  await trx
    .insertInto('circuit_breakers')
    .values({ key, ...toRow(closedBreaker(now)) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return fromRow(await locked().executeTakeFirstOrThrow());
}

async function saveBreaker(trx: Tx, key: string, breaker: Breaker): Promise<void> {
  await trx.updateTable('circuit_breakers').set(toRow(breaker)).where('key', '=', key).execute();
}

/** A breaker's state as stored, e.g. for `GET /v1/channels` or a test. */
export async function readBreaker(
  db: ExecutorHandle | Executor,
  key: string,
): Promise<Breaker | undefined> {
  const row = await own(db)
    .selectFrom('circuit_breakers')
    .selectAll()
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** A row of `circuit_breakers` without its key. */
type Row = Omit<CircuitBreakersTable, 'key'>;

function toRow(b: Breaker): Row {
  return {
    state: b.state,
    window_started_ms: b.windowStartedMs,
    calls: b.calls,
    failures: b.failures,
    previous_calls: b.previousCalls,
    previous_failures: b.previousFailures,
    opened_ms: b.openedMs,
    open_for_ms: b.openForMs,
    probe_at_ms: b.probeAtMs,
  };
}

function fromRow(row: Row): Breaker {
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    state: row.state,
    windowStartedMs: Number(row.window_started_ms),
    calls: row.calls,
    failures: row.failures,
    previousCalls: row.previous_calls,
    previousFailures: row.previous_failures,
    openedMs: num(row.opened_ms),
    openForMs: Number(row.open_for_ms),
    probeAtMs: num(row.probe_at_ms),
  };
}
