import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { contentRoutes } from './content.routes.js';

/** The content module as the hub runs it: its routes. */
export function createContentModule(platform: HubPlatform): HubModule {
  const { db } = platform;
  return { name: 'content', routes: async (app) => app.register(contentRoutes, { db }) };
}
