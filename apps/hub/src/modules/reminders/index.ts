/** The reminders module: what other modules and the hub may use of it. */
export {
  fireOnce,
  type OrganisationsMessage,
  sendToOrganisations,
} from './follow-up.once.js';
export type { FollowUpStep, RemindersDeps } from './reminders.deps.js';
export { type FollowUpSweep, sweepFollowUps } from './reminders.jobs.js';
export { createRemindersModule } from './reminders.module.js';
export { remindersProgrammePart } from './reminders.programme-part.js';
