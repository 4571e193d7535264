import type { Contact } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAll, expectProblem, listAll } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// Bad input of every kind answers a 4xx problem with its code and what to fix, and writes
// nothing; none of it may answer 500.
let th: TestHub;
let app: FastifyInstance;
let school: string;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
  school = th.seed.schoolIds[1];
});
afterAll(() => th?.close());

/**
 * POSTs `payload` (a string goes as it is, with `contentType`) and checks that the number of
 * contacts did not change.
 */
async function postWritingNothing(url: string, payload: object | string, contentType?: string) {
  const before = await countAll(app, th.auth, '/v1/contacts');
  const headers = contentType ? { ...th.auth, 'content-type': contentType } : th.auth;
  const res = await app.inject({ method: 'POST', url, headers, payload });
  expect(await countAll(app, th.auth, '/v1/contacts')).toBe(before);
  return res;
}

const contact = (fields: object) => ({ orgId: school, role: 'parent', language: 'vi', ...fields });

describe('bodies the hub cannot read', () => {
  it.each([
    ['cut short', '{"orgId": '],
    ['with a trailing comma', '{"role": "parent",}'],
    ['empty', ''],
  ])('answers 400 malformed_json to JSON %s', async (_, body) => {
    const res = await postWritingNothing('/v1/contacts', body, 'application/json');
    expectProblem(res, 400, 'malformed_json', /not valid JSON.*send a JSON object/);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers 415 unsupported_media_type to %s',
    async (contentType) => {
      const res = await postWritingNothing('/v1/contacts', 'role=parent&language=kk', contentType);
      expectProblem(res, 415, 'unsupported_media_type', /Content-Type: application\/json/);
    },
  );

  it('answers 413 payload_too_large to a bulk upsert over 1 MiB', async () => {
    // 1,000 contacts (the most a bulk upsert takes), each with long Cyrillic text: the body is
    // valid but for its size, which Fastify refuses before reading it.
    const source = 'Родительское собрание, лист согласия '.padEnd(200, '.');
    const consent = { status: 'granted', source, at: '2017-04-03T10:00:00+06:00' };
    const contacts = Array.from({ length: 1000 }, (_, i) => ({
      orgId: th.seed.schoolIds[0],
      externalRef: `oversize-${i}`,
      displayName: `Родитель ${i} `.padEnd(200, '.'),
      role: 'parent',
      language: 'kk',
      addresses: { phone: '+77012345678', whatsapp: '+77012345678', email: `p${i}@example.kz` },
      consents: { whatsapp: consent, sms: consent, email: consent },
    }));
    const body = JSON.stringify({ contacts });
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const res = await postWritingNothing('/v1/contacts/bulk', body, 'application/json');
    expectProblem(res, 413, 'payload_too_large', /split it/);
  });
});

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

// A known path with a method it does not serve is 405, not 404: methods.plugin.test.ts.
describe('unknown routes', () => {
  it.each([
    ['GET', '/v1/contact'],
    ['PUT', '/v1/contact'],
    ['GET', '/v2/contacts'],
  ] as const)('answers 404 route_not_found to %s %s', async (method, url) => {
    const res = await app.inject({ method, url: `${url}?limit=5`, headers: th.auth });
    const problem = expectProblem(res, 404, 'route_not_found', /see \/docs/);
    expect(problem.detail).toContain(`${method} ${url};`);
  });
});
