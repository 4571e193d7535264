import type { ChannelAdapter, OutgoingMessage, StatusUpdate } from '@safenet/channels';
import type { Broadcast, StreamEvent } from '@safenet/core';
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
import type { DispatchDeps } from './delivery.deps.js';
import { sweepOverdueReceipts } from './fallback.js';
import type { InterleavePoint } from './interleave.js';
import { applyWebhookEvents } from './receipts.js';

// The races between a provider's receipt, the send batch that records the message and the
// receipt-timeout sweep (issue 8). Each test plays one interleaving on purpose: the other
// side runs inside an `interleave` hook at the point where, in production, another request
// or process can come in. No timing, no luck: the hook decides the order.

const backends = await testBackends();
const RECIPIENTS = 3;

describe.each(backends)('receipt races on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: TestDispatchDeps;
  let orgId: string;
  let segmentId: string;
  const events: StreamEvent[] = [];

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    deps = await testDispatchDeps(th, { throwErrors: true });
    ({ orgId, segmentId } = await seedParents(th, {
      name: 'Receipt races',
      count: RECIPIENTS,
      phonePrefix: '3',
      email: true,
    }));
    th.hub.bus.subscribe(orgId, ({ event }) => events.push(event));
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  /** The message id the test provider gives a delivery's message. */
  const messageIdOf = (deliveryId: string) => `race:${deliveryId}`;

  /** An SMS provider that reports delivery; `before` runs inside each send. */
  const provider = (before?: (message: OutgoingMessage) => Promise<void>): ChannelAdapter => ({
    channel: 'sms',
    provider: 'race-test-provider',
    reportsDelivery: true,
    async send(message) {
      await before?.(message);
      return { status: 'sent', providerMessageId: messageIdOf(message.deliveryId) };
    },
  });

  /** Plans a broadcast over SMS then email; answers its SMS delivery ids. */
  const planBroadcast = async (fallbackAfterSeconds?: number): Promise<string[]> => {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/broadcasts',
      headers: th.auth,
      payload: {
        orgId,
        segmentId,
        channels: ['sms', 'email'],
        content: { body: { en: 'Meeting on Friday' } },
        ...(fallbackAfterSeconds === undefined ? {} : { fallbackAfterSeconds }),
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    const broadcast = res.json<Broadcast>();
    await expandBroadcast(deps.expand, broadcast.id);
    const rows = await th.hub.db
      .selectFrom('deliveries')
      .select('id')
      .where('broadcast_id', '=', broadcast.id)
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(RECIPIENTS);
    return rows.map((row) => row.id);
  };

  /**
   * A receipt deadline that has passed as soon as the send is recorded: only the order of
   * the steps then keeps a delivered message from falling back, as when a slow batch holds
   * its recording back past the broadcast's timeout. (The API's minimum is 1 second.)
   */
  const expireAtOnce = (deliveryIds: readonly string[]) =>
    sql`update broadcasts set fallback_after_seconds = 0 where id = (
          select broadcast_id from deliveries where id = ${deliveryIds[0]}::uuid)`.execute(
      th.hub.db,
    );

  /** Runs every due send job through `adapter`, with `more` in the deps (a hook). */
  const drain = async (adapter: ChannelAdapter, more: Partial<DispatchDeps> = {}) => {
    const results = await drainSendQueues({
      ...deps,
      ...more,
      channels: overrideAdapter(deps.channels, adapter),
    });
    expect(results.filter((r) => r.status !== 'completed')).toEqual([]);
  };

  const receipt = (
    on: DispatchDeps,
    deliveryId: string,
    status: StatusUpdate['status'] = 'delivered',
  ) =>
    applyWebhookEvents(on, 'sms', {
      statuses: [{ providerMessageId: messageIdOf(deliveryId), status, at: new Date() }],
      inbound: [],
    });

  /** A hook that runs `work` the first time the path reaches `point`. */
  const at = (point: InterleavePoint, work: () => Promise<unknown>) => {
    let reached = false;
    const interleave = async (p: InterleavePoint) => {
      if (p !== point || reached) return;
      reached = true;
      await work();
    };
    return { interleave, reached: () => reached };
  };

  const statusOf = async (deliveryId: string) =>
    (
      await th.hub.db
        .selectFrom('deliveries')
        .select('status')
        .where('id', '=', deliveryId)
        .executeTakeFirstOrThrow()
    ).status;
  const parked = (deliveryId: string) =>
    th.hub.db
      .selectFrom('pending_receipts')
      .selectAll()
      .where('provider_message_id', '=', messageIdOf(deliveryId))
      .execute();
  const fallbacksOf = (deliveryId: string) =>
    th.hub.db
      .selectFrom('deliveries')
      .select('id')
      .where('fallback_from', '=', deliveryId)
      .execute();
  const updates = (deliveryId: string, status: string) =>
    events.filter(
      (e) =>
        e.type === 'delivery.updated' &&
        e.data.deliveryId === deliveryId &&
        e.data.status === status,
    ).length;

  it.runIf(run)(
    'a receipt parked just after the send batch looked for parked receipts is applied',
    async () => {
      // The webhook finds no delivery for the id; the whole batch records its sends and
      // looks for parked receipts (none yet); then the webhook parks the receipt. Before
      // issue 8 it stayed parked and the delivery `sent` for good.
      const [id] = (await planBroadcast()) as [string];
      const hook = at('receipt:looked-up', () => drain(provider()));
      await receipt({ ...deps, interleave: hook.interleave }, id);
      expect(hook.reached()).toBe(true);
      expect(await statusOf(id)).toBe('delivered');
      expect(await parked(id)).toEqual([]);
      await th.hub.bus.caughtUp();
      expect(updates(id, 'delivered')).toBe(1);
    },
  );

  it.runIf(run)(
    'a receipt parked just before the send batch records its sends is applied once',
    async () => {
      // The batch's transaction claims the parked receipt; the webhook's second look finds
      // the delivery but nothing left to claim.
      const [id] = (await planBroadcast()) as [string];
      const hook = at('receipt:parked', () => drain(provider()));
      await receipt({ ...deps, interleave: hook.interleave }, id);
      expect(hook.reached()).toBe(true);
      expect(await statusOf(id)).toBe('delivered');
      expect(await parked(id)).toEqual([]);
      await th.hub.bus.caughtUp();
      expect(updates(id, 'delivered')).toBe(1);
    },
  );

  it.runIf(run)(
    'a receipt parked while the send batch’s transaction is open is applied after it commits',
    async () => {
      // The webhook runs whole while the batch has recorded its sends and claimed parked
      // receipts but not committed: the webhook sees no delivery for the id (uncommitted)
      // and parks; the batch did not see that receipt (parked after its claim). The batch's
      // second claim, after its commit, must pick it up.
      const [id] = (await planBroadcast()) as [string];
      const hook = at('settle:claimed', () => receipt(deps, id));
      await drain(provider(), { interleave: hook.interleave });
      expect(hook.reached()).toBe(true);
      expect(await statusOf(id)).toBe('delivered');
      expect(await parked(id)).toEqual([]);
      await th.hub.bus.caughtUp();
      expect(updates(id, 'delivered')).toBe(1);
    },
  );

  it.runIf(run)(
    'a send batch’s events are in the log the moment its transaction commits',
    async () => {
      // A worker killed right after the commit (the kill-a-worker test found one that was)
      // must have told the stream and the webhooks already: the events are the commit's.
      const ids = await planBroadcast();
      let logged = -1;
      const hook = at('settle:committed', async () => {
        const rows = await th.hub.db
          .selectFrom('events')
          .select('id')
          .where('type', '=', 'delivery.updated')
          .where(sql<boolean>`event->'data'->>'deliveryId' in (${sql.join(ids)})`)
          .where(sql<boolean>`event->'data'->>'status' = 'sent'`)
          .execute();
        logged = rows.length;
      });
      await drain(provider(), { interleave: hook.interleave });
      expect(hook.reached()).toBe(true);
      expect(logged).toBe(RECIPIENTS);
    },
  );

  it.runIf(run)(
    'the sweep never finds a recorded send whose receipt came first still `sent`',
    async () => {
      // The double notification: the provider reports `delivered` while the batch is
      // still sending, so the receipt is parked; the deadline has already passed when the
      // batch records the send; the sweep runs as soon as the recording is visible.
      const ids = await planBroadcast(1);
      const [id] = ids as [string];
      await expireAtOnce(ids);
      const earlyReceipt = provider(async (message) => {
        if (message.deliveryId === id) await receipt(deps, id);
      });
      let handedOver = -1;
      const hook = at('settle:committed', async () => {
        handedOver = await sweepOverdueReceipts(deps);
      });
      await drain(earlyReceipt, { interleave: hook.interleave });
      expect(hook.reached()).toBe(true);
      expect(await statusOf(id)).toBe('delivered');
      expect(await fallbacksOf(id)).toEqual([]);
      // The other recipients got no receipt: their deadline passed, so they fall back.
      expect(handedOver).toBe(RECIPIENTS - 1);
    },
  );

  it.runIf(run)(
    'the sweep does not hand over a delivery that was delivered after it looked',
    async () => {
      const ids = await planBroadcast(1);
      const [id] = ids as [string];
      await expireAtOnce(ids);
      await drain(provider());
      expect(await statusOf(id)).toBe('sent');
      const hook = at('sweep:selected', () => receipt(deps, id));
      const handedOver = await sweepOverdueReceipts({ ...deps, interleave: hook.interleave });
      expect(hook.reached()).toBe(true);
      expect(await statusOf(id)).toBe('delivered');
      expect(await fallbacksOf(id)).toEqual([]);
      expect(handedOver).toBe(RECIPIENTS - 1);
    },
  );

  it.runIf(run)('the receipt deadline starts when the send is recorded', async () => {
    // One batch: every send returns at once but the last, which waits for the test. The
    // deadline of the early ones must count from the recording, after the wait — not from
    // when their provider answered.
    const ids = await planBroadcast(1);
    const [first] = ids as [string];
    const last = ids.at(-1) as string;
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let firstAnswered = () => {};
    const answered = new Promise<void>((resolve) => {
      firstAnswered = resolve;
    });
    const sending = drain(
      provider(async (message) => {
        if (message.deliveryId === last) await held;
        if (message.deliveryId === first) queueMicrotask(firstAnswered);
      }),
    );
    await answered;
    // Let the worker finish with the first answer, then wait for the database clock to
    // pass the worker's clock: the recording is then strictly later than the answer.
    await new Promise((resolve) => setImmediate(resolve));
    const answeredAt = Date.now();
    let before: Date;
    do {
      before = (await sql<{ now: Date }>`select now() as now`.execute(th.hub.db)).rows[0]
        ?.now as Date;
    } while (before.getTime() <= answeredAt);
    release();
    await sending;
    const row = await th.hub.db
      .selectFrom('deliveries')
      .select(['status', 'receipt_due_at', 'updated_at'])
      .where('id', '=', first)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(row.receipt_due_at?.getTime()).toBeGreaterThanOrEqual(before.getTime() + 1000);
    expect(row.receipt_due_at?.getTime()).toBe(row.updated_at.getTime() + 1000);
  });
});
