import { randomUUID } from 'node:crypto';
import type { Organisation } from '@safenet/core';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthHeaders,
  countAll,
  createKey,
  expectProblem,
  listAll,
  type TestKey,
} from '../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../testing/test-hub.js';

let th: TestHub;
let app: FastifyInstance;
/** A key of the Almaty province with every scope. */
let almaty: TestKey;
/** Records of Đắk Lắk, the other province, made by the ministry's admin. */
let dakLak: {
  org: string;
  school: string;
  contact: string;
  segment: string;
  recommendation: string;
  campaign: string;
  broadcast: string;
  key: TestKey;
};

async function post(headers: AuthHeaders, url: string, payload: object): Promise<string> {
  const res = await app.inject({ method: 'POST', url, headers, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<{ id: string }>().id;
}

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
  const [, dakLakId] = th.seed.provinceIds;
  const school = th.seed.schoolIds[1];
  almaty = await createKey(app, th.auth, th.seed.provinceIds[0], [
    'read',
    'write',
    'send',
    'admin',
  ]);
  const [contact] = await listAll(app, th.auth, `/v1/contacts?orgId=${school}`);
  const segment = await post(th.auth, '/v1/segments', {
    orgId: dakLakId,
    name: 'Parents in Đắk Lắk',
    query: { roles: ['parent'] },
  });
  dakLak = {
    org: dakLakId,
    school,
    contact: contact?.id as string,
    segment,
    recommendation: await post(th.auth, '/v1/recommendations', {
      orgId: dakLakId,
      topic: 'hotline-111',
      title: { vi: 'Tổng đài 111' },
      body: { vi: 'Gọi 111 khi trẻ em cần được bảo vệ.' },
    }),
    campaign: await post(th.auth, '/v1/campaigns', {
      orgId: dakLakId,
      title: 'Kế hoạch 160/KH-UBND',
      startsOn: '2022-08-16',
      endsOn: '2025-12-31',
      timeZone: 'Asia/Ho_Chi_Minh',
    }),
    // Without workers it stays queued, so cancelling it would succeed if it were allowed.
    broadcast: await post(th.auth, '/v1/broadcasts', {
      orgId: dakLakId,
      segmentId: segment,
      channels: ['email'],
      content: { body: { vi: 'Họp phụ huynh vào thứ Sáu.' } },
    }),
    key: await createKey(app, th.auth, dakLakId, ['read']),
  };
});
afterAll(() => th?.close());

/**
 * Asserts that `request(outsideId)` answers exactly like `request(randomId)`: 404 not_found,
 * and a body that differs only in the id the caller sent, so it reveals nothing.
 */
async function expectHidden(
  request: (id: string) => InjectOptions,
  outsideId: string,
  headers: AuthHeaders = almaty.headers,
) {
  const randomId = randomUUID();
  const outside = await app.inject({ ...request(outsideId), headers });
  const random = await app.inject({ ...request(randomId), headers });
  expectProblem(outside, 404, 'not_found', /in your organisation's subtree/);
  expectProblem(random, 404, 'not_found');
  expect(outside.body.replaceAll(outsideId, '<id>')).toBe(random.body.replaceAll(randomId, '<id>'));
}

describe('a key of the Almaty province', () => {
  const get = (path: string) => (id: string) => ({
    method: 'GET' as const,
    url: path.replace(':id', id),
  });

  it.each([
    ['GET /v1/organisations/:id (Đắk Lắk)', get('/v1/organisations/:id'), () => dakLak.org],
    [
      'GET /v1/organisations/:id (the ministry above)',
      get('/v1/organisations/:id'),
      () => th.seed.ministryId,
    ],
    ['GET /v1/contacts/:id', get('/v1/contacts/:id'), () => dakLak.contact],
    ['GET /v1/contacts?orgId=', get('/v1/contacts?orgId=:id'), () => dakLak.school],
    ['GET /v1/segments/:id', get('/v1/segments/:id'), () => dakLak.segment],
    [
      'GET /v1/segments/:id (the ministry’s)',
      get('/v1/segments/:id'),
      () => th.seed.segmentIds.allParents,
    ],
    ['GET /v1/segments/:id/count', get('/v1/segments/:id/count'), () => dakLak.segment],
    ['GET /v1/recommendations/:id', get('/v1/recommendations/:id'), () => dakLak.recommendation],
    ['GET /v1/campaigns/:id', get('/v1/campaigns/:id'), () => dakLak.campaign],
    ['GET /v1/campaigns/:id (the ministry’s)', get('/v1/campaigns/:id'), () => th.seed.campaignId],
    ['GET /v1/broadcasts/:id', get('/v1/broadcasts/:id'), () => dakLak.broadcast],
    ['GET /v1/broadcasts/:id/progress', get('/v1/broadcasts/:id/progress'), () => dakLak.broadcast],
    [
      'GET /v1/broadcasts/:id/deliveries',
      get('/v1/broadcasts/:id/deliveries'),
      () => dakLak.broadcast,
    ],
  ])('cannot read %s of outside its subtree', async (_, request, id) => {
    await expectHidden(request, id());
  });

  it('cannot change or delete records outside its subtree, and they stay as they were', async () => {
    const snapshot = async () =>
      Promise.all(
        [
          `/v1/contacts/${dakLak.contact}`,
          `/v1/segments/${dakLak.segment}`,
          `/v1/recommendations/${dakLak.recommendation}`,
          `/v1/broadcasts/${dakLak.broadcast}`,
        ].map(async (url) => (await app.inject({ method: 'GET', url, headers: th.auth })).json()),
      );
    const before = await snapshot();
    const changes: [(id: string) => InjectOptions, string][] = [
      [
        (id) => ({
          method: 'PATCH',
          url: `/v1/contacts/${id}`,
          payload: { displayName: 'Taken over' },
        }),
        dakLak.contact,
      ],
      [(id) => ({ method: 'DELETE', url: `/v1/contacts/${id}` }), dakLak.contact],
      [(id) => ({ method: 'DELETE', url: `/v1/segments/${id}` }), dakLak.segment],
      [
        (id) => ({
          method: 'PATCH',
          url: `/v1/recommendations/${id}`,
          payload: { status: 'archived' },
        }),
        dakLak.recommendation,
      ],
      [(id) => ({ method: 'POST', url: `/v1/broadcasts/${id}/cancel` }), dakLak.broadcast],
      [(id) => ({ method: 'DELETE', url: `/v1/api-keys/${id}` }), dakLak.key.id],
    ];
    for (const [request, id] of changes) await expectHidden(request, id);
    expect(await snapshot()).toEqual(before);
    const stillWorks = await app.inject({
      method: 'GET',
      url: '/v1/contacts?limit=1',
      headers: dakLak.key.headers,
    });
    expect(stillWorks.statusCode).toBe(200);
  });

  it('lists only records of its subtree', async () => {
    const orgs = await listAll<Organisation>(app, th.auth, '/v1/organisations');
    const inside = new Set(
      orgs.filter((o) => o.path.includes(th.seed.provinceIds[0])).map((o) => o.id),
    );
    expect(inside.size).toBe(3); // the province, the Talgar district and its school
    const lists: [string, (item: { id: string; orgId?: string }) => string][] = [
      ['/v1/organisations', (o) => o.id],
      ['/v1/contacts', (c) => c.orgId as string],
      ['/v1/segments', (s) => s.orgId as string],
      ['/v1/recommendations', (r) => r.orgId as string],
      ['/v1/campaigns', (c) => c.orgId as string],
      ['/v1/broadcasts', (b) => b.orgId as string],
      ['/v1/api-keys', (k) => k.orgId as string],
    ];
    for (const [url, orgOf] of lists) {
      const all = await listAll<{ id: string; orgId?: string }>(app, th.auth, url);
      // The admin sees records outside Almaty on every list, so a leak would show.
      expect(
        all.some((item) => !inside.has(orgOf(item))),
        url,
      ).toBe(true);
      const seen = await listAll<{ id: string; orgId?: string }>(app, almaty.headers, url);
      expect(
        seen.map(orgOf).filter((org) => !inside.has(org)),
        url,
      ).toEqual([]);
    }
    expect(await countAll(app, almaty.headers, '/v1/contacts')).toBe(110);
  });

  it('cannot create records in an organisation outside its subtree; nothing is written', async () => {
    const lists = [
      '/v1/organisations',
      '/v1/api-keys',
      '/v1/contacts',
      '/v1/segments',
      '/v1/recommendations',
      '/v1/campaigns',
      '/v1/broadcasts',
    ];
    const count = () => Promise.all(lists.map((url) => countAll(app, th.auth, url)));
    const before = await count();
    const creates: [string, (id: string) => object, string][] = [
      [
        '/v1/organisations',
        (id) => ({ parentId: id, kind: 'district', name: 'Buôn Ma Thuột' }),
        dakLak.org,
      ],
      ['/v1/api-keys', (id) => ({ orgId: id, name: 'mine now', scopes: ['admin'] }), dakLak.org],
      ['/v1/contacts', (id) => ({ orgId: id, role: 'parent', language: 'vi' }), dakLak.school],
      [
        '/v1/contacts/bulk',
        (id) => ({ contacts: [{ orgId: id, externalRef: 'x-1', role: 'parent', language: 'vi' }] }),
        dakLak.school,
      ],
      ['/v1/segments', (id) => ({ orgId: id, name: 'All', query: {} }), dakLak.org],
      ['/v1/segments/count', (id) => ({ orgId: id, query: {} }), dakLak.org],
      [
        '/v1/recommendations',
        (id) => ({ orgId: id, topic: 'x', title: { vi: 'x' }, body: { vi: 'x' } }),
        dakLak.org,
      ],
      [
        '/v1/campaigns',
        (id) => ({
          orgId: id,
          title: 'x',
          startsOn: '2022-09-05',
          endsOn: '2023-05-31',
          timeZone: 'Asia/Ho_Chi_Minh',
        }),
        dakLak.org,
      ],
      [
        '/v1/broadcasts',
        (id) => ({
          orgId: id,
          segmentId: dakLak.segment,
          channels: ['email'],
          content: { body: { vi: 'x' } },
        }),
        dakLak.org,
      ],
    ];
    for (const [url, body, id] of creates) {
      await expectHidden((orgId) => ({ method: 'POST', url, payload: body(orgId) }), id);
    }
    expect(await count()).toEqual(before);
  });

  it('cannot reach outside through what a record refers to', async () => {
    const [almatyId] = th.seed.provinceIds;
    const query = (id: string) => ({ roles: ['parent'], underOrgIds: [almatyId, id] });
    await expectHidden(
      (id) => ({
        method: 'POST',
        url: '/v1/segments',
        payload: { orgId: almatyId, name: 'x', query: query(id) },
      }),
      dakLak.org,
    );
    await expectHidden(
      (id) => ({
        method: 'POST',
        url: '/v1/segments/count',
        payload: { orgId: almatyId, query: query(id) },
      }),
      dakLak.org,
    );

    const broadcasts = await countAll(app, th.auth, '/v1/broadcasts');
    const own = await post(almaty.headers, '/v1/segments', {
      orgId: almatyId,
      name: 'Parents',
      query: { roles: ['parent'] },
    });
    const broadcast = {
      orgId: almatyId,
      segmentId: own,
      channels: ['email'],
      content: { body: { kk: 'Ата-аналар жиналысы' } },
    };
    const send = (payload: object) => () => ({
      method: 'POST' as const,
      url: '/v1/broadcasts',
      payload,
    });
    await expectHidden(
      (id) => send({ ...broadcast, segmentId: id })(),
      th.seed.segmentIds.allParents,
    );
    await expectHidden((id) => send({ ...broadcast, campaignId: id })(), th.seed.campaignId);
    await expectHidden(
      (id) => send({ ...broadcast, content: { recommendationId: id } })(),
      dakLak.recommendation,
    );
    expect(await countAll(app, th.auth, '/v1/broadcasts')).toBe(broadcasts);
  });
});

describe('a key of a school', () => {
  it('cannot see its sibling school, its contacts, or the district above', async () => {
    const sibling = await post(th.auth, '/v1/organisations', {
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'Talgar Secondary School No. 2',
    });
    const contact = await post(th.auth, '/v1/contacts', {
      orgId: sibling,
      role: 'teacher',
      language: 'ru',
    });
    const school = await createKey(app, th.auth, th.seed.schoolIds[0], ['read']);
    await expectHidden(
      (id) => ({ method: 'GET', url: `/v1/organisations/${id}` }),
      sibling,
      school.headers,
    );
    await expectHidden(
      (id) => ({ method: 'GET', url: `/v1/organisations/${id}` }),
      th.seed.districtId,
      school.headers,
    );
    await expectHidden(
      (id) => ({ method: 'GET', url: `/v1/contacts/${id}` }),
      contact,
      school.headers,
    );
    await expectHidden(
      (id) => ({ method: 'GET', url: `/v1/contacts?orgId=${id}` }),
      sibling,
      school.headers,
    );
    const orgs = await listAll(app, school.headers, '/v1/organisations');
    expect(orgs.map((o) => o.id)).toEqual([th.seed.schoolIds[0]]);
    const contacts = await listAll<{ orgId: string }>(app, school.headers, '/v1/contacts');
    expect(new Set(contacts.map((c) => c.orgId))).toEqual(new Set([th.seed.schoolIds[0]]));
  });
});
