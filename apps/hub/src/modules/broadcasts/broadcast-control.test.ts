import type { ChannelAdapter } from '@safenet/channels';
import {
  applyStatus,
  type Broadcast,
  type BroadcastInput,
  type Consents,
  DELIVERY_STATUSES,
  type DeliveryReason,
  SafenetError,
  type StreamEvent,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { drainSendQueues, testDispatchDeps } from '../../testing/dispatch-deps.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { overrideAdapter } from '../channels/index.js';
import type { DeliveryRow } from '../delivery/index.js';
import {
  applyWebhookEvents,
  insertSendJobs,
  readProgress,
  settleDelivery,
} from '../delivery/index.js';
import { expandBroadcast } from './expand.worker.js';

// The hub runs with its workers off; each test plans and sends by calling the workers'
// functions itself, so it can change the world between planning and sending.

const backends = await testBackends();

describe.each(backends)('broadcast control on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: Awaited<ReturnType<typeof testDispatchDeps>>;
  /** The events logged for the ministry's subtree: read from the log, not a live listener. */
  const loggedEvents = async (): Promise<StreamEvent[]> =>
    (await th.hub.bus.replay(th.seed.ministryId, '0')).map((logged) => logged.event);

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    deps = await testDispatchDeps(th);
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  const post = (url: string, payload?: BroadcastInput) =>
    th.hub.app.inject({ method: 'POST', url, headers: th.auth, ...(payload ? { payload } : {}) });

  /** Creates a broadcast to all parents over email, then websocket, and plans it. */
  const createAndPlan = async (plan = true) => {
    const res = await post('/v1/broadcasts', {
      orgId: th.seed.ministryId,
      segmentId: th.seed.segmentIds.allParents,
      channels: ['email', 'websocket'],
      content: { recommendationId: th.seed.recommendationIds[0] as string },
      variables: { hotline: '111' },
    });
    expect(res.statusCode, res.body).toBe(202);
    const broadcast = res.json<Broadcast>();
    if (plan) await expandBroadcast(deps.expand, broadcast.id);
    return broadcast;
  };

  /** Runs the send worker over every queued send job, as pg-boss would hand them over. */
  const drainSendQueue = async () => {
    const results = await drainSendQueues(deps);
    expect(results.filter((result) => result.status !== 'completed')).toEqual([]);
    await deps.progress.flush();
    expect(deps.errors).toEqual([]);
  };

  /** Drains the send queue with `adapter` serving its channel instead of the configured one. */
  const drainSendQueueWith = async (adapter: ChannelAdapter) => {
    const original = deps.channels;
    deps.channels = overrideAdapter(original, adapter);
    try {
      await drainSendQueue();
    } finally {
      deps.channels = original;
    }
  };

  const deliveriesOf = async (broadcastId: string) =>
    new Map(
      (
        await th.hub.db
          .selectFrom('deliveries')
          .selectAll()
          .where('broadcast_id', '=', broadcastId)
          .execute()
      ).map((d) => [d.id, d]),
    );

  const revoke = async (contactId: string, channel: 'email' | 'websocket') => {
    const { db } = th.hub;
    const row = await db
      .selectFrom('contacts')
      .select('consents')
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
    const consents: Consents = {
      ...row.consents,
      [channel]: { status: 'revoked', source: 'STOP reply', at: new Date().toISOString() },
    };
    await db
      .updateTable('contacts')
      .set({ consents: JSON.stringify(consents) })
      .where('id', '=', contactId)
      .execute();
  };

  it.runIf(run)(
    'suppresses deliveries whose consent was revoked, or whose contact was deleted, after planning',
    async () => {
      const broadcast = await createAndPlan();
      const planned = await deliveriesOf(broadcast.id);
      const queued = [...planned.values()].filter((d) => d.status === 'queued');
      const byEmail = queued.find((d) => d.channel === 'email');
      const byWebsocket = queued.find((d) => d.channel === 'websocket');
      const erased = queued.find((d) => d.channel === 'email' && d.id !== byEmail?.id);
      if (!byEmail || !byWebsocket || !erased) throw new Error('the demo data changed');

      await revoke(byEmail.contact_id, 'email');
      await revoke(byWebsocket.contact_id, 'websocket');
      await th.hub.db.deleteFrom('contacts').where('id', '=', erased.contact_id).execute();
      await drainSendQueue();

      const sent = await deliveriesOf(broadcast.id);
      expect(sent.get(byEmail.id)).toMatchObject({ status: 'suppressed', reason: 'opted_out' });
      expect(sent.get(byWebsocket.id)).toMatchObject({
        status: 'suppressed',
        reason: 'opted_out',
      });
      expect(sent.get(erased.id)).toMatchObject({
        status: 'suppressed',
        reason: 'contact_deleted',
      });
      const special = new Set([byEmail.id, byWebsocket.id, erased.id]);
      for (const delivery of queued.filter((d) => !special.has(d.id))) {
        expect(sent.get(delivery.id)?.status).toBe(
          delivery.channel === 'email' ? 'captured' : 'sent',
        );
      }
      const outbox = await th.hub.db
        .selectFrom('outbox_messages')
        .select('delivery_id')
        .where('delivery_id', 'in', [byEmail.id, erased.id])
        .execute();
      expect(outbox).toEqual([]);
      const inApp = (await loggedEvents()).filter(
        (e) => e.type === 'message' && e.data.broadcastId === broadcast.id,
      );
      expect(inApp.some((e) => e.type === 'message' && e.data.deliveryId === byWebsocket.id)).toBe(
        false,
      );
      expect(inApp.length).toBeGreaterThan(0);
      expect((await readProgress(share(th.hub.db), broadcast.id)).status).toBe('completed');
      expectProblem(
        await post(`/v1/broadcasts/${broadcast.id}/cancel`),
        409,
        'broadcast_not_cancellable',
      );
    },
  );

  it.runIf(run)(
    'cancels a planned broadcast: queued deliveries end cancelled, nothing is sent',
    async () => {
      const broadcast = await createAndPlan();
      const planned = await deliveriesOf(broadcast.id);
      const queued = [...planned.values()].filter((d) => d.status === 'queued');
      expect(queued.length).toBeGreaterThan(0);

      const res = await post(`/v1/broadcasts/${broadcast.id}/cancel`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Broadcast>().status).toBe('cancelled');
      const cancelled = await deliveriesOf(broadcast.id);
      for (const [id, before] of planned) {
        expect(cancelled.get(id), `delivery ${id}`).toMatchObject(
          before.status === 'queued'
            ? { status: 'cancelled', reason: 'broadcast_cancelled' }
            : { status: before.status, reason: before.reason },
        );
      }

      // The send jobs still run; they find nothing to send.
      await drainSendQueue();
      expect(await deliveriesOf(broadcast.id)).toEqual(cancelled);
      const outbox = await th.hub.db
        .selectFrom('outbox_messages')
        .select('id')
        .where(
          'delivery_id',
          'in',
          queued.map((d) => d.id),
        )
        .execute();
      expect(outbox).toEqual([]);
      expect(
        (await loggedEvents()).filter(
          (e) => e.type === 'message' && e.data.broadcastId === broadcast.id,
        ),
      ).toEqual([]);
      expect((await readProgress(share(th.hub.db), broadcast.id)).status).toBe('cancelled');

      expectProblem(
        await post(`/v1/broadcasts/${broadcast.id}/cancel`),
        409,
        'broadcast_not_cancellable',
        /cancelled/,
      );
    },
  );

  it.runIf(run)('only ever moves a delivery forward in the database', async () => {
    const { db } = th.hub;
    const broadcast = await createAndPlan(false);
    const orgPath = await deps.orgPathOf(broadcast.orgId);
    const delivery: DeliveryRow = {
      id: uuidv7(),
      broadcast_id: broadcast.id,
      org_id: broadcast.orgId,
      contact_id: uuidv7(),
      channel: 'email',
      language: 'ru',
      status: 'queued',
      reason: null,
      provider_message_id: null,
      attempts: 0,
      fallback_from: null,
      fallback_at: null,
      receipt_due_at: null,
      deferred_until: null,
      deferred_reason: null,
      quiet_hours_overridden: false,
      content_version_id: null,
      created_at: new Date(),
      updated_at: new Date(),
      price: null,
      price_unit: null,
      pricing: null,
    };
    await db.insertInto('deliveries').values(delivery).execute();
    const statusNow = async () =>
      (
        await db
          .selectFrom('deliveries')
          .select('status')
          .where('id', '=', delivery.id)
          .executeTakeFirstOrThrow()
      ).status;

    for (const from of DELIVERY_STATUSES) {
      for (const to of DELIVERY_STATUSES) {
        await db
          .updateTable('deliveries')
          .set({ status: from })
          .where('id', '=', delivery.id)
          .execute();
        await settleDelivery(deps, delivery, orgPath, { status: to });
        expect(await statusNow(), `${from} → ${to}`).toBe(applyStatus(from, to));
      }
    }

    // The cases that matter most, spelled out: a sent message never goes back.
    await db
      .updateTable('deliveries')
      .set({ status: 'sent' })
      .where('id', '=', delivery.id)
      .execute();
    await settleDelivery(deps, delivery, orgPath, { status: 'sending' });
    await settleDelivery(deps, delivery, orgPath, { status: 'queued' });
    expect(await statusNow()).toBe('sent');

    // A replayed send job for a sent delivery neither sends again nor counts an attempt.
    await drainSendQueue();
    await insertSendJobs(th.hub.boss, [delivery]);
    await drainSendQueue();
    expect(
      await db
        .selectFrom('deliveries')
        .select(['status', 'attempts'])
        .where('id', '=', delivery.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ status: 'sent', attempts: 0 });
  });

  it.runIf(run)(
    'ends a permanent provider failure with the adapter’s reason when it is a known one',
    async () => {
      const broadcast = await createAndPlan();
      // An email provider that refuses every address: the first two with reasons the hub
      // knows, the rest with one it does not.
      let calls = 0;
      const refusing: ChannelAdapter = {
        channel: 'email',
        provider: 'refusing-test-provider',
        async send() {
          calls += 1;
          // The reason is typed; the cast stands in for an adapter written in JavaScript.
          const reason = (
            calls === 1 ? 'invalid_address' : calls === 2 ? 'opted_out' : 'no_such_reason'
          ) as DeliveryReason;
          throw new SafenetError('provider_rejected', 'refused', { reason, providerCode: '550' });
        },
      };
      await drainSendQueueWith(refusing);
      const reasons = [...(await deliveriesOf(broadcast.id)).values()]
        .filter((d) => d.channel === 'email' && d.status === 'failed')
        .map((d) => d.reason);
      expect(calls).toBeGreaterThan(2);
      expect(reasons).toHaveLength(calls);
      expect(reasons.filter((r) => r === 'invalid_address')).toHaveLength(1);
      expect(reasons.filter((r) => r === 'opted_out')).toHaveLength(1);
      expect(reasons.filter((r) => r === 'provider_rejected')).toHaveLength(calls - 2);
    },
  );

  it.runIf(run)('applies a receipt that arrived before its send was recorded', async () => {
    const broadcast = await createAndPlan();
    // The provider reports on its first message before the hub has written its id down.
    await applyWebhookEvents(deps, 'email', {
      statuses: [{ providerMessageId: 'early-1', status: 'delivered', at: new Date() }],
      inbound: [],
    });
    let calls = 0;
    const fast: ChannelAdapter = {
      channel: 'email',
      provider: 'fast-test-provider',
      async send() {
        calls += 1;
        return { status: 'sent', providerMessageId: `early-${calls}` };
      },
    };
    await drainSendQueueWith(fast);
    const email = [...(await deliveriesOf(broadcast.id)).values()].filter(
      (d) => d.channel === 'email',
    );
    expect(email.find((d) => d.provider_message_id === 'early-1')?.status).toBe('delivered');
    expect(email.filter((d) => d.status === 'sent')).toHaveLength(calls - 1);
    const parked = await th.hub.db.selectFrom('pending_receipts').selectAll().execute();
    expect(parked).toEqual([]);
  });
});
