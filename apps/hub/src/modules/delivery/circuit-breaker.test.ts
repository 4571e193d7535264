import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../platform/database/open-store.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import { hubDb } from '../database.js';
import {
  admitRule,
  type Breaker,
  type BreakerPolicy,
  closedBreaker,
  recordRule,
  type Transition,
} from './circuit-breaker.js';
import { CircuitBreakers, readBreaker } from './circuit-breakers.js';
import { own } from './delivery.tables.js';

const policy: BreakerPolicy = {
  windowMs: 10_000,
  minCalls: 20,
  failureRatio: 0.5,
  openMs: 5_000,
  maxOpenMs: 60_000,
  probes: 3,
};

/** Feeds tallies in order, each at its time; returns the state and the transitions. */
const feed = (start: Breaker, tallies: [at: number, answered: number, failed: number][]) => {
  let breaker = start;
  const transitions: Transition[] = [];
  for (const [at, answered, failed] of tallies) {
    const { next, transition } = recordRule(breaker, { answered, failed }, policy, at);
    breaker = next;
    if (transition) transitions.push(transition);
  }
  return { breaker, transitions };
};

describe('the breaker rules', () => {
  it('stays closed through a storm where most calls are answered', () => {
    // 30 % failures, batch after batch, for a minute.
    const tallies = Array.from(
      { length: 60 },
      (_, i) => [i * 1000, 35, 15] as [number, number, number],
    );
    const { breaker, transitions } = feed(closedBreaker(0), tallies);
    expect(breaker.state).toBe('closed');
    expect(transitions).toEqual([]);
  });

  it('needs the minimum volume before a ratio means anything', () => {
    const { breaker } = feed(closedBreaker(0), [[0, 0, policy.minCalls - 1]]);
    expect(breaker.state).toBe('closed');
    const { transitions } = feed(breaker, [[1, 0, 1]]);
    expect(transitions).toEqual([{ to: 'open', at: 1, calls: 20, failures: 20 }]);
  });

  it('counts the previous window by how much of it still overlaps', () => {
    // 100 answered in the first window; at 15 s half of them still count (50).
    const { breaker } = feed(closedBreaker(0), [
      [5_000, 100, 0],
      [15_000, 0, 49],
    ]);
    expect(breaker.state).toBe('closed');
    expect(feed(breaker, [[15_000, 0, 2]]).breaker.state).toBe('open');
  });

  it('opens, probes after the open time, doubles it after a failed probe, closes on an answer', () => {
    const opened = feed(closedBreaker(0), [[1_000, 0, 50]]).breaker;
    expect(opened).toMatchObject({ state: 'open', openedMs: 1_000, probeAtMs: 6_000 });

    // Before the probe time nothing goes; nobody spends an attempt waiting.
    expect(admitRule(opened, 50, policy, 5_999).admission).toEqual({ kind: 'none', afterMs: 1 });
    const probing = admitRule(opened, 50, policy, 6_000);
    expect(probing.admission).toEqual({ kind: 'probe', probes: 3, afterMs: 1_000 });
    expect(probing.next.state).toBe('half_open');
    // Another asker while the probes are out: none go, and it looks again soon.
    expect(admitRule(probing.next, 50, policy, 6_100).admission).toEqual({
      kind: 'none',
      afterMs: 1_000,
    });

    const reopened = recordRule(probing.next, { answered: 0, failed: 3 }, policy, 6_200);
    expect(reopened.transition).toBeUndefined();
    expect(reopened.next).toMatchObject({ state: 'open', openForMs: 10_000, probeAtMs: 16_200 });

    const again = admitRule(reopened.next, 10, policy, 16_200);
    const closed = recordRule(again.next, { answered: 1, failed: 2 }, policy, 16_300);
    expect(closed.transition).toEqual({ to: 'closed', at: 16_300, openedMs: 1_000 });
    expect(closed.next).toEqual(closedBreaker(16_300));
  });

  it('lets new probes go when the last ones never answered', () => {
    const opened = feed(closedBreaker(0), [[0, 0, 50]]).breaker;
    const probing = admitRule(opened, 50, policy, 5_000).next;
    expect(admitRule(probing, 50, policy, 9_999).admission.kind).toBe('none');
    expect(admitRule(probing, 50, policy, 10_000).admission).toMatchObject({ kind: 'probe' });
  });

  it('never stays open longer than the maximum between probes', () => {
    let breaker = feed(closedBreaker(0), [[0, 0, 50]]).breaker;
    for (let i = 0; i < 10; i += 1) {
      const at = breaker.probeAtMs as number;
      breaker = admitRule(breaker, 1, policy, at).next;
      breaker = recordRule(breaker, { answered: 0, failed: 1 }, policy, at).next;
    }
    expect(breaker.openForMs).toBe(policy.maxOpenMs);
  });
});

const backends = await testBackends();

describe.each(backends)('circuit breakers in the database on $name', ({ database, run }) => {
  let th: TestHub;
  let keys = 0;
  const freshKey = () => `sms:breaker-${database}-${++keys}`;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
  });
  afterAll(async () => {
    await th?.close();
  });

  const breakers = (db: TestHub['hub']['db'], now: () => number, seen: Transition[] = []) =>
    new CircuitBreakers({
      db: own(db),
      policy,
      now,
      onTransition: (_key, transition) => seen.push(transition),
      onError: (error) => {
        throw error;
      },
    });

  it.runIf(run)(
    'opens once for everyone, holds sends in flight, and closes on a probe',
    async () => {
      let now = 1_000_000;
      const clock = () => now;
      const seen: Transition[] = [];
      const mine = breakers(th.hub.db, clock, seen);
      const key = freshKey();

      expect(await mine.admit(key, 50)).toEqual({ kind: 'all' });
      for (let i = 0; i < 25; i += 1) mine.note(key, 'failed');
      for (let i = 0; i < 5; i += 1) mine.note(key, 'answered');
      await mine.flush();
      expect(seen).toEqual([{ to: 'open', at: now, calls: 30, failures: 25 }]);
      // A send of this process about to leave stays home until the probe time.
      expect(mine.holds(key)).toEqual({ afterMs: 5_000 });
      expect(await mine.admit(key, 50)).toEqual({ kind: 'none', afterMs: 5_000 });

      now += 5_000;
      expect(await mine.admit(key, 50)).toMatchObject({ kind: 'probe', probes: 3 });
      mine.note(key, 'answered');
      await mine.flush();
      expect(seen.map((t) => t.to)).toEqual(['open', 'closed']);
      expect(mine.holds(key)).toBeUndefined();
      expect((await readBreaker(own(th.hub.db), key))?.state).toBe('closed');
    },
  );

  it.runIf(run)(
    'counts answers in the current window, and rolls the window when it ends',
    async () => {
      let now = 3_000_000;
      const mine = breakers(th.hub.db, () => now);
      const key = freshKey();
      const stored = async () => readBreaker(own(th.hub.db), key);

      for (let i = 0; i < 5; i += 1) mine.note(key, 'answered');
      await mine.flush();
      expect(await stored()).toMatchObject({ state: 'closed', calls: 5, windowStartedMs: now });
      now += policy.windowMs - 1;
      for (let i = 0; i < 7; i += 1) mine.note(key, 'answered');
      await mine.flush();
      expect(await stored()).toMatchObject({ calls: 12, previousCalls: 0 });
      // The window has ended: its calls become the previous window's.
      now += 1;
      for (let i = 0; i < 3; i += 1) mine.note(key, 'answered');
      await mine.flush();
      expect(await stored()).toMatchObject({
        state: 'closed',
        calls: 3,
        previousCalls: 12,
        windowStartedMs: 3_000_000 + policy.windowMs,
      });
    },
  );

  it.runIf(run)(
    'does not count answers on a breaker another process opened meanwhile',
    async () => {
      const other: Store = await openSecondStore(th);
      try {
        const now = () => 4_000_000;
        const here = breakers(th.hub.db, now);
        const there = breakers(hubDb(other), now);
        const key = freshKey();
        here.note(key, 'answered');
        await here.flush();
        for (let i = 0; i < policy.minCalls; i += 1) there.note(key, 'failed');
        await there.flush();
        const opened = await readBreaker(own(th.hub.db), key);
        expect(opened?.state).toBe('open');
        // Calls that left before it opened, answered after: the probes will tell, not they.
        here.note(key, 'answered');
        await here.flush();
        expect(await readBreaker(own(th.hub.db), key)).toEqual(opened);
      } finally {
        await other.close();
      }
    },
  );

  it.runIf(run)('is shared by two hub processes on the same database', async () => {
    const other: Store = await openSecondStore(th);
    try {
      const now = () => 2_000_000;
      const seenHere: Transition[] = [];
      const seenThere: Transition[] = [];
      const here = breakers(th.hub.db, now, seenHere);
      const there = breakers(hubDb(other), now, seenThere);
      const key = freshKey();
      // Each sees half the failures; together they are enough.
      for (let i = 0; i < 10; i += 1) {
        here.note(key, 'failed');
        there.note(key, 'failed');
      }
      await Promise.all([here.flush(), there.flush()]);
      // One of them opened it, once.
      expect([...seenHere, ...seenThere].map((t) => t.to)).toEqual(['open']);
      expect(await here.admit(key, 5)).toMatchObject({ kind: 'none' });
      expect(await there.admit(key, 5)).toMatchObject({ kind: 'none' });
    } finally {
      await other.close();
    }
  });
});
