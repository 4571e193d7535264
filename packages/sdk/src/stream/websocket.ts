/**
 * The part of a WebSocket the SDK uses. Both the browser's `WebSocket` and the `ws`
 * package's satisfy it.
 */
export interface WebSocketLike {
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(
    type: 'close',
    listener: (event: { code: number; reason: string }) => void,
  ): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
  /** Sends a text frame: the stream's commands (acknowledge, resolve an alert). */
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Request headers, as the `ws` package's options and Node's `WebSocketInit` take them. */
export interface WebSocketHeaders {
  headers?: Record<string, string>;
}

/**
 * A WebSocket constructor: the `ws` package's (options, with headers, third), Node's
 * built-in one (Node 22 and newer, which also takes a `WebSocketInit` with headers second)
 * or a browser's (protocols only).
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: WebSocketHeaders,
) => WebSocketLike;

/** Node's built-in WebSocket as the SDK calls it: a `WebSocketInit` second. */
type NodeWebSocketConstructor = new (url: string, init: WebSocketHeaders) => WebSocketLike;

/**
 * How the key reaches the hub, by implementation:
 * - `ws-options`: the `ws` package, `Authorization` header through its third argument;
 * - `init-headers`: Node's built-in WebSocket, `Authorization` header through `WebSocketInit`;
 * - `query`: a browser's WebSocket, which cannot send headers: `?access_token=` (the hub
 *   redacts it from its logs; keep the stream behind TLS).
 */
export type WebSocketAuth = 'ws-options' | 'init-headers' | 'query';

/** A constructor, and how it authenticates. */
export interface WebSocketTransport {
  WebSocket: WebSocketConstructor;
  auth: WebSocketAuth;
}

/** What resolving a WebSocket looks at; tests pass their own. */
export interface WebSocketRuntime {
  /** `globalThis.WebSocket`, when the platform has one. */
  platform: WebSocketConstructor | undefined;
  /** Node.js (whose built-in WebSocket, from Node 22, takes headers), not a browser. */
  node: boolean;
  /** Loads the `ws` package (Node without a built-in WebSocket). */
  loadWs(): Promise<WebSocketConstructor>;
}

/**
 * Picks the WebSocket implementation and how it authenticates:
 * - the one given: `ws` by header; Node's built-in by header; anything else by query;
 * - else the platform's: on Node (22+) by header, in browsers by query;
 * - else (Node 20) the `ws` package by header.
 * The key travels in a header wherever the implementation can send one.
 */
export async function resolveWebSocket(
  given?: WebSocketConstructor,
  runtime: WebSocketRuntime = currentRuntime(),
): Promise<WebSocketTransport> {
  const implementation = given ?? runtime.platform;
  if (implementation) {
    return { WebSocket: implementation, auth: authOf(implementation, runtime) };
  }
  return { WebSocket: await runtime.loadWs(), auth: 'ws-options' };
}

function authOf(implementation: WebSocketConstructor, runtime: WebSocketRuntime): WebSocketAuth {
  if (isWs(implementation)) return 'ws-options';
  if (runtime.node && implementation === runtime.platform) return 'init-headers';
  return 'query';
}

function currentRuntime(): WebSocketRuntime {
  const versions = (globalThis as { process?: { versions?: Record<string, string> } }).process
    ?.versions;
  return {
    platform: (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
    node: typeof versions?.node === 'string' && !('Deno' in globalThis),
    loadWs,
  };
}

async function loadWs(): Promise<WebSocketConstructor> {
  // The specifier is a variable so browser bundlers do not try to bundle or resolve `ws`,
  // an optional peer dependency that only Node 20 needs.
  const specifier = 'ws';
  const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as {
    WebSocket?: WebSocketConstructor;
    default?: WebSocketConstructor;
  };
  const WebSocket = module.WebSocket ?? module.default;
  if (!WebSocket) throw new Error('The "ws" package has no WebSocket export');
  return WebSocket;
}

/** `ws` sockets have `terminate()`; neither Node's built-in nor browsers' do. */
function isWs(implementation: WebSocketConstructor): boolean {
  const prototype: unknown = implementation.prototype;
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    typeof (prototype as { terminate?: unknown }).terminate === 'function'
  );
}

/**
 * Opens a socket to `url`, authenticated by header when the implementation can send one.
 * Without a key (a signed-in browser) it sends nothing: the browser sends the session cookie
 * with the handshake by itself, and its page's origin, which the hub checks.
 */
export function openWebSocket(
  transport: WebSocketTransport,
  url: URL,
  apiKey: string | undefined,
): WebSocketLike {
  if (apiKey === undefined) return new transport.WebSocket(url.href);
  const headers = { authorization: `Bearer ${apiKey}` };
  switch (transport.auth) {
    case 'ws-options':
      return new transport.WebSocket(url.href, [], { headers });
    case 'init-headers':
      return new (transport.WebSocket as unknown as NodeWebSocketConstructor)(url.href, {
        headers,
      });
    case 'query': {
      const withToken = new URL(url);
      withToken.searchParams.set('access_token', apiKey);
      return new transport.WebSocket(withToken.href);
    }
  }
}

/** The stream's URL: `ws:` or `wss:` from the base URL, with the event types asked for. */
export function streamUrl(baseUrl: string, types: readonly string[] | undefined): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/v1/stream`);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  if (types && types.length > 0) url.searchParams.set('types', types.join(','));
  return url;
}
