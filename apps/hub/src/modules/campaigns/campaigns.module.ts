import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { campaignRoutes } from './campaigns.routes.js';

/** The campaigns module as the hub runs it: its routes. */
export function createCampaignsModule(platform: HubPlatform): HubModule {
  const { db } = platform;
  return { name: 'campaigns', routes: async (app) => app.register(campaignRoutes, { db }) };
}
