import { randomUUID } from 'node:crypto';
import { type Organisation, SCOPES } from '@safenet/core';
import type { FastifyInstance, HTTPMethods, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthHeaders,
  countAll,
  createKey,
  expectProblem,
  listAll,
  type TestKey,
} from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

/** The lists of records that belong to an organisation. */
const LISTS = [
  '/v1/organisations',
  '/v1/api-keys',
  '/v1/contacts',
  '/v1/segments',
  '/v1/recommendations',
  '/v1/campaigns',
  '/v1/broadcasts',
];

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
  almaty = await createKey(app, th.auth, th.seed.provinceIds[0], [...SCOPES]);
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
      topic: 'help-for-affected-children',
      tags: ['hotline-111'],
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

type Spec = `${'GET' | 'POST' | 'PATCH' | 'DELETE'} /v1/${string}`;

/** `'PATCH /v1/contacts/:id'` as a request for an id, with a body made from the id if given. */
function call(spec: Spec, payload?: (id: string) => object): (id: string) => InjectOptions {
  const [method, path] = spec.split(' ') as [HTTPMethods, string];
  return (id) => ({
    method,
    url: path.replace(':id', id),
    ...(payload && { payload: payload(id) }),
  });
}

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
  const READS: [Spec, () => string][] = [
    ['GET /v1/organisations/:id', () => dakLak.org],
    ['GET /v1/organisations/:id', () => th.seed.ministryId], // the ministry above
    ['GET /v1/contacts/:id', () => dakLak.contact],
    ['GET /v1/contacts?orgId=:id', () => dakLak.school],
    ['GET /v1/segments/:id', () => dakLak.segment],
    ['GET /v1/segments/:id', () => th.seed.segmentIds.allParents], // the ministry's
    ['GET /v1/segments/:id/count', () => dakLak.segment],
    ['GET /v1/recommendations/:id', () => dakLak.recommendation],
    ['GET /v1/recommendations/:id/versions', () => dakLak.recommendation],
    ['GET /v1/recommendations/:id/versions/1', () => dakLak.recommendation],
    ['GET /v1/campaigns/:id', () => dakLak.campaign],
    ['GET /v1/campaigns/:id', () => th.seed.campaignId], // the ministry's
    ['GET /v1/broadcasts/:id', () => dakLak.broadcast],
    ['GET /v1/broadcasts/:id/progress', () => dakLak.broadcast],
    ['GET /v1/broadcasts/:id/deliveries', () => dakLak.broadcast],
  ];

  it.each(READS)('%s answers for an outside record as for no record', async (spec, id) => {
    await expectHidden(call(spec), id());
  });

  it('cannot change or delete records outside its subtree, and they stay as they were', async () => {
    const urls = [
      `/v1/contacts/${dakLak.contact}`,
      `/v1/segments/${dakLak.segment}`,
      `/v1/recommendations/${dakLak.recommendation}`,
      `/v1/broadcasts/${dakLak.broadcast}`,
    ];
    const snapshot = () =>
      Promise.all(urls.map(async (url) => (await app.inject({ url, headers: th.auth })).json()));
    const before = await snapshot();
    const changes: [Spec, string, ((id: string) => object)?][] = [
      ['PATCH /v1/contacts/:id', dakLak.contact, () => ({ displayName: 'Taken over' })],
      ['DELETE /v1/contacts/:id', dakLak.contact],
      ['DELETE /v1/segments/:id', dakLak.segment],
      ['PATCH /v1/recommendations/:id', dakLak.recommendation, () => ({ tags: ['taken-over'] })],
      // Four eyes from outside the subtree: not a second pair, not even a reader.
      ['POST /v1/recommendations/:id/versions/1/submit', dakLak.recommendation],
      ['POST /v1/recommendations/:id/versions/1/approve', dakLak.recommendation],
      ['POST /v1/recommendations/:id/versions/1/archive', dakLak.recommendation],
      ['POST /v1/broadcasts/:id/cancel', dakLak.broadcast],
      ['DELETE /v1/api-keys/:id', dakLak.key.id],
    ];
    for (const [spec, id, payload] of changes) await expectHidden(call(spec, payload), id);
    expect(await snapshot()).toEqual(before);
    const keyWorks = await app.inject({ url: '/v1/campaigns', headers: dakLak.key.headers });
    expect(keyWorks.statusCode).toBe(200);
  });

  it('lists only records of its subtree', async () => {
    const orgs = await listAll<Organisation>(app, th.auth, '/v1/organisations');
    const [almatyId] = th.seed.provinceIds;
    const inside = new Set(orgs.filter((o) => o.path.includes(almatyId)).map((o) => o.id));
    expect(inside.size).toBe(3); // the province, the Talgar district and its school
    type Item = { id: string; orgId?: string };
    const orgOf = (url: string, item: Item) =>
      url === '/v1/organisations' ? item.id : (item.orgId as string);
    for (const url of LISTS) {
      const all = await listAll<Item>(app, th.auth, url);
      // Every list holds records outside Almaty, so a leak would show.
      expect(all.filter((item) => !inside.has(orgOf(url, item))).length, url).toBeGreaterThan(0);
      const seen = await listAll<Item>(app, almaty.headers, url);
      expect(
        seen.filter((item) => !inside.has(orgOf(url, item))),
        url,
      ).toEqual([]);
    }
    expect(await countAll(app, almaty.headers, '/v1/contacts')).toBe(110);
  });

  it('cannot create records in an organisation outside its subtree; nothing is written', async () => {
    const count = () => Promise.all(LISTS.map((url) => countAll(app, th.auth, url)));
    const before = await count();
    const parent = { role: 'parent', language: 'vi' };
    const text = { vi: 'Tổng đài 111' };
    const dates = { startsOn: '2022-09-05', endsOn: '2023-05-31', timeZone: 'Asia/Ho_Chi_Minh' };
    const content = { body: text };
    const creates: [Spec, (id: string) => object, string][] = [
      [
        'POST /v1/organisations',
        (id) => ({ parentId: id, kind: 'district', name: 'x' }),
        dakLak.org,
      ],
      ['POST /v1/api-keys', (id) => ({ orgId: id, name: 'x', scopes: ['admin'] }), dakLak.org],
      ['POST /v1/contacts', (id) => ({ orgId: id, ...parent }), dakLak.school],
      [
        'POST /v1/contacts/bulk',
        (id) => ({ contacts: [{ orgId: id, externalRef: 'x', ...parent }] }),
        dakLak.school,
      ],
      ['POST /v1/segments', (id) => ({ orgId: id, name: 'x', query: {} }), dakLak.org],
      ['POST /v1/segments/count', (id) => ({ orgId: id, query: {} }), dakLak.org],
      [
        'POST /v1/recommendations',
        (id) => ({ orgId: id, topic: 'netiquette', title: text, body: text }),
        dakLak.org,
      ],
      ['POST /v1/campaigns', (id) => ({ orgId: id, title: 'x', ...dates }), dakLak.org],
      [
        'POST /v1/broadcasts',
        (id) => ({ orgId: id, segmentId: dakLak.segment, channels: ['email'], content }),
        dakLak.org,
      ],
    ];
    for (const [spec, payload, id] of creates) await expectHidden(call(spec, payload), id);
    expect(await count()).toEqual(before);
  });

  it('cannot reach outside through the ids a request names', async () => {
    const [almatyId] = th.seed.provinceIds;
    const query = (id: string) => ({ roles: ['parent'], underOrgIds: [almatyId, id] });
    const dryRun = (id: string) => ({ orgId: almatyId, query: query(id) });
    await expectHidden(
      call('POST /v1/segments', (id) => ({ ...dryRun(id), name: 'x' })),
      dakLak.org,
    );
    await expectHidden(call('POST /v1/segments/count', dryRun), dakLak.org);

    const broadcasts = await countAll(app, th.auth, '/v1/broadcasts');
    const parents = await post(almaty.headers, '/v1/segments', {
      orgId: almatyId,
      name: 'Parents',
      query: { roles: ['parent'] },
    });
    const broadcast = (fields: (id: string) => object) =>
      call('POST /v1/broadcasts', (id) => ({
        orgId: almatyId,
        segmentId: parents,
        channels: ['email'],
        content: { body: { kk: 'Ата-аналар жиналысы' } },
        ...fields(id),
      }));
    await expectHidden(
      broadcast((id) => ({ segmentId: id })),
      th.seed.segmentIds.allParents,
    );
    await expectHidden(
      broadcast((id) => ({ campaignId: id })),
      th.seed.campaignId,
    );
    const recommendation = (id: string) => ({ content: { recommendationId: id } });
    await expectHidden(broadcast(recommendation), dakLak.recommendation);
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
    const own = th.seed.schoolIds[0];
    const { headers } = await createKey(app, th.auth, own, ['read']);
    await expectHidden(call('GET /v1/organisations/:id'), sibling, headers);
    await expectHidden(call('GET /v1/organisations/:id'), th.seed.districtId, headers);
    await expectHidden(call('GET /v1/contacts/:id'), contact, headers);
    await expectHidden(call('GET /v1/contacts?orgId=:id'), sibling, headers);
    const orgs = await listAll(app, headers, '/v1/organisations');
    expect(orgs.map((o) => o.id)).toEqual([own]);
    const contacts = await listAll<{ orgId: string }>(app, headers, '/v1/contacts');
    expect(new Set(contacts.map((c) => c.orgId))).toEqual(new Set([own]));
  });
});
