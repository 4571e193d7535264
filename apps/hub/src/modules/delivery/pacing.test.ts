import type { Pacing } from '@safenet/channels';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Store } from '../../platform/database/open-store.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import { hubDb } from '../database.js';
import type { Db } from './delivery.tables.js';
import { own } from './delivery.tables.js';
import { gapMs, holdBack, isPaced, RATE_HEADROOM, reserveSlots, SendSpacing } from './pacing.js';

describe('gapMs', () => {
  it('spaces messages by the slowest declared rate, under the limit by the headroom', () => {
    expect(gapMs({ perSecond: 80 }, 1)).toBeCloseTo(1000 / (80 * RATE_HEADROOM), 6);
    expect(gapMs({ unitsPerSecond: 10 }, 3)).toBeCloseTo(3000 / (10 * RATE_HEADROOM), 6);
    // 2 segments at 10/s is slower than 1 message at 80/s.
    expect(gapMs({ perSecond: 80, unitsPerSecond: 10 }, 2)).toBeCloseTo(
      2000 / (10 * RATE_HEADROOM),
      6,
    );
  });

  it('adds jitter to the minimum interval, within its bound', () => {
    const pacing: Pacing = { minIntervalMs: 4000, jitterMs: 3000 };
    expect(gapMs(pacing, 1, () => 0)).toBe(4000);
    expect(gapMs(pacing, 1, () => 0.5)).toBe(5500);
    expect(gapMs(pacing, 1, () => 0.999)).toBeLessThan(7000);
  });

  it('knows an adapter with no limits', () => {
    expect(isPaced(undefined)).toBe(false);
    expect(isPaced({})).toBe(false);
    expect(isPaced({ dailyCap: 5 })).toBe(true);
  });
});

describe('SendSpacing', () => {
  // Time is vitest's: the turns' waits run on a fake clock, so what is asserted is what the
  // spacing decided, not how fast this machine ran it.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Start times of `n` turns all due at once, as after a stall of the event loop. */
  const burst = async (
    spacing: SendSpacing,
    n: number,
    pacing: Pacing,
    cost: (i: number) => number = () => 1,
  ) => {
    const starts: number[] = [];
    const all = Promise.all(
      Array.from({ length: n }, (_, i) =>
        spacing.turn('sms:twilio', 0, pacing, cost(i)).then((answered) => {
          starts.push(performance.now());
          // The provider answers at once: the send counts from its start.
          answered();
        }),
      ),
    );
    await vi.runAllTimersAsync();
    await all;
    return starts;
  };
  /** The most units started in any window of `windowMs` that opens at a start. */
  const busiest = (starts: number[], weights: number[], windowMs: number) =>
    Math.max(
      ...starts.map((t) =>
        starts.reduce(
          (sum, u, j) => (u >= t && u < t + windowMs ? sum + (weights[j] ?? 0) : sum),
          0,
        ),
      ),
    );

  it('spreads sends that all came due at once over the per-second limit', async () => {
    const starts = await burst(new SendSpacing(), 25, { perSecond: 20 });
    expect(
      busiest(
        starts,
        starts.map(() => 1),
        1000,
      ),
    ).toBeLessThanOrEqual(20);
    // The first 20 go at once (the budget of a second), the rest when it frees up.
    expect((starts[19] as number) - (starts[0] as number)).toBe(0);
    expect((starts[20] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(1000);
    expect((starts[20] as number) - (starts[0] as number)).toBeLessThanOrEqual(1_100);
  });

  it('counts units, so two-segment messages take two', async () => {
    const cost = (i: number) => (i % 2 === 0 ? 1 : 2);
    const starts = await burst(new SendSpacing(), 12, { unitsPerSecond: 10 }, cost);
    const weights = starts.map((_, i) => cost(i));
    expect(busiest(starts, weights, 1000)).toBeLessThanOrEqual(10);
  });

  it('counts the minimum interval from the answer of a send that took its time', async () => {
    const spacing = new SendSpacing();
    const pacing: Pacing = { minIntervalMs: 200 };
    const starts: number[] = [];
    const all = Promise.all(
      [0, 1].map(() =>
        spacing.turn('whatsapp:web', 0, pacing, 1).then(async (answered) => {
          starts.push(performance.now());
          // A number lookup and the send itself: 300 ms before the provider answers.
          await new Promise((resolve) => setTimeout(resolve, 300));
          answered();
        }),
      ),
    );
    await vi.runAllTimersAsync();
    await all;
    expect((starts[1] as number) - (starts[0] as number)).toBe(300 + 200);
  });

  it('keeps a send whose answer came late in the window after sends that started later', async () => {
    const spacing = new SendSpacing();
    const pacing: Pacing = { perSecond: 2 };
    const starts: number[] = [];
    // The first send's provider answers after 900 ms, the others at once: the first leaves
    // the window last although it started first.
    const all = Promise.all(
      [900, 0, 0, 0].map((answerMs) =>
        spacing.turn('sms:twilio', 0, pacing, 1).then(async (answered) => {
          starts.push(performance.now());
          await new Promise((resolve) => setTimeout(resolve, answerMs));
          answered();
        }),
      ),
    );
    await vi.runAllTimersAsync();
    await all;
    // The window forgets sends oldest first: the second (answered at 0) leaves only with the
    // first (answered at 900), so the third and fourth both wait for it — later than needed,
    // never one too many in a second.
    expect(starts).toEqual([0, 0, 1925, 1925].map((ms) => (starts[0] as number) + ms));
  });

  it('keeps the minimum interval between two sends', async () => {
    const starts = await burst(new SendSpacing(), 3, { minIntervalMs: 200 });
    expect((starts[1] as number) - (starts[0] as number)).toBe(200);
    expect((starts[2] as number) - (starts[1] as number)).toBe(200);
  });
});

const backends = await testBackends();

describe.each(backends)('reserveSlots on $name', ({ database, run }) => {
  let th: TestHub;
  let db: Db;
  let keyCount = 0;
  /** A fresh channel instance per test: pacing state is per key. */
  const freshKey = () => `sms:test-${database}-${++keyCount}`;
  const requests = (n: number, recipient = (i: number) => `+7701000${i}`) =>
    Array.from({ length: n }, (_, i) => ({ cost: 1, recipient: recipient(i) }));
  // Slots are exact times on the database's clock, asserted as such: what the schedule
  // handed out, never how long this machine took between two calls.
  const waits = (grants: Awaited<ReturnType<typeof reserveSlots>>) =>
    grants.map((g) => (g.kind === 'now' ? g.waitMs : Number.NaN));
  const ats = (grants: Awaited<ReturnType<typeof reserveSlots>>) =>
    grants.map((g) => (g.kind === 'now' ? g.at : Number.NaN));
  const untilOf = (grant: Awaited<ReturnType<typeof reserveSlots>>[number] | undefined) =>
    grant?.kind === 'later' ? grant.until : Number.NaN;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    db = own(th.hub.db);
  });
  afterAll(async () => {
    await th?.close();
  });

  it.runIf(run)(
    'hands out slots one gap apart, continuing where the last batch ended',
    async () => {
      const key = freshKey();
      const gap = 1000 / (20 * RATE_HEADROOM);
      const grants = await reserveSlots(db, key, { perSecond: 20 }, requests(5), {
        horizonMs: 10_000,
      });
      // The first goes as soon as it was asked for; each next one a gap later.
      expect(waits(grants)[0]).toBeCloseTo(0, 0);
      const first = ats(grants);
      first.forEach((at, i) => {
        expect(at - (first[0] as number)).toBeCloseTo(i * gap, 2);
      });
      const second = ats(
        await reserveSlots(db, key, { perSecond: 20 }, requests(2), { horizonMs: 10_000 }),
      );
      // The next batch continues the schedule one gap after the fifth slot (it asked within
      // that gap; had it asked later, its slot would be when it asked).
      expect(second[0]).toBeGreaterThanOrEqual((first[4] as number) + gap - 0.01);
      expect((second[1] as number) - (second[0] as number)).toBeCloseTo(gap, 2);
    },
  );

  it.runIf(run)('leaves slots beyond the horizon to a later job, without taking them', async () => {
    const key = freshKey();
    const grants = await reserveSlots(db, key, { perSecond: 0.1 }, requests(5), {
      horizonMs: 25_000,
    });
    expect(grants.map((g) => g.kind)).toEqual(['now', 'now', 'now', 'later', 'later']);
    // Slots ten seconds apart: the next asker comes long before the fourth one is due.
    const gap = 1000 / (0.1 * RATE_HEADROOM);
    const [firstAt] = ats(grants) as [number];
    // Told to come back when the fourth slot would have been, beyond the horizon.
    expect(untilOf(grants[3]) - firstAt).toBeCloseTo(3 * gap, 2);
    expect((grants[3] as { afterMs: number }).afterMs).toBeGreaterThan(25_000);
    // Nothing was taken for the held-back ones: the next asker gets the fourth slot.
    const next = ats(
      await reserveSlots(db, key, { perSecond: 0.1 }, requests(1), { horizonMs: 60_000 }),
    );
    expect((next[0] as number) - firstAt).toBeCloseTo(3 * gap, 2);
  });

  it.runIf(run)('keeps the daily cap, and holds the rest until the next UTC day', async () => {
    const key = freshKey();
    const grants = await reserveSlots(db, key, { dailyCap: 3 }, requests(5), { horizonMs: 10_000 });
    expect(grants.map((g) => g.kind)).toEqual(['now', 'now', 'now', 'later', 'later']);
    // Held until the next 00:00 UTC after the day of the last granted slot.
    const day = new Date(ats(grants)[2] as number);
    const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
    expect(untilOf(grants[3])).toBe(midnight);
    const more = await reserveSlots(db, key, { dailyCap: 3 }, requests(1), { horizonMs: 10_000 });
    expect(more[0]?.kind).toBe('later');
  });

  it.runIf(run)('keeps the same recipient apart, others not', async () => {
    const key = freshKey();
    const pacing: Pacing = { perSecond: 100, perRecipientIntervalMs: 60_000 };
    const grants = await reserveSlots(
      db,
      key,
      pacing,
      [
        { cost: 1, recipient: '+77010000001' },
        { cost: 1, recipient: '+77010000002' },
        { cost: 1, recipient: '+77010000001' },
      ],
      { horizonMs: 10_000 },
    );
    expect(grants.map((g) => g.kind)).toEqual(['now', 'now', 'later']);
    // Free again exactly the interval after its first message's slot.
    expect(untilOf(grants[2])).toBeCloseTo((ats(grants)[0] as number) + 60_000, 2);
    // Remembered across batches (and processes): the database holds it.
    const again = await reserveSlots(db, key, pacing, [{ cost: 1, recipient: '+77010000002' }], {
      horizonMs: 10_000,
    });
    expect(again[0]?.kind).toBe('later');
  });

  it.runIf(run)('holds the whole channel back after a Retry-After', async () => {
    const key = freshKey();
    // A minute: long past anything this test does meanwhile, however loaded the machine.
    const free = await holdBack(db, key, 60_000);
    const pacing: Pacing = { perSecond: 50 };
    const [held] = await reserveSlots(db, key, pacing, requests(1), { horizonMs: 10_000 });
    // No slot before the hold ends: come back exactly then.
    expect(untilOf(held)).toBeCloseTo(free, 2);
    // A shorter hold never shortens a longer one.
    expect(await holdBack(db, key, 100)).toBeCloseTo(free, 2);
    // Once the hold is within reach, the first slot is when it ends.
    const [grant] = ats(await reserveSlots(db, key, pacing, requests(1), { horizonMs: 120_000 }));
    expect(grant).toBeCloseTo(free, 2);
  });

  it.runIf(run)(
    'reads again when another batch wrote the schedule between its read and its write',
    async () => {
      const key = freshKey();
      const pacing: Pacing = { perSecond: 50 };
      const gap = 1000 / (50 * RATE_HEADROOM);
      // The channel's first batch creates its row.
      await reserveSlots(db, key, pacing, requests(1), { horizonMs: 10_000 });
      let reads = 0;
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let paused = () => {};
      const atPause = new Promise<void>((resolve) => {
        paused = resolve;
      });
      const slow = reserveSlots(db, key, pacing, requests(3), {
        horizonMs: 10_000,
        interleave: async () => {
          reads += 1;
          if (reads > 1) return;
          paused();
          await held;
        },
      });
      await atPause;
      // Another batch takes slots while the first one holds its read.
      const fast = ats(await reserveSlots(db, key, pacing, requests(3), { horizonMs: 10_000 }));
      release();
      const late = ats(await slow);
      // The first one's write found the row changed, read it again, and continued after.
      expect(reads).toBe(2);
      expect(late[0]).toBeGreaterThanOrEqual((fast[2] as number) + gap - 0.01);
    },
  );

  it.runIf(run)('shares one budget between two hub processes on the same database', async () => {
    // A second store with its own connection pool: the database sees two hubs.
    const other: Store = await openSecondStore(th);
    try {
      const key = freshKey();
      const pacing: Pacing = { perSecond: 50 };
      const asks = Array.from({ length: 10 }, (_, i) =>
        reserveSlots(i % 2 === 0 ? db : own(hubDb(other)), key, pacing, requests(5), {
          horizonMs: 10_000,
        }),
      );
      const slots = (await Promise.all(asks))
        .flat()
        .map((g) => (g.kind === 'now' ? g.at : Number.NaN))
        .sort((a, b) => a - b);
      expect(slots).toHaveLength(50);
      expect(slots.every(Number.isFinite)).toBe(true);
      // Slot times are on the database's clock, shared by both: no two closer than a gap.
      const gap = 1000 / (50 * RATE_HEADROOM);
      for (let i = 1; i < slots.length; i++) {
        expect((slots[i] as number) - (slots[i - 1] as number)).toBeGreaterThan(gap - 0.01);
      }
    } finally {
      await other.close();
    }
  });
});
