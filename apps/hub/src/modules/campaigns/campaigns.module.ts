import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import { CALENDAR_SWEEP_MS, sweepCampaignCalendar } from './campaigns.jobs.js';
import { campaignRoutes } from './campaigns.routes.js';
import type { CampaignsDeps } from './campaigns.service.js';

/**
 * The campaigns module as the hub runs it: its routes, and in worker processes the calendar
 * sweep that turns campaigns active and completed on their dates.
 */
export function createCampaignsModule(platform: HubPlatform): HubModule {
  const deps: CampaignsDeps = {
    db: platform.db,
    bus: platform.bus,
    now: platform.now,
    orgPathOf: platform.orgPathOf,
  };
  let stopSweep: (() => void) | undefined;
  return {
    name: 'campaigns',
    routes: async (app) => app.register(campaignRoutes, { deps }),
    async start(roles) {
      if (!roles.has('worker')) return;
      stopSweep = repeat(
        CALENDAR_SWEEP_MS,
        () => sweepCampaignCalendar(deps),
        (error) => platform.onError(error, 'campaign calendar sweep'),
      );
    },
    stop() {
      stopSweep?.();
    },
  };
}
