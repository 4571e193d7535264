import type { Pacing } from '@safenet/channels';
import { sql } from 'kysely';
import type { Db } from './delivery.tables.js';

/**
 * The hub aims this far under a provider's declared rate: a send the network or a pause of
 * the event loop delays must not push any 1-second window at the provider over its limit.
 */
export const RATE_HEADROOM = 0.97;

/** One message asking for a send slot: its cost in pacing units and its recipient. */
export interface PaceRequest {
  cost: number;
  recipient: string;
}

/**
 * A slot: start after `waitMs` (at `at`, epoch milliseconds on the database's clock); or not
 * in this batch — ask again after `afterMs` (at `until`, on the same clock).
 */
export type PaceGrant =
  | { kind: 'now'; waitMs: number; at: number }
  | { kind: 'later'; afterMs: number; until: number };

/** Whether an adapter declares any limit the hub has to keep. */
export function isPaced(pacing: Pacing | undefined): pacing is Pacing {
  return (
    pacing !== undefined &&
    Boolean(
      pacing.perSecond ||
        pacing.unitsPerSecond ||
        pacing.minIntervalMs ||
        pacing.dailyCap ||
        pacing.perRecipientIntervalMs,
    )
  );
}

/**
 * The time a message of `cost` units occupies its channel: the slowest of the declared rates
 * (with {@link RATE_HEADROOM}) and the minimum interval, plus random jitter.
 */
export function gapMs(pacing: Pacing, cost: number, random: () => number = Math.random): number {
  const perMessage = pacing.perSecond ? 1000 / (pacing.perSecond * RATE_HEADROOM) : 0;
  const perUnits = pacing.unitsPerSecond
    ? (cost * 1000) / (pacing.unitsPerSecond * RATE_HEADROOM)
    : 0;
  const jitter = pacing.jitterMs ? random() * pacing.jitterMs : 0;
  return Math.max(perMessage, perUnits, pacing.minIntervalMs ?? 0) + jitter;
}

const DAY_MS = 24 * 60 * 60_000;

/** Options of {@link reserveSlots}. */
export interface ReserveOptions {
  /** Slots further ahead than this are not handed out: the message waits in a later job. */
  horizonMs: number;
  random?: () => number;
  /** Awaited between the optimistic read and its write: tests hold a batch there. */
  interleave?: () => Promise<void>;
}

/** A channel instance's pacing row as read: its schedule on the database's clock. */
interface PacingState {
  next_ms: number;
  now_ms: number;
  day: string | null;
  day_count: number;
}

/** What {@link schedule} hands out, and the state it leaves. */
interface Schedule {
  grants: PaceGrant[];
  next: number;
  today: string;
  count: number;
  /** Recipients whose interval starts anew: `key:to:recipient` → when they are free again. */
  changedRecipients: Map<string, number>;
}

/**
 * Optimistic tries of {@link reserveSlots} before it waits for the row lock: each loses only
 * to another batch that wrote the channel's schedule between its read and its write.
 */
const OPTIMISTIC_TRIES = 3;

/**
 * Hands out send slots of one channel instance, in request order, from state in the database
 * so that every worker of every hub process on it shares one budget: a virtual schedule
 * (GCRA) where each message pushes the instance's `next_at` forward by its {@link gapMs}.
 * Slots are exact times, not window counts, so no burst at a window edge can break a
 * provider's limit. The database clock is the only clock, so hubs on several machines agree.
 *
 * A message is held back (`later`) when its slot is beyond the horizon, when its recipient
 * had a message less than `perRecipientIntervalMs` ago, or when the instance's daily cap
 * (per UTC day) is used up; held-back messages take no slot.
 *
 * Every send batch of every process writes the same row, so the common case takes two round
 * trips and holds no lock between them: a read, then a write only if nobody wrote the row
 * since (its `xmin`, the transaction that wrote it, unchanged); a batch that lost the race
 * reads again. A channel's first batch, per-recipient intervals (rows of their own) and a
 * batch that lost {@link OPTIMISTIC_TRIES} times lock the row in a transaction instead.
 */
export async function reserveSlots(
  db: Db,
  key: string,
  pacing: Pacing,
  requests: readonly PaceRequest[],
  { horizonMs, random = Math.random, interleave }: ReserveOptions,
): Promise<PaceGrant[]> {
  if (requests.length === 0) return [];
  if (!pacing.perRecipientIntervalMs) {
    for (let tries = 0; tries < OPTIMISTIC_TRIES; tries++) {
      const state = await db
        .selectFrom('pacing')
        .select([...STATE, sql<string>`xmin::text`.as('version')])
        .where('key', '=', key)
        .executeTakeFirst();
      if (!state) break;
      const planned = schedule(key, state, new Map(), pacing, requests, horizonMs, random);
      await interleave?.();
      const { numUpdatedRows } = await db
        .updateTable('pacing')
        .set(stateAfter(planned))
        .where('key', '=', key)
        .where(sql<boolean>`xmin = ${state.version}::xid`)
        .executeTakeFirst();
      if (numUpdatedRows === 1n) return planned.grants;
    }
  }
  return db.transaction().execute(async (trx) => {
    const locked = () => trx.selectFrom('pacing').select(STATE).where('key', '=', key).forUpdate();
    // The row exists but for a channel's first batch: one round trip then.
    let state = await locked().executeTakeFirst();
    if (!state) {
      await trx
        .insertInto('pacing')
        .values({ key, next_at: sql<Date>`clock_timestamp()`, day: null, day_count: 0 })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      state = await locked().executeTakeFirstOrThrow();
    }

    const recipientNext = new Map<string, number>();
    if (pacing.perRecipientIntervalMs) {
      const keys = [...new Set(requests.map((r) => recipientKey(key, r.recipient)))];
      const rows = await trx
        .selectFrom('pacing')
        .select(['key', sql<number>`extract(epoch from next_at) * 1000`.as('next_ms')])
        .where('key', 'in', keys)
        .forUpdate()
        .execute();
      for (const row of rows) recipientNext.set(row.key, Number(row.next_ms));
    }
    const planned = schedule(key, state, recipientNext, pacing, requests, horizonMs, random);
    await trx.updateTable('pacing').set(stateAfter(planned)).where('key', '=', key).execute();
    if (planned.changedRecipients.size > 0) {
      await trx
        .insertInto('pacing')
        .values(
          [...planned.changedRecipients].map(([k, at]) => ({
            key: k,
            next_at: epochMs(at),
            day: null,
            day_count: 0,
          })),
        )
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({ next_at: (eb) => eb.ref('excluded.next_at') }),
        )
        .execute();
    }
    return planned.grants;
  });
}

/** The columns of a pacing row {@link schedule} reads, with the database's clock. */
const STATE = [
  sql<number>`extract(epoch from next_at) * 1000`.as('next_ms'),
  sql<number>`extract(epoch from clock_timestamp()) * 1000`.as('now_ms'),
  'day',
  'day_count',
] as const;

function recipientKey(key: string, to: string): string {
  return `${key}:to:${to}`;
}

/** The slots of `requests` from a channel's state (see {@link reserveSlots}); no I/O. */
function schedule(
  key: string,
  state: PacingState,
  recipientNext: Map<string, number>,
  pacing: Pacing,
  requests: readonly PaceRequest[],
  horizonMs: number,
  random: () => number,
): Schedule {
  const nowMs = Number(state.now_ms);
  const today = new Date(nowMs).toISOString().slice(0, 10);
  let count = state.day === today ? state.day_count : 0;
  let next = Math.max(Number(state.next_ms), nowMs);
  const perRecipient = pacing.perRecipientIntervalMs ?? 0;
  const changedRecipients = new Map<string, number>();
  const grants = requests.map((request): PaceGrant => {
    if (pacing.dailyCap && count >= pacing.dailyCap) {
      const midnight = Date.parse(`${today}T00:00:00Z`) + DAY_MS;
      return { kind: 'later', afterMs: midnight - nowMs, until: midnight };
    }
    const rKey = recipientKey(key, request.recipient);
    const recipientFree = recipientNext.get(rKey) ?? 0;
    if (perRecipient > 0 && recipientFree > next) {
      return { kind: 'later', afterMs: recipientFree - nowMs, until: recipientFree };
    }
    if (next - nowMs > horizonMs) return { kind: 'later', afterMs: next - nowMs, until: next };
    const start = next;
    next += gapMs(pacing, request.cost, random);
    count += 1;
    if (perRecipient > 0) {
      recipientNext.set(rKey, start + perRecipient);
      changedRecipients.set(rKey, start + perRecipient);
    }
    return { kind: 'now', waitMs: start - nowMs, at: start };
  });
  return { grants, next, today, count, changedRecipients };
}

/** The channel's row after a {@link Schedule}. */
function stateAfter({ next, today, count }: Schedule) {
  // Not a JS Date: it would round the schedule to whole milliseconds, and each batch would
  // start a fraction of a millisecond early.
  return { next_at: epochMs(next), day: today, day_count: count };
}

/** A timestamp from epoch milliseconds, keeping the fraction (microseconds in PostgreSQL). */
function epochMs(ms: number) {
  return sql<Date>`to_timestamp(${ms / 1000}::float8)`;
}

/**
 * Holds a channel instance back until `afterMs` from now (a provider's `Retry-After`): no
 * worker of any hub process gets a slot before then. Returns when the channel is free again
 * (epoch ms on the database's clock): a shorter hold never shortens a longer one.
 */
export async function holdBack(db: Db, key: string, afterMs: number): Promise<number> {
  const until = sql<Date>`clock_timestamp() + make_interval(secs => ${afterMs / 1000})`;
  const row = await db
    .insertInto('pacing')
    .values({ key, next_at: until, day: null, day_count: 0 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({ next_at: sql<Date>`greatest(pacing.next_at, ${until})` }),
    )
    .returning(sql<number>`extract(epoch from next_at) * 1000`.as('free_ms'))
    .executeTakeFirstOrThrow();
  return Number(row.free_ms);
}

/** Forgets recipients whose interval has passed: their rows can no longer hold anything back. */
export async function sweepPacing(db: Db): Promise<void> {
  await db
    .deleteFrom('pacing')
    .where('key', 'like', '%:to:%')
    .where('next_at', '<', sql<Date>`now()`)
    .execute();
}

/**
 * Sends of one process counted over the last second, longer by this much for what the
 * provider's clock and the network add.
 */
const WINDOW_MS = 1_000 + 25;

/**
 * Keeps this process's sends on a channel within the declared limits as a provider counts
 * them — over any sliding second — even when timers fire late: a busy event loop (the
 * embedded database runs on it) must not let slots that came due during a stall go out in
 * one burst. A send counts from when it started until its answer came back, the latest the
 * provider can have seen it arrive, so a request that lingered on the way never makes room
 * for one too many. The shared schedule ({@link reserveSlots}) keeps the average under the
 * limit across processes; this only ever delays a send that would break a second's budget.
 */
export class SendSpacing {
  readonly #turns = new Map<
    string,
    {
      chain: Promise<unknown>;
      sent: Window;
      last: number;
      /** The answer of the latest send: with a minimum interval, the next one waits for it. */
      answer: Promise<void>;
    }
  >();

  /**
   * Resolves when a send of `cost` units may start: `waitMs` from now (its slot), within
   * `pacing`'s per-second limits and minimum interval (counted from the previous send's
   * answer) over this process's sends on `key`. Turns are taken in call order. Call the function it resolves with once the
   * provider has answered.
   */
  turn(key: string, waitMs: number, pacing: Pacing, cost: number): Promise<() => void> {
    const due = performance.now() + waitMs;
    const state = this.#turns.get(key) ?? {
      chain: Promise.resolve(),
      sent: new Window(),
      last: Number.NEGATIVE_INFINITY,
      answer: Promise.resolve(),
    };
    this.#turns.set(key, state);
    const mine = state.chain.then(async () => {
      if (pacing.minIntervalMs) await state.answer;
      for (;;) {
        const now = performance.now();
        const { sent } = state;
        sent.forgetBefore(now - WINDOW_MS);
        const interval = pacing.minIntervalMs ?? 0;
        const waits = [
          due - now,
          interval > 0 ? state.last + interval - now : 0,
          pacing.perSecond && sent.count + 1 > pacing.perSecond
            ? sent.oldest(now) + WINDOW_MS - now
            : 0,
          pacing.unitsPerSecond && sent.units + cost > pacing.unitsPerSecond
            ? sent.oldest(now) + WINDOW_MS - now
            : 0,
        ];
        const wait = Math.max(...waits);
        if (wait <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
      }
      const entry = { at: performance.now(), cost };
      state.last = entry.at;
      state.sent.add(entry);
      let resolve = () => {};
      state.answer = new Promise<void>((done) => {
        resolve = done;
      });
      return () => {
        entry.at = Math.max(entry.at, performance.now());
        // The minimum interval runs from the answer, not the start: however long this send
        // took on the way (a number lookup before it, a slow network), the next message goes
        // out no sooner than the interval after this one surely left.
        state.last = Math.max(state.last, entry.at);
        resolve();
      };
    });
    state.chain = mine;
    return mine;
  }
}

/**
 * The sends of one channel in the last window, in the order they started, with their count
 * and units kept as they come and go: each turn costs the same however many sends the
 * window holds (thousands, at 10,000 SMS segments a second). A send leaves once it and every
 * send started before it have left: its time may move later when its answer comes (see
 * {@link SendSpacing.turn}), and one answered late keeps those behind it a little longer —
 * never too few counted.
 */
class Window {
  #entries: { at: number; cost: number }[] = [];
  #head = 0;
  count = 0;
  units = 0;

  add(entry: { at: number; cost: number }): void {
    this.#entries.push(entry);
    this.count += 1;
    this.units += entry.cost;
  }

  /** Forgets the sends (from the oldest on) whose time is at or before `cutoff`. */
  forgetBefore(cutoff: number): void {
    const entries = this.#entries;
    while (this.#head < entries.length && (entries[this.#head] as { at: number }).at <= cutoff) {
      this.count -= 1;
      this.units -= (entries[this.#head] as { cost: number }).cost;
      this.#head += 1;
    }
    if (this.#head > 1_024 && this.#head * 2 > entries.length) {
      this.#entries = entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /** When the first send still counted leaves the window, less its length; `now` if none. */
  oldest(now: number): number {
    return this.#entries[this.#head]?.at ?? now;
  }
}
