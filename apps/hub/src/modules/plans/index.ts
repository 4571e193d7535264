/**
 * The plans module: what other modules and the hub may use of it. A programme file's plan is
 * loaded through its `planProgrammePart`, registered with the campaigns module's programme
 * parts; the calendar reads a campaign's items and deadlines through `planDeadlines`.
 */

export { planDeadlines } from './plans.deadlines.js';
export { createPlansModule } from './plans.module.js';
export { planProgrammePart } from './plans.programme-part.js';
