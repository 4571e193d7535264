import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { alertRoutes } from './alerts.routes.js';
import type { AlertsDeps } from './alerts.service.js';

/** The alerts module as the hub runs it: its routes; other modules raise through its door. */
export function createAlertsModule(platform: HubPlatform): HubModule {
  const deps: AlertsDeps = {
    db: platform.db,
    bus: platform.bus,
    now: platform.now,
    orgPathOf: platform.orgPathOf,
  };
  return {
    name: 'alerts',
    routes: async (app) => app.register(alertRoutes, { deps }),
  };
}
