/** The costs module (issue 15): what other modules and the hub may use of it. */
export { costsConfig } from './costs.config.js';
export { type CostsModule, createCostsModule } from './costs.module.js';
export type { EstimateInput } from './estimate.service.js';
export type { Pricing } from './pricing.js';
