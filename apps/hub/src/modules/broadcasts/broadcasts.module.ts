import type { Language } from '@safenet/core';
import type { HubModule } from '../../platform/module.js';
import type { UnsubscribeLinks } from '../consent/index.js';
import type { AttachmentFiles } from '../content/index.js';
import type { Pricing } from '../costs/index.js';
import type { HubPlatform } from '../database.js';
import type { ProgressReporter } from '../delivery/index.js';
import { broadcastCostRoutes } from './broadcast-cost.routes.js';
import { startBroadcastJobs } from './broadcasts.jobs.js';
import { broadcastsErasure } from './broadcasts.privacy.js';
import { BROADCAST_QUEUES } from './broadcasts.queues.js';
import { broadcastRoutes } from './broadcasts.routes.js';
import { own } from './broadcasts.tables.js';
import { sendApprovalRoutes } from './send-approval.routes.js';

/**
 * The broadcasts module: creating, previewing, changing and cancelling broadcasts, approving
 * large ones (four eyes), and planning them.
 */
export function createBroadcastsModule(
  platform: HubPlatform,
  options: {
    expandChunk: number;
    progress: ProgressReporter;
    defaultThreshold: number | null;
    /** The SMS opt-out links, whose length the preview counts (consent module). */
    unsubscribe: Pick<UnsubscribeLinks, 'smsOptOutUrlFor'>;
    /** The files' links, whose length the preview counts in SMS (content module). */
    files: Pick<AttachmentFiles, 'sampleUrl'>;
    pricing: Pricing;
    /** The languages with a ZNS template (hub config): the preview's Zalo split. */
    zaloTemplates: readonly Language[];
  },
): HubModule {
  const db = own(platform.db);
  const { boss, orgPathOf, now } = platform;
  const { defaultThreshold, unsubscribe, files, pricing, zaloTemplates, ...expand } = options;
  return {
    name: 'broadcasts',
    erasure: [broadcastsErasure],
    routes: async (app) => {
      await app.register(broadcastRoutes, {
        db,
        boss,
        defaultThreshold,
        unsubscribe,
        files,
        pricing,
        zaloTemplates,
      });
      await app.register(sendApprovalRoutes, { db, boss, defaultThreshold, now });
      await app.register(broadcastCostRoutes, { db });
    },
    queues: BROADCAST_QUEUES,
    async start(roles) {
      if (roles.has('worker')) {
        await startBroadcastJobs({ db, boss, orgPathOf, ...expand });
      }
    },
  };
}
