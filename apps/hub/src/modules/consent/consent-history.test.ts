import type { Consent, ConsentEvent, Contact, Page } from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { share } from '../../platform/database/schema.js';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { signIn } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { applyInboundMessages } from '../inbound/index.js';
import { BY_CONTACT, mergeConsents, setConsent } from './consent.service.js';
import { createUnsubscribeLinks } from './unsubscribe-links.js';

const backends = await testBackends();

const consent = (status: 'granted' | 'revoked', at: string, source = 'parent meeting form') =>
  ({ status, source, at }) as const satisfies Consent;

describe.each(backends)('consent history on $name', ({ database, run }) => {
  let th: TestHub;
  let key: TestKey;
  /** The hub's clock runs this far ahead of the real one; tests move it. */
  let ahead = 0;
  const now = () => Date.now() + ahead;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now });
    key = await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['read', 'write']);
  });
  afterAll(() => th?.close());

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = key.headers,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function create(consents: object, phone?: string): Promise<Contact> {
    const res = await inject('POST', '/v1/contacts', {
      orgId: th.seed.schoolIds[0],
      role: 'parent',
      language: 'ru',
      addresses: { email: `parent-${crypto.randomUUID()}@example.kz`, ...(phone ? { phone } : {}) },
      consents,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Contact>();
  }

  async function history(id: string, query = ''): Promise<ConsentEvent[]> {
    const res = await inject('GET', `/v1/contacts/${id}/consent-history${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page<ConsentEvent>>().items;
  }
  const summary = (events: ConsentEvent[]) =>
    events.map((e) => `${e.channel} ${e.status} ${e.source} ${e.by.kind}`);

  it.runIf(run)('records each change through the API, newest first, with who acted', async () => {
    const created = await create({
      email: consent('granted', '2017-04-03T10:00:00+06:00'),
      sms: consent('granted', '2017-04-03T10:00:00+06:00'),
    });
    const first = await history(created.id);
    expect(first.map((e) => e.channel).sort()).toEqual(['email', 'sms']);
    for (const event of first) {
      expect(event).toMatchObject({
        contactId: created.id,
        status: 'granted',
        source: 'parent meeting form',
        at: '2017-04-03T04:00:00.000Z',
        by: { kind: 'key', id: key.id },
      });
      expect(Math.abs(Date.parse(event.recordedAt) - now())).toBeLessThan(60_000);
    }

    // A person signed in: the record names them. The hub's clock moved: recordedAt follows.
    ahead += 3_600_000;
    const editor = th.seed.users.find((u) => u.role === 'editor');
    expect(editor).toBeDefined();
    const session = await signIn(th.hub.app, editor?.email as string, th.seed.demoPassword);
    const patched = await inject(
      'PATCH',
      `/v1/contacts/${created.id}`,
      { consents: { sms: consent('revoked', '2017-04-12T09:00:00+06:00', 'phone call') } },
      session.headers,
    );
    expect(patched.statusCode, patched.body).toBe(200);
    const [latest, ...rest] = await history(created.id);
    expect(latest).toMatchObject({
      channel: 'sms',
      status: 'revoked',
      source: 'phone call',
      at: '2017-04-12T03:00:00.000Z',
      by: { kind: 'user', id: editor?.id },
    });
    expect(Math.abs(Date.parse(latest?.recordedAt as string) - now())).toBeLessThan(60_000);
    expect(rest).toEqual(first);

    // Older than the stored consent, or the same again: nothing changes, nothing is recorded.
    await inject('PATCH', `/v1/contacts/${created.id}`, {
      consents: { sms: consent('granted', '2017-04-05T10:00:00+06:00') },
    });
    await inject('PATCH', `/v1/contacts/${created.id}`, {
      consents: { sms: consent('revoked', '2017-04-12T09:00:00+06:00', 'phone call') },
    });
    expect(await history(created.id)).toHaveLength(3);

    // One channel, paged newest first.
    expect(summary(await history(created.id, '?channel=sms'))).toEqual([
      'sms revoked phone call user',
      'sms granted parent meeting form key',
    ]);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await inject(
        'GET',
        `/v1/contacts/${created.id}/consent-history?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      const page = res.json<Page<ConsentEvent>>();
      expect(page.items).toHaveLength(1);
      pages.push(page.items[0]?.id as string);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual((await history(created.id)).map((e) => e.id));
  });

  it.runIf(run)('records bulk upserts, once per changed channel', async () => {
    const ref = `history-bulk-${crypto.randomUUID()}`;
    const item = (consents: object) => ({
      orgId: th.seed.schoolIds[0],
      externalRef: ref,
      role: 'parent',
      language: 'kk',
      consents,
    });
    const bulk = async (consents: object) => {
      const res = await inject('POST', '/v1/contacts/bulk', { contacts: [item(consents)] });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: { id: string }[] }>().items[0]?.id as string;
    };
    const id = await bulk({ whatsapp: consent('granted', '2017-04-03T10:00:00Z') });
    await bulk({
      whatsapp: consent('granted', '2017-04-03T10:00:00Z'),
      email: consent('granted', '2017-04-04T10:00:00Z', 'import'),
    });
    expect(summary(await history(id))).toEqual([
      'email granted import key',
      'whatsapp granted parent meeting form key',
    ]);
  });

  it.runIf(run)('records the unsubscribe page and STOP replies as the contact’s', async () => {
    const contact = await create(
      {
        email: consent('granted', '2017-04-03T10:00:00Z'),
        sms: consent('granted', '2017-04-03T10:00:00Z'),
      },
      '+77019998877',
    );
    const links = await createUnsubscribeLinks(share(th.hub.db), loadConfig(th.env));
    const res = await th.hub.app.inject({
      method: 'POST',
      url: `/v1/unsubscribe/${links.tokenFor(contact.id, 'email')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode, res.body).toBe(200);
    await applyInboundMessages({ db: share(th.hub.db) }, 'sms', [
      {
        from: '+77019998877',
        body: 'СТОП',
        at: new Date(now()),
        providerMessageId: `stop-${crypto.randomUUID()}`,
      },
    ]);
    const [stop, unsubscribed] = await history(contact.id);
    expect(stop).toMatchObject({
      channel: 'sms',
      status: 'revoked',
      source: 'STOP reply on sms',
      by: { kind: 'contact', id: null },
    });
    expect(unsubscribed).toMatchObject({
      channel: 'email',
      status: 'revoked',
      source: 'one-click unsubscribe (RFC 8058)',
      by: { kind: 'contact', id: null },
    });
  });

  it.runIf(run)('writes a change and its record together, or neither', async () => {
    const contact = await create({ email: consent('granted', '2017-04-03T10:00:00Z') });
    const db = th.hub.db;
    const which = sql<boolean>`contacts.id = ${contact.id}::uuid`;
    const stored = async () =>
      (await inject('GET', `/v1/contacts/${contact.id}`)).json<Contact>().consents;
    const before = await stored();

    // The record cannot be written: the change is not either.
    await sql`ALTER TABLE consent_events ADD CONSTRAINT test_poison CHECK (source <> 'poison')`.execute(
      db,
    );
    try {
      const poison = consent('revoked', '2017-04-20T10:00:00Z', 'poison');
      await expect(
        setConsent({ db: share(db) }, which, 'email', poison, BY_CONTACT),
      ).rejects.toThrow(/test_poison/);
      await expect(
        mergeConsents(
          { db: share(db) },
          [{ contactId: contact.id, consents: { email: poison, sms: poison } }],
          BY_CONTACT,
        ),
      ).rejects.toThrow(/test_poison/);
      const res = await inject('PATCH', `/v1/contacts/${contact.id}`, {
        consents: { sms: consent('granted', '2017-04-20T10:00:00Z', 'poison') },
      });
      expect(res.statusCode).toBe(500);
      expect(await stored()).toEqual(before);
    } finally {
      await sql`ALTER TABLE consent_events DROP CONSTRAINT test_poison`.execute(db);
    }

    // The change rolled back with the caller's transaction: its record goes with it.
    await expect(
      db.transaction().execute(async (trx) => {
        const changed = await setConsent(
          { db: share(trx) },
          which,
          'email',
          consent('revoked', '2017-04-21T10:00:00Z', 'rolled back'),
          BY_CONTACT,
        );
        expect(changed).toBe(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await stored()).toEqual(before);
    expect(await history(contact.id)).toHaveLength(1);
  });

  it.runIf(run)(
    'keeps the history in the contact’s subtree and erases it with the contact',
    async () => {
      const contact = await create({ email: consent('granted', '2017-04-03T10:00:00Z') });
      const other = await createKey(th.hub.app, th.auth, th.seed.schoolIds[1], ['read']);
      expectProblem(
        await inject('GET', `/v1/contacts/${contact.id}/consent-history`, undefined, other.headers),
        404,
        'not_found',
      );
      expectProblem(
        await inject('GET', `/v1/contacts/${contact.id}/consent-history?channel=fax`),
        400,
        'validation_failed',
      );
      expectProblem(
        await inject('GET', `/v1/contacts/${contact.id}/consent-history?cursor=nope`),
        400,
        'invalid_cursor',
      );
      // The ministry's admin key reads it: its subtree holds the school.
      const admin = await inject(
        'GET',
        `/v1/contacts/${contact.id}/consent-history`,
        undefined,
        th.auth,
      );
      expect(admin.json<Page<ConsentEvent>>().items).toHaveLength(1);

      expect((await inject('DELETE', `/v1/contacts/${contact.id}`)).statusCode).toBe(204);
      const left = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM consent_events WHERE contact_id = ${contact.id}::uuid
    `.execute(th.hub.db);
      expect(left.rows[0]?.n).toBe(0);
      expectProblem(
        await inject('GET', `/v1/contacts/${contact.id}/consent-history`),
        404,
        'not_found',
      );
    },
  );
});
