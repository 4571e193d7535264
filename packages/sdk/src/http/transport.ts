import { SafenetApiError } from './errors.js';
import type { PostOptions } from './options.js';
import { errorFromResponse } from './problem.js';
import { type RetryPolicy, retryDelay, sleep } from './retry.js';

/** What the transport needs from the client's options, with defaults applied. */
export interface TransportConfig {
  baseUrl: string;
  /**
   * The API key sent as a bearer token; undefined for a browser signed in with a session
   * (`credentials: 'include'` sends the cookie, and writes carry the CSRF token).
   */
  apiKey: string | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  retry: RetryPolicy;
}

/** Query parameters; `undefined` and `null` values are left out. */
export type Query = Record<string, string | number | undefined | null>;

/** One call to the hub, before retries. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, with this type (a file's bytes), instead of a JSON `body`. */
  bytes?: { data: Blob | Uint8Array; contentType: string };
  /**
   * `text`: the answer's body as text (a CSV export), not parsed as JSON; `bytes`: as a
   * `Uint8Array` (an XLSX export). Default `json`.
   */
  as?: 'json' | 'text' | 'bytes';
  /**
   * This request's time per attempt instead of the client's `timeoutMs`; `null`: none, for a
   * request that takes as long as its body is big (an upload the hub answers once it has read
   * it all) — the caller's `signal` still ends it.
   */
  timeoutMs?: number | null;
}

/**
 * Sends requests to the hub: authentication, JSON, a timeout per attempt, and retries of
 * failures the hub (or the network) says are transient. Every write (`POST`, `PATCH`,
 * `DELETE`) carries the same `Idempotency-Key` on every attempt, so a retry replays rather
 * than repeats it.
 */
export class Transport {
  readonly #config: TransportConfig;
  #csrfToken: string | undefined;

  constructor(config: TransportConfig) {
    this.#config = config;
  }

  /**
   * The session's CSRF token, sent as `X-CSRF-Token` on every write once known: the session
   * resources set it from the sign-in and session answers, and clear it at sign-out.
   */
  set csrfToken(token: string | undefined) {
    this.#csrfToken = token;
  }

  /** Sends `request`, retrying per the policy; resolves to the parsed body (`undefined` for 204). */
  async request<T>(request: HttpRequest, options: PostOptions = {}): Promise<T> {
    const url = this.#url(request.path, request.query);
    const { apiKey } = this.#config;
    const as = request.as ?? 'json';
    const timeoutMs = request.timeoutMs === undefined ? this.#config.timeoutMs : request.timeoutMs;
    const headers: Record<string, string> = { accept: as === 'json' ? 'application/json' : '*/*' };
    if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.bytes) headers['content-type'] = request.bytes.contentType;
    if (request.method !== 'GET') {
      headers['idempotency-key'] = options.idempotencyKey ?? globalThis.crypto.randomUUID();
      if (apiKey === undefined && this.#csrfToken) headers['x-csrf-token'] = this.#csrfToken;
    }
    const init: RequestInit = {
      method: request.method,
      headers,
      body: request.bytes
        ? (request.bytes.data as BodyInit)
        : request.body === undefined
          ? null
          : JSON.stringify(request.body),
      // A session's cookie is httpOnly: only the browser sends it, when asked to.
      ...(apiKey === undefined ? { credentials: 'include' as const } : {}),
    };
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#attempt<T>(url, init, options.signal, as, timeoutMs);
      } catch (error) {
        if (!(error instanceof SafenetApiError)) throw error; // the caller aborted
        const delay = retryDelay(error, attempt, this.#config.retry);
        if (delay === undefined) throw error;
        await sleep(delay, options.signal);
      }
    }
  }

  async #attempt<T>(
    url: string,
    init: RequestInit,
    signal: AbortSignal | undefined,
    as: 'json' | 'text' | 'bytes',
    timeoutMs: number | null,
  ): Promise<T> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    let timedOut = false;
    const timer =
      timeoutMs === null
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    // Any failure before the whole body is read is the network's (or the timeout's).
    const failed = (cause: unknown): unknown => {
      if (signal?.aborted) return signal.reason;
      if (timedOut) {
        return new SafenetApiError({
          code: 'timeout',
          status: 0,
          retryable: true,
          detail: `No answer from ${url} within ${timeoutMs} ms`,
          cause,
        });
      }
      return new SafenetApiError({
        code: 'network_error',
        status: 0,
        retryable: true,
        detail: `Could not reach ${url}: ${describe(cause)}`,
        cause,
      });
    };
    try {
      let response: Response;
      let body: string | Uint8Array;
      try {
        response = await this.#config.fetch(url, { ...init, signal: controller.signal });
        body =
          as === 'bytes' ? new Uint8Array(await response.arrayBuffer()) : await response.text();
      } catch (cause) {
        throw failed(cause);
      }
      const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
      if (!response.ok) throw errorFromResponse(response.status, response.headers, text);
      if (as === 'bytes') return body as T;
      return as === 'text' ? (text as T) : parseBody<T>(text, response);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #url(path: string, query: Query = {}): string {
    const url = new URL(this.#config.baseUrl.replace(/\/+$/, '') + path);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    return url.href;
  }
}

function parseBody<T>(text: string, response: Response): T {
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    // A 2xx that is not JSON did not come from the hub: a captive portal, a wrong baseUrl.
    throw new SafenetApiError({
      code: 'network_error',
      status: response.status,
      retryable: false,
      detail: `HTTP ${response.status} from ${response.url || 'the hub'} is not JSON`,
      requestId: response.headers.get('request-id') ?? undefined,
      cause,
    });
  }
}

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a TLS error…) is its cause. */
function describe(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  return cause.cause instanceof Error ? `${cause.message} (${cause.cause.message})` : cause.message;
}
