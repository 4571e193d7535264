import type { Alert, StreamEvent, StreamEventType } from '@safenet/core';
import { SafenetApiError, type SafenetApiErrorCode } from '../http/errors.js';
import type { RequestOptions } from '../http/options.js';
import { backoffDelay } from '../http/retry.js';
import {
  openWebSocket,
  resolveWebSocket,
  streamUrl,
  type WebSocketConstructor,
  type WebSocketLike,
} from './websocket.js';

/**
 * The events of the types `T` as the stream sends them: `EventOf<'alert'>` is the alert event.
 * `id` orders the event in the hub's event log; the SDK resumes after the last one it saw.
 */
export type EventOf<T extends StreamEventType> = Extract<StreamEvent, { type: T }> & {
  id: string;
};

/** What `client.stream.subscribe` takes. */
export interface SubscribeOptions<T extends StreamEventType = StreamEventType> {
  /** Only these event types (`onEvent` is typed accordingly); all of them when omitted. */
  types?: T[];
  onEvent: (event: EventOf<T>) => void;
  /**
   * Called on every connection failure. `error.retryable` tells what happens next: `true`,
   * the SDK reconnects by itself; `false` (a bad key, `unauthenticated`; a key without the
   * `read` scope, `insufficient_scope`; `types` the hub refused, `validation_failed`), the
   * subscription has stopped.
   */
  onError?: (error: SafenetApiError) => void;
  /**
   * Start after this event (the `id` of the last one a previous run handled): the hub first
   * sends what came after it, as it does by itself on every reconnection.
   */
  lastEventId?: string;
  /** Called each time a connection opens, the first and every reconnection. */
  onOpen?: () => void;
}

/**
 * A live subscription; `close()` ends it and stops reconnecting. While it is connected, a
 * dashboard acknowledges and resolves alerts over the same socket, as `client.alerts` does over
 * HTTP (the same scope, `write` or `cases`, and the same error codes).
 */
export interface Subscription {
  close(): void;
  /**
   * open → acknowledged: someone is on it; stops its escalation. Resolves with the alert as
   * it is now. Rejects with the hub's code (`not_found` outside the key's subtree,
   * `insufficient_scope`, `alert_state_conflict` once resolved); with `network_error`
   * (`retryable: true`) when the stream is not connected or drops before the answer, and
   * `timeout` when none comes within the client's `timeoutMs`. Acknowledging twice is
   * harmless, so a retry after a drop is safe.
   *
   * @example
   * const subscription = client.stream.subscribe({
   *   types: ['alert'],
   *   onEvent: (event) => {
   *     if (event.data.severity === 'critical') void subscription.acknowledgeAlert(event.data.alertId);
   *   },
   * });
   */
  acknowledgeAlert(alertId: string, options?: RequestOptions): Promise<Alert>;
  /** → resolved: the cause is gone; as `acknowledgeAlert` otherwise. */
  resolveAlert(alertId: string, options?: RequestOptions): Promise<Alert>;
}

/** What the stream needs from the client's options. */
export interface StreamConfig {
  baseUrl: string;
  /** The API key; undefined for a signed-in browser (the cookie goes by itself). */
  apiKey: string | undefined;
  WebSocket: WebSocketConstructor | undefined;
  /** How long a command waits for its answer. */
  timeoutMs: number;
}

/** A command sent up the stream, waiting for the frame that answers its `requestId`. */
interface PendingCommand {
  resolve(alert: Alert): void;
  reject(error: unknown): void;
}

const RECONNECT = { initialDelayMs: 500, maxDelayMs: 30_000 };
/** A connection that lived this long counts as healthy: the next drop starts backoff afresh. */
const HEALTHY_AFTER_MS = 10_000;

/**
 * Close codes after which reconnecting cannot help: the hub's HTTP status in the 4000 range.
 * 4401 and 4403 are in the API reference; 4400 (a `types` value the hub does not know, so
 * only with a hub older than the SDK) is not, but reconnecting would loop on it just the same.
 */
const FATAL_CLOSES: Record<
  number,
  { code: 'unauthenticated' | 'insufficient_scope' | 'validation_failed'; status: number }
> = {
  4400: { code: 'validation_failed', status: 400 },
  4401: { code: 'unauthenticated', status: 401 },
  4403: { code: 'insufficient_scope', status: 403 },
};

/** Connects to `/v1/stream` and keeps connected until `close()` or an auth failure. */
export function subscribe<T extends StreamEventType>(
  config: StreamConfig,
  options: SubscribeOptions<T>,
): Subscription {
  const url = streamUrl(config.baseUrl, options.types);
  const wanted =
    options.types && options.types.length > 0 ? new Set<string>(options.types) : undefined;
  let closed = false;
  let socket: WebSocketLike | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let lastEventId = options.lastEventId;
  /** The socket once open, until it closes: commands go only on an open socket. */
  let open: WebSocketLike | undefined;
  const pending = new Map<string, PendingCommand>();
  const failPending = (detail: string) => {
    for (const [requestId, command] of pending) {
      pending.delete(requestId);
      command.reject(
        new SafenetApiError({ code: 'network_error', status: 0, retryable: true, detail }),
      );
    }
  };

  const stop = (error: SafenetApiError) => {
    closed = true;
    options.onError?.(error);
  };

  const connect = async () => {
    let ws: WebSocketLike;
    try {
      const transport = await resolveWebSocket(config.WebSocket);
      if (closed) return;
      const at = new URL(url);
      if (lastEventId !== undefined) at.searchParams.set('lastEventId', lastEventId);
      ws = openWebSocket(transport, at, config.apiKey);
    } catch (cause) {
      stop(
        new SafenetApiError({
          code: 'network_error',
          status: 0,
          retryable: false,
          detail: `Cannot open a WebSocket to ${url.origin}: pass one as the WebSocket option or install the "ws" package`,
          cause,
        }),
      );
      return;
    }
    socket = ws;
    let openedAt: number | undefined;
    let lastError: unknown;
    ws.addEventListener('open', () => {
      openedAt = Date.now();
      open = ws;
      options.onOpen?.();
    });
    ws.addEventListener('message', (message) => {
      const text = frameText(message.data);
      if (text !== undefined && settleCommand(pending, text)) return;
      const event = parseEvent(text);
      if (event) lastEventId = event.id;
      // Filtered here too, so `onEvent` gets only the types it is typed for, whatever the hub sends.
      if (event && (!wanted || wanted.has(event.type))) options.onEvent(event as EventOf<T>);
    });
    // `ws` throws an 'error' without a listener; the 'close' that follows does the work.
    ws.addEventListener('error', (error) => {
      lastError = error;
    });
    ws.addEventListener('close', ({ code, reason }) => {
      socket = undefined;
      open = undefined;
      failPending(
        `The stream closed (code ${code}) before the hub answered: the command may or may not have been done; send it again`,
      );
      if (closed) return;
      const fatal = FATAL_CLOSES[code];
      if (fatal) {
        stop(
          new SafenetApiError({
            ...fatal,
            retryable: false,
            detail: reason || `The hub closed the stream with code ${code}`,
          }),
        );
        return;
      }
      if (openedAt !== undefined && Date.now() - openedAt >= HEALTHY_AFTER_MS) failures = 0;
      const delay = backoffDelay(failures++, RECONNECT.initialDelayMs, RECONNECT.maxDelayMs);
      options.onError?.(
        new SafenetApiError({
          code: 'network_error',
          status: 0,
          retryable: true,
          detail: `The stream closed (code ${code}${reason ? `: ${reason}` : ''}); reconnecting in ${Math.round(delay)} ms`,
          cause: lastError,
        }),
      );
      timer = setTimeout(() => void connect(), delay);
    });
  };

  const command = (
    type: 'alert.acknowledge' | 'alert.resolve',
    alertId: string,
    { signal }: RequestOptions = {},
  ): Promise<Alert> => {
    signal?.throwIfAborted();
    const ws = open;
    if (closed || ws === undefined) {
      return Promise.reject(
        new SafenetApiError({
          code: 'network_error',
          status: 0,
          retryable: true,
          detail: `The stream is not connected: ${type} was not sent (wait for onOpen, or use client.alerts over HTTP)`,
        }),
      );
    }
    const requestId = globalThis.crypto.randomUUID();
    return new Promise<Alert>((resolve, reject) => {
      const done = () => {
        pending.delete(requestId);
        clearTimeout(timeout);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        done();
        reject(signal?.reason);
      };
      const timeout = setTimeout(() => {
        done();
        reject(
          new SafenetApiError({
            code: 'timeout',
            status: 0,
            retryable: true,
            detail: `No answer to ${type} within ${config.timeoutMs} ms`,
          }),
        );
      }, config.timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      pending.set(requestId, {
        resolve: (alert) => {
          done();
          resolve(alert);
        },
        reject: (error) => {
          done();
          reject(error);
        },
      });
      ws.send(JSON.stringify({ type, alertId, requestId }));
    });
  };

  void connect();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close(1000);
      socket = undefined;
      open = undefined;
      failPending('The subscription was closed before the hub answered');
    },
    acknowledgeAlert: (alertId, options) => command('alert.acknowledge', alertId, options),
    resolveAlert: (alertId, options) => command('alert.resolve', alertId, options),
  };
}

/**
 * Settles the command a frame answers, if it is one: `{ type: '<command>.result', requestId,
 * alert }` or `{ type: 'error', requestId, code, message }`. Events carry an `id` and no
 * `requestId`; they are left to the caller.
 */
function settleCommand(pending: Map<string, PendingCommand>, text: string): boolean {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof frame !== 'object' || frame === null) return false;
  const { type, requestId } = frame as { type?: unknown; requestId?: unknown };
  if (typeof requestId !== 'string') return false;
  const command = pending.get(requestId);
  if (!command) return false;
  if (type === 'alert.acknowledge.result' || type === 'alert.resolve.result') {
    command.resolve((frame as { alert: Alert }).alert);
    return true;
  }
  if (type === 'error') {
    const { code, message } = frame as { code?: unknown; message?: unknown };
    command.reject(
      new SafenetApiError({
        code: (typeof code === 'string' ? code : 'internal_error') as SafenetApiErrorCode,
        // A stream frame has no HTTP status, nor the problem's `retryable`: the registry's
        // transient codes that moving an alert can meet are these two.
        status: 0,
        retryable: code === 'store_unavailable' || code === 'internal_error',
        detail: typeof message === 'string' ? message : undefined,
      }),
    );
    return true;
  }
  return false;
}

/** A frame's text; undefined for what is not text (a Blob in a browser). */
function frameText(data: unknown): string | undefined {
  return typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? new TextDecoder().decode(data)
      : undefined;
}

/** One frame as an event with its id; frames that are not one are skipped. */
function parseEvent(text: string | undefined): EventOf<StreamEventType> | undefined {
  if (text === undefined) return undefined;
  try {
    const event: unknown = JSON.parse(text);
    const isEvent =
      typeof event === 'object' &&
      event !== null &&
      typeof (event as { type?: unknown }).type === 'string' &&
      typeof (event as { id?: unknown }).id === 'string';
    return isEvent ? (event as EventOf<StreamEventType>) : undefined;
  } catch {
    return undefined;
  }
}
