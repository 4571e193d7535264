/**
 * The deployment of docs/guides/deploy.md on PostgreSQL — one `safenet-hub api` and two
 * `safenet-hub worker` processes, each the real `node apps/hub/dist/main.js` — with one worker
 * stopped in the middle of a 3,000-recipient email broadcast: killed (SIGKILL), or asked to
 * stop (SIGTERM, as systemd and Kubernetes do). The other worker must finish it: no parent
 * lost, duplicates only among the messages the killed worker had in flight (two send
 * batches), and a stream subscriber connected to the api process — which sends nothing
 * itself — must have seen every delivery the workers settled. A worker asked to stop exits 0
 * once its sends in flight are recorded.
 */
import { randomBytes } from 'node:crypto';
import { dropSchemas, TEST_POSTGRES_URL } from '@safenet/hub/testing';
import { type ContactBulkInput, SafenetClient, type StreamEvent } from '@safenet/sdk';
import { expect, it } from 'vitest';
import { assertHubBuilt, freePort, spawnHub } from '../support/hub-process.js';
import { startSmtpServer } from '../support/smtp-server.js';

const RECIPIENTS = 3_000;
const SEND_BATCH = 50;
/** What the killed worker can have handed to SMTP but not marked sent: its two batches. */
const IN_FLIGHT_WINDOW = SEND_BATCH * 2;
const KILL_AFTER = 600;
const addressOf = (n: number) => `parent-${n}@kill-worker.example.org`;
const CONSENT = {
  status: 'granted',
  source: 'school register import',
  at: '2017-04-05T09:00:00+06:00',
} as const;

it.each(['SIGKILL', 'SIGTERM'] as const)(
  '1 api + 2 workers on PostgreSQL: a worker stopped with %s mid-broadcast loses nothing, and the api process streams every settled delivery',
  {
    timeout: 360_000,
  },
  async (signal) => {
    assertHubBuilt();
    await using smtp = await startSmtpServer({ parse: false });
    const schema = `kill_${randomBytes(5).toString('hex')}`;
    const adminKey = `sn_kill_${randomBytes(16).toString('hex')}`;
    const env = {
      DATABASE_URL: TEST_POSTGRES_URL,
      SAFENET_DB_SCHEMA: schema,
      SAFENET_ADMIN_KEY: adminKey,
      SAFENET_SMTP_URL: smtp.url,
      SAFENET_HEARTBEAT_SECONDS: '10',
      SAFENET_SEND_BATCH: String(SEND_BATCH),
      SAFENET_RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    };
    try {
      await using api = spawnHub({ ...env, PORT: String(await freePort()), HOST: '127.0.0.1' }, [
        'api',
      ]);
      const { baseUrl } = await api.ready();
      expect(api.stdout()).toContain('Safenet hub is running (api only; PostgreSQL)');
      await using workerA = spawnHub(env, ['worker']);
      await using workerB = spawnHub(env, ['worker']);
      await Promise.all([workerA.running(), workerB.running()]);
      expect(workerA.stdout()).toContain('Safenet hub is running (worker only; PostgreSQL)');

      const client = new SafenetClient({ baseUrl, apiKey: adminKey });
      let districtId: string | undefined;
      for await (const org of client.organisations.iterate()) {
        if (org.kind === 'district') districtId = org.id;
      }
      if (!districtId) throw new Error('the demo data has no district');
      const school = await client.organisations.create({
        parentId: districtId,
        kind: 'school',
        name: 'School No. 12 (kill-a-worker test)',
      });
      for (let start = 0; start < RECIPIENTS; start += 1000) {
        const contacts: ContactBulkInput['contacts'] = Array.from({ length: 1000 }, (_, i) => ({
          orgId: school.id,
          externalRef: `school-12/parent-${start + i}`,
          role: 'parent',
          language: 'ru',
          addresses: { email: addressOf(start + i) },
          consents: { email: CONSENT },
        }));
        await client.contacts.bulkUpsert({ contacts });
      }
      const segment = await client.segments.create({
        orgId: school.id,
        name: 'Parents of School No. 12',
        query: { underOrgIds: [school.id] },
      });

      // The stream is held by the api process; every send happens in a worker.
      const settled = new Map<string, string>();
      let opened!: () => void;
      const open = new Promise<void>((resolve) => {
        opened = resolve;
      });
      const subscription = client.stream.subscribe({
        types: ['delivery.updated'],
        onEvent: (event: StreamEvent) => {
          if (event.type === 'delivery.updated')
            settled.set(event.data.deliveryId, event.data.status);
        },
        onOpen: () => opened(),
      });
      try {
        await open;
        const broadcast = await client.broadcasts.create({
          orgId: school.id,
          segmentId: segment.id,
          channels: ['email'],
          content: { title: { ru: 'Безопасный Интернет' }, body: { ru: 'Телефон доверия: 111' } },
        });

        await smtp.waitFor(KILL_AFTER, 180_000);
        const stoppedAt = Date.now();
        workerA.child.kill(signal);
        const exit = await workerA.exited;
        const stopSeconds = (Date.now() - stoppedAt) / 1000;
        // SIGTERM: a clean exit once its sends in flight are recorded.
        expect(exit).toEqual(
          signal === 'SIGKILL' ? { code: null, signal } : { code: 0, signal: null },
        );
        const beforeKill = smtp.messages.length;
        expect(beforeKill, 'finished before the stop: nothing to take over').toBeLessThan(
          RECIPIENTS,
        );

        await expect
          .poll(async () => (await client.broadcasts.progress(broadcast.id)).status, {
            timeout: 180_000,
            interval: 500,
          })
          .toBe('completed');

        const deliveries = new Map<string, string>();
        for await (const d of client.broadcasts.iterateDeliveries(broadcast.id, { limit: 500 })) {
          deliveries.set(d.id, d.status);
        }
        const received = new Map<string, number>();
        for (const mail of smtp.messages) {
          for (const to of mail.envelope.to) received.set(to, (received.get(to) ?? 0) + 1);
        }
        const duplicates = [...received.values()].reduce((sum, n) => sum + n - 1, 0);
        const lost = Array.from({ length: RECIPIENTS }, (_, n) => addressOf(n)).filter(
          (address) => !received.has(address),
        );
        // Every delivery settled in a worker reached the subscriber on the api process.
        await expect
          .poll(
            () =>
              [...deliveries.keys()].filter((id) => settled.get(id) !== deliveries.get(id)).length,
            {
              timeout: 30_000,
              interval: 200,
            },
          )
          .toBe(0);
        console.log(
          [
            `${signal} a worker — figures:`,
            `  worker exited after     ${stopSeconds.toFixed(1)} s`,
            `  emails before the kill  ${beforeKill} of ${RECIPIENTS}`,
            `  emails in all           ${smtp.messages.length}`,
            `  duplicates              ${duplicates} (bound: ${IN_FLIGHT_WINDOW})`,
            `  lost                    ${lost.length}`,
            `  streamed on the api     ${settled.size} deliveries`,
          ].join('\n'),
        );
        expect(deliveries.size).toBe(RECIPIENTS);
        expect(new Set(deliveries.values())).toEqual(new Set(['sent']));
        expect(lost).toEqual([]);
        expect(duplicates).toBeLessThanOrEqual(IN_FLIGHT_WINDOW);
      } finally {
        subscription.close();
      }
    } finally {
      await dropSchemas(TEST_POSTGRES_URL, schema);
    }
  },
);
