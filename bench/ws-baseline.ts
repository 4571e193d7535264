/**
 * The baseline of the fan-out benchmark: a plain `ws` server on loopback, in a process of
 * its own (one Node process, like the hub's), that broadcasts the way the `ws` README does —
 * one pre-serialised frame, `send` to every open client — once per event, letting I/O run
 * between events. It tells the parent its URL, then broadcasts on `{ broadcast, events }`
 * and answers `sent` when its last `send` returned, and its CPU time and RSS on `cpu`.
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export type BaselineCommand = { broadcast: string; events: number } | 'cpu' | 'exit';
export type BaselineReport =
  | { url: string }
  | { sent: number }
  | { cpu: NodeJS.CpuUsage; rss: number };

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
server.once('listening', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `ws://127.0.0.1:${port}/v1/stream` } satisfies BaselineReport);
});

process.on('message', async (command: BaselineCommand) => {
  if (command === 'exit') {
    for (const client of server.clients) client.terminate();
    server.close();
    process.disconnect?.();
    return;
  }
  if (command === 'cpu') {
    const usage = { cpu: process.cpuUsage(), rss: process.memoryUsage().rss };
    process.send?.(usage satisfies BaselineReport);
    return;
  }
  const frame = Buffer.from(command.broadcast);
  for (let event = 0; event < command.events; event++) {
    for (const client of server.clients) {
      if (client.readyState === WebSocket.OPEN) client.send(frame, { binary: false });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.send?.({ sent: command.events } satisfies BaselineReport);
});
