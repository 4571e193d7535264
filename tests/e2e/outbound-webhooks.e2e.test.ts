/**
 * Outbound webhooks end to end: a hub, a receiver on 127.0.0.1 that checks every request
 * with the SDK's `verifyWebhook` (as an integrator's would), and the SDK for everything else.
 * Time is the hub's injected clock, moved by hand; the feed from the event log and the sweeps
 * are run by the test (a hub without workers) so each step happens exactly when the test says
 * — except in the first suite, where a hub with workers delivers a real broadcast's events by
 * itself.
 */
import type { AddressInfo } from 'node:net';
import {
  eventually,
  feedWebhookMessages,
  type SweepPoint,
  share,
  startTestHub,
  sweepWebhookMessages,
  type TestHub,
  testBackends,
} from '@safenet/hub/testing';
import {
  SafenetApiError,
  SafenetClient,
  verifyWebhook,
  type WebhookEndpointInput,
  type WebhookEndpointWithSecret,
  type WebhookMessage,
  type WebhookPayload,
  WebhookVerificationError,
} from '@safenet/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ReceivedWebhook, startWebhookReceiver } from '../support/webhook-receiver.js';

const backends = await testBackends();
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** The documented schedule: waits after each failed try. */
const SCHEDULE = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];

/** A clock the test moves; the hub schedules and signs by it. */
class Clock {
  #now = Math.floor(Date.now() / 1000) * 1000;
  readonly now = () => this.#now;
  advance(ms: number): void {
    this.#now += ms;
  }
}

/**
 * `verifyWebhook` as a receiver whose own clock reads `at` would run it: the library checks
 * the signed timestamp against the machine's time (within 5 minutes), and the test's hub
 * clock may be a day ahead of it. Synchronous, so nothing else runs while Date is moved.
 */
function verifyAt(at: number, secret: string, request: ReceivedWebhook): WebhookPayload {
  vi.useFakeTimers({ now: at, toFake: ['Date'] });
  try {
    return verifyWebhook(secret, request.headers, request.body);
  } finally {
    vi.useRealTimers();
  }
}

/** The SDK against a hub listening on loopback. */
async function clientOf(th: TestHub): Promise<SafenetClient> {
  await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = th.hub.app.server.address() as AddressInfo;
  return new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: th.adminKey });
}

describe.each(backends)('outbound webhooks with workers on $name', ({ database, run }) => {
  let th: TestHub;
  let client: SafenetClient;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database }); // workers on: dispatch and the webhook sweep run
    client = await clientOf(th);
  });
  afterAll(() => th?.close());

  it.runIf(run)(
    'delivers a broadcast’s progress, signed, to an endpoint that asked for it',
    async () => {
      let secret = '';
      await using receiver = await startWebhookReceiver((request) => {
        try {
          verifyWebhook(secret, request.headers, request.body);
          return { status: 204 };
        } catch {
          return { status: 401, body: 'bad signature' };
        }
      });
      const endpoint = await client.webhookEndpoints.create({
        orgId: th.seed.ministryId,
        url: `${receiver.url}/progress`,
        description: 'Ministry dashboard',
        eventTypes: ['broadcast.progress'],
      });
      secret = endpoint.secret;
      expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const segment = await client.segments.create({
        orgId: th.seed.ministryId,
        name: 'Parents of the association',
        query: { roles: ['parent'], underOrgIds: [th.seed.associationId] },
      });
      const broadcast = await client.broadcasts.create({
        orgId: th.seed.associationId,
        segmentId: segment.id,
        channels: ['email'],
        content: { body: { ru: 'Памятка для родителей', kk: 'Ата-аналарға арналған жадынама' } },
      });

      const completed = await eventually(
        async () =>
          receiver.received
            .map((request) => verifyWebhook(secret, request.headers, request.body))
            .find(
              (event) =>
                event.type === 'broadcast.progress' &&
                event.data.broadcastId === broadcast.id &&
                event.data.status === 'completed',
            ),
        (event) => event !== undefined,
        'the completed broadcast’s progress at the endpoint',
      );
      expect(completed).toMatchObject({
        type: 'broadcast.progress',
        // Events of the association reach the ministry's endpoint: it sees its subtree.
        data: { orgId: th.seed.associationId, broadcastId: broadcast.id, expanded: true },
      });
      expect(Date.parse(completed?.timestamp ?? '')).not.toBeNaN();
      // Only the type it asked for, though deliveries changed status all along.
      for (const request of receiver.received) {
        expect(request.status).toBe(204);
        expect(request.headers['content-type']).toBe('application/json');
        expect(JSON.parse(request.body).type).toBe('broadcast.progress');
      }
      // Each request is one message, its webhook-id the event's, its status delivered.
      await eventually(
        async () => (await client.webhookEndpoints.messages(endpoint.id)).items,
        (items) => items.every((m) => m.status === 'delivered'),
        'every message delivered',
      );
      const messages: WebhookMessage[] = [];
      for await (const m of client.webhookEndpoints.iterateMessages(endpoint.id)) messages.push(m);
      const ids = receiver.received.map((request) => request.headers['webhook-id']);
      expect(new Set(ids).size).toBe(ids.length);
      expect(messages.map((m) => m.eventId)).toEqual(expect.arrayContaining(ids));
      const last = messages.at(-1) as WebhookMessage;
      const attempts = await client.webhookEndpoints.attempts(endpoint.id, last.id);
      expect(attempts.items).toEqual([
        expect.objectContaining({ messageId: last.id, statusCode: 204, error: null }),
      ]);
    },
  );
});

describe.each(backends)('outbound webhooks on $name', ({ database, run }) => {
  let th: TestHub;
  let client: SafenetClient;
  const clock = new Clock();
  /** Endpoints a test made, deleted after it so their messages stay out of the next. */
  const made: string[] = [];

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false, now: clock.now });
    client = await clientOf(th);
  });
  afterEach(async () => {
    for (const id of made.splice(0)) await client.webhookEndpoints.delete(id);
  });
  afterAll(() => th?.close());

  const sweep = (
    options: { timeoutMs?: number; interleave?: (p: SweepPoint) => Promise<void> } = {},
  ) => sweepWebhookMessages({ db: share(th.hub.db), now: clock.now, timeoutMs: 5_000, ...options });

  const feed = () => feedWebhookMessages({ db: share(th.hub.db), now: clock.now });
  const create = async (input: WebhookEndpointInput): Promise<WebhookEndpointWithSecret> => {
    const endpoint = await client.webhookEndpoints.create(input);
    made.push(endpoint.id);
    return endpoint;
  };
  /** An endpoint of the ministry that only test events reach (nothing here publishes its type). */
  const quietEndpoint = (url: string) =>
    create({ orgId: th.seed.ministryId, url, eventTypes: ['channel.session'] });

  const messageOf = async (endpointId: string, messageId: string) =>
    client.webhookEndpoints.message(endpointId, messageId);

  it.runIf(run)(
    'queues an event for the endpoints above it whose filter takes its type, never an in-app message',
    async () => {
      await using receiver = await startWebhookReceiver();
      const [, otherProvince] = th.seed.provinceIds;
      const alerts = await create({
        orgId: th.seed.ministryId,
        url: `${receiver.url}/alerts`,
        eventTypes: ['alert'],
      });
      const deliveries = await create({
        orgId: th.seed.ministryId,
        url: `${receiver.url}/deliveries`,
        eventTypes: ['delivery.updated'],
      });
      const everything = await create({ orgId: th.seed.associationId, url: `${receiver.url}/all` });
      const elsewhere = await create({ orgId: otherProvince, url: `${receiver.url}/elsewhere` });
      const disabled = await create({
        orgId: th.seed.ministryId,
        url: `${receiver.url}/disabled`,
        enabled: false,
      });
      const orgPath = [th.seed.ministryId, th.seed.associationId];
      const at = new Date(clock.now()).toISOString();
      await th.hub.bus.publish({
        orgPath,
        event: {
          type: 'message',
          orgId: th.seed.associationId,
          at,
          data: {
            deliveryId: th.seed.ministryId,
            broadcastId: th.seed.ministryId,
            contactId: th.seed.ministryId,
            language: 'ru',
            title: null,
            body: 'Текст для одного родителя',
          },
        },
      });
      await th.hub.bus.publish({
        orgPath,
        event: {
          type: 'alert',
          orgId: th.seed.associationId,
          at,
          data: {
            alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
            severity: 'critical',
            code: 'broadcast_failures',
            subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
            message: 'Report 17',
          },
        },
      });
      const queued = (id: string) =>
        client.webhookEndpoints.messages(id).then((page) => page.items);
      // Fed once other tests' transactions on the server let the feed's horizon pass it.
      await eventually(
        async () => {
          await feed();
          return [(await queued(alerts.id)).length, (await queued(everything.id)).length];
        },
        (counts) => counts.every((n) => n === 1),
        'the alert queued for both endpoints',
      );
      // Fed once: the feed has moved past it.
      await feed();
      expect((await queued(everything.id)).length).toBe(1);
      expect(await sweep()).toBe(2);
      for (const id of [deliveries.id, elsewhere.id, disabled.id])
        expect(await queued(id)).toEqual([]);
      expect(receiver.received.map((r) => r.path).sort()).toEqual(['/alerts', '/all']);
      const [toAlerts, toAll] = [alerts, everything].map((endpoint) => {
        const request = receiver.received.find((r) =>
          r.path.endsWith(new URL(endpoint.url).pathname),
        );
        return verifyAt(clock.now(), endpoint.secret, request as ReceivedWebhook);
      });
      expect(toAlerts).toEqual({
        type: 'alert',
        timestamp: at,
        data: {
          alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
          severity: 'critical',
          code: 'broadcast_failures',
          subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
          message: 'Report 17',
          orgId: th.seed.associationId,
        },
      });
      expect(toAll).toEqual(toAlerts);
      // One event, one id, whichever endpoint it reached.
      const [first, second] = receiver.received;
      expect(first?.headers['webhook-id']).toBe(second?.headers['webhook-id']);
      // Each endpoint verifies with its own secret only.
      expect(() =>
        verifyAt(
          clock.now(),
          everything.secret,
          receiver.received.find((r) => r.path === '/alerts') as ReceivedWebhook,
        ),
      ).toThrow(WebhookVerificationError);
    },
  );

  /**
   * An alert numbered `n` of the province `orgId` (one per test: the feed is the hub's, and an
   * event of another test may be fed late), published in `trx` when given.
   */
  const alert = (orgId: string, n: number, trx?: ReturnType<typeof share>) =>
    th.hub.bus.publish(
      {
        orgPath: [th.seed.ministryId, orgId],
        event: {
          type: 'alert',
          orgId,
          at: new Date(clock.now()).toISOString(),
          data: {
            alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
            severity: 'info',
            code: 'broadcast_failures',
            subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
            message: `feed ${n}`,
          },
        },
      },
      trx,
    );
  const alertsQueued = async (endpointId: string) =>
    (await client.webhookEndpoints.messages(endpointId)).items
      .map((m) => (m.payload.data as { message: string }).message)
      .sort();
  /**
   * Feeds until `endpointId` has `n` messages. The feed reads what every transaction below the
   * oldest one still open wrote: other tests' transactions on the server may hold it back a
   * moment (never for long, and never past an event).
   */
  const fedUntil = (endpointId: string, n: number) =>
    eventually(
      async () => {
        await feed();
        return alertsQueued(endpointId);
      },
      (messages) => messages.length >= n,
      `${n} messages fed`,
    );

  it.runIf(run)(
    'feeds an event committed late by a long transaction after it ends, never passing it over',
    async () => {
      const [province] = th.seed.provinceIds;
      const endpoint = await create({
        orgId: province,
        url: 'http://127.0.0.1:9/never-swept',
        eventTypes: ['alert'],
      });
      let commit!: () => void;
      const held = new Promise<void>((resolve) => {
        commit = resolve;
      });
      let logged!: () => void;
      const inserted = new Promise<void>((resolve) => {
        logged = resolve;
      });
      // A transaction logs event 1, then stays open; event 2 commits meanwhile, after it.
      const long = th.hub.db.transaction().execute(async (trx) => {
        await alert(province, 1, share(trx));
        logged();
        await held;
      });
      await inserted;
      await alert(province, 2);
      await feed();
      // Event 2 is committed, but a transaction older than it is still open: not final yet.
      expect(await alertsQueued(endpoint.id)).toEqual([]);
      commit();
      await long;
      expect(await fedUntil(endpoint.id, 2)).toEqual(['feed 1', 'feed 2']);
    },
  );

  it.runIf(run)('never feeds an event whose transaction rolled back', async () => {
    const [, province] = th.seed.provinceIds;
    const endpoint = await create({
      orgId: province,
      url: 'http://127.0.0.1:9/never-swept',
      eventTypes: ['alert'],
    });
    await expect(
      th.hub.db.transaction().execute(async (trx) => {
        await alert(province, 3, share(trx));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await alert(province, 4);
    // Fed past both: event 4 committed after event 3's transaction ended.
    expect(await fedUntil(endpoint.id, 1)).toEqual(['feed 4']);
  });

  it.runIf(run)(
    'retries a failing endpoint on the schedule by the hub’s clock until dead, then replays it',
    async () => {
      await using receiver = await startWebhookReceiver(() => ({
        status: 500,
        body: `Внутренняя ошибка ${'x'.repeat(5_000)}`,
      }));
      const endpoint = await quietEndpoint(`${receiver.url}/down`);
      const message = await client.webhookEndpoints.sendTest(endpoint.id);
      expect(message).toMatchObject({ status: 'pending', attempts: 0, eventType: 'webhook.test' });
      const started = clock.now();
      await sweep();
      expect(await messageOf(endpoint.id, message.id)).toMatchObject({
        status: 'failing',
        attempts: 1,
        nextAttemptAt: new Date(started + SCHEDULE[0]!).toISOString(),
      });
      for (const [index, wait] of SCHEDULE.entries()) {
        clock.advance(wait - 1);
        await sweep(); // a millisecond early: not due
        expect((await messageOf(endpoint.id, message.id)).attempts).toBe(index + 1);
        clock.advance(1);
        await sweep();
        expect((await messageOf(endpoint.id, message.id)).attempts).toBe(index + 2);
      }
      const dead = await messageOf(endpoint.id, message.id);
      expect(dead).toMatchObject({ status: 'dead', attempts: 8, nextAttemptAt: null });
      clock.advance(48 * HOUR);
      await sweep();
      expect(receiver.received).toHaveLength(8);

      // The history, through the SDK: each try at its time, what the endpoint said, cut short.
      const { items: attempts } = await client.webhookEndpoints.attempts(endpoint.id, message.id);
      expect(attempts).toHaveLength(8);
      const times = attempts.map((a) => Date.parse(a.attemptedAt) - started);
      let at = 0;
      expect(times).toEqual([0, ...SCHEDULE.map((wait) => (at += wait))]);
      for (const attempt of attempts) {
        expect(attempt).toMatchObject({ statusCode: 500, error: null });
        expect(attempt.responseExcerpt).toHaveLength(1024);
        expect(attempt.responseExcerpt).toMatch(/^Внутренняя ошибка x+$/);
        expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
      }
      // Each try was signed afresh, with the same webhook-id.
      expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(
        new Set([message.eventId]),
      );
      expect(new Set(receiver.received.map((r) => r.headers['webhook-timestamp'])).size).toBe(8);

      receiver.answer(() => ({ status: 200, body: 'ok' }));
      const replayed = await client.webhookEndpoints.replay(endpoint.id, message.id);
      expect(replayed).toMatchObject({
        status: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(clock.now()).toISOString(),
      });
      // Still pending: a second replay is refused, and says why.
      const again = await client.webhookEndpoints.replay(endpoint.id, message.id).catch((e) => e);
      expect(again).toBeInstanceOf(SafenetApiError);
      expect(again).toMatchObject({ status: 409, code: 'webhook_message_not_replayable' });
      await sweep();
      expect(await messageOf(endpoint.id, message.id)).toMatchObject({
        status: 'delivered',
        attempts: 1,
        nextAttemptAt: null,
      });
      const last = receiver.received.at(-1) as ReceivedWebhook;
      expect(verifyAt(clock.now(), endpoint.secret, last)).toMatchObject({
        type: 'webhook.test',
        data: { endpointId: endpoint.id, orgId: th.seed.ministryId },
      });
      expect(last.headers['webhook-id']).toBe(message.eventId);
      const history = await client.webhookEndpoints.attempts(endpoint.id, message.id);
      expect(history.items.map((a) => a.statusCode)).toEqual([...Array(8).fill(500), 200]);
      expect(
        (await client.webhookEndpoints.messages(endpoint.id, { status: 'delivered' })).items,
      ).toEqual([expect.objectContaining({ id: message.id })]);
      expect(
        (await client.webhookEndpoints.messages(endpoint.id, { status: 'dead' })).items,
      ).toEqual([]);
    },
  );

  it.runIf(run)(
    'signs with both secrets for 24 hours after a rotation, then with the new one only',
    async () => {
      let oldSecret = '';
      // This receiver still knows only the old secret, as one that has not switched yet.
      await using receiver = await startWebhookReceiver((request) => {
        try {
          verifyAt(clock.now(), oldSecret, { ...request, status: 0 });
          return { status: 204 };
        } catch {
          return { status: 401, body: 'signature does not match' };
        }
      });
      const endpoint = await quietEndpoint(`${receiver.url}/rotating`);
      oldSecret = endpoint.secret;
      const rotatedAt = clock.now();
      const rotated = await client.webhookEndpoints.rotateSecret(endpoint.id);
      const newSecret = rotated.secret;
      expect(newSecret).not.toBe(oldSecret);
      expect(rotated.previousSecretExpiresAt).toBe(new Date(rotatedAt + 24 * HOUR).toISOString());
      expect(await client.webhookEndpoints.get(endpoint.id)).not.toHaveProperty('secret');

      clock.advance(24 * HOUR - 1);
      const during = await client.webhookEndpoints.sendTest(endpoint.id);
      await sweep();
      const signed = receiver.received.at(-1) as ReceivedWebhook;
      expect(String(signed.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifyAt(clock.now(), oldSecret, signed)).toMatchObject({ type: 'webhook.test' });
      expect(verifyAt(clock.now(), newSecret, signed)).toMatchObject({ type: 'webhook.test' });
      expect((await messageOf(endpoint.id, during.id)).status).toBe('delivered');

      clock.advance(1);
      const after = await client.webhookEndpoints.sendTest(endpoint.id);
      await sweep();
      const late = receiver.received.at(-1) as ReceivedWebhook;
      expect(String(late.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifyAt(clock.now(), newSecret, late)).toMatchObject({ type: 'webhook.test' });
      expect(() => verifyAt(clock.now(), oldSecret, late)).toThrow(WebhookVerificationError);
      expect(await messageOf(endpoint.id, after.id)).toMatchObject({ status: 'failing' });
      const { items } = await client.webhookEndpoints.attempts(endpoint.id, after.id);
      expect(items).toEqual([
        expect.objectContaining({ statusCode: 401, responseExcerpt: 'signature does not match' }),
      ]);
      // And a verifier a real clock drives refuses a request signed a day ahead of it.
      expect(() => verifyWebhook(newSecret, late.headers, late.body)).toThrow(/too new/);
    },
  );

  it.runIf(run)('delivers a message once when two sweeps race for it', async () => {
    await using receiver = await startWebhookReceiver();
    const endpoint = await quietEndpoint(`${receiver.url}/raced`);
    const message = await client.webhookEndpoints.sendTest(endpoint.id);
    // Both sweeps wait for each other at the barrier inside their claim, with the due rows
    // selected: one holds the row, the other skipped it.
    let arrived = 0;
    let release!: () => void;
    const all = new Promise<void>((resolve) => {
      release = resolve;
    });
    const interleave = async (at: SweepPoint) => {
      if (at !== 'sweep:selected') return;
      if (++arrived === 2) release();
      await all;
    };
    const claimed = await Promise.all([sweep({ interleave }), sweep({ interleave })]);
    expect(arrived).toBe(2);
    expect(claimed.sort()).toEqual([0, 1]);
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([message.eventId]);
    expect(await messageOf(endpoint.id, message.id)).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
    expect((await client.webhookEndpoints.attempts(endpoint.id, message.id)).items).toHaveLength(1);
  });

  it.runIf(run)('records a try that got no answer: a timeout, a refused connection', async () => {
    await using receiver = await startWebhookReceiver();
    receiver.hang('/silent');
    const silent = await quietEndpoint(`${receiver.url}/silent`);
    // A port nothing listens on any more.
    const closed = await startWebhookReceiver();
    const refusedUrl = `${closed.url}/gone`;
    await closed[Symbol.asyncDispose]();
    const refused = await quietEndpoint(refusedUrl);
    const [toSilent, toRefused] = await Promise.all(
      [silent, refused].map((e) => client.webhookEndpoints.sendTest(e.id)),
    );
    await sweep({ timeoutMs: 300 });
    const [silentTry] = (await client.webhookEndpoints.attempts(silent.id, toSilent!.id)).items;
    expect(silentTry).toMatchObject({
      statusCode: null,
      responseExcerpt: null,
      error: 'no answer within 0.3 s',
    });
    expect(silentTry?.durationMs).toBeGreaterThanOrEqual(290);
    const [refusedTry] = (await client.webhookEndpoints.attempts(refused.id, toRefused!.id)).items;
    expect(refusedTry).toMatchObject({
      statusCode: null,
      error: 'connection failed: ECONNREFUSED',
    });
    for (const [endpoint, message] of [
      [silent, toSilent],
      [refused, toRefused],
    ] as const) {
      expect(await messageOf(endpoint.id, message!.id)).toMatchObject({
        status: 'failing',
        nextAttemptAt: new Date(clock.now() + SCHEDULE[0]!).toISOString(),
      });
    }
  });

  it.runIf(run)(
    'refuses bad input with stable codes, and other subtrees’ endpoints are not there',
    async () => {
      const refusal = (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (e: unknown) => e,
        );
      const base = { orgId: th.seed.ministryId };
      for (const url of [
        'ftp://reports.example.kz/hook',
        'reports.example.kz/hook',
        'javascript:alert(1)',
        'https://u:p@a.kz/',
      ]) {
        expect(await refusal(client.webhookEndpoints.create({ ...base, url }))).toMatchObject({
          status: 400,
          code: 'webhook_url_invalid',
          errors: [expect.objectContaining({ path: 'body.url', code: 'webhook_url_invalid' })],
        });
      }
      const url = 'https://reports.example.kz/hook';
      const invalid = [
        { ...base, url, eventTypes: [] },
        { ...base, url, eventTypes: ['message'] },
        { ...base, url, secret: 'whsec_mine' },
      ] as unknown as WebhookEndpointInput[];
      for (const input of invalid) {
        expect(await refusal(client.webhookEndpoints.create(input))).toMatchObject({
          status: 400,
          code: 'validation_failed',
        });
      }
      const endpoint = await create({ ...base, url, eventTypes: ['alert'] });
      expect(
        await refusal(client.webhookEndpoints.update(endpoint.id, { url: 'mailto:x@a.kz' })),
      ).toMatchObject({ status: 400, code: 'webhook_url_invalid' });
      expect(
        await refusal(client.webhookEndpoints.messages(endpoint.id, { status: 'lost' as 'dead' })),
      ).toMatchObject({ status: 400, code: 'validation_failed' });
      expect(
        await refusal(client.webhookEndpoints.messages(endpoint.id, { cursor: 'not-a-cursor' })),
      ).toMatchObject({ status: 400, code: 'invalid_cursor' });

      // A province's admin: the ministry's endpoint does not exist for it.
      const [almatyId, dakLakId] = th.seed.provinceIds;
      const key = await client.apiKeys.create({
        orgId: almatyId,
        name: 'Almaty admin',
        scopes: ['admin'],
      });
      const { port } = th.hub.app.server.address() as AddressInfo;
      const almaty = new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: key.secret });
      for (const call of [
        () => almaty.webhookEndpoints.get(endpoint.id),
        () => almaty.webhookEndpoints.update(endpoint.id, { enabled: false }),
        () => almaty.webhookEndpoints.delete(endpoint.id),
        () => almaty.webhookEndpoints.rotateSecret(endpoint.id),
        () => almaty.webhookEndpoints.sendTest(endpoint.id),
        () => almaty.webhookEndpoints.messages(endpoint.id),
        () => almaty.webhookEndpoints.create({ orgId: dakLakId, url }),
      ]) {
        expect(await refusal(call())).toMatchObject({ status: 404, code: 'not_found' });
      }
      expect(await client.webhookEndpoints.get(endpoint.id)).toMatchObject({ enabled: true });
      expect((await almaty.webhookEndpoints.list()).items).toEqual([]);
      const own = await almaty.webhookEndpoints.create({ orgId: almatyId, url });
      made.push(own.id);
      // A message id of another endpoint is not this endpoint's.
      const message = await client.webhookEndpoints.sendTest(endpoint.id);
      expect(await refusal(client.webhookEndpoints.attempts(own.id, message.id))).toMatchObject({
        status: 404,
        code: 'not_found',
      });
      expect(await refusal(client.webhookEndpoints.replay(endpoint.id, message.id))).toMatchObject({
        status: 409,
        code: 'webhook_message_not_replayable',
      });
      // Deleting an endpoint deletes its messages.
      await client.webhookEndpoints.delete(endpoint.id);
      made.splice(made.indexOf(endpoint.id), 1);
      expect(await refusal(client.webhookEndpoints.message(endpoint.id, message.id))).toMatchObject(
        {
          status: 404,
          code: 'not_found',
        },
      );
      expect(await sweep()).toBe(0);
    },
  );
});
