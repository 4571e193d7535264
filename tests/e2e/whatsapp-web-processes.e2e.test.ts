/**
 * A WhatsApp Web phone in a hub of several processes (docs/guides/deploy.md): one
 * `safenet-hub api` and two workers on one database, each configured with the phone. The api
 * process is the test hub (on the embedded store it runs the server the workers reach).
 * One worker holds it (a lease); the api process shows its session and has it started there;
 * a WhatsApp job the other worker takes goes to the holder; when the holder stops, the other
 * worker takes the phone over; with no worker left, the api says so. whatsapp-web.js needs a
 * phone, so each process's `Client` is a fake — each one a browser that process would launch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Broadcast, ChannelInfo, ChannelSession } from '@safenet/core';
import { createHub, type Hub, loadConfig } from '@safenet/hub';
import { eventually, sendQueue, testBackends } from '@safenet/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { FakeWhatsAppClient } from '../support/whatsapp-web-fake.js';

const granted = {
  status: 'granted' as const,
  source: 'parent meeting',
  at: '2017-04-03T10:00:00+06:00',
};

describe.each(await testBackends())(
  'a WhatsApp Web phone among processes ($name)',
  ({ database, run }) => {
    const phones = {
      api: new FakeWhatsAppClient({ paired: true }),
      holder: new FakeWhatsAppClient({ paired: false }),
      other: new FakeWhatsAppClient({ paired: true }),
    };
    let th: TestHub;
    let holder: Hub;
    let other: Hub;
    const closed = new Set<Hub>();
    const workerDirs: string[] = [];

    /** A `safenet-hub worker` process on the test hub's database. */
    const startWorker = async (phone: FakeWhatsAppClient) => {
      const dir = await mkdtemp(join(tmpdir(), 'safenet-worker-'));
      workerDirs.push(dir);
      const config = loadConfig({
        ...th.env,
        DATABASE_URL: th.hub.store.url,
        SAFENET_DATA_DIR: dir,
      });
      return createHub(config, { roles: new Set(['worker']), whatsappWebClient: phone });
    };
    const close = async (hub: Hub) => {
      if (closed.has(hub)) return;
      closed.add(hub);
      await hub.close();
    };

    beforeAll(async () => {
      if (!run) return;
      th = await startTestHub({
        database,
        roles: new Set(['api']),
        whatsappWebClient: phones.api,
        env: {
          SAFENET_WHATSAPP_WEB: 'true',
          SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS: '1000',
          SAFENET_WHATSAPP_WEB_JITTER_MS: '0',
        },
      });
      holder = await startWorker(phones.holder);
      // The first worker has taken the phone before the other starts.
      await eventually(
        async () => phones.holder.initializations,
        (n) => n === 1,
        'the holder launches its browser',
      );
      other = await startWorker(phones.other);
    });

    afterAll(async () => {
      for (const hub of [other, holder]) if (hub) await close(hub);
      await th?.close();
      for (const dir of workerDirs) await rm(dir, { recursive: true, force: true });
    });

    const onApi = async (method: 'GET' | 'POST', url: string, payload?: object) =>
      th.hub.app.inject({ method, url, headers: th.auth, ...(payload ? { payload } : {}) });
    const session = async () =>
      (await onApi('GET', '/v1/channels/whatsapp/session')).json<ChannelSession>();
    const paused = async () =>
      (await onApi('GET', '/v1/channels'))
        .json<{ items: ChannelInfo[] }>()
        .items.find((c) => c.provider === 'whatsapp-web')?.paused;
    const sentTo = (phone: FakeWhatsAppClient) =>
      phone.sent.map((m) => `+${m.chatId.replace('@c.us', '')}`).sort();

    /** Sends a WhatsApp broadcast to `n` parents of a new association; answers their numbers. */
    const broadcastTo = async (n: number, phone: FakeWhatsAppClient, prefix: string) => {
      const org = await onApi('POST', '/v1/organisations', {
        parentId: th.seed.districtId,
        kind: 'association',
        name: `WhatsApp parents ${prefix}`,
      });
      expect(org.statusCode, org.body).toBe(201);
      const orgId = org.json<{ id: string }>().id;
      const numbers = Array.from(
        { length: n },
        (_, i) => `+77013${prefix}${String(i).padStart(5, '0')}`,
      );
      for (const number of numbers) phone.registered.add(number.slice(1));
      const contacts = await onApi('POST', '/v1/contacts/bulk', {
        contacts: numbers.map((number, i) => ({
          orgId,
          externalRef: `wa-${prefix}-${i}`,
          role: 'parent',
          language: 'ru',
          addresses: { whatsapp: number },
          consents: { whatsapp: granted },
        })),
      });
      expect(contacts.statusCode, contacts.body).toBe(200);
      const segment = await onApi('POST', '/v1/segments', {
        orgId,
        name: `Parents ${prefix}`,
        query: { underOrgIds: [orgId] },
      });
      expect(segment.statusCode, segment.body).toBe(201);
      const created = await onApi('POST', '/v1/broadcasts', {
        orgId,
        segmentId: segment.json<{ id: string }>().id,
        channels: ['whatsapp'],
        content: { body: { ru: 'Памятка: телефон доверия 111' } },
      });
      expect(created.statusCode, created.body).toBe(202);
      const broadcast = created.json<Broadcast>();
      await eventually(
        async () =>
          (await onApi('GET', `/v1/broadcasts/${broadcast.id}/progress`)).json<{
            status: string;
          }>(),
        (p) => p.status === 'completed',
        'broadcast completed',
        60_000,
      );
      return numbers;
    };

    it.runIf(run)(
      'the api process shows the session its holder sees, and has the phone started there',
      async () => {
        const qr = await eventually(session, (s) => s.state === 'qr' && s.qrDataUrl !== null, 'QR');
        expect(qr).toMatchObject({ provider: 'whatsapp-web', qr: expect.stringMatching(/^2@/) });
        expect(await paused()).toMatch(/qr/);

        await phones.holder.scanQr();
        expect(await eventually(session, (s) => s.state === 'ready', 'ready')).toMatchObject({
          qr: null,
          qrDataUrl: null,
        });
        expect(await paused()).toBeNull();

        // WhatsApp drops the session; an admin on the api process starts it again.
        phones.holder.disconnect('NAVIGATION');
        await eventually(session, (s) => s.state === 'disconnected', 'disconnected');
        const started = await onApi('POST', '/v1/channels/whatsapp/session/start');
        expect(started.statusCode, started.body).toBe(202);
        await eventually(
          async () => phones.holder.initializations,
          (n) => n === 2,
          'the holder starts its browser again',
        );
        await eventually(session, (s) => s.state === 'ready', 'ready again');
        // Neither the api process nor the waiting worker ever launched a browser.
        expect([phones.api.initializations, phones.other.initializations]).toEqual([0, 0]);
      },
    );

    it.runIf(run)(
      'a WhatsApp job taken by the worker without the phone is sent by the worker holding it',
      async () => {
        // The holder stops taking jobs from the channel's queue: every one goes to the other
        // worker, which must hand it over. Without that it would hold them for ever (paused).
        await holder.boss.offWork(sendQueue('whatsapp'));
        const numbers = await broadcastTo(3, phones.holder, '1');
        expect(sentTo(phones.holder)).toEqual(numbers);
        expect(phones.other.sent).toEqual([]);
      },
    );

    it.runIf(run)(
      'another worker takes the phone over when its holder stops; with none left the api says so',
      async () => {
        await close(holder);
        await eventually(
          async () => phones.other.initializations,
          (n) => n === 1,
          'the other worker takes the phone',
          30_000,
        );
        await eventually(session, (s) => s.state === 'ready', 'ready on the other worker');
        const numbers = await broadcastTo(2, phones.other, '2');
        expect(sentTo(phones.other)).toEqual(numbers);

        await close(other);
        expect(await session()).toMatchObject({
          state: 'disconnected',
          detail: expect.stringMatching(/No worker process holds this phone/),
        });
        const refused = await onApi('POST', '/v1/channels/whatsapp/session/start');
        expect(refused.statusCode).toBe(409);
        expect(refused.json()).toMatchObject({ code: 'channel_not_held' });
      },
    );
  },
);
