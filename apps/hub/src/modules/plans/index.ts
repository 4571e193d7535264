/** The plans module: what other modules and the hub may use of it. */

export type { Sections as PlanSections } from './plans.checks.js';
export { createPlansModule } from './plans.module.js';
export { planProblems, writePlan } from './plans.service.js';
