import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { hotlineRoutes } from './hotlines.routes.js';
import { own } from './hotlines.tables.js';

/** The hotlines module as the hub runs it: the directory's routes. No personal data. */
export function createHotlinesModule(platform: HubPlatform): HubModule {
  const db = own(platform.db);
  return {
    name: 'hotlines',
    routes: async (app) => app.register(hotlineRoutes, { db }),
  };
}
