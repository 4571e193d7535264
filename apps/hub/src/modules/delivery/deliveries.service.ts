import type { DeliveryDetail } from '@safenet/core';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope } from '../../platform/tenancy/lookups.js';
import type { Db } from './delivery.tables.js';
import { readDeliveryDetail } from './delivery-detail.store.js';

/**
 * A delivery of the caller's subtree with its fallback chain and history (404 otherwise),
 * read in one snapshot: a move committed between the reads cannot show in one part only.
 */
export function getDeliveryDetail(db: Db, auth: AuthContext, id: string): Promise<DeliveryDetail> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) =>
      readDeliveryDetail(share(trx), await findInScope(trx, auth, 'deliveries', id)),
    );
}
