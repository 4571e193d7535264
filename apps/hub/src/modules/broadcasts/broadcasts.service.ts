import {
  type Broadcast,
  type BroadcastInput,
  type BroadcastProgress,
  CHANNELS,
  type Channel,
  type CostEstimate,
  type Delivery,
  narrowToTargets,
  SafenetError,
  type SegmentQuery,
  type Signposting,
} from '@safenet/core';
import { fromKysely, type PgBoss } from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import { type AuthContext, personOf } from '../../platform/tenancy/auth.js';
import { findInScope, notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { recordApprovalEvent } from '../approvals/index.js';
import { campaignInScope } from '../campaigns/index.js';
import { countSegment } from '../contacts/index.js';
import {
  checkVariables,
  getRecommendation,
  publishedVersion,
  type ResolvedContent,
  resolveContent,
} from '../content/index.js';
import { cancelQueuedDeliveries, listDeliveries, readProgress } from '../delivery/index.js';
import { findSegment, type SegmentRow } from '../segments/index.js';
import { EXPAND_QUEUE, type ExpandJob } from './broadcasts.queues.js';
import { broadcastsPage, toBroadcast } from './broadcasts.store.js';
import { type BroadcastRow, type Db, type Executor, own, type Tx } from './broadcasts.tables.js';
import { thresholdFor } from './send-approval.settings.js';

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
 * check fails. An audience over the organisation's send-approval threshold (`defaultThreshold`
 * where none is set up the tree) waits in `awaiting_approval` instead, without an expand job,
 * with an `approval_requested` event.
 */
export async function createBroadcast(
  db: Db,
  boss: PgBoss,
  auth: AuthContext,
  input: z.output<typeof BroadcastInput>,
  options: {
    /** The hub's send-approval threshold where no organisation set one. */
    defaultThreshold?: number | null;
    /** The cost estimate to record (the preview's); none without a price table. */
    estimatedCost?: CostEstimate | null;
  } = {},
): Promise<Broadcast> {
  const { segment, terms } = await checkBroadcastInput(db, auth, input);
  const query = terms.segmentQuery;
  const count = await countSegment(share(db), input.orgId, {
    ...query,
    reachableOn: input.channels,
  });
  if (count.total === 0) {
    throw new SafenetError('segment_empty', await emptyAudience(db, input, segment, terms));
  }

  const { inForce, definedBy } = await thresholdFor(
    db,
    input.orgId,
    options.defaultThreshold ?? null,
  );
  const waits = inForce !== null && count.total > inForce;

  const now = new Date();
  const sendAt = input.sendAt ? new Date(input.sendAt) : now;
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await insertBroadcast(trx, boss, {
      ...(waits ? { awaitingApprovalOf: personOf(auth.actor) } : {}),
      id: uuidv7(),
      orgId: input.orgId,
      campaignId: input.campaignId ?? null,
      segmentId: segment.id,
      segmentQuery: query,
      channels: input.channels,
      content: input.content,
      contentVersion: terms.contentVersion,
      ignoreTargeting: terms.targetingIgnored,
      variables: input.variables,
      sendAt,
      fallbackAfterSeconds: input.fallbackAfterSeconds ?? null,
      urgent: input.urgent,
      signposting: input.signposting,
      now,
      estimatedCost: options.estimatedCost ?? null,
    });
    if (terms.targetingIgnored && terms.contentVersion) {
      await recordApprovalEvent(
        share(trx),
        auth,
        { subject: 'broadcast', subjectId: inserted.id, orgId: inserted.org_id },
        'targeting_overridden',
        { version: terms.contentVersion.number, targets: terms.targets },
        now,
      );
    }
    if (waits) {
      await recordApprovalEvent(
        share(trx),
        auth,
        { subject: 'broadcast', subjectId: inserted.id, orgId: inserted.org_id },
        'approval_requested',
        { audience: count.total, threshold: inForce, thresholdSetBy: definedBy },
        now,
      );
    }
    return inserted;
  });
  return toBroadcast(row);
}

/** Why a broadcast would reach nobody, in words that say what to change. */
export async function emptyAudience(
  db: Db,
  input: z.output<typeof BroadcastInput>,
  segment: SegmentRow,
  terms: ContentTerms,
): Promise<string> {
  const all = await countSegment(share(db), input.orgId, segment.query as SegmentQuery);
  if (all.total === 0) {
    return `Segment ${segment.id} matches no contact under organisation ${input.orgId}`;
  }
  const targeted = await countSegment(share(db), input.orgId, terms.segmentQuery);
  if (targeted.total === 0 && terms.targets) {
    const { roles, ageBands } = terms.targets;
    const aimedAt = [
      roles.length > 0 ? `roles ${roles.join(', ')}` : '',
      ageBands.length > 0
        ? `parents of children aged ${ageBands.map((b) => `${b.min}–${b.max}`).join(', ')}`
        : '',
    ].filter(Boolean);
    return `Segment ${segment.id} matches ${all.total} contacts, but version ${terms.contentVersion?.number} of the recommendation is for ${aimedAt.join(' and ')}, and none of them is; choose another segment, or set "ignoreTargeting" to send past its targets`;
  }
  return `Segment ${segment.id} matches ${targeted.total} contacts, but none has an address and consent on ${input.channels.join(', ')}; reachable elsewhere: ${CHANNELS.filter((c) => (targeted.reachable[c] ?? 0) > 0).join(', ') || 'nowhere'}`;
}

/**
 * What a broadcast's content fixes when it is created: the recommendation version it sends
 * (the published one), and its audience — the segment narrowed to the version's target roles
 * and children's age bands unless the sender chose to ignore them.
 */
export interface ContentTerms {
  contentVersion: { id: string; number: number } | null;
  segmentQuery: SegmentQuery;
  /** The version's targets, when it has any. */
  targets: { roles: string[]; ageBands: { min: number; max: number }[] } | null;
  /** True when the sender sent past targets the version has. */
  targetingIgnored: boolean;
}

/**
 * The {@link ContentTerms} of content sent to `query`, or `recommendation_not_published`.
 * What creating and previewing a broadcast do, and an announcement when it fires.
 */
export async function contentTerms(
  db: ExecutorHandle,
  content: Broadcast['content'],
  query: SegmentQuery,
  ignoreTargeting: boolean,
): Promise<ContentTerms> {
  if (!('recommendationId' in content)) {
    return { contentVersion: null, segmentQuery: query, targets: null, targetingIgnored: false };
  }
  const version = await publishedVersion(db, content.recommendationId);
  const targeted = version.targetRoles.length > 0 || version.targetAgeBands.length > 0;
  return {
    contentVersion: { id: version.id, number: version.number },
    segmentQuery: ignoreTargeting ? query : narrowToTargets(query, version),
    targets: targeted ? { roles: version.targetRoles, ageBands: version.targetAgeBands } : null,
    targetingIgnored: ignoreTargeting && targeted,
  };
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
  /** The recommendation version it sends (see {@link contentTerms}); null for its own text. */
  contentVersion?: { id: string; number: number } | null;
  /** The sender sent past the version's targets. */
  ignoreTargeting?: boolean;
  variables: Record<string, string>;
  sendAt: Date;
  fallbackAfterSeconds: number | null;
  urgent: boolean;
  /** The help-line footer; left out: off (the hub's own broadcasts carry none). */
  signposting?: Signposting;
  now: Date;
  /**
   * The person whose broadcast must wait for a second person's approval (its audience is over
   * the threshold): it is written `awaiting_approval`, without an expand job.
   */
  awaitingApprovalOf?: string;
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
      status: b.awaitingApprovalOf
        ? 'awaiting_approval'
        : b.sendAt > b.now
          ? 'scheduled'
          : 'queued',
      expand_cursor: null,
      expanded: false,
      fallback_after_seconds: b.fallbackAfterSeconds,
      urgent: b.urgent,
      content_version_id: b.contentVersion?.id ?? null,
      content_version: b.contentVersion?.number ?? null,
      ignore_targeting: b.ignoreTargeting ?? false,
      requested_by: b.awaitingApprovalOf ?? null,
      ...(b.signposting ? { signposting: JSON.stringify(b.signposting) } : {}),
      estimated_cost: b.estimatedCost ? JSON.stringify(b.estimatedCost) : null,
      created_at: b.now,
      updated_at: b.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (!b.awaitingApprovalOf) await sendExpandJob(trx, boss, inserted);
  return inserted;
}

/**
 * Queues a broadcast's expand job for its `sendAt`, inside the caller's transaction. The job
 * names the `sendAt` it was queued for: one queued before the broadcast's time changed is
 * stale, and the worker drops it.
 */
export async function sendExpandJob(
  trx: ExecutorHandle | Tx,
  boss: PgBoss,
  row: Pick<BroadcastRow, 'id' | 'send_at'>,
): Promise<void> {
  await boss.send(
    EXPAND_QUEUE,
    { broadcastId: row.id, sendAt: row.send_at.toISOString() } satisfies ExpandJob,
    { db: fromKysely(trx as Tx), startAfter: row.send_at, singletonKey: row.id },
  );
}

/**
 * The checks a broadcast's input passes before anything is planned, shared by creating and
 * previewing one: everything it names exists in the caller's subtree (404 otherwise), a
 * recommendation has a published version (`recommendation_not_published`), and the content
 * renders in every language (`template_variable_missing` otherwise).
 */
export async function checkBroadcastInput(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof BroadcastInput>,
): Promise<{ segment: SegmentRow; content: ResolvedContent; terms: ContentTerms }> {
  await orgInScope(db, auth, input.orgId);
  const segment = await findSegment(share(db), auth, input.segmentId);
  if (input.campaignId) await campaignInScope(share(db), auth, input.campaignId);
  if ('recommendationId' in input.content) {
    await getRecommendation(share(db), auth, input.content.recommendationId);
  }
  const terms = await contentTerms(
    share(db),
    input.content,
    segment.query as SegmentQuery,
    input.ignoreTargeting,
  );
  const content = await resolveContent(share(db), input.content, terms.contentVersion?.id ?? null);
  checkVariables(content, input.variables);
  return { segment, content, terms };
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
    if (['completed', 'cancelled', 'rejected'].includes(current.status)) {
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
