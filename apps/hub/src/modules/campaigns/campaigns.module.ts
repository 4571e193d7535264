import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import { CALENDAR_SWEEP_MS, sweepCampaignCalendar } from './campaigns.jobs.js';
import { campaignRoutes } from './campaigns.routes.js';
import type { CampaignsDeps } from './campaigns.service.js';
import { campaignPart } from './programme.campaign-part.js';
import { createProgrammeParts, type ProgrammeParts } from './programme.parts.js';
import { programmeRoutes } from './programme.routes.js';

/** The campaigns module as the hub runs it, with the parts programme files are loaded by. */
export interface CampaignsModule extends HubModule {
  /**
   * The programme parts: the campaign part is here; the modules that store a file's other
   * sections (plans, calendar, reminders) register theirs when the hub is composed
   * (`modules/index.ts`). A file with a section no part stores (`quietHours`) is refused
   * (`programme_section_unsupported`).
   */
  readonly programmeParts: ProgrammeParts;
}

/**
 * The campaigns module as the hub runs it: its routes (programme files included), and in
 * worker processes the calendar sweep that turns campaigns active and completed on their
 * dates.
 */
export function createCampaignsModule(platform: HubPlatform): CampaignsModule {
  const deps: CampaignsDeps = {
    db: platform.db,
    bus: platform.bus,
    now: platform.now,
    orgPathOf: platform.orgPathOf,
  };
  const parts = createProgrammeParts([campaignPart]);
  let stopSweep: (() => void) | undefined;
  return {
    name: 'campaigns',
    programmeParts: parts,
    routes: async (app) => {
      await app.register(campaignRoutes, { deps });
      await app.register(programmeRoutes, { deps, parts });
    },
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
