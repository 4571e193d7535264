/** The plans module: what other modules and the hub may use of it. */

export type { Sections as PlanSections } from './plans.checks.js';
export { planDeadlines } from './plans.deadlines.js';
export { createPlansModule } from './plans.module.js';
export { planProgrammePart } from './plans.programme-part.js';
export { planProblems, writePlan } from './plans.service.js';
