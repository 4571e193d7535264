/**
 * Zalo end to end: Vietnamese parents of a school in Đắk Lắk over Zalo, falling back to SMS.
 * The hub sends through the Zalo adapter to the local Zalo (ZNS, OAuth, signed delivered and
 * seen events posted back to the hub's webhook) and through the real twilio library to the
 * local Twilio:
 *
 * | parent | addresses                 | what happens                                  |
 * | ------ | ------------------------- | --------------------------------------------- |
 * | 1–3    | Zalo phone                | a ZNS template, delivered by Zalo's event     |
 * | 4      | Zalo phone and phone      | Zalo: not on Zalo (-118) → SMS, delivered     |
 * | 5      | phone only                | SMS, delivered                                |
 *
 * A signed seen event moves parent 1's delivery to read; a forged one for parent 2 is refused
 * (401) and changes nothing. Then the OA's access token stops working (as its expiry would) and a second broadcast goes
 * out: the token is renewed once, through the hub's stored pair, and no parent gets a
 * message twice.
 */
import type { Broadcast, Contact, Delivery } from '@safenet/core';
import { eventually } from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from '../support/twilio-server.js';
import { startZaloServer, type ZaloTestServer } from '../support/zalo-server.js';

const TEMPLATE = '318822';
const NOT_ON_ZALO = '+84900000118';
const GRANTED = {
  status: 'granted',
  source: 'phiếu đăng ký',
  at: '2026-09-05T08:00:00+07:00',
} as const;
const MEMO = {
  title: 'Cẩm nang an toàn mạng',
  body: 'Kính gửi quý phụ huynh: hãy trò chuyện với con về những người lạ trên mạng. Gọi 111 khi cần.',
};
const REMINDER = {
  title: 'Nhắc lại',
  body: 'Họp phụ huynh thứ Bảy lúc 8 giờ tại trường.',
};

describe('Zalo with SMS fallback through the hub', () => {
  let zalo: ZaloTestServer;
  let twilio: TwilioTestServer;
  let th: TestHub;
  let client: SafenetClient;
  let baseUrl: string;
  let schoolId: string;
  let segmentId: string;
  let parents: Contact[];

  const broadcast = async (content: { title: string; body: string }): Promise<Broadcast> =>
    client.broadcasts.create({
      orgId: schoolId,
      segmentId,
      channels: ['zalo', 'sms'],
      content: { title: { vi: content.title }, body: { vi: content.body } },
    });

  /** The broadcast's deliveries once all are final: Zalo delivered, SMS delivered. */
  const settled = (id: string, done: (items: Delivery[]) => boolean) =>
    eventually(
      async () => (await client.broadcasts.deliveries(id, { limit: 100 })).items,
      done,
      'deliveries with their receipts',
    );

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    zalo = await startZaloServer({
      templates: [TEMPLATE],
      script: (to) =>
        `+${to}` === NOT_ON_ZALO ? { error: -118, message: 'User not on Zalo' } : {},
      webhookUrl: `${baseUrl}/v1/webhooks/zalo-oa`,
    });
    twilio = await startTwilioServer({ inboundUrl: `${baseUrl}/v1/webhooks/twilio` });
    th = await startTestHub({
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
        SAFENET_ZALO_APP_ID: zalo.credentials.appId,
        SAFENET_ZALO_APP_SECRET: zalo.credentials.appSecret,
        SAFENET_ZALO_OA_SECRET_KEY: zalo.credentials.oaSecretKey,
        SAFENET_ZALO_ACCESS_TOKEN: zalo.credentials.accessToken,
        SAFENET_ZALO_REFRESH_TOKEN: zalo.credentials.refreshToken,
        SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: new Date(Date.now() + 25 * 3_600_000).toISOString(),
        SAFENET_ZALO_TEMPLATES: `vi=${TEMPLATE}:tieu_de=title;noi_dung=body;truong=const:THCS Ea Kao`,
        SAFENET_ZALO_OPEN_API_URL: zalo.urls.openApiUrl,
        SAFENET_ZALO_BUSINESS_API_URL: zalo.urls.businessApiUrl,
        SAFENET_ZALO_OAUTH_URL: zalo.urls.oauthUrl,
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    const school = await client.organisations.create({
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'THCS Ea Kao, Buôn Ma Thuột, Đắk Lắk',
    });
    schoolId = school.id;
    const addresses = [
      { zalo: '+84912345001' },
      { zalo: '+84912345002' },
      { zalo: '+84912345003' },
      { zalo: NOT_ON_ZALO, phone: NOT_ON_ZALO },
      { phone: '+84912345005' },
    ];
    parents = [];
    for (const address of addresses) {
      parents.push(
        await client.contacts.create({
          orgId: school.id,
          role: 'parent',
          language: 'vi',
          timeZone: 'Asia/Ho_Chi_Minh',
          addresses: address,
          consents: { zalo: GRANTED, sms: GRANTED },
        }),
      );
    }
    segmentId = (
      await client.segments.create({
        orgId: school.id,
        name: 'Phụ huynh',
        query: { underOrgIds: [school.id] },
      })
    ).id;
  }, 120_000);

  afterAll(async () => {
    await th?.close();
    await zalo?.close();
    await twilio?.close();
  });

  const zaloOf = (items: Delivery[], n: number) =>
    items.find((d) => d.contactId === parents[n]?.id && d.channel === 'zalo');
  const smsOf = (items: Delivery[], n: number) =>
    items.find((d) => d.contactId === parents[n]?.id && d.channel === 'sms');

  let memo: Broadcast;
  let memoDeliveries: Delivery[];

  it('sends a ZNS template to each Zalo phone, the Vietnamese text in its body parameter', async () => {
    memo = await broadcast(MEMO);
    memoDeliveries = await settled(
      memo.id,
      (items) =>
        [0, 1, 2].every((n) => zaloOf(items, n)?.status === 'delivered') &&
        [3, 4].every((n) => smsOf(items, n)?.status === 'delivered'),
    );

    expect(zalo.accepted.map((m) => m.to).sort()).toEqual([
      '84912345001',
      '84912345002',
      '84912345003',
    ]);
    for (const message of zalo.accepted) {
      expect(message.payload).toMatchObject({
        template_id: TEMPLATE,
        template_data: { tieu_de: MEMO.title, noi_dung: MEMO.body, truong: 'THCS Ea Kao' },
      });
      expect(message.payload.tracking_id).toBe(
        memoDeliveries.find((d) => d.providerMessageId === message.id)?.id,
      );
    }
  });

  it('falls back to SMS for a number Zalo says is not on Zalo, and sends SMS to a phone only', () => {
    expect(zaloOf(memoDeliveries, 3)).toMatchObject({ status: 'failed', reason: 'not_on_zalo' });
    expect(smsOf(memoDeliveries, 3)).toMatchObject({
      status: 'delivered',
      fallbackFrom: zaloOf(memoDeliveries, 3)?.id,
    });
    expect(zaloOf(memoDeliveries, 4)).toBeUndefined();
    expect(smsOf(memoDeliveries, 4)?.status).toBe('delivered');
    expect([0, 1, 2].map((n) => smsOf(memoDeliveries, n))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(twilio.messages.map((m) => m.to).sort()).toEqual([NOT_ON_ZALO, '+84912345005']);
    for (const sms of twilio.messages) expect(sms.body).toContain(MEMO.body);
  });

  it('moves a delivery to read on a signed seen event, and refuses a forged one changing nothing', async () => {
    const seen = zaloOf(memoDeliveries, 0);
    const other = zaloOf(memoDeliveries, 1);
    expect(
      await zalo.postEvent({
        app_id: zalo.credentials.appId,
        event_name: 'user_seen_message',
        message: { msg_ids: [seen?.providerMessageId] },
        timestamp: String(Date.now()),
      }),
    ).toBe(200);

    const forged = JSON.stringify({
      app_id: zalo.credentials.appId,
      event_name: 'user_seen_message',
      message: { msg_ids: [other?.providerMessageId] },
      timestamp: String(Date.now()),
    });
    const response = await fetch(`${baseUrl}/v1/webhooks/zalo-oa`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zevent-signature': `mac=${'0'.repeat(64)}`,
      },
      body: forged,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'webhook_signature_invalid', status: 401 });

    const after = (await client.broadcasts.deliveries(memo.id, { limit: 100 })).items;
    expect(zaloOf(after, 0)?.status).toBe('read');
    expect(zaloOf(after, 1)).toEqual(other);
    expect(zaloOf(after, 2)).toEqual(zaloOf(memoDeliveries, 2));
  });

  it('renews an access token that stopped working once, sending no message twice', async () => {
    const before = zalo.accepted.length;
    const requestsBefore = zalo.requests.length;
    zalo.expireToken();

    const reminder = await broadcast(REMINDER);
    const items = await settled(
      reminder.id,
      (all) =>
        [0, 1, 2].every((n) => zaloOf(all, n)?.status === 'delivered') &&
        [3, 4].every((n) => smsOf(all, n)?.status === 'delivered'),
    );

    expect(zalo.refreshes).toBe(1);
    const sent = zalo.accepted.slice(before);
    expect(sent.map((m) => m.payload.tracking_id).sort()).toEqual(
      [0, 1, 2].map((n) => zaloOf(items, n)?.id).sort(),
    );
    expect(sent.every((m) => m.payload.template_data?.noi_dung === REMINDER.body)).toBe(true);
    // The renewed pair is stored for the hub's other processes and its next start.
    const { rows } = await sql<{ access_token: string }>`
      SELECT access_token FROM zalo_tokens WHERE app_id = ${zalo.credentials.appId}`.execute(
      th.hub.db,
    );
    expect(rows).toHaveLength(1);
    // Sends went out with the configured token, were refused, and were made again once with
    // the renewed one: each refused send is one of the three accepted, none accepted twice.
    const sends = zalo.requests.slice(requestsBefore).filter((r) => r.path === '/message/template');
    const refused = sends.filter((r) => r.accessToken === zalo.credentials.accessToken);
    const renewed = sends.filter((r) => r.accessToken === rows[0]?.access_token);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length + renewed.length).toBe(sends.length);
    // One each with the renewed token: the three Zalo parents and the one not on Zalo (-118).
    expect(renewed.map((r) => (r.body as { phone: string }).phone).sort()).toEqual([
      '84900000118',
      '84912345001',
      '84912345002',
      '84912345003',
    ]);
  });
});
