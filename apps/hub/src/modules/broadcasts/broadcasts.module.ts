import type { HubModule } from '../../platform/module.js';
import type { UnsubscribeLinks } from '../consent/index.js';
import type { HubPlatform } from '../database.js';
import type { ProgressReporter } from '../delivery/index.js';
import { startBroadcastJobs } from './broadcasts.jobs.js';
import { broadcastsErasure } from './broadcasts.privacy.js';
import { BROADCAST_QUEUES } from './broadcasts.queues.js';
import { broadcastRoutes } from './broadcasts.routes.js';
import { own } from './broadcasts.tables.js';

/** The broadcasts module: creating, previewing and cancelling broadcasts, and planning them. */
export function createBroadcastsModule(
  platform: HubPlatform,
  options: {
    expandChunk: number;
    progress: ProgressReporter;
    /** The SMS opt-out links, whose length the preview counts (consent module). */
    unsubscribe: Pick<UnsubscribeLinks, 'smsOptOutUrlFor'>;
  },
): HubModule {
  const db = own(platform.db);
  const { unsubscribe, ...jobOptions } = options;
  const { boss, orgPathOf } = platform;
  return {
    name: 'broadcasts',
    erasure: [broadcastsErasure],
    routes: async (app) => app.register(broadcastRoutes, { db, boss, unsubscribe }),
    queues: BROADCAST_QUEUES,
    async start(roles) {
      if (roles.has('worker')) {
        await startBroadcastJobs({ db, boss, orgPathOf, ...jobOptions });
      }
    },
  };
}
