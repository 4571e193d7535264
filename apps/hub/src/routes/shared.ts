import { Id, SafenetError } from '@safenet/core';
import { z } from 'zod';
import type { AuthContext } from '../auth/api-keys.js';
import type { Executor } from '../store/database.js';
import { inSubtree } from '../store/scope.js';

/** The body of a 204 answer. */
export const NoContent = z.null().describe('No content');

/** `:id` path parameter. */
export const IdParams = z.strictObject({ id: Id });

/** The problem+json body, for the OpenAPI document. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string(),
    retryable: z.boolean(),
    errors: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .describe('application/problem+json (RFC 9457)');

/** Error answers every authenticated route may give. */
export const problemResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
} as const;

export function notFound(what: string, id: string): SafenetError {
  return new SafenetError('not_found', `No ${what} ${id} in your organisation's subtree`);
}

/**
 * Loads an organisation the caller may act for, or fails with 404 exactly as for one that
 * does not exist.
 */
export async function orgInScope(db: Executor, auth: AuthContext, orgId: string) {
  const org = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', orgId)
    .where(inSubtree('organisations.id', auth.orgId))
    .executeTakeFirst();
  if (!org) throw notFound('organisation', orgId);
  return org;
}
