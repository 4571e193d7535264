import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { recommendationsErasure } from './content.privacy.js';
import { contentRoutes } from './content.routes.js';
import { own } from './content.tables.js';

/** The content module as the hub runs it: its routes. */
export function createContentModule(platform: HubPlatform): HubModule {
  const db = own(platform.db);
  return {
    name: 'content',
    routes: async (app) => app.register(contentRoutes, { db }),
    erasure: [recommendationsErasure],
  };
}
