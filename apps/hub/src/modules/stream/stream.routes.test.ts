import { type Alert, BroadcastProgressEvent, type StreamEvent } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { createKey } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { raiseAlert } from '../alerts/index.js';

// A real socket: the websocket handshake and close codes are what this route is about.
let th: TestHub;
let streamUrl: string;

beforeAll(async () => {
  th = await startTestHub(); // with workers: progress events come from dispatch
  const address = await th.hub.app.listen({ host: '127.0.0.1', port: 0 });
  streamUrl = `${address.replace(/^http/, 'ws')}/v1/stream`;
});
afterAll(() => th?.close());

/** Resolves with the close code and reason the server sent. */
function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
}

function opened(socket: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
  });
}

/** The first event that `match` accepts; fails if the socket closes first. */
function nextEvent(
  socket: WebSocket,
  match: (event: StreamEvent) => boolean,
): Promise<StreamEvent> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: WebSocket.RawData) => {
      const event = JSON.parse(data.toString()) as StreamEvent;
      if (!match(event)) return;
      socket.off('message', onMessage);
      resolve(event);
    };
    socket.on('message', onMessage);
    socket.once('close', (code) => reject(new Error(`closed with ${code} before the event`)));
  });
}

/** The next frame as JSON, checking it is a text frame. */
function nextFrame(socket: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    socket.once('message', (data, isBinary) => {
      if (isBinary) reject(new Error('a binary frame'));
      else resolve(JSON.parse(data.toString()) as Record<string, unknown>);
    });
    socket.once('close', (code) => reject(new Error(`closed with ${code} before a frame`)));
  });
}

describe('/v1/stream', () => {
  it('closes with 4401 without a key', async () => {
    const { code, reason } = await closed(new WebSocket(streamUrl));
    expect(code).toBe(4401);
    expect(reason).toMatch(/Bearer <key>/);
  });

  it('closes with 4401 for a key it does not know', async () => {
    const socket = new WebSocket(`${streamUrl}?access_token=sn_not_a_key`);
    expect((await closed(socket)).code).toBe(4401);
  });

  it('closes with 4403 for a key without the read scope', async () => {
    const sender = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['send']);
    const { code, reason } = await closed(new WebSocket(streamUrl, { headers: sender.headers }));
    expect(code).toBe(4403);
    expect(reason).toMatch(/needs the "read" scope/);
  });

  it('sends the pairing code of a session event to admin keys only, whoever gets it first', async () => {
    // Frames are serialised once per event and shape: an admin's must not reach a reader.
    const reader = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['read']);
    const sockets = [
      new WebSocket(`${streamUrl}?types=channel.session`, { headers: reader.headers }),
      new WebSocket(`${streamUrl}?types=channel.session`, { headers: th.auth }),
      new WebSocket(`${streamUrl}?types=channel.session`, { headers: reader.headers }),
      new WebSocket(`${streamUrl}?types=channel.session`, { headers: th.auth }),
    ];
    try {
      await Promise.all(sockets.map(opened));
      const frames = sockets.map((socket) => nextFrame(socket));
      const event: StreamEvent = {
        type: 'channel.session',
        orgId: th.seed.ministryId,
        at: '2017-04-10T09:00:00.000Z',
        data: {
          channel: 'whatsapp',
          provider: 'whatsapp-web',
          state: 'qr',
          qr: '2@pairing-code',
          qrDataUrl: 'data:image/png;base64,AAAA',
          detail: null,
        },
      };
      await th.hub.bus.publish({ orgPath: [th.seed.ministryId], event });
      const [readerA, adminA, readerB, adminB] = await Promise.all(frames);
      const hidden = { ...event, data: { ...event.data, qr: null, qrDataUrl: null } };
      expect(readerA).toEqual({ id: expect.stringMatching(/^\d+$/), ...hidden });
      expect(adminA).toEqual({ id: readerA?.id, ...event });
      expect(readerB).toEqual(readerA);
      expect(adminB).toEqual(adminA);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('takes the key as ?access_token= and streams broadcast.progress', async () => {
    const socket = new WebSocket(`${streamUrl}?access_token=${encodeURIComponent(th.adminKey)}`);
    try {
      await opened(socket);
      const segment = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/segments',
        headers: th.auth,
        payload: {
          orgId: th.seed.ministryId,
          name: 'Parents of the association',
          query: { roles: ['parent'], underOrgIds: [th.seed.associationId] },
        },
      });
      expect(segment.statusCode, segment.body).toBe(201);
      // Listening before the broadcast exists, so no early event is missed.
      const progress = nextEvent(socket, (event) => event.type === 'broadcast.progress');
      const broadcast = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: th.auth,
        payload: {
          orgId: th.seed.ministryId,
          segmentId: segment.json<{ id: string }>().id,
          channels: ['email'],
          content: { body: { ru: 'Памятка для родителей', kk: 'Ата-аналарға арналған жадынама' } },
        },
      });
      expect(broadcast.statusCode, broadcast.body).toBe(202);
      const event = BroadcastProgressEvent.parse(await progress);
      expect(event.data.broadcastId).toBe(broadcast.json<{ id: string }>().id);
      expect(event.orgId).toBe(th.seed.ministryId);
    } finally {
      socket.close();
    }
  });
});

describe('/v1/stream commands', () => {
  /** An open alert of the district, raised as a module raises one. */
  const raiseDistrictAlert = async (subjectId: string) =>
    (await raiseAlert(
      { bus: th.hub.bus, now: () => Date.now(), orgPathOf: createOrgPathCache(th.hub.db) },
      share(th.hub.db),
      {
        orgId: th.seed.districtId,
        code: 'plan_item_overdue',
        subjectId,
        message: `stream command test ${subjectId}`,
      },
    )) as Alert;
  /** Sends a command and resolves with the answer to its requestId. */
  const command = (socket: WebSocket, body: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        const frame = JSON.parse(data.toString()) as Record<string, unknown>;
        if (frame.requestId !== body.requestId || frame.id !== undefined) return;
        socket.off('message', onMessage);
        resolve(frame);
      };
      socket.on('message', onMessage);
      socket.once('close', (code) => reject(new Error(`closed with ${code} before the answer`)));
      socket.send(JSON.stringify(body));
    });

  it('acknowledges and resolves an alert of the key’s subtree, with the API’s codes', async () => {
    const alert = await raiseDistrictAlert('stream/1');
    const district = await createKey(th.hub.app, th.auth, th.seed.districtId, ['read', 'write']);
    const socket = new WebSocket(streamUrl, { headers: district.headers });
    await opened(socket);
    try {
      const acked = await command(socket, {
        type: 'alert.acknowledge',
        alertId: alert.id,
        requestId: 'r1',
      });
      expect(acked).toMatchObject({
        type: 'alert.acknowledge.result',
        requestId: 'r1',
        alert: {
          id: alert.id,
          state: 'acknowledged',
          acknowledgedBy: { kind: 'key', id: district.id },
        },
      });
      const resolved = await command(socket, {
        type: 'alert.resolve',
        alertId: alert.id,
        requestId: 'r2',
      });
      expect(resolved).toMatchObject({ requestId: 'r2', alert: { state: 'resolved' } });
      // The API's conflict: a resolved alert is not acknowledged.
      expect(
        await command(socket, { type: 'alert.acknowledge', alertId: alert.id, requestId: 'r3' }),
      ).toMatchObject({ type: 'error', requestId: 'r3', code: 'alert_state_conflict' });
      expect(await command(socket, { type: 'alert.snooze', requestId: 'r4' })).toMatchObject({
        type: 'error',
        code: 'validation_failed',
      });
    } finally {
      socket.close();
    }
    // Stored, as the API reads it.
    const read = await th.hub.app.inject({ url: `/v1/alerts/${alert.id}`, headers: th.auth });
    expect(read.json<Alert>().state).toBe('resolved');
  });

  it('answers not_found out of the key’s subtree and insufficient_scope to a reader, changing nothing', async () => {
    const alert = await raiseDistrictAlert('stream/2');
    const [schoolId] = th.seed.schoolIds as [string, string];
    const school = await createKey(th.hub.app, th.auth, schoolId, ['read', 'write']);
    const reader = await createKey(th.hub.app, th.auth, th.seed.districtId, ['read']);
    for (const [key, code] of [
      [school, 'not_found'],
      [reader, 'insufficient_scope'],
    ] as const) {
      const socket = new WebSocket(streamUrl, { headers: key.headers });
      await opened(socket);
      try {
        expect(
          await command(socket, { type: 'alert.acknowledge', alertId: alert.id, requestId: code }),
        ).toMatchObject({ type: 'error', requestId: code, code });
      } finally {
        socket.close();
      }
    }
    const read = await th.hub.app.inject({ url: `/v1/alerts/${alert.id}`, headers: th.auth });
    expect(read.json<Alert>().state).toBe('open');
  });
});
