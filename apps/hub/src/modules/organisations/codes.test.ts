import type { Organisation, OrganisationDetail, Page } from '@safenet/core';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { type OrgRefAt, resolveOrgRefs } from './org-refs.js';
import { insertOrganisation } from './organisations.service.js';

const backends = await testBackends();

describe.each(backends)('organisation codes on $name', ({ database, run }) => {
  let th: TestHub;

  beforeAll(async () => {
    if (run) th = await startTestHub({ database, workers: false });
  });
  afterAll(() => th?.close());

  const create = (payload: Record<string, unknown>) =>
    th.hub.app.inject({ method: 'POST', url: '/v1/organisations', headers: th.auth, payload });
  const patch = (id: string, payload: Record<string, unknown>) =>
    th.hub.app.inject({
      method: 'PATCH',
      url: `/v1/organisations/${id}`,
      headers: th.auth,
      payload,
    });
  const byCode = async (code: string) =>
    (await th.hub.app.inject({ url: `/v1/organisations?code=${code}`, headers: th.auth })).json<
      Page<Organisation>
    >().items;

  it.runIf(run)('is set at create and by PATCH, returned, found by ?code=', async () => {
    const res = await create({
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'School with a code',
      code: 'KZ-TLG-0042',
    });
    expect(res.statusCode, res.body).toBe(201);
    const school = res.json<Organisation>();
    expect(school.code).toBe('KZ-TLG-0042');
    expect((await byCode('KZ-TLG-0042')).map((o) => o.id)).toEqual([school.id]);

    const changed = await patch(school.id, { code: 'KZ-TLG-0043' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json<OrganisationDetail>()).toMatchObject({
      code: 'KZ-TLG-0043',
      effectiveQuietHours: expect.anything(),
    });
    expect(await byCode('KZ-TLG-0042')).toEqual([]);

    // Quiet hours alone leave the code as it was, and the reverse.
    await patch(school.id, { quietHours: { from: '22:00', to: '07:00' } });
    const detail = (await patch(school.id, { code: null })).json<OrganisationDetail>();
    expect(detail.code).toBeNull();
    expect(detail.quietHours).toEqual({ from: '22:00', to: '07:00' });
  });

  it.runIf(run)('answers 409 organisation_code_taken on a clash within the tree', async () => {
    const first = (
      await create({ parentId: th.seed.ministryId, kind: 'province', name: 'P1', code: 'DUP-1' })
    ).json<Organisation>();
    const clash = await create({
      parentId: th.seed.provinceIds[1],
      kind: 'district',
      name: 'D1',
      code: 'DUP-1',
    });
    expectProblem(clash, 409, 'organisation_code_taken', /DUP-1/);
    const other = (
      await create({ parentId: th.seed.ministryId, kind: 'province', name: 'P2' })
    ).json<Organisation>();
    expectProblem(await patch(other.id, { code: 'DUP-1' }), 409, 'organisation_code_taken');
    expect((await byCode('DUP-1')).map((o) => o.id)).toEqual([first.id]);
  });

  it.runIf(run)('is unique per root’s tree: another root may use the same code', async () => {
    const root = await insertOrganisation(share(th.hub.db), null, {
      kind: 'ministry',
      name: 'Another country’s ministry',
      timeZone: 'Asia/Ho_Chi_Minh',
      defaultLanguage: 'vi',
      code: 'SAME-CODE',
    });
    expect(root.code).toBe('SAME-CODE');
    const ours = await create({
      parentId: th.seed.ministryId,
      kind: 'province',
      name: 'Ours',
      code: 'SAME-CODE',
    });
    expect(ours.statusCode, ours.body).toBe(201);
    // The admin key sees its own root's tree only.
    expect((await byCode('SAME-CODE')).map((o) => o.id)).toEqual([ours.json<Organisation>().id]);
  });

  it.runIf(run)('resolves hundreds of references in three queries', async () => {
    const talgar = 'Talgar District Education Office';
    await patch(th.seed.schoolIds[0], { code: 'TALGAR-1' });
    const refs: OrgRefAt[] = Array.from({ length: 300 }, (_, i) => {
      const at = ['plan', 0, 'items', i, 'responsible', 0, 'org'];
      const ref =
        i % 3 === 0
          ? { code: 'TALGAR-1' }
          : i % 3 === 1
            ? { path: [talgar, 'Talgar Secondary School No. 1'] }
            : { id: th.seed.schoolIds[0] };
      return { at, ref };
    });
    refs.push({ at: ['x'], ref: { path: [talgar, 'Nowhere'] } });
    refs.push({ at: ['y'], ref: { code: 'NO-SUCH' } });
    refs.push({ at: ['z'], ref: { id: th.seed.schoolIds[1] } });
    let queries = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const almaty = await th.hub.db
      .selectFrom('organisations')
      .select(['id', 'kind', 'name', 'path'])
      .where('id', '=', th.seed.provinceIds[0])
      .executeTakeFirstOrThrow();
    const { resolved, problems } = await resolveOrgRefs(share(th.hub.db.withPlugin(counter)), {
      reachOrgId: th.seed.provinceIds[0],
      base: almaty,
      refs,
    });
    expect(queries).toBe(3);
    expect(resolved.size).toBe(300);
    for (const org of resolved.values()) expect(org.id).toBe(th.seed.schoolIds[0]);
    expect(problems).toEqual([
      expect.objectContaining({ at: ['x', 'path', 1], code: 'unknown_org' }),
      expect.objectContaining({ at: ['y'], code: 'unknown_org' }),
      // Đắk Lắk's school is outside the Almaty key's reach: unknown, as if it did not exist.
      expect.objectContaining({ at: ['z'], code: 'unknown_org' }),
    ]);
  });
});
