import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { approvalsRoutes } from './approvals.routes.js';
import { own } from './approvals.tables.js';

/**
 * The approvals module: the four-eyes rule and the append-only log of approvals. The content
 * module (versions) and the broadcasts module (large sends) decide with it.
 */
export function createApprovalsModule(platform: HubPlatform): HubModule {
  const db = own(platform.db);
  return {
    name: 'approvals',
    routes: async (app) => app.register(approvalsRoutes, { db }),
  };
}
