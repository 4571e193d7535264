import { randomUUID } from 'node:crypto';
import type { ChannelAdapter } from '@safenet/channels';
import { type Broadcast, SafenetError } from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDispatchDeps } from '../../testing/dispatch-deps.js';
import { seedParents } from '../../testing/parents-fixture.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import { insertSendJobs, SEND_JOB_SIZE, type SendJob, sendQueue } from './delivery.queues.js';
import { sendBatch } from './send.worker.js';

describe.each(await testBackends())('send jobs on $name', ({ database, run }) => {
  let th: TestHub;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
  });
  afterAll(() => th?.close());

  /** The waiting jobs of `queue`: how many deliveries each carries, and when it may start. */
  const jobsOf = async (queue: string) => {
    const { rows } = await sql<{ data: SendJob; start_after: Date }>`
      select data, start_after from ${sql.table(`${th.env.SAFENET_DB_SCHEMA}_queue.job`)}
      where name = ${queue} and state = 'created' order by start_after, created_on`.execute(
      th.hub.db,
    );
    return rows.map((row) => ({
      size: row.data.deliveries.length,
      at: row.start_after.getTime(),
      ids: row.data.deliveries.map((d) => d.deliveryId),
    }));
  };

  it.runIf(run)(
    'carries deliveries in jobs of at most SEND_JOB_SIZE, one group per queue and second',
    async () => {
      const now = Math.ceil(Date.now() / 1000) * 1000 + 60_000;
      const sms = (n: number, startAfter?: Date) =>
        Array.from({ length: n }, () => ({
          id: randomUUID(),
          channel: 'sms' as const,
          ...(startAfter ? { startAfter } : {}),
        }));
      const due = sms(SEND_JOB_SIZE * 2 + 3);
      // Due within one second (rounded up to it): one job; the next second: another.
      const soon = [...sms(2, new Date(now + 100)), ...sms(1, new Date(now + 900))];
      const later = sms(1, new Date(now + 1_100));
      const email = [{ id: randomUUID(), channel: 'email' as const, providerFailures: 2 }];
      await insertSendJobs(th.hub.boss, [...due, ...soon, ...later, ...email]);

      const smsJobs = await jobsOf(sendQueue('sms'));
      const waitingNow = smsJobs.filter((job) => job.at < now);
      expect(waitingNow.map((job) => job.size).sort((a, b) => b - a)).toEqual([
        SEND_JOB_SIZE,
        SEND_JOB_SIZE,
        3,
      ]);
      expect(waitingNow.flatMap((job) => job.ids).sort()).toEqual(due.map((d) => d.id).sort());
      expect(smsJobs.filter((job) => job.at >= now)).toEqual([
        { size: 3, at: now + 1_000, ids: soon.map((d) => d.id) },
        { size: 1, at: now + 2_000, ids: later.map((d) => d.id) },
      ]);
      const [emailJob] = await jobsOf(sendQueue('email'));
      expect(emailJob?.ids).toEqual(email.map((d) => d.id));
      const { rows } = await sql<{ data: SendJob }>`
        select data from ${sql.table(`${th.env.SAFENET_DB_SCHEMA}_queue.job`)}
        where name = ${sendQueue('email')}`.execute(th.hub.db);
      expect(rows[0]?.data.deliveries).toEqual([{ deliveryId: email[0]?.id, providerFailures: 2 }]);
      // Jobs of deliveries that do not exist: gone before the next test fetches.
      await sql`delete from ${sql.table(`${th.env.SAFENET_DB_SCHEMA}_queue.job`)}
                where name like 'delivery-send-%'`.execute(th.hub.db);
    },
  );

  it.runIf(run)(
    'queues a message the pacing horizon held back for its slot, counted from then, not from the end of the batch',
    async () => {
      // The clock the worker reads: the first send takes 8 s of it, as a slow channel's batch
      // spends its slots.
      let clock = Date.now();
      const deps = await testDispatchDeps(th, { now: () => clock });
      const { orgId, segmentId } = await seedParents(th, {
        name: 'Held for a slot',
        count: 2,
        phonePrefix: '5',
      });
      const res = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: th.auth,
        payload: { orgId, segmentId, channels: ['sms'], content: { body: { en: 'Meeting' } } },
      });
      expect(res.statusCode, res.body).toBe(202);
      await expandBroadcast(deps.expand, res.json<Broadcast>().id);
      const jobs = await th.hub.boss.fetch<SendJob>(sendQueue('sms'), {
        batchSize: 10,
        includeMetadata: true,
      });
      expect(jobs.flatMap((job) => job.data.deliveries)).toHaveLength(2);
      const gatedAt = clock;
      let sent = 0;
      // One message every 11 s: the second one's slot lies past the 10-second horizon.
      const adapter: ChannelAdapter = {
        channel: 'sms',
        provider: `slow-test-provider-${randomUUID()}`,
        pacing: { minIntervalMs: 11_000 },
        async send() {
          sent += 1;
          clock += 8_000;
          return { status: 'sent', providerMessageId: `slow-${sent}` };
        },
      };
      await sendBatch({ ...deps, channels: overrideAdapter(deps.channels, adapter) }, jobs);
      for (const job of jobs) await th.hub.boss.complete(sendQueue('sms'), job.id);
      const waiting = await jobsOf(sendQueue('sms'));
      // What it queued: gone before the next test fetches, whatever this one finds.
      await sql`delete from ${sql.table(`${th.env.SAFENET_DB_SCHEMA}_queue.job`)}
                where name like 'delivery-send-%'`.execute(th.hub.db);

      expect(sent).toBe(1);
      const [held, ...more] = waiting;
      expect(more).toEqual([]);
      expect(held?.size).toBe(1);
      // Its slot, 11 s after the decision (rounded up to the second) — not 11 s after the 8 s
      // the batch went on sending.
      expect(held?.at).toBeGreaterThanOrEqual(gatedAt + 10_000);
      expect(held?.at).toBeLessThanOrEqual(gatedAt + 13_000);
    },
  );

  it.runIf(run)(
    'fails a job whole when one of its deliveries meets a bug: what it held for later waits for its retry',
    async () => {
      const deps = await testDispatchDeps(th);
      const { orgId, segmentId } = await seedParents(th, {
        name: 'Send job failure',
        count: 2,
        phonePrefix: '4',
      });
      const res = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: th.auth,
        payload: { orgId, segmentId, channels: ['sms'], content: { body: { en: 'Meeting' } } },
      });
      expect(res.statusCode, res.body).toBe(202);
      await expandBroadcast(deps.expand, res.json<Broadcast>().id);
      const jobs = await th.hub.boss.fetch<SendJob>(sendQueue('sms'), {
        batchSize: 10,
        includeMetadata: true,
      });
      expect(jobs.flatMap((job) => job.data.deliveries)).toHaveLength(2);
      let calls = 0;
      // The first message meets a bug; the second a provider that is down (wait for later).
      const adapter: ChannelAdapter = {
        channel: 'sms',
        provider: 'failing-test-provider',
        async send() {
          calls += 1;
          if (calls === 1) throw new Error('a bug in the adapter');
          throw new SafenetError('provider_unavailable', 'down', { retryable: true });
        },
      };
      const results = await sendBatch(
        { ...deps, channels: overrideAdapter(deps.channels, adapter) },
        jobs,
      );
      expect(calls).toBe(2);
      expect(results).toEqual([expect.objectContaining({ id: jobs[0]?.id, status: 'failed' })]);
      // Nothing queued for later apart from the job itself: its retry takes both again.
      expect(await jobsOf(sendQueue('sms'))).toEqual([]);
      expect(deps.errors).toHaveLength(1);
      await th.hub.boss.fail(sendQueue('sms'), jobs[0]?.id as string);
    },
  );
});
