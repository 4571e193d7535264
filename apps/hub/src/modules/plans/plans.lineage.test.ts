import type {
  Campaign,
  CampaignInput,
  CampaignLineage,
  Plan,
  PlanGrid,
  PlanInput,
} from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/eventually.js';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

const window = {
  startsOn: '2022-09-01',
  endsOn: '2023-05-31',
  timeZone: 'Asia/Ho_Chi_Minh',
  phases: [
    { key: 'term-1', title: { en: 'Term 1' }, startsOn: '2022-09-01', endsOn: '2022-12-31' },
    { key: 'term-2', title: { en: 'Term 2' }, startsOn: '2023-01-01', endsOn: '2023-05-31' },
  ],
};

const item = (key: string, responsible: object[], title = `Item ${key}`) => ({
  key,
  number: `${key}.`,
  title: { en: title },
  completionForm: 'info-to-ministry',
  deadline: { kind: 'date', by: '2023-05-15' },
  responsible,
});

const plan = (...items: ReturnType<typeof item>[]): PlanInput =>
  ({ sections: [{ key: 'main', title: { en: 'Main' }, items }] }) as PlanInput;

/**
 * Cascading plans through the API: a province's campaign, its district's adopting it, a
 * school's adopting the district's; the school's work counts in the province's grid.
 */
describe.each(backends)('cascading plans on $name', ({ database, run }) => {
  let th: TestHub;
  const clock = Date.parse('2022-08-20T00:00:00Z');
  let ids: { province: string; otherProvince: string; district: string; schools: string[] };
  let keys: { district: TestKey; school: TestKey; sibling: TestKey; otherProvince: TestKey };
  let province: Campaign;
  let district: Campaign;
  let school: Campaign;

  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = th.auth,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const ok = async <T>(res: Awaited<ReturnType<typeof inject>>, status = 200): Promise<T> => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json<T>();
  };
  const adopt = (campaignId: string, body: object, headers: Record<string, string>) =>
    inject('POST', `/v1/campaigns/${campaignId}/adopt`, body, headers);
  const grid = (campaignId: string, query = '', headers = th.auth) =>
    inject('GET', `/v1/campaigns/${campaignId}/grid${query}`, undefined, headers).then((r) =>
      ok<PlanGrid>(r),
    );

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    const [almaty, dakLak] = th.seed.provinceIds;
    const sibling = await ok<{ id: string }>(
      await inject('POST', '/v1/organisations', {
        parentId: th.seed.districtId,
        kind: 'school',
        name: 'Talgar school No. 2',
      }),
      201,
    );
    ids = {
      province: almaty,
      otherProvince: dakLak,
      district: th.seed.districtId,
      schools: [th.seed.schoolIds[0], sibling.id],
    };
    keys = {
      district: await createKey(th.hub.app, th.auth, ids.district, ['read', 'write']),
      school: await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['read', 'write']),
      sibling: await createKey(th.hub.app, th.auth, sibling.id, ['read', 'write']),
      otherProvince: await createKey(th.hub.app, th.auth, dakLak, ['read', 'write']),
    };

    // The province's plan: p1 for every school beneath it, p2 for the province itself.
    const input: CampaignInput = {
      orgId: ids.province,
      key: 'province-plan',
      title: { en: 'Province plan' },
      goal: { en: 'Safer children online' },
      ...window,
    };
    province = await ok<Campaign>(await inject('POST', '/v1/campaigns', input), 201);
    await ok<Plan>(
      await inject(
        'PUT',
        `/v1/campaigns/${province.id}/plan`,
        plan(
          item('p1', [{ allOf: 'school', under: ids.province }]),
          item('p2', [{ orgId: ids.province }]),
        ),
      ),
    );
    district = await ok<Campaign>(
      await adopt(province.id, { key: 'district-plan' }, keys.district.headers),
      201,
    );
    await ok<Plan>(
      await inject(
        'PUT',
        `/v1/campaigns/${district.id}/plan`,
        plan(item('d1', [{ allOf: 'school', under: ids.district }])),
        keys.district.headers,
      ),
    );
    school = await ok<Campaign>(
      await adopt(district.id, { key: 'school-plan', title: 'Our plan' }, keys.school.headers),
      201,
    );
    await ok<Plan>(
      await inject(
        'PUT',
        `/v1/campaigns/${school.id}/plan`,
        plan(item('s1', [{ orgId: ids.schools[0] }])),
        keys.school.headers,
      ),
    );
  });
  afterAll(() => th?.close());

  it.runIf(run)('adopting copies the window, phases, title and goal as a draft', () => {
    expect(district).toMatchObject({
      orgId: ids.district,
      key: 'district-plan',
      title: { en: 'Province plan' },
      goal: { en: 'Safer children online' },
      startsOn: window.startsOn,
      endsOn: window.endsOn,
      timeZone: window.timeZone,
      phases: window.phases,
      status: 'draft',
      implementsCampaignId: province.id,
    });
    expect(school).toMatchObject({
      orgId: ids.schools[0],
      implementsCampaignId: district.id,
      phases: window.phases,
    });
    // A plain title is stored in the school's default language.
    expect(Object.values(school.title)).toEqual(['Our plan']);
  });

  it.runIf(run)(
    'the school sees what it inherits, marks an inherited item done on the province’s campaign, and the province’s grid shows it',
    async () => {
      const view = await ok<Plan>(
        await inject('GET', `/v1/campaigns/${school.id}/plan`, undefined, keys.school.headers),
      );
      expect(view.sections.flatMap((s) => s.items.map((i) => i.key))).toEqual(['s1']);
      // Nearest first: the district's d1, then the province's p1 (p2 is the province's own).
      expect(view.inherited.map((i) => [i.campaign.id, i.key])).toEqual([
        [district.id, 'd1'],
        [province.id, 'p1'],
      ]);
      expect(view.inherited[1]).toMatchObject({
        campaign: { id: province.id, key: 'province-plan', title: { en: 'Province plan' } },
        deadline: { kind: 'date', by: '2023-05-15' },
        assignments: [{ orgId: ids.schools[0], status: 'planned', recordedStatus: 'planned' }],
      });
      // Only the school's pairs: not its sibling's.
      expect(view.inherited.flatMap((i) => i.assignments.map((a) => a.orgId))).toEqual([
        ids.schools[0],
        ids.schools[0],
      ]);

      const done = await inject(
        'PATCH',
        `/v1/campaigns/${province.id}/plan/items/p1/assignments/${ids.schools[0]}`,
        { status: 'done' },
        keys.school.headers,
      );
      expect(done.statusCode, done.body).toBe(200);

      const again = await ok<Plan>(
        await inject('GET', `/v1/campaigns/${school.id}/plan`, undefined, keys.school.headers),
      );
      expect(again.inherited[1]?.assignments[0]).toMatchObject({ status: 'done' });

      const whole = await grid(province.id, `?orgId=${ids.province}`);
      expect(whole.items.map((i) => [i.campaign.id, i.key])).toEqual([
        [province.id, 'p1'],
        [province.id, 'p2'],
        [district.id, 'd1'],
        [school.id, 's1'],
      ]);
      expect(whole.items[0]?.campaign).toEqual({
        id: province.id,
        key: 'province-plan',
        orgId: ids.province,
      });
      expect(whole.items[3]?.campaign).toEqual({
        id: school.id,
        key: 'school-plan',
        orgId: ids.schools[0],
      });
      const counts = new Map(whole.items.map((i) => [i.key, i.counts]));
      expect(counts.get('p1')).toMatchObject({ done: 1, planned: 1 });
      expect(counts.get('d1')).toMatchObject({ done: 0, planned: 2 });
      expect(counts.get('s1')).toMatchObject({ done: 0, planned: 1 });
      // p1 ×2 + p2 + d1 ×2 + s1.
      expect(whole.totals).toEqual({ planned: 5, in_progress: 0, done: 1, overdue: 0 });
      const row = whole.organisations.find((o) => o.orgId === ids.schools[0]);
      expect(row?.counts).toMatchObject({ planned: 2, done: 1 });
      expect(row?.cells.map((c) => [c.campaignId, c.itemKey, c.status])).toEqual([
        [province.id, 'p1', 'done'],
        [district.id, 'd1', 'planned'],
        [school.id, 's1', 'planned'],
      ]);

      // Its own items only.
      const own = await grid(province.id, `?orgId=${ids.province}&lineage=false`);
      expect(own.items.map((i) => i.key)).toEqual(['p1', 'p2']);
      expect(own.totals).toEqual({ planned: 2, in_progress: 0, done: 1, overdue: 0 });

      // The subtree filter, the status filter and paging hold across the lineage.
      const oneSchool = await grid(province.id, `?orgId=${ids.schools[1]}`);
      expect(oneSchool.items.map((i) => i.key)).toEqual(['p1', 'p2', 'd1']);
      expect(oneSchool.totals).toEqual({ planned: 2, in_progress: 0, done: 0, overdue: 0 });
      const planned = await grid(province.id, `?orgId=${ids.district}&status=planned`);
      expect(planned.totals).toEqual({ planned: 4, in_progress: 0, done: 0, overdue: 0 });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: PlanGrid = await grid(
          province.id,
          `?orgId=${ids.province}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.organisations.length).toBeLessThanOrEqual(1);
        seen.push(...page.organisations.map((o) => o.orgId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual([ids.province, ...ids.schools].sort());
    },
  );

  it.runIf(run)('the lineage answers the chain above and the tree below', async () => {
    const below = await ok<CampaignLineage>(
      await inject('GET', `/v1/campaigns/${province.id}/lineage`),
    );
    expect(below.campaign).toMatchObject({
      id: province.id,
      key: 'province-plan',
      owner: { id: ids.province },
      status: 'draft',
    });
    expect(below.ancestors).toEqual([]);
    expect(below.descendants.map((d) => [d.id, d.implementsCampaignId, d.depth])).toEqual([
      [district.id, province.id, 1],
      [school.id, district.id, 2],
    ]);
    expect(below.descendants[1]?.progress).toEqual({ done: 0, total: 1 });

    const above = await ok<CampaignLineage>(
      await inject('GET', `/v1/campaigns/${school.id}/lineage`, undefined, keys.school.headers),
    );
    expect(above.ancestors.map((a) => a.id)).toEqual([district.id, province.id]);
    expect(above.ancestors[0]?.owner.id).toBe(ids.district);
    // Progress over the caller's subtree: the school's own pairs of the province's plan.
    expect(above.ancestors[1]?.progress.total).toBe(1);
    expect(above.descendants).toEqual([]);

    // A sibling school sees the province's and district's plans, not the other school's.
    const sibling = await ok<CampaignLineage>(
      await inject('GET', `/v1/campaigns/${province.id}/lineage`, undefined, keys.sibling.headers),
    );
    expect(sibling.descendants.map((d) => d.id)).toEqual([district.id]);
    const hidden = await inject('GET', `/v1/campaigns/${school.id}/lineage`, undefined, {
      ...keys.sibling.headers,
    });
    expectProblem(hidden, 404, 'not_found');
  });

  it.runIf(run)('an organisation adopts a campaign once', async () => {
    const twice = await adopt(province.id, { key: 'district-plan-2' }, keys.district.headers);
    const body = expectProblem(twice, 409, 'campaign_already_adopted');
    expect(body.detail).toContain(district.id);
  });

  it.runIf(run)(
    'two adoptions at once by one organisation: the adopted campaign’s lock lets one through',
    async () => {
      // The test holds the province campaign's row lock while both requests start; each must
      // wait for it before checking for an earlier adoption, so they run one after the other.
      // Without that lock both would check, find none, and wait only to insert (the foreign
      // key's share lock): both would be created once the test lets go.
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = th.hub.db.transaction().execute(async (trx) => {
        await sql`select id from campaigns where id = ${province.id} for update`.execute(trx);
        locked();
        await held;
      });
      await lockTaken;
      let answered = 0;
      const both = Promise.all(
        ['race-a', 'race-b'].map((key) =>
          adopt(province.id, { key }, keys.sibling.headers).finally(() => {
            answered += 1;
          }),
        ),
      );
      try {
        // Both seen waiting for the lock (or, were it not taken, both already answered).
        await eventually(
          async () =>
            answered === 2
              ? 2
              : ((
                  await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock'
                      and query ilike '%"campaigns"%'`.execute(th.hub.db)
                ).rows[0]?.n ?? 0),
          (n) => n >= 2,
          'both adoptions waiting for the campaign’s lock',
          10_000,
        );
        expect(answered).toBe(0);
      } finally {
        release();
        await holder;
      }
      const answers = await both;
      expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      const conflict = answers.find((r) => r.statusCode === 409);
      expectProblem(conflict as (typeof answers)[number], 409, 'campaign_already_adopted');
      const adoptions = await th.hub.db
        .selectFrom('campaigns')
        .select('id')
        .where('implements_campaign_id', '=', province.id)
        .where('org_id', '=', ids.schools[1] as string)
        .execute();
      expect(adoptions).toHaveLength(1);
    },
  );

  it.runIf(run)('an organisation not beneath the owner cannot adopt', async () => {
    // The province itself, and one above it, on the ministry's key.
    expectProblem(
      await adopt(province.id, { orgId: ids.province, key: 'self' }, th.auth),
      422,
      'campaign_adopt_outside_tree',
    );
    expectProblem(
      await adopt(province.id, { orgId: th.seed.ministryId, key: 'up' }, th.auth),
      422,
      'campaign_adopt_outside_tree',
    );
    // Another province does not see the campaign at all.
    expectProblem(
      await adopt(province.id, { key: 'elsewhere' }, keys.otherProvince.headers),
      404,
      'not_found',
    );
    // A school cannot adopt for its district (not in its subtree).
    expectProblem(
      await adopt(province.id, { orgId: ids.district, key: 'for-you' }, keys.school.headers),
      404,
      'not_found',
    );
  });

  it.runIf(run)('a cancelled campaign cannot be adopted', async () => {
    const other = await ok<Campaign>(
      await inject('POST', '/v1/campaigns', {
        orgId: ids.province,
        key: 'cancelled-plan',
        title: { en: 'Cancelled' },
        ...window,
      }),
      201,
    );
    await ok<Campaign>(await inject('POST', `/v1/campaigns/${other.id}/cancel`));
    expectProblem(
      await adopt(other.id, { key: 'late' }, keys.district.headers),
      409,
      'campaign_adopt_closed',
    );
  });

  it.runIf(run)('a school’s key cannot change another school’s inherited pair', async () => {
    const res = await inject(
      'PATCH',
      `/v1/campaigns/${province.id}/plan/items/p1/assignments/${ids.schools[0]}`,
      { status: 'in_progress' },
      keys.sibling.headers,
    );
    expectProblem(res, 404, 'not_found');
    const view = await ok<Plan>(
      await inject('GET', `/v1/campaigns/${school.id}/plan`, undefined, keys.school.headers),
    );
    expect(view.inherited.find((i) => i.key === 'p1')?.assignments[0]?.recordedStatus).toBe('done');
  });

  it.runIf(run)('the child’s PUT plan cannot overwrite an inherited item', async () => {
    const before = await th.hub.db
      .selectFrom('plan_items')
      .selectAll()
      .where('campaign_id', '=', province.id)
      .orderBy('key')
      .execute();
    // The district names an item of its own with the province's key: it is the district's.
    const put = await ok<Plan>(
      await inject(
        'PUT',
        `/v1/campaigns/${district.id}/plan`,
        plan(
          item('d1', [{ allOf: 'school', under: ids.district }]),
          item('p1', [{ orgId: ids.district }], 'The district’s own p1'),
        ),
        keys.district.headers,
      ),
    );
    expect(put.sections[0]?.items.map((i) => i.key)).toEqual(['d1', 'p1']);
    expect(put.inherited.map((i) => [i.campaign.id, i.key])).toEqual([[province.id, 'p1']]);
    expect(put.inherited[0]?.title).toEqual({ en: 'Item p1' });
    const after = await th.hub.db
      .selectFrom('plan_items')
      .selectAll()
      .where('campaign_id', '=', province.id)
      .orderBy('key')
      .execute();
    expect(after).toEqual(before);
    // The school's done status on the province's p1 is untouched.
    const pair = await th.hub.db
      .selectFrom('plan_assignments')
      .select('status')
      .where('campaign_id', '=', province.id)
      .where('item_key', '=', 'p1')
      .where('org_id', '=', ids.schools[0] as string)
      .executeTakeFirstOrThrow();
    expect(pair.status).toBe('done');
    // The district cannot write the province's plan at all.
    expectProblem(
      await inject(
        'PUT',
        `/v1/campaigns/${province.id}/plan`,
        plan(item('p1', [{ orgId: ids.district }])),
        keys.district.headers,
      ),
      404,
      'not_found',
    );
  });
});
