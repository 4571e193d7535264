import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { outboxRoutes } from './outbox.routes.js';

/** The outbox module as the hub runs it: its routes. */
export function createOutboxModule(platform: HubPlatform): HubModule {
  const { db } = platform;
  return { name: 'outbox', routes: async (app) => app.register(outboxRoutes, { db }) };
}
