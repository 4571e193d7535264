/**
 * SMS end to end: the hub sends through the real twilio library to the local Twilio server,
 * which answers like the Messages API and posts signed status callbacks back to the hub's
 * webhook; a contact's "СТОП" reply withdraws their SMS consent; forged callbacks are refused.
 */
import type { Broadcast, BroadcastProgress, Contact } from '@safenet/core';
import { eventually } from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { publishMemo } from '../support/library.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from '../support/twilio-server.js';

const UNDELIVERABLE = '+77019990001';

describe('SMS over Twilio through the hub', () => {
  let twilio: TwilioTestServer;
  let th: TestHub;
  let client: SafenetClient;
  let baseUrl: string;
  let contacts: Contact[];

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    twilio = await startTwilioServer({
      inboundUrl: `${baseUrl}/v1/webhooks/twilio`,
      script: (to) =>
        to === UNDELIVERABLE ? { finalStatus: 'undelivered', errorCode: 30005 } : undefined,
    });
    th = await startTestHub({
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    const school = await client.organisations.create({
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'SMS test school',
    });
    const phones = ['+77011110001', '+77011110002', '+77011110003', UNDELIVERABLE];
    contacts = [];
    for (const [i, phone] of phones.entries()) {
      contacts.push(
        await client.contacts.create({
          orgId: school.id,
          role: 'parent',
          language: i % 2 === 0 ? 'ru' : 'kk',
          addresses: { phone },
          consents: { sms: { status: 'granted', source: 'test', at: '2017-04-03T10:00:00+06:00' } },
        }),
      );
    }
    const segment = await client.segments.create({
      orgId: school.id,
      name: 'SMS parents',
      query: { underOrgIds: [school.id] },
    });
    const broadcast: Broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['sms'],
      content: {
        body: { ru: 'Памятка: телефон доверия 111.', kk: 'Жадынама: сенім телефоны 111.' },
      },
    });
    const progress = await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) =>
        p.status === 'completed' && (p.counts.delivered ?? 0) + (p.counts.failed ?? 0) === 4,
      'SMS broadcast with receipts',
    );
    expect(progress.counts).toEqual({ delivered: 3, failed: 1 });
  });

  afterAll(async () => {
    await th?.close();
    await twilio?.close();
  });

  it('sends each SMS once through the Twilio API, in the contact’s language', () => {
    expect(twilio.messages.map((m) => m.to).sort()).toEqual(
      contacts.map((c) => c.addresses.phone).sort(),
    );
    const russian = twilio.messages.find((m) => m.to === '+77011110001');
    // No hotline serves this school: no footer; every broadcast SMS ends with its opt-out link.
    expect(russian?.body).toMatch(
      new RegExp(
        `^Памятка: телефон доверия 111\\.\\n\\nОтказаться от SMS: ${baseUrl}/u/[A-Za-z0-9_-]{40}$`,
      ),
    );
    expect(russian?.statusCallback).toBe(`${baseUrl}/v1/webhooks/twilio`);
  });

  it('moves deliveries by the signed status callbacks, with the reason of a failure', async () => {
    const broadcasts = await client.broadcasts.list();
    const broadcast = broadcasts.items.at(-1) as Broadcast;
    const failed = await client.broadcasts.deliveries(broadcast.id, { status: 'failed' });
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]?.reason).toBe('invalid_address');
    expect(failed.items[0]?.contactId).toBe(contacts[3]?.id);
  });

  it('withdraws SMS consent when a contact replies СТОП, and gives it back on СТАРТ', async () => {
    const posted = await twilio.sendInbound({ from: '+77011110002', body: 'СТОП' });
    expect(posted.answered).toBe(200);
    expect((await client.contacts.get(contacts[1]?.id as string)).consents.sms?.status).toBe(
      'revoked',
    );
    expect((await client.contacts.get(contacts[0]?.id as string)).consents.sms?.status).toBe(
      'granted',
    );
    await twilio.sendInbound({ from: '+77011110002', body: 'старт' });
    expect((await client.contacts.get(contacts[1]?.id as string)).consents.sms?.status).toBe(
      'granted',
    );
  });

  it('answers HELP in the contact’s language, naming who sends, and changes no consent', async () => {
    const posted = await twilio.sendInbound({ from: '+77011110001', body: 'помощь' });
    expect(posted.answered).toBe(200);
    expect(posted.answer).toMatch(
      /^<Response><Message>SMS test school: рекомендации для родителей .*СТОП.*СТАРТ.*<\/Message><\/Response>$/,
    );
    const unknown = await twilio.sendInbound({ from: '+77019999999', body: 'HELP' });
    expect(unknown.answer).toMatch(/<Message>Safenet: child online-safety guidance/);
    expect((await client.contacts.get(contacts[0]?.id as string)).consents.sms?.status).toBe(
      'granted',
    );
  });

  it('sends Vietnamese typed decomposed (NFD) as NFC, billed as the preview counted', async () => {
    const title = 'Cẩm nang'.normalize('NFD');
    const body = 'Bảo vệ trẻ em trên mạng: hãy nói chuyện với con. Gọi 111.'.normalize('NFD');
    const sent = `${title}\n\n${body}`.normalize('NFC');
    // 67 UTF-16 units once composed, one UCS-2 SMS; 82 as typed, which would bill two.
    expect(sent).toHaveLength(67);
    expect(`${title}\n\n${body}`).toHaveLength(82);
    const school = await client.organisations.create({
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'Vietnamese SMS school',
    });
    await client.contacts.create({
      orgId: school.id,
      role: 'parent',
      language: 'vi',
      addresses: { phone: '+84912345678' },
      consents: { sms: { status: 'granted', source: 'test', at: '2017-04-03T10:00:00+07:00' } },
    });
    const segment = await client.segments.create({
      orgId: school.id,
      name: 'Vietnamese parents',
      query: { underOrgIds: [school.id] },
    });
    const memo = await publishMemo(client, baseUrl, {
      orgId: school.id,
      topic: 'parental-control',
      title: { vi: title },
      body: { vi: body },
    });
    const input = {
      orgId: school.id,
      segmentId: segment.id,
      channels: ['sms' as const],
      content: { recommendationId: memo.id },
    };

    const preview = await client.broadcasts.preview(input);
    const broadcast = await client.broadcasts.create(input);
    await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) => p.status === 'completed' && p.counts.delivered === 1,
      'Vietnamese SMS delivered',
    );

    const received = twilio.messages.filter((m) => m.to === '+84912345678');
    expect(received).toHaveLength(1);
    // The composed text, then the opt-out link (counted too): NFC, as the preview counted.
    const text = received[0]?.body ?? '';
    expect(text.startsWith(`${sent}\n\nTừ chối nhận SMS: ${baseUrl}/u/`)).toBe(true);
    expect(text).toBe(text.normalize('NFC'));
    expect(preview.sms.languages).toMatchObject([
      { language: 'vi', units: text.length, segments: received[0]?.segments },
    ]);
    expect(preview.sms.estimatedSegments).toBe(received[0]?.segments);
  });

  it('refuses a status callback with a forged signature and changes nothing', async () => {
    const res = await fetch(`${baseUrl}/v1/webhooks/twilio`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': 'forged',
      },
      body: new URLSearchParams({
        From: '+77011110001',
        Body: 'STOP',
        MessageSid: 'SM1',
      }).toString(),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('webhook_signature_invalid');
    expect((await client.contacts.get(contacts[0]?.id as string)).consents.sms?.status).toBe(
      'granted',
    );
  });
});
