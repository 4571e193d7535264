import type { ChannelAdapter } from '@safenet/channels';
import type { Broadcast } from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { seedParents } from '../../testing/parents-fixture.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import type { DeliveryRow } from './delivery.tables.js';
import { own } from './delivery.tables.js';
import { overdueReceipts, planFallbacks, sweepOverdueReceipts } from './fallback.js';

// The receipt-timeout sweep: which sent deliveries it hands over to the next channel. It
// compares deadlines with the database's clock, so the tests set each deadline relative to
// that clock (`now() ± interval`) instead of waiting for one to pass.

const backends = await testBackends();
const RECIPIENTS = 4;

describe.each(backends)('receipt-timeout sweep on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: TestDispatchDeps;
  let orgId: string;
  let segmentId: string;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    deps = await testDispatchDeps(th, { throwErrors: true });
    ({ orgId, segmentId } = await seedParents(th, {
      name: 'Receipt timeout',
      count: RECIPIENTS,
      phonePrefix: '4',
      email: true,
    }));
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  const reporting: ChannelAdapter = {
    channel: 'sms',
    provider: 'timeout-test-provider',
    reportsDelivery: true,
    async send(message) {
      return { status: 'sent', providerMessageId: `timeout:${message.deliveryId}` };
    },
  };

  /** Sends a broadcast over SMS then email (a minute's receipt timeout); its SMS deliveries. */
  const sendBroadcast = async () => {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/broadcasts',
      headers: th.auth,
      payload: {
        orgId,
        segmentId,
        channels: ['sms', 'email'],
        content: { body: { en: 'Meeting on Friday' } },
        fallbackAfterSeconds: 60,
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    const broadcast = res.json<Broadcast>();
    await expandBroadcast(deps.expand, broadcast.id);
    await drainSendQueues({ ...deps, channels: overrideAdapter(deps.channels, reporting) });
    const rows = await th.hub.db
      .selectFrom('deliveries')
      .selectAll()
      .where('broadcast_id', '=', broadcast.id)
      .orderBy('id')
      .execute();
    expect(rows.map((row) => row.status)).toEqual(Array(RECIPIENTS).fill('sent'));
    return rows;
  };

  /** Sets a delivery's deadline `seconds` from the database's now (negative: passed). */
  const dueIn = (id: string, seconds: number) =>
    sql`update deliveries
        set receipt_due_at = now() + make_interval(secs => ${seconds}::double precision)
        where id = ${id}::uuid`.execute(th.hub.db);
  const fallbacksOf = async (ids: readonly string[]) =>
    (
      await th.hub.db
        .selectFrom('deliveries')
        .select(['fallback_from', 'channel', 'status'])
        .where('fallback_from', 'in', ids)
        .execute()
    ).map((row) => ({ from: row.fallback_from, channel: row.channel, status: row.status }));

  it.runIf(run)(
    'hands over the overdue sent deliveries once: not the ones not due, delivered or handed over',
    async () => {
      const [due, notDue, delivered, handedOver] = (await sendBroadcast()).map((r) => r.id) as [
        string,
        string,
        string,
        string,
      ];
      await dueIn(due, -1);
      await dueIn(delivered, -1);
      await dueIn(handedOver, -1);
      await th.hub.db
        .updateTable('deliveries')
        .set({ status: 'delivered' })
        .where('id', '=', delivered)
        .execute();
      await th.hub.db
        .updateTable('deliveries')
        .set({ fallback_at: new Date() })
        .where('id', '=', handedOver)
        .execute();
      const all = [due, notDue, delivered, handedOver];

      expect((await overdueReceipts(own(th.hub.db), 500)).map((row) => row.id)).toEqual([due]);
      expect(await sweepOverdueReceipts(deps)).toBe(1);
      expect(await fallbacksOf(all)).toEqual([{ from: due, channel: 'email', status: 'queued' }]);
      const after = await th.hub.db
        .selectFrom('deliveries')
        .select(['status', 'fallback_at'])
        .where('id', '=', due)
        .executeTakeFirstOrThrow();
      // It keeps waiting for its receipt: a late one still moves it.
      expect(after.status).toBe('sent');
      expect(after.fallback_at).not.toBeNull();

      // Once only; and the one not due goes when its deadline passes.
      expect(await overdueReceipts(own(th.hub.db), 500)).toEqual([]);
      expect(await sweepOverdueReceipts(deps)).toBe(0);
      await dueIn(notDue, -1);
      expect(await sweepOverdueReceipts(deps)).toBe(1);
      expect((await fallbacksOf(all)).map((row) => row.from).sort()).toEqual([due, notDue].sort());
    },
  );

  it.runIf(run)('takes the oldest deadlines first, at most `limit`', async () => {
    const ids = (await sendBroadcast()).map((r) => r.id);
    for (const [i, id] of ids.entries()) await dueIn(id, -10 + i);
    expect((await overdueReceipts(own(th.hub.db), 2)).map((row) => row.id)).toEqual(
      ids.slice(0, 2),
    );
    expect(await sweepOverdueReceipts(deps, 2)).toBe(2);
    expect((await overdueReceipts(own(th.hub.db), 500)).map((row) => row.id)).toEqual(ids.slice(2));
    expect(await sweepOverdueReceipts(deps)).toBe(RECIPIENTS - 2);
  });

  it.runIf(run)(
    'the claim re-checks: selected as overdue, then delivered or not due, is not handed over',
    async () => {
      // What the sweep selected can change before its claim (a receipt in between): the
      // claim itself must re-check status and deadline, not trust the selection.
      const [delivered, notDue] = (await sendBroadcast()) as [DeliveryRow, DeliveryRow];
      await dueIn(delivered.id, -1);
      await th.hub.db
        .updateTable('deliveries')
        .set({ status: 'delivered' })
        .where('id', '=', delivered.id)
        .execute();
      const planned = await th.hub.db
        .transaction()
        .execute((trx) =>
          planFallbacks(own(trx), deps.boss, [delivered, notDue], { receiptTimeout: true }),
        );
      expect(planned).toEqual([]);
      expect(await fallbacksOf([delivered.id, notDue.id])).toEqual([]);
      const claimed = await th.hub.db
        .selectFrom('deliveries')
        .select('fallback_at')
        .where('id', 'in', [delivered.id, notDue.id])
        .execute();
      expect(claimed.map((row) => row.fallback_at)).toEqual([null, null]);
    },
  );
});
