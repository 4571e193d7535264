import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ZaloTokens } from '@safenet/channels';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import type { Store } from '../../platform/database/open-store.js';
import { share } from '../../platform/database/schema.js';
import { eventually } from '../../testing/eventually.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import { createChannelRegistry } from './channel-registry.js';
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

    it.runIf(run)('starts a process’s adapter from the stored pair when it is newer', async () => {
      // A ZNS endpoint on loopback that accepts anything and records the token it came with.
      const tokens: (string | string[] | undefined)[] = [];
      const zns = createServer((req, res) => {
        tokens.push(req.headers.access_token);
        req.resume().on('end', () => res.end(JSON.stringify({ error: 0, data: { msg_id: 'm1' } })));
      });
      await new Promise<void>((resolve) => zns.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(zns.address() as AddressInfo).port}`;
      try {
        const appId = String(randomInt(1e9, 2e9));
        const env = {
          SAFENET_ZALO_APP_ID: appId,
          SAFENET_ZALO_APP_SECRET: 'app-secret',
          SAFENET_ZALO_OA_SECRET_KEY: 'oa-secret-key',
          SAFENET_ZALO_ACCESS_TOKEN: 'access-configured',
          SAFENET_ZALO_REFRESH_TOKEN: 'refresh-configured',
          SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: new Date(Date.now() + 2 * HOUR).toISOString(),
          SAFENET_ZALO_TEMPLATES: 'vi=318822:noi_dung=body',
          SAFENET_ZALO_BUSINESS_API_URL: url,
        };
        const sendOnce = async () => {
          const registry = await createChannelRegistry(
            loadConfig({ ...th.env, ...env }),
            share(th.hub.db),
            th.hub.bus,
            async () => [],
          );
          await registry.adapterFor('zalo', []).send(
            {
              deliveryId: randomUUID(),
              broadcastId: randomUUID(),
              orgId: randomUUID(),
              contactId: randomUUID(),
              to: '+84912345678',
              language: 'vi',
              title: null,
              body: 'Họp phụ huynh thứ Bảy.',
            },
            { signal: new AbortController().signal, attempt: 1 },
          );
        };

        await sendOnce();
        // Another process renewed: its pair, stored, expires later than the configured one.
        await databaseZaloRenew(share(th.hub.db), appId)(
          async () => pair('stored', Date.now() + 25 * HOUR),
          pair('configured', Date.now() + 2 * HOUR),
        );
        await sendOnce();

        expect(tokens).toEqual(['access-configured', 'access-stored']);
      } finally {
        await new Promise((resolve) => zns.close(resolve));
      }
    });
  },
);
