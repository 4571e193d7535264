/**
 * Quiet hours in the send path, on both stores, with a hand-moved clock: a broadcast at 22:00
 * in Almaty (UTC+5) to recipients in Almaty and Ho Chi Minh City (UTC+7) waits, deferred, for
 * each one's own 08:00 — 01:00Z for Ho Chi Minh City, then 03:00Z for Almaty — spending no
 * attempt and taking no pacing slot; an urgent one goes at once and records the override; an
 * organisation without quiet hours (`null`) under the default sends at night; a province's
 * setting holds its schools' recipients to its hours.
 */
import type { ChannelAdapter, OutgoingMessage } from '@safenet/channels';
import type { Broadcast, BroadcastInput, Delivery, OrganisationDetail, Page } from '@safenet/core';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { DispatchClock, promoteDueSendJobs } from '../../testing/dispatch-clock.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import { type SendJob, sendQueue } from './delivery.queues.js';
import { readProgress } from './progress.js';
import { sendBatch } from './send.worker.js';

const HOUR = 3_600_000;
const ALMATY = 'Asia/Almaty';
const HO_CHI_MINH = 'Asia/Ho_Chi_Minh';

/** 17:00Z a few days ahead of the machine's clock: 22:00 in Almaty, midnight in Ho Chi Minh City. */
function eveningAhead(): number {
  const day = new Date(Date.now() + 3 * 24 * HOUR);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 17);
}

describe.each(await testBackends())('quiet hours on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: TestDispatchDeps;
  // Ahead of the database's clock, so that pg-boss hands out a job deferred to the morning
  // only when this clock has moved there (promoteDueSendJobs).
  const evening = eveningAhead();
  const clock = new DispatchClock(evening);
  /** What the test provider took, and when on the test clock. */
  const sent: { deliveryId: string; to: string; at: number }[] = [];
  const adapter: ChannelAdapter = {
    channel: 'sms',
    provider: 'quiet-hours-test',
    // Paced, so a send that reached pacing would leave a row in the shared pacing state.
    pacing: { perSecond: 1000 },
    async send(message: OutgoingMessage) {
      sent.push({ deliveryId: message.deliveryId, to: message.to, at: clock.now() });
      return { status: 'sent', providerMessageId: message.deliveryId };
    },
  };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({
      database,
      workers: false,
      env: { SAFENET_QUIET_HOURS: '21:00-08:00' },
    });
    const base = await testDispatchDeps(th, { now: clock.now });
    deps = { ...base, channels: overrideAdapter(base.channels, adapter) };
  });
  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  const request = async <T>(method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) => {
    const res = await th.hub.app.inject({
      method,
      url,
      headers: th.auth,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<T>();
  };

  let phones = 0;
  /** An organisation under `parentId` with parents in `zones` (one each) and a segment of them. */
  const orgWithParents = async (
    parentId: string,
    kind: 'province' | 'school',
    name: string,
    zones: string[] = [],
  ) => {
    const org = await request<{ id: string }>('POST', '/v1/organisations', {
      parentId,
      kind,
      name,
      timeZone: ALMATY,
    });
    if (zones.length === 0) return { orgId: org.id, segmentId: '' };
    const consent = {
      status: 'granted',
      source: 'parent meeting form',
      at: '2024-04-03T10:00:00Z',
    };
    const first = phones;
    phones += zones.length;
    await request('POST', '/v1/contacts/bulk', {
      contacts: zones.map((timeZone, i) => ({
        orgId: org.id,
        externalRef: `${name}-${i}`,
        role: 'parent',
        language: 'en',
        timeZone,
        addresses: { phone: `+77019${String(first + i).padStart(6, '0')}` },
        consents: { sms: consent },
      })),
    });
    const segment = await request<{ id: string }>('POST', '/v1/segments', {
      orgId: org.id,
      name: `${name} parents`,
      query: { roles: ['parent'] },
    });
    return { orgId: org.id, segmentId: segment.id };
  };

  /** Creates a broadcast and plans its deliveries (the expand worker's job, run by hand). */
  const broadcast = async (input: Omit<BroadcastInput, 'channels' | 'content'>) => {
    const created = await request<Broadcast>('POST', '/v1/broadcasts', {
      ...input,
      channels: ['sms'],
      content: { body: { en: 'Parent meeting on online safety tomorrow at 18:00.' } },
    });
    await expandBroadcast(deps.expand, created.id);
    return created;
  };

  const deliveriesOf = async (broadcastId: string) =>
    (await request<Page<Delivery>>('GET', `/v1/broadcasts/${broadcastId}/deliveries`)).items;

  const contactZones = async (broadcastId: string) => {
    const rows = await th.hub.db
      .selectFrom('deliveries as d')
      .innerJoin('contacts as c', 'c.id', 'd.contact_id')
      .select(['d.id', 'c.time_zone'])
      .where('d.broadcast_id', '=', broadcastId)
      .execute();
    return new Map(rows.map((row) => [row.id, row.time_zone]));
  };

  const pacingRows = () =>
    th.hub.db
      .selectFrom('pacing')
      .select('key')
      .where('key', 'like', 'sms:quiet-hours-test%')
      .execute();

  /** Moves the clock to `at`, makes the jobs due by then runnable and runs them. */
  const runUntil = async (at: number) => {
    clock.advanceTo(at);
    await promoteDueSendJobs(th.hub.db, th.env.SAFENET_DB_SCHEMA as string, clock.now());
    await drainSendQueues(deps);
  };

  it.runIf(run)(
    'sends a broadcast at 22:00 in Almaty to each recipient at their own 08:00: Ho Chi Minh City at 01:00Z, then Almaty at 03:00Z',
    async () => {
      const province = await orgWithParents(th.seed.ministryId, 'province', 'QH default province');
      const school = await orgWithParents(province.orgId, 'school', 'QH two zones', [
        ALMATY,
        HO_CHI_MINH,
      ]);
      const detail = await request<OrganisationDetail>('GET', `/v1/organisations/${school.orgId}`);
      expect(detail.effectiveQuietHours).toEqual({
        quietHours: { from: '21:00', to: '08:00' },
        source: 'hub_default',
        orgId: null,
      });

      const created = await broadcast({ orgId: school.orgId, segmentId: school.segmentId });
      expect(created.urgent).toBe(false);
      const zones = await contactZones(created.id);
      const [almaty, hcm] = [ALMATY, HO_CHI_MINH].map(
        (zone) => [...zones].find(([, z]) => z === zone)?.[0] as string,
      );

      // 22:00 in Almaty, 00:00 in Ho Chi Minh City: nobody is sent to.
      await drainSendQueues(deps);
      expect(sent.filter((s) => zones.has(s.deliveryId))).toEqual([]);
      const night = await deliveriesOf(created.id);
      expect(night).toHaveLength(2);
      const byId = new Map(night.map((d) => [d.id, d]));
      expect(byId.get(hcm as string)).toMatchObject({
        status: 'queued',
        attempts: 0,
        deferredUntil: new Date(evening + 8 * HOUR).toISOString(), // 01:00Z
        deferredReason: 'quiet_hours',
        quietHoursOverridden: false,
      });
      expect(byId.get(almaty as string)).toMatchObject({
        status: 'queued',
        attempts: 0,
        deferredUntil: new Date(evening + 10 * HOUR).toISOString(), // 03:00Z
        deferredReason: 'quiet_hours',
      });
      // Deferred, not stuck or failed: queued in the counts, and counted as deferred.
      const progress = await readProgress(share(th.hub.db), created.id);
      expect(progress).toMatchObject({ status: 'sending', deferred: 2, counts: { queued: 2 } });
      // No pacing slot was taken for them.
      expect(await pacingRows()).toEqual([]);

      // 00:59Z: still night everywhere; the jobs are not even due.
      await runUntil(evening + 8 * HOUR - 60_000);
      expect(sent.filter((s) => zones.has(s.deliveryId))).toEqual([]);

      // 01:00Z = 08:00 in Ho Chi Minh City (06:00 in Almaty).
      await runUntil(evening + 8 * HOUR);
      expect(sent.filter((s) => zones.has(s.deliveryId))).toEqual([
        expect.objectContaining({ deliveryId: hcm, at: evening + 8 * HOUR }),
      ]);
      const morning = new Map((await deliveriesOf(created.id)).map((d) => [d.id, d]));
      expect(morning.get(hcm as string)).toMatchObject({
        status: 'sent',
        attempts: 1,
        deferredUntil: null,
        deferredReason: null,
        quietHoursOverridden: false,
      });
      expect(morning.get(almaty as string)).toMatchObject({ status: 'queued', attempts: 0 });
      expect(await readProgress(share(th.hub.db), created.id)).toMatchObject({ deferred: 1 });
      expect(await pacingRows()).not.toEqual([]);

      // 03:00Z = 08:00 in Almaty.
      await runUntil(evening + 10 * HOUR);
      expect(sent.filter((s) => zones.has(s.deliveryId)).map((s) => [s.deliveryId, s.at])).toEqual([
        [hcm, evening + 8 * HOUR],
        [almaty, evening + 10 * HOUR],
      ]);
      const done = await readProgress(share(th.hub.db), created.id);
      expect(done).toMatchObject({ deferred: 0, counts: { sent: 2 } });
      // The history shows no attempt before the morning: planned, then claimed once.
      const history = await th.hub.db
        .selectFrom('delivery_events')
        .select(['status', 'attempts'])
        .where('delivery_id', '=', almaty as string)
        .orderBy('seq')
        .execute();
      expect(history).toEqual([
        { status: 'queued', attempts: 0 },
        { status: 'sending', attempts: 1 },
        { status: 'sent', attempts: 1 },
      ]);
    },
  );

  it.runIf(run)(
    'sends an urgent broadcast at once inside quiet hours and records the override on each delivery',
    async () => {
      clock.advanceTo(evening + 24 * HOUR); // 22:00 in Almaty the next evening
      const school = await orgWithParents(th.seed.ministryId, 'province', 'QH urgent', [
        ALMATY,
        HO_CHI_MINH,
      ]);
      const created = await broadcast({
        orgId: school.orgId,
        segmentId: school.segmentId,
        urgent: true,
      });
      expect(created.urgent).toBe(true);
      await drainSendQueues(deps);
      const deliveries = await deliveriesOf(created.id);
      expect(deliveries).toHaveLength(2);
      for (const delivery of deliveries) {
        expect(delivery).toMatchObject({
          status: 'sent',
          attempts: 1,
          deferredUntil: null,
          quietHoursOverridden: true,
        });
        expect(sent).toContainEqual(
          expect.objectContaining({ deliveryId: delivery.id, at: clock.now() }),
        );
      }
    },
  );

  it.runIf(run)(
    'sends at night under an organisation with no quiet hours (null) beneath the default, and holds a province’s schools to its hours',
    async () => {
      clock.advanceTo(evening + 48 * HOUR); // 22:00 in Almaty
      const night = clock.now();
      // A school that turned quiet hours off, under a province on the default.
      const province = await orgWithParents(th.seed.ministryId, 'province', 'QH province two');
      const noQuiet = await orgWithParents(province.orgId, 'school', 'QH no quiet', [ALMATY]);
      const off = await request<OrganisationDetail>('PATCH', `/v1/organisations/${noQuiet.orgId}`, {
        quietHours: null,
      });
      expect(off).toMatchObject({
        quietHours: null,
        effectiveQuietHours: { quietHours: null, source: 'own', orgId: noQuiet.orgId },
      });
      // A province with later mornings (until 09:30) and a school under it without its own.
      const late = await orgWithParents(th.seed.ministryId, 'province', 'QH late mornings');
      await request('PATCH', `/v1/organisations/${late.orgId}`, {
        quietHours: { from: '20:00', to: '09:30' },
      });
      const inheriting = await orgWithParents(late.orgId, 'school', 'QH inheriting', [ALMATY]);
      const detail = await request<OrganisationDetail>(
        'GET',
        `/v1/organisations/${inheriting.orgId}`,
      );
      expect(detail.quietHours).toBeUndefined();
      expect(detail.effectiveQuietHours).toEqual({
        quietHours: { from: '20:00', to: '09:30' },
        source: 'inherited',
        orgId: late.orgId,
      });

      const loud = await broadcast({ orgId: noQuiet.orgId, segmentId: noQuiet.segmentId });
      const held = await broadcast({ orgId: inheriting.orgId, segmentId: inheriting.segmentId });
      await drainSendQueues(deps);
      expect(await deliveriesOf(loud.id)).toEqual([
        expect.objectContaining({ status: 'sent', quietHoursOverridden: false }),
      ]);
      const [waiting] = await deliveriesOf(held.id);
      // 09:30 in Almaty the next morning: 04:30Z, the province's hours, not the default's 08:00.
      expect(waiting).toMatchObject({
        status: 'queued',
        deferredUntil: new Date(night + 11.5 * HOUR).toISOString(),
      });
      await runUntil(night + 10 * HOUR); // 08:00 in Almaty: the default would send now
      expect((await deliveriesOf(held.id))[0]).toMatchObject({ status: 'queued', attempts: 0 });
      await runUntil(night + 11.5 * HOUR);
      expect((await deliveriesOf(held.id))[0]).toMatchObject({
        status: 'sent',
        deferredUntil: null,
      });
    },
  );

  it.runIf(run)(
    'no longer counts as deferred a message its breaker holds after its night',
    async () => {
      clock.advanceTo(evening + 96 * HOUR); // 22:00 in Almaty
      const night = clock.now();
      const org = await orgWithParents(th.seed.ministryId, 'province', 'QH held in the morning', [
        ALMATY,
      ]);
      const created = await broadcast({ orgId: org.orgId, segmentId: org.segmentId });
      await drainSendQueues(deps);
      expect((await deliveriesOf(created.id))[0]).toMatchObject({
        deferredUntil: new Date(night + 10 * HOUR).toISOString(),
      });
      // 08:00 in Almaty, and the channel's breaker is open: it holds the message.
      const breakers = deps.breakers;
      const open = new Proxy(breakers, {
        get: (target, key) => {
          if (key === 'admit') return async () => ({ kind: 'none', afterMs: 60_000 });
          const value = Reflect.get(target, key);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      clock.advanceTo(night + 10 * HOUR);
      await promoteDueSendJobs(th.hub.db, th.env.SAFENET_DB_SCHEMA as string, clock.now());
      await drainSendQueues({ ...deps, breakers: open });
      expect((await deliveriesOf(created.id))[0]).toMatchObject({
        status: 'queued',
        attempts: 0,
        deferredUntil: null,
        deferredReason: null,
      });
      expect(await readProgress(share(th.hub.db), created.id)).toMatchObject({
        deferred: 0,
        counts: { queued: 1 },
      });
      // The breaker closes a minute later: it goes.
      await runUntil(night + 10 * HOUR + 60_000);
      expect((await deliveriesOf(created.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    },
  );

  it.runIf(run)(
    'reads quiet hours once per batch: deferring 12 messages takes as many statements as deferring 2',
    async () => {
      clock.advanceTo(evening + 120 * HOUR); // 22:00 in Almaty
      const statementsToDefer = async (count: number) => {
        const zones = Array.from({ length: count }, (_, i) => (i % 2 ? ALMATY : HO_CHI_MINH));
        const org = await orgWithParents(
          th.seed.ministryId,
          'province',
          `QH batch of ${count}`,
          zones,
        );
        const created = await broadcast({ orgId: org.orgId, segmentId: org.segmentId });
        const jobs = await th.hub.boss.fetch<SendJob>(sendQueue('sms'), {
          batchSize: 100,
          includeMetadata: true,
        });
        expect(jobs.flatMap((job) => job.data.deliveries)).toHaveLength(count);
        let statements = 0;
        const counting: KyselyPlugin = {
          transformQuery: ({ node }) => {
            statements += 1;
            return node;
          },
          transformResult: async ({ result }) => result,
        };
        await sendBatch({ ...deps, db: deps.db.withPlugin(counting) }, jobs);
        await th.hub.boss.complete(
          sendQueue('sms'),
          jobs.map((job) => job.id),
        );
        const progress = await readProgress(share(th.hub.db), created.id);
        expect(progress.deferred).toBe(count);
        return statements;
      };
      const two = await statementsToDefer(2);
      const twelve = await statementsToDefer(12);
      expect(twelve).toBe(two);
    },
  );
});
