import type { CostEstimate, PriceTable } from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { type EstimateInput, estimateBroadcast } from './estimate.service.js';
import { tableFor } from './prices.service.js';

/** What other modules estimate costs through (the broadcasts module's preview and creation). */
export interface Pricing {
  /**
   * A broadcast's estimate under the price table in force for its organisation; null when
   * there is none (no organisation up the tree sets one, and no `SAFENET_PRICES`).
   */
  estimate(db: ExecutorHandle, input: EstimateInput): Promise<CostEstimate | null>;
}

/** The pricing of this hub: organisations' tables over the hub's default. */
export function createPricing(
  orgPathOf: (orgId: string) => Promise<readonly string[]>,
  defaultTable: PriceTable | null,
): Pricing {
  return {
    async estimate(db, input) {
      const { table } = await tableFor(db, await orgPathOf(input.orgId), defaultTable);
      return table === null ? null : estimateBroadcast(db, table, input);
    },
  };
}
