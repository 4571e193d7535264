import type { Alert, StreamEvent } from '@safenet/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as Ws } from 'ws';
import { SafenetClient } from '../client.js';
import type { SafenetApiError } from '../http/errors.js';
import { startWsStub } from '../testing/ws-stub.js';
import type { WebSocketConstructor } from './websocket.js';

/** `ws`, counting how many sockets the SDK opened. */
function countingWs() {
  const opened: string[] = [];
  class Counting extends Ws {
    constructor(...args: ConstructorParameters<typeof Ws>) {
      super(...args);
      opened.push(String(args[0]));
    }
  }
  return { WebSocket: Counting as unknown as WebSocketConstructor, opened };
}

/**
 * Lets a minute of timers run at once: any reconnect the subscription had scheduled (the
 * longest first delay is 0.5 s) would open a socket now.
 */
async function letAMinutePass(): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  await vi.advanceTimersByTimeAsync(60_000);
  vi.useRealTimers();
}

const ORG = '0190a5a0-0000-7000-8000-000000000001';
const BROADCAST = '0190a5a0-0000-7000-8000-0000000000b1';
const KEY = 'sn_test_child_rights_committee';

/** Frames carry the event's id in the hub's log; here the count sent, distinct enough. */
const progress = (sent: number): StreamEvent & { id: string } => ({
  id: String(1000 + sent),
  type: 'broadcast.progress',
  orgId: ORG,
  at: '2017-04-10T09:00:01+06:00',
  data: {
    broadcastId: BROADCAST,
    status: 'sending',
    expanded: true,
    total: 200,
    recipients: 200,
    fallbacks: 0,
    deferred: 0,
    counts: { sent, queued: 200 - sent },
    channels: { sms: { sent, queued: 200 - sent } },
  },
});
const alert: StreamEvent & { id: string } = {
  id: '7',
  type: 'alert',
  orgId: ORG,
  at: '2017-04-10T09:05:00+06:00',
  data: {
    alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
    severity: 'critical',
    code: 'broadcast_failures',
    subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
    message: 'Video of a fight between pupils',
  },
};

/** Like a browser's WebSocket: takes (url, protocols) only and has no `terminate`. */
class BrowserLike {
  readonly #socket: Ws;

  constructor(url: string, protocols?: string | string[]) {
    this.#socket = new Ws(url, protocols);
  }

  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: () => void): void {
    this.#socket.addEventListener(type, listener);
  }

  send(data: string): void {
    this.#socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.#socket.close(code, reason);
  }
}

/** Collects what a subscription reports, with a way to wait for the n-th of each. */
function recorder() {
  const events: StreamEvent[] = [];
  const errors: SafenetApiError[] = [];
  let opens = 0;
  const until = (check: () => boolean) =>
    expect.poll(check, { timeout: 5_000, interval: 10 }).toBe(true);
  return {
    events,
    errors,
    opens: () => opens,
    until,
    options: {
      onEvent: (event: StreamEvent) => events.push(event),
      onError: (error: SafenetApiError) => errors.push(error),
      onOpen: () => {
        opens++;
      },
    },
  };
}

// A failing stream test should fail in seconds, not at the 60 s suite default.
describe('stream.subscribe', { timeout: 10_000 }, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('authenticates with the Authorization header and delivers parsed events', async () => {
    await using hub = await startWsStub((connection) => {
      connection.socket.send(JSON.stringify(progress(120)));
      connection.socket.send('not json');
      connection.socket.send(JSON.stringify(alert));
    });
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: KEY });
    const seen = recorder();
    const subscription = client.stream.subscribe({
      types: ['broadcast.progress', 'alert'],
      ...seen.options,
    });
    await seen.until(() => seen.events.length === 2);
    subscription.close();

    expect(seen.events).toEqual([progress(120), alert]);
    expect(seen.opens()).toBe(1);
    const [connection] = hub.connections;
    expect(connection?.path).toBe('/v1/stream');
    expect(connection?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(connection?.query).toEqual({ types: 'broadcast.progress,alert' });
    await connection?.closed;
  });

  it('sends the header through a ws WebSocket passed as an option', async () => {
    await using hub = await startWsStub();
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: KEY, WebSocket: Ws });
    const subscription = client.stream.subscribe({ onEvent: () => {} });
    const connection = await hub.connection(1);
    subscription.close();
    expect(connection.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(connection.query).toEqual({});
  });

  it('passes the key as access_token when the WebSocket cannot send headers', async () => {
    await using hub = await startWsStub();
    const client = new SafenetClient({
      baseUrl: hub.url,
      apiKey: KEY,
      WebSocket: BrowserLike as unknown as WebSocketConstructor,
    });
    const subscription = client.stream.subscribe({ onEvent: () => {} });
    const connection = await hub.connection(1);
    subscription.close();
    expect(connection.headers.authorization).toBeUndefined();
    expect(connection.query).toEqual({ access_token: KEY });
  });

  it('sends neither key nor access_token for a signed-in browser: the cookie goes by itself', async () => {
    await using hub = await startWsStub();
    const client = new SafenetClient({
      baseUrl: hub.url,
      session: true,
      WebSocket: BrowserLike as unknown as WebSocketConstructor,
    });
    const subscription = client.stream.subscribe({ types: ['alert'], onEvent: () => {} });
    const connection = await hub.connection(1);
    subscription.close();
    expect(connection.headers.authorization).toBeUndefined();
    expect(connection.query).toEqual({ types: 'alert' });
  });

  it('reconnects with the same key after the hub drops the connection', async () => {
    await using hub = await startWsStub((connection, index) => {
      if (index === 0) connection.socket.terminate();
      else connection.socket.send(JSON.stringify(alert));
    });
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: KEY });
    const seen = recorder();
    const subscription = client.stream.subscribe(seen.options);
    await seen.until(() => seen.events.length === 1);
    subscription.close();

    expect(hub.connections).toHaveLength(2);
    for (const connection of hub.connections) {
      expect(connection.headers.authorization).toBe(`Bearer ${KEY}`);
    }
    expect(seen.events).toEqual([alert]);
    expect(seen.errors).toHaveLength(1);
    expect(seen.errors[0]).toMatchObject({ code: 'network_error', retryable: true });
    expect(seen.opens()).toBe(2);
  });

  it('resumes after the last event it received when it reconnects', async () => {
    await using hub = await startWsStub((connection, index) => {
      if (index === 0) {
        connection.socket.send(JSON.stringify(progress(50)));
        connection.socket.send(JSON.stringify(progress(100)));
        connection.socket.terminate();
      } else connection.socket.send(JSON.stringify(alert));
    });
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: KEY });
    const seen = recorder();
    const subscription = client.stream.subscribe({ ...seen.options, lastEventId: '900' });
    await seen.until(() => seen.events.length === 3);
    subscription.close();

    expect(hub.connections.map((c) => c.query)).toEqual([
      { lastEventId: '900' },
      { lastEventId: progress(100).id },
    ]);
    expect(seen.events).toEqual([progress(50), progress(100), alert]);
  });

  it.each([
    [4401, 'unauthenticated', 401],
    [4403, 'insufficient_scope', 403],
    [4400, 'validation_failed', 400],
  ])('stops on close code %i with %s', async (closeCode, code, status) => {
    await using hub = await startWsStub((connection) => connection.socket.close(closeCode, 'no'));
    const ws = countingWs();
    const client = new SafenetClient({
      baseUrl: hub.url,
      apiKey: 'sn_revoked',
      WebSocket: ws.WebSocket,
    });
    const seen = recorder();
    client.stream.subscribe(seen.options);
    await seen.until(() => seen.errors.length === 1);
    expect(seen.errors[0]).toMatchObject({ code, status, retryable: false });
    await letAMinutePass();
    expect(ws.opened).toHaveLength(1);
    expect(seen.errors).toHaveLength(1);
  });

  it('does not reconnect after close()', async () => {
    await using hub = await startWsStub();
    const ws = countingWs();
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: KEY, WebSocket: ws.WebSocket });
    const subscription = client.stream.subscribe({ onEvent: () => {} });
    const connection = await hub.connection(1);
    subscription.close();
    await connection.closed;
    await letAMinutePass();
    expect(ws.opened).toHaveLength(1);
  });
});

describe('stream.events', { timeout: 10_000 }, () => {
  it('iterates events and closes the connection when the loop is left', async () => {
    await using hub = await startWsStub((connection) => {
      for (const sent of [50, 100, 150]) connection.socket.send(JSON.stringify(progress(sent)));
    });
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: KEY });
    const counts: (number | undefined)[] = [];
    for await (const event of client.stream.events({ types: ['broadcast.progress'] })) {
      counts.push(event.data.counts.sent);
      if (counts.length === 2) break;
    }
    expect(counts).toEqual([50, 100]);
    await hub.connections[0]?.closed;
  });

  it('throws the auth error out of the loop', async () => {
    await using hub = await startWsStub((connection) => connection.socket.close(4401));
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_revoked' });
    const loop = async () => {
      for await (const _ of client.stream.events()) {
        // no event comes before the close
      }
    };
    await expect(loop()).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('subscription.acknowledgeAlert and resolveAlert', { timeout: 10_000 }, () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const ALERT_ID = alert.type === 'alert' ? alert.data.alertId : '';
  const SPECIALIST = { kind: 'user' as const, id: '0190f5c2-0000-7000-8000-0000000005e1' };
  const stored = (state: 'acknowledged' | 'resolved'): Alert => ({
    id: ALERT_ID,
    orgId: ORG,
    code: 'case_critical',
    severity: 'critical',
    subject: { type: 'case', id: '0190f5c2-0000-7000-8000-00000000ca5e' },
    message: 'Critical case C-2026-000012: grooming, 1 report',
    state,
    createdAt: '2026-12-06T09:05:00.000Z',
    acknowledgedAt: '2026-12-06T09:07:00.000Z',
    acknowledgedBy: SPECIALIST,
    resolvedAt: state === 'resolved' ? '2026-12-06T10:00:00.000Z' : null,
    resolvedBy: state === 'resolved' ? SPECIALIST : null,
  });

  /** A hub that answers each command with `answer(command)`, after sending an event first. */
  async function commandHub(answer: (command: Record<string, unknown>) => unknown) {
    const commands: Record<string, unknown>[] = [];
    const hub = await startWsStub((connection) => {
      connection.socket.on('message', (data) => {
        const command = JSON.parse(String(data)) as Record<string, unknown>;
        commands.push(command);
        // An event between the command and its answer still reaches onEvent.
        connection.socket.send(JSON.stringify(progress(10)));
        const reply = answer(command);
        if (reply !== undefined) connection.socket.send(JSON.stringify(reply));
      });
    });
    return { hub, commands };
  }

  async function connected(url: string, options: { timeoutMs?: number } = {}) {
    const client = new SafenetClient({ baseUrl: url, apiKey: KEY, ...options });
    const seen = recorder();
    const subscription = client.stream.subscribe(seen.options);
    await seen.until(() => seen.opens() === 1);
    return { subscription, seen };
  }

  it('sends the command with a request id and resolves with the alert the hub answers', async () => {
    const { hub, commands } = await commandHub((command) => ({
      type: `${String(command.type)}.result`,
      requestId: command.requestId,
      alert: stored(command.type === 'alert.resolve' ? 'resolved' : 'acknowledged'),
    }));
    await using _hub = hub;
    const { subscription, seen } = await connected(hub.url);

    await expect(subscription.acknowledgeAlert(ALERT_ID)).resolves.toEqual(stored('acknowledged'));
    await expect(subscription.resolveAlert(ALERT_ID)).resolves.toEqual(stored('resolved'));
    subscription.close();

    expect(commands).toEqual([
      { type: 'alert.acknowledge', alertId: ALERT_ID, requestId: expect.any(String) },
      { type: 'alert.resolve', alertId: ALERT_ID, requestId: expect.any(String) },
    ]);
    expect(commands[0]?.requestId).not.toBe(commands[1]?.requestId);
    // The answers are not events; the events sent meanwhile are.
    expect(seen.events).toEqual([progress(10), progress(10)]);
  });

  it('rejects with the hub’s code when the command fails', async () => {
    const { hub } = await commandHub((command) => ({
      type: 'error',
      requestId: command.requestId,
      code: 'alert_state_conflict',
      message: `Alert ${ALERT_ID} is resolved already: it cannot be acknowledged`,
    }));
    await using _hub = hub;
    const { subscription } = await connected(hub.url);
    await expect(subscription.acknowledgeAlert(ALERT_ID)).rejects.toMatchObject({
      name: 'SafenetApiError',
      code: 'alert_state_conflict',
      status: 0,
      retryable: false,
      detail: `Alert ${ALERT_ID} is resolved already: it cannot be acknowledged`,
    });
    subscription.close();
  });

  it('ignores an answer to another request id', async () => {
    const { hub } = await commandHub(() => ({
      type: 'alert.acknowledge.result',
      requestId: 'someone-else',
      alert: stored('acknowledged'),
    }));
    await using _hub = hub;
    const { subscription } = await connected(hub.url, { timeoutMs: 5_000 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const answer = subscription.acknowledgeAlert(ALERT_ID);
    const settled = expect(answer).rejects.toMatchObject({ code: 'timeout', retryable: true });
    await vi.advanceTimersByTimeAsync(5_000);
    await settled;
    vi.useRealTimers();
    subscription.close();
  });

  it('sends nothing and rejects at once while not connected', async () => {
    const { hub, commands } = await commandHub(() => undefined);
    await using _hub = hub;
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: KEY });
    const subscription = client.stream.subscribe({ onEvent: () => {} });
    await expect(subscription.acknowledgeAlert(ALERT_ID)).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
    subscription.close();
    await expect(subscription.resolveAlert(ALERT_ID)).rejects.toMatchObject({
      code: 'network_error',
    });
    expect(commands).toEqual([]);
  });

  it('rejects a command whose connection drops before the answer, as retryable', async () => {
    const hub = await startWsStub((connection) => {
      connection.socket.on('message', () => connection.socket.terminate());
    });
    await using _hub = hub;
    const { subscription } = await connected(hub.url);
    await expect(subscription.resolveAlert(ALERT_ID)).rejects.toMatchObject({
      code: 'network_error',
      retryable: true,
    });
    subscription.close();
  });

  it('rejects with the signal’s reason when aborted', async () => {
    const { hub } = await commandHub(() => undefined);
    await using _hub = hub;
    const { subscription } = await connected(hub.url);
    const controller = new AbortController();
    const answer = subscription.acknowledgeAlert(ALERT_ID, { signal: controller.signal });
    controller.abort(new Error('the specialist closed the page'));
    await expect(answer).rejects.toThrow('the specialist closed the page');
    subscription.close();
  });
});
