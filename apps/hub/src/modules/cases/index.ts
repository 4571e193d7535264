/** The cases module (issue 14): what other modules and the hub may use of it. */
export { casesConfig } from './cases.config.js';
export type {
  ForgetReporter,
  IntakeReport,
  NotifyReporter,
  ReporterFeedback,
  ReporterIdentity,
  ReportStatus,
  ReportStatusOf,
  SubmitCaseReport,
} from './cases.intake.js';
export { type CasesModule, createCasesModule } from './cases.module.js';
