import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { segmentRoutes } from './segments.routes.js';

/** The segments module as the hub runs it: its routes. */
export function createSegmentsModule(platform: HubPlatform): HubModule {
  const { db } = platform;
  return { name: 'segments', routes: async (app) => app.register(segmentRoutes, { db }) };
}
