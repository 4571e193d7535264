import type { CaseReport, CaseReportReceipt, CaseReportStatus, CaseSource } from '@safenet/core';

/**
 * The doors between the cases module and its intakes (the API, the public form, the Telegram
 * bot): an intake parses what the reporter gave into a {@link CaseReport} and submits it; the
 * cases module stores it (merging it into an open case with the same content) and answers the
 * reporter's own reference.
 */

/** Who sent a report, as the intake knows them. Stored only as a keyed hash. */
export type ReporterIdentity =
  | { kind: 'telegram'; userId: number }
  | { kind: 'key'; apiKeyId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'anonymous' };

/** Where status changes go back, when the reporter chose to hear (bots may answer only). */
export type ReporterFeedback = { kind: 'telegram'; chatId: number };

export interface IntakeReport {
  report: CaseReport;
  source: CaseSource;
  /** The organisation whose intake received it (the form's, the bot's, the key's). */
  intakeOrgId: string;
  reporter: ReporterIdentity;
  /** Present only when the reporter asked to hear back here. */
  feedback?: ReporterFeedback;
}

/** Stores a report; throws a `SafenetError` (4xx code) for what the reporter must fix. */
export type SubmitCaseReport = (intake: IntakeReport) => Promise<CaseReportReceipt>;

/** What a reporter may learn of their own report: its case's state, never its contents. */
export type ReportStatus = CaseReportStatus;

/**
 * A report's status for the reporter who sent it, or null (unknown reference, or someone
 * else's: the same answer, so a reference alone reveals nothing).
 */
export type ReportStatusOf = (
  reference: string,
  reporter: ReporterIdentity,
) => Promise<ReportStatus | null>;

/** Tells a reporter who asked to hear back that their report's status changed. */
export type NotifyReporter = (
  feedback: ReporterFeedback,
  status: ReportStatus & { language: CaseReport['language'] },
) => Promise<void>;

/**
 * Forgets a reporter who asked to be forgotten: their reports keep their text but lose the
 * pseudonym, contact and feedback chat. Answers how many reports it changed.
 */
export type ForgetReporter = (reporter: ReporterIdentity) => Promise<number>;
