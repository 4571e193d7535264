import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAll, expectProblem } from '../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../testing/test-hub.js';

let th: TestHub;
let app: FastifyInstance;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
});
afterAll(() => th?.close());

/** Sends `body` as it is, with `contentType`, and checks that no contact was written. */
async function postRaw(url: string, contentType: string, body: string) {
  const before = await countAll(app, th.auth, '/v1/contacts');
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { ...th.auth, 'content-type': contentType },
    payload: body,
  });
  expect(await countAll(app, th.auth, '/v1/contacts')).toBe(before);
  return res;
}

describe('bodies the hub cannot read', () => {
  it.each([
    ['cut short', '{"orgId": '],
    ['with a trailing comma', '{"role": "parent",}'],
    ['empty', ''],
  ])('answers 400 malformed_json to JSON %s', async (_, body) => {
    const res = await postRaw('/v1/contacts', 'application/json', body);
    expectProblem(res, 400, 'malformed_json', /not valid JSON.*send a JSON object/);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'application/xml'])(
    'answers 415 unsupported_media_type to %s',
    async (contentType) => {
      const res = await postRaw('/v1/contacts', contentType, 'role=parent&language=kk');
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
    const res = await postRaw('/v1/contacts/bulk', 'application/json', body);
    expectProblem(res, 413, 'payload_too_large', /split it/);
  });
});

describe('unknown routes', () => {
  it.each([
    ['GET', '/v1/contact'],
    ['PUT', '/v1/contacts'],
    ['GET', '/v2/contacts'],
  ] as const)('answers 404 route_not_found to %s %s', async (method, url) => {
    const res = await app.inject({ method, url: `${url}?limit=5`, headers: th.auth });
    const problem = expectProblem(res, 404, 'route_not_found', /see \/docs/);
    expect(problem.detail).toContain(`${method} ${url};`);
  });
});
