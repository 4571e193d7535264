import type { HubConfig } from '../../config.js';
import { platformDb } from '../../platform/database/schema.js';
import type { HubModule } from '../../platform/module.js';
import { rootOrgId } from '../../platform/tenancy/org-paths.js';
import type { HubPlatform } from '../database.js';
import type { ReceiptDeps } from '../delivery/index.js';
import type { ChannelRegistry } from './channel-registry.js';
import { channelRoutes } from './channels.routes.js';
import { webhookRoutes } from './webhooks.routes.js';

/**
 * The channels module: the channels and their sessions over the API, the providers'
 * webhooks, and the adapters' lives (a phone's pairing starts and closes with the hub).
 */
export function createChannelsModule(
  platform: HubPlatform,
  options: {
    registry: ChannelRegistry;
    receipts: ReceiptDeps;
    config: Pick<HubConfig, 'publicUrl' | 'webhookMaxAgeMs'>;
  },
): HubModule {
  const { orgPathOf, warn } = platform;
  const { registry, receipts, config } = options;
  return {
    name: 'channels',
    routes: async (app) => {
      await app.register(channelRoutes, {
        channels: registry,
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
      // A phone is held where messages are sent: worker processes (an api-only process
      // launches no browser). Pairing waits for the phone; its events follow the session.
      if (!roles.has('worker')) return;
      for (const adapter of registry.adapters) {
        adapter.pairing
          ?.start()
          .catch((error: unknown) => warn(error, `${adapter.provider} pairing did not start`));
      }
    },
    async close() {
      await Promise.all(registry.adapters.map((adapter) => adapter.close?.()));
    },
  };
}
