import type { ChannelAdapter } from '@safenet/channels';
import {
  type ApiKeyCreated,
  type Broadcast,
  type DeliveryDetail,
  SafenetError,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { seedParents } from '../../testing/parents-fixture.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import { applyWebhookEvents } from './receipts.js';

// `GET /v1/deliveries/:id`: a delivery, its fallback chain and the history the database's
// triggers wrote (migration 015). Sends are driven by hand through the real send worker, with
// an SMS adapter that either accepts (and the test then plays the provider's receipts) or
// refuses the address (and the recipient falls back to email, captured without SMTP).

const backends = await testBackends();

describe.each(backends)('one delivery and its history on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: TestDispatchDeps;
  let orgId: string;
  let segmentId: string;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    deps = await testDispatchDeps(th, { throwErrors: true });
    ({ orgId, segmentId } = await seedParents(th, {
      name: 'Delivery history',
      count: 2,
      phonePrefix: '7',
      email: true,
    }));
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  const accepting: ChannelAdapter = {
    channel: 'sms',
    provider: 'history-test-provider',
    reportsDelivery: true,
    async send(message) {
      return { status: 'sent', providerMessageId: `history:${message.deliveryId}` };
    },
  };
  const refusing: ChannelAdapter = {
    channel: 'sms',
    provider: 'history-test-provider',
    async send() {
      throw new SafenetError('provider_rejected', 'not a mobile number', {
        reason: 'invalid_address',
        aboutRecipient: true,
      });
    },
  };

  /** Sends a broadcast over SMS then email through `adapter`; its deliveries' ids, SMS first. */
  const send = async (adapter: ChannelAdapter) => {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/broadcasts',
      headers: th.auth,
      payload: {
        orgId,
        segmentId,
        channels: ['sms', 'email'],
        content: { body: { en: 'Parent meeting on Friday' } },
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    const broadcast = res.json<Broadcast>();
    await expandBroadcast(deps.expand, broadcast.id);
    await drainSendQueues({ ...deps, channels: overrideAdapter(deps.channels, adapter) });
    const rows = await th.hub.db
      .selectFrom('deliveries')
      .selectAll()
      .where('broadcast_id', '=', broadcast.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return { broadcastId: broadcast.id, rows };
  };

  const get = (id: string, headers: Record<string, string> = th.auth) =>
    th.hub.app.inject({ method: 'GET', url: `/v1/deliveries/${id}`, headers });

  const detail = async (id: string) => {
    const res = await get(id);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DeliveryDetail>();
  };

  const moves = (d: DeliveryDetail) =>
    d.history.map((e) => [e.channel, e.previousStatus, e.status, e.attempts, e.reason]);

  it.runIf(run)('a sent, then delivered, then read delivery has those moves in order', async () => {
    const { rows } = await send(accepting);
    const sms = rows[0];
    if (!sms) throw new Error('no delivery');
    const receipt = (status: 'delivered' | 'read') =>
      applyWebhookEvents(deps, 'sms', {
        statuses: [{ providerMessageId: `history:${sms.id}`, status, at: new Date() }],
        inbound: [],
      });
    await receipt('delivered');
    await receipt('read');
    // A replayed receipt changes nothing, so it is no move.
    await receipt('read');

    const d = await detail(sms.id);
    expect(d.delivery).toMatchObject({ id: sms.id, channel: 'sms', status: 'read', attempts: 1 });
    expect(d.chain.map((c) => c.id)).toEqual([sms.id]);
    expect(moves(d)).toEqual([
      ['sms', null, 'queued', 0, null],
      // The attempt counts when the send is claimed.
      ['sms', 'queued', 'sending', 1, null],
      ['sms', 'sending', 'sent', 1, null],
      ['sms', 'sent', 'delivered', 1, null],
      ['sms', 'delivered', 'read', 1, null],
    ]);
    expect(d.history.slice(2).map((e) => e.providerMessageId)).toEqual(
      Array(3).fill(`history:${sms.id}`),
    );
    const times = d.history.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it.runIf(run)('a failed delivery that falls back shows the fallback in both', async () => {
    const { rows } = await send(refusing);
    const sms = rows.find((r) => r.channel === 'sms');
    const email = rows.find((r) => r.channel === 'email' && r.contact_id === sms?.contact_id);
    if (!sms || !email) throw new Error(`no fallback: ${JSON.stringify(rows)}`);
    expect(email.fallback_from).toBe(sms.id);

    const fromEmail = await detail(email.id);
    expect(fromEmail.delivery.id).toBe(email.id);
    expect(fromEmail.chain.map((c) => [c.channel, c.status])).toEqual([
      ['sms', 'failed'],
      ['email', email.status],
    ]);
    expect(moves(fromEmail)).toEqual([
      ['sms', null, 'queued', 0, null],
      ['sms', 'queued', 'sending', 1, null],
      ['sms', 'sending', 'failed', 1, 'invalid_address'],
      ['email', null, 'queued', 0, null],
      ['email', 'queued', 'sending', 1, null],
      ['email', 'sending', email.status, email.attempts, email.reason],
    ]);
    // The source shows the same chain and history: the recipient's story either way.
    const fromSms = await detail(sms.id);
    expect(fromSms.delivery.id).toBe(sms.id);
    expect(fromSms.chain).toEqual(fromEmail.chain);
    expect(fromSms.history).toEqual(fromEmail.history);
  });

  it.runIf(run)('a delivery of another organisation is 404, as is one that never was', async () => {
    const { rows } = await send(accepting);
    const other = await seedParents(th, {
      name: 'Another association',
      count: 1,
      phonePrefix: '8',
    });
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/api-keys',
      headers: th.auth,
      payload: { orgId: other.orgId, name: 'other reader', scopes: ['read'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const otherAuth = { authorization: `Bearer ${res.json<ApiKeyCreated>().secret}` };
    const id = rows[0]?.id as string;

    expectProblem(await get(id, otherAuth), 404, 'not_found');
    expectProblem(await get('0190a000-0000-7000-8000-000000000000'), 404, 'not_found');
    expectProblem(await get('not-a-uuid'), 400, 'validation_failed');
    // It exists: an organisation above it reads it.
    expect((await get(id)).statusCode).toBe(200);
  });

  it.runIf(run)('the history goes with the deliveries of a broadcast or a contact', async () => {
    const first = await send(refusing);
    const second = await send(refusing);
    const eventsOf = (ids: readonly string[]) =>
      th.hub.db
        .selectFrom('delivery_events')
        .select('delivery_id')
        .where('delivery_id', 'in', ids)
        .execute();
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    expect((await eventsOf(ids(first.rows))).length).toBeGreaterThan(first.rows.length);

    // What deleting a broadcast (or erasing a contact) would do to its deliveries — the hub
    // has no such path yet: their outbox copies and fallbacks first, which point at them.
    const deleteWhere = async (column: 'broadcast_id' | 'contact_id', value: string) => {
      await th.hub.db
        .deleteFrom('outbox_messages')
        .where('delivery_id', 'in', (q) =>
          q.selectFrom('deliveries').select('id').where(column, '=', value),
        )
        .execute();
      await th.hub.db
        .deleteFrom('deliveries')
        .where(column, '=', value)
        .where('fallback_from', 'is not', null)
        .execute();
      await th.hub.db.deleteFrom('deliveries').where(column, '=', value).execute();
    };
    await deleteWhere('broadcast_id', first.broadcastId);
    expect(await eventsOf(ids(first.rows))).toEqual([]);
    expectProblem(await get(first.rows[0]?.id as string), 404, 'not_found');

    const contactId = second.rows[0]?.contact_id as string;
    const ofContact = second.rows.filter((r) => r.contact_id === contactId);
    const others = second.rows.filter((r) => r.contact_id !== contactId);
    expect(others.length).toBeGreaterThan(0);
    await deleteWhere('contact_id', contactId);
    expect(await eventsOf(ids(ofContact))).toEqual([]);
    // The other recipients keep theirs.
    expect(new Set((await eventsOf(ids(others))).map((e) => e.delivery_id))).toEqual(
      new Set(ids(others)),
    );
  });
});
