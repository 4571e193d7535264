import type {
  Attachment,
  Language,
  Recommendation,
  RecommendationQuery,
  RecommendationVersion,
  Role,
} from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Executor, RecommendationRow, VersionRow } from './content.tables.js';

// Rows become API records here and nowhere else.

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? iso(date) : null);

/** A version as the API answers it, with the files it carries (`attachmentsOf`). */
export function toVersion(row: VersionRow, attachments: Attachment[]): RecommendationVersion {
  return {
    id: row.id,
    recommendationId: row.recommendation_id,
    orgId: row.org_id,
    number: row.number,
    status: row.status,
    topic: row.topic,
    tags: row.tags,
    title: row.title,
    body: row.body,
    targetRoles: row.target_roles as Role[],
    targetAgeBands: row.target_age_bands,
    languages: Object.keys(row.body) as Language[],
    attachments,
    authors: row.authors,
    submittedAt: isoOrNull(row.submitted_at),
    review:
      row.review_decision && row.reviewed_by && row.reviewed_at
        ? {
            decision: row.review_decision,
            by: row.reviewed_by,
            at: iso(row.reviewed_at),
            comment: row.review_comment,
          }
        : null,
    publishedAt: isoOrNull(row.published_at),
    archivedAt: isoOrNull(row.archived_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** A library entry: the recommendation, the version shown and the newest version's state. */
export type Entry = Pick<
  RecommendationRow,
  'id' | 'org_id' | 'published_version_id' | 'created_at' | 'updated_at'
> &
  Pick<
    VersionRow,
    'number' | 'status' | 'topic' | 'tags' | 'title' | 'body' | 'target_roles' | 'target_age_bands'
  > & { latest_number: number; latest_status: VersionRow['status'] };

export function toRecommendation(row: Entry): Recommendation {
  const open = row.latest_status === 'draft' || row.latest_status === 'in_review';
  return {
    id: row.id,
    orgId: row.org_id,
    version: row.number,
    status: row.status,
    topic: row.topic,
    tags: row.tags,
    title: row.title,
    body: row.body,
    targetRoles: row.target_roles as Role[],
    targetAgeBands: row.target_age_bands,
    languages: Object.keys(row.body) as Language[],
    publishedVersion: row.published_version_id ? row.number : null,
    openVersion: open
      ? { number: row.latest_number, status: row.latest_status as 'draft' | 'in_review' }
      : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * The library as one row per recommendation: its own columns, the shown version's (the
 * published one, else the newest) and the newest version's number and status, under the
 * aliases `r`, `v` and `l` for the caller's conditions.
 */
function library(db: Executor) {
  return db
    .selectFrom('recommendations as r')
    .innerJoin('recommendation_versions as v', (join) =>
      join.on(sql<SqlBool>`v.id = coalesce(r.published_version_id, r.latest_version_id)`),
    )
    .innerJoin('recommendation_versions as l', 'l.id', 'r.latest_version_id')
    .select([
      'r.id',
      'r.org_id',
      'r.published_version_id',
      'r.created_at',
      'r.updated_at',
      'v.number',
      'v.status',
      'v.topic',
      'v.tags',
      'v.title',
      'v.body',
      'v.target_roles',
      'v.target_age_bands',
      'l.number as latest_number',
      'l.status as latest_status',
    ]);
}

/** The conditions of a library search, over the aliases of {@link library}. */
function filters(query: z.output<typeof RecommendationQuery>): Expression<SqlBool>[] {
  const parts: Expression<SqlBool>[] = [];
  if (query.topic) parts.push(sql<SqlBool>`v.topic = ${query.topic}`);
  if (query.tag) parts.push(sql<SqlBool>`${query.tag} = any(v.tags)`);
  if (query.role) {
    parts.push(
      sql<SqlBool>`(cardinality(v.target_roles) = 0 or ${query.role} = any(v.target_roles))`,
    );
  }
  if (query.ageMin !== undefined || query.ageMax !== undefined) {
    const min = query.ageMin ?? 0;
    const max = query.ageMax ?? 17;
    parts.push(sql<SqlBool>`(jsonb_array_length(v.target_age_bands) = 0 or exists (
      select 1 from jsonb_array_elements(v.target_age_bands) band
      where (band ->> 'min')::int <= ${max} and (band ->> 'max')::int >= ${min}))`);
  }
  if (query.language) parts.push(sql<SqlBool>`(v.body ->> ${query.language}) is not null`);
  if (query.status === 'published') parts.push(sql<SqlBool>`r.published_version_id is not null`);
  if (query.status === 'draft' || query.status === 'in_review') {
    parts.push(sql<SqlBool>`l.status = ${query.status}`);
  }
  if (query.status === 'archived') {
    parts.push(sql<SqlBool>`(r.published_version_id is null and l.status = 'archived')`);
  }
  if (query.q) {
    parts.push(sql<SqlBool>`exists (select 1 from jsonb_each_text(v.title) t
      where position(lower(${query.q}) in lower(t.value)) > 0)`);
  }
  return parts;
}

/** One keyset page of the library of `rootOrgId`'s subtree, filtered. */
export function libraryPage(
  db: Executor,
  rootOrgId: string,
  query: z.output<typeof RecommendationQuery>,
): Promise<Page<Recommendation>> {
  const parts = filters(query);
  const rows = library(db)
    .where(inSubtree('r.org_id', rootOrgId))
    .$if(parts.length > 0, (q) => q.where(sql<SqlBool>`${sql.join(parts, sql` and `)}`));
  return keysetPage(db.selectFrom(rows.as('lib')).selectAll(), query, toRecommendation);
}

/** The library entry of recommendation `id` (in `rootOrgId`'s subtree when given), or undefined. */
export function readEntry(
  db: Executor,
  id: string,
  rootOrgId?: string,
): Promise<Entry | undefined> {
  return library(db)
    .where('r.id', '=', id)
    .$if(rootOrgId !== undefined, (q) => q.where(inSubtree('r.org_id', rootOrgId as string)))
    .executeTakeFirst();
}

/** What a new version holds. */
export interface NewVersion {
  recommendationId: string;
  orgId: string;
  number: number;
  fields: Pick<
    VersionRow,
    'topic' | 'tags' | 'title' | 'body' | 'target_roles' | 'target_age_bands'
  >;
  authors: string[];
  now: Date;
}

/** Inserts a draft version and makes it the recommendation's newest. */
export async function insertDraft(db: Executor, v: NewVersion): Promise<VersionRow> {
  const row = await db
    .insertInto('recommendation_versions')
    .values({
      id: uuidv7(),
      recommendation_id: v.recommendationId,
      org_id: v.orgId,
      number: v.number,
      status: 'draft',
      topic: v.fields.topic,
      tags: v.fields.tags,
      title: JSON.stringify(v.fields.title),
      body: JSON.stringify(v.fields.body),
      target_roles: v.fields.target_roles,
      target_age_bands: JSON.stringify(v.fields.target_age_bands),
      authors: v.authors,
      submitted_at: null,
      reviewed_by: null,
      reviewed_at: null,
      review_decision: null,
      review_comment: null,
      published_at: null,
      archived_at: null,
      created_at: v.now,
      updated_at: v.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .updateTable('recommendations')
    .set({ latest_version_id: row.id, updated_at: v.now })
    .where('id', '=', v.recommendationId)
    .execute();
  return row;
}

/** Version `number` of recommendation `recommendationId`, locked for the transaction. */
export function versionForUpdate(db: Executor, recommendationId: string, number: number) {
  return db
    .selectFrom('recommendation_versions')
    .selectAll()
    .where('recommendation_id', '=', recommendationId)
    .where('number', '=', number)
    .forUpdate()
    .executeTakeFirst();
}
