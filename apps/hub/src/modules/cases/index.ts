/**
 * The cases module's door (issue 14). For now only its intake doors; the cases module's
 * own parts join them here.
 */
export type {
  IntakeReport,
  NotifyReporter,
  ReporterFeedback,
  ReporterIdentity,
  ReportStatus,
  ReportStatusOf,
  SubmitCaseReport,
} from './cases.intake.js';
