import { Writable } from 'node:stream';
import type { Broadcast, BroadcastProgress, Contact, Erasure, Page } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { queueSchema } from '../../platform/queue/boss.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { seedParents } from '../../testing/parents-fixture.js';
import { dumpTables } from '../../testing/table-dump.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { applyWebhookEvents } from '../delivery/index.js';
import { feedWebhookMessages } from '../endpoints/index.js';

// Erasure of a contact on request (issue 14): a parent with distinctive addresses is sent a
// broadcast by SMS and email, replies STOP, is searched for, shows up in events and webhook
// messages — then is erased. Afterwards every table of the hub's schema and of its queue's is
// dumped and scanned, and so is every log line the hub wrote: no phone (E.164 or digits), no
// email, no WhatsApp number, no name.

const backends = await testBackends();

const PHONE = '+77015550199';
const WHATSAPP = '+77015550288';
const EMAIL = 'zhanargul.erasureprobe@example.org';
const NAME = 'Zhanargul Erasureprobe';
/** Every form the person's data may take in a dump or a log line. */
const NEEDLES = [PHONE, PHONE.slice(1), WHATSAPP, WHATSAPP.slice(1), EMAIL, NAME];

/** The tables (and log) whose text holds any of {@link NEEDLES}, with the needles found. */
function hits(texts: Map<string, string>): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const [where, text] of texts) {
    const needles = NEEDLES.filter((needle) => text.includes(needle));
    if (needles.length > 0) found[where] = needles;
  }
  return found;
}

describe.each(backends)('erasing a contact on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: TestDispatchDeps;
  const lines: string[] = [];
  let orgId: string;
  let segmentId: string;

  beforeAll(async () => {
    if (!run) return;
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    th = await startTestHub({
      workers: false,
      database,
      logStream: capture,
      env: { LOG_LEVEL: 'trace' },
    });
    deps = await testDispatchDeps(th, { throwErrors: true });
    ({ orgId, segmentId } = await seedParents(th, {
      name: 'Erasure association',
      count: 2,
      phonePrefix: '8',
      email: true,
    }));
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    th.hub.app.inject({
      method,
      url,
      headers: th.auth,
      ...(payload ? { payload } : {}),
    });

  it.runIf(run)(
    'leaves no phone, email, WhatsApp number or name in any table or log line, and keeps the counts',
    async () => {
      const consent = {
        status: 'granted',
        source: 'parent meeting form',
        at: '2017-04-03T10:00:00+06:00',
      };
      // Created with an idempotency key: the stored response holds the contact, addresses and all.
      const created = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/contacts',
        headers: { ...th.auth, 'idempotency-key': 'erasure-probe-create' },
        payload: {
          orgId,
          externalRef: 'erasure-probe',
          displayName: NAME,
          role: 'parent',
          language: 'en',
          addresses: { phone: PHONE, email: EMAIL, whatsapp: WHATSAPP },
          consents: { sms: consent, email: consent, whatsapp: consent, websocket: consent },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const contact = created.json<Contact>();
      // An endpoint, so the event log is copied into webhook messages too.
      const endpoint = await inject('POST', '/v1/webhook-endpoints', {
        orgId,
        url: 'https://hooks.example.org/safenet',
      });
      expect(endpoint.statusCode, endpoint.body).toBe(201);

      // Broadcasts by SMS, by email and in the app (a broadcast's channels are a fallback
      // order, so three), sent through the real send worker: SMS and email are captured in the
      // outbox, in-app messages are events. Two name the parent in their text.
      const broadcasts: Broadcast[] = [];
      const texts = {
        sms: `${NAME}, parent meeting on Friday`,
        email: 'Parent meeting on Friday at school No. 12',
        websocket: `Dear ${NAME}: the meeting moved to room 4`,
      };
      for (const [channel, text] of Object.entries(texts)) {
        const res = await inject('POST', '/v1/broadcasts', {
          orgId,
          segmentId,
          channels: [channel],
          content: { body: { en: text } },
        });
        expect(res.statusCode, res.body).toBe(202);
        broadcasts.push(res.json<Broadcast>());
        await expandBroadcast(deps.expand, res.json<Broadcast>().id);
      }
      await drainSendQueues(deps);
      // The parent replies STOP by SMS: an inbound message from the phone.
      await applyWebhookEvents(deps, 'sms', {
        statuses: [],
        inbound: [
          { from: PHONE, body: 'STOP', providerMessageId: 'SMerasureprobe', at: new Date() },
        ],
      });
      // Someone looks the parent up by phone (the URL is logged, masked).
      expect((await inject('GET', `/v1/contacts?q=${encodeURIComponent(PHONE)}`)).statusCode).toBe(
        200,
      );
      await deps.progress.flush();
      await feedWebhookMessages({ db: share(th.hub.db), now: Date.now });

      const schemas = [th.hub.store.schema, queueSchema(th.hub.store)];
      const before = hits(await dumpTables(th, schemas));
      // The scan sees the person where the hub put them: the contact, the captured messages,
      // the stored response of the create.
      expect(Object.keys(before)).toEqual(
        expect.arrayContaining([
          `${th.hub.store.schema}.contacts`,
          `${th.hub.store.schema}.outbox_messages`,
          `${th.hub.store.schema}.idempotency_keys`,
          `${th.hub.store.schema}.broadcasts`,
          `${th.hub.store.schema}.events`,
        ]),
      );
      const deliveries = async () =>
        (
          await th.hub.db
            .selectFrom('deliveries')
            .select(['contact_id', 'channel', 'status'])
            .where(
              'broadcast_id',
              'in',
              broadcasts.map((b) => b.id),
            )
            .orderBy('contact_id')
            .orderBy('channel')
            .execute()
        ).map((d) => `${d.contact_id}/${d.channel}/${d.status}`);
      const deliveriesBefore = await deliveries();
      expect(deliveriesBefore.filter((d) => d.startsWith(contact.id))).toHaveLength(3);
      const progress = async () =>
        Promise.all(
          broadcasts.map(async (b) =>
            (await inject('GET', `/v1/broadcasts/${b.id}/progress`)).json<BroadcastProgress>(),
          ),
        );
      const progressBefore = await progress();

      const erased = await inject('POST', `/v1/contacts/${contact.id}/erase`);
      expect(erased.statusCode, erased.body).toBe(200);
      const erasure = erased.json<Erasure>();
      expect(erasure).toMatchObject({ contactId: contact.id, orgId });
      expect(erasure.rowsScrubbed).toBeGreaterThanOrEqual(3);

      const dump = await dumpTables(th, schemas);
      const logText = new Map([['log', lines.join('\n')]]);
      expect(lines.length).toBeGreaterThan(10);
      expect(hits(dump)).toEqual({});
      expect(hits(logText)).toEqual({});
      // Nothing is left of the contact; its deliveries and the broadcast's counts are.
      expectProblem(await inject('GET', `/v1/contacts/${contact.id}`), 404, 'not_found');
      expect(await deliveries()).toEqual(deliveriesBefore);
      expect(await progress()).toEqual(progressBefore);
      // The captured copies are still there, addressed to the placeholder and without text.
      const copies = await th.hub.db
        .selectFrom('outbox_messages')
        .select(['recipient', 'body'])
        .where('recipient', '=', `erased:${erasure.id}`)
        .execute();
      expect(copies).toEqual([
        { recipient: `erased:${erasure.id}`, body: '' },
        { recipient: `erased:${erasure.id}`, body: '' },
      ]);
      // The record of it, listed for admins, holds no personal data.
      const listed = (await inject('GET', '/v1/erasures')).json<Page<Erasure>>();
      expect(listed.items[0]).toEqual(erasure);
      expect(hits(new Map([['record', JSON.stringify(listed)]]))).toEqual({});
      // Erased once: a second erasure finds no contact.
      expectProblem(await inject('POST', `/v1/contacts/${contact.id}/erase`), 404, 'not_found');
      // The other parents of the broadcast keep their messages.
      expect(dump.get(`${th.hub.store.schema}.outbox_messages`)).toContain('parent-0@example.org');
    },
  );

  it.runIf(run)('makes a plain DELETE the same erasure, recorded alike', async () => {
    const created = await inject('POST', '/v1/contacts', {
      orgId,
      externalRef: 'deleted-probe',
      role: 'parent',
      language: 'en',
      addresses: { phone: '+77015550377' },
    });
    const contact = created.json<Contact>();
    const deleted = await inject('DELETE', `/v1/contacts/${contact.id}`);
    expect(deleted.statusCode, deleted.body).toBe(204);
    const listed = (await inject('GET', '/v1/erasures')).json<Page<Erasure>>();
    expect(listed.items[0]).toMatchObject({ contactId: contact.id, orgId, rowsScrubbed: 1 });
    expectProblem(await inject('DELETE', `/v1/contacts/${contact.id}`), 404, 'not_found');
  });

  it.runIf(run)(
    'answers 404 outside the caller’s subtree and 403 without the admin scope',
    async () => {
      const created = await inject('POST', '/v1/contacts', {
        orgId,
        externalRef: 'scoped-probe',
        role: 'parent',
        language: 'en',
        addresses: { phone: '+77015550466' },
      });
      const contact = created.json<Contact>();
      const keyOf = async (scopes: string[], keyOrg: string) => {
        const res = await inject('POST', '/v1/api-keys', {
          orgId: keyOrg,
          name: scopes.join('+'),
          scopes,
        });
        expect(res.statusCode, res.body).toBe(201);
        return { authorization: `Bearer ${res.json<{ secret: string }>().secret}` };
      };
      // An admin of a sibling organisation: the contact is not theirs.
      const sibling = await inject('POST', '/v1/organisations', {
        parentId: th.seed.ministryId,
        kind: 'association',
        name: 'Sibling association',
      });
      const siblingAdmin = await keyOf(
        ['read', 'write', 'admin'],
        sibling.json<{ id: string }>().id,
      );
      const post = (headers: Record<string, string>) =>
        th.hub.app.inject({ method: 'POST', url: `/v1/contacts/${contact.id}/erase`, headers });
      expectProblem(await post(siblingAdmin), 404, 'not_found');
      expectProblem(await post(await keyOf(['read', 'write'], orgId)), 403, 'insufficient_scope');
      // Still there for its own organisation.
      expect((await inject('GET', `/v1/contacts/${contact.id}`)).statusCode).toBe(200);
      const sawIt = await th.hub.app.inject({
        method: 'GET',
        url: '/v1/erasures',
        headers: siblingAdmin,
      });
      expect(sawIt.json<Page<Erasure>>().items).toEqual([]);
    },
  );
});
