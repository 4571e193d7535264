import type { HubConfig } from '../../config.js';
import { platformDb } from '../../platform/database/schema.js';
import type { HubModule } from '../../platform/module.js';
import { rootOrgId } from '../../platform/tenancy/org-paths.js';
import type { HubPlatform } from '../database.js';
import type { ReceiptDeps } from '../delivery/index.js';
import type { ChannelRegistry } from './channel-registry.js';
import { channelRoutes } from './channels.routes.js';
import type { Phones } from './phones.js';
import { webhookRoutes } from './webhooks.routes.js';

/**
 * The channels module: the channels and their sessions over the API, the providers'
 * webhooks, and the adapters' lives (a phone's pairing starts and closes with the hub).
 */
export function createChannelsModule(
  platform: HubPlatform,
  options: {
    registry: ChannelRegistry;
    phones: Phones;
    receipts: ReceiptDeps;
    config: Pick<HubConfig, 'publicUrl' | 'webhookMaxAgeMs'>;
  },
): HubModule {
  const { orgPathOf } = platform;
  const { registry, phones, receipts, config } = options;
  return {
    name: 'channels',
    queues: phones.queues,
    routes: async (app) => {
      await app.register(channelRoutes, {
        channels: registry,
        phones,
        orgPathOf,
        rootOrgId: () => rootOrgId(platformDb(platform.db)),
      });
      await app.register(webhookRoutes, {
        channels: registry,
        receipts,
        publicUrl: config.publicUrl,
        maxAgeMs: config.webhookMaxAgeMs,
      });
    },
    async start(roles) {
      // A phone is held where messages are sent, by one worker at a time: an api-only
      // process launches no browser, and reads the session its holder keeps.
      if (roles.has('worker')) phones.holdWhereSent();
    },
    async close() {
      await Promise.all(registry.adapters.map((adapter) => adapter.close?.()));
      // Only once the browser is closed may another worker open the session.
      await phones.release();
    },
  };
}
