import type { ChannelAdapter } from '@safenet/channels';
import { escapeMarkup, SafenetError } from '@safenet/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ChannelRegistry } from '../dispatch/channel-registry.js';
import { applyWebhookEvents, type ReceiptDeps } from '../dispatch/receipts.js';

const ProviderParams = z.object({
  provider: z.string().describe('The provider whose webhook this is, e.g. twilio, whatsapp-cloud'),
});

/**
 * Provider webhooks: `/v1/webhooks/:provider` (e.g. `twilio`, `whatsapp-cloud`). No API key:
 * each adapter checks its provider's signature over the raw body and the public URL.
 */
export async function webhookRoutes(
  app: FastifyInstance,
  options: {
    channels: ChannelRegistry;
    receipts: ReceiptDeps;
    publicUrl: string;
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
        errorCodes: ['route_not_found', 'unauthenticated'],
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
          'Delivery receipts and replies (STOP, HELP) from a provider, e.g. `twilio` or `whatsapp-cloud`. The body is the provider’s own, checked against its signature over the exact bytes and the public URL; no API key. Twilio gets TwiML back (the answer to HELP), others `{ "received": true }`.',
        tags: ['webhooks'],
        params: ProviderParams,
        errorCodes: ['route_not_found', 'unauthenticated', 'payload_too_large'],
        response: {
          200: {
            description: 'Applied',
            content: {
              'application/json': { schema: z.object({ received: z.literal(true) }) },
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
      const { replies, ...applied } = await applyWebhookEvents(
        options.receipts,
        adapter.channel,
        events,
      );
      request.log.info(applied, `${adapter.provider} webhook applied`);
      // Twilio sends the TwiML's <Message> back to the sender (the answer to HELP) and reads
      // an empty answer as "no reply"; Meta only wants a 200.
      if (adapter.provider !== 'twilio') return reply.send({ received: true });
      const messages = replies.map((r) => `<Message>${escapeMarkup(r.text)}</Message>`).join('');
      return reply.type('text/xml').send(`<Response>${messages}</Response>`);
    },
  );
}
