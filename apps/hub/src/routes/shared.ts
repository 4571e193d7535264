import { Id } from '@safenet/core';
import { z } from 'zod';

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
    errors: z
      .array(z.object({ path: z.string(), code: z.string(), message: z.string() }))
      .optional(),
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
