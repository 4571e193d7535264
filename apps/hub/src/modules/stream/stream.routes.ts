import {
  SafenetError,
  STREAM_EVENT_TYPES,
  type StreamEvent,
  type StreamEventType,
} from '@safenet/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EventBus, LoggedEvent } from '../../platform/events/event-bus.js';
import { sessionToken } from '../../platform/http/session-cookie.js';
import { type AuthContext, bearerSecret, requireScope } from '../../platform/tenancy/auth.js';
import type { AlertsDeps } from '../alerts/index.js';
import { runStreamCommand } from './stream.commands.js';

/** What `types` may name: every stream event type, as core's union lists them. */
const EVENT_TYPES = STREAM_EVENT_TYPES;

/** A comma-separated list of {@link EVENT_TYPES}, or nothing: what `types` accepts, exactly. */
const TYPE = `(?:${EVENT_TYPES.map((t) => t.replaceAll('.', '\\.')).join('|')})`;
const TYPES_PATTERN = `^(?:\\s*${TYPE}\\s*(?:,\\s*${TYPE}\\s*)*)?$`;

const StreamQuery = z.object({
  access_token: z
    .string()
    .optional()
    .describe('The API key, where a browser cannot set the Authorization header'),
  types: z
    .string()
    .meta({
      pattern: TYPES_PATTERN,
      description: `Only these event types, comma-separated: ${EVENT_TYPES.join(', ')}; default all`,
    })
    .optional()
    .transform((value) => (value ? value.split(',').map((t) => t.trim()) : undefined))
    .pipe(z.array(z.enum(EVENT_TYPES)).optional()),
  lastEventId: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional()
    .describe(
      'Resume: first send the events after this id (the `id` of the last frame received), then live ones. Also read from the `Last-Event-ID` header.',
    ),
});

/** Close codes: the HTTP status in the 4000 range, as many websocket APIs do. */
const CLOSE = { unauthenticated: 4401, insufficient_scope: 4403, invalid: 4400 } as const;
const PING_MS = 30_000;

/** What the upgrade request was allowed: the subscription to open, or why it is refused. */
type StreamAccess =
  | {
      ok: true;
      auth: AuthContext;
      orgId: string;
      types: Set<StreamEventType> | undefined;
      admin: boolean;
      /** Resume after this event id. */
      after: string | undefined;
    }
  | { ok: false; code: number; reason: string };

async function checkAccess(request: FastifyRequest): Promise<StreamAccess> {
  const query = StreamQuery.safeParse(request.query);
  if (!query.success) {
    return {
      ok: false,
      code: CLOSE.invalid,
      reason: `types must be a comma-separated list of ${EVENT_TYPES.join(', ')}; lastEventId an event id`,
    };
  }
  const header = request.headers['last-event-id'];
  const after = query.data.lastEventId ?? (typeof header === 'string' ? header : undefined);
  if (after !== undefined && !/^\d{1,19}$/.test(after)) {
    return { ok: false, code: CLOSE.invalid, reason: 'Last-Event-ID must be an event id' };
  }
  const secret = bearerSecret(request.headers.authorization) ?? query.data.access_token;
  const cookie = sessionToken(request);
  // A page of another site may open a websocket to the hub, and the browser sends the
  // visitor's cookie with it (cross-site WebSocket hijacking): a session counts only when the
  // handshake's Origin is the hub's own. A key is not sent by browsers on their own.
  if (secret === undefined && cookie !== undefined && !request.server.isSameOrigin(request)) {
    return {
      ok: false,
      code: CLOSE.insufficient_scope,
      reason: 'A session opens the stream from the hub’s own pages only (Origin)',
    };
  }
  try {
    const auth: AuthContext =
      secret === undefined && cookie !== undefined
        ? (await request.server.authenticateSession(cookie)).auth
        : await request.server.authenticate(secret);
    requireScope(auth, 'read');
    const types = query.data.types ? new Set<StreamEventType>(query.data.types) : undefined;
    return {
      ok: true,
      auth,
      orgId: auth.orgId,
      types,
      admin: auth.scopes.includes('admin'),
      after,
    };
  } catch (error) {
    const code =
      error instanceof SafenetError && error.code === 'insufficient_scope'
        ? CLOSE.insufficient_scope
        : CLOSE.unauthenticated;
    return {
      ok: false,
      code,
      reason: error instanceof Error ? error.message.slice(0, 120) : 'unauthenticated',
    };
  }
}

/**
 * A WhatsApp Web pairing code links whoever scans it to the hub: like
 * `GET /v1/channels/whatsapp/session`, only admin keys see it. Others learn the state.
 */
function withoutPairingCode(event: StreamEvent): StreamEvent {
  if (event.type !== 'channel.session' || event.data.qr === null) return event;
  return { ...event, data: { ...event.data, qr: null, qrDataUrl: null } };
}

/** An event's frames, by who may see what: admin keys see pairing codes, others not. */
interface Frames {
  admin?: Buffer;
  other?: Buffer;
}

/**
 * Frames serialised once per event rather than once per socket: the bus hands one
 * {@link LoggedEvent} object to all of a process's subscribers, and with thousands of them
 * `JSON.stringify` and the UTF-8 encoding of each copy were about half of the CPU time the
 * hub spent per frame beyond a plain `ws` broadcast (bench/websocket-fanout.bench.ts). Weak:
 * a frame lives as long as its event is being handed out.
 */
const framesOf = new WeakMap<LoggedEvent, Frames>();
/** A frame's buffer goes out as text: it is JSON. */
const TEXT = { binary: false } as const;

/** The text frame `{ id, ...event }` for an admin key or another one. */
function frame(logged: LoggedEvent, admin: boolean): Buffer {
  let frames = framesOf.get(logged);
  if (!frames) {
    frames = {};
    framesOf.set(logged, frames);
  }
  const key = admin ? 'admin' : 'other';
  let bytes = frames[key];
  if (!bytes) {
    const event = admin ? logged.event : withoutPairingCode(logged.event);
    bytes = Buffer.from(JSON.stringify({ id: logged.id, ...event }));
    frames[key] = bytes;
  }
  return bytes;
}

/**
 * `/v1/stream`: the organisation's events as JSON frames. Authenticated like the REST API,
 * or with `?access_token=` where a browser cannot set headers.
 *
 * The key is checked before the upgrade (preValidation) and the handler subscribes without
 * awaiting anything, so the subscription exists before the client sees the socket open: an
 * event published after the client's `open` is never missed (the SDK's `onOpen` relies on
 * it). Checking after the upgrade lost every such event on PostgreSQL.
 */
export async function streamRoutes(
  app: FastifyInstance,
  options: { bus: EventBus; alerts: AlertsDeps },
) {
  const access = new WeakMap<FastifyRequest, StreamAccess>();
  app.route({
    method: 'GET',
    url: '/stream',
    schema: {
      operationId: 'streamEvents',
      summary: 'Stream events (websocket)',
      description: [
        'Upgrades to a websocket (`GET` with `Upgrade: websocket`, e.g. `ws://…/v1/stream`) that',
        'sends the organisation’s events as JSON text frames, one `StreamEvent` each',
        `(${EVENT_TYPES.map((type) => `\`${type}\``).join(', ')}).`,
        'Authenticate like the REST API, or with `access_token` where a browser cannot set',
        'headers, or with the session cookie of a signed-in person when the handshake’s `Origin`',
        'is the hub’s own (another origin: 4403); the `read` scope is enough, and only admins see',
        'pairing QR codes.',
        'Each frame has an `id`; a client that reconnects with `lastEventId` (or the',
        '`Last-Event-ID` header) first gets the events after it that it may see, kept for',
        '`SAFENET_EVENT_RETENTION_HOURS` (up to 10,000 at once), then live ones.',
        'A dashboard may send `{ "type": "alert.acknowledge" | "alert.resolve", "alertId", "requestId"? }`',
        'frames: each is answered with `{ "type": "alert.acknowledge.result" | "alert.resolve.result", "requestId", "alert" }`',
        'or `{ "type": "error", "requestId", "code", "message" }` — the API’s codes (`write` scope, `not_found`, `alert_state_conflict`).',
        'A refused subscription is closed after the upgrade with code 4401 (no valid key),',
        '4403 (scope, or a session from another origin) or 4400 (bad `types`). The hub pings every 30 seconds.',
      ].join(' '),
      tags: ['stream'],
      security: [{ apiKey: [] }, { session: [] }],
      querystring: StreamQuery,
      errorCodes: ['route_not_found'],
      response: { 101: z.null().describe('Switching Protocols: the websocket is open') },
    },
    // checkAccess parses the query itself: a bad one closes the socket with 4400 after the
    // upgrade instead of answering 400 before it, as websocket clients expect.
    validatorCompiler: () => (data) => ({ value: data }),
    preValidation: async (request) => {
      access.set(request, await checkAccess(request));
    },
    // A handler of its own (rather than `websocket: true`, which answers an empty 404 and
    // hides the route from the OpenAPI document): plain HTTP gets a problem saying what to do.
    handler: async (request) => {
      throw new SafenetError(
        'route_not_found',
        `${request.method} /v1/stream is a websocket: connect with "Upgrade: websocket", e.g. new WebSocket("ws://…/v1/stream")`,
      );
    },
    wsHandler: (socket, request) => {
      const allowed = access.get(request);
      if (!allowed?.ok) {
        socket.close(allowed?.code ?? CLOSE.unauthenticated, allowed?.reason ?? 'unauthenticated');
        return;
      }
      const { orgId, types, admin, after } = allowed;
      const send = (logged: LoggedEvent) => {
        if (types && !types.has(logged.event.type)) return;
        if (socket.readyState !== socket.OPEN) return;
        // One buffer for every socket: ws copies nothing on a server (frames are not masked).
        socket.send(frame(logged, admin), TEXT);
      };
      // Live events are held back while the log is read, then sent unless already replayed
      // (an event can be read from the log before its notification arrives: that one is
      // skipped whenever it comes).
      let held: LoggedEvent[] | undefined = after === undefined ? undefined : [];
      const replayed = new Set<string>();
      const live = (logged: LoggedEvent) => {
        if (replayed.size > 0 && replayed.delete(logged.id)) return;
        send(logged);
      };
      const unsubscribe = options.bus.subscribe(orgId, (logged) => {
        if (held) held.push(logged);
        else live(logged);
      });
      if (after !== undefined) {
        options.bus
          .replay(orgId, after)
          .then((past) => {
            for (const logged of past) {
              replayed.add(logged.id);
              send(logged);
            }
            const waiting = held ?? [];
            held = undefined;
            for (const logged of waiting) live(logged);
          })
          .catch(() => socket.close(1011, 'could not read the event log; reconnect'));
      }
      // Commands up the stream (acknowledge, resolve an alert): each answered in its own frame.
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        runStreamCommand(options.alerts, allowed.auth, data.toString()).then((answer) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(answer));
        });
      });
      const ping = setInterval(() => socket.ping(), PING_MS);
      socket.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
    },
  });
}
