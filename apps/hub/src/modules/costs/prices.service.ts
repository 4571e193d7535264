import {
  checkPriceTable,
  type PricesInForce,
  type PriceTable,
  type PriceTableInput,
  PriceTable as PriceTableSchema,
} from '@safenet/core';
import type { DatabaseHandle, ExecutorHandle } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { orgInScope } from '../../platform/tenancy/lookups.js';
import { type Executor, own } from './costs.tables.js';

/** A price table and where it comes from: an organisation, or the hub's default (null). */
export interface TableInForce {
  table: PriceTable | null;
  definedBy: string | null;
}

/**
 * The table in force for an organisation on `path`: the nearest organisation's own (itself
 * first, then up the tree), else the hub's default (`SAFENET_PRICES`), else none.
 */
export async function tableFor(
  db: ExecutorHandle | Executor,
  path: readonly string[],
  defaultTable: PriceTable | null,
): Promise<TableInForce> {
  const rows =
    path.length === 0
      ? []
      : await own(db)
          .selectFrom('organisation_prices')
          .select(['org_id', 'prices'])
          .where('org_id', 'in', [...path])
          .execute();
  for (const orgId of [...path].reverse()) {
    const row = rows.find((r) => r.org_id === orgId);
    if (row) return { table: PriceTableSchema.parse(row.prices), definedBy: orgId };
  }
  return { table: defaultTable, definedBy: null };
}

/** The table in force for an organisation of the caller's subtree, and which set it. */
export async function getPrices(
  db: DatabaseHandle,
  auth: AuthContext,
  orgId: string,
  defaultTable: PriceTable | null,
): Promise<PricesInForce> {
  const q = own(db);
  const org = await orgInScope(q, auth, orgId);
  return { orgId, ...(await tableFor(q, org.path, defaultTable)) };
}

/**
 * Sets an organisation's price table (its subtree inherits it unless it sets its own), or
 * with `null` removes it so it inherits again. A table that prices nothing is refused
 * (`price_table_empty`). Broadcasts already created keep the estimate they recorded.
 */
export async function putPrices(
  db: DatabaseHandle,
  auth: AuthContext,
  orgId: string,
  input: PriceTableInput | null,
  now: Date,
  defaultTable: PriceTable | null,
): Promise<PricesInForce> {
  const q = own(db);
  await orgInScope(q, auth, orgId);
  if (input === null) {
    await q.deleteFrom('organisation_prices').where('org_id', '=', orgId).execute();
  } else {
    const prices = JSON.stringify(checkPriceTable(PriceTableSchema.parse(input)));
    await q
      .insertInto('organisation_prices')
      .values({ org_id: orgId, prices, updated_at: now })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ prices, updated_at: now }))
      .execute();
  }
  return getPrices(db, auth, orgId, defaultTable);
}
