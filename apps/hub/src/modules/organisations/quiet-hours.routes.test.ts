import { randomUUID } from 'node:crypto';
import type { OrganisationDetail } from '@safenet/core';
import type { HTTPMethods } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHeaders, createKey, expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

/**
 * Quiet hours through the organisations API, on both stores: set, turned off, inherited down
 * the tree and dropped again; the effective hours say where they come from; bad input is a 400
 * with its code, another subtree a 404, a key without `admin` a 403.
 */
describe.each(await testBackends())('organisations’ quiet hours on $name', ({ database, run }) => {
  let th: TestHub;

  beforeAll(async () => {
    if (!run) return;
    // The hub's default differs from core's, so "hub_default" is visibly the hub's.
    th = await startTestHub({
      database,
      workers: false,
      env: { SAFENET_QUIET_HOURS: '22:00-07:00' },
    });
  });
  afterAll(() => th?.close());

  const call = (method: HTTPMethods, url: string, payload?: object, headers?: AuthHeaders) =>
    th.hub.app.inject({
      method,
      url,
      headers: headers ?? th.auth,
      ...(payload === undefined ? {} : { payload }),
    });
  const detail = async (method: HTTPMethods, id: string, payload?: object) => {
    const res = await call(method, `/v1/organisations/${id}`, payload);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<OrganisationDetail>();
  };

  it.runIf(run)('sets, turns off, inherits and drops an organisation’s quiet hours', async () => {
    const [provinceId] = th.seed.provinceIds;
    const create = await call('POST', '/v1/organisations', {
      parentId: provinceId,
      kind: 'school',
      name: 'School No. 12',
    });
    expect(create.statusCode, create.body).toBe(201);
    const schoolId = create.json<{ id: string }>().id;

    expect((await detail('GET', schoolId)).effectiveQuietHours).toEqual({
      quietHours: { from: '22:00', to: '07:00' },
      source: 'hub_default',
      orgId: null,
    });

    const province = await detail('PATCH', provinceId, {
      quietHours: { from: '20:30', to: '08:15' },
    });
    expect(province.quietHours).toEqual({ from: '20:30', to: '08:15' });
    expect(province.effectiveQuietHours).toEqual({
      quietHours: { from: '20:30', to: '08:15' },
      source: 'own',
      orgId: provinceId,
    });
    const school = await detail('GET', schoolId);
    expect(school).not.toHaveProperty('quietHours');
    expect(school.effectiveQuietHours).toEqual({
      quietHours: { from: '20:30', to: '08:15' },
      source: 'inherited',
      orgId: provinceId,
    });

    // The school turns them off: none, whatever its province says.
    const off = await detail('PATCH', schoolId, { quietHours: null });
    expect(off.quietHours).toBeNull();
    expect(off.effectiveQuietHours).toEqual({ quietHours: null, source: 'own', orgId: schoolId });

    // Back to its province's, then the province back to the hub's default.
    const again = await detail('PATCH', schoolId, { quietHours: 'inherit' });
    expect(again).not.toHaveProperty('quietHours');
    expect(again.effectiveQuietHours.source).toBe('inherited');
    await detail('PATCH', provinceId, { quietHours: 'inherit' });
    expect((await detail('GET', schoolId)).effectiveQuietHours).toMatchObject({
      source: 'hub_default',
      orgId: null,
    });
  });

  it.runIf(run)(
    'refuses bad settings with 400, others’ organisations with 404, keys without admin with 403',
    async () => {
      const [almatyId, dakLakId] = th.seed.provinceIds;
      const url = `/v1/organisations/${almatyId}`;
      for (const payload of [
        { quietHours: { from: '25:00', to: '08:00' } },
        { quietHours: { from: '21:00' } },
        { quietHours: { from: '21:00', to: '08:00', zone: 'Asia/Almaty' } },
        { quietHours: '21:00-08:00' },
        {},
        { quietHours: null, name: 'Renamed' },
      ]) {
        expectProblem(await call('PATCH', url, payload), 400, 'validation_failed');
      }
      expectProblem(
        await call('PATCH', `/v1/organisations/${randomUUID()}`, { quietHours: null }),
        404,
        'not_found',
      );
      const almatyAdmin = await createKey(th.hub.app, th.auth, almatyId, ['admin', 'read']);
      expectProblem(
        await call(
          'PATCH',
          `/v1/organisations/${dakLakId}`,
          { quietHours: null },
          almatyAdmin.headers,
        ),
        404,
        'not_found',
      );
      const sender = await createKey(th.hub.app, th.auth, almatyId, ['read', 'send', 'write']);
      expectProblem(
        await call('PATCH', url, { quietHours: null }, sender.headers),
        403,
        'insufficient_scope',
      );
      // Nothing was written by any of them.
      expect(await detail('GET', almatyId)).not.toHaveProperty('quietHours');
    },
  );
});
