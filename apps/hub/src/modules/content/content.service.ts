import {
  type ApprovalAction,
  CHANNELS,
  type CoverageQuery,
  type LocalizedText,
  pickLocalized,
  type Recommendation,
  type RecommendationCoverage,
  type RecommendationInput,
  type RecommendationPatch,
  type RecommendationQuery,
  type RecommendationVersion,
  SafenetError,
  type SegmentQuery,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import { type AuthContext, personOf } from '../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { checkSecondPerson, recordApprovalEvent } from '../approvals/index.js';
import { audienceByLanguage } from '../contacts/index.js';
import { findSegment } from '../segments/index.js';
import { attachmentsOf, copyFiles } from './attachments.store.js';
import {
  insertDraft,
  libraryPage,
  readEntry,
  toRecommendation,
  toVersion,
  versionForUpdate,
} from './content.store.js';
import {
  type Db,
  type Executor,
  own,
  type RecommendationRow,
  type Tx,
  type VersionRow,
} from './content.tables.js';

/** One page of the library of the caller's subtree, filtered. */
export function listRecommendations(
  db: Executor,
  auth: AuthContext,
  query: z.output<typeof RecommendationQuery>,
): Promise<Page<Recommendation>> {
  return libraryPage(db, auth.orgId, query);
}

/** One recommendation of the caller's subtree, or 404. */
export async function getRecommendation(
  db: ExecutorHandle | Executor,
  auth: AuthContext,
  id: string,
): Promise<Recommendation> {
  const entry = await readEntry(own(db), id, auth.orgId);
  if (!entry) throw notFound('recommendation', id);
  return toRecommendation(entry);
}

/** The recommendation `id` of the caller's subtree, locked for the transaction, or 404. */
export async function lockRecommendation(
  trx: Tx,
  auth: AuthContext,
  id: string,
): Promise<RecommendationRow> {
  const row = await trx
    .selectFrom('recommendations')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree('recommendations.org_id', auth.orgId))
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('recommendation', id);
  return row;
}

/** Version `number` of a locked recommendation, locked too, or 404. */
export async function lockVersion(
  trx: Tx,
  recommendation: RecommendationRow,
  number: number,
): Promise<VersionRow> {
  const version = await versionForUpdate(trx, recommendation.id, number);
  if (!version) throw notFound('version', `${number} of recommendation ${recommendation.id}`);
  return version;
}

/** Records a move of a version in the approvals log. */
export function record(
  trx: Tx,
  auth: AuthContext,
  version: VersionRow,
  action: ApprovalAction,
  now: Date,
  detail: Record<string, unknown> = {},
): Promise<void> {
  return recordApprovalEvent(
    share(trx),
    auth,
    { subject: 'recommendation_version', subjectId: version.id, orgId: version.org_id },
    action,
    { recommendationId: version.recommendation_id, version: version.number, ...detail },
    now,
  );
}

/**
 * Creates a recommendation for an organisation of the caller's subtree (404 otherwise), its
 * version 1 a draft written by the caller.
 */
export async function createRecommendation(
  db: Db,
  auth: AuthContext,
  input: z.output<typeof RecommendationInput>,
): Promise<Recommendation> {
  await orgInScope(db, auth, input.orgId);
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const id = uuidv7();
    await trx
      .insertInto('recommendations')
      .values({
        id,
        org_id: input.orgId,
        published_version_id: null,
        latest_version_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const version = await insertDraft(trx, {
      recommendationId: id,
      orgId: input.orgId,
      number: 1,
      fields: {
        topic: input.topic,
        tags: input.tags,
        title: input.title,
        body: input.body,
        target_roles: input.targetRoles,
        target_age_bands: input.targetAgeBands,
      },
      authors: [personOf(auth.actor)],
      now,
    });
    await record(trx, auth, version, 'created', now);
    return entryOf(trx, id);
  });
}

async function entryOf(db: Executor, id: string): Promise<Recommendation> {
  const entry = await readEntry(db, id);
  if (!entry) throw notFound('recommendation', id);
  return toRecommendation(entry);
}

/**
 * Changes the text or targets: the open draft takes the change (a version in review goes
 * back to draft); with none open, a new draft copied from the published (else the newest)
 * version does. The published version keeps being sent until the new one is approved.
 */
export async function updateRecommendation(
  db: Db,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof RecommendationPatch>,
): Promise<Recommendation> {
  return db.transaction().execute(async (trx) => {
    const now = new Date();
    const recommendation = await lockRecommendation(trx, auth, id);
    const latest = await trx
      .selectFrom('recommendation_versions')
      .selectAll()
      .where('id', '=', recommendation.latest_version_id ?? '')
      .executeTakeFirstOrThrow();
    const me = personOf(auth.actor);
    const fields = {
      ...(patch.topic ? { topic: patch.topic } : {}),
      ...(patch.tags ? { tags: patch.tags } : {}),
      ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
      ...(patch.body ? { body: JSON.stringify(patch.body) } : {}),
      ...(patch.targetRoles ? { target_roles: patch.targetRoles } : {}),
      ...(patch.targetAgeBands ? { target_age_bands: JSON.stringify(patch.targetAgeBands) } : {}),
    };
    if (latest.status === 'draft' || latest.status === 'in_review') {
      const edited = await trx
        .updateTable('recommendation_versions')
        .set({
          ...fields,
          status: 'draft',
          submitted_at: null,
          authors: latest.authors.includes(me) ? latest.authors : [...latest.authors, me],
          updated_at: now,
        })
        .where('id', '=', latest.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('recommendations')
        .set({ updated_at: now })
        .where('id', '=', id)
        .execute();
      await record(trx, auth, edited, 'edited', now, {
        returnedFromReview: latest.status === 'in_review',
      });
    } else {
      const base =
        recommendation.published_version_id === null
          ? latest
          : await trx
              .selectFrom('recommendation_versions')
              .selectAll()
              .where('id', '=', recommendation.published_version_id)
              .executeTakeFirstOrThrow();
      const version = await insertDraft(trx, {
        recommendationId: id,
        orgId: recommendation.org_id,
        number: latest.number + 1,
        fields: {
          topic: patch.topic ?? base.topic,
          tags: patch.tags ?? base.tags,
          title: patch.title ?? base.title,
          body: patch.body ?? base.body,
          target_roles: patch.targetRoles ?? base.target_roles,
          target_age_bands: patch.targetAgeBands ?? base.target_age_bands,
        },
        authors: [me],
        now,
      });
      // The new draft carries the same files: the same stored bytes, none copied.
      await copyFiles(trx, base.id, version.id);
      await record(trx, auth, version, 'created', now, { from: base.number });
    }
    return entryOf(trx, id);
  });
}

/** Every version of a recommendation of the caller's subtree, newest first. */
export async function listVersions(
  db: Executor,
  auth: AuthContext,
  id: string,
): Promise<RecommendationVersion[]> {
  await getRecommendation(db, auth, id);
  const rows = await db
    .selectFrom('recommendation_versions')
    .selectAll()
    .where('recommendation_id', '=', id)
    .orderBy('number', 'desc')
    .execute();
  return withFiles(db, rows);
}

/** Versions as the API answers them, each with its files. */
async function withFiles(db: Executor, rows: VersionRow[]): Promise<RecommendationVersion[]> {
  const files = await attachmentsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toVersion(row, files.get(row.id) ?? []));
}

/** One version as the API answers it, with its files. */
export async function versionOf(db: Executor, row: VersionRow): Promise<RecommendationVersion> {
  const [version] = await withFiles(db, [row]);
  return version as RecommendationVersion;
}

/** Version `number` of a recommendation of the caller's subtree, or 404. */
export async function getVersion(
  db: Executor,
  auth: AuthContext,
  id: string,
  number: number,
): Promise<RecommendationVersion> {
  await getRecommendation(db, auth, id);
  const row = await db
    .selectFrom('recommendation_versions')
    .selectAll()
    .where('recommendation_id', '=', id)
    .where('number', '=', number)
    .executeTakeFirst();
  if (!row) throw notFound('version', `${number} of recommendation ${id}`);
  return versionOf(db, row);
}

/** A move of one version, in one transaction with the recommendation locked. */
async function moveVersion(
  db: Db,
  auth: AuthContext,
  id: string,
  number: number,
  move: (
    trx: Tx,
    recommendation: RecommendationRow,
    version: VersionRow,
    now: Date,
  ) => Promise<VersionRow>,
): Promise<RecommendationVersion> {
  return db.transaction().execute(async (trx) => {
    const recommendation = await lockRecommendation(trx, auth, id);
    const version = await lockVersion(trx, recommendation, number);
    return versionOf(trx, await move(trx, recommendation, version, new Date()));
  });
}

export const statusConflict = (version: VersionRow, what: string) =>
  new SafenetError(
    'recommendation_status_conflict',
    `Version ${version.number} is ${version.status}: ${what}`,
  );

/** Sends a draft for review: another person with `approve` decides. */
export function submitVersion(
  db: Db,
  auth: AuthContext,
  id: string,
  number: number,
): Promise<RecommendationVersion> {
  return moveVersion(db, auth, id, number, async (trx, _r, version, now) => {
    if (version.status !== 'draft') {
      throw statusConflict(version, 'only a draft is submitted for review');
    }
    const row = await trx
      .updateTable('recommendation_versions')
      .set({ status: 'in_review', submitted_at: now, updated_at: now })
      .where('id', '=', version.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await record(trx, auth, row, 'submitted', now);
    return row;
  });
}

/** A version in review, decided by the caller: the four-eyes checks, or the refusal. */
function pendingReview(auth: AuthContext, version: VersionRow): void {
  if (version.status !== 'in_review') {
    throw new SafenetError(
      'approval_not_pending',
      version.review_decision && version.status !== 'draft'
        ? `Version ${version.number} was already ${version.review_decision} (${version.status})`
        : `Version ${version.number} is ${version.status}, not in review: it must be submitted first`,
    );
  }
  checkSecondPerson(auth, version.authors, `Version ${version.number}`);
}

/**
 * Approves a version in review: it is published (the published one before it archived), and
 * broadcasts created from now on send it. Refused to its authors (`approval_self`).
 */
export function approveVersion(
  db: Db,
  auth: AuthContext,
  id: string,
  number: number,
): Promise<RecommendationVersion> {
  return moveVersion(db, auth, id, number, async (trx, recommendation, version, now) => {
    pendingReview(auth, version);
    const reviewer = personOf(auth.actor);
    let superseded: number | null = null;
    if (recommendation.published_version_id) {
      const old = await trx
        .updateTable('recommendation_versions')
        .set({ status: 'archived', archived_at: now, updated_at: now })
        .where('id', '=', recommendation.published_version_id)
        .returningAll()
        .executeTakeFirstOrThrow();
      superseded = old.number;
      await record(trx, auth, old, 'archived', now, { supersededBy: version.number });
    }
    const row = await trx
      .updateTable('recommendation_versions')
      .set({
        status: 'published',
        reviewed_by: reviewer,
        reviewed_at: now,
        review_decision: 'approved',
        review_comment: null,
        published_at: now,
        updated_at: now,
      })
      .where('id', '=', version.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('recommendations')
      .set({ published_version_id: row.id, updated_at: now })
      .where('id', '=', recommendation.id)
      .execute();
    await record(trx, auth, row, 'approved', now, { supersedes: superseded });
    return row;
  });
}

/** Sends a version in review back to draft with the reviewer's comment. */
export function rejectVersion(
  db: Db,
  auth: AuthContext,
  id: string,
  number: number,
  comment: string,
): Promise<RecommendationVersion> {
  return moveVersion(db, auth, id, number, async (trx, _r, version, now) => {
    pendingReview(auth, version);
    const row = await trx
      .updateTable('recommendation_versions')
      .set({
        status: 'draft',
        submitted_at: null,
        reviewed_by: personOf(auth.actor),
        reviewed_at: now,
        review_decision: 'rejected',
        review_comment: comment,
        updated_at: now,
      })
      .where('id', '=', version.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await record(trx, auth, row, 'rejected', now, { comment });
    return row;
  });
}

/**
 * Archives a version: a published one stops being sent (the recommendation has nothing
 * published until another version is approved); a draft or a version in review is
 * abandoned. Broadcasts already created keep the version they were created with.
 */
export function archiveVersion(
  db: Db,
  auth: AuthContext,
  id: string,
  number: number,
): Promise<RecommendationVersion> {
  return moveVersion(db, auth, id, number, async (trx, recommendation, version, now) => {
    if (version.status === 'archived') throw statusConflict(version, 'it is archived already');
    const row = await trx
      .updateTable('recommendation_versions')
      .set({ status: 'archived', archived_at: now, updated_at: now })
      .where('id', '=', version.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (recommendation.published_version_id === version.id) {
      await trx
        .updateTable('recommendations')
        .set({ published_version_id: null, updated_at: now })
        .where('id', '=', recommendation.id)
        .execute();
    }
    await record(trx, auth, row, 'archived', now, { was: version.status });
    return row;
  });
}

/**
 * Which languages a version is written in, against the contacts of a segment: per contact
 * language, how many there are and what they read after fallback (e.g. kk → ru).
 */
export async function recommendationCoverage(
  db: Executor,
  auth: AuthContext,
  id: string,
  query: z.output<typeof CoverageQuery>,
): Promise<RecommendationCoverage> {
  const shown = await getRecommendation(db, auth, id);
  const version = await getVersion(db, auth, id, query.version ?? shown.version);
  const segment = await findSegment(share(db), auth, query.segmentId);
  const counts = await audienceByLanguage(
    share(db),
    segment.org_id,
    segment.query as SegmentQuery,
    CHANNELS,
  );
  return {
    recommendationId: id,
    version: version.number,
    languages: version.languages,
    segmentId: segment.id,
    readers: counts.map(({ language, total }) => {
      const read = pickLocalized(version.body as LocalizedText, language);
      return {
        language,
        recipients: total,
        contentLanguage: read?.language ?? null,
        fallback: read !== undefined && read.language !== language,
      };
    }),
  };
}

/**
 * The published version a broadcast of recommendation `id` sends now (the caller checked
 * the recommendation is theirs), or `recommendation_not_published`.
 */
export async function publishedVersion(
  db: ExecutorHandle | Executor,
  id: string,
): Promise<RecommendationVersion> {
  const row = await own(db)
    .selectFrom('recommendations')
    .innerJoin(
      'recommendation_versions',
      'recommendation_versions.id',
      'recommendations.published_version_id',
    )
    .selectAll('recommendation_versions')
    .where('recommendations.id', '=', id)
    .executeTakeFirst();
  if (!row) {
    throw new SafenetError(
      'recommendation_not_published',
      `Recommendation ${id} has no published version: submit its draft for review and have another person approve it`,
    );
  }
  return versionOf(own(db), row);
}
