import { ERROR_CODES, type ErrorCode } from '@safenet/core';
import { z } from 'zod';

const CODES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

/** Where the document keeps the problem body; every error response refers to it. */
export const PROBLEM_REF = '#/components/schemas/Problem';

/**
 * The problem+json body (RFC 9457) of every error answer, as `errors.plugin.ts` builds it.
 * `code` lists the registry, so generated clients get the codes as a union.
 */
export const ProblemSchema = z
  .strictObject({
    type: z.url().describe('https://safenet.dev/errors/<code>'),
    title: z.string().describe('The code’s title from the registry, the same for every answer'),
    status: z.int().min(400).max(599),
    detail: z.string().describe('What went wrong with this request, and how to fix it'),
    code: z.enum(CODES).describe('Stable; see docs/reference/errors.md'),
    retryable: z.boolean().describe('Whether the same request may succeed later'),
    errors: z
      .array(
        z.object({
          path: z.string().describe('e.g. body.addresses.phone'),
          code: z.string().describe('e.g. invalid_phone_number, too_small, required'),
          message: z.string(),
          line: z.int().min(1).optional().describe('In a programme file: the 1-based line'),
          column: z.int().min(1).optional().describe('In a programme file: the 1-based column'),
        }),
      )
      .optional()
      .describe('One entry per invalid field'),
  })
  .describe('application/problem+json (RFC 9457)');

/** The `Problem` component, rendered from {@link ProblemSchema} as the routes' schemas are. */
export function problemComponent(): Record<string, unknown> {
  const { $schema: _, ...schema } = z.toJSONSchema(ProblemSchema, {
    target: 'draft-2020-12',
    io: 'output',
  });
  return schema;
}

/** Seconds to wait, on every 429 (and wherever the errors plugin sets it). */
const RETRY_AFTER = {
  'Retry-After': {
    type: 'integer',
    minimum: 0,
    description: 'Seconds to wait before trying again',
  },
};

/**
 * The error responses of one operation: one per status, listing the codes it may carry, each
 * `application/problem+json` with the shared `Problem` schema. 500 is never listed: it is not
 * part of the contract, only a fault.
 */
export function problemResponses(codes: Iterable<ErrorCode>): Record<string, unknown> {
  const byStatus = new Map<number, Set<ErrorCode>>();
  for (const code of codes) {
    const { status } = ERROR_CODES[code];
    if (status === 500) continue;
    byStatus.set(status, (byStatus.get(status) ?? new Set()).add(code));
  }
  const responses: Record<string, unknown> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[status] = {
      description: [...group].map((c) => `\`${c}\`: ${ERROR_CODES[c].title}`).join('; '),
      ...(status === 429 ? { headers: RETRY_AFTER } : {}),
      content: { 'application/problem+json': { schema: { $ref: PROBLEM_REF } } },
    };
  }
  return responses;
}
