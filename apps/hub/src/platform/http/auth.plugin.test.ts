import { randomBytes, randomUUID } from 'node:crypto';
import { SCOPES, type Scope } from '@safenet/core';
import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  countAll,
  createKey,
  documentedRoutes,
  expectProblem,
  listAll,
  type TestKey,
} from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

/** What a key with exactly the right scope gets; see {@link requestOf}. */
type Allowed = 200 | 400 | 404;
/** The code of a 404 a key with the right scope gets: no record, or no such provider. */
const NOT_FOUND_CODE: Record<string, string> = {
  '/v1/channels/:channel/session': 'channel_not_configured',
  '/v1/channels/:channel/session/start': 'channel_not_configured',
};

/** Every route of docs/reference/api.md but the websocket (see routes/stream.routes.test.ts). */
const ROUTES: [HTTPMethods, string, Scope, Allowed][] = [
  ['GET', '/v1/organisations', 'read', 200],
  ['POST', '/v1/organisations', 'admin', 400],
  ['GET', '/v1/organisations/:id', 'read', 200],
  ['PATCH', '/v1/organisations/:id', 'admin', 400],
  ['GET', '/v1/api-keys', 'admin', 200],
  ['GET', '/v1/users', 'read', 200],
  ['GET', '/v1/users/:id', 'read', 200],
  ['PATCH', '/v1/users/:id', 'admin', 400],
  ['POST', '/v1/invitations', 'admin', 400],
  ['GET', '/v1/invitations', 'admin', 200],
  ['DELETE', '/v1/invitations/:id', 'admin', 404],
  ['POST', '/v1/api-keys', 'admin', 400],
  ['DELETE', '/v1/api-keys/:id', 'admin', 404],
  ['GET', '/v1/contacts', 'read', 200],
  ['POST', '/v1/contacts', 'write', 400],
  ['POST', '/v1/contacts/bulk', 'write', 400],
  ['POST', '/v1/contact-imports', 'write', 400],
  ['GET', '/v1/contact-imports', 'read', 200],
  ['GET', '/v1/contact-imports/:id', 'read', 404],
  ['POST', '/v1/contact-imports/:id/commit', 'write', 400],
  ['GET', '/v1/contact-imports/:id/errors', 'read', 404],
  ['GET', '/v1/contact-imports/:id/error-report', 'read', 404],
  ['GET', '/v1/contacts/export', 'read', 200],
  ['GET', '/v1/contacts/:id', 'read', 200],
  ['PATCH', '/v1/contacts/:id', 'write', 404],
  ['DELETE', '/v1/contacts/:id', 'write', 404],
  ['POST', '/v1/contacts/:id/erase', 'admin', 404],
  ['GET', '/v1/erasures', 'admin', 200],
  ['GET', '/v1/contacts/:id/consent-history', 'read', 200],
  ['POST', '/v1/contacts/:id/telegram-link', 'write', 404],
  ['GET', '/v1/segments', 'read', 200],
  ['POST', '/v1/segments', 'write', 400],
  ['GET', '/v1/segments/:id', 'read', 200],
  ['DELETE', '/v1/segments/:id', 'write', 404],
  ['PATCH', '/v1/segments/:id', 'write', 400],
  ['GET', '/v1/segments/:id/count', 'read', 200],
  ['POST', '/v1/segments/count', 'read', 400],
  ['GET', '/v1/recommendations', 'read', 200],
  ['POST', '/v1/recommendations', 'write', 400],
  ['GET', '/v1/recommendations/:id', 'read', 200],
  ['PATCH', '/v1/recommendations/:id', 'write', 404],
  ['GET', '/v1/recommendations/:id/versions', 'read', 200],
  ['GET', '/v1/recommendations/:id/versions/:number', 'read', 200],
  ['POST', '/v1/recommendations/:id/versions/:number/submit', 'write', 404],
  ['POST', '/v1/recommendations/:id/versions/:number/approve', 'approve', 404],
  ['POST', '/v1/recommendations/:id/versions/:number/reject', 'approve', 400],
  ['POST', '/v1/recommendations/:id/versions/:number/archive', 'write', 404],
  ['GET', '/v1/recommendations/:id/coverage', 'read', 400],
  ['POST', '/v1/recommendations/:id/versions/:number/attachments', 'write', 400],
  ['DELETE', '/v1/recommendations/:id/versions/:number/attachments/:attachmentId', 'write', 404],
  ['GET', '/v1/attachments/:id', 'read', 404],
  ['GET', '/v1/approval-events', 'admin', 200],
  ['GET', '/v1/hotlines', 'read', 200],
  ['POST', '/v1/hotlines', 'write', 400],
  ['GET', '/v1/hotlines/:id', 'read', 404],
  ['PATCH', '/v1/hotlines/:id', 'write', 404],
  ['DELETE', '/v1/hotlines/:id', 'write', 404],
  ['GET', '/v1/campaigns', 'read', 200],
  ['POST', '/v1/campaigns', 'write', 400],
  ['GET', '/v1/campaigns/:id', 'read', 200],
  ['PATCH', '/v1/campaigns/:id', 'write', 400],
  ['POST', '/v1/campaigns/:id/schedule', 'write', 404],
  ['POST', '/v1/campaigns/:id/cancel', 'write', 404],
  ['POST', '/v1/campaigns/:id/archive', 'write', 404],
  ['GET', '/v1/campaigns/:id/plan', 'read', 200],
  ['PUT', '/v1/campaigns/:id/plan', 'write', 400],
  ['PATCH', '/v1/campaigns/:id/plan/items/:itemKey/assignments/:orgId', 'write', 400],
  ['GET', '/v1/campaigns/:id/grid', 'read', 200],
  ['POST', '/v1/campaigns/:id/adopt', 'write', 400],
  ['GET', '/v1/campaigns/:id/lineage', 'read', 200],
  ['GET', '/v1/plan-assignments', 'read', 200],
  ['POST', '/v1/report-forms', 'write', 400],
  ['GET', '/v1/report-forms', 'read', 200],
  ['GET', '/v1/report-forms/:id', 'read', 404],
  ['PATCH', '/v1/report-forms/:id', 'write', 404],
  ['PUT', '/v1/report-forms/:id/assignment', 'write', 400],
  ['GET', '/v1/report-forms/:id/assignment', 'read', 404],
  ['GET', '/v1/report-forms/:id/periods', 'read', 404],
  ['PUT', '/v1/report-forms/:id/periods/:periodKey/submissions/:orgId', 'write', 400],
  ['GET', '/v1/report-forms/:id/periods/:periodKey/submissions/:orgId', 'read', 400],
  ['GET', '/v1/report-forms/:id/periods/:periodKey/submissions/:orgId/versions', 'read', 400],
  ['PUT', '/v1/report-forms/:id/periods/:periodKey/exceptions/:orgId', 'write', 400],
  ['DELETE', '/v1/report-forms/:id/periods/:periodKey/exceptions/:orgId', 'write', 400],
  ['GET', '/v1/report-forms/:id/periods/:periodKey/rollup', 'read', 404],
  ['GET', '/v1/report-forms/:id/periods/:periodKey/missing', 'read', 404],
  ['GET', '/v1/report-forms/:id/periods/:periodKey/export', 'read', 404],
  ['POST', '/v1/report-forms/:id/periods/:periodKey/approvals/:orgId', 'write', 400],
  ['DELETE', '/v1/report-forms/:id/periods/:periodKey/approvals/:orgId', 'write', 400],
  ['GET', '/v1/report-forms/:id/periods/:periodKey/approvals', 'read', 404],
  ['POST', '/v1/report-forms/:id/periods/:periodKey/submissions/:orgId/return', 'write', 400],
  ['GET', '/v1/report-forms/:id/audit', 'admin', 404],
  ['GET', '/v1/campaigns/:id/targets', 'read', 404],
  ['POST', '/v1/report-forms/:id/periods/:periodKey/links', 'write', 400],
  ['POST', '/v1/report-forms/:id/periods/:periodKey/links/send', 'write', 400],
  ['GET', '/v1/report-forms/:id/periods/:periodKey/links', 'read', 404],
  ['POST', '/v1/report-links/:id/revoke', 'write', 404],
  ['GET', '/v1/campaigns/:id/announcements', 'read', 404],
  ['PUT', '/v1/campaigns/:id/announcements', 'write', 400],
  ['GET', '/v1/campaigns/:id/calendar', 'read', 404],
  ['GET', '/v1/campaigns/:id/reminders', 'read', 404],
  ['PUT', '/v1/campaigns/:id/reminders', 'write', 400],
  ['POST', '/v1/campaigns/programme', 'write', 400],
  ['GET', '/v1/campaigns/:id/programme', 'read', 404],
  ['POST', '/v1/campaigns/:id/copy', 'write', 400],
  ['GET', '/v1/broadcasts', 'read', 200],
  ['POST', '/v1/broadcasts', 'send', 400],
  ['POST', '/v1/broadcasts/preview', 'read', 400],
  ['GET', '/v1/broadcasts/:id', 'read', 200],
  ['GET', '/v1/broadcasts/:id/progress', 'read', 200],
  ['GET', '/v1/broadcasts/:id/cost', 'read', 200],
  ['POST', '/v1/broadcasts/:id/cancel', 'send', 404],
  ['PATCH', '/v1/broadcasts/:id', 'send', 400],
  ['POST', '/v1/broadcasts/:id/approve', 'approve', 404],
  ['POST', '/v1/broadcasts/:id/reject', 'approve', 400],
  ['GET', '/v1/broadcasts/:id/deliveries', 'read', 200],
  ['POST', '/v1/telegram/chat-links', 'write', 400],
  ['GET', '/v1/telegram/chats', 'read', 200],
  ['GET', '/v1/telegram/chats/:id', 'read', 404],
  ['PATCH', '/v1/telegram/chats/:id', 'write', 400],
  ['DELETE', '/v1/telegram/chats/:id', 'write', 404],
  ['POST', '/v1/telegram/posts', 'send', 400],
  ['GET', '/v1/telegram/posts', 'read', 200],
  ['GET', '/v1/telegram/posts/:id', 'read', 404],
  ['POST', '/v1/telegram/posts/:id/cancel', 'send', 404],
  // Without workers the broadcast plans no deliveries: an unknown one is 404 once let by.
  ['GET', '/v1/deliveries/:id', 'read', 404],
  ['GET', '/v1/outbox', 'read', 200],
  ['GET', '/v1/channels', 'read', 200],
  // This hub pairs nothing on WhatsApp (no WhatsApp Web phone): a key allowed in is told so.
  ['GET', '/v1/channels/:channel/session', 'admin', 404],
  ['POST', '/v1/channels/:channel/session/start', 'admin', 404],
  ['GET', '/v1/webhook-endpoints', 'admin', 200],
  ['POST', '/v1/webhook-endpoints', 'admin', 400],
  ['GET', '/v1/webhook-endpoints/:id', 'admin', 200],
  ['PATCH', '/v1/webhook-endpoints/:id', 'admin', 404],
  ['DELETE', '/v1/webhook-endpoints/:id', 'admin', 404],
  ['POST', '/v1/webhook-endpoints/:id/rotate-secret', 'admin', 404],
  ['POST', '/v1/webhook-endpoints/:id/test', 'admin', 404],
  ['GET', '/v1/webhook-endpoints/:id/messages', 'admin', 200],
  ['GET', '/v1/webhook-endpoints/:id/messages/:messageId', 'admin', 404],
  ['GET', '/v1/webhook-endpoints/:id/messages/:messageId/attempts', 'admin', 404],
  ['POST', '/v1/webhook-endpoints/:id/messages/:messageId/replay', 'admin', 404],
  ['GET', '/v1/alerts', 'read', 200],
  ['GET', '/v1/alerts/:id', 'read', 404],
  ['POST', '/v1/alerts/:id/acknowledge', 'read', 404],
  ['POST', '/v1/alerts/:id/resolve', 'read', 404],
  ['GET', '/v1/alerts/:id/escalations', 'read', 404],
  ['GET', '/v1/organisations/:id/escalation-policies', 'read', 200],
  ['PUT', '/v1/organisations/:id/escalation-policies', 'admin', 400],
  ['POST', '/v1/case-reports', 'read', 400],
  ['GET', '/v1/case-reports/:reference', 'read', 404],
  ['POST', '/v1/case-reports/:reference/erase', 'cases', 404],
  ['GET', '/v1/cases', 'read', 200],
  ['GET', '/v1/cases/:id', 'read', 404],
  ['POST', '/v1/cases/:id/transitions', 'cases', 400],
  ['PUT', '/v1/cases/:id/assignee', 'cases', 400],
  ['POST', '/v1/cases/:id/referrals', 'cases', 400],
  ['PUT', '/v1/cases/:id/referrals/:referralId/answer', 'cases', 400],
  ['GET', '/v1/cases/:id/audit', 'admin', 404],
  ['GET', '/v1/organisations/:id/case-routing', 'read', 200],
  ['PUT', '/v1/organisations/:id/case-routing', 'admin', 400],
  ['GET', '/v1/organisations/:id/case-response-times', 'read', 200],
  ['PUT', '/v1/organisations/:id/case-response-times', 'admin', 400],
  ['GET', '/v1/organisations/:id/send-approval', 'read', 200],
  ['PUT', '/v1/organisations/:id/send-approval', 'admin', 400],
  ['GET', '/v1/organisations/:id/prices', 'read', 200],
  ['PUT', '/v1/organisations/:id/prices', 'admin', 400],
];

/** A real record per resource (the path segment after /v1), for routes that read one. */
let ids: Record<string, string>;

/**
 * Reads go to real records and succeed. Writes change nothing: they get an empty body
 * (400 from the schema) or a random id (404), which still proves the scope check let them by.
 */
function requestOf(method: HTTPMethods, route: string, allowed: Allowed) {
  const resource = route.split('/')[2] as string;
  const id = allowed === 404 ? randomUUID() : (ids[resource] as string);
  const hasBody = (method === 'POST' || method === 'PATCH') && !route.endsWith('/cancel');
  const url = route
    .replace(':id', id)
    .replace(':number', '1')
    .replace(':channel', 'whatsapp')
    .replace(':messageId', randomUUID())
    .replace(':referralId', randomUUID())
    .replace(':attachmentId', randomUUID())
    .replace(':reference', 'R-2026-999999');
  return { method, url, ...(hasBody ? { payload: {} } : {}) };
}

let th: TestHub;
/** A key of the ministry per scope, each with that scope only. */
const keys = new Map<Scope, TestKey>();

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  const { app } = th.hub;
  for (const scope of SCOPES) {
    keys.set(scope, await createKey(app, th.auth, th.seed.ministryId, [scope]));
  }
  const [contact] = await listAll(app, th.auth, '/v1/contacts');
  // Without workers the broadcast stays queued: nothing is sent.
  const broadcast = await app.inject({
    method: 'POST',
    url: '/v1/broadcasts',
    headers: th.auth,
    payload: {
      orgId: th.seed.ministryId,
      segmentId: th.seed.segmentIds.allParents,
      channels: ['email'],
      content: { recommendationId: th.seed.recommendationIds[1] },
    },
  });
  expect(broadcast.statusCode, broadcast.body).toBe(202);
  const endpoint = await app.inject({
    method: 'POST',
    url: '/v1/webhook-endpoints',
    headers: th.auth,
    payload: { orgId: th.seed.ministryId, url: 'https://reports.example.kz/safenet-events' },
  });
  expect(endpoint.statusCode, endpoint.body).toBe(201);
  ids = {
    organisations: th.seed.ministryId,
    users: th.seed.users[0]?.id as string,
    contacts: contact?.id as string,
    segments: th.seed.segmentIds.allParents,
    recommendations: th.seed.recommendationIds[0] as string,
    campaigns: th.seed.campaignId,
    broadcasts: broadcast.json<{ id: string }>().id,
    'webhook-endpoints': endpoint.json<{ id: string }>().id,
  };
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
        headers: keys.get('read')?.headers,
        payload,
      });
      expectProblem(res, 403, 'insufficient_scope', new RegExp(`needs the "${scope}" scope`));
    }
    const after = await Promise.all(lists.map((url) => countAll(th.hub.app, th.auth, url)));
    expect(after).toEqual(before);
  });
});

describe('scopes', () => {
  it('the table holds every scope rule of docs/reference/api.md', async () => {
    const documented = (await documentedRoutes())
      .filter((r) => r.scope !== 'none' && r.scope !== 'session' && r.path !== '/v1/stream')
      .map((r) => `${r.method} ${r.path} ${r.scope}`);
    const tested = ROUTES.map(([method, route, scope]) => `${method} ${route} ${scope}`);
    expect(tested.sort()).toEqual(documented.sort());
  });

  it('the table lists every route with a scope the OpenAPI document describes', async () => {
    const doc = (await th.hub.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>();
    // Public operations say `security: []`; the stream refuses keys by closing the socket;
    // routes for signed-in people need a session, no scope.
    const sessionOnly = JSON.stringify([{ session: [] }]);
    const described = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(
          ([, op]) =>
            op.security?.length !== 0 &&
            JSON.stringify(op.security) !== sessionOnly &&
            path !== '/v1/stream',
        )
        .map(([m]) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(ROUTES.map(([method, route]) => `${method} ${route}`).sort()).toEqual(described.sort());
  });

  for (const [method, route, needed, allowed] of ROUTES) {
    describe(`${method} ${route} needs "${needed}"`, () => {
      it.each(SCOPES)('with only "%s"', async (scope) => {
        const res = await th.hub.app.inject({
          ...requestOf(method, route, allowed),
          headers: keys.get(scope)?.headers ?? {},
        });
        if (scope !== needed) {
          const detail = new RegExp(`needs the "${needed}" scope; the key has "${scope}"`);
          expectProblem(res, 403, 'insufficient_scope', detail);
        } else if (allowed === 200) {
          expect(res.statusCode, res.body).toBe(200);
        } else {
          expectProblem(
            res,
            allowed,
            allowed === 400 ? 'validation_failed' : (NOT_FOUND_CODE[route] ?? 'not_found'),
          );
        }
      });
    });
  }
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
