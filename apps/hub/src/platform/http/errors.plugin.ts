import {
  ERROR_CODES,
  type ErrorCode,
  type FieldError,
  isErrorCode,
  SafenetError,
} from '@safenet/core';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** The problem+json body (RFC 9457) of every error answer. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  retryable: boolean;
  errors?: FieldError[];
}

export function problemOf(error: SafenetError): Problem {
  return {
    type: `https://safenet.dev/errors/${error.code}`,
    title: ERROR_CODES[error.code].title,
    status: error.status,
    detail: error.message,
    code: error.code,
    retryable: error.retryable,
    ...(error.errors.length > 0 ? { errors: error.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, error: SafenetError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', error.retryAfterSeconds);
  return reply.status(error.status).type('application/problem+json').send(problemOf(error));
}

/** Fastify's own errors that are the client's fault, by Fastify error code. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
};

/**
 * PostgreSQL's SQLSTATEs for text it cannot store, NUL in a text (22021) or JSON (22P05) value:
 * the schemas let it through, so without this a client's typo answered 500, retryable.
 */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/** Turns anything thrown while handling a request into a {@link SafenetError}. */
export function toRequestError(error: unknown): SafenetError {
  if (error instanceof SafenetError) return error;
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (fastifyError as FastifyError & { validationContext?: string })
      .validationContext;
    const errors: FieldError[] = error.validation.map((v) => {
      // fastify-type-provider-zod keeps the zod issue's own fields in `params`.
      const params = v.params as { params?: { code?: unknown } };
      const own = params.params?.code;
      const path = [context, ...v.instancePath.split('/').filter(Boolean)].join('.');
      const missing = v.keyword === 'invalid_type' && v.message?.endsWith('received undefined');
      return {
        path,
        code: typeof own === 'string' ? own : missing ? 'required' : v.keyword,
        message: missing ? 'is required' : (v.message ?? 'is not valid'),
      };
    });
    const specific = errors
      .map((e) => e.code)
      .find((c) => isErrorCode(c) && c !== 'validation_failed');
    const code: ErrorCode = specific && isErrorCode(specific) ? specific : 'validation_failed';
    const summary = errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ');
    return new SafenetError(code, `Fix the request: ${summary}`, { errors, cause: error });
  }
  if (fastifyError?.code && UNSTORABLE_TEXT.has(fastifyError.code)) {
    return new SafenetError(
      'validation_failed',
      'The request contains the NUL character (\\u0000), which text cannot hold: remove it',
      { cause: error },
    );
  }
  const mapped = fastifyError?.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new SafenetError(mapped, describe(mapped, fastifyError), { cause: error });
  if (fastifyError?.statusCode === 413) {
    return new SafenetError('payload_too_large', describe('payload_too_large', fastifyError));
  }
  return new SafenetError('internal_error', 'Something went wrong inside Safenet; it was logged', {
    cause: error,
  });
}

function describe(code: ErrorCode, error: FastifyError): string {
  switch (code) {
    case 'malformed_json':
      return `The body is not valid JSON (${error.message}); send a JSON object`;
    case 'payload_too_large':
      return 'The body is larger than this hub accepts; split it (bulk upserts take up to 1,000 contacts)';
    case 'unsupported_media_type':
      return 'Send the body as JSON with "Content-Type: application/json"';
    default:
      return error.message;
  }
}

/**
 * Every error answers application/problem+json with a stable code; 5xx are logged. Unknown
 * routes and methods are the methods plugin's.
 */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error, request, reply) => {
      const safenetError = toRequestError(error);
      if (safenetError.status >= 500) request.log.error({ err: error }, 'request failed');
      return sendProblem(reply, safenetError);
    });
  },
  { name: 'safenet-errors' },
);
