import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { reportApprovalRoutes } from './report-approval.routes.js';
import type { ReportsDeps } from './reports.access.js';
import { reportPeriodRoutes } from './reports.period.routes.js';
import { reportFormRoutes } from './reports.routes.js';
import { reportTargetRoutes } from './reports.targets.routes.js';

/** The reports module: results report forms, submissions, roll-ups, campaign targets measured. No background work yet. */
export function createReportsModule(platform: HubPlatform): HubModule {
  const deps: ReportsDeps = { db: platform.db, bus: platform.bus, now: platform.now };
  return {
    name: 'reports',
    routes: async (app) => {
      await app.register(reportFormRoutes, { deps });
      await app.register(reportPeriodRoutes, { deps });
      await app.register(reportApprovalRoutes, { deps });
      await app.register(reportTargetRoutes, { deps });
    },
  };
}
