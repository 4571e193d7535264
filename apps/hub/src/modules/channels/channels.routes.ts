import type { ChannelAdapter, Pairing } from '@safenet/channels';
import { Channel, ChannelInfo, ChannelSession, SafenetError } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { ChannelRegistry } from './channel-registry.js';

const ChannelParams = z.object({ channel: Channel });

/**
 * The hub's channel adapters, and the pairing session of an adapter a person pairs with a
 * phone (WhatsApp Web): its QR code lets whoever scans it link their account to the hub, so
 * only admin keys of the organisation the adapter serves (or above it) see it; others get
 * the same 404 as a hub with nothing to pair on that channel.
 */
export const channelRoutes: FastifyPluginAsyncZod<{
  channels: ChannelRegistry;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  rootOrgId(): Promise<string>;
}> = async (app, { channels, orgPathOf, rootOrgId }) => {
  const servedOrg = (adapter: ChannelAdapter) =>
    channels.routed.find((r) => r.adapter === adapter)?.orgId ?? null;

  app.get(
    '/channels',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listChannels',
        summary: 'List channels',
        description:
          'The adapters sending each channel: provider, the organisation they serve, pacing, whether they are paused and whether a person pairs them with a phone.',
        tags: ['channels'],
        response: { 200: z.object({ items: z.array(ChannelInfo) }) },
      },
    },
    async () => ({
      items: channels.adapters.map((adapter) => ({
        channel: adapter.channel,
        provider: adapter.provider,
        orgId: servedOrg(adapter),
        paused: adapter.pausedReason?.() ?? null,
        reportsDelivery: adapter.reportsDelivery === true,
        pairs: adapter.pairing !== undefined,
        pacing: { ...adapter.pacing },
      })),
    }),
  );

  /** The first adapter on `channel` that pairs and serves the caller's organisation or below. */
  const pairingFor = async (channel: Channel, authOrgId: string) => {
    for (const adapter of channels.adapters) {
      if (adapter.channel !== channel || !adapter.pairing) continue;
      const served = servedOrg(adapter) ?? (await rootOrgId());
      if ((await orgPathOf(served)).includes(authOrgId)) {
        return { adapter, pairing: adapter.pairing };
      }
    }
    throw new SafenetError(
      'channel_not_configured',
      `No adapter on ${channel} pairs with a phone for your organisation: GET /v1/channels lists those that do ("pairs": true)`,
    );
  };
  const sessionOf = ({
    adapter,
    pairing,
  }: {
    adapter: ChannelAdapter;
    pairing: Pairing;
  }): ChannelSession => {
    const { state, qr, qrDataUrl, detail } = pairing.session();
    return {
      channel: adapter.channel,
      provider: adapter.provider,
      state,
      qr,
      qrDataUrl,
      detail: detail ?? null,
    };
  };

  app.get(
    '/channels/:channel/session',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'getChannelSession',
        summary: 'Get a channel’s pairing session',
        description:
          'The pairing session of the adapter a person pairs with a phone on this channel (a WhatsApp Web phone): its state and the QR code to scan. Admin keys of the organisation it serves (or above it) only; others get 404 `channel_not_configured`, as a hub with nothing to pair there does.',
        tags: ['channels'],
        params: ChannelParams,
        errorCodes: ['channel_not_configured'],
        response: { 200: ChannelSession },
      },
    },
    async (request) =>
      sessionOf(await pairingFor(request.params.channel, requireAuth(request).orgId)),
  );

  app.post(
    '/channels/:channel/session/start',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'startChannelSession',
        summary: 'Start a channel’s pairing session',
        description:
          'Starts (or reconnects) the session and answers at once; follow the session, or `channel.session` stream events, for the QR code and `ready`.',
        tags: ['channels'],
        params: ChannelParams,
        errorCodes: ['channel_not_configured'],
        response: { 202: ChannelSession },
      },
    },
    async (request, reply) => {
      const found = await pairingFor(request.params.channel, requireAuth(request).orgId);
      // Starting launches a browser and may wait for the phone: answer now, report by events.
      found.pairing
        .start()
        .catch((error: unknown) =>
          request.log.warn({ err: error }, `${found.adapter.provider} pairing`),
        );
      return reply.status(202).send(sessionOf(found));
    },
  );
};
