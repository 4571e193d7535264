import type { InboundRequest, ZaloTokens } from '@safenet/channels';
import { describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { context, expectSafenetError, outgoing, SAMPLES } from './channel.contract.js';
/** The channel contract runs in channels.test.ts; here is what only Zalo has. */
import { TEMPLATES, zaloHarness } from './zalo.harness.js';

const FOLLOWER = '4572947693969771653';

describe('zalo-oa adapter', () => {
  it('sends each language’s ZNS template with its parameters, Vietnamese intact', async () => {
    await using harness = await zaloHarness();
    const message = outgoing('+84912345678', 'vi');

    const result = await harness.adapter.send(message, context());

    const [accepted] = harness.zalo.accepted;
    expect(result).toEqual({ status: 'sent', providerMessageId: accepted?.id });
    expect(harness.zalo.requests[0]).toMatchObject({
      path: '/message/template',
      accessToken: harness.zalo.credentials.accessToken,
      body: {
        phone: '84912345678',
        template_id: TEMPLATES.vi.templateId,
        template_data: {
          tieu_de: SAMPLES.vi.title,
          noi_dung: SAMPLES.vi.body,
          truong: 'THCS Gia Lâm',
        },
        tracking_id: message.deliveryId,
      },
    });
  });

  it('sends a follower OA text: the title, a blank line, the text', async () => {
    await using harness = await zaloHarness();
    const message = outgoing(FOLLOWER, 'ru');

    await harness.adapter.send(message, context());

    expect(harness.zalo.accepted).toMatchObject([
      {
        kind: 'oa',
        to: FOLLOWER,
        payload: {
          recipient: { user_id: FOLLOWER },
          message: { text: `${SAMPLES.ru.title}\n\n${SAMPLES.ru.body}` },
        },
      },
    ]);
  });

  it.each([
    ['+84900000118', 'not_on_zalo'],
    ['+84900000139', 'opted_out'],
    ['+84900000108', 'invalid_address'],
  ])('maps Zalo’s refusal of %s to %s', async (to, reason) => {
    await using harness = await zaloHarness();
    const error = await expectSafenetError(
      harness.adapter.send(outgoing(to, 'vi'), context()),
      'provider_rejected',
      false,
    );
    expect(error.reason).toBe(reason);
  });

  it('maps a follower outside the 7-day window (-230) to template_required', async () => {
    await using harness = await zaloHarness(
      {},
      { script: (to) => (to === FOLLOWER ? { error: -230 } : {}) },
    );
    const error = await expectSafenetError(
      harness.adapter.send(outgoing(FOLLOWER), context()),
      'provider_rejected',
      false,
    );
    expect(error).toMatchObject({ reason: 'template_required', providerCode: '-230' });
  });

  it('holds the channel until the next Vietnamese day once the daily ZNS quota is used up', async () => {
    await using harness = await zaloHarness({}, { znsDailyQuota: 2 });
    for (const n of [1, 2])
      await harness.adapter.send(outgoing(`+8491000000${n}`, 'vi'), context());
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('+84910000003', 'vi'), context()),
      'provider_unavailable',
      true,
    );
    expect(error).toMatchObject({ providerCode: '-144', throttlesChannel: true });
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(24 * 3600);
  });

  it('over the stand-in’s rate limit gets Zalo’s -32, which backs the whole channel off', async () => {
    await using harness = await zaloHarness({}, { limit: { messagesPerSecond: 3 } });
    const sends = Array.from({ length: 5 }, (_, i) =>
      harness.adapter.send(outgoing(i < 3 ? `+8491000003${i}` : FOLLOWER, 'vi'), context()),
    );
    const results = await Promise.allSettled(sends);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(harness.zalo.breaches).toBe(2);
    expect(harness.zalo.accepted).toHaveLength(3);
    expect(harness.zalo.arrivals).toHaveLength(3);
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(result.reason).toMatchObject({
        code: 'provider_unavailable',
        retryable: true,
        throttlesChannel: true,
        providerCode: '-32',
      });
    }
  });

  it('refreshes once when the OA API calls the token expired (-220) rather than unknown', async () => {
    await using harness = await zaloHarness();
    harness.zalo.expireToken();
    const url = `${harness.zalo.urls.openApiUrl}/v3.0/oa/message/cs`;
    const ask = (token: string) =>
      fetch(url, {
        method: 'POST',
        headers: { access_token: token, 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: { user_id: FOLLOWER }, message: { text: 'Chào' } }),
      }).then((r) => r.json());
    expect(await ask(harness.zalo.credentials.accessToken)).toMatchObject({ error: -220 });
    expect(await ask('never-issued')).toMatchObject({ error: -216 });

    await harness.adapter.send(outgoing(FOLLOWER), context());

    expect(harness.zalo.refreshes).toBe(1);
    const oa = harness.zalo.requests.filter((r) => r.path === '/v3.0/oa/message/cs');
    expect(oa).toHaveLength(4);
    expect(harness.zalo.accepted).toHaveLength(1);
  });

  it('fails a language without a template before calling Zalo', async () => {
    await using harness = await zaloHarness({ templates: { vi: TEMPLATES.vi } });
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('+84912345678', 'kk'), context()),
      'provider_rejected',
      false,
    );
    expect(error.reason).toBe('template_required');
    expect(harness.zalo.requests).toEqual([]);
  });

  it('refreshes the token before it expires, through renew with the held pair', async () => {
    const stored: ZaloTokens[] = [];
    let clock = Date.now();
    const expiresAt = new Date(clock + 3_600_000);
    await using harness = await zaloHarness(
      { accessTokenExpiresAt: expiresAt },
      {},
      {
        now: () => clock,
        async renew(spend, held) {
          expect(held.expiresAt).toEqual(expiresAt);
          const next = await spend(held.refreshToken);
          stored.push(next);
          return next;
        },
      },
    );
    await harness.adapter.send(outgoing('+84910000001', 'vi'), context());
    expect(harness.zalo.refreshes).toBe(0);

    clock = expiresAt.getTime() - 4 * 60_000;
    await harness.adapter.send(outgoing('+84910000002', 'vi'), context());

    expect(harness.zalo.refreshes).toBe(1);
    const refresh = harness.zalo.requests.find((r) => r.path === '/v4/oa/access_token');
    expect(refresh).toMatchObject({
      secretKey: harness.zalo.credentials.appSecret,
      body: {
        app_id: harness.zalo.credentials.appId,
        refresh_token: harness.zalo.credentials.refreshToken,
        grant_type: 'refresh_token',
      },
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.expiresAt).toEqual(new Date(clock + 90_000_000));
    expect(harness.zalo.requests.at(-1)?.accessToken).toBe(stored[0]?.accessToken);
  });

  it('on an expired token mid-broadcast refreshes once and sends no message twice', async () => {
    await using harness = await zaloHarness();
    const first = Array.from({ length: 5 }, (_, i) => outgoing(`+849100000${10 + i}`, 'vi'));
    await Promise.all(first.map((m) => harness.adapter.send(m, context())));
    harness.zalo.expireToken();
    const rest = Array.from({ length: 15 }, (_, i) =>
      outgoing(i % 3 ? `+849100000${20 + i}` : FOLLOWER, i % 2 ? 'vi' : 'en'),
    );

    await Promise.all(rest.map((m) => harness.adapter.send(m, context())));

    expect(harness.zalo.refreshes).toBe(1);
    const ids = harness.zalo.accepted.map((m) => m.payload.tracking_id ?? m.payload.message?.text);
    expect(harness.zalo.accepted).toHaveLength(20);
    const tracked = harness.zalo.accepted.flatMap((m) => m.payload.tracking_id ?? []);
    expect(new Set(tracked).size).toBe(tracked.length);
    expect(ids).toHaveLength(20);
  });

  it('reports a refresh token Zalo refuses as retryable, holding the channel, with no token in the message', async () => {
    await using harness = await zaloHarness({
      refreshToken: 'spent-refresh-token',
      accessTokenExpiresAt: new Date(0),
    });
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('+84912345678', 'vi'), context()),
      'provider_unavailable',
      true,
    );
    expect(error.throttlesChannel).toBe(true);
    expect(error.message).not.toContain('spent-refresh-token');
    expect(harness.zalo.accepted).toEqual([]);
  });

  it('parses signed delivery and seen events into statuses, and refuses a forged one', async () => {
    const requests: InboundRequest[] = [];
    await using receiver = await startWebhookReceiver((req) => {
      requests.push({
        method: 'POST',
        url: `http://127.0.0.1${req.path}`,
        headers: req.headers,
        rawBody: Buffer.from(req.body),
      });
      return { status: 200 };
    });
    await using harness = await zaloHarness(
      {},
      {
        webhookUrl: `${receiver.url}/v1/webhooks/zalo-oa`,
        events: ['user_received_message', 'user_seen_message'],
      },
    );
    const { providerMessageId } = await harness.adapter.send(
      outgoing('+84912345678', 'vi'),
      context(),
    );
    await harness.zalo.settled();
    await harness.zalo.postEvent(
      {
        event_name: 'user_received_message',
        message: { msg_id: 'forged' },
        timestamp: String(Date.now()),
      },
      { forged: true },
    );

    const [delivered, seen, forged] = requests;
    const parse = harness.adapter.parseWebhook;
    if (!parse || !delivered || !seen || !forged) throw new Error('expected three webhooks');
    expect((await parse(delivered)).statuses).toEqual([
      { providerMessageId, status: 'delivered', at: expect.any(Date) },
    ]);
    expect((await parse(seen)).statuses).toEqual([
      { providerMessageId, status: 'read', at: expect.any(Date) },
    ]);
    await expect(parse(forged)).rejects.toMatchObject({ code: 'webhook_signature_invalid' });
  });

  it('declares its pace, delivery reports and a banner line without secrets', async () => {
    await using harness = await zaloHarness();
    expect(harness.adapter.pacing).toEqual({ perSecond: 10 });
    expect(harness.adapter.reportsDelivery).toBe(true);
    const line = harness.adapter.describe?.() ?? '';
    expect(line).toContain('10 messages/s');
    for (const secret of Object.values(harness.zalo.credentials).slice(1))
      expect(line).not.toContain(secret);
  });
});
