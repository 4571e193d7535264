import {
  type Broadcast,
  type BroadcastInput,
  type BroadcastProgress,
  CHANNELS,
  type Channel,
  type CostEstimate,
  type Delivery,
  SafenetError,
  type SegmentQuery,
} from '@safenet/core';
import { fromKysely, type PgBoss } from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope, notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { campaignInScope } from '../campaigns/index.js';
import { countSegment } from '../contacts/index.js';
import {
  checkVariables,
  getRecommendation,
  type ResolvedContent,
  resolveContent,
} from '../content/index.js';
import { cancelQueuedDeliveries, listDeliveries, readProgress } from '../delivery/index.js';
import { findSegment, type SegmentRow } from '../segments/index.js';
import { EXPAND_QUEUE, type ExpandJob } from './broadcasts.queues.js';
import { broadcastsPage, toBroadcast } from './broadcasts.store.js';
import { type BroadcastRow, type Db, type Executor, own, type Tx } from './broadcasts.tables.js';

/** One page of the broadcasts of the caller's subtree. */
export function listBroadcasts(
  db: Executor,
  auth: AuthContext,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Broadcast>> {
  return broadcastsPage(db, auth.orgId, page);
}

/** One broadcast of the caller's subtree, or 404. */
export async function getBroadcast(
  db: Executor,
  auth: AuthContext,
  id: string,
): Promise<Broadcast> {
  return toBroadcast(await findInScope(db, auth, 'broadcasts', id));
}

/** The progress of a broadcast of the caller's subtree (404 otherwise). */
export async function getBroadcastProgress(
  db: Executor,
  auth: AuthContext,
  id: string,
): Promise<BroadcastProgress> {
  const broadcast = await findInScope(db, auth, 'broadcasts', id);
  return readProgress(share(db), broadcast.id);
}

/** One page of the deliveries of a broadcast of the caller's subtree (404 otherwise). */
export async function listBroadcastDeliveries(
  db: Executor,
  auth: AuthContext,
  id: string,
  page: { status?: Delivery['status'] | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<Delivery>> {
  const broadcast = await findInScope(db, auth, 'broadcasts', id);
  return listDeliveries(share(db), broadcast.id, page);
}

/**
 * Creates a broadcast: checks everything it refers to and that it would reach someone, then
 * commits the broadcast and its expand job in one transaction. Nothing is written when a
 * check fails.
 */
export async function createBroadcast(
  db: Db,
  boss: PgBoss,
  auth: AuthContext,
  input: z.output<typeof BroadcastInput>,
  estimatedCost: CostEstimate | null = null,
): Promise<Broadcast> {
  const { segment } = await checkBroadcastInput(db, auth, input);
  const query = segment.query as SegmentQuery;
  const count = await countSegment(share(db), input.orgId, {
    ...query,
    reachableOn: input.channels,
  });
  if (count.total === 0) {
    const all = await countSegment(share(db), input.orgId, query);
    throw new SafenetError(
      'segment_empty',
      all.total === 0
        ? `Segment ${segment.id} matches no contact under organisation ${input.orgId}`
        : `Segment ${segment.id} matches ${all.total} contacts, but none has an address and consent on ${input.channels.join(', ')}; reachable elsewhere: ${CHANNELS.filter((c) => (all.reachable[c] ?? 0) > 0).join(', ') || 'nowhere'}`,
    );
  }

  const now = new Date();
  const sendAt = input.sendAt ? new Date(input.sendAt) : now;
  const row = await db.transaction().execute((trx) =>
    insertBroadcast(trx, boss, {
      id: uuidv7(),
      orgId: input.orgId,
      campaignId: input.campaignId ?? null,
      segmentId: segment.id,
      segmentQuery: query,
      channels: input.channels,
      content: input.content,
      variables: input.variables,
      sendAt,
      fallbackAfterSeconds: input.fallbackAfterSeconds ?? null,
      urgent: input.urgent,
      now,
      estimatedCost,
    }),
  );
  return toBroadcast(row);
}

/** What {@link insertBroadcast} writes: a broadcast whose references were checked already. */
export interface NewBroadcast {
  id: string;
  orgId: string;
  campaignId: string | null;
  /** Null when the hub chose the audience itself (a plan's reminder): `segmentQuery` says who. */
  segmentId: string | null;
  /** The audience, frozen: later edits of the segment do not change it. */
  segmentQuery: SegmentQuery;
  channels: Channel[];
  content: Broadcast['content'];
  variables: Record<string, string>;
  sendAt: Date;
  fallbackAfterSeconds: number | null;
  urgent: boolean;
  now: Date;
  /** The cost estimate when it was created (issue 15); none when absent. */
  estimatedCost?: CostEstimate | null;
}

/**
 * Writes a broadcast and its expand job inside the caller's transaction: both commit or
 * neither. What creating one through the API does after its checks, and what the campaign
 * calendar does when an announcement fires (in the transaction that records the occurrence).
 */
export async function insertBroadcast(
  trx: ExecutorHandle | Tx,
  boss: PgBoss,
  b: NewBroadcast,
): Promise<BroadcastRow> {
  const inserted = await own(trx as ExecutorHandle)
    .insertInto('broadcasts')
    .values({
      id: b.id,
      org_id: b.orgId,
      campaign_id: b.campaignId,
      segment_id: b.segmentId,
      segment_query: JSON.stringify(b.segmentQuery),
      channels: b.channels,
      content: JSON.stringify(b.content),
      variables: JSON.stringify(b.variables),
      send_at: b.sendAt,
      status: b.sendAt > b.now ? 'scheduled' : 'queued',
      expand_cursor: null,
      expanded: false,
      fallback_after_seconds: b.fallbackAfterSeconds,
      urgent: b.urgent,
      estimated_cost: b.estimatedCost ? JSON.stringify(b.estimatedCost) : null,
      created_at: b.now,
      updated_at: b.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await boss.send(EXPAND_QUEUE, { broadcastId: inserted.id } satisfies ExpandJob, {
    db: fromKysely(trx as Tx),
    startAfter: b.sendAt,
    singletonKey: inserted.id,
  });
  return inserted;
}

/**
 * The checks a broadcast's input passes before anything is planned, shared by creating and
 * previewing one: everything it names exists in the caller's subtree (404 otherwise), and
 * its content renders in every language (`template_variable_missing` otherwise).
 */
export async function checkBroadcastInput(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof BroadcastInput>,
): Promise<{ segment: SegmentRow; content: ResolvedContent }> {
  await orgInScope(db, auth, input.orgId);
  const segment = await findSegment(share(db), auth, input.segmentId);
  if (input.campaignId) await campaignInScope(share(db), auth, input.campaignId);
  if ('recommendationId' in input.content) {
    await getRecommendation(share(db), auth, input.content.recommendationId);
  }
  const content = await resolveContent(share(db), input.content);
  checkVariables(content, input.variables);
  return { segment, content };
}

/**
 * Cancels a broadcast that has not finished: planning stops and deliveries not yet sent end
 * `cancelled`. Messages already handed to a provider are not recalled.
 */
export async function cancelBroadcast(db: Db, auth: AuthContext, id: string): Promise<Broadcast> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('broadcasts')
      .selectAll()
      .where('id', '=', id)
      .where(inSubtree('broadcasts.org_id', auth.orgId))
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('broadcast', id);
    if (current.status === 'completed' || current.status === 'cancelled') {
      throw new SafenetError(
        'broadcast_not_cancellable',
        `Broadcast ${id} is already ${current.status}`,
      );
    }
    const now = new Date();
    await cancelQueuedDeliveries(share(trx), id, now);
    const row = await trx
      .updateTable('broadcasts')
      .set({ status: 'cancelled', updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBroadcast(row);
  });
}
