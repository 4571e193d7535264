import {
  type Broadcast,
  type BroadcastInput,
  type Channel,
  isReachable,
  matchesSegment,
  type SegmentQuery,
  type StreamEvent,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { share } from '../../platform/database/schema.js';
import { eventually } from '../../testing/eventually.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { countSegment, toContact } from '../contacts/index.js';
import { readProgress } from './progress.js';

const backends = await testBackends();

describe.each(backends)(
  'dispatch on $name (workers on, expansion in chunks of 10)',
  ({ database, run }) => {
    let th: TestHub;
    const events: StreamEvent[] = [];

    beforeAll(async () => {
      if (!run) return;
      th = await startTestHub({ database, env: { SAFENET_EXPAND_CHUNK: '10' } });
      th.hub.bus.subscribe(th.seed.ministryId, ({ event }) => events.push(event));
    });

    afterAll(async () => {
      await th?.close();
    });

    const create = async (input: BroadcastInput): Promise<Broadcast> => {
      const res = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: th.auth,
        payload: input,
      });
      expect(res.statusCode, res.body).toBe(202);
      return res.json<Broadcast>();
    };

    const completion = (broadcastId: string) =>
      eventually(
        () => readProgress(share(th.hub.db), broadcastId),
        (progress) => progress.status === 'completed',
        `broadcast ${broadcastId}`,
      );

    /** The contacts a segment selects under the ministry, by core's matcher. */
    const segmentContacts = async (segmentId: string) => {
      const { db } = th.hub;
      const segment = await db
        .selectFrom('segments')
        .selectAll()
        .where('id', '=', segmentId)
        .executeTakeFirstOrThrow();
      const query = segment.query as SegmentQuery;
      const rows = await db.selectFrom('contacts').selectAll().execute();
      const contacts = rows
        .map(toContact)
        .filter((c) => c.orgPath.includes(th.seed.ministryId) && matchesSegment(c, query));
      const counted = await countSegment(share(db), th.seed.ministryId, query);
      expect(counted.total).toBe(contacts.length);
      return new Map(contacts.map((c) => [c.id, c]));
    };

    const deliveriesOf = (broadcastId: string) =>
      th.hub.db
        .selectFrom('deliveries')
        .selectAll()
        .where('broadcast_id', '=', broadcastId)
        .execute();

    it.runIf(run)(
      'sends over email and websocket without SMTP: captured, sent, or suppressed when unreachable',
      async () => {
        expect(loadConfig(th.env).dispatch.expandChunk).toBe(10);
        const channels: Channel[] = ['email', 'websocket'];
        const broadcast = await create({
          orgId: th.seed.ministryId,
          segmentId: th.seed.segmentIds.allParents,
          channels,
          content: { recommendationId: th.seed.recommendationIds[0] as string },
          variables: { hotline: '111' },
        });
        expect(broadcast.status).toBe('queued');
        const progress = await completion(broadcast.id);

        const contacts = await segmentContacts(th.seed.segmentIds.allParents);
        expect(contacts.size).toBeGreaterThan(100);
        const deliveries = await deliveriesOf(broadcast.id);
        // Every recipient planned exactly once, across all the chunks.
        expect(deliveries).toHaveLength(contacts.size);
        expect(new Set(deliveries.map((d) => d.contact_id))).toEqual(new Set(contacts.keys()));
        expect(progress.expanded).toBe(true);
        expect(progress.total).toBe(contacts.size);
        expect(Object.values(progress.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(
          contacts.size,
        );

        for (const delivery of deliveries) {
          const contact = contacts.get(delivery.contact_id);
          if (!contact) throw new Error(`delivery for unknown contact ${delivery.contact_id}`);
          const channel = channels.find((c) => isReachable(contact, c));
          const expected =
            channel === 'email'
              ? { channel, status: 'captured', reason: null, attempts: 1 }
              : channel === 'websocket'
                ? { channel, status: 'sent', reason: null, attempts: 1 }
                : // Demo contacts have every address: what they lack is consent.
                  { channel: 'email', status: 'suppressed', reason: 'no_consent', attempts: 0 };
          expect(delivery, `contact ${contact.id}`).toMatchObject({
            ...expected,
            language: contact.language,
          });
          if (channel === 'websocket') expect(delivery.provider_message_id).toBe(delivery.id);
        }
        const counts = progress.counts;
        expect(counts.captured).toBeGreaterThan(0);
        expect(counts.sent).toBeGreaterThan(0);
        expect(counts.suppressed).toBeGreaterThan(0);

        // One outbox message per captured email, to the contact's address, in their language.
        const captured = deliveries.filter((d) => d.status === 'captured');
        const outbox = await th.hub.db
          .selectFrom('outbox_messages')
          .selectAll()
          .where(
            'delivery_id',
            'in',
            captured.map((d) => d.id),
          )
          .execute();
        expect(outbox).toHaveLength(captured.length);
        for (const message of outbox) {
          const delivery = captured.find((d) => d.id === message.delivery_id);
          const contact = contacts.get(delivery?.contact_id ?? '');
          expect(message).toMatchObject({
            channel: 'email',
            recipient: contact?.addresses.email,
            language: contact?.language,
          });
          expect(message.body).toContain('111');
          expect(message.subject).toBeTruthy();
        }

        // Each in-app delivery went out on the event bus once.
        const inApp = events.filter(
          (e) => e.type === 'message' && e.data.broadcastId === broadcast.id,
        );
        const websocket = deliveries.filter((d) => d.channel === 'websocket');
        expect(inApp.map((e) => (e.type === 'message' ? e.data.deliveryId : '')).sort()).toEqual(
          websocket.map((d) => d.id).sort(),
        );
      },
    );

    it.runIf(run)(
      'suppresses recipients whose language and fallbacks the content does not cover',
      async () => {
        const broadcast = await create({
          orgId: th.seed.ministryId,
          segmentId: th.seed.segmentIds.allParents,
          channels: ['email'],
          content: {
            title: { vi: 'Chỉ bằng tiếng Việt' },
            body: { vi: 'Nội dung này chỉ có bằng tiếng Việt.' },
          },
        });
        await completion(broadcast.id);
        const contacts = await segmentContacts(th.seed.segmentIds.allParents);
        const deliveries = await deliveriesOf(broadcast.id);
        expect(deliveries).toHaveLength(contacts.size);
        const outcomes = new Set<string>();
        for (const delivery of deliveries) {
          const contact = contacts.get(delivery.contact_id);
          if (!contact) throw new Error(`delivery for unknown contact ${delivery.contact_id}`);
          const expected = !isReachable(contact, 'email')
            ? { status: 'suppressed', reason: 'no_consent' }
            : contact.language === 'vi'
              ? { status: 'captured', reason: null }
              : { status: 'suppressed', reason: 'no_content_in_language' };
          expect(delivery, `contact ${contact.id} (${contact.language})`).toMatchObject(expected);
          outcomes.add(`${expected.status}/${expected.reason}`);
        }
        expect(outcomes).toEqual(
          new Set(['suppressed/no_consent', 'captured/null', 'suppressed/no_content_in_language']),
        );
      },
    );

    it.runIf(run)(
      'keeps a broadcast scheduled an hour ahead untouched while others run, and cancels it once',
      async () => {
        const scheduled = await create({
          orgId: th.seed.ministryId,
          segmentId: th.seed.segmentIds.allParents,
          channels: ['email'],
          content: { recommendationId: th.seed.recommendationIds[1] as string },
          sendAt: new Date(Date.now() + 3_600_000).toISOString(),
        });
        expect(scheduled.status).toBe('scheduled');
        // The workers are demonstrably running: a broadcast created after it completes.
        const now = await create({
          orgId: th.seed.ministryId,
          segmentId: th.seed.segmentIds.vietnameseParents,
          channels: ['email'],
          content: { recommendationId: th.seed.recommendationIds[1] as string },
        });
        await completion(now.id);

        expect(await readProgress(share(th.hub.db), scheduled.id)).toEqual({
          broadcastId: scheduled.id,
          status: 'scheduled',
          expanded: false,
          total: 0,
          recipients: 0,
          fallbacks: 0,
          deferred: 0,
          counts: {},
          channels: {},
        });

        const cancel = () =>
          th.hub.app.inject({
            method: 'POST',
            url: `/v1/broadcasts/${scheduled.id}/cancel`,
            headers: th.auth,
          });
        const first = await cancel();
        expect(first.statusCode, first.body).toBe(200);
        expect(first.json<Broadcast>().status).toBe('cancelled');
        expectProblem(await cancel(), 409, 'broadcast_not_cancellable');
        // A completed broadcast cannot be cancelled either.
        const late = await th.hub.app.inject({
          method: 'POST',
          url: `/v1/broadcasts/${now.id}/cancel`,
          headers: th.auth,
        });
        expectProblem(late, 409, 'broadcast_not_cancellable');
      },
    );
  },
);
