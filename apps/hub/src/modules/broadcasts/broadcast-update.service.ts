import {
  type Broadcast,
  type BroadcastInput,
  type BroadcastUpdateInput,
  SafenetError,
} from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import { type AuthContext, personOf } from '../../platform/tenancy/auth.js';
import { findInScope } from '../../platform/tenancy/lookups.js';
import { recordApprovalEvent } from '../approvals/index.js';
import { countSegment } from '../contacts/index.js';
import { checkBroadcastInput, emptyAudience, sendExpandJob } from './broadcasts.service.js';
import { toBroadcast } from './broadcasts.store.js';
import type { BroadcastRow, Db } from './broadcasts.tables.js';
import { thresholdFor } from './send-approval.settings.js';

/** What changing a broadcast needs. */
export interface BroadcastUpdateDeps {
  db: Db;
  boss: PgBoss;
  defaultThreshold: number | null;
  now(): number;
}

/** Statuses in which nothing is planned yet, so the broadcast may still change. */
const EDITABLE = new Set(['scheduled', 'queued', 'awaiting_approval']);

function checkEditable(row: BroadcastRow): void {
  if (!EDITABLE.has(row.status) || row.expand_cursor !== null || row.expanded) {
    throw new SafenetError(
      'broadcast_not_editable',
      `Broadcast ${row.id} is ${row.status}${row.expand_cursor ? ' (recipients are being planned)' : ''}: only a broadcast not yet sending changes; cancel it and create another`,
    );
  }
  if (row.segment_id === null) {
    throw new SafenetError(
      'broadcast_not_editable',
      `Broadcast ${row.id} was addressed by the hub (a plan's reminder or an escalation), not to a segment: it does not change`,
    );
  }
}

/**
 * Changes a broadcast not yet sending: the fields given replace the stored ones, and
 * everything creating one checks is checked again (references in your subtree, a published
 * version, every variable, someone to reach). Its audience meets the threshold again: over it,
 * it waits in `awaiting_approval` with you as the requester; under it, it is queued for its
 * `sendAt`. An approval it had is void (`voided`, recorded). Nothing is written when a check
 * fails.
 */
export async function updateBroadcast(
  deps: BroadcastUpdateDeps,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof BroadcastUpdateInput>,
): Promise<Broadcast> {
  const { db, boss } = deps;
  const read = await findInScope(db, auth, 'broadcasts', id);
  checkEditable(read);
  const input: z.output<typeof BroadcastInput> = {
    orgId: read.org_id,
    ...(read.campaign_id ? { campaignId: read.campaign_id } : {}),
    segmentId: patch.segmentId ?? (read.segment_id as string),
    channels: patch.channels ?? read.channels,
    content: patch.content ?? (read.content as Broadcast['content']),
    variables: patch.variables ?? read.variables,
    sendAt: patch.sendAt ?? read.send_at.toISOString(),
    ...(read.fallback_after_seconds === null
      ? {}
      : { fallbackAfterSeconds: read.fallback_after_seconds }),
    urgent: read.urgent,
    ignoreTargeting: read.ignore_targeting,
    signposting: read.signposting,
  };
  const { segment, terms } = await checkBroadcastInput(db, auth, input);
  const count = await countSegment(share(db), input.orgId, {
    ...terms.segmentQuery,
    reachableOn: input.channels,
  });
  if (count.total === 0) {
    throw new SafenetError('segment_empty', await emptyAudience(db, input, segment, terms));
  }
  const { inForce, definedBy } = await thresholdFor(db, input.orgId, deps.defaultThreshold);
  const waits = inForce !== null && count.total > inForce;

  const row = await db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('broadcasts')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    checkEditable(current);
    const now = new Date(deps.now());
    const sendAt = new Date(input.sendAt as string);
    const updated = await trx
      .updateTable('broadcasts')
      .set({
        segment_id: segment.id,
        segment_query: JSON.stringify(terms.segmentQuery),
        channels: input.channels,
        content: JSON.stringify(input.content),
        variables: JSON.stringify(input.variables),
        send_at: sendAt,
        content_version_id: terms.contentVersion?.id ?? null,
        content_version: terms.contentVersion?.number ?? null,
        status: waits ? 'awaiting_approval' : sendAt > now ? 'scheduled' : 'queued',
        requested_by: waits ? personOf(auth.actor) : null,
        approved_terms: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const target = { subject: 'broadcast' as const, subjectId: id, orgId: current.org_id };
    if (current.approved_terms) {
      await recordApprovalEvent(
        share(trx),
        auth,
        target,
        'voided',
        {
          changes: [`changed: ${Object.keys(patch).join(', ')}`],
          approved: current.approved_terms,
        },
        now,
      );
    }
    if (waits) {
      await recordApprovalEvent(
        share(trx),
        auth,
        target,
        'approval_requested',
        { audience: count.total, threshold: inForce, thresholdSetBy: definedBy },
        now,
      );
    } else if (
      current.status === 'awaiting_approval' ||
      current.send_at.getTime() !== sendAt.getTime()
    ) {
      // A job queued for the old time is stale: the worker drops it.
      await sendExpandJob(trx, boss, updated);
    }
    return updated;
  });
  return toBroadcast(row);
}
