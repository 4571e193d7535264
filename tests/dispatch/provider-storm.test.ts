/**
 * A provider storm, through the hub's send worker and the real `twilio` library, against the
 * local Twilio server: 20 % of calls answered 500, 10 % 429 with `Retry-After: 1`, and in
 * the middle a 10-second outage (every call 503, no `Retry-After`). Nobody may be lost, nobody
 * sent twice, no permanent refusal retried; the channel's circuit breaker opens during the
 * outage (so the provider sees a few probes, not the backlog) and closes after it.
 *
 * Time is a hand-moved clock: the worker runs batch by batch, and between batches the clock
 * jumps to the next thing due (a retry, a probe) or the outage's end — so the test takes as
 * long as its sends, never a wall-clock wait.
 */
import type { Broadcast, StreamEvent } from '@safenet/core';
import {
  DispatchClock,
  eventually,
  expandBroadcast,
  nextSendJobAt,
  promoteDueSendJobs,
  readBreaker,
  type SendJob,
  sendBatch,
  sendQueue,
  share,
  testBackends,
  testDispatchDeps,
} from '@safenet/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { startTwilioServer, type TwilioTestServer } from '../support/twilio-server.js';

const GOOD = 300;
const BAD = 20;
const OUTAGE_MS = 10_000;
/** How far the clock moves at least between two batches. */
const STEP_MS = 250;
const SEND_BATCH = 50;

/** Distinct Kazakh mobile numbers; the last `BAD` the server refuses for good (21211). */
const phone = (i: number) =>
  `+7702${String(1_000_000 + i)
    .slice(1)
    .padStart(7, '0')}`;
const badPhones = new Set(Array.from({ length: BAD }, (_, i) => phone(GOOD + i)));

const backends = await testBackends();

describe.each(backends)('a provider storm and outage on $name', ({ database, run }) => {
  let twilio: TwilioTestServer;
  let th: TestHub;
  let deps: Awaited<ReturnType<typeof testDispatchDeps>>;
  // A day ahead of the database's clock: pg-boss hands out a job once its start time has come
  // by the database's clock, so a test clock behind it (this describe's second run starts
  // seconds after the clock was made) would see every backoff over at once, and how many
  // sends met the outage would depend on how long the first run took.
  const clock = new DispatchClock(Date.now() + 24 * 60 * 60_000);
  const alerts: Extract<StreamEvent, { type: 'alert' }>[] = [];

  beforeAll(async () => {
    if (!run) return;
    twilio = await startTwilioServer({
      statusCallbacks: false,
      faults: { serverErrors: 0.2, throttles: 0.1, retryAfterSeconds: 1, seed: 8 },
      script: (to) =>
        badPhones.has(to)
          ? { reject: { status: 400, code: 21211, message: `The 'To' number ${to} is not valid.` } }
          : undefined,
    });
    th = await startTestHub({
      workers: false,
      database,
      env: {
        SAFENET_TWILIO_ACCOUNT_SID: twilio.credentials.accountSid,
        SAFENET_TWILIO_AUTH_TOKEN: twilio.credentials.authToken,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
        // Pacing is not what this test is about.
        SAFENET_TWILIO_SEGMENTS_PER_SECOND: '10000',
      },
    });
    deps = await testDispatchDeps(th, { now: clock.now });
    th.hub.bus.subscribe(th.seed.ministryId, ({ event }) => {
      if (event.type === 'alert') alerts.push(event);
    });
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
    await twilio?.close();
  });

  const post = async <T>(url: string, payload: object, status: number) => {
    const res = await th.hub.app.inject({ method: 'POST', url, headers: th.auth, payload });
    expect(res.statusCode, res.body).toBe(status);
    return res.json<T>();
  };

  /** Queued or sending deliveries of the broadcast. */
  const unfinished = async (broadcastId: string) =>
    (
      await th.hub.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('broadcast_id', '=', broadcastId)
        .where('status', 'in', ['queued', 'sending'])
        .executeTakeFirstOrThrow()
    ).n;

  it.runIf(run)(
    'loses nobody, sends nobody twice, retries no permanent refusal, and holds the channel through the outage',
    async () => {
      const schoolId = th.seed.schoolIds[0] as string;
      await post(
        '/v1/contacts/bulk',
        {
          contacts: Array.from({ length: GOOD + BAD }, (_, i) => ({
            orgId: schoolId,
            externalRef: `storm-${i}`,
            role: 'official',
            language: 'ru',
            addresses: { phone: phone(i) },
            consents: { sms: { status: 'granted', source: 'test', at: '2017-04-10T10:00:00Z' } },
          })),
        },
        200,
      );
      const segment = await post<{ id: string }>(
        '/v1/segments',
        { orgId: th.seed.ministryId, name: 'Storm', query: { roles: ['official'] } },
        201,
      );
      const broadcast = await post<Broadcast>(
        '/v1/broadcasts',
        {
          orgId: th.seed.ministryId,
          segmentId: segment.id,
          channels: ['sms'],
          content: { body: { ru: 'Памятка: телефон доверия 111.' } },
        },
        202,
      );
      await expandBroadcast(deps.expand, broadcast.id);

      const schema = th.env.SAFENET_DB_SCHEMA as string;
      const queue = sendQueue('sms');
      let outage: { from: number; until: number } | undefined;
      let outageOver = false;
      /** Calls the outage had seen when the breaker first opened. */
      let outageCallsAtOpen: number | undefined;
      const outageCalls = () => twilio.calls.filter((c) => c.outage).length;
      for (let step = 0; (await unfinished(broadcast.id)) > 0; step += 1) {
        if (step > 3_000) throw new Error('the broadcast did not finish');
        // The outage starts once a third of the good recipients have their message.
        if (!outage && twilio.messages.length >= GOOD / 3) {
          outage = { from: clock.now(), until: clock.now() + OUTAGE_MS };
          twilio.setOutage(true);
        }
        if (outage && !outageOver && clock.now() >= outage.until) {
          twilio.setOutage(false);
          outageOver = true;
        }
        await promoteDueSendJobs(th.hub.db, schema, clock.now());
        const jobs = await th.hub.boss.fetch<SendJob>(queue, {
          batchSize: SEND_BATCH,
          includeMetadata: true,
        });
        if (jobs.length > 0) {
          const results = await sendBatch(deps, jobs);
          expect(results.filter((r) => r.status !== 'completed')).toEqual([]);
          await th.hub.boss.complete(
            queue,
            jobs.map((job) => job.id),
          );
          if (
            outageCallsAtOpen === undefined &&
            (await readBreaker(share(th.hub.db), 'sms:twilio'))?.state === 'open'
          ) {
            outageCallsAtOpen = outageCalls();
          }
          clock.advance(STEP_MS);
          continue;
        }
        // Nothing due: on to the next retry or probe, or the outage's end if that comes first.
        const next = (await nextSendJobAt(th.hub.db, schema)) ?? clock.now() + STEP_MS;
        const outageEnd = outage && !outageOver ? outage.until : Number.POSITIVE_INFINITY;
        clock.advanceTo(Math.min(Math.max(next, clock.now() + STEP_MS), outageEnd));
      }
      expect(deps.errors).toEqual([]);
      expect(outageOver).toBe(true);

      const deliveries = await th.hub.db
        .selectFrom('deliveries')
        .innerJoin('contacts', 'contacts.id', 'deliveries.contact_id')
        .select(['deliveries.status', 'deliveries.reason', 'deliveries.attempts', 'addresses'])
        .where('broadcast_id', '=', broadcast.id)
        .execute();
      const phoneOf = (d: (typeof deliveries)[number]) => (d.addresses as { phone: string }).phone;
      const good = deliveries.filter((d) => !badPhones.has(phoneOf(d)));
      const bad = deliveries.filter((d) => badPhones.has(phoneOf(d)));

      // 0 lost: every good recipient's message was accepted, and only once (0 duplicates).
      expect(good).toHaveLength(GOOD);
      expect(good.filter((d) => d.status !== 'sent')).toEqual([]);
      const accepted = new Map<string, number>();
      for (const m of twilio.messages) accepted.set(m.to, (accepted.get(m.to) ?? 0) + 1);
      expect(accepted.size).toBe(GOOD);
      expect([...accepted.values()].every((n) => n === 1)).toBe(true);
      // The provider's failures spent no attempt: each message took exactly one.
      expect(good.every((d) => d.attempts === 1)).toBe(true);

      // 0 retries of permanent errors: one 21211 per bad number, and no call after it.
      expect(bad.map((d) => [d.status, d.reason, d.attempts])).toEqual(
        bad.map(() => ['failed', 'invalid_address', 1]),
      );
      for (const to of badPhones) {
        const calls = twilio.calls.filter((c) => c.to === to);
        expect(calls.at(-1)?.code).toBe(21211);
        expect(calls.filter((c) => c.code === 21211)).toHaveLength(1);
      }

      // The storm was real: failures of every kind, retried.
      const statuses = new Set(twilio.calls.map((c) => c.status));
      expect([...statuses].sort()).toEqual([201, 400, 429, 500, 503]);
      // The outage met a breaker: the retries due until their failures outweighed the window's
      // earlier successes (127 calls in a run here, seed 8), then a few probes — not every queued
      // recipient's attempts (the issue saw ~2.6 per recipient).
      // Once open, only probes (3 at a time, the first after 5 s) reached the provider.
      expect(outageCallsAtOpen).toBeDefined();
      expect(outageCalls() - (outageCallsAtOpen as number)).toBeLessThanOrEqual(2 * 3);
      expect(outageCalls()).toBeLessThanOrEqual(4 * SEND_BATCH);

      await eventually(
        async () => alerts.map((a) => a.data.code),
        (seen) => seen.includes('channel_circuit_closed'),
        'breaker alerts',
      );
      // Opened by the outage (not by the storm alone), closed once it ended; any later
      // opening the storm's noise may cause closes again.
      const breakerAlerts = alerts.filter((a) => a.data.code.startsWith('channel_circuit'));
      expect(breakerAlerts.length % 2).toBe(0);
      breakerAlerts.forEach((alert, i) => {
        expect(alert.data.code).toBe(
          i % 2 === 0 ? 'channel_circuit_open' : 'channel_circuit_closed',
        );
      });
      const [opened, closed] = breakerAlerts.map((a) => Date.parse(a.at));
      expect(opened).toBeGreaterThanOrEqual(outage?.from as number);
      expect(opened).toBeLessThan(outage?.until as number);
      expect(closed).toBeGreaterThanOrEqual(outage?.until as number);
      expect(alerts.find((a) => a.data.code === 'channel_circuit_open')?.data.severity).toBe(
        'warning',
      );
      expect((await readBreaker(share(th.hub.db), 'sms:twilio'))?.state).toBe('closed');
    },
  );
});
