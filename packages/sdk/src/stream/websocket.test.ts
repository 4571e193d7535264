import { describe, expect, it } from 'vitest';
import { WebSocket as Ws } from 'ws';
import { startWsStub } from '../testing/ws-stub.js';
import {
  openWebSocket,
  resolveWebSocket,
  type WebSocketConstructor,
  type WebSocketRuntime,
} from './websocket.js';

const KEY = 'sn_test_parents_association';

/** A browser's WebSocket: (url, protocols) only, no `terminate`. */
class BrowserSocket {
  static opened: unknown[][] = [];
  constructor(...args: unknown[]) {
    BrowserSocket.opened.push(args);
  }
  addEventListener(): void {}
  close(): void {}
}
const browserSocket = BrowserSocket as unknown as WebSocketConstructor;

/** Node's built-in WebSocket (Node 22+) is the platform's on Node. */
const nodeBuiltIn = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;

const runtime = (overrides: Partial<WebSocketRuntime>): WebSocketRuntime => ({
  platform: undefined,
  node: true,
  loadWs: async () => Ws as unknown as WebSocketConstructor,
  ...overrides,
});

describe('resolveWebSocket: the key goes in a header wherever the runtime can send one', () => {
  it('Node without a built-in WebSocket (20): the ws package, header through its options', async () => {
    const transport = await resolveWebSocket(undefined, runtime({}));
    expect(transport).toEqual({ WebSocket: Ws, auth: 'ws-options' });
  });

  it('Node with a built-in WebSocket (22, 24): the built-in, header through WebSocketInit', async () => {
    const transport = await resolveWebSocket(undefined, runtime({ platform: browserSocket }));
    expect(transport).toEqual({ WebSocket: browserSocket, auth: 'init-headers' });
  });

  it('a browser: its WebSocket, key as access_token', async () => {
    const transport = await resolveWebSocket(
      undefined,
      runtime({ platform: browserSocket, node: false }),
    );
    expect(transport).toEqual({ WebSocket: browserSocket, auth: 'query' });
  });

  it('a ws constructor given as an option: header, on any runtime', async () => {
    const given = Ws as unknown as WebSocketConstructor;
    for (const node of [true, false]) {
      const transport = await resolveWebSocket(given, runtime({ platform: browserSocket, node }));
      expect(transport.auth).toBe('ws-options');
    }
  });

  it('another constructor given as an option: access_token, since it may not take headers', async () => {
    const transport = await resolveWebSocket(browserSocket, runtime({ platform: undefined }));
    expect(transport).toEqual({ WebSocket: browserSocket, auth: 'query' });
  });

  it('opens a browser socket with the key in the query and no second argument', () => {
    BrowserSocket.opened = [];
    openWebSocket(
      { WebSocket: browserSocket, auth: 'query' },
      new URL('ws://127.0.0.1:1/v1/stream?types=alert'),
      KEY,
    );
    expect(BrowserSocket.opened).toEqual([
      [`ws://127.0.0.1:1/v1/stream?types=alert&access_token=${KEY}`],
    ]);
  });
});

// The supported Node lines (22, 24) have a built-in WebSocket; this is the socket the SDK
// uses there by default, so it is tested against a real server.
describe('Node built-in WebSocket against a real server', { timeout: 10_000 }, () => {
  it('sends the Authorization header and no key in the URL', async () => {
    expect(nodeBuiltIn, 'Node 22 or newer has a global WebSocket').toBeTypeOf('function');
    await using hub = await startWsStub();
    const transport = await resolveWebSocket();
    expect(transport.auth).toBe('init-headers');
    const socket = openWebSocket(
      transport,
      new URL(`${hub.url.replace('http', 'ws')}/v1/stream`),
      KEY,
    );
    const connection = await hub.connection(1);
    socket.close();
    expect(connection.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(connection.query).toEqual({});
  });
});
