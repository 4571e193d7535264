import type { Hotline, Page } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

describe.each(backends)('the hotline directory on $name', ({ database, run }) => {
  let th: TestHub;
  let keys: { nbk: TestKey; almaty: TestKey; dakLakReader: TestKey; dakLak: TestKey };
  let demo: Hotline[];

  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const numbers = async (headers: Record<string, string>, query = '') => {
    const res = await inject('GET', `/v1/hotlines${query}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res
      .json<Page<Hotline>>()
      .items.map((l) => l.number)
      .sort();
  };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
    const [almaty, dakLak] = th.seed.provinceIds;
    const [, nbk] = th.seed.schoolIds;
    const app = th.hub.app;
    keys = {
      nbk: await createKey(app, th.auth, nbk, ['read', 'write']),
      almaty: await createKey(app, th.auth, almaty, ['read', 'write']),
      dakLakReader: await createKey(app, th.auth, dakLak, ['read']),
      dakLak: await createKey(app, th.auth, dakLak, ['read', 'write']),
    };
    demo = (await inject('GET', '/v1/hotlines', th.auth)).json<Page<Hotline>>().items;
  });
  afterAll(() => th?.close());

  it.runIf(run)(
    'shows a school the lines serving it and above, another province none',
    async () => {
      expect(await numbers(keys.nbk.headers)).toEqual(['02623.951.567', '111']);
      expect(await numbers(keys.almaty.headers)).toEqual([]);
      expect(await numbers(th.auth, '?purpose=psychological_help')).toEqual([]);
      expect(await numbers(th.auth, '?language=vi&purpose=child_protection')).toEqual([
        '02623.951.567',
        '111',
      ]);
      const national = demo.find((l) => l.number === '111') as Hotline;
      expect(
        (await inject('GET', `/v1/hotlines/${national.id}`, keys.nbk.headers)).statusCode,
      ).toBe(200);
      expectProblem(
        await inject('GET', `/v1/hotlines/${national.id}`, keys.almaty.headers),
        404,
        'not_found',
      );
    },
  );

  it.runIf(run)('lets only the keeper’s subtree change or delete a line', async () => {
    const national = demo.find((l) => l.number === '111') as Hotline;
    // Đắk Lắk sees the ministry's line, which serves it, but does not keep it.
    expectProblem(
      await inject('PATCH', `/v1/hotlines/${national.id}`, keys.dakLak.headers, { hours: '24/7' }),
      404,
      'not_found',
    );
    expectProblem(
      await inject('DELETE', `/v1/hotlines/${national.id}`, keys.dakLak.headers),
      404,
      'not_found',
    );
    const patched = await inject('PATCH', `/v1/hotlines/${national.id}`, th.auth, {
      hours: '24/7',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<Hotline>()).toMatchObject({ number: '111', hours: '24/7' });
    const cleared = await inject('PATCH', `/v1/hotlines/${national.id}`, th.auth, { hours: null });
    expect(cleared.json<Hotline>().hours).toBeNull();
  });

  it.runIf(run)('creates and deletes within the caller’s subtree only', async () => {
    const [almaty, dakLak] = th.seed.provinceIds;
    const input = {
      orgId: almaty,
      number: '1234',
      name: { ru: 'Тестовая линия' },
      purposes: ['anonymous_consultation'],
      languages: ['ru'],
      serves: [almaty],
    };
    expectProblem(
      await inject('POST', '/v1/hotlines', keys.dakLakReader.headers, { ...input, orgId: dakLak }),
      403,
      'insufficient_scope',
    );
    // Serving an organisation outside its subtree: 404, nothing written.
    expectProblem(
      await inject('POST', '/v1/hotlines', keys.almaty.headers, { ...input, serves: [dakLak] }),
      404,
      'not_found',
    );
    expectProblem(
      await inject('POST', '/v1/hotlines', keys.almaty.headers, { ...input, number: '+7 abc' }),
      400,
      'hotline_number_invalid',
    );
    expect(await numbers(keys.almaty.headers)).toEqual([]);
    const created = await inject('POST', '/v1/hotlines', keys.almaty.headers, input);
    expect(created.statusCode, created.body).toBe(201);
    const line = created.json<Hotline>();
    expect(line).toMatchObject({ orgId: almaty, e164: null, hours: null, serves: [almaty] });
    expect(await numbers(keys.almaty.headers)).toEqual(['1234']);
    expect(await numbers(keys.nbk.headers)).toEqual(['02623.951.567', '111']);
    const deleted = await inject('DELETE', `/v1/hotlines/${line.id}`, keys.almaty.headers);
    expect(deleted.statusCode).toBe(204);
    expect(await numbers(keys.almaty.headers)).toEqual([]);
  });
});
