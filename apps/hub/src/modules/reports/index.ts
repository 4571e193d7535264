/** The reports module: what other modules and the hub may use of it. */
export type { NudgeStep, NudgesDeps } from './report-nudges.deps.js';
export { type NudgeSweep, sweepReportNudges } from './report-nudges.jobs.js';
export { createReportsModule } from './reports.module.js';
