import type { Recommendation, RecommendationInput, RecommendationPatch } from '@safenet/core';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope, orgInScope } from '../../platform/tenancy/lookups.js';
import {
  insertRecommendation,
  recommendationsPage,
  toRecommendation,
  updateRecommendationFields,
} from './content.store.js';
import { type Executor, own } from './content.tables.js';

/** One page of the recommendations of the caller's subtree. */
export function listRecommendations(
  db: Executor,
  auth: AuthContext,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Recommendation>> {
  return recommendationsPage(db, auth.orgId, page);
}

/** Creates a recommendation for an organisation of the caller's subtree (404 otherwise). */
export async function createRecommendation(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof RecommendationInput>,
): Promise<Recommendation> {
  await orgInScope(db, auth, input.orgId);
  return toRecommendation(await insertRecommendation(db, input));
}

/** One recommendation of the caller's subtree, or 404. */
export async function getRecommendation(
  db: ExecutorHandle | Executor,
  auth: AuthContext,
  id: string,
): Promise<Recommendation> {
  return toRecommendation(await findInScope(own(db), auth, 'recommendations', id));
}

/** Changes the fields given of a recommendation of the caller's subtree (404 otherwise). */
export async function updateRecommendation(
  db: Executor,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof RecommendationPatch>,
): Promise<Recommendation> {
  const current = await findInScope(db, auth, 'recommendations', id);
  return toRecommendation(await updateRecommendationFields(db, current.id, patch));
}
