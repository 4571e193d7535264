import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  countAll,
  createKey,
  expectProblem,
  type TestKey,
} from '../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../testing/test-hub.js';

let th: TestHub;
let readOnly: TestKey;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  readOnly = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['read']);
});
afterAll(() => th?.close());

const contacts = (headers: Record<string, string>) =>
  th.hub.app.inject({ method: 'GET', url: '/v1/contacts?limit=1', headers });

describe('unauthenticated requests', () => {
  it('answers 401 without an Authorization header', async () => {
    expectProblem(await contacts({}), 401, 'unauthenticated', /Authorization: Bearer <key>/);
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no key after Bearer', 'Bearer'],
    ['two words after Bearer', 'Bearer sn_a sn_b'],
    ['the bare key', 'sn_0123456789abcdef'],
  ])('answers 401 for a malformed header (%s)', async (_, authorization) => {
    expectProblem(await contacts({ authorization }), 401, 'unauthenticated', /Bearer <key>/);
  });

  it('answers 401 for a key it does not know', async () => {
    const res = await contacts(bearer(`sn_${randomBytes(32).toString('base64url')}`));
    expectProblem(res, 401, 'unauthenticated', /not valid/);
  });

  it('answers 401 for a revoked key, which worked before', async () => {
    const key = await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['read']);
    expect((await contacts(key.headers)).statusCode).toBe(200);
    const revoke = await th.hub.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${key.id}`,
      headers: th.auth,
    });
    expect(revoke.statusCode).toBe(204);
    expectProblem(await contacts(key.headers), 401, 'unauthenticated', /revoked.*new one/);
  });

  it('checks the key before the body: no key and broken JSON still answer 401', async () => {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: { 'content-type': 'application/json' },
      payload: '{"orgId": ',
    });
    expectProblem(res, 401, 'unauthenticated');
  });
});

describe('a read-only key', () => {
  const writes = () => [
    {
      url: '/v1/contacts',
      scope: 'write',
      payload: { orgId: th.seed.schoolIds[0], role: 'parent', language: 'kk' },
    },
    {
      url: '/v1/broadcasts',
      scope: 'send',
      payload: {
        orgId: th.seed.ministryId,
        segmentId: th.seed.segmentIds.allParents,
        channels: ['email'],
        content: { body: { en: 'Parent meeting on Friday' } },
      },
    },
    {
      url: '/v1/api-keys',
      scope: 'admin',
      payload: { orgId: th.seed.ministryId, name: 'escalation', scopes: ['admin'] },
    },
  ];

  it('answers 403 insufficient_scope to valid POSTs of contacts, broadcasts and API keys, writing nothing', async () => {
    const lists = ['/v1/contacts', '/v1/broadcasts', '/v1/api-keys'];
    const before = await Promise.all(lists.map((url) => countAll(th.hub.app, th.auth, url)));
    for (const { url, scope, payload } of writes()) {
      const res = await th.hub.app.inject({
        method: 'POST',
        url,
        headers: readOnly.headers,
        payload,
      });
      expectProblem(res, 403, 'insufficient_scope', new RegExp(`needs the "${scope}" scope`));
    }
    const after = await Promise.all(lists.map((url) => countAll(th.hub.app, th.auth, url)));
    expect(after).toEqual(before);
  });
});

describe('public routes', () => {
  it('serves /health without a key', async () => {
    const res = await th.hub.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it.each(['/openapi.json', '/docs'])('serves %s without a key', async (url) => {
    const res = await th.hub.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
  });
});
