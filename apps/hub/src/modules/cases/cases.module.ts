import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import { caseFormPageRoutes } from './case-form-page.routes.js';
import { caseFormSecret, databaseNonces } from './case-form-store.js';
import { sweepCaseClocks } from './cases.clocks.js';
import type {
  ForgetReporter,
  NotifyReporter,
  ReportStatusOf,
  SubmitCaseReport,
} from './cases.intake.js';
import { organisationByCode } from './cases.orgs.js';
import {
  caseReportRetention,
  casesErasure,
  forgetReporter,
  reporterRetention,
} from './cases.privacy.js';
import { casesRoutes } from './cases.routes.js';
import { type CasesDeps, reportStatusOf } from './cases.service.js';
import { type IntakeDeps, submitReport } from './cases.submit.js';

/** The cases module, with the doors its other intakes (the Telegram bot) submit through. */
export interface CasesModule extends HubModule {
  readonly submit: SubmitCaseReport;
  readonly statusOf: ReportStatusOf;
  readonly forget: ForgetReporter;
}

/**
 * The cases module as the hub runs it: the API and the public report form — both submitting
 * through the same intake as the bot does through `submit` — and, in worker processes, the
 * sweep that raises alerts for breached response times. `notifyReporter` tells reporters who
 * asked to hear back (the telegram module answers).
 */
export function createCasesModule(
  platform: HubPlatform,
  options: { clockSweepMs: number; notifyReporter: NotifyReporter },
): CasesModule {
  const intake: IntakeDeps = {
    db: platform.db,
    bus: platform.bus,
    now: platform.now,
    orgPathOf: platform.orgPathOf,
  };
  const submit: SubmitCaseReport = async (report) => ({
    reference: (await submitReport(intake, report)).reference,
  });
  const deps: CasesDeps & IntakeDeps = {
    ...intake,
    notifyReporter: options.notifyReporter,
    warn: platform.warn,
  };
  let stopSweep: (() => void) | undefined;
  return {
    name: 'cases',
    submit,
    statusOf: (reference, reporter) => reportStatusOf(platform.db, reference, reporter),
    forget: (reporter) => forgetReporter(platform.db, reporter, new Date(platform.now())),
    routes: async (app) => {
      await app.register(casesRoutes, { deps });
    },
    erasure: [casesErasure],
    retention: [caseReportRetention, reporterRetention],
    pages: async (app) => {
      await app.register(caseFormPageRoutes, {
        deps: {
          orgByCode: (code) => organisationByCode(platform.db, code),
          submit,
          secret: caseFormSecret(platform.db),
          spendNonce: databaseNonces(platform.db, platform.now),
          now: platform.now,
        },
      });
    },
    async start(roles) {
      if (!roles.has('worker')) return;
      stopSweep = repeat(
        options.clockSweepMs,
        () => sweepCaseClocks(intake),
        (error) => platform.onError(error, 'case response-time sweep'),
      );
    },
    stop() {
      stopSweep?.();
    },
  };
}
