import type { ChannelAdapter } from '@safenet/channels';
import { Channel, ChannelInfo, ChannelSession, SafenetError } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { ChannelRegistry } from './channel-registry.js';
import type { Phones } from './phones.js';

const ChannelParams = z.object({ channel: Channel });

/**
 * The hub's channel adapters, and the pairing session of an adapter a person pairs with a
 * phone (WhatsApp Web): its QR code lets whoever scans it link their account to the hub, so
 * only admin keys of the organisation the adapter serves (or above it) see it; others get
 * the same 404 as a hub with nothing to pair on that channel.
 */
export const channelRoutes: FastifyPluginAsyncZod<{
  channels: ChannelRegistry;
  phones: Phones;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  rootOrgId(): Promise<string>;
}> = async (app, { channels, phones, orgPathOf, rootOrgId }) => {
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
      items: await Promise.all(
        channels.adapters.map(async (adapter) => ({
          channel: adapter.channel,
          provider: adapter.provider,
          orgId: servedOrg(adapter),
          // A phone held by another process: as its holder last saw it.
          paused: await phones.pausedReason(adapter),
          reportsDelivery: adapter.reportsDelivery === true,
          pairs: adapter.pairing !== undefined,
          pacing: { ...adapter.pacing },
        })),
      ),
    }),
  );

  /** The first adapter on `channel` that pairs and serves the caller's organisation or below. */
  const pairingFor = async (channel: Channel, authOrgId: string) => {
    for (const adapter of channels.adapters) {
      if (adapter.channel !== channel || !adapter.pairing) continue;
      const served = servedOrg(adapter) ?? (await rootOrgId());
      if ((await orgPathOf(served)).includes(authOrgId)) return adapter;
    }
    throw new SafenetError(
      'channel_not_configured',
      `No adapter on ${channel} pairs with a phone for your organisation: GET /v1/channels lists those that do ("pairs": true)`,
    );
  };
  /** The session wherever the phone is held (this process, or the worker holding it). */
  const sessionOf = async (adapter: ChannelAdapter): Promise<ChannelSession> => {
    const { state, qr, qrDataUrl, detail } = await phones.session(adapter);
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
          'The pairing session of the adapter a person pairs with a phone on this channel (a WhatsApp Web phone): its state and the QR code to scan, as the worker process holding the phone sees it (any hub process answers). Admin keys of the organisation it serves (or above it) only; others get 404 `channel_not_configured`, as a hub with nothing to pair there does.',
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
          'Starts (or reconnects) the session in the worker process that holds the phone, and answers at once; follow the session, or `channel.session` stream events, for the QR code and `ready`. 409 `channel_not_held` while no worker process runs to hold it.',
        tags: ['channels'],
        params: ChannelParams,
        errorCodes: ['channel_not_configured', 'channel_not_held'],
        response: { 202: ChannelSession },
      },
    },
    async (request, reply) => {
      const adapter = await pairingFor(request.params.channel, requireAuth(request).orgId);
      // Starting launches a browser (in the worker holding the phone) and may wait for the
      // phone: answer now, report by events.
      await phones.requestStart(adapter);
      return reply.status(202).send(await sessionOf(adapter));
    },
  );
};
