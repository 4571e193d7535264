import type { HubConfig } from '../../config.js';
import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import { reportApprovalRoutes } from './report-approval.routes.js';
import { reportLinkPageRoutes } from './report-link-page.routes.js';
import { type ReportLinksDeps, reportLinkSecret } from './report-links.js';
import { reportLinkRoutes } from './report-links.routes.js';
import type { NudgesDeps } from './report-nudges.deps.js';
import { NUDGE_SWEEP_MS, sweepReportNudges } from './report-nudges.jobs.js';
import { reportPeriodRoutes } from './reports.period.routes.js';
import { reportsErasure } from './reports.privacy.js';
import { auditRetention } from './reports.retention.js';
import { reportFormRoutes } from './reports.routes.js';
import { reportTargetRoutes } from './reports.targets.routes.js';

/**
 * The reports module: results report forms, submissions, approval up the tree, roll-ups,
 * campaign targets measured, and the signed no-login links that fill in one organisation's
 * report; in worker processes, the sweep that nudges organisations before their reports are
 * due (each with its own link) and tells the ones above who is missing after.
 */
export function createReportsModule(
  platform: HubPlatform,
  config: Pick<HubConfig, 'publicUrl'> & { graceMs: number },
): HubModule {
  const deps: ReportLinksDeps = {
    db: platform.db,
    bus: platform.bus,
    now: platform.now,
    secret: reportLinkSecret(platform.db),
    publicUrl: config.publicUrl,
  };
  const nudges: NudgesDeps = {
    ...deps,
    boss: platform.boss,
    orgPathOf: platform.orgPathOf,
    graceMs: config.graceMs,
  };
  let stopSweep: (() => void) | undefined;
  return {
    name: 'reports',
    erasure: [reportsErasure],
    retention: [auditRetention],
    routes: async (app) => {
      await app.register(reportFormRoutes, { deps });
      await app.register(reportPeriodRoutes, { deps });
      await app.register(reportApprovalRoutes, { deps: nudges });
      await app.register(reportTargetRoutes, { deps });
      await app.register(reportLinkRoutes, { deps: nudges });
    },
    pages: async (app) => {
      await app.register(reportLinkPageRoutes, { deps });
    },
    async start(roles) {
      if (!roles.has('worker')) return;
      stopSweep = repeat(
        NUDGE_SWEEP_MS,
        () => sweepReportNudges(nudges),
        (error) => platform.onError(error, 'report nudges sweep'),
      );
    },
    stop() {
      stopSweep?.();
    },
  };
}
