import { randomBytes } from 'node:crypto';
import type { ZaloTokens } from '@safenet/channels';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../platform/database/open-store.js';
import { share } from '../../platform/database/schema.js';
import { eventually } from '../../testing/eventually.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import {
  databaseZaloRenew,
  startingZaloTokens,
  storedZaloTokens,
  ZALO_TOKENS_LOCK_CLASS,
} from './zalo-tokens.js';

const backends = await testBackends();
const T0 = Date.parse('2026-12-07T08:00:00Z');
const HOUR = 3_600_000;

const pair = (name: string, expiresAt: number): ZaloTokens => ({
  accessToken: `access-${name}`,
  refreshToken: `refresh-${name}`,
  expiresAt: new Date(expiresAt),
});

/** A spend held at a barrier: `entered` once called, returning `next` after `release()`. */
function gatedSpend(next: ZaloTokens) {
  const spent: string[] = [];
  let entered: () => void = () => {};
  let release: () => void = () => {};
  const inside = new Promise<void>((resolve) => {
    entered = resolve;
  });
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    spent,
    inside,
    release: () => release(),
    async spend(refreshToken: string): Promise<ZaloTokens> {
      spent.push(refreshToken);
      entered();
      await gate;
      return next;
    },
  };
}

describe.each(backends)(
  'Zalo token renewals across hub processes on $name',
  ({ database, run }) => {
    let th: TestHub;
    let other: Store;

    beforeAll(async () => {
      if (!run) return;
      th = await startTestHub({ database });
      other = await openSecondStore(th);
    }, 120_000);
    afterAll(async () => {
      await other?.close();
      await th?.close();
    });

    /** Renewals of `appId` waiting for its lock, on any connection. */
    const waitingForLock = async (appId: string) => {
      const { rows } = await sql<{ waiting: string }>`
      SELECT count(*) AS waiting FROM pg_locks
       WHERE locktype = 'advisory' AND NOT granted
         AND classid::bigint = ${ZALO_TOKENS_LOCK_CLASS}
         AND objid::bigint = (hashtext(${appId})::bigint & 4294967295)`.execute(th.hub.db);
      return Number(rows[0]?.waiting);
    };

    it.runIf(run)(
      'lets one of two racing processes spend the refresh token; both end with its pair',
      async () => {
        const appId = `app-${randomBytes(4).toString('hex')}`;
        const held = pair('configured', T0 + HOUR);
        const next = pair('renewed', T0 + 25 * HOUR);
        const gated = gatedSpend(next);

        const first = databaseZaloRenew(share(th.hub.db), appId, () => T0)(gated.spend, held);
        await gated.inside;
        // The first holds the lock, its spend at the barrier; the second process comes now.
        const second = databaseZaloRenew(share(other.db), appId, () => T0)(gated.spend, held);
        await eventually(
          () => waitingForLock(appId),
          (n) => n === 1,
          'the second renewal waiting for the lock',
        );
        gated.release();

        const [a, b] = await Promise.all([first, second]);
        expect(gated.spent).toEqual([held.refreshToken]);
        expect(a).toEqual(next);
        expect(b).toEqual(next);
        expect(await storedZaloTokens(share(other.db), appId)).toEqual(next);
      },
    );

    it.runIf(run)(
      'spends the stored refresh token once the stored pair is the held one',
      async () => {
        const appId = `app-${randomBytes(4).toString('hex')}`;
        const configured = pair('configured', T0 + HOUR);
        const renew = databaseZaloRenew(share(th.hub.db), appId, () => T0);
        const spent: string[] = [];
        const spendTo = (next: ZaloTokens) => async (refreshToken: string) => {
          spent.push(refreshToken);
          return next;
        };

        const second = pair('second', T0 + 25 * HOUR);
        expect(await renew(spendTo(second), configured)).toEqual(second);
        // Zalo refused the stored pair's access token: it is spent in turn, not the configured one.
        const third = pair('third', T0 + 26 * HOUR);
        expect(await renew(spendTo(third), second)).toEqual(third);
        expect(spent).toEqual([configured.refreshToken, second.refreshToken]);

        const stored = await storedZaloTokens(share(th.hub.db), appId);
        expect(stored).toEqual(third);
        expect(startingZaloTokens(configured, stored)).toEqual(third);
        // An operator's newer pair in the configuration wins over the stored one.
        const operator = pair('operator', T0 + 30 * HOUR);
        expect(startingZaloTokens(operator, stored)).toEqual(operator);
      },
    );

    it.runIf(run)('stores nothing when the spend fails', async () => {
      const appId = `app-${randomBytes(4).toString('hex')}`;
      const renew = databaseZaloRenew(share(th.hub.db), appId);
      await expect(
        renew(
          async () => {
            throw new Error('Zalo refused to refresh the OA access token');
          },
          pair('configured', T0),
        ),
      ).rejects.toThrow('Zalo refused');
      expect(await storedZaloTokens(share(th.hub.db), appId)).toBeUndefined();
    });
  },
);
