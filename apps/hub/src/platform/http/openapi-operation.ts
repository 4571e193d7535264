import type { ErrorCode } from '@safenet/core';
import type { RouteOptions } from 'fastify';
import { IDEMPOTENCY_KEY_PATTERN } from './idempotency.plugin.js';
import { problemResponses } from './openapi-problems.js';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * The error codes this route answers beyond those every route of its kind may answer
     * (see {@link operationCodes}), e.g. `not_found` on a route with an `:id`. Read only by
     * the OpenAPI document.
     */
    errorCodes?: readonly ErrorCode[];
  }
}

/** What the document needs to know of a route: its method, config and (zod) schema. */
export type DocumentedRoute = Pick<
  RouteOptions,
  'method' | 'config' | 'schema' | 'validatorCompiler'
>;

const isPost = (route: DocumentedRoute) =>
  [route.method].flat().some((m) => String(m).toUpperCase() === 'POST');
const isWrite = (route: DocumentedRoute) =>
  [route.method]
    .flat()
    .some((m) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(String(m).toUpperCase()));

/** Whether a route authenticates (a scope, or `signedIn`); the others are public. */
function authenticated(route: DocumentedRoute): boolean {
  const config = route.config as { scope?: string; signedIn?: true } | undefined;
  return Boolean(config?.scope || config?.signedIn);
}

/**
 * Every code a route may answer, following the plugins that answer them: the auth plugin
 * (routes with a `scope` or `signedIn`; writes also check the session's CSRF token), the idempotency plugin (authenticated POSTs), request validation
 * (routes with a schema for params, query or body, unless they validate it themselves with
 * their own `validatorCompiler`), the body parser (routes with a body) and rate limiting
 * (every route), plus the route's own `errorCodes`.
 */
export function operationCodes(route: DocumentedRoute): ErrorCode[] {
  const schema = route.schema ?? {};
  const codes = new Set<ErrorCode>(schema.errorCodes ?? []);
  const scoped = Boolean((route.config as { scope?: string } | undefined)?.scope);
  if (authenticated(route)) codes.add('unauthenticated');
  if (scoped) codes.add('insufficient_scope');
  // Made with the session cookie, a write needs its CSRF token.
  if (authenticated(route) && isWrite(route)) codes.add('csrf_token_invalid');
  const validated =
    !route.validatorCompiler && (schema.params || schema.querystring || schema.body);
  if (validated) codes.add('validation_failed');
  const query = schema.querystring as { shape?: Record<string, unknown> } | undefined;
  if (validated && query?.shape && 'cursor' in query.shape) codes.add('invalid_cursor');
  if (schema.body) {
    codes.add('malformed_json');
    codes.add('payload_too_large');
    codes.add('unsupported_media_type');
  }
  if (authenticated(route) && isPost(route)) {
    codes.add('idempotency_in_progress');
    codes.add('idempotency_key_reused');
  }
  codes.add('rate_limited');
  return [...codes];
}

const IDEMPOTENCY_KEY_HEADER = {
  type: 'string',
  pattern: IDEMPOTENCY_KEY_PATTERN.source,
  description:
    'Replays the first answer to a repeat of this request (same key, same body) for 24 hours, e.g. a UUID',
};

/**
 * Completes the JSON-schema form of one route for the document: its error responses (all
 * problem+json), the `Idempotency-Key` header of authenticated POSTs, and no security
 * requirement on public routes.
 */
export function completeOperation(
  jsonSchema: Record<string, unknown>,
  route: DocumentedRoute,
): Record<string, unknown> {
  const { errorCodes: _, ...schema } = jsonSchema;
  const scoped = authenticated(route);
  const headers = (schema.headers ?? { type: 'object', properties: {} }) as {
    properties: Record<string, unknown>;
  };
  return {
    ...schema,
    // A route without a scope is public, unless it says how it authenticates (the stream).
    ...(scoped || schema.security ? {} : { security: [] }),
    ...(scoped && isPost(route)
      ? {
          headers: {
            ...headers,
            properties: { ...headers.properties, 'Idempotency-Key': IDEMPOTENCY_KEY_HEADER },
          },
        }
      : {}),
    response: {
      ...(schema.response as Record<string, unknown> | undefined),
      ...problemResponses(operationCodes(route)),
    },
  };
}
