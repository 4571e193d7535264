import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { SafenetError } from '@safenet/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import stringify from 'safe-stable-stringify';
import { type PlatformTables, platformDb } from '../database/schema.js';
import { actorUuid, requireAuth } from '../tenancy/auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

const KEY = /^[\x21-\x7e]{1,200}$/;
/** The form an `Idempotency-Key` must have, for the OpenAPI document. */
export const IDEMPOTENCY_KEY_PATTERN = KEY;
/** The methods that write: each honours a key with the same replay and conflict rules. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** A claim whose request never finished (the process died) is given up after this long. */
const ABANDONED_AFTER_SECONDS = 60;

function requestHash(request: FastifyRequest): string {
  const body: unknown = request.body;
  // A file's bytes (an attachment upload) are hashed as they are, not as JSON of numbers; a
  // body still streaming in (a spreadsheet import) is not read here: its key stands for it.
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n`)
    .update(
      Buffer.isBuffer(body)
        ? body
        : body instanceof Readable
          ? 'stream'
          : (stringify(body ?? null) ?? 'null'),
    )
    .digest('hex');
}

/**
 * `Idempotency-Key` on every write (POST, PUT, PATCH, DELETE): the first request with a key
 * claims it; a repeat with the same method, path and body replays the stored answer, with
 * anything else is refused. Keys belong to one actor: an API key, or a person. 5xx answers release the claim so the
 * client can retry.
 */
export const idempotencyPlugin = fp(
  async <DB extends PlatformTables>(app: FastifyInstance, options: { db: Kysely<DB> }) => {
    const db = platformDb(options.db);

    app.addHook('preValidation', async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (!WRITES.has(request.method) || key === undefined || !request.auth) return;
      if (typeof key !== 'string' || !KEY.test(key)) {
        throw new SafenetError(
          'validation_failed',
          'Idempotency-Key must be 1–200 printable ASCII characters, e.g. a UUID',
        );
      }
      const hash = requestHash(request);
      const actor = actorUuid(request.auth.actor);
      const claimed = await db
        .insertInto('idempotency_keys')
        .values({ actor_id: actor, key, request_hash: hash, created_at: new Date() })
        .onConflict((oc) =>
          oc
            .columns(['actor_id', 'key'])
            .doUpdateSet({ request_hash: hash, created_at: new Date() })
            .where('idempotency_keys.status_code', 'is', null)
            .where(
              sql`idempotency_keys.created_at`,
              '<',
              sql`now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS})`,
            ),
        )
        .returning('key')
        .executeTakeFirst();
      if (claimed) {
        request.idempotencyKey = key;
        return;
      }
      const stored = await db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('actor_id', '=', actor)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (stored.request_hash !== hash) {
        throw new SafenetError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used with a different request: use a new key for a new request',
        );
      }
      if (stored.status_code === null) {
        throw new SafenetError(
          'idempotency_in_progress',
          'The first request with this Idempotency-Key is still running: retry in a moment',
          { retryAfterSeconds: 1 },
        );
      }
      reply.header('idempotent-replayed', 'true');
      // A 204 has no body, so no content type either.
      if (stored.status_code === 204) return reply.status(204).send();
      const contentType =
        stored.status_code >= 400 ? 'application/problem+json' : 'application/json';
      return reply
        .status(stored.status_code)
        .type(contentType)
        .send(stored.response_body ?? '');
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const key = request.idempotencyKey;
      if (key === undefined) return payload;
      // The key is kept only on an authenticated request (see preValidation).
      const actor = actorUuid(requireAuth(request).actor);
      const where = db
        .updateTable('idempotency_keys')
        .where('actor_id', '=', actor)
        .where('key', '=', key);
      if (reply.statusCode >= 500) {
        await db
          .deleteFrom('idempotency_keys')
          .where('actor_id', '=', actor)
          .where('key', '=', key)
          .execute();
      } else {
        await where
          .set({
            status_code: reply.statusCode,
            response_body: typeof payload === 'string' ? payload : null,
          })
          .execute();
      }
      return payload;
    });
  },
  { name: 'safenet-idempotency', dependencies: ['safenet-auth'] },
);

/** How long a key's answer is kept for replays (docs/reference/api.md): 24 hours. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

/** Deletes idempotency keys older than their 24 hours. */
export async function sweepIdempotencyKeys<DB extends PlatformTables>(
  handle: Kysely<DB>,
  now: number,
): Promise<void> {
  await platformDb(handle)
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', new Date(now - IDEMPOTENCY_TTL_MS))
    .execute();
}
