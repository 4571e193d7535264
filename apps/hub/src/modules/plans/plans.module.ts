import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import type { PlansDeps } from './plans.access.js';
import { plansErasure } from './plans.privacy.js';
import { planRoutes } from './plans.routes.js';

/** The plans module: campaigns' activity plans, their statuses and grid. No background work. */
export function createPlansModule(platform: HubPlatform): HubModule {
  const deps: PlansDeps = {
    db: platform.db,
    bus: platform.bus,
    now: platform.now,
    orgPathOf: platform.orgPathOf,
  };
  return {
    name: 'plans',
    erasure: [plansErasure],
    routes: async (app) => app.register(planRoutes, { deps }),
  };
}
