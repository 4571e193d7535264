/**
 * The calendar module: what other modules and the hub may use of it.
 *
 * The programme-file loader writes a file's announcements inside its own transaction:
 * `checkAnnouncements(trx, campaign, list, plan, path)` first (every problem with its path,
 * nothing written), then — only when it returned none — `writeAnnouncements(trx, campaign,
 * list, now)`, holding the campaign row `FOR UPDATE`. The list is the API's
 * `AnnouncementInput` (a saved segment's id where the file names organisations and roles:
 * the loader resolves those into a segment first).
 */
export { calendarConfig } from './calendar.config.js';
export type { CalendarDeps, FireCandidate } from './calendar.deps.js';
export { fireOccurrence, type SweepResult, sweepAnnouncements } from './calendar.jobs.js';
export { createCalendarModule } from './calendar.module.js';
export { checkAnnouncements, writeAnnouncements } from './calendar.service.js';
