import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import { reportApprovalRoutes } from './report-approval.routes.js';
import type { NudgesDeps } from './report-nudges.deps.js';
import { NUDGE_SWEEP_MS, sweepReportNudges } from './report-nudges.jobs.js';
import type { ReportsDeps } from './reports.access.js';
import { reportPeriodRoutes } from './reports.period.routes.js';
import { reportFormRoutes } from './reports.routes.js';

/**
 * The reports module: results report forms, submissions, roll-ups, approval; in worker
 * processes, the sweep that nudges organisations before their reports are due and tells the
 * ones above who is missing after.
 */
export function createReportsModule(
  platform: HubPlatform,
  options: { graceMs: number },
): HubModule {
  const deps: ReportsDeps = { db: platform.db, bus: platform.bus, now: platform.now };
  const nudges: NudgesDeps = {
    ...deps,
    boss: platform.boss,
    orgPathOf: platform.orgPathOf,
    graceMs: options.graceMs,
  };
  let stopSweep: (() => void) | undefined;
  return {
    name: 'reports',
    routes: async (app) => {
      await app.register(reportFormRoutes, { deps });
      await app.register(reportPeriodRoutes, { deps });
      await app.register(reportApprovalRoutes, { deps });
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
