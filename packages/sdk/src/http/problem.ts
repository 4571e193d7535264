import type { ErrorCode, FieldError } from '@safenet/core';
import { SafenetApiError } from './errors.js';

/**
 * When an error answer is not the hub's problem+json (a proxy's HTML page, an empty body),
 * its status alone picks the code. 404 means the path is unknown to whatever answered,
 * most often a wrong `baseUrl`.
 */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'insufficient_scope',
  404: 'route_not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * Turns a non-2xx answer into a {@link SafenetApiError}. The hub answers RFC 9457
 * problem+json carrying a registry `code`; the SDK trusts that code rather than checking it
 * against its own copy of the registry, so a hub newer than the SDK (codes are only ever
 * added) still reports its precise code, and the SDK never loads core's runtime (zod).
 */
export function errorFromResponse(status: number, headers: Headers, body: string): SafenetApiError {
  const requestId = headers.get('request-id') ?? undefined;
  const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'));
  // 429 and 503 with Retry-After are the standard "come back later", whatever the body says.
  const retryLater = (status === 429 || status === 503) && retryAfterSeconds !== undefined;
  const problem = parseProblem(body);
  if (problem) {
    return new SafenetApiError({
      code: problem.code,
      status,
      retryable: problem.retryable === true || retryLater,
      title: problem.title,
      detail: problem.detail,
      errors: problem.errors,
      requestId,
      retryAfterSeconds,
    });
  }
  const text = body.trim().slice(0, 300);
  return new SafenetApiError({
    code: CODE_BY_STATUS[status] ?? 'internal_error',
    status,
    retryable: retryLater,
    detail: `HTTP ${status} without a Safenet problem body${text ? `: ${text}` : ''}`,
    requestId,
    retryAfterSeconds,
  });
}

interface Problem {
  code: ErrorCode;
  retryable: boolean | undefined;
  title: string | undefined;
  detail: string | undefined;
  errors: FieldError[];
}

function parseProblem(body: string): Problem | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(json) || typeof json.code !== 'string' || json.code === '') return undefined;
  return {
    code: json.code as ErrorCode,
    retryable: typeof json.retryable === 'boolean' ? json.retryable : undefined,
    title: typeof json.title === 'string' ? json.title : undefined,
    detail: typeof json.detail === 'string' ? json.detail : undefined,
    errors: Array.isArray(json.errors) ? json.errors.filter(isFieldError) : [],
  };
}

function isFieldError(value: unknown): value is FieldError {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    typeof value.code === 'string' &&
    typeof value.message === 'string'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
