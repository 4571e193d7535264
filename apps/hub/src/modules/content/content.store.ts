import type { Recommendation, RecommendationInput, RecommendationPatch } from '@safenet/core';
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Executor, RecommendationsTable } from './content.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toRecommendation(row: Selectable<RecommendationsTable>): Recommendation {
  return {
    id: row.id,
    orgId: row.org_id,
    topic: row.topic,
    title: row.title,
    body: row.body,
    targetRoles: row.target_roles as Recommendation['targetRoles'],
    targetAgeBands: row.target_age_bands,
    status: row.status as Recommendation['status'],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** One keyset page of the recommendations in the subtree of `rootOrgId`. */
export function recommendationsPage(
  db: Executor,
  rootOrgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Recommendation>> {
  return keysetPage(
    db
      .selectFrom('recommendations')
      .selectAll()
      .where(inSubtree('recommendations.org_id', rootOrgId)),
    page,
    toRecommendation,
  );
}

/** Inserts a recommendation with a new id, created and updated now. */
export function insertRecommendation(
  db: Executor,
  input: z.output<typeof RecommendationInput>,
): Promise<Selectable<RecommendationsTable>> {
  const now = new Date();
  return db
    .insertInto('recommendations')
    .values({
      id: uuidv7(),
      org_id: input.orgId,
      topic: input.topic,
      title: JSON.stringify(input.title),
      body: JSON.stringify(input.body),
      target_roles: input.targetRoles,
      target_age_bands: JSON.stringify(input.targetAgeBands),
      status: input.status,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Writes the fields `patch` gives to recommendation `id` and stamps it updated now; a
 * localized text given replaces the stored one whole.
 */
export function updateRecommendationFields(
  db: Executor,
  id: string,
  patch: z.output<typeof RecommendationPatch>,
): Promise<Selectable<RecommendationsTable>> {
  return db
    .updateTable('recommendations')
    .set({
      ...(patch.topic ? { topic: patch.topic } : {}),
      ...(patch.title ? { title: JSON.stringify(patch.title) } : {}),
      ...(patch.body ? { body: JSON.stringify(patch.body) } : {}),
      ...(patch.targetRoles ? { target_roles: patch.targetRoles } : {}),
      ...(patch.targetAgeBands ? { target_age_bands: JSON.stringify(patch.targetAgeBands) } : {}),
      ...(patch.status ? { status: patch.status } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
