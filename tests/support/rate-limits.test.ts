/**
 * The local providers' rate limits: a burst over the limit is refused the way the real
 * provider refuses it (Twilio 429 + Retry-After, Graph 130429) and counted as a breach;
 * traffic spaced under the limit never is. Requests go over real HTTP with the real clients
 * (the twilio library through the adapter, fetch for Graph).
 */
import {
  createTwilioSmsAdapter,
  createWhatsAppCloudAdapter,
  type OutgoingMessage,
  type SendContext,
} from '@safenet/channels';
import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window.js';
import { startTwilioServer } from './twilio-server.js';
import { startWhatsAppCloudServer } from './whatsapp-cloud-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const phone = (i: number) => `+7701${String(1_000_000 + i).slice(1)}`;
const message = (to: string, body: string): OutgoingMessage => ({
  deliveryId: `d-${to}`,
  broadcastId: 'b-1',
  orgId: 'o-1',
  contactId: `c-${to}`,
  to,
  language: 'ru',
  title: null,
  body,
});
const context = (): SendContext => ({ attempt: 1, signal: new AbortController().signal });

describe('RateWindow', () => {
  it('admits up to the limit within a second, then says when the oldest unit leaves', () => {
    const window = new RateWindow(3);
    for (const at of [0, 100, 200]) {
      expect(window.wait(at, 1)).toBe(0);
      window.record(at, 1);
    }
    expect(window.wait(300, 1)).toBe(700);
    expect(window.wait(1000, 1)).toBe(0);
  });

  it('counts units, and lets one request larger than the limit through an empty window', () => {
    const window = new RateWindow(4);
    expect(window.wait(0, 6)).toBe(0);
    window.record(0, 6);
    expect(window.wait(10, 1)).toBe(990);
    window.record(1000, 3);
    expect(window.wait(1001, 2)).toBe(999);
    expect(window.wait(1001, 1)).toBe(0);
  });
});

describe('Twilio server limit', () => {
  it('refuses a burst over messagesPerSecond with 429 20429 and Retry-After, counting breaches', async () => {
    await using twilio = await startTwilioServer({
      limit: { messagesPerSecond: 5 },
      statusCallbacks: false,
    });
    const form = (to: string) =>
      new URLSearchParams({ To: to, From: '+15005550006', Body: 'Памятка' }).toString();
    const auth = Buffer.from(
      `${twilio.credentials.accountSid}:${twilio.credentials.authToken}`,
    ).toString('base64');
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${twilio.url}/2010-04-01/Accounts/${twilio.credentials.accountSid}/Messages.json`, {
          method: 'POST',
          headers: {
            authorization: `Basic ${auth}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: form(phone(i)),
        }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429, 429]);
    const refused = replies.find((r) => r.status === 429);
    expect(refused?.headers.get('retry-after')).toBe('1');
    expect(await refused?.json()).toEqual({
      code: 20429,
      message: 'Too Many Requests',
      more_info: 'https://www.twilio.com/docs/errors/20429',
      status: 429,
    });
    expect(twilio.breaches).toBe(3);
    expect(twilio.messages).toHaveLength(5);
    expect(twilio.arrivals).toHaveLength(5);
    expect(twilio.webhooks).toHaveLength(0);
  });

  it('counts segments: a Cyrillic 71-character SMS is two of segmentsPerSecond', async () => {
    await using twilio = await startTwilioServer({ limit: { segmentsPerSecond: 3 } });
    const sms = createTwilioSmsAdapter({
      ...twilio.credentials,
      from: '+15005550006',
      apiBaseUrl: twilio.url,
    });
    const ctx = context();
    const long = 'я'.repeat(71);
    await sms.send(message(phone(1), long), ctx);
    await sms.send(message(phone(2), 'да'), ctx);
    const error = await sms.send(message(phone(3), 'да'), ctx).catch((e: unknown) => e);
    expect(error).toMatchObject({ providerCode: '20429', retryAfterSeconds: 1 });
    expect(twilio.breaches).toBe(1);
    expect(twilio.messages.map((m) => m.segments)).toEqual([2, 1]);
    await sms.close();
  });

  it('never refuses sends spaced under the limit', async () => {
    await using twilio = await startTwilioServer({
      limit: { messagesPerSecond: 20, segmentsPerSecond: 20 },
      statusCallbacks: false,
    });
    const sms = createTwilioSmsAdapter({
      ...twilio.credentials,
      from: '+15005550006',
      apiBaseUrl: twilio.url,
    });
    const ctx = context();
    // 15 a second for 1.6 s: any trailing second holds at most 16 < 20.
    for (let i = 0; i < 24; i += 1) {
      await sms.send(message(phone(i), 'Телефон доверия 111'), ctx);
      await sleep(1000 / 15);
    }
    expect(twilio.breaches).toBe(0);
    expect(twilio.messages).toHaveLength(24);
    await sms.close();
  });
});

describe('WhatsApp Cloud server limit', () => {
  const send = (graphUrl: string, phoneNumberId: string, token: string, to: string) =>
    fetch(`${graphUrl}/${phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        to,
        type: 'text',
        text: { body: 'Сенім телефоны: 111' },
      }),
    });

  it('refuses a burst over messagesPerSecond with Graph’s 130429, counting breaches', async () => {
    await using cloud = await startWhatsAppCloudServer({ limit: { messagesPerSecond: 4 } });
    const { phoneNumberId, accessToken } = cloud.credentials;
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        send(cloud.graphUrl, phoneNumberId, accessToken, phone(i).slice(1)),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 400, 400]);
    const refused = replies.find((r) => r.status === 400);
    expect(await refused?.json()).toMatchObject({
      error: {
        message: '(#130429) Rate limit hit',
        type: 'OAuthException',
        code: 130429,
        error_data: {
          messaging_product: 'whatsapp',
          details: 'Cloud API message throughput has been reached.',
        },
      },
    });
    expect(cloud.breaches).toBe(2);
    expect(cloud.accepted).toHaveLength(4);
    expect(cloud.arrivals).toHaveLength(4);
  });

  it('is read by the adapter as retryable, and spaced sends are never refused', async () => {
    await using cloud = await startWhatsAppCloudServer({ limit: { messagesPerSecond: 20 } });
    const adapter = createWhatsAppCloudAdapter({
      ...cloud.credentials,
      verifyToken: 'verify',
      graphUrl: cloud.graphUrl,
    });
    const ctx = context();
    for (let i = 0; i < 24; i += 1) {
      await adapter.send(message(phone(i), 'Сенім телефоны: 111'), ctx);
      await sleep(1000 / 15);
    }
    expect(cloud.breaches).toBe(0);
    const burst = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        adapter.send(message(phone(100 + i), 'Сенім'), ctx).catch((e: unknown) => e),
      ),
    );
    const refused = burst.filter((r) => r instanceof Error);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toMatchObject({ code: 'provider_unavailable', providerCode: '130429' });
    expect(cloud.breaches).toBe(refused.length);
    await adapter.close?.();
  });
});
