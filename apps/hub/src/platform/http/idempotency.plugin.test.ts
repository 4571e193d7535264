import type { Contact } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHeaders, createKey, expectProblem, listAll } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

let th: TestHub;
let app: FastifyInstance;
let association: string;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
  association = th.seed.associationId;
});
afterAll(() => th?.close());

/** Contacts without externalRef may repeat, so a request run twice would show as two. */
const parent = (displayName: string) => ({
  orgId: association,
  displayName,
  role: 'parent',
  language: 'ru',
});

const createContact = (key: string, payload: object, headers: AuthHeaders = th.auth) =>
  app.inject({
    method: 'POST',
    url: '/v1/contacts',
    headers: { ...headers, 'idempotency-key': key },
    payload,
  });

const named = async (displayName: string) =>
  (await listAll<Contact>(app, th.auth, `/v1/contacts?orgId=${association}`)).filter(
    (c) => c.displayName === displayName,
  );

describe('Idempotency-Key', () => {
  it('replays the first answer to the same key and body, creating one record', async () => {
    const first = await createContact('create-aigul', parent('Aigul'));
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await createContact('create-aigul', parent('Aigul'));
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.json()).toEqual(first.json());
    expect(await named('Aigul')).toHaveLength(1);
  });

  it('refuses the same key with another body, writing nothing', async () => {
    expect((await createContact('create-bolat', parent('Bolat'))).statusCode).toBe(201);
    const other = await createContact('create-bolat', parent('Dana'));
    expectProblem(other, 422, 'idempotency_key_reused', /use a new key/);
    expect(await named('Dana')).toHaveLength(0);
    expect(await named('Bolat')).toHaveLength(1);
  });

  it('keeps keys per API key: another key may use the same string', async () => {
    const other = await createKey(app, th.auth, association, ['write']);
    const first = await createContact('create-erlan', parent('Erlan'));
    const second = await createContact('create-erlan', parent('Erlan'), other.headers);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.json<Contact>().id).not.toBe(first.json<Contact>().id);
    expect(await named('Erlan')).toHaveLength(2);
  });

  it('replays a 4xx answer too, even once its cause is gone', async () => {
    const taken = { ...parent('Gulnara'), externalRef: 'assoc-gulnara' };
    const original = await app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: th.auth,
      payload: taken,
    });
    expect(original.statusCode).toBe(201);
    const conflict = await createContact('create-gulnara', taken);
    expectProblem(conflict, 409, 'conflict', /already exists/);

    const removed = await app.inject({
      method: 'DELETE',
      url: `/v1/contacts/${original.json<Contact>().id}`,
      headers: th.auth,
    });
    expect(removed.statusCode).toBe(204);
    // Run again, the request would now succeed; replayed, it answers what it answered.
    const replay = await createContact('create-gulnara', taken);
    expectProblem(replay, 409, 'conflict');
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(conflict.json());
    expect(await named('Gulnara')).toHaveLength(0);
  });

  it.each([
    ['longer than 200 characters', 'k'.repeat(300)],
    ['with a space', 'two words'],
  ])('answers 400 to a key %s, writing nothing', async (_, key) => {
    const res = await createContact(key, parent('Marat'));
    expectProblem(res, 400, 'validation_failed', /Idempotency-Key must be 1–200 printable/);
    expect(await named('Marat')).toHaveLength(0);
  });
});

describe('Idempotency-Key on every write', () => {
  const write = (method: 'PATCH' | 'DELETE', url: string, key: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { ...th.auth, 'idempotency-key': key },
      ...(payload ? { payload } : {}),
    });

  it('replays a PATCH and refuses the same key with another patch', async () => {
    const created = (await createContact('patch-base', parent('Nurlan'))).json<Contact>();
    const url = `/v1/contacts/${created.id}`;
    const first = await write('PATCH', url, 'patch-nurlan', { displayName: 'Nurlan A.' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // Changed meanwhile by someone else: a replay still answers what the first PATCH did.
    const other = await app.inject({
      method: 'PATCH',
      url,
      headers: th.auth,
      payload: { displayName: 'Nurlan B.' },
    });
    expect(other.statusCode).toBe(200);
    const again = await write('PATCH', url, 'patch-nurlan', { displayName: 'Nurlan A.' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await named('Nurlan B.')).toHaveLength(1);

    const reused = await write('PATCH', url, 'patch-nurlan', { displayName: 'Nurlan C.' });
    expectProblem(reused, 422, 'idempotency_key_reused');
    expect(await named('Nurlan C.')).toHaveLength(0);
  });

  it('replays a DELETE: the retry answers 204 again, not 404', async () => {
    const created = (await createContact('delete-base', parent('Saule'))).json<Contact>();
    const url = `/v1/contacts/${created.id}`;
    const first = await write('DELETE', url, 'delete-saule');
    expect(first.statusCode, first.body).toBe(204);
    const again = await write('DELETE', url, 'delete-saule');
    expect(again.statusCode, again.body).toBe(204);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe('');
    // Without the key, the repeat is a new request and finds nothing.
    const plain = await app.inject({ method: 'DELETE', url, headers: th.auth });
    expectProblem(plain, 404, 'not_found');
  });

  it('refuses one key used for a DELETE and then a PATCH of the same record', async () => {
    const created = (await createContact('mixed-base', parent('Timur'))).json<Contact>();
    const url = `/v1/contacts/${created.id}`;
    expect((await write('DELETE', url, 'mixed-timur')).statusCode).toBe(204);
    const patch = await write('PATCH', url, 'mixed-timur', { displayName: 'Timur B.' });
    expectProblem(patch, 422, 'idempotency_key_reused');
  });

  it('checks the key on PATCH and DELETE too', async () => {
    const res = await write('DELETE', `/v1/contacts/${association}`, 'two words');
    expectProblem(res, 400, 'validation_failed', /Idempotency-Key must be/);
  });
});
