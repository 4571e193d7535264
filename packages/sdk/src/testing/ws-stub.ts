import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One websocket connection as the stub hub saw it. */
export interface SeenConnection {
  socket: WebSocket;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Resolves when the client or the server closes this connection. */
  closed: Promise<void>;
}

/** A `/v1/stream` stand-in on 127.0.0.1 that records connections. */
export interface WsStub extends AsyncDisposable {
  url: string;
  connections: SeenConnection[];
  /** Resolves with the `n`-th connection (1-based) once it is open; rejects after 5 s. */
  connection(n: number): Promise<SeenConnection>;
}

/**
 * Starts a real `ws` server on a free loopback port; `onConnection` scripts what the hub
 * does with each connection (send events, drop it, close it with 4401…).
 */
export async function startWsStub(
  onConnection: (connection: SeenConnection, index: number) => void = () => {},
): Promise<WsStub> {
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const connections: SeenConnection[] = [];
  const waiters: { n: number; resolve: (connection: SeenConnection) => void }[] = [];
  wss.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', 'http://stub');
    const connection: SeenConnection = {
      socket,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
      closed: new Promise((resolve) => socket.once('close', () => resolve())),
    };
    connections.push(connection);
    onConnection(connection, connections.length - 1);
    for (const waiter of waiters.filter((w) => w.n === connections.length)) {
      waiter.resolve(connection);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    connection(n) {
      const existing = connections[n - 1];
      if (existing) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no connection #${n} within 5 s`)), 5_000);
        waiters.push({
          n,
          resolve: (connection) => {
            clearTimeout(timer);
            resolve(connection);
          },
        });
      });
    },
    async [Symbol.asyncDispose]() {
      for (const client of wss.clients) client.terminate();
      await new Promise((resolve) => wss.close(resolve));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
