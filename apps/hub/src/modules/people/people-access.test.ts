import { randomUUID } from 'node:crypto';
import type { ApiKey, ApiKeyCreated, StreamEvent, User } from '@safenet/core';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createKey, expectProblem, listAll, type TestKey } from '../../testing/http-helpers.js';
import { signIn, type TestSession } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

describe.each(backends)('what a signed-in person may do on $name', ({ database, run }) => {
  let th: TestHub;
  /** The sender of the Almaty department, the viewer of the parents' association, … */
  let sender: TestSession;
  let viewer: TestSession;
  let editor: TestSession;
  let dakLakAdmin: TestSession;
  /** A key of the Almaty province with the sender's scopes, to compare answers with. */
  let almatyKey: TestKey;
  /** Records of Đắk Lắk, outside Almaty's subtree. */
  let dakLak: { contact: string; broadcast: string };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    const password = th.seed.demoPassword;
    sender = await signIn(th.hub.app, 'sender.almaty@example.org', password);
    viewer = await signIn(th.hub.app, 'viewer.parents@example.org', password);
    editor = await signIn(th.hub.app, 'editor.ministry@example.org', password);
    dakLakAdmin = await signIn(th.hub.app, 'admin.daklak@example.org', password);
    almatyKey = await createKey(th.hub.app, th.auth, th.seed.provinceIds[0], [
      'read',
      'write',
      'send',
    ]);
    const [contact] = await listAll(
      th.hub.app,
      th.auth,
      `/v1/contacts?orgId=${th.seed.schoolIds[1]}`,
    );
    // Without workers it stays queued: nothing is sent.
    const broadcast = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/broadcasts',
      headers: th.auth,
      payload: {
        orgId: th.seed.provinceIds[1],
        segmentId: th.seed.segmentIds.vietnameseParents,
        channels: ['email'],
        content: { body: { vi: 'Họp phụ huynh vào thứ Sáu.' } },
      },
    });
    expect(broadcast.statusCode, broadcast.body).toBe(202);
    dakLak = { contact: contact?.id as string, broadcast: broadcast.json<{ id: string }>().id };
  });
  afterAll(() => th?.close());

  /** The answer without what differs between two requests by design (the id asked for). */
  const answer = async (request: InjectOptions, id: string) => {
    const res = await th.hub.app.inject(request);
    return { status: res.statusCode, body: res.body.replaceAll(id, '<id>') };
  };

  it.runIf(run)(
    'answers for another organisation’s records as a key of its own organisation gets',
    async () => {
      const reads = [
        (id: string) => `/v1/contacts/${id}`,
        (id: string) => `/v1/broadcasts/${id}`,
        (id: string) => `/v1/broadcasts/${id}/progress`,
        (id: string) => `/v1/contacts?orgId=${id}`,
      ];
      const ids = [dakLak.contact, dakLak.broadcast, dakLak.broadcast, th.seed.schoolIds[1]];
      for (const [index, url] of reads.entries()) {
        const id = ids[index] as string;
        const asSession = await answer({ url: url(id), headers: sender.cookie }, id);
        const asKey = await answer({ url: url(id), headers: almatyKey.headers }, id);
        const random = randomUUID();
        const nothing = await answer({ url: url(random), headers: sender.cookie }, random);
        expect(asSession, url(id)).toEqual(asKey);
        expect(asSession, url(id)).toEqual(nothing);
        expect(asSession.status).toBe(404);
      }
      const mine = await listAll<{ orgId: string }>(th.hub.app, sender.cookie, '/v1/contacts');
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.every((c) => c.orgId === th.seed.schoolIds[0])).toBe(true);
    },
  );

  it.runIf(run)('lets a sender send, and neither an editor nor a viewer', async () => {
    const broadcast = {
      orgId: th.seed.provinceIds[0],
      segmentId: th.seed.segmentIds.kazakhAndRussianParents,
      channels: ['email'],
      content: { body: { kk: 'Ата-аналар жиналысы жұмада.' } },
    };
    const post = (headers: Record<string, string>, orgId = broadcast.orgId) =>
      th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers,
        payload: { ...broadcast, orgId },
      });
    // The segment belongs to the ministry: a sender of Almaty names one of its own.
    const segment = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: sender.headers,
      payload: {
        orgId: th.seed.provinceIds[0],
        name: 'Almaty parents',
        query: { roles: ['parent'] },
      },
    });
    expect(segment.statusCode, segment.body).toBe(201);
    broadcast.segmentId = segment.json<{ id: string }>().id;
    expectProblem(
      await post(viewer.headers, th.seed.associationId),
      403,
      'insufficient_scope',
      /"send"/,
    );
    expectProblem(
      await post(editor.headers, th.seed.ministryId),
      403,
      'insufficient_scope',
      /your role gives "read", "write"/,
    );
    const sent = await post(sender.headers);
    expect(sent.statusCode, sent.body).toBe(202);
    expectProblem(
      await th.hub.app.inject({
        method: 'POST',
        url: '/v1/contacts',
        headers: viewer.headers,
        payload: { orgId: th.seed.associationId, role: 'parent', language: 'ru' },
      }),
      403,
      'insufficient_scope',
    );
  });

  it.runIf(run)('records who created an API key, and who acted on every write', async () => {
    const create = (headers: Record<string, string>, name: string) =>
      th.hub.app.inject({
        method: 'POST',
        url: '/v1/api-keys',
        headers: { ...headers, 'idempotency-key': 'same-key-for-both' },
        payload: { orgId: th.seed.schoolIds[1], name, scopes: ['read'] },
      });
    const byPerson = await create(dakLakAdmin.headers, 'School dashboard');
    expect(byPerson.statusCode, byPerson.body).toBe(201);
    expect(byPerson.json<ApiKeyCreated>().createdBy).toBe(dakLakAdmin.body.user.id);
    // The same Idempotency-Key from another actor is another request, not a replay.
    const byKey = await create(th.auth, 'Integration');
    expect(byKey.statusCode, byKey.body).toBe(201);
    expect(byKey.headers['idempotent-replayed']).toBeUndefined();
    expect(byKey.json<ApiKeyCreated>().createdBy).toBeNull();
    const keys = await listAll<ApiKey>(th.hub.app, th.auth, '/v1/api-keys');
    expect(keys.find((k) => k.id === byPerson.json<ApiKey>().id)?.createdBy).toBe(
      dakLakAdmin.body.user.id,
    );
    const actors = await th.hub.db
      .selectFrom('idempotency_keys')
      .select('actor_id')
      .where('key', '=', 'same-key-for-both')
      .execute();
    const adminKey = keys.find((k) => k.createdBy === null && k.orgId === th.seed.ministryId);
    expect(actors.map((a) => a.actor_id).sort()).toEqual(
      [dakLakAdmin.body.user.id, adminKey?.id].sort(),
    );
    // A repeat by the person replays the person's answer.
    const again = await create(dakLakAdmin.headers, 'School dashboard');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<ApiKey>().id).toBe(byPerson.json<ApiKey>().id);
  });

  it.runIf(run)('lists the people of the caller’s subtree only', async () => {
    const seen = await listAll<User>(th.hub.app, sender.cookie, '/v1/users');
    expect(seen.map((u) => u.email)).toEqual(['sender.almaty@example.org']);
    const all = await listAll<User>(th.hub.app, th.auth, '/v1/users');
    expect(all.length).toBeGreaterThanOrEqual(4);
    const outsider = all.find((u) => u.email === 'admin.daklak@example.org') as User;
    const hidden = await answer(
      { url: `/v1/users/${outsider.id}`, headers: sender.cookie },
      outsider.id,
    );
    const random = randomUUID();
    expect(hidden).toEqual(
      await answer({ url: `/v1/users/${random}`, headers: sender.cookie }, random),
    );
    expectProblem(
      await th.hub.app.inject({
        url: `/v1/users?orgId=${th.seed.provinceIds[1]}`,
        headers: sender.cookie,
      }),
      404,
      'not_found',
    );
    // An admin of Đắk Lắk cannot reach the sender of Almaty, nor move someone out of the subtree.
    const me = dakLakAdmin.body.user.id;
    expectProblem(
      await th.hub.app.inject({
        method: 'PATCH',
        url: `/v1/users/${me}`,
        headers: dakLakAdmin.headers,
        payload: { orgId: th.seed.provinceIds[0] },
      }),
      404,
      'not_found',
    );
  });

  describe('the stream with a session cookie', () => {
    let streamUrl: string;
    let origin: string;
    beforeAll(async () => {
      if (!run) return;
      origin = await th.hub.app.listen({ host: '127.0.0.1', port: 0 });
      streamUrl = `${origin.replace(/^http/, 'ws')}/v1/stream`;
    });

    const closed = (socket: WebSocket) =>
      new Promise<{ code: number; reason: string }>((resolve) => {
        socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      });

    it.runIf(run)(
      'sends the events of the person’s subtree when the page is the hub’s own',
      async () => {
        const socket = new WebSocket(streamUrl, { headers: { ...sender.cookie, origin } });
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('close', (code) => reject(new Error(`closed with ${code}`)));
        });
        const event: StreamEvent = {
          type: 'alert',
          orgId: th.seed.provinceIds[0],
          at: new Date().toISOString(),
          data: {
            alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
            severity: 'info',
            code: 'broadcast_failures',
            subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
            message: 'For Almaty',
          },
        };
        const received = new Promise<Record<string, unknown>>((resolve) => {
          socket.once('message', (data) => resolve(JSON.parse(data.toString())));
        });
        await th.hub.bus.publish({ orgPath: [th.seed.ministryId, th.seed.provinceIds[0]], event });
        expect(await received).toMatchObject({ type: 'alert', data: { message: 'For Almaty' } });
        socket.close();
      },
    );

    it.runIf(run)('refuses a session from a page of another site, or with no Origin', async () => {
      for (const headers of [{ ...sender.cookie, origin: 'https://evil.example' }, sender.cookie]) {
        const { code, reason } = await closed(new WebSocket(streamUrl, { headers }));
        expect(code).toBe(4403);
        expect(reason).toMatch(/Origin/);
      }
      const ended = await closed(
        new WebSocket(streamUrl, { headers: { cookie: 'safenet_session=not-a-session', origin } }),
      );
      expect(ended.code).toBe(4401);
    });
  });
});
