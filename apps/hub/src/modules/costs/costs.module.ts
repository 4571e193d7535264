import type { PriceTable } from '@safenet/core';
import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { costsRoutes } from './costs.routes.js';
import { createPricing, type Pricing } from './pricing.js';

/** The costs module, with the pricing other modules estimate through. */
export interface CostsModule extends HubModule {
  readonly pricing: Pricing;
}

/**
 * Costs (issue 15): organisations' price tables over the hub's default, and the estimates
 * made from them. The prices providers report are recorded by the delivery module, beside
 * the deliveries they are about.
 */
export function createCostsModule(
  platform: HubPlatform,
  options: { defaultTable: PriceTable | null },
): CostsModule {
  return {
    name: 'costs',
    pricing: createPricing(platform.orgPathOf, options.defaultTable),
    routes: async (app) => {
      await app.register(costsRoutes, {
        deps: { db: platform.db, now: platform.now, defaultTable: options.defaultTable },
      });
    },
  };
}
