import type { Contact } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAll, expectProblem, listAll } from '../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../testing/test-hub.js';

let th: TestHub;
let app: FastifyInstance;
let school: string;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
  school = th.seed.schoolIds[1];
});
afterAll(() => th?.close());

/** POSTs `payload` and checks that the number of contacts did not change. */
async function postWritingNothing(url: string, payload: object) {
  const before = await countAll(app, th.auth, '/v1/contacts');
  const res = await app.inject({ method: 'POST', url, headers: th.auth, payload });
  expect(await countAll(app, th.auth, '/v1/contacts')).toBe(before);
  return res;
}

const parent = { orgId: '', role: 'parent', language: 'vi' };
const contact = (fields: object) => ({ ...parent, orgId: school, ...fields });

describe('request validation', () => {
  it('answers 400 validation_failed naming each field of the wrong type', async () => {
    const res = await postWritingNothing(
      '/v1/contacts',
      contact({ role: 5, childAgeBands: '6-10' }),
    );
    const problem = expectProblem(res, 400, 'validation_failed', /body\.childAgeBands: .*array/);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.role', code: 'invalid_value' }),
        expect.objectContaining({ path: 'body.childAgeBands', code: 'invalid_type' }),
      ]),
    );
  });

  it('answers 400 naming the item and field of a nested mistake', async () => {
    const res = await postWritingNothing(
      '/v1/contacts',
      contact({ childAgeBands: [{ min: 6, max: 19 }] }),
    );
    const problem = expectProblem(res, 400, 'validation_failed', /body\.childAgeBands\.0\.max/);
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'body.childAgeBands.0.max', code: 'too_big' }),
    ]);
  });

  it('refuses unknown fields with unrecognized_keys, naming them', async () => {
    const res = await postWritingNothing('/v1/contacts', contact({ childName: 'Minh Anh' }));
    const problem = expectProblem(res, 400, 'validation_failed', /childName/);
    expect(problem.errors).toEqual([
      expect.objectContaining({
        path: 'body',
        code: 'unrecognized_keys',
        message: expect.stringContaining('childName'),
      }),
    ]);
  });

  it('answers 400 invalid_phone_number with the field and the E.164 form to use', async () => {
    const res = await postWritingNothing(
      '/v1/contacts',
      contact({ addresses: { phone: '0912 345' } }),
    );
    const problem = expectProblem(
      res,
      400,
      'invalid_phone_number',
      /"0912 345".*E\.164.*country code/,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'body.addresses.phone', code: 'invalid_phone_number' }),
    ]);
  });

  it('answers 400 unsupported_language listing the languages to use', async () => {
    const res = await postWritingNothing('/v1/contacts', contact({ language: 'fr' }));
    const problem = expectProblem(
      res,
      400,
      'unsupported_language',
      /"fr".*use one of ru, kk, vi, en/,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'body.language', code: 'unsupported_language' }),
    ]);
  });

  it('answers 400 to a path id that is not a UUID', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/contacts/42', headers: th.auth });
    const problem = expectProblem(res, 400, 'validation_failed', /params\.id/);
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'params.id', code: 'invalid_format' }),
    ]);
  });

  it('answers 400 to text PostgreSQL cannot store (NUL), not 500', async () => {
    for (const fields of [
      { externalRef: 'parent\u0000-1' },
      {
        consents: {
          sms: { status: 'granted', source: 'form\u0000', at: '2022-09-05T08:00:00+07:00' },
        },
      },
    ]) {
      const res = await postWritingNothing('/v1/contacts', contact(fields));
      expectProblem(res, 400, 'validation_failed', /\\u0000/);
    }
  });
});

describe('bulk upsert', () => {
  const fifty = (badAt?: number) =>
    Array.from({ length: 50 }, (_, i) =>
      contact({
        externalRef: `nbk-bulk-${i + 1}`,
        addresses: { phone: i === badAt ? '+84 91 23' : `+8491${String(2_000_000 + i)}` },
      }),
    );

  it('writes none of 50 contacts when #37 has a bad phone, naming it', async () => {
    const res = await postWritingNothing('/v1/contacts/bulk', { contacts: fifty(36) });
    const problem = expectProblem(
      res,
      400,
      'invalid_phone_number',
      /body\.contacts\.36\.addresses\.phone/,
    );
    expect(problem.errors).toEqual([
      expect.objectContaining({
        path: 'body.contacts.36.addresses.phone',
        code: 'invalid_phone_number',
      }),
    ]);
    const contacts = await listAll<Contact>(app, th.auth, `/v1/contacts?orgId=${school}`);
    expect(contacts.filter((c) => c.externalRef?.startsWith('nbk-bulk-'))).toEqual([]);

    // The same 50 with #37 fixed go through: the refusal was #37's alone.
    const fixed = await app.inject({
      method: 'POST',
      url: '/v1/contacts/bulk',
      headers: th.auth,
      payload: { contacts: fifty() },
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ created: 50, updated: 0 });
  });

  it('refuses an externalRef given twice in one request, naming the second', async () => {
    const contacts = [contact({ externalRef: 'nbk-twice' }), contact({ externalRef: 'nbk-twice' })];
    const res = await postWritingNothing('/v1/contacts/bulk', { contacts });
    const problem = expectProblem(res, 400, 'validation_failed', /"nbk-twice" appears twice/);
    expect(problem.errors).toEqual([
      expect.objectContaining({ path: 'body.contacts.1.externalRef' }),
    ]);
  });
});
