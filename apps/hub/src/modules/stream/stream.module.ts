import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { streamRoutes } from './stream.routes.js';

/** The stream module: the websocket every event of the caller's subtree goes out on. */
export function createStreamModule(platform: HubPlatform): HubModule {
  return {
    name: 'stream',
    routes: async (app) =>
      app.register(streamRoutes, {
        bus: platform.bus,
        alerts: {
          db: platform.db,
          bus: platform.bus,
          now: platform.now,
          orgPathOf: platform.orgPathOf,
        },
      }),
  };
}
