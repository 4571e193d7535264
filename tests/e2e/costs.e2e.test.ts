/**
 * Actual prices end to end (issue 15): the hub sends SMS through the real twilio library to
 * the local Twilio server and, once a message's final status callback is in, reads its
 * `price` from the Message resource (`messages(sid).fetch()`) through the queue — again later
 * while Twilio has none yet; WhatsApp goes through the Cloud API stand-in, whose status
 * webhooks carry Meta's `pricing` object. Both appear on the deliveries and, summed, beside
 * the broadcast's recorded estimate.
 */
import type { Broadcast, BroadcastCost, BroadcastProgress, Delivery } from '@safenet/core';
import { eventually, testBackends } from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
  twilioPrice,
} from '../support/twilio-server.js';
import {
  startWhatsAppCloudServer,
  type WhatsAppCloudTestServer,
} from '../support/whatsapp-cloud-server.js';

/** From the seed's Kazakh document: 118 UCS-2 units, two segments. */
const KAZAKH =
  'Негативті интернет-контентті анықтау мақсатында «БАЛАЛАРДЫ БІРГЕ ҚОРҒАЙЫҚ» телеграмм-чаты ашылды. Сенім телефоны: 111.';
const VIETNAMESE = 'Đường dây nóng bảo vệ trẻ em: 111.';
const KZ_SEGMENT = '0.0725';
const PRICES = {
  currency: 'USD',
  sms: { KZ: KZ_SEGMENT },
  whatsapp: { utility: { VN: '0.0080' } },
  whatsappCategory: 'utility',
};
const consent = { status: 'granted', source: 'test', at: '2017-04-03T10:00:00+06:00' } as const;

describe.each(await testBackends())('actual prices on $name', ({ database, run }) => {
  let twilio: TwilioTestServer;
  let meta: WhatsAppCloudTestServer;
  let th: TestHub;
  let client: SafenetClient;
  let schoolId: string;
  let segmentId: string;

  /** Sends a broadcast and waits until every delivery is final. */
  const sendAndSettle = async (channels: ('sms' | 'whatsapp')[]): Promise<Broadcast> => {
    const broadcast = await client.broadcasts.create({
      orgId: schoolId,
      segmentId,
      channels,
      content: { body: { kk: KAZAKH, vi: VIETNAMESE } },
    });
    await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) => p.status === 'completed' && (p.counts.delivered ?? 0) === 6,
      'broadcast delivered',
    );
    return broadcast;
  };

  beforeAll(async () => {
    if (!run) return;
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    twilio = await startTwilioServer({
      segmentPrice: (to) => (to.startsWith('+77') ? KZ_SEGMENT : '0.05'),
    });
    meta = await startWhatsAppCloudServer({
      webhookUrl: `${baseUrl}/v1/webhooks/whatsapp-cloud`,
      templates: ['safenet_guidance'],
      templateCategory: 'utility',
      script: () => ({ statuses: ['sent', 'delivered'] }),
    });
    th = await startTestHub({
      database,
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        // The prices of the content's own segments: the opt-out link's part of them is
        // counted against what Twilio bills in signposting.e2e.
        SAFENET_SMS_OPT_OUT_LINK: 'false',
        SAFENET_PRICES: JSON.stringify(PRICES),
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
        SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: meta.credentials.phoneNumberId,
        SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: meta.credentials.accessToken,
        SAFENET_WHATSAPP_CLOUD_APP_SECRET: meta.credentials.appSecret,
        SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: 'safenet-verify-token',
        SAFENET_WHATSAPP_CLOUD_GRAPH_URL: meta.graphUrl,
        SAFENET_WHATSAPP_CLOUD_TEMPLATES: 'vi=safenet_guidance',
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    schoolId = (
      await client.organisations.create({
        parentId: th.seed.districtId,
        kind: 'school',
        name: 'Costs test school',
      })
    ).id;
    for (const [i, phone] of ['+77011120001', '+77011120002', '+77011120003'].entries()) {
      await client.contacts.create({
        orgId: schoolId,
        role: 'parent',
        language: 'kk',
        externalRef: `kk-${i}`,
        addresses: { phone },
        consents: { sms: consent },
      });
    }
    for (const [i, phone] of ['+84912230001', '+84912230002', '+84912230003'].entries()) {
      await client.contacts.create({
        orgId: schoolId,
        role: 'parent',
        language: 'vi',
        externalRef: `vi-${i}`,
        addresses: { whatsapp: phone },
        consents: { whatsapp: consent },
      });
    }
    segmentId = (
      await client.segments.create({
        orgId: schoolId,
        name: 'Costs parents',
        query: { underOrgIds: [schoolId] },
      })
    ).id;
  }, 120_000);

  afterAll(async () => {
    await th?.close();
    await twilio?.close();
    await meta?.close();
  });

  it.runIf(run)(
    'records the price Twilio puts on each message, and WhatsApp’s pricing, beside the estimate',
    async () => {
      const broadcast = await sendAndSettle(['sms', 'whatsapp']);
      // 3 × 2 segments × 0.0725, and 3 utility templates × 0.0080.
      expect(broadcast.estimatedCost).toEqual({
        currency: 'USD',
        byChannel: { sms: '0.435', whatsapp: '0.024' },
        total: '0.459',
        unpriced: [],
      });
      const cost = await eventually(
        () => client.broadcasts.cost(broadcast.id),
        (c: BroadcastCost) => c.actual[0]?.priced === 3 && c.whatsapp.billable === 3,
        'prices recorded',
      );
      expect(cost).toEqual({
        broadcastId: broadcast.id,
        estimate: broadcast.estimatedCost,
        actual: [{ channel: 'sms', unit: 'USD', amount: '0.43500', priced: 3 }],
        whatsapp: { billable: 3, notBillable: 0 },
        awaitingPrice: 0,
      });

      const { items } = await client.broadcasts.deliveries(broadcast.id);
      const sms = items.filter((d: Delivery) => d.channel === 'sms');
      expect(sms).toHaveLength(3);
      for (const delivery of sms) {
        // What Twilio's resource says, read through the twilio library over HTTP.
        const resource = twilio.resources.get(delivery.providerMessageId as string);
        expect(resource?.price).toBe(twilioPrice(KZ_SEGMENT, 2));
        expect(delivery.price).toEqual({ price: '-0.14500', unit: 'USD', pricing: null });
      }
      const whatsapp = items.filter((d: Delivery) => d.channel === 'whatsapp');
      expect(whatsapp).toHaveLength(3);
      for (const delivery of whatsapp) {
        expect(delivery.price).toEqual({
          price: null,
          unit: null,
          pricing: { billable: true, pricingModel: 'PMP', category: 'utility', type: 'regular' },
        });
      }
    },
  );

  it.runIf(run)(
    'looks again while Twilio has no price yet after the final callback, and records it once it has',
    async () => {
      // The final callback comes before Twilio fills the price in: the look-up it queued
      // finds none, records nothing, and is tried again by the queue.
      twilio.holdPrices(true);
      const broadcast = await sendAndSettle(['sms', 'whatsapp']);
      const waiting = await client.broadcasts.cost(broadcast.id);
      expect(waiting.actual).toEqual([]);
      expect(waiting.awaitingPrice).toBe(3);
      // Each look-up has asked Twilio once and been told nothing yet.
      const ids = new Set(
        (await client.broadcasts.deliveries(broadcast.id)).items
          .filter((d: Delivery) => d.channel === 'sms')
          .map((d: Delivery) => d.providerMessageId),
      );
      await eventually(
        async () => twilio.reads.filter((r) => ids.has(r.sid)),
        (reads) => new Set(reads.map((r) => r.sid)).size === 3,
        'a look-up of each price while Twilio has none',
      );
      expect(twilio.reads.filter((r) => ids.has(r.sid)).every((r) => r.price === null)).toBe(true);
      expect((await client.broadcasts.cost(broadcast.id)).awaitingPrice).toBe(3);
      const looked = twilio.calls.length;
      twilio.holdPrices(false);
      const cost = await eventually(
        () => client.broadcasts.cost(broadcast.id),
        (c: BroadcastCost) => c.awaitingPrice === 0,
        'prices recorded after a retry',
        60_000,
      );
      expect(cost.actual).toEqual([{ channel: 'sms', unit: 'USD', amount: '0.43500', priced: 3 }]);
      // Only reads since: no message was sent again; the last read of each found the price.
      expect(twilio.calls.length).toBe(looked);
      for (const sid of ids) {
        expect(twilio.reads.filter((r) => r.sid === sid).at(-1)?.price).toBe('-0.14500');
      }
    },
    90_000,
  );
});
