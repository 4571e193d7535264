import type { PriceTable as Table } from '@safenet/core';
import { checkPriceTable, PriceTable, SafenetError } from '@safenet/core';
import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

/**
 * The hub's default price table (`SAFENET_PRICES`, JSON of core's `PriceTable`): what
 * estimates use for organisations that set none, nor any organisation above them. Unset: no
 * default — previews answer `cost: null` there.
 */
export const costsConfig = configFragment(
  { SAFENET_PRICES: z.string().optional() },
  (values, problems): { prices: { defaultTable: Table | null } } => {
    if (values.SAFENET_PRICES === undefined) return { prices: { defaultTable: null } };
    let json: unknown;
    try {
      json = JSON.parse(values.SAFENET_PRICES);
    } catch {
      problems.add(
        'SAFENET_PRICES',
        'is not JSON: give a price table such as {"currency":"USD","sms":{"KZ":"0.0725"}}',
      );
      return { prices: { defaultTable: null } };
    }
    const parsed = PriceTable.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map(
        (i) => `${i.path.join('.') || '(table)'}: ${i.message}`,
      );
      problems.add('SAFENET_PRICES', `is not a price table — ${issues.join('; ')}`);
      return { prices: { defaultTable: null } };
    }
    try {
      return { prices: { defaultTable: checkPriceTable(parsed.data) } };
    } catch (error) {
      problems.add('SAFENET_PRICES', error instanceof SafenetError ? error.message : String(error));
      return { prices: { defaultTable: null } };
    }
  },
);
