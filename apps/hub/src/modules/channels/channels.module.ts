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
  const leases: (() => Promise<void>)[] = [];
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
      // A phone is held where messages are sent, by one worker at a time: the others wait
      // for its lease and take the phone over when its holder dies (an api-only process
      // launches no browser). Pairing waits for the phone; its events follow the session.
      if (!roles.has('worker')) return;
      for (const adapter of registry.adapters) {
        const { pairing } = adapter;
        if (!pairing) continue;
        leases.push(
          platform.lease(`pairing:${adapter.channel}:${adapter.provider}`, {
            acquired: () => {
              pairing
                .start()
                .catch((error: unknown) =>
                  warn(error, `${adapter.provider} pairing did not start`),
                );
            },
            lost: () => {
              // Another worker may take the phone now: this browser must not stay on it.
              warn(
                new Error('lost the connection that holds the lease'),
                `${adapter.provider} closes: another worker takes the phone over`,
              );
              void adapter.close?.();
            },
          }),
        );
      }
    },
    async close() {
      await Promise.all(registry.adapters.map((adapter) => adapter.close?.()));
      // Only once the browser is closed may another worker open the session.
      await Promise.all(leases.map((release) => release()));
    },
  };
}
