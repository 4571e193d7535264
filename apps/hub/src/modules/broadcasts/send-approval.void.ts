import { SafenetError, type SendApprovalTerms } from '@safenet/core';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { recordApprovalEvent } from '../approvals/index.js';
import type { BroadcastRow, Tx } from './broadcasts.tables.js';
import { changesSince, liveTerms } from './send-approval.terms.js';

/**
 * The hub itself, as the actor of the approvals log when it voids an approval: a nil key id
 * that matches no key (as the campaign calendar acts for an owner).
 */
export const HUB_ACTOR: AuthContext = {
  actor: { kind: 'key', apiKeyId: '00000000-0000-0000-0000-000000000000' },
  orgId: '00000000-0000-0000-0000-000000000000',
  orgPath: [],
  scopes: [],
};

/**
 * Compares an approved broadcast's terms with the live ones, inside the caller's transaction
 * (which holds the broadcast's row lock). When they differ the approval is void: the broadcast
 * goes back to `awaiting_approval` with a `voided` event saying what changed, and true is
 * returned (plan nothing). A segment deleted or a recommendation withdrawn counts as changed.
 */
export async function voidIfChanged(
  trx: Tx,
  broadcast: BroadcastRow,
  approved: SendApprovalTerms,
  now: Date,
): Promise<boolean> {
  let changes: string[];
  try {
    changes = changesSince(approved, await liveTerms(share(trx), broadcast));
  } catch (error) {
    if (!(error instanceof SafenetError)) throw error;
    changes = [error.message];
  }
  if (changes.length === 0) return false;
  await trx
    .updateTable('broadcasts')
    .set({ status: 'awaiting_approval', approved_terms: null, updated_at: now })
    .where('id', '=', broadcast.id)
    .execute();
  await recordApprovalEvent(
    share(trx),
    HUB_ACTOR,
    { subject: 'broadcast', subjectId: broadcast.id, orgId: broadcast.org_id },
    'voided',
    { changes, approved },
    now,
  );
  return true;
}
