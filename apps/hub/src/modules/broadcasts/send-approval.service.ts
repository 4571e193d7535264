import { type Broadcast, SafenetError, type SendApprovalTerms } from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope } from '../../platform/tenancy/lookups.js';
import { checkSecondPerson, recordApprovalEvent } from '../approvals/index.js';
import { countSegment } from '../contacts/index.js';
import { sendExpandJob } from './broadcasts.service.js';
import { toBroadcast } from './broadcasts.store.js';
import type { BroadcastRow, Db, Tx } from './broadcasts.tables.js';
import { type LiveTerms, liveTerms } from './send-approval.terms.js';

/** What approving and rejecting large sends need. */
export interface SendApprovalDeps {
  db: Db;
  boss: PgBoss;
  now(): number;
  /**
   * Test hook: runs after the live terms were read and before the decision is written — where
   * a concurrent edit or a second approver can slip in.
   */
  beforeDecide?: (step: { broadcastId: string }) => Promise<void>;
}

const notPending = (row: BroadcastRow) =>
  new SafenetError(
    'approval_not_pending',
    `Broadcast ${row.id} is ${row.status}, not awaiting_approval: ${
      row.status === 'rejected'
        ? 'it was rejected'
        : row.approved_terms
          ? 'it was approved already'
          : 'its audience did not need approval'
    }`,
  );

/**
 * The broadcast as the decision found it: in the caller's subtree (404 otherwise), awaiting
 * approval (`approval_not_pending`), requested by someone else (`approval_self`).
 */
async function pendingFor(deps: SendApprovalDeps, auth: AuthContext, id: string) {
  const row = await findInScope(deps.db, auth, 'broadcasts', id);
  checkSecondPerson(auth, row.requested_by ? [row.requested_by] : [], `Broadcast ${id}`);
  if (row.status !== 'awaiting_approval') throw notPending(row);
  return row;
}

/**
 * Locks the broadcast and checks it is still the one the decision read: still awaiting, not
 * changed since (a PATCH in between would have it judged on stale terms).
 */
async function lockUnchanged(trx: Tx, read: BroadcastRow): Promise<BroadcastRow> {
  const row = await trx
    .selectFrom('broadcasts')
    .selectAll()
    .where('id', '=', read.id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.status !== 'awaiting_approval') throw notPending(row);
  if (row.updated_at.getTime() !== read.updated_at.getTime()) {
    throw new SafenetError(
      'approval_not_pending',
      `Broadcast ${row.id} changed while you decided: read it again and decide on what it is now`,
    );
  }
  return row;
}

/**
 * Approves a large send: a second person (`checkSecondPerson`) lets a broadcast awaiting
 * approval go. The terms are read live — the segment's query now, narrowed to the published
 * version's targets, the channels, the audience counted now — written on the broadcast (it
 * sends exactly that) and in the `approved` event; then it gets its expand job for `sendAt`
 * and goes `scheduled` or `queued`. Until it starts sending, a change to any of those terms
 * voids the approval (the expand worker compares them before planning).
 */
export async function approveBroadcast(
  deps: SendApprovalDeps,
  auth: AuthContext,
  id: string,
): Promise<Broadcast> {
  const read = await pendingFor(deps, auth, id);
  const live: LiveTerms = await liveTerms(share(deps.db), read);
  const count = await countSegment(share(deps.db), read.org_id, {
    ...live.content.segmentQuery,
    reachableOn: read.channels,
  });
  await deps.beforeDecide?.({ broadcastId: id });
  const row = await deps.db.transaction().execute(async (trx) => {
    const current = await lockUnchanged(trx, read);
    const now = new Date(deps.now());
    const terms: SendApprovalTerms = {
      contentVersionId: live.content.contentVersion?.id ?? null,
      segmentId: live.segmentId,
      segmentHash: live.segmentHash,
      channels: live.channels,
      audience: count.total,
      approvedAt: now.toISOString(),
    };
    const updated = await trx
      .updateTable('broadcasts')
      .set({
        status: current.send_at > now ? 'scheduled' : 'queued',
        segment_query: JSON.stringify(live.content.segmentQuery),
        content_version_id: live.content.contentVersion?.id ?? null,
        content_version: live.content.contentVersion?.number ?? null,
        approved_terms: JSON.stringify(terms),
        updated_at: now,
      })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordApprovalEvent(
      share(trx),
      auth,
      { subject: 'broadcast', subjectId: current.id, orgId: current.org_id },
      'approved',
      { ...terms, contentVersion: live.content.contentVersion?.number ?? null },
      now,
    );
    await sendExpandJob(trx, deps.boss, updated);
    return updated;
  });
  return toBroadcast(row);
}

/**
 * Rejects a large send: a second person refuses it, with a comment saying why. The broadcast
 * ends `rejected` (terminal: nothing is planned or sent) and the event records the comment.
 */
export async function rejectBroadcast(
  deps: SendApprovalDeps,
  auth: AuthContext,
  id: string,
  comment: string,
): Promise<Broadcast> {
  const read = await pendingFor(deps, auth, id);
  await deps.beforeDecide?.({ broadcastId: id });
  const row = await deps.db.transaction().execute(async (trx) => {
    const current = await lockUnchanged(trx, read);
    const now = new Date(deps.now());
    const updated = await trx
      .updateTable('broadcasts')
      .set({ status: 'rejected', approved_terms: null, updated_at: now })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordApprovalEvent(
      share(trx),
      auth,
      { subject: 'broadcast', subjectId: current.id, orgId: current.org_id },
      'rejected',
      { comment },
      now,
    );
    return updated;
  });
  return toBroadcast(row);
}
