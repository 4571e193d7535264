import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { deliveryRetention, outboxErasure } from './outbox.privacy.js';
import { outboxRoutes } from './outbox.routes.js';
import { own } from './outbox.tables.js';

/** The outbox module as the hub runs it: its routes, its part of erasures and retention. */
export function createOutboxModule(platform: HubPlatform): HubModule {
  const db = own(platform.db);
  return {
    name: 'outbox',
    routes: async (app) => app.register(outboxRoutes, { db }),
    erasure: [outboxErasure],
    retention: [deliveryRetention],
  };
}
