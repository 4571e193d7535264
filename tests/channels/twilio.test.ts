/**
 * The Twilio SMS adapter against the local Twilio server: the channel contract, then what
 * only SMS through Twilio has — error codes, Retry-After, signed status callbacks, inbound
 * replies and segment counting.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ChannelAdapter,
  createTwilioSmsAdapter,
  type InboundRequest,
  type TwilioSmsAdapter,
  type TwilioSmsConfigInput,
  type WebhookEvents,
} from '@safenet/channels';
import { parseConsentKeyword, SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import {
  type RecipientScript,
  startTwilioServer,
  TEST_AUTH_TOKEN,
  type TwilioServerOptions,
  type TwilioTestServer,
  twilioSignature,
} from '../support/twilio-server.js';
import {
  type ChannelHarness,
  type ContractTarget,
  channelContract,
  context,
  expectSafenetError,
  outgoing,
  type Receipt,
} from './channel.contract.js';

const FROM = '+15005550006';

/** Recipients the local server treats specially. */
const NUMBERS = {
  optedOut: '+77010000001',
  invalid: '+77010000002',
  regionOff: '+84900000003',
  unavailable: '+77010000004',
  undelivered: '+77010000005',
  failed: '+84900000006',
} as const;

const SCRIPT = (to: string): RecipientScript | undefined => {
  switch (to) {
    case NUMBERS.optedOut:
      return {
        reject: { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
      };
    case NUMBERS.invalid:
      return {
        reject: { status: 400, code: 21614, message: `'To' number is not a valid mobile number` },
      };
    case NUMBERS.regionOff:
      return {
        reject: {
          status: 400,
          code: 21408,
          message: 'Permission to send an SMS has not been enabled for the region',
        },
      };
    case NUMBERS.unavailable:
      return { reject: { status: 503, code: 20503, message: 'Service unavailable' } };
    case NUMBERS.undelivered:
      return { finalStatus: 'undelivered', errorCode: 30005 };
    case NUMBERS.failed:
      return { finalStatus: 'failed', errorCode: 21610 };
    default:
      return undefined;
  }
};

function twilioAdapter(twilio: TwilioTestServer, config: Partial<TwilioSmsConfigInput> = {}) {
  return createTwilioSmsAdapter({
    ...twilio.credentials,
    from: FROM,
    apiBaseUrl: twilio.url,
    ...config,
  });
}

/**
 * SMS carries no delivery id, so the harness remembers which message each SID the adapter
 * returned belongs to, and reads title and body back out of the text Twilio received.
 */
async function twilioHarness(
  options: TwilioServerOptions = {},
): Promise<ChannelHarness & { twilio: TwilioTestServer }> {
  const twilio = await startTwilioServer({ script: SCRIPT, ...options });
  const inner = twilioAdapter(twilio);
  const bySid = new Map<string, { deliveryId: string; title: string | null }>();
  const adapter: ChannelAdapter = {
    ...inner,
    async send(message, ctx) {
      const result = await inner.send(message, ctx);
      if (result.providerMessageId) {
        bySid.set(result.providerMessageId, {
          deliveryId: message.deliveryId,
          title: message.title,
        });
      }
      return result;
    },
  };
  return {
    twilio,
    adapter,
    received: async () =>
      twilio.messages.map((sms): Receipt => {
        const sent = bySid.get(sms.sid);
        const prefix = sent?.title ? `${sent.title}\n\n` : '';
        const titled = prefix !== '' && sms.body.startsWith(prefix);
        return {
          to: sms.to,
          deliveryId: sent?.deliveryId ?? '',
          title: titled ? (sent?.title ?? null) : null,
          body: titled ? sms.body.slice(prefix.length) : sms.body,
        };
      }),
    async [Symbol.asyncDispose]() {
      await inner.close();
      await twilio.close();
    },
  };
}

const twilioTarget: ContractTarget = {
  name: 'twilio',
  channel: 'sms',
  provider: 'twilio',
  status: 'sent',
  // The title is the first paragraph of the SMS; the harness checks it arrives intact.
  keepsTitle: true,
  address: (n) => `+7701${String(1_000_000 + n).padStart(7, '0')}`,
  setup: () => twilioHarness(),
  failures: {
    permanent: NUMBERS.invalid,
    transient: NUMBERS.unavailable,
    async unreachable() {
      const gone = await startTwilioServer();
      await gone.close();
      return twilioAdapter(gone);
    },
  },
};

channelContract(twilioTarget);

/** A stand-in for the hub's public webhook route: records each request as it arrived. */
async function startHubEndpoint() {
  const requests: InboundRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? 'POST',
        url: `${url}${request.url ?? '/'}`,
        headers: request.headers,
        rawBody: Buffer.concat(chunks),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { url, requests, close, [Symbol.asyncDispose]: close };
}

describe('twilio adapter', () => {
  describe('sending', () => {
    it('sends title, blank line, body from the configured number', async () => {
      await using twilio = await startTwilioServer();
      const adapter = twilioAdapter(twilio);
      const message = outgoing('+77012345678', 'kk');

      const result = await adapter.send(message, context());

      expect(twilio.messages).toEqual([
        expect.objectContaining({
          sid: result.providerMessageId,
          to: '+77012345678',
          from: FROM,
          messagingServiceSid: null,
          statusCallback: null,
          body: `${message.title}\n\n${message.body}`,
        }),
      ]);
      expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    });

    it('sends through a Messaging Service with the status callback URL', async () => {
      await using twilio = await startTwilioServer();
      const messagingServiceSid = `MG${'ab'.repeat(16)}`;
      const adapter = twilioAdapter(twilio, {
        from: undefined,
        messagingServiceSid,
        statusCallbackUrl: 'https://hub.example.org/webhooks/sms/twilio?org=kz',
      });

      await adapter.send(outgoing('+84912345678', 'vi', { title: null }), context());

      expect(twilio.messages[0]).toMatchObject({
        from: null,
        messagingServiceSid,
        statusCallback: 'https://hub.example.org/webhooks/sms/twilio?org=kz',
      });
    });

    it('signs in with the account credentials: a wrong token is a retryable configuration error', async () => {
      await using twilio = await startTwilioServer();
      const adapter = twilioAdapter(twilio, { authToken: 'not-the-token' });

      const error = await expectSafenetError(
        adapter.send(outgoing('+77012345678'), context()),
        'provider_unavailable',
        true,
      );
      expect(error).toMatchObject({ providerCode: '20003' });
      expect(twilio.messages).toEqual([]);
    });
  });

  describe('refusals', () => {
    it.each([
      [NUMBERS.optedOut, '21610', 'opted_out'],
      [NUMBERS.invalid, '21614', 'invalid_address'],
      [NUMBERS.regionOff, '21408', 'provider_rejected'],
    ])('refuses %s for good with code %s and reason %s', async (to, providerCode, reason) => {
      await using twilio = await startTwilioServer({ script: SCRIPT });
      const adapter = twilioAdapter(twilio);

      const error = await expectSafenetError(
        adapter.send(outgoing(to, 'ru'), context()),
        'provider_rejected',
        false,
      );
      expect(error).toMatchObject({ providerCode, reason });
    });

    it('refuses a number that is not E.164 as invalid_address (21211)', async () => {
      await using twilio = await startTwilioServer();
      const adapter = twilioAdapter(twilio);

      const error = await expectSafenetError(
        adapter.send(outgoing('87012345678'), context()),
        'provider_rejected',
        false,
      );
      expect(error).toMatchObject({ providerCode: '21211', reason: 'invalid_address' });
    });

    it('retries a 429 after the Retry-After Twilio sent, then succeeds', async () => {
      await using twilio = await startTwilioServer();
      const adapter = twilioAdapter(twilio);
      twilio.failNext(1, 429, 7);

      const error = await expectSafenetError(
        adapter.send(outgoing('+77012345678'), context()),
        'provider_unavailable',
        true,
      );
      expect(error).toMatchObject({ providerCode: '20429', retryAfterSeconds: 7 });

      await expect(adapter.send(outgoing('+77012345678'), context(2))).resolves.toMatchObject({
        status: 'sent',
      });
      expect(twilio.messages).toHaveLength(1);
    });

    it('retries a 500 without a Retry-After', async () => {
      await using twilio = await startTwilioServer();
      const adapter = twilioAdapter(twilio);
      twilio.failNext(1, 500);

      const error = await expectSafenetError(
        adapter.send(outgoing('+77012345678'), context()),
        'provider_unavailable',
        true,
      );
      expect(error.retryAfterSeconds).toBeUndefined();
      expect(error.providerCode).toBe('20500');
    });
  });

  describe('cost and pacing', () => {
    it('costs SMS segments: 71 Cyrillic characters are two UCS-2 parts', async () => {
      await using twilio = await startTwilioServer();
      const adapter = twilioAdapter(twilio, { segmentsPerSecond: 3 });
      const long = outgoing('+77012345678', 'ru', { title: null, body: 'Ж'.repeat(71) });
      const short = outgoing('+77012345678', 'ru', { title: null, body: 'Ж'.repeat(70) });
      const latin = outgoing('+77012345678', 'en', { title: null, body: 'a'.repeat(160) });

      expect(adapter.cost(long)).toBe(2);
      expect(adapter.cost(short)).toBe(1);
      expect(adapter.cost(latin)).toBe(1);
      expect(adapter.pacing).toEqual({ unitsPerSecond: 3 });

      await adapter.send(long, context());
      expect(twilio.messages[0]?.segments).toBe(2);
    });

    it('counts the title into the cost', async () => {
      await using twilio = await startTwilioServer();
      const adapter = twilioAdapter(twilio);
      // 65 letters fit one UCS-2 part; with "Памятка" and a blank line (74) they need two.
      const body = 'Ж'.repeat(65);

      expect(adapter.cost(outgoing('+77012345678', 'ru', { title: null, body }))).toBe(1);
      expect(adapter.cost(outgoing('+77012345678', 'ru', { title: 'Памятка', body }))).toBe(2);
    });
  });

  describe('status callbacks', () => {
    async function deliverAndCollect(to: string) {
      const hub = await startHubEndpoint();
      const twilio = await startTwilioServer({ script: SCRIPT });
      const adapter = twilioAdapter(twilio, { statusCallbackUrl: `${hub.url}/webhooks/twilio` });
      const { providerMessageId } = await adapter.send(outgoing(to, 'ru'), context());
      await twilio.idle();
      return {
        hub,
        twilio,
        adapter,
        providerMessageId,
        async [Symbol.asyncDispose]() {
          await twilio.close();
          await hub.close();
        },
      };
    }

    /** Parses the callbacks one by one, in the order the hub received them. */
    async function parseAll(adapter: TwilioSmsAdapter, requests: InboundRequest[]) {
      const events: WebhookEvents[] = [];
      for (const request of requests) events.push(await adapter.parseWebhook(request));
      return events;
    }

    it('reads queued → sent → delivered as sent, then delivered', async () => {
      await using run = await deliverAndCollect('+77012345678');
      const { adapter, hub, providerMessageId } = run;
      expect(hub.requests).toHaveLength(3);

      const events = await parseAll(adapter, hub.requests);

      expect(events.map((e) => e.inbound)).toEqual([[], [], []]);
      expect(events.flatMap((e) => e.statuses)).toEqual([
        { providerMessageId, status: 'sent', at: expect.any(Date) },
        { providerMessageId, status: 'delivered', at: expect.any(Date) },
      ]);
    });

    it('reads undelivered 30005 as failed with reason invalid_address', async () => {
      await using run = await deliverAndCollect(NUMBERS.undelivered);
      const events = await parseAll(run.adapter, run.hub.requests);

      expect(events.flatMap((e) => e.statuses)).toEqual([
        { providerMessageId: run.providerMessageId, status: 'sent', at: expect.any(Date) },
        {
          providerMessageId: run.providerMessageId,
          status: 'failed',
          errorCode: '30005',
          reason: 'invalid_address',
          at: expect.any(Date),
        },
      ]);
    });

    it('reads failed 21610 as failed with reason opted_out', async () => {
      await using run = await deliverAndCollect(NUMBERS.failed);
      const events = await parseAll(run.adapter, run.hub.requests);

      expect(events.flatMap((e) => e.statuses)).toEqual([
        {
          providerMessageId: run.providerMessageId,
          status: 'failed',
          errorCode: '21610',
          reason: 'opted_out',
          at: expect.any(Date),
        },
      ]);
    });

    it('gives the same updates when Twilio replays a webhook', async () => {
      await using run = await deliverAndCollect('+77012345678');
      const delivered = run.hub.requests[2];
      if (!delivered) return expect.unreachable('no delivered callback');

      const first = await run.adapter.parseWebhook(delivered);
      const again = await run.adapter.parseWebhook(delivered);

      const strip = (events: typeof first) =>
        events.statuses.map(({ at: _at, ...update }) => update);
      expect(strip(first)).toEqual([
        { providerMessageId: run.providerMessageId, status: 'delivered' },
      ]);
      expect(strip(again)).toEqual(strip(first));
    });

    it('refuses a callback whose body was tampered with', async () => {
      await using run = await deliverAndCollect('+77012345678');
      const delivered = run.hub.requests[2];
      if (!delivered) return expect.unreachable('no delivered callback');
      const forged = {
        ...delivered,
        rawBody: Buffer.from(delivered.rawBody.toString().replace('delivered', 'failed')),
      };
      expect(forged.rawBody.equals(delivered.rawBody)).toBe(false);

      await expectSafenetError(
        run.adapter.parseWebhook(forged),
        'webhook_signature_invalid',
        false,
      );
    });

    it('refuses a callback signed with another auth token', async () => {
      await using run = await deliverAndCollect('+77012345678');
      const delivered = run.hub.requests[2];
      if (!delivered) return expect.unreachable('no delivered callback');
      const params = Object.fromEntries(new URLSearchParams(delivered.rawBody.toString()));
      const forged = {
        ...delivered,
        headers: {
          ...delivered.headers,
          'x-twilio-signature': twilioSignature('another-token', delivered.url, params),
        },
      };

      await expectSafenetError(
        run.adapter.parseWebhook(forged),
        'webhook_signature_invalid',
        false,
      );
    });

    it('refuses a callback without a signature, or read at another URL', async () => {
      await using run = await deliverAndCollect('+77012345678');
      const delivered = run.hub.requests[2];
      if (!delivered) return expect.unreachable('no delivered callback');
      const { 'x-twilio-signature': _signature, ...unsigned } = delivered.headers;

      await expectSafenetError(
        run.adapter.parseWebhook({ ...delivered, headers: unsigned }),
        'webhook_signature_invalid',
        false,
      );
      // Behind a proxy, the URL the hub sees is not the one Twilio signed.
      await expectSafenetError(
        run.adapter.parseWebhook({
          ...delivered,
          url: delivered.url.replace('127.0.0.1', 'internal.hub'),
        }),
        'webhook_signature_invalid',
        false,
      );
    });
  });

  describe('inbound SMS', () => {
    it('reads a reply "СТОП" as an inbound message that is the stop keyword', async () => {
      await using hub = await startHubEndpoint();
      await using twilio = await startTwilioServer({ inboundUrl: `${hub.url}/webhooks/twilio` });
      const adapter = twilioAdapter(twilio);

      const posted = await twilio.sendInbound({ from: '+77012345678', body: 'СТОП' });
      const [request] = hub.requests;
      if (!request) return expect.unreachable('no inbound webhook');
      const events = await adapter.parseWebhook(request);

      expect(posted.answered).toBe(204);
      expect(events).toEqual({
        statuses: [],
        inbound: [
          {
            from: '+77012345678',
            body: 'СТОП',
            providerMessageId: posted.params.MessageSid,
            at: expect.any(Date),
          },
        ],
      });
      expect(parseConsentKeyword(events.inbound[0]?.body ?? '')).toBe('stop');
    });

    it('refuses an inbound SMS signed with another token', async () => {
      await using hub = await startHubEndpoint();
      await using twilio = await startTwilioServer({
        inboundUrl: `${hub.url}/webhooks/twilio`,
        authToken: 'someone-elses-token',
      });
      const adapter = twilioAdapter(twilio, { authToken: TEST_AUTH_TOKEN });

      await twilio.sendInbound({ from: '+84912345678', body: 'DỪNG' });
      const [request] = hub.requests;
      if (!request) return expect.unreachable('no inbound webhook');

      const error = await expectSafenetError(
        adapter.parseWebhook(request),
        'webhook_signature_invalid',
        false,
      );
      expect(error).toBeInstanceOf(SafenetError);
    });
  });
});
