import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createWhatsAppCloudAdapter,
  type InboundRequest,
  type StatusUpdate,
} from '@safenet/channels';
import type { Language } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { startWhatsAppCloudServer } from '../support/whatsapp-cloud-server.js';
import { channelContract, context, expectSafenetError, outgoing } from './channel.contract.js';
import {
  cloudAdapter,
  cloudHarness,
  TEMPLATES,
  VERIFY_TOKEN,
  whatsappCloudTarget,
} from './whatsapp-cloud.harness.js';

channelContract(whatsappCloudTarget);

/** A loopback endpoint playing the hub's webhook route: it records each request as received. */
async function startHookEndpoint(answer: (request: InboundRequest) => number = () => 200) {
  const received: InboundRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: InboundRequest = {
        method: req.method ?? '',
        url: `http://127.0.0.1:${port}${req.url ?? '/'}`,
        headers: req.headers,
        rawBody: Buffer.concat(chunks),
      };
      received.push(request);
      res.writeHead(answer(request)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/whatsapp-cloud`,
    received,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('whatsapp-cloud adapter', () => {
  it('declares 80 messages/s by default, or what the config says', async () => {
    await using harness = await cloudHarness();
    expect(harness.adapter.pacing).toEqual({ perSecond: 80 });
    expect(cloudAdapter(harness.cloud, { messagesPerSecond: 250 }).pacing).toEqual({
      perSecond: 250,
    });
  });

  it.each(Object.entries(TEMPLATES) as [Language, { name: string; language: string }][])(
    'sends %s as the language’s template, title {{1}} and text {{2}} on one line',
    async (language, template) => {
      await using harness = await cloudHarness({ templates: TEMPLATES });
      const message = outgoing('+77012345678', language);

      const result = await harness.adapter.send(message, context());

      const [accepted] = harness.cloud.accepted;
      expect(result).toEqual({ status: 'sent', providerMessageId: accepted?.id });
      expect(accepted?.id).toMatch(/^wamid\./);
      const [request] = harness.cloud.requests;
      expect(request?.authorization).toBe(`Bearer ${harness.cloud.credentials.accessToken}`);
      expect(request?.path).toBe(`/v21.0/${harness.cloud.credentials.phoneNumberId}/messages`);
      expect(request?.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '77012345678',
        biz_opaque_callback_data: message.deliveryId,
        type: 'template',
        template: {
          name: template.name,
          language: { code: template.language },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: message.title },
                { type: 'text', text: message.body.replace('\n\n', ' · ') },
              ],
            },
          ],
        },
      });
    },
  );

  it('sends free text with a link preview to a language without a template', async () => {
    await using harness = await cloudHarness({ templates: { ru: TEMPLATES.ru } });
    const message = outgoing('+84912345678', 'vi', { body: 'Xem https://example.vn\n\nNhé' });

    await harness.adapter.send(message, context());

    expect(harness.cloud.requests[0]?.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '84912345678',
      biz_opaque_callback_data: message.deliveryId,
      type: 'text',
      text: { body: `*${message.title}*\n\nXem https://example.vn\n\nNhé`, preview_url: true },
    });
  });

  it('uses the first line of the text as {{1}} when the message has no title', async () => {
    await using harness = await cloudHarness({ templates: TEMPLATES });
    await harness.adapter.send(
      outgoing('+77012345678', 'kk', { title: null, body: 'Жиналыс жұмада.\nКеліңіз.' }),
      context(),
    );
    const payload = harness.cloud.accepted[0]?.payload;
    expect(payload?.template?.components?.[0]?.parameters).toEqual([
      { type: 'text', text: 'Жиналыс жұмада.' },
      { type: 'text', text: 'Жиналыс жұмада. Келіңіз.' },
    ]);
  });

  it('refuses template mode without a template for the language, sending nothing', async () => {
    await using harness = await cloudHarness({ mode: 'template', templates: { ru: TEMPLATES.ru } });
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('+77012345678', 'kk'), context()),
      'provider_rejected',
      false,
    );
    expect(error.reason).toBe('template_required');
    expect(harness.cloud.requests).toEqual([]);
  });

  it('refuses an address that is not E.164 without calling WhatsApp', async () => {
    await using harness = await cloudHarness();
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('8 701 234 56 78'), context()),
      'provider_rejected',
      false,
    );
    expect(error.reason).toBe('invalid_address');
    expect(harness.cloud.requests).toEqual([]);
  });

  it.each([
    ['+77000131026', 'not_on_whatsapp', '131026'],
    ['+77000131047', 'template_required', '131047'],
    ['+77000131051', 'provider_rejected', '131051'],
  ])('fails %s for good with reason %s', async (to, reason, providerCode) => {
    await using harness = await cloudHarness({ mode: 'text' });
    const error = await expectSafenetError(
      harness.adapter.send(outgoing(to), context()),
      'provider_rejected',
      false,
    );
    expect(error).toMatchObject({ reason, providerCode });
  });

  it('reports an unknown template (132001) as template_required', async () => {
    await using harness = await cloudHarness({
      templates: { en: { name: 'not_approved', language: 'en_US' } },
    });
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('+77012345678', 'en'), context()),
      'provider_rejected',
      false,
    );
    expect(error).toMatchObject({ reason: 'template_required', providerCode: '132001' });
  });

  it('retries the throughput limit after Retry-After', async () => {
    await using harness = await cloudHarness();
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('+77000130429'), context()),
      'provider_unavailable',
      true,
    );
    expect(error).toMatchObject({ providerCode: '130429', retryAfterSeconds: 7 });
  });

  it('retries the per-recipient limit no sooner than a minute', async () => {
    await using harness = await cloudHarness();
    const error = await expectSafenetError(
      harness.adapter.send(outgoing('+77000131056'), context()),
      'provider_unavailable',
      true,
    );
    expect(error).toMatchObject({ providerCode: '131056', retryAfterSeconds: 60 });
  });

  it('retries a server error and a failure scripted with failNext, then sends', async () => {
    await using harness = await cloudHarness();
    await expectSafenetError(
      harness.adapter.send(outgoing('+77000000500'), context()),
      'provider_unavailable',
      true,
    );
    harness.cloud.failNext(1, { status: 400, code: 80007, message: 'Rate limit issues' });
    const message = outgoing('+77012345678');
    const error = await expectSafenetError(
      harness.adapter.send(message, context(1)),
      'provider_unavailable',
      true,
    );
    expect(error.providerCode).toBe('80007');
    await expect(harness.adapter.send(message, context(2))).resolves.toMatchObject({
      status: 'sent',
    });
  });

  it('retries a refused access token (190): the config is wrong, not the message', async () => {
    await using harness = await cloudHarness();
    const adapter = cloudAdapter(harness.cloud, { accessToken: 'expired' });
    const error = await expectSafenetError(
      adapter.send(outgoing('+77012345678'), context()),
      'provider_unavailable',
      true,
    );
    expect(error.providerCode).toBe('190');
    expect(harness.cloud.accepted).toEqual([]);
  });

  it('aborts a send in flight when the signal fires', async () => {
    // A Graph that never answers: only the abort can end the send.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const adapter = createWhatsAppCloudAdapter({
        phoneNumberId: '1',
        accessToken: 't',
        appSecret: 's',
        verifyToken: 'v',
        graphUrl: `http://127.0.0.1:${port}/v21.0`,
      });
      const controller = new AbortController();
      const sending = adapter.send(outgoing('+77012345678'), {
        signal: controller.signal,
        attempt: 1,
      });
      setTimeout(() => controller.abort(new Error('send timeout')), 50);
      const error = await expectSafenetError(sending, 'provider_unavailable', true);
      expect(error.message).toContain('aborted');
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('whatsapp-cloud webhooks', () => {
  it('parses the local Cloud API’s status webhooks into updates', async () => {
    await using hook = await startHookEndpoint();
    await using harness = await cloudHarness({ mode: 'text' }, { webhookUrl: hook.url });
    const read = await harness.adapter.send(outgoing('+84900000003', 'vi'), context());
    const failed = await harness.adapter.send(outgoing('+84900000004', 'vi'), context());
    const stale = await harness.adapter.send(outgoing('+84900000005', 'vi'), context());
    await harness.cloud.settled();

    const updates: StatusUpdate[] = [];
    for (const request of hook.received) {
      const events = await harness.adapter.parseWebhook!(request);
      expect(events.inbound).toEqual([]);
      updates.push(...events.statuses);
    }

    const of = (id: string | null) =>
      updates.filter((u) => u.providerMessageId === id).map(({ at: _, ...rest }) => rest);
    // A text message within the 24-hour window: Meta's pricing says a free service message.
    const pricing = {
      billable: false,
      pricingModel: 'PMP',
      category: 'service',
      type: 'free_customer_service',
    };
    expect(of(read.providerMessageId)).toEqual([
      { providerMessageId: read.providerMessageId, status: 'sent', pricing },
      { providerMessageId: read.providerMessageId, status: 'delivered', pricing },
      { providerMessageId: read.providerMessageId, status: 'read', pricing },
    ]);
    expect(of(failed.providerMessageId)).toEqual([
      { providerMessageId: failed.providerMessageId, status: 'sent', pricing },
      {
        providerMessageId: failed.providerMessageId,
        status: 'failed',
        errorCode: '131026',
        reason: 'not_on_whatsapp',
      },
    ]);
    expect(of(stale.providerMessageId)[1]).toMatchObject({
      status: 'failed',
      errorCode: '131047',
      reason: 'template_required',
    });
    for (const update of updates) {
      expect(Math.abs(update.at.getTime() - Date.now())).toBeLessThan(10_000);
    }
    expect(harness.cloud.webhookFailures).toEqual([]);
  });

  it('gives the same updates for replayed and reordered webhooks', async () => {
    await using hook = await startHookEndpoint();
    await using harness = await cloudHarness({ mode: 'text' }, { webhookUrl: hook.url });
    await harness.adapter.send(outgoing('+84900000003', 'vi'), context());
    await harness.cloud.settled();
    expect(hook.received).toHaveLength(3);

    const parse = async (requests: InboundRequest[]) =>
      (await Promise.all(requests.map((r) => harness.adapter.parseWebhook!(r)))).flatMap(
        (e) => e.statuses,
      );
    const inOrder = await parse(hook.received);
    const replayed = await parse([...hook.received].reverse().concat(hook.received));

    expect(replayed).toEqual([...inOrder].reverse().concat(inOrder));
  });

  it('refuses a forged, missing or foreign-secret signature as webhook_signature_invalid', async () => {
    await using hook = await startHookEndpoint();
    await using harness = await cloudHarness({ mode: 'text' }, { webhookUrl: hook.url });
    await harness.adapter.send(outgoing('+84900000003', 'vi'), context());
    await harness.cloud.settled();
    const genuine = hook.received[0]!;
    await expect(harness.adapter.parseWebhook!(genuine)).resolves.toBeDefined();

    const tampered = Buffer.from(genuine.rawBody.toString('utf8').replace('"sent"', '"read"'));
    const forgeries: InboundRequest[] = [
      { ...genuine, rawBody: tampered },
      { ...genuine, headers: { ...genuine.headers, 'x-hub-signature-256': undefined } },
      { ...genuine, headers: { ...genuine.headers, 'x-hub-signature-256': 'sha256=abc' } },
    ];
    const other = await startWhatsAppCloudServer({ appSecret: 'another-app' });
    forgeries.push({
      ...genuine,
      headers: { ...genuine.headers, 'x-hub-signature-256': other.sign(genuine.rawBody) },
    });
    await other.close();

    for (const forged of forgeries) {
      await expectSafenetError(
        harness.adapter.parseWebhook!(forged),
        'webhook_signature_invalid',
        false,
      );
    }
  });

  it('parses an inbound text with the sender in E.164', async () => {
    await using hook = await startHookEndpoint();
    await using harness = await cloudHarness({}, { webhookUrl: hook.url });
    const at = new Date('2026-04-10T09:30:00Z');

    expect(
      await harness.cloud.sendInbound({ from: '+77012345678', body: 'STOP', id: 'wamid.in1', at }),
    ).toBe(200);

    const events = await harness.adapter.parseWebhook!(hook.received[0]!);
    expect(events).toEqual({
      statuses: [],
      inbound: [{ from: '+77012345678', body: 'STOP', providerMessageId: 'wamid.in1', at }],
      newestEventAt: at,
    });
  });

  it('answers the subscription handshake only with the right verify token', async () => {
    await using harness = await cloudHarness();
    // The hub's GET route, reduced to the adapter call it makes.
    const endpoint = createServer((req, res) => {
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
      try {
        const challenge = harness.adapter.verifySubscription!(query);
        res.writeHead(200).end(challenge);
      } catch {
        res.writeHead(403).end();
      }
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/whatsapp-cloud`;
    try {
      const accepted = await harness.cloud.verify(url, VERIFY_TOKEN);
      expect(accepted).toMatchObject({ status: 200, body: accepted.challenge });
      await expect(harness.cloud.verify(url, 'wrong-token')).resolves.toMatchObject({
        status: 403,
        body: '',
      });
    } finally {
      endpoint.closeAllConnections();
      await new Promise<void>((resolve) => endpoint.close(() => resolve()));
    }
    expect(() =>
      harness.adapter.verifySubscription!({
        'hub.mode': 'unsubscribe',
        'hub.verify_token': VERIFY_TOKEN,
        'hub.challenge': '1',
      }),
    ).toThrow(expect.objectContaining({ code: 'webhook_verify_token_invalid' }));
  });
});
