/** The campaigns module: what other modules and the hub may use of it. */

export {
  type CampaignOnCalendar,
  campaignIdsOnCalendar,
  campaignOnCalendar,
} from './campaigns.calendar.js';
export { sweepCampaignCalendar } from './campaigns.jobs.js';
export { type CampaignsModule, createCampaignsModule } from './campaigns.module.js';
export { campaignById, campaignInScope, insertCampaign } from './campaigns.service.js';
export type {
  ExistingCampaign,
  PartProblem,
  ProgrammeCampaign,
  ProgrammePart,
  ProgrammeParts,
  ProgrammeSection,
  ResolvedProgramme,
} from './programme.parts.js';
