import { ChannelInfo, ChannelSession, SafenetError } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChannelRegistry } from '../dispatch/channel-registry.js';
import { problemResponses } from './shared.js';

/**
 * The hub's channel adapters, and the pairing session of a WhatsApp Web phone: its QR code
 * lets whoever scans it link their WhatsApp account to the hub, so only admin keys of the
 * organisation the phone serves (or above it) see it; others get the same 404 as a hub with
 * no phone.
 */
export const channelRoutes: FastifyPluginAsyncZod<{
  channels: ChannelRegistry;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  rootOrgId(): Promise<string>;
}> = async (app, { channels, orgPathOf, rootOrgId }) => {
  app.get(
    '/channels',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['channels'],
        summary: 'The adapters sending each channel, their pacing and whether they are paused',
        response: { 200: z.object({ items: z.array(ChannelInfo) }), ...problemResponses },
      },
    },
    async () => ({
      items: channels.adapters.map((adapter) => ({
        channel: adapter.channel,
        provider: adapter.provider,
        orgId: channels.routed.find((r) => r.adapter === adapter)?.orgId ?? null,
        paused: adapter.pausedReason?.() ?? null,
        reportsDelivery: adapter.reportsDelivery === true,
        pacing: { ...adapter.pacing },
      })),
    }),
  );

  const phoneFor = async (authOrgId: string) => {
    const phone = channels.whatsappWeb;
    const served = phone ? (phone.orgId ?? (await rootOrgId())) : null;
    if (!phone || !served || !(await orgPathOf(served)).includes(authOrgId)) {
      throw new SafenetError(
        'channel_not_configured',
        'No WhatsApp Web phone is configured for your organisation (SAFENET_WHATSAPP_WEB)',
      );
    }
    return phone.adapter;
  };
  const sessionOf = (phone: Awaited<ReturnType<typeof phoneFor>>): ChannelSession => {
    const { state, qr, qrDataUrl, detail } = phone.session();
    return {
      channel: 'whatsapp',
      provider: phone.provider,
      state,
      qr,
      qrDataUrl,
      detail: detail ?? null,
    };
  };

  app.get(
    '/channels/whatsapp/session',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'The WhatsApp Web pairing session: state, and the QR code to scan with the phone',
        response: { 200: ChannelSession, ...problemResponses },
      },
    },
    async (request) => sessionOf(await phoneFor(request.auth.orgId)),
  );

  app.post(
    '/channels/whatsapp/session/start',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['channels'],
        summary:
          'Starts (or reconnects) WhatsApp Web; follow the session for the QR code and ready',
        response: { 202: ChannelSession, ...problemResponses },
      },
    },
    async (request, reply) => {
      const phone = await phoneFor(request.auth.orgId);
      // Starting launches a browser and may wait for the phone: answer now, report by events.
      phone.start().catch((error: unknown) => request.log.warn({ err: error }, 'WhatsApp Web'));
      return reply.status(202).send(sessionOf(phone));
    },
  );
};
