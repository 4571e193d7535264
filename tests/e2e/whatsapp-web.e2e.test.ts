/**
 * WhatsApp Web end to end, through the hub: pairing by QR code over the API and the stream,
 * slow pacing, acks moving deliveries, a number without WhatsApp falling back to SMS (the
 * real twilio library against the local Twilio server), a disconnect pausing the channel
 * without losing or failing a message, a WhatsApp "СТОП" withdrawing consent, and a ban
 * raising a critical alert. whatsapp-web.js needs a phone, so its `Client` is the fake.
 */
import type { Broadcast, Contact, Delivery, StreamEvent } from '@safenet/core';
import { deferredSends, eventually } from '@safenet/hub/testing';
import { SafenetApiError, SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { freePort } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from '../support/twilio-server.js';
import { FakeWhatsAppClient } from '../support/whatsapp-web-fake.js';

const MIN_INTERVAL_MS = 1000;
const granted = {
  status: 'granted' as const,
  source: 'parent meeting',
  at: '2017-04-03T10:00:00+06:00',
};

describe('WhatsApp Web through the hub', () => {
  const phone = new FakeWhatsAppClient({ paired: false });
  const events: StreamEvent[] = [];
  let twilio: TwilioTestServer;
  let th: TestHub;
  let client: SafenetClient;
  let baseUrl: string;
  let associationId: string;
  let segmentId: string;
  let contacts: Contact[];

  const deliveriesOf = async (broadcast: Broadcast) =>
    (await client.broadcasts.deliveries(broadcast.id, { limit: 100 })).items;
  const finished = (d: Delivery) =>
    ['delivered', 'read', 'failed', 'suppressed'].includes(d.status);

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    twilio = await startTwilioServer({ inboundUrl: `${baseUrl}/v1/webhooks/twilio` });
    th = await startTestHub({
      whatsappWebClient: phone,
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_WHATSAPP_WEB: 'true',
        SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS: String(MIN_INTERVAL_MS),
        SAFENET_WHATSAPP_WEB_JITTER_MS: '0',
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
      },
    });
    th.hub.bus.subscribe(th.seed.ministryId, ({ event }) => events.push(event));
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    associationId = (
      await client.organisations.create({
        parentId: th.seed.districtId,
        kind: 'association',
        name: 'WhatsApp parents',
      })
    ).id;
    const people = [
      { phone: '+77012220001', reads: true },
      { phone: '+77012220002', reads: false },
      // No WhatsApp account, but SMS consent: falls back to SMS.
      { phone: '+77012220003', whatsappOnly: false },
      // No WhatsApp account and nothing else: fails for good.
      { phone: '+77012220004', whatsappOnly: true },
    ];
    contacts = [];
    for (const person of people) {
      contacts.push(
        await client.contacts.create({
          orgId: associationId,
          role: 'parent',
          language: 'ru',
          addresses: { phone: person.phone, whatsapp: person.phone },
          consents: {
            whatsapp: granted,
            ...('whatsappOnly' in person && !person.whatsappOnly ? { sms: granted } : {}),
          },
        }),
      );
    }
    phone.registered.add('77012220001').add('77012220002');
    phone.readers.add('77012220001');
    segmentId = (
      await client.segments.create({
        orgId: associationId,
        name: 'WhatsApp parents',
        query: { underOrgIds: [associationId] },
      })
    ).id;
  });

  afterAll(async () => {
    await th?.close();
    await twilio?.close();
  });

  it('shows the pairing QR code to an admin over the API and the stream, then gets ready', async () => {
    const session = await eventually(
      () => client.channels.session('whatsapp'),
      (s) => s.state === 'qr' && s.qrDataUrl !== null,
      'QR code',
    );
    expect(session.qr).toMatch(/^2@/);
    expect(session.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    // WhatsApp Web shows a fresh code every 20 seconds or so: each one reaches the stream.
    const fresh = `2@refreshed,${session.qr?.slice(2)}`;
    phone.emit('qr', fresh);
    const event = await eventually(
      async () => events.find((e) => e.type === 'channel.session' && e.data.qr === fresh),
      (found) => found !== undefined,
      'QR event',
    );
    expect(event).toMatchObject({
      orgId: th.seed.ministryId,
      data: { state: 'qr', provider: 'whatsapp-web', qrDataUrl: expect.stringMatching(/^data:/) },
    });
    const paused = (await client.channels.list()).items.find((c) => c.provider === 'whatsapp-web');
    expect(paused?.paused).toMatch(/not paired/);

    await phone.scanQr();
    const ready = await eventually(
      () => client.channels.session('whatsapp'),
      (s) => s.state === 'ready',
      'ready',
    );
    expect(ready).toMatchObject({ qr: null, qrDataUrl: null });
  });

  it('keeps the QR code from keys without the admin scope', async () => {
    const reader = await client.apiKeys.create({
      orgId: th.seed.ministryId,
      name: 'reader',
      scopes: ['read'],
    });
    const readerClient = new SafenetClient({ baseUrl, apiKey: reader.secret });
    const refused = await readerClient.channels.session('whatsapp').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SafenetApiError);
    expect((refused as SafenetApiError).code).toBe('insufficient_scope');

    // On the stream such a key learns the state, never the code.
    const socket = new WebSocket(
      `${baseUrl.replace('http', 'ws')}/v1/stream?types=channel.session&access_token=${reader.secret}`,
    );
    const frames: StreamEvent[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data)) as StreamEvent));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    phone.emit('qr', '2@shown-to-admins-only');
    const seen = await eventually(
      async () => frames.find((e) => e.type === 'channel.session' && e.data.state === 'qr'),
      (frame) => frame !== undefined,
      'redacted QR event',
    );
    expect(seen).toMatchObject({ data: { state: 'qr', qr: null, qrDataUrl: null } });
    expect(
      events.some((e) => e.type === 'channel.session' && e.data.qr === '2@shown-to-admins-only'),
    ).toBe(true);
    socket.close();
    // The phone had been paired all along: back to ready.
    phone.emit('ready');
    await eventually(
      () => client.channels.session('whatsapp'),
      (s) => s.state === 'ready',
      'ready again',
    );
  });

  it('sends slowly, follows acks, and falls back to SMS for a number without WhatsApp', async () => {
    const broadcast = await client.broadcasts.create({
      orgId: associationId,
      segmentId,
      channels: ['whatsapp', 'sms'],
      content: { body: { ru: 'Памятка для родителей: телефон доверия 111.' } },
    });
    const deliveries = await eventually(
      () => deliveriesOf(broadcast),
      (list) => list.length === 5 && list.every(finished),
      'WhatsApp broadcast with a fallback',
      60_000,
    );
    const of = (contact: Contact | undefined, channel: string) =>
      deliveries.find((d) => d.contactId === contact?.id && d.channel === channel);
    expect(of(contacts[0], 'whatsapp')?.status).toBe('read');
    expect(of(contacts[1], 'whatsapp')?.status).toBe('delivered');
    const lost = of(contacts[2], 'whatsapp');
    expect(lost).toMatchObject({ status: 'failed', reason: 'not_on_whatsapp' });
    expect(of(contacts[2], 'sms')).toMatchObject({ status: 'delivered', fallbackFrom: lost?.id });
    expect(of(contacts[3], 'whatsapp')).toMatchObject({
      status: 'failed',
      reason: 'not_on_whatsapp',
    });
    expect(of(contacts[3], 'sms')).toBeUndefined();
    expect(twilio.messages.map((m) => m.to)).toEqual(['+77012220003']);

    const progress = await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p) => p.status === 'completed',
      'completed',
    );
    expect(progress).toMatchObject({ recipients: 4, total: 5, fallbacks: 1 });
    // Two messages went out through the phone, at least the minimum interval apart however
    // long the number lookup before each took: the interval runs from the first one's answer.
    expect(phone.sent).toHaveLength(2);
    const [first, second] = phone.sent;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(MIN_INTERVAL_MS);
  });

  it('pauses the channel on a disconnect: messages wait, nothing fails, then they go out', async () => {
    const sentBefore = phone.sent.length;
    phone.disconnect('CONFLICT');
    await eventually(
      async () => events,
      (list) => list.some((e) => e.type === 'alert' && e.data.code === 'channel_disconnected'),
      'disconnect alert',
    );
    const broadcast = await client.broadcasts.create({
      orgId: associationId,
      segmentId,
      channels: ['whatsapp'],
      content: { body: { ru: 'Напоминание: родительское собрание в пятницу.' } },
    });
    // Planned, and held back: neither sent nor failed while the phone is away.
    const held = await eventually(
      () => deliveriesOf(broadcast),
      (list) => list.length === 4,
      'planned',
    );
    // The send worker has looked at each and deferred it (no attempt spent), not sent it.
    await eventually(
      () =>
        deferredSends(
          th.hub.store,
          held.map((d) => d.id),
        ),
      (deferred) => deferred === held.length,
      'deferred by the send worker',
    );
    expect((await deliveriesOf(broadcast)).map((d) => d.status)).toEqual(held.map(() => 'queued'));
    expect(phone.sent.length).toBe(sentBefore);

    await client.channels.startSession('whatsapp');
    const after = await eventually(
      () => deliveriesOf(broadcast),
      (list) => list.every(finished),
      'sent after reconnecting',
      60_000,
    );
    expect(after.filter((d) => d.status === 'failed').map((d) => d.reason)).toEqual([
      'not_on_whatsapp',
      'not_on_whatsapp',
    ]);
    expect(after.every((d) => d.attempts === 1)).toBe(true);
    expect(phone.sent.length).toBe(sentBefore + 2);
  });

  it('withdraws WhatsApp consent when a parent writes СТОП to the phone', async () => {
    phone.receive('+77012220002', 'СТОП');
    const updated = await eventually(
      () => client.contacts.get(contacts[1]?.id as string),
      (c) => c.consents.whatsapp?.status === 'revoked',
      'consent revoked',
    );
    expect(updated.consents.whatsapp?.source).toMatch(/STOP/);
    expect((await client.contacts.get(contacts[0]?.id as string)).consents.whatsapp?.status).toBe(
      'granted',
    );
  });

  it('raises a critical alert when WhatsApp blocks the number', async () => {
    phone.banNext();
    const broadcast = await client.broadcasts.create({
      orgId: associationId,
      segmentId,
      channels: ['whatsapp'],
      content: { body: { ru: 'Ещё одно напоминание.' } },
    });
    await eventually(
      async () => events,
      (list) =>
        list.some(
          (e) =>
            e.type === 'alert' &&
            e.data.code === 'channel_failed' &&
            e.data.severity === 'critical',
        ),
      'ban alert',
      30_000,
    );
    expect((await client.channels.session('whatsapp')).state).toBe('failed');
    // The message WhatsApp refused fails for good (sending it again from a blocked number
    // cannot work) and is free to fall back; the rest wait for the phone, not failed.
    const list = await eventually(
      () => deliveriesOf(broadcast),
      (items) => items.some((d) => d.status === 'failed'),
      'ban settled',
    );
    expect(list.find((d) => d.contactId === contacts[0]?.id)).toMatchObject({
      status: 'failed',
      reason: 'provider_rejected',
    });
    // The parent who wrote СТОП is not even planned on WhatsApp, and the reason says so.
    expect(list.find((d) => d.contactId === contacts[1]?.id)).toMatchObject({
      status: 'suppressed',
      reason: 'opted_out',
    });
    // Numbers looked up before the ban failed as before; the others wait for the phone.
    for (const other of [contacts[2], contacts[3]]) {
      const delivery = list.find((d) => d.contactId === other?.id);
      expect(['queued', 'sending', 'failed:not_on_whatsapp']).toContain(
        delivery?.status === 'failed' ? `failed:${delivery.reason}` : delivery?.status,
      );
    }
  });

  it('hands a message held by the blocked phone to SMS once the fallback time has passed', async () => {
    const parent = await client.contacts.create({
      orgId: associationId,
      role: 'parent',
      language: 'kk',
      addresses: { phone: '+77012220005', whatsapp: '+77012220005' },
      consents: { whatsapp: granted, sms: granted },
    });
    phone.registered.add('77012220005');
    const segment = await client.segments.create({
      orgId: associationId,
      name: 'Kazakh parents',
      query: { underOrgIds: [associationId], languages: ['kk'] },
    });
    const broadcast = await client.broadcasts.create({
      orgId: associationId,
      segmentId: segment.id,
      channels: ['whatsapp', 'sms'],
      fallbackAfterSeconds: 2,
      content: { body: { kk: 'Жадынама: сенім телефоны 111.' } },
    });
    const list = await eventually(
      () => deliveriesOf(broadcast),
      (items) => items.some((d) => d.channel === 'sms' && d.status === 'delivered'),
      'SMS after the paused WhatsApp',
      30_000,
    );
    const held = list.find((d) => d.contactId === parent.id && d.channel === 'whatsapp');
    expect(held).toMatchObject({ status: 'failed', reason: 'channel_paused', attempts: 0 });
    expect(list.find((d) => d.contactId === parent.id && d.channel === 'sms')?.fallbackFrom).toBe(
      held?.id,
    );
    expect(twilio.messages.at(-1)?.to).toBe('+77012220005');
  });
});

it('an api-only process (safenet-hub api) launches no browser: the phone is held by workers', async () => {
  const phone = new FakeWhatsAppClient({ paired: true });
  await using th = await startTestHub({
    workers: false,
    whatsappWebClient: phone,
    env: { SAFENET_WHATSAPP_WEB: 'true' },
  });
  expect(th.hub.channels.adapters.some((adapter) => adapter.pairing)).toBe(true);
  expect(phone.initializations).toBe(0);
});
