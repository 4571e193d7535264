import type { HubConfig } from '../../config.js';
import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { reportApprovalRoutes } from './report-approval.routes.js';
import { reportLinkPageRoutes } from './report-link-page.routes.js';
import { type ReportLinksDeps, reportLinkSecret } from './report-links.js';
import { reportLinkRoutes } from './report-links.routes.js';
import { reportPeriodRoutes } from './reports.period.routes.js';
import { reportFormRoutes } from './reports.routes.js';
import { reportTargetRoutes } from './reports.targets.routes.js';

/**
 * The reports module: results report forms, submissions, approval up the tree, roll-ups,
 * campaign targets measured, and the signed no-login links that fill in one organisation's
 * report. No background work yet.
 */
export function createReportsModule(
  platform: HubPlatform,
  config: Pick<HubConfig, 'publicUrl'>,
): HubModule {
  const deps: ReportLinksDeps = {
    db: platform.db,
    bus: platform.bus,
    now: platform.now,
    secret: reportLinkSecret(platform.db),
    publicUrl: config.publicUrl,
  };
  return {
    name: 'reports',
    routes: async (app) => {
      await app.register(reportFormRoutes, { deps });
      await app.register(reportPeriodRoutes, { deps });
      await app.register(reportApprovalRoutes, { deps });
      await app.register(reportTargetRoutes, { deps });
      await app.register(reportLinkRoutes, { deps });
    },
    pages: async (app) => {
      await app.register(reportLinkPageRoutes, { deps });
    },
  };
}
