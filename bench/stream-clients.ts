/**
 * Websocket clients of the fan-out benchmark, in a process of their own so that a few of
 * them share the client side's work and the server being measured has a core to itself.
 * The parent opens groups of sockets (`connect`, one group per server), arms a group for a
 * number of frames per socket (`expect`) and hears `received` once every socket of the group
 * has that many. Frames are counted, not parsed: the clients must cost the same whichever
 * server sends, and as little as possible.
 */
import WebSocket from 'ws';

export type ClientCommand =
  | { connect: string; group: string; count: number; headers: Record<string, string> }
  | { expect: number; group: string }
  | 'exit';

export type ClientReport =
  | { connected: string }
  | { armed: string }
  /** Every socket of `group` got the frames expected; `bytes` is their payload. */
  | { received: string; frames: number; bytes: number }
  | { failed: string };

/** Handshakes in flight per process: the hub authenticates each one with a query. */
const OPENING = 50;

interface Group {
  sockets: WebSocket[];
  counts: Uint32Array;
  expected: number;
  complete: number;
  frames: number;
  bytes: number;
}

const groups = new Map<string, Group>();
const report = (message: ClientReport) => process.send?.(message);
const fail = (reason: string) => report({ failed: `client ${process.pid}: ${reason}` });

function onFrame(group: Group, name: string, index: number, data: WebSocket.RawData): void {
  const count = (group.counts[index] ?? 0) + 1;
  group.counts[index] = count;
  group.frames += 1;
  group.bytes += (data as Buffer).length;
  if (count > group.expected) fail(`${name}: socket ${index} got ${count} frames`);
  else if (count === group.expected) {
    group.complete += 1;
    if (group.complete === group.sockets.length) {
      report({ received: name, frames: group.frames, bytes: group.bytes });
    }
  }
}

function open(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    // No compression (the servers offer none) and no UTF-8 check: less client work per frame.
    const socket = new WebSocket(url, {
      headers,
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
    socket.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason}`)));
  });
}

async function connect(command: Extract<ClientCommand, { connect: string }>): Promise<void> {
  const group: Group = {
    sockets: [],
    counts: new Uint32Array(command.count),
    expected: 0,
    complete: 0,
    frames: 0,
    bytes: 0,
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(OPENING, command.count) }, async () => {
      for (let index = next++; index < command.count; index = next++) {
        const socket = await open(command.connect, command.headers);
        group.sockets[index] = socket;
        socket.on('message', (data) => onFrame(group, command.group, index, data));
        socket.on('close', (code) => fail(`${command.group}: socket ${index} closed (${code})`));
      }
    }),
  );
  groups.set(command.group, group);
  report({ connected: command.group });
}

process.on('message', (command: ClientCommand) => {
  if (command === 'exit') {
    for (const group of groups.values()) {
      for (const socket of group.sockets) socket.removeAllListeners('close').terminate();
    }
    process.disconnect?.();
  } else if ('connect' in command) {
    connect(command).catch((error: Error) => fail(error.message));
  } else {
    const group = groups.get(command.group);
    if (!group) {
      fail(`no group ${command.group}`);
      return;
    }
    group.counts.fill(0);
    group.expected = command.expect;
    group.complete = 0;
    group.frames = 0;
    group.bytes = 0;
    report({ armed: command.group });
  }
});
