import type { ChannelAdapter } from '@safenet/channels';
import { SafenetError } from '@safenet/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { applyWebhookEvents, type ReceiptDeps } from '../delivery/index.js';
import type { ChannelRegistry } from './channel-registry.js';
import { staleByMs } from './webhook-age.js';

const ProviderParams = z.object({
  provider: z.string().describe('The provider whose webhook this is, e.g. twilio, whatsapp-cloud'),
});

/**
 * Provider webhooks: `/v1/webhooks/:provider` (e.g. `twilio`, `whatsapp-cloud`). No API key:
 * each adapter checks its provider's signature over the raw body and the public URL
 * (`webhook_signature_invalid`, 401, when it does not match).
 *
 * A validly signed request can still be a replay. Inbound messages are applied once per
 * provider id, and consent only moves to newer events (consent/), so replays change
 * nothing; on top of that a request whose newest signed event is older than `maxAgeMs` is
 * not applied at all. It is answered 200 — `{"received": false, "stale": true}` — because
 * providers retry anything else (Meta for 7 days), and retrying a stale event cannot help.
 */
export async function webhookRoutes(
  app: FastifyInstance,
  options: {
    channels: ChannelRegistry;
    receipts: ReceiptDeps;
    publicUrl: string;
    /** Signed requests whose newest event is older than this are not applied. */
    maxAgeMs: number;
  },
) {
  // Signatures cover the exact bytes: keep bodies raw in this scope.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const adapterFor = (provider: string): ChannelAdapter => {
    const adapter = options.channels.adapters.find((a) => a.provider === provider);
    if (!adapter?.parseWebhook) {
      throw new SafenetError(
        'route_not_found',
        `No configured provider "${provider}" takes webhooks`,
      );
    }
    return adapter;
  };
  const publicUrl = (request: FastifyRequest) =>
    `${options.publicUrl.replace(/\/$/, '')}${request.url}`;

  app.get<{ Params: { provider: string }; Querystring: Record<string, string | undefined> }>(
    '/webhooks/:provider',
    {
      schema: {
        operationId: 'verifyWebhookSubscription',
        summary: 'Confirm a webhook subscription',
        description:
          'The handshake of providers that check a webhook URL before using it (the WhatsApp Cloud API’s `hub.challenge`): answers the challenge when the verify token matches.',
        tags: ['webhooks'],
        params: ProviderParams,
        errorCodes: ['route_not_found', 'webhook_verify_token_invalid'],
        response: {
          200: {
            description: 'The challenge, echoed',
            content: { 'text/plain': { schema: z.string() } },
          },
        },
      },
    },
    async (request, reply) => {
      const adapter = adapterFor(request.params.provider);
      if (!adapter.verifySubscription) {
        throw new SafenetError(
          'route_not_found',
          `${adapter.provider} has no subscription handshake`,
        );
      }
      return reply.type('text/plain').send(adapter.verifySubscription(request.query));
    },
  );

  app.post<{ Params: { provider: string }; Body: Buffer }>(
    '/webhooks/:provider',
    {
      schema: {
        operationId: 'receiveWebhook',
        summary: 'Receive a provider webhook',
        description:
          'Delivery receipts and replies (STOP, HELP) from a provider, e.g. `twilio` or `whatsapp-cloud`. The body is the provider’s own, checked against its signature over the exact bytes and the public URL; no API key. A provider that sends what the webhook answers gets the replies (the answer to HELP) in its own format (Twilio: TwiML), others `{ "received": true }`.',
        tags: ['webhooks'],
        params: ProviderParams,
        errorCodes: ['route_not_found', 'webhook_signature_invalid', 'payload_too_large'],
        response: {
          200: {
            description: 'Applied, or not applied because too old (`stale`)',
            content: {
              'application/json': {
                schema: z.object({
                  received: z
                    .boolean()
                    .describe('false when the request was too old to apply (stale)'),
                  stale: z.literal(true).optional(),
                  detail: z.string().optional().describe('Why a stale request was not applied'),
                }),
              },
              'text/xml': { schema: z.string().describe('TwiML: <Response> with replies') },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const adapter = adapterFor(request.params.provider);
      const events = await (adapter.parseWebhook as NonNullable<ChannelAdapter['parseWebhook']>)({
        method: request.method,
        url: publicUrl(request),
        headers: request.headers,
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      });
      const staleMs = staleByMs(events, options.maxAgeMs, new Date());
      if (staleMs > 0) {
        const detail = `The newest event is ${Math.round((staleMs + options.maxAgeMs) / 3_600_000)} h old, over SAFENET_WEBHOOK_MAX_AGE_HOURS (${options.maxAgeMs / 3_600_000} h): not applied`;
        request.log.warn(
          { newestEventAt: events.newestEventAt },
          `${adapter.provider} webhook refused: ${detail}`,
        );
        return reply.send({ received: false, stale: true, detail });
      }
      const { replies, ...applied } = await applyWebhookEvents(
        options.receipts,
        adapter.channel,
        events,
      );
      request.log.info(applied, `${adapter.provider} webhook applied`);
      // Providers that send what the webhook answers (Twilio: TwiML) carry the replies, e.g.
      // the answer to HELP; the others only want a 200.
      if (!adapter.webhookReply) return reply.send({ received: true });
      const answer = adapter.webhookReply(replies.map((r) => r.text));
      return reply.type(answer.contentType).send(answer.body);
    },
  );
}
