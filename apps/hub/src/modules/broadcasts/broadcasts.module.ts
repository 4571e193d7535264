import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import type { DispatchDeps } from '../delivery/index.js';
import { startBroadcastJobs } from './broadcasts.jobs.js';
import { BROADCAST_QUEUES } from './broadcasts.queues.js';
import { broadcastRoutes } from './broadcasts.routes.js';

/** The broadcasts module: creating, previewing and cancelling broadcasts, and planning them. */
export function createBroadcastsModule(
  platform: HubPlatform,
  options: { dispatch: DispatchDeps },
): HubModule {
  const { db, boss } = platform;
  return {
    name: 'broadcasts',
    routes: async (app) => app.register(broadcastRoutes, { db, boss }),
    queues: BROADCAST_QUEUES,
    async start(roles) {
      if (roles.has('worker')) await startBroadcastJobs(options.dispatch);
    },
  };
}
