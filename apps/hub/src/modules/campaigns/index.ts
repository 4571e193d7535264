/** The campaigns module: what other modules and the hub may use of it. */
export { createCampaignsModule } from './campaigns.module.js';
export { getCampaign } from './campaigns.service.js';
