import { describe, expect, it } from 'vitest';
import { createZaloTokenKeeper, REFRESH_AHEAD_MS, type ZaloTokens } from './zalo.tokens.js';

const T0 = Date.parse('2026-12-07T00:00:00Z');
const HOUR = 3_600_000;

/** A refresh that waits for `release()`, counting calls and the refresh tokens spent. */
function gatedRefresh() {
  const spent: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    spent,
    release: () => release(),
    async refresh(refreshToken: string): Promise<ZaloTokens> {
      spent.push(refreshToken);
      await gate;
      const n = spent.length;
      return {
        accessToken: `access-${n}`,
        refreshToken: `refresh-${n}`,
        expiresAt: new Date(T0 + 25 * HOUR),
      };
    },
  };
}

const initial = (expiresAt: number): ZaloTokens => ({
  accessToken: 'access-0',
  refreshToken: 'refresh-0',
  expiresAt: new Date(expiresAt),
});

describe('createZaloTokenKeeper', () => {
  it('uses the token until five minutes before it expires, then refreshes first', async () => {
    let clock = T0;
    const gated = gatedRefresh();
    gated.release();
    const stored: ZaloTokens[] = [];
    const keeper = createZaloTokenKeeper({
      initial: initial(T0 + HOUR),
      refresh: gated.refresh,
      now: () => clock,
      async renew(spend, held) {
        const next = await spend(held.refreshToken);
        stored.push(next);
        return next;
      },
    });

    clock = T0 + HOUR - REFRESH_AHEAD_MS - 1;
    expect(await keeper.current()).toBe('access-0');
    expect(gated.spent).toEqual([]);

    clock += 1;
    expect(await keeper.current()).toBe('access-1');
    expect(gated.spent).toEqual(['refresh-0']);
    expect(stored).toEqual([
      { accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: new Date(T0 + 25 * HOUR) },
    ]);
    expect(await keeper.current()).toBe('access-1');
    expect(gated.spent).toHaveLength(1);
  });

  it('makes concurrent sends share one refresh, spending the refresh token once', async () => {
    const gated = gatedRefresh();
    const keeper = createZaloTokenKeeper({
      initial: initial(T0),
      refresh: gated.refresh,
      now: () => T0,
    });

    const waiting = Array.from({ length: 10 }, () => keeper.current());
    // Every send is waiting on the one refresh, still held at the barrier.
    expect(gated.spent).toEqual(['refresh-0']);
    gated.release();

    expect(await Promise.all(waiting)).toEqual(Array(10).fill('access-1'));
    expect(gated.spent).toEqual(['refresh-0']);
  });

  it('refreshes once for a refused token, however many sends report it', async () => {
    const gated = gatedRefresh();
    const keeper = createZaloTokenKeeper({
      initial: initial(T0 + 10 * HOUR),
      refresh: gated.refresh,
      now: () => T0,
    });
    const used = await keeper.current();

    const first = keeper.refused(used);
    const second = keeper.refused(used);
    gated.release();
    expect(await Promise.all([first, second])).toEqual(['access-1', 'access-1']);
    // Reported late, after the refresh: the new token, no second refresh.
    expect(await keeper.refused(used)).toBe('access-1');
    expect(gated.spent).toEqual(['refresh-0']);
  });

  it('takes the pair renew returns without spending, one renewal in flight', async () => {
    const gated = gatedRefresh();
    const elsewhere: ZaloTokens = {
      accessToken: 'access-other',
      refreshToken: 'refresh-other',
      expiresAt: new Date(T0 + 25 * HOUR),
    };
    const held: ZaloTokens[] = [];
    let release: () => void = () => {};
    const stored = new Promise<void>((resolve) => {
      release = resolve;
    });
    const keeper = createZaloTokenKeeper({
      initial: initial(T0),
      refresh: gated.refresh,
      now: () => T0,
      // Another process renewed already: its stored pair is newer than the one held.
      async renew(_spend, pair) {
        held.push(pair);
        await stored;
        return elsewhere;
      },
    });

    const waiting = Array.from({ length: 5 }, () => keeper.current());
    release();

    expect(await Promise.all(waiting)).toEqual(Array(5).fill('access-other'));
    expect(held).toEqual([initial(T0)]);
    expect(gated.spent).toEqual([]);
    expect(await keeper.current()).toBe('access-other');
  });

  it('keeps the old pair when a refresh fails, and tries again on the next send', async () => {
    let fail = true;
    const keeper = createZaloTokenKeeper({
      initial: initial(T0),
      now: () => T0,
      async refresh() {
        if (fail) throw new Error('refused');
        return {
          accessToken: 'access-1',
          refreshToken: 'refresh-1',
          expiresAt: new Date(T0 + HOUR),
        };
      },
    });
    await expect(keeper.current()).rejects.toThrow('refused');
    fail = false;
    expect(await keeper.current()).toBe('access-1');
  });
});
