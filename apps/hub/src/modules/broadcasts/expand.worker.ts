import { firstChoice, type SegmentQuery, type SendApprovalTerms } from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import { share } from '../../platform/database/schema.js';
import { audiencePage } from '../contacts/index.js';
import { type NewDelivery, type ProgressReporter, planDeliveries } from '../delivery/index.js';
import type { Db } from './broadcasts.tables.js';
import { voidIfChanged } from './send-approval.void.js';

/** What planning a broadcast needs. */
export interface ExpandDeps {
  db: Db;
  boss: PgBoss;
  /** Contacts planned per transaction (`SAFENET_EXPAND_CHUNK`). */
  expandChunk: number;
  progress: ProgressReporter;
  orgPathOf(orgId: string): Promise<readonly string[]>;
}

/** Broadcasts that are not planned: over, or waiting for (or refused) a second person. */
const NOT_PLANNED = new Set(['cancelled', 'awaiting_approval', 'rejected']);

/**
 * Plans a broadcast's recipients, one chunk of contacts per transaction: the chunk's
 * deliveries, their send jobs and the cursor commit together, so a crash resumes after the
 * last committed chunk and never plans a recipient twice (the unique key would refuse it).
 * Each recipient gets the first channel, in the broadcast's order, they are reachable on;
 * one reachable on none gets a suppressed delivery saying why (`firstChoice`).
 *
 * A job queued for another `sendAt` than the broadcast's (`queuedFor`: it was changed since) is
 * stale and plans nothing. Before the first chunk of an approved large send, the approved terms
 * are compared with the live ones: when they differ the approval is void and nothing is planned.
 */
export async function expandBroadcast(
  deps: ExpandDeps,
  broadcastId: string,
  queuedFor?: string,
): Promise<void> {
  const { db, boss } = deps;
  for (;;) {
    const outcome = await db.transaction().execute(async (trx) => {
      const broadcast = await trx
        .selectFrom('broadcasts')
        .selectAll()
        .where('id', '=', broadcastId)
        .forUpdate()
        .executeTakeFirst();
      if (!broadcast || broadcast.expanded || NOT_PLANNED.has(broadcast.status)) {
        return { done: true, orgId: broadcast?.org_id };
      }
      if (queuedFor && queuedFor !== broadcast.send_at.toISOString()) {
        return { done: true, orgId: undefined };
      }
      const cursor = broadcast.expand_cursor;
      if (cursor === null && broadcast.approved_terms) {
        const voided = await voidIfChanged(
          trx,
          broadcast,
          broadcast.approved_terms as SendApprovalTerms,
          new Date(),
        );
        if (voided) return { done: true, orgId: broadcast.org_id };
      }
      const contacts = await audiencePage(
        share(trx),
        broadcast.org_id,
        broadcast.segment_query as SegmentQuery,
        cursor,
        deps.expandChunk,
      );
      const now = new Date();
      const deliveries: NewDelivery[] = contacts.map((contact) => {
        const { channel, reason } = firstChoice(contact, broadcast.channels);
        return {
          id: uuidv7(),
          broadcast_id: broadcast.id,
          org_id: broadcast.org_id,
          contact_id: contact.id,
          channel,
          language: contact.language,
          status: reason ? 'suppressed' : 'queued',
          reason,
          attempts: 0,
          content_version_id: broadcast.content_version_id,
          created_at: now,
          updated_at: now,
        };
      });
      await planDeliveries(share(trx), boss, deliveries);
      const expanded = contacts.length < deps.expandChunk;
      await trx
        .updateTable('broadcasts')
        .set({
          status: 'sending',
          expand_cursor: contacts.at(-1)?.id ?? cursor,
          expanded,
          updated_at: now,
        })
        .where('id', '=', broadcast.id)
        .execute();
      return { done: expanded, orgId: broadcast.org_id };
    });
    if (outcome.orgId) deps.progress.touch(broadcastId, await deps.orgPathOf(outcome.orgId));
    if (outcome.done) return;
  }
}
