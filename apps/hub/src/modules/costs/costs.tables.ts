import type { PriceTable } from '@safenet/core';
import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** An organisation's price table (migration 039), for it and beneath it. */
export interface OrganisationPricesTable {
  org_id: string;
  prices: Json<PriceTable>;
  updated_at: Timestamp;
}

/** The tables of the costs module. */
export interface CostsTables {
  organisation_prices: OrganisationPricesTable;
}

type View = PlatformTables & CostsTables;

/** Opens a database handle as the costs module's view (see `tablesView`). */
export const own = tablesView<CostsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
