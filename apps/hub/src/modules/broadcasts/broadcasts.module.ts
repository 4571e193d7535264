import type { HubModule } from '../../platform/module.js';
import type { Pricing } from '../costs/index.js';
import type { HubPlatform } from '../database.js';
import type { ProgressReporter } from '../delivery/index.js';
import { broadcastCostRoutes } from './broadcast-cost.routes.js';
import { startBroadcastJobs } from './broadcasts.jobs.js';
import { broadcastsErasure } from './broadcasts.privacy.js';
import { BROADCAST_QUEUES } from './broadcasts.queues.js';
import { broadcastRoutes } from './broadcasts.routes.js';
import { own } from './broadcasts.tables.js';

/** The broadcasts module: creating, previewing and cancelling broadcasts, and planning them. */
export function createBroadcastsModule(
  platform: HubPlatform,
  options: { expandChunk: number; progress: ProgressReporter; pricing: Pricing },
): HubModule {
  const db = own(platform.db);
  const { boss, orgPathOf } = platform;
  return {
    name: 'broadcasts',
    erasure: [broadcastsErasure],
    routes: async (app) => {
      await app.register(broadcastRoutes, { db, boss, pricing: options.pricing });
      await app.register(broadcastCostRoutes, { db });
    },
    queues: BROADCAST_QUEUES,
    async start(roles) {
      if (roles.has('worker')) {
        await startBroadcastJobs({
          db,
          boss,
          orgPathOf,
          expandChunk: options.expandChunk,
          progress: options.progress,
        });
      }
    },
  };
}
