import type { Contact, ContactBulkResult, Page } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, listAll } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

let th: TestHub;
let app: FastifyInstance;
let school: string;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
  school = th.seed.schoolIds[0];
});
afterAll(() => th?.close());

const signedUp = (at: string) => ({ status: 'granted', source: 'parent meeting form', at });

const request = (method: 'GET' | 'PATCH' | 'DELETE', id: string, payload?: object) =>
  app.inject({
    method,
    url: `/v1/contacts/${id}`,
    headers: th.auth,
    ...(payload ? { payload } : {}),
  });

async function create(payload: object): Promise<Contact> {
  const res = await app.inject({ method: 'POST', url: '/v1/contacts', headers: th.auth, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Contact>();
}

describe('contacts', () => {
  it('creates, reads, patches and deletes a contact', async () => {
    const created = await create({
      orgId: school,
      externalRef: 'talgar-parent-1',
      role: 'parent',
      language: 'KK',
      childAgeBands: [{ min: 6, max: 10 }],
      addresses: { phone: '+7 701 234 56 78', email: 'aigerim@example.kz' },
      consents: { whatsapp: signedUp('2017-04-03T10:00:00+06:00') },
    });
    expect(created).toMatchObject({
      orgId: school,
      orgPath: [th.seed.ministryId, th.seed.provinceIds[0], th.seed.districtId, school],
      language: 'kk', // normalised
      timeZone: 'Asia/Almaty', // the school's
      addresses: { phone: '+77012345678', email: 'aigerim@example.kz' },
    });
    expect((await request('GET', created.id)).json()).toEqual(created);

    const patched = await request('PATCH', created.id, {
      addresses: { email: 'aigerim.s@example.kz', whatsapp: '+77012345678' },
      consents: { sms: signedUp('2017-04-10T09:00:00+06:00') },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = patched.json<Contact>();
    // Addresses merge per field, consents per channel: nothing given is lost.
    expect(after.addresses).toEqual({
      phone: '+77012345678',
      email: 'aigerim.s@example.kz',
      whatsapp: '+77012345678',
    });
    expect(after.consents).toEqual({
      whatsapp: signedUp('2017-04-03T10:00:00+06:00'),
      sms: signedUp('2017-04-10T09:00:00+06:00'),
    });
    expect(after.childAgeBands).toEqual([{ min: 6, max: 10 }]);
    expect((await request('GET', created.id)).json()).toEqual(after);

    const revoked = { status: 'revoked', source: 'STOP reply', at: '2017-04-12T18:00:00+06:00' };
    const withdrawn = await request('PATCH', created.id, { consents: { whatsapp: revoked } });
    expect(withdrawn.json<Contact>().consents).toEqual({ ...after.consents, whatsapp: revoked });

    expect((await request('DELETE', created.id)).statusCode).toBe(204);
    expectProblem(await request('GET', created.id), 404, 'not_found', new RegExp(created.id));
    expectProblem(await request('DELETE', created.id), 404, 'not_found');
    expectProblem(await request('PATCH', created.id, { displayName: 'x' }), 404, 'not_found');
  });

  it('answers 409 conflict to an externalRef taken in the organisation', async () => {
    const payload = {
      orgId: school,
      externalRef: 'talgar-parent-2',
      role: 'parent',
      language: 'ru',
    };
    await create(payload);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: th.auth,
      payload,
    });
    expectProblem(
      res,
      409,
      'conflict',
      /externalRef "talgar-parent-2" already exists.*bulk to upsert/,
    );
    // Another organisation may use the same reference.
    await create({ ...payload, orgId: th.seed.associationId });
  });
});

describe('POST /v1/contacts/bulk', () => {
  const bulk = (contacts: object[]) =>
    app.inject({
      method: 'POST',
      url: '/v1/contacts/bulk',
      headers: th.auth,
      payload: { contacts },
    });
  const row = (n: number, fields: object = {}) => ({
    orgId: school,
    externalRef: `talgar-import-${n}`,
    role: 'parent',
    language: 'kk',
    addresses: { whatsapp: `+7701555000${n}` },
    consents: { whatsapp: signedUp('2017-04-03T10:00:00+06:00') },
    ...fields,
  });

  it('creates, then updates by externalRef, reporting which is which', async () => {
    const first = await bulk([row(1), row(2), row(3)]);
    expect(first.statusCode, first.body).toBe(200);
    const created = first.json<ContactBulkResult>();
    expect(created).toMatchObject({ created: 3, updated: 0 });
    expect(created.items.map((i) => [i.externalRef, i.created])).toEqual([
      ['talgar-import-1', true],
      ['talgar-import-2', true],
      ['talgar-import-3', true],
    ]);

    const emailConsent = { email: signedUp('2017-04-11T10:00:00+06:00') };
    const second = await bulk([
      row(2, { language: 'ru', addresses: { email: 'p2@example.kz' }, consents: emailConsent }),
      row(4),
      row(3),
    ]);
    expect(second.statusCode, second.body).toBe(200);
    const updated = second.json<ContactBulkResult>();
    expect(updated).toMatchObject({ created: 1, updated: 2 });
    const byRef = new Map(updated.items.map((i) => [i.externalRef, i]));
    expect(byRef.get('talgar-import-4')?.created).toBe(true);
    expect(byRef.get('talgar-import-2')).toEqual({
      externalRef: 'talgar-import-2',
      id: created.items[1]?.id,
      created: false,
    });

    const two = (await request('GET', created.items[1]?.id as string)).json<Contact>();
    expect(two.language).toBe('ru');
    expect(two.addresses).toEqual({ email: 'p2@example.kz' }); // a full replacement…
    expect(Object.keys(two.consents).sort()).toEqual(['email', 'whatsapp']); // …but consents merge
  });
});

const list = (query: string) =>
  app.inject({ method: 'GET', url: `/v1/contacts?${query}`, headers: th.auth });

describe('pagination', () => {
  it('walks every contact exactly once, 7 at a time', async () => {
    const ids: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page: Page<Contact> = res.json();
      ids.push(...page.items.map((c) => c.id));
      sizes.push(page.items.length);
      cursor = page.nextCursor;
    } while (cursor !== null && sizes.length <= 100);
    expect(cursor).toBeNull();
    const all = await listAll<Contact>(app, th.auth, '/v1/contacts');
    expect(all.length).toBeGreaterThanOrEqual(th.seed.contactCount);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all.map((c) => c.id)); // each once, in the same order
    expect(sizes.slice(0, -1).every((size) => size === 7)).toBe(true);
    expect(sizes.at(-1)).toBe(all.length % 7 || 7);
  });

  it('answers nextCursor null on a last page that is exactly full, not an empty page after', async () => {
    const school = `orgId=${th.seed.schoolIds[1]}`; // no test here adds to it
    const all = await listAll<Contact>(app, th.auth, `/v1/contacts?${school}`);
    expect(all.length).toBeGreaterThan(1);
    const one: Page<Contact> = (await list(`${school}&limit=${all.length}`)).json();
    expect(one.items).toHaveLength(all.length);
    expect(one.nextCursor).toBeNull();
  });

  it.each([
    ['not base64 of an id', 'not-a-cursor'],
    ['a cursor of a different shape', Buffer.from('42').toString('base64url')],
  ])('answers 400 invalid_cursor to %s', async (_, cursor) => {
    const res = await list(`cursor=${encodeURIComponent(cursor)}`);
    expectProblem(res, 400, 'invalid_cursor', /pass nextCursor from the previous page/);
  });

  it.each([
    ['0', />=1/],
    ['501', /<=500/],
    ['ten', /expected number/],
  ])('answers 400 validation_failed to limit=%s', async (limit, message) => {
    const problem = expectProblem(await list(`limit=${limit}`), 400, 'validation_failed', /limit/);
    expect(problem.errors).toEqual([
      expect.objectContaining({
        path: 'querystring.limit',
        message: expect.stringMatching(message),
      }),
    ]);
  });
});
