/**
 * Where a final status callback and the price look-up meet (issue 15). Twilio may call back
 * `delivered` before the send batch that caused the message has recorded it: the receipt is
 * parked, and applied in the transaction that records the send — and that transaction queues
 * the price look-up, so the look-up is never lost and never runs before the status it
 * follows. The other side runs inside an `interleave` hook at the point where, in
 * production, the callback can come in: no timing, no luck. The SMS goes through the real
 * twilio library to the local Twilio server.
 */
import type { Broadcast } from '@safenet/core';
import {
  applyWebhookEvents,
  expandBroadcast,
  fetchPrice,
  PRICE_QUEUE,
  type PriceJob,
  type SendJob,
  sendBatch,
  sendQueue,
  testBackends,
  testDispatchDeps,
} from '@safenet/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
  twilioPrice,
} from '../support/twilio-server.js';

const PHONE = '+77011130001';

describe.each(await testBackends())('price races on $name', ({ database, run }) => {
  let twilio: TwilioTestServer;
  let th: TestHub;
  let deps: Awaited<ReturnType<typeof testDispatchDeps>>;
  let orgId: string;
  let segmentId: string;

  beforeAll(async () => {
    if (!run) return;
    twilio = await startTwilioServer({ segmentPrice: () => '0.0725' });
    th = await startTestHub({
      database,
      workers: false,
      env: {
        // Nobody listens there: the server's own callbacks go nowhere; the test applies them.
        SAFENET_PUBLIC_URL: 'http://127.0.0.1:9',
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
        // The price of the content's own segments: the opt-out link's share of them is
        // counted against what Twilio bills in signposting.e2e.
        SAFENET_SMS_OPT_OUT_LINK: 'false',
      },
    });
    deps = await testDispatchDeps(th, { throwErrors: true });
    const post = async (url: string, payload: object) => {
      const res = await th.hub.app.inject({ method: 'POST', url, headers: th.auth, payload });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json<{ id: string }>();
    };
    orgId = (
      await post('/v1/organisations', {
        parentId: th.seed.ministryId,
        kind: 'association',
        name: 'Price races',
      })
    ).id;
    await post('/v1/contacts', {
      orgId,
      role: 'parent',
      language: 'ru',
      addresses: { phone: PHONE },
      consents: { sms: { status: 'granted', source: 'form', at: '2017-04-03T10:00:00+06:00' } },
    });
    segmentId = (await post('/v1/segments', { orgId, name: 'Parents', query: {} })).id;
  }, 120_000);

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
    await twilio?.close();
  });

  it.runIf(run)(
    'a final callback parked while the send batch’s transaction is open: the price is looked up once, after both',
    async () => {
      const res = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: th.auth,
        payload: {
          orgId,
          segmentId,
          channels: ['sms'],
          content: { body: { ru: 'Памятка родителям: телефон доверия 111.' } },
        },
      });
      expect(res.statusCode, res.body).toBe(202);
      const broadcast = res.json<Broadcast>();
      await expandBroadcast(deps.expand, broadcast.id);
      const [delivery] = await th.hub.db
        .selectFrom('deliveries')
        .select('id')
        .where('broadcast_id', '=', broadcast.id)
        .execute();
      if (!delivery) throw new Error('no delivery planned');

      // Twilio has answered, the batch is recording the send: the callback comes in now.
      let parked = 0;
      const interleave = async (point: string) => {
        if (point !== 'settle:claimed' || parked > 0) return;
        const sid = twilio.messages.at(-1)?.sid as string;
        const applied = await applyWebhookEvents(deps, 'sms', {
          statuses: [{ providerMessageId: sid, status: 'delivered', at: new Date() }],
          inbound: [],
        });
        parked += 1;
        // Its delivery is not committed yet: the receipt waits, nothing moved, nothing queued.
        expect(applied.statuses).toBe(0);
        expect(await th.hub.boss.fetch<PriceJob>(PRICE_QUEUE)).toEqual([]);
      };
      const jobs = await th.hub.boss.fetch<SendJob>(sendQueue('sms'), {
        batchSize: 10,
        includeMetadata: true,
      });
      await sendBatch({ ...deps, interleave }, jobs);
      await th.hub.boss.complete(
        sendQueue('sms'),
        jobs.map((job) => job.id),
      );
      expect(parked).toBe(1);

      const row = await th.hub.db
        .selectFrom('deliveries')
        .select(['status', 'provider_message_id', 'price'])
        .where('id', '=', delivery.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'delivered', price: null });
      // The recording applied the parked callback and queued one look-up with it.
      const queued = await th.hub.boss.fetch<PriceJob>(PRICE_QUEUE, { batchSize: 10 });
      expect(queued.map((job) => job.data)).toEqual([{ deliveryId: delivery.id }]);
      await twilio.idle();
      expect(await fetchPrice(deps, delivery.id)).toBe('recorded');
      // A second look-up (a retried job) finds the price recorded and changes nothing.
      expect(await fetchPrice(deps, delivery.id)).toBe('none');
      const priced = await th.hub.db
        .selectFrom('deliveries')
        .select(['price', 'price_unit'])
        .where('id', '=', delivery.id)
        .executeTakeFirstOrThrow();
      expect(priced).toEqual({ price: twilioPrice('0.0725', 1), price_unit: 'USD' });
      expect(twilio.resources.get(row.provider_message_id as string)?.price).toBe('-0.07250');
    },
  );
});
