import type { Broadcast, BroadcastProgress, Channel, DeliveryStatus } from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { testDispatchDeps } from '../../testing/dispatch-deps.js';
import { seedParents } from '../../testing/parents-fixture.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { hubDb } from '../database.js';
import { readProgress } from './progress.js';

describe.each(await testBackends())('broadcast counts on $name', ({ database, run }) => {
  let th: TestHub;
  let broadcastId: string;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
    const deps = await testDispatchDeps(th);
    const { orgId, segmentId } = await seedParents(th, {
      name: 'Counted parents',
      count: 30,
      phonePrefix: '7',
    });
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/broadcasts',
      headers: th.auth,
      payload: { orgId, segmentId, channels: ['sms'], content: { body: { en: 'Meeting' } } },
    });
    expect(res.statusCode, res.body).toBe(202);
    broadcastId = res.json<Broadcast>().id;
    await expandBroadcast(deps.expand, broadcastId);
  });
  afterAll(() => th?.close());

  /** The counts as a scan of the deliveries gives them: what the kept counts must equal. */
  const scanned = async (): Promise<Omit<BroadcastProgress, 'status' | 'expanded'>> => {
    const { rows } = await sql<{ status: DeliveryStatus; n: number; fallbacks: number }>`
      select status, count(*)::int as n, count(fallback_from)::int as fallbacks
      from deliveries where broadcast_id = ${broadcastId} group by status`.execute(th.hub.db);
    const { rows: byChannel } = await sql<{ channel: Channel; status: DeliveryStatus; n: number }>`
      select channel, status, count(*)::int as n from deliveries
      where broadcast_id = ${broadcastId} group by channel, status`.execute(th.hub.db);
    const channels: BroadcastProgress['channels'] = {};
    for (const row of byChannel)
      channels[row.channel] = { ...channels[row.channel], [row.status]: row.n };
    const { rows: people } = await sql<{ recipients: number }>`
      select count(distinct contact_id)::int as recipients from deliveries
      where broadcast_id = ${broadcastId}`.execute(th.hub.db);
    const { rows: waiting } = await sql<{ deferred: number }>`
      select count(*)::int as deferred from deliveries
      where broadcast_id = ${broadcastId} and deferred_until is not null
        and status in ('queued', 'sending')`.execute(th.hub.db);
    return {
      broadcastId,
      total: rows.reduce((sum, row) => sum + row.n, 0),
      recipients: people[0]?.recipients ?? 0,
      fallbacks: rows.reduce((sum, row) => sum + row.fallbacks, 0),
      deferred: waiting[0]?.deferred ?? 0,
      counts: Object.fromEntries(rows.map((row) => [row.status, row.n])),
      channels,
    };
  };
  const kept = async () => {
    const {
      status: _status,
      expanded: _expanded,
      ...counts
    } = await readProgress(share(th.hub.db), broadcastId);
    return counts;
  };
  const ids = async (status: DeliveryStatus, limit: number) =>
    (
      await th.hub.db
        .selectFrom('deliveries')
        .select('id')
        .where('broadcast_id', '=', broadcastId)
        .where('status', '=', status)
        .orderBy('id')
        .limit(limit)
        .execute()
    ).map((row) => row.id);

  it.runIf(run)(
    'keeps the counts a scan gives through moves, fallbacks, deletes and rollbacks',
    async () => {
      const { db } = th.hub;
      expect(await kept()).toEqual({
        broadcastId,
        total: 30,
        recipients: 30,
        fallbacks: 0,
        deferred: 0,
        counts: { queued: 30 },
        channels: { sms: { queued: 30 } },
      });

      const setStatus = (status: DeliveryStatus, which: string[]) =>
        db.updateTable('deliveries').set({ status }).where('id', 'in', which).execute();
      await setStatus('sending', await ids('queued', 12));
      await setStatus('sent', await ids('sending', 8));
      await setStatus('failed', await ids('sending', 3));
      // An update that moves nothing between statuses changes no count.
      await db
        .updateTable('deliveries')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('broadcast_id', '=', broadcastId)
        .execute();
      // The failed ones handed over to email: new deliveries for the same recipients.
      await sql`
        insert into deliveries (id, broadcast_id, org_id, contact_id, channel, language, status,
                                attempts, fallback_from)
        select gen_random_uuid(), broadcast_id, org_id, contact_id, 'email', language, 'queued',
               0, id
        from deliveries where broadcast_id = ${broadcastId} and status = 'failed'`.execute(db);
      // One statement moving rows from several statuses to one.
      await sql`update deliveries set status = 'cancelled'
                where broadcast_id = ${broadcastId} and status in ('queued', 'sending')
                  and channel = 'sms' and id in (
                    select id from deliveries where broadcast_id = ${broadcastId}
                      and status in ('queued', 'sending') and channel = 'sms'
                    order by id limit 5)`.execute(db);
      await expect(
        db.transaction().execute(async (trx) => {
          await trx
            .updateTable('deliveries')
            .set({ status: 'delivered' })
            .where('broadcast_id', '=', broadcastId)
            .where('status', '=', 'sent')
            .execute();
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await db
        .deleteFrom('deliveries')
        .where('id', 'in', await ids('cancelled', 2))
        .execute();

      const expected = await scanned();
      expect(expected.fallbacks).toBe(3);
      expect(expected.total).toBe(31);
      expect(Object.keys(expected.channels).sort()).toEqual(['email', 'sms']);
      expect(await kept()).toEqual(expected);
    },
  );

  it.runIf(run)(
    'lets two connections move deliveries of one broadcast without waiting for each other',
    async () => {
      const other = await openSecondStore(th);
      try {
        const [mine, theirs] = [await ids('queued', 2), (await ids('queued', 4)).slice(2)];
        expect(theirs).toHaveLength(2);
        const before = await kept();
        let release = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let moved = () => {};
        const theyMoved = new Promise<void>((resolve) => {
          moved = resolve;
        });
        // The other connection moves its deliveries and keeps its transaction open…
        const open = hubDb(other)
          .transaction()
          .execute(async (trx) => {
            await trx
              .updateTable('deliveries')
              .set({ status: 'sending' })
              .where('id', 'in', theirs)
              .execute();
            moved();
            await held;
          });
        await theyMoved;
        // …while this one moves others of the same broadcast: a shared counter row would make it
        // wait for that commit, and the lock timeout would end it.
        try {
          await th.hub.db.transaction().execute(async (trx) => {
            await sql`set local lock_timeout = '1s'`.execute(trx);
            await trx
              .updateTable('deliveries')
              .set({ status: 'sending' })
              .where('id', 'in', mine)
              .execute();
          });
        } finally {
          release();
          await open;
        }
        const after = await kept();
        expect(after.counts.sending).toBe((before.counts.sending ?? 0) + 4);
        expect(after.counts.queued).toBe((before.counts.queued ?? 0) - 4);
        expect(after).toEqual(await scanned());
      } finally {
        await other.close();
      }
    },
  );
});
