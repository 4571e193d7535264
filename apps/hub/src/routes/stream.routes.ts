import { SafenetError, type StreamEventType } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authenticate, bearerSecret, requireScope } from '../auth/api-keys.js';
import type { EventBus } from '../events/event-bus.js';
import type { Db } from '../store/database.js';

const EVENT_TYPES = ['broadcast.progress', 'delivery.updated', 'message', 'alert'] as const;

const StreamQuery = z.object({
  access_token: z.string().optional(),
  types: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((t) => t.trim()) : undefined))
    .pipe(z.array(z.enum(EVENT_TYPES)).optional()),
});

/** Close codes: the HTTP status in the 4000 range, as many websocket APIs do. */
const CLOSE = { unauthenticated: 4401, insufficient_scope: 4403, invalid: 4400 } as const;
const PING_MS = 30_000;

/**
 * `/v1/stream`: the organisation's events as JSON frames. Authenticated like the REST API,
 * or with `?access_token=` where a browser cannot set headers.
 */
export async function streamRoutes(app: FastifyInstance, options: { db: Db; bus: EventBus }) {
  app.get('/stream', { websocket: true, schema: { hide: true } }, async (socket, request) => {
    const query = StreamQuery.safeParse(request.query);
    if (!query.success) {
      socket.close(
        CLOSE.invalid,
        `types must be a comma-separated list of ${EVENT_TYPES.join(', ')}`,
      );
      return;
    }
    let unsubscribe: (() => void) | undefined;
    try {
      const secret = bearerSecret(request.headers.authorization) ?? query.data.access_token;
      const auth = await authenticate(options.db, secret);
      requireScope(auth, 'read');
      const types = query.data.types ? new Set<StreamEventType>(query.data.types) : undefined;
      unsubscribe = options.bus.subscribe(auth.orgId, (event) => {
        if (types && !types.has(event.type)) return;
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
      });
    } catch (error) {
      const code =
        error instanceof SafenetError && error.code === 'insufficient_scope'
          ? CLOSE.insufficient_scope
          : CLOSE.unauthenticated;
      socket.close(code, error instanceof Error ? error.message.slice(0, 120) : 'unauthenticated');
      return;
    }
    const ping = setInterval(() => socket.ping(), PING_MS);
    socket.on('close', () => {
      clearInterval(ping);
      unsubscribe?.();
    });
  });
}
