/**
 * Events cross processes: two hubs on one database (an api-only hub and one with workers, as
 * `safenet-hub api` and `safenet-hub worker` run), and the event log lets a stream subscriber
 * that reconnects pick up where it stopped.
 */
import type { StreamEvent } from '@safenet/core';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../../config.js';
import { createHub, type Hub } from '../../hub.js';
import type { Database } from '../../modules/database.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import type { LoggedEvent, RoutedEvent } from './event-bus.js';

/** Events travel through the database: given time, never assumed to be instant. */
const WAIT = { timeout: 30_000, interval: 50 };

const alert = (orgId: string, n: number): StreamEvent => ({
  type: 'alert',
  orgId,
  at: '2017-04-10T09:00:00.000Z',
  data: {
    alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
    severity: 'info',
    code: 'broadcast_failures',
    subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
    message: `event ${n}`,
  },
});

describe.each(await testBackends())('the event log ($name)', ({ database, run }) => {
  let worker: TestHub;
  let api: Hub;
  let streamUrl: string;
  let ministryPath: readonly string[];

  beforeAll(async () => {
    if (!run) return;
    worker = await startTestHub({ database });
    // A second process on the same database: the embedded server is reached the way other
    // processes reach it, through the URL its hub writes beside the data.
    const url = worker.hub.store.url;
    api = await createHub(
      loadConfig({
        ...worker.env,
        DATABASE_URL: url,
        SAFENET_DATA_DIR: `${worker.env.SAFENET_DATA_DIR}-api`,
      }),
      { workers: false },
    );
    const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
    streamUrl = `${address.replace(/^http/, 'ws')}/v1/stream`;
    ministryPath = [worker.seed.ministryId];
  });
  afterAll(async () => {
    await api?.close();
    await worker?.close();
  });

  it.runIf(run)(
    'hands an event published by one process to subscribers of the other, in order',
    async () => {
      const seen: LoggedEvent[] = [];
      const unsubscribe = api.bus.subscribe(worker.seed.ministryId, (logged) => seen.push(logged));
      try {
        // More than one notification's worth of ids (400), in one publish.
        const batch: RoutedEvent[] = Array.from({ length: 1000 }, (_, n) => ({
          orgPath: ministryPath,
          event: alert(worker.seed.ministryId, n),
        }));
        await worker.hub.bus.publish(batch);
        await vi.waitFor(() => expect(seen).toHaveLength(1000), WAIT);
        expect(seen.map((l) => (l.event.type === 'alert' ? l.event.data.message : ''))).toEqual(
          batch.map((_, n) => `event ${n}`),
        );
        const ids = seen.map((l) => BigInt(l.id));
        expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      } finally {
        unsubscribe();
      }
    },
  );

  it.runIf(run)(
    'logs and notifies events with the transaction of the change they report: at its commit, or never',
    async () => {
      const seen: string[] = [];
      const unsubscribe = api.bus.subscribe(worker.seed.ministryId, ({ event }) => {
        if (event.type === 'alert') seen.push(event.data.message);
      });
      const publishIn = (trx: Transaction<Database>, n: number) =>
        worker.hub.bus.publish(
          { orgPath: ministryPath, event: alert(worker.seed.ministryId, n) },
          trx,
        );
      try {
        await expect(
          worker.hub.db.transaction().execute(async (trx) => {
            await publishIn(trx, 5001);
            throw new Error('the change failed');
          }),
        ).rejects.toThrow('the change failed');
        await worker.hub.db.transaction().execute(async (trx) => {
          await publishIn(trx, 5002);
          // Not committed yet: the other process has handed out everything committed, not it.
          await api.bus.caughtUp();
          expect(seen).toEqual([]);
        });
        await vi.waitFor(() => expect(seen).toEqual(['event 5002']), WAIT);
        const logged = await worker.hub.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where(sql<boolean>`event->'data'->>'message' in ('event 5001', 'event 5002')`)
          .executeTakeFirstOrThrow();
        expect(Number(logged.n)).toBe(1);
      } finally {
        unsubscribe();
      }
    },
  );

  it.runIf(run)('keeps an event from subscribers outside its organisation’s subtree', async () => {
    const school: LoggedEvent[] = [];
    const ministry: LoggedEvent[] = [];
    const stopSchool = api.bus.subscribe(worker.seed.schoolIds[0], (l) => school.push(l));
    const stopMinistry = api.bus.subscribe(worker.seed.ministryId, (l) => ministry.push(l));
    try {
      await worker.hub.bus.publish({
        orgPath: ministryPath,
        event: alert(worker.seed.ministryId, -1),
      });
      await vi.waitFor(() => expect(ministry).toHaveLength(1), WAIT);
      expect(school).toEqual([]);
    } finally {
      stopSchool();
      stopMinistry();
    }
  });

  it.runIf(run)(
    'hands an event to the subscribers of each organisation on its path, once per subscription',
    async () => {
      const [schoolA, schoolB] = worker.seed.schoolIds;
      const pathOf = async (id: string) =>
        (
          await worker.hub.db
            .selectFrom('organisations')
            .select('path')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).path;
      const seen: string[] = [];
      const follow = (name: string) => (logged: LoggedEvent) =>
        seen.push(`${name} ${logged.event.type === 'alert' ? logged.event.data.message : ''}`);
      const twice = follow('school A');
      const stops = [
        api.bus.subscribe(worker.seed.ministryId, follow('ministry')),
        api.bus.subscribe(schoolA, twice),
        api.bus.subscribe(schoolA, twice),
        api.bus.subscribe(schoolB, follow('school B')),
      ];
      try {
        const publish = async (orgId: string, n: number) =>
          worker.hub.bus.publish({ orgPath: await pathOf(orgId), event: alert(orgId, n) });
        await publish(schoolA, 1);
        await publish(schoolB, 2);
        await vi.waitFor(() => expect(seen).toHaveLength(5), WAIT);
        // One of school A's two subscriptions ends: the other still hears, the rest unchanged.
        stops[1]?.();
        stops[1]?.();
        await publish(schoolA, 3);
        await vi.waitFor(() => expect(seen).toHaveLength(7), WAIT);
        expect([...seen].sort()).toEqual(
          [
            'ministry event 1',
            'school A event 1',
            'school A event 1',
            'ministry event 2',
            'school B event 2',
            'ministry event 3',
            'school A event 3',
          ].sort(),
        );
        // Each subscriber's events arrive in the order of the log.
        expect(seen.filter((line) => line.startsWith('ministry'))).toEqual([
          'ministry event 1',
          'ministry event 2',
          'ministry event 3',
        ]);
      } finally {
        for (const stop of stops) stop();
      }
    },
  );

  it.runIf(run)(
    'resumes a stream after the last event id: what it missed, then live events',
    async () => {
      const frames: (StreamEvent & { id: string })[] = [];
      const connect = (query: string) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${streamUrl}?types=alert${query}`, {
            headers: worker.auth,
          });
          socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
          socket.once('open', () => resolve(socket));
          socket.once('close', (code) => reject(new Error(`closed with ${code}`)));
        });
      const publish = (n: number) =>
        worker.hub.bus.publish({ orgPath: ministryPath, event: alert(worker.seed.ministryId, n) });
      const messages = () => frames.map((f) => (f.type === 'alert' ? f.data.message : ''));

      const first = await connect('');
      await publish(1);
      await vi.waitFor(() => expect(messages()).toEqual(['event 1']), WAIT);
      const lastSeen = frames.at(-1)?.id ?? '';
      first.close();

      // Published while no socket was open: the worker process does not know of the client.
      await publish(2);
      await publish(3);
      const second = await connect(`&lastEventId=${lastSeen}`);
      await publish(4);
      await vi.waitFor(() =>
        expect(messages()).toEqual(['event 1', 'event 2', 'event 3', 'event 4']),
      );
      second.close();
      expect(new Set(frames.map((f) => f.id)).size).toBe(4);
    },
  );

  it.runIf(run)(
    'closes a stream with 4400 for a Last-Event-ID that is not an event id',
    async () => {
      const socket = new WebSocket(streamUrl, {
        headers: { ...worker.auth, 'last-event-id': 'yesterday' },
      });
      const code = await new Promise<number>((resolve) => socket.once('close', resolve));
      expect(code).toBe(4400);
    },
  );
});
