/**
 * The calendar module: what other modules and the hub may use of it. A programme file's
 * announcements are loaded through its `announcementsProgrammePart`, registered with the
 * campaigns module's programme parts.
 */
export { calendarConfig } from './calendar.config.js';
export type { CalendarDeps, FireCandidate } from './calendar.deps.js';
export { fireOccurrence, type SweepResult, sweepAnnouncements } from './calendar.jobs.js';
export { createCalendarModule } from './calendar.module.js';
export { announcementsProgrammePart } from './calendar.programme-part.js';
