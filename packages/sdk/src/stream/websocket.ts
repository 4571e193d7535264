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
  close(code?: number, reason?: string): void;
}

/**
 * A WebSocket constructor: `globalThis.WebSocket` in browsers, `WebSocket` from the `ws`
 * package in Node. The third argument is `ws`'s options, through which the SDK sends the
 * `Authorization` header; browsers take two arguments and get `?access_token=` instead.
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  options?: { headers?: Record<string, string> },
) => WebSocketLike;

/** A constructor, and whether it can send request headers. */
export interface WebSocketTransport {
  WebSocket: WebSocketConstructor;
  headers: boolean;
}

/**
 * Picks the WebSocket implementation: the one given, else the platform's, else the `ws`
 * package (Node 20 has no global WebSocket).
 */
export async function resolveWebSocket(given?: WebSocketConstructor): Promise<WebSocketTransport> {
  if (given) return { WebSocket: given, headers: isWs(given) };
  const platform = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (platform) return { WebSocket: platform, headers: isWs(platform) };
  // The specifier is a variable so browser bundlers do not try to bundle or resolve `ws`,
  // an optional peer dependency that only Node needs.
  const specifier = 'ws';
  const module = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as {
    WebSocket?: WebSocketConstructor;
    default?: WebSocketConstructor;
  };
  const WebSocket = module.WebSocket ?? module.default;
  if (!WebSocket) throw new Error('The "ws" package has no WebSocket export');
  return { WebSocket, headers: true };
}

/**
 * `ws` sockets have `terminate()`, browsers' do not. Only `ws` is known to take headers;
 * any other implementation gets the query-string token, which every one supports.
 */
function isWs(implementation: WebSocketConstructor): boolean {
  const prototype: unknown = implementation.prototype;
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    typeof (prototype as { terminate?: unknown }).terminate === 'function'
  );
}

/** Opens a socket to `url`, authenticated by header when the implementation can send one. */
export function openWebSocket(
  transport: WebSocketTransport,
  url: URL,
  apiKey: string,
): WebSocketLike {
  if (transport.headers) {
    return new transport.WebSocket(url.href, [], {
      headers: { authorization: `Bearer ${apiKey}` },
    });
  }
  const withToken = new URL(url);
  withToken.searchParams.set('access_token', apiKey);
  return new transport.WebSocket(withToken.href);
}

/** The stream's URL: `ws:` or `wss:` from the base URL, with the event types asked for. */
export function streamUrl(baseUrl: string, types: readonly string[] | undefined): URL {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/v1/stream`);
  url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
  if (types && types.length > 0) url.searchParams.set('types', types.join(','));
  return url;
}
