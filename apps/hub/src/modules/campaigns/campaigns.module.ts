import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { campaignRoutes } from './campaigns.routes.js';
import { own } from './campaigns.tables.js';

/** The campaigns module as the hub runs it: its routes. */
export function createCampaignsModule(platform: HubPlatform): HubModule {
  const db = own(platform.db);
  return { name: 'campaigns', routes: async (app) => app.register(campaignRoutes, { db }) };
}
