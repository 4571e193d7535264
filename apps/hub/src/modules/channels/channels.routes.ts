import { ChannelInfo, ChannelSession, SafenetError } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { ChannelRegistry } from './channel-registry.js';

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
        operationId: 'listChannels',
        summary: 'List channels',
        description:
          'The adapters sending each channel: provider, the organisation they serve, pacing, and whether they are paused.',
        tags: ['channels'],
        response: { 200: z.object({ items: z.array(ChannelInfo) }) },
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
        operationId: 'getWhatsappSession',
        summary: 'Get the WhatsApp Web session',
        description:
          'The pairing session of the WhatsApp Web phone: its state and the QR code to scan. Admin keys of the organisation the phone serves (or above it) only; others get 404 `channel_not_configured`, as a hub without a phone does.',
        tags: ['channels'],
        errorCodes: ['channel_not_configured'],
        response: { 200: ChannelSession },
      },
    },
    async (request) => sessionOf(await phoneFor(requireAuth(request).orgId)),
  );

  app.post(
    '/channels/whatsapp/session/start',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'startWhatsappSession',
        summary: 'Start the WhatsApp Web session',
        description:
          'Starts (or reconnects) WhatsApp Web and answers at once; follow the session, or `channel.session` stream events, for the QR code and `ready`.',
        tags: ['channels'],
        errorCodes: ['channel_not_configured'],
        response: { 202: ChannelSession },
      },
    },
    async (request, reply) => {
      const phone = await phoneFor(requireAuth(request).orgId);
      // Starting launches a browser and may wait for the phone: answer now, report by events.
      phone.start().catch((error: unknown) => request.log.warn({ err: error }, 'WhatsApp Web'));
      return reply.status(202).send(sessionOf(phone));
    },
  );
};
