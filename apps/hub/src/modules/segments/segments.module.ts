import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { segmentsErasure } from './segments.privacy.js';
import { segmentRoutes } from './segments.routes.js';
import { own } from './segments.tables.js';

/** The segments module as the hub runs it: its routes and its part of erasures. */
export function createSegmentsModule(platform: HubPlatform): HubModule {
  const db = own(platform.db);
  return {
    name: 'segments',
    routes: async (app) => app.register(segmentRoutes, { db }),
    erasure: [segmentsErasure],
  };
}
