import type { HubModule } from '../../platform/module.js';
import type { ErasureStep } from '../../platform/privacy.js';
import type { HubPlatform } from '../database.js';
import { privacyRoutes } from './privacy.routes.js';
import type { ErasureDeps } from './privacy.service.js';

/**
 * The privacy module: erasure of a contact on request (every module's erasure steps, in one
 * transaction) and the record of erasures. Retention is the platform's sweep over the
 * classes modules declare (`HubModule.retention`).
 */
export function createPrivacyModule(
  platform: HubPlatform,
  options: { steps: () => readonly ErasureStep[] },
): HubModule {
  const deps: ErasureDeps = { db: platform.db, now: platform.now, steps: options.steps };
  return {
    name: 'privacy',
    routes: async (app) => app.register(privacyRoutes, { deps }),
  };
}
