import { readFile } from 'node:fs/promises';
import {
  type Campaign,
  type CampaignInput,
  type Deadline,
  overdueFor,
  type Plan,
  type PlanAssignment,
  type PlanGrid,
  type PlanInput,
  type PlanSectionInput,
  parseProgrammeFile,
  type StreamEvent,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

const EXAMPLE = new URL(
  '../../../../../examples/campaigns/safe-internet-2017.ru.yaml',
  import.meta.url,
);

/** The 2017 file's plan with its `{ path }` references resolved to the test tree's ids. */
async function examplePlan(ministryId: string, associationId: string): Promise<PlanSectionInput[]> {
  const parsed = parseProgrammeFile(await readFile(EXAMPLE, 'utf8'), 'yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const file = parsed.file;
  const idOf = (ref: { path?: string[] }) =>
    ref.path && ref.path.length > 0 ? associationId : ministryId;
  return (file.plan ?? []).map((section) => ({
    key: section.key,
    title: section.title,
    items: section.items.map((item) => ({
      key: item.key,
      number: item.number,
      title: item.title,
      completionForm: item.completionForm,
      deadline: item.deadline,
      ...(item.phase ? { phase: item.phase } : {}),
      responsible: item.responsible.map((r) =>
        'org' in r
          ? { orgId: idOf(r.org as { path?: string[] }), byAgreement: r.byAgreement ?? false }
          : {
              allOf: r.allOf,
              under: idOf(r.under as { path?: string[] }),
              byAgreement: r.byAgreement ?? false,
            },
      ),
    })),
  }));
}

const campaignInput = (orgId: string, extra: Partial<CampaignInput> = {}): CampaignInput => ({
  orgId,
  title: { en: 'Safe Internet' },
  startsOn: '2017-04-01',
  endsOn: '2017-04-30',
  timeZone: 'Asia/Almaty',
  phases: [
    {
      key: 'preparatory',
      title: { en: 'Preparatory' },
      startsOn: '2017-04-01',
      endsOn: '2017-04-09',
    },
    { key: 'main', title: { en: 'Main' }, startsOn: '2017-04-10', endsOn: '2017-04-21' },
    { key: 'results', title: { en: 'Results' }, startsOn: '2017-04-22', endsOn: '2017-04-30' },
  ],
  ...extra,
});

const item = (
  key: string,
  responsible: PlanSectionInput['items'][number]['responsible'],
  deadline: Deadline = { kind: 'date', by: '2017-04-25' },
) => ({
  key,
  number: `${key}.`,
  title: { en: `Item ${key}` },
  completionForm: 'info-to-ministry',
  deadline,
  responsible,
});

describe.each(backends)('activity plans on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = Date.parse('2017-03-20T00:00:00Z');
  let ids: {
    ministry: string;
    almaty: string;
    dakLak: string;
    aktobe: string;
    district: string;
    schools: string[];
    association: string;
  };
  let keys: { school: TestKey; sibling: TestKey; district: TestKey; readOnly: TestKey };

  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = th.auth,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function createCampaign(input: CampaignInput): Promise<Campaign> {
    const res = await inject('POST', '/v1/campaigns', input);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Campaign>();
  }
  async function putPlan(campaignId: string, body: PlanInput): Promise<Plan> {
    const res = await inject('PUT', `/v1/campaigns/${campaignId}/plan`, body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Plan>();
  }
  const patch = (
    campaignId: string,
    itemKey: string,
    orgId: string,
    body: object,
    headers = th.auth,
  ) =>
    inject(
      'PATCH',
      `/v1/campaigns/${campaignId}/plan/items/${itemKey}/assignments/${orgId}`,
      body,
      headers,
    );
  const grid = async (campaignId: string, query = '', headers = th.auth) => {
    const res = await inject('GET', `/v1/campaigns/${campaignId}/grid${query}`, undefined, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PlanGrid>();
  };
  /** Every row of the plan's tables for a campaign, to compare before and after. */
  const snapshot = async (campaignId: string) => ({
    sections: await th.hub.db
      .selectFrom('plan_sections')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('key')
      .execute(),
    items: await th.hub.db
      .selectFrom('plan_items')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('key')
      .execute(),
    entries: await th.hub.db
      .selectFrom('plan_responsibles')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('item_key')
      .orderBy('position')
      .execute(),
    pairs: await th.hub.db
      .selectFrom('plan_assignments')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('item_key')
      .orderBy('org_id')
      .execute(),
  });

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    const org = async (parentId: string, kind: string, name: string, timeZone?: string) => {
      const res = await inject('POST', '/v1/organisations', {
        parentId,
        kind,
        name,
        ...(timeZone ? { timeZone } : {}),
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const [almaty, dakLak] = th.seed.provinceIds;
    const aktobe = await org(th.seed.ministryId, 'province', 'Aktobe region', 'Asia/Aqtobe');
    const talgarSchool = th.seed.schoolIds[0];
    const schools = [
      talgarSchool,
      await org(th.seed.districtId, 'school', 'Talgar school No. 2'),
      await org(th.seed.districtId, 'school', 'Talgar school No. 3'),
    ];
    ids = {
      ministry: th.seed.ministryId,
      almaty,
      dakLak,
      aktobe,
      district: th.seed.districtId,
      schools,
      association: th.seed.associationId,
    };
    keys = {
      school: await createKey(th.hub.app, th.auth, talgarSchool, ['read', 'write']),
      sibling: await createKey(th.hub.app, th.auth, schools[1] as string, ['read', 'write']),
      district: await createKey(th.hub.app, th.auth, th.seed.districtId, ['read', 'write']),
      readOnly: await createKey(th.hub.app, th.auth, talgarSchool, ['read']),
    };
  });
  afterAll(() => th?.close());

  it.runIf(run)(
    'writes the 2017 plan, and rewriting it with the same keys keeps statuses',
    async () => {
      const campaign = await createCampaign(campaignInput(ids.ministry));
      const sections = await examplePlan(ids.ministry, ids.association);
      const plan = await putPlan(campaign.id, { sections });
      const items = plan.sections.flatMap((s) => s.items);
      expect(plan.sections.map((s) => s.key)).toEqual(sections.map((s) => s.key));
      expect(items.map((i) => i.key)).toEqual(sections.flatMap((s) => s.items.map((i) => i.key)));
      expect(items).toHaveLength(26);
      // Provinces beneath the ministry: Almaty, Đắk Lắk, Aktobe; one association.
      const byKey = new Map(items.map((i) => [i.key, i]));
      expect(byKey.get('1')?.assignmentCount).toBe(3);
      expect(byKey.get('5')?.assignmentCount).toBe(4);
      expect(byKey.get('5')?.responsible).toEqual([
        { allOf: 'province', under: ids.ministry, byAgreement: false, expandedTo: 3 },
        { allOf: 'association', under: ids.ministry, byAgreement: true, expandedTo: 1 },
      ]);
      expect(byKey.get('24')?.assignmentCount).toBe(4);
      expect(byKey.get('25')?.responsible).toEqual([{ orgId: ids.ministry, byAgreement: false }]);

      const done = await patch(campaign.id, '5', ids.almaty, {
        status: 'done',
        note: 'Leaflets handed out',
        evidenceUrl: 'https://example.kz/news/42',
      });
      expect(done.statusCode, done.body).toBe(200);
      const before = await snapshot(campaign.id);

      const again = await putPlan(campaign.id, { sections });
      expect(again).toEqual(plan);
      expect(await snapshot(campaign.id)).toEqual(before);
      const kept = before.pairs.find((p) => p.item_key === '5' && p.org_id === ids.almaty);
      expect(kept).toMatchObject({ status: 'done', note: 'Leaflets handed out' });

      // Item 25 dropped and item 5 moved to another section: 25's pairs go, 5's status stays.
      const [first, second, ...rest] = sections as [
        PlanSectionInput,
        PlanSectionInput,
        ...PlanSectionInput[],
      ];
      const five = first.items.find((i) => i.key === '5');
      const moved = [
        { ...first, items: first.items.filter((i) => i.key !== '5') },
        { ...second, items: [...second.items, five as (typeof first.items)[number]] },
        ...rest.map((s) => ({ ...s, items: s.items.filter((i) => i.key !== '25') })),
      ];
      const rewritten = await putPlan(campaign.id, { sections: moved });
      expect(rewritten.sections[1]?.items.at(-1)?.key).toBe('5');
      const after = await snapshot(campaign.id);
      expect(after.pairs.filter((p) => p.item_key === '25')).toEqual([]);
      expect(after.items.map((i) => i.key)).not.toContain('25');
      expect(after.pairs.find((p) => p.item_key === '5' && p.org_id === ids.almaty)).toEqual(kept);
      expect(after.pairs).toHaveLength(before.pairs.length - 1);
    },
  );

  it.runIf(run)('expands a rule to a subtree’s schools; who may mark a pair done', async () => {
    const campaign = await createCampaign(campaignInput(ids.almaty));
    const plan = await putPlan(campaign.id, {
      sections: [
        {
          key: 'schools',
          title: { en: 'Schools' },
          items: [item('1', [{ allOf: 'school', under: ids.district }])],
        },
      ],
    });
    expect(plan.sections[0]?.items[0]?.assignmentCount).toBe(3);
    const pairs = (await snapshot(campaign.id)).pairs.map((p) => p.org_id).sort();
    expect(pairs).toEqual([...ids.schools].sort());

    const [school, second, third] = ids.schools as [string, string, string];
    const byItself = await patch(campaign.id, '1', school, { status: 'done' }, keys.school.headers);
    expect(byItself.statusCode, byItself.body).toBe(200);
    expect(byItself.json<PlanAssignment>()).toMatchObject({
      status: 'done',
      recordedStatus: 'done',
      updatedBy: `key:${keys.school.id}`,
      updatedAt: new Date(clock).toISOString(),
    });
    const byDistrict = await patch(
      campaign.id,
      '1',
      second,
      { status: 'in_progress' },
      keys.district.headers,
    );
    expect(byDistrict.statusCode, byDistrict.body).toBe(200);
    expect(byDistrict.json<PlanAssignment>().updatedBy).toBe(`key:${keys.district.id}`);

    expectProblem(
      await patch(campaign.id, '1', school, { status: 'planned' }, keys.sibling.headers),
      404,
      'not_found',
    );
    expectProblem(
      await patch(campaign.id, '1', third, { status: 'done' }, keys.school.headers),
      404,
      'not_found',
    );
    const readOnly = await patch(
      campaign.id,
      '1',
      school,
      { status: 'planned' },
      keys.readOnly.headers,
    );
    expect(readOnly.statusCode).toBe(403);
    const overdue = await patch(campaign.id, '1', school, { status: 'overdue' });
    expectProblem(overdue, 400, 'validation_failed');
    expect(overdue.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toEqual([
      'body.status',
    ]);
    expectProblem(await patch(campaign.id, '9', school, { status: 'done' }), 404, 'not_found');

    const events = (await th.hub.bus.replay(ids.almaty, '0'))
      .map((logged) => logged.event)
      .filter(
        (e): e is Extract<StreamEvent, { type: 'plan.assignment.updated' }> =>
          e.type === 'plan.assignment.updated' && e.data.campaignId === campaign.id,
      );
    expect(events.map((e) => [e.orgId, e.data.status, e.data.previousStatus])).toEqual([
      [school, 'done', 'planned'],
      [second, 'in_progress', 'planned'],
    ]);
    // The sibling school's stream does not carry its neighbour's news.
    const siblingEvents = (await th.hub.bus.replay(second, '0')).filter(
      (l) => l.event.type === 'plan.assignment.updated' && l.event.orgId === school,
    );
    expect(siblingEvents).toEqual([]);
    // A responsible school reads the plan of the region above it.
    const read = await inject(
      'GET',
      `/v1/campaigns/${campaign.id}/plan`,
      undefined,
      keys.school.headers,
    );
    expect(read.statusCode, read.body).toBe(200);
  });

  it.runIf(run)('computes overdue in each organisation’s zone (UTC+5 and UTC+7)', async () => {
    const campaign = await createCampaign(campaignInput(ids.ministry));
    const deadline: Deadline = { kind: 'date', by: '2017-04-25' };
    await putPlan(campaign.id, {
      sections: [
        {
          key: 's',
          title: { en: 'S' },
          items: [item('report', [{ orgId: ids.aktobe }, { orgId: ids.dakLak }], deadline)],
        },
      ],
    });
    // 17:30 UTC on 25 April: 22:30 in Aktobe (UTC+5), 00:30 on the 26th in Đắk Lắk (UTC+7).
    clock = Date.parse('2017-04-25T17:30:00Z');
    try {
      const shown = await grid(campaign.id);
      const cell = (orgId: string) => shown.organisations.find((o) => o.orgId === orgId)?.cells[0];
      expect(cell(ids.aktobe)).toMatchObject({ status: 'planned', overdueFor: null });
      expect(cell(ids.dakLak)).toMatchObject({ status: 'overdue', overdueFor: '2017-04-25' });
      expect(shown.totals).toEqual({ planned: 1, in_progress: 0, done: 0, overdue: 1 });
      // The grid's SQL and core's rule agree.
      const window = { from: '2017-04-01', to: '2017-04-30' };
      const now = new Date(clock);
      expect(overdueFor(deadline, null, now, 'Asia/Aqtobe', window)).toBeNull();
      expect(overdueFor(deadline, null, now, 'Asia/Ho_Chi_Minh', window)).toBe('2017-04-25');

      const late = await patch(campaign.id, 'report', ids.dakLak, { status: 'in_progress' });
      expect(late.json<PlanAssignment>()).toMatchObject({
        status: 'overdue',
        recordedStatus: 'in_progress',
        overdueFor: '2017-04-25',
      });
      const done = await patch(campaign.id, 'report', ids.dakLak, { status: 'done' });
      expect(done.json<PlanAssignment>()).toMatchObject({ status: 'done', overdueFor: null });
      expect((await grid(campaign.id, '?status=overdue')).totals.overdue).toBe(0);
    } finally {
      clock = Date.parse('2017-03-20T00:00:00Z');
    }
  });

  it.runIf(run)('recurring deadlines: last period’s work does not answer this one', async () => {
    const campaign = await createCampaign(campaignInput(ids.ministry));
    const deadline: Deadline = { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=MO' };
    await putPlan(campaign.id, {
      sections: [
        {
          key: 's',
          title: { en: 'S' },
          items: [item('weekly', [{ orgId: ids.aktobe }], deadline)],
        },
      ],
    });
    const window = { from: '2017-04-01', to: '2017-04-30' };
    try {
      clock = Date.parse('2017-04-05T00:00:00Z');
      const marked = await patch(campaign.id, 'weekly', ids.aktobe, { status: 'done' });
      expect(marked.json<PlanAssignment>().status).toBe('done');
      for (const at of ['2017-04-08T00:00:00Z', '2017-04-11T00:00:00Z', '2017-04-18T00:00:00Z']) {
        clock = Date.parse(at);
        const doneAt = new Date('2017-04-05T00:00:00Z');
        const expected = overdueFor(deadline, doneAt, new Date(clock), 'Asia/Aqtobe', window);
        const cell = (await grid(campaign.id)).organisations[0]?.cells[0];
        expect(cell?.overdueFor ?? null, at).toBe(expected);
        expect(cell?.status, at).toBe(expected === null ? 'done' : 'overdue');
      }
      // By the 18th, Monday the 10th and the 17th have passed: the 5th's work was before the 10th's period.
      expect((await grid(campaign.id)).organisations[0]?.cells[0]?.overdueFor).toBe('2017-04-17');
    } finally {
      clock = Date.parse('2017-03-20T00:00:00Z');
    }
  });

  it.runIf(run)('the grid: a subtree, a status, counts, pages of organisations', async () => {
    const campaign = await createCampaign(campaignInput(ids.ministry));
    await putPlan(campaign.id, {
      sections: [
        {
          key: 's',
          title: { en: 'S' },
          items: [
            item('a', [{ allOf: 'school', under: ids.ministry }]),
            item('b', [{ allOf: 'school', under: ids.district }, { orgId: ids.almaty }]),
          ],
        },
      ],
    });
    const [school, second] = ids.schools as [string, string];
    await patch(campaign.id, 'a', school, { status: 'done' });
    await patch(campaign.id, 'b', second, { status: 'in_progress' });

    const district = await grid(campaign.id, `?orgId=${ids.district}`);
    expect(district.organisations.map((o) => o.orgId)).toEqual([...ids.schools].sort());
    const tag = { id: campaign.id, key: null, orgId: ids.ministry };
    expect(district.items).toEqual([
      {
        campaign: tag,
        key: 'a',
        number: 'a.',
        sectionKey: 's',
        counts: { planned: 2, in_progress: 0, done: 1, overdue: 0 },
      },
      {
        campaign: tag,
        key: 'b',
        number: 'b.',
        sectionKey: 's',
        counts: { planned: 2, in_progress: 1, done: 0, overdue: 0 },
      },
    ]);
    expect(district.totals).toEqual({ planned: 4, in_progress: 1, done: 1, overdue: 0 });
    const schoolRow = district.organisations.find((o) => o.orgId === school);
    expect(schoolRow?.counts).toEqual({ planned: 1, in_progress: 0, done: 1, overdue: 0 });
    expect(schoolRow?.cells.map((c) => [c.itemKey, c.status])).toEqual([
      ['a', 'done'],
      ['b', 'planned'],
    ]);

    const whole = await grid(campaign.id);
    // Every school of the tree (4: three in Talgar, one in Đắk Lắk) for a, three and Almaty for b.
    expect(whole.totals).toEqual({ planned: 6, in_progress: 1, done: 1, overdue: 0 });
    const done = await grid(campaign.id, '?status=done');
    expect(done.organisations.map((o) => o.orgId)).toEqual([school]);
    expect(done.totals).toEqual({ planned: 0, in_progress: 0, done: 1, overdue: 0 });

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: PlanGrid = await grid(
        campaign.id,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.organisations.length).toBeLessThanOrEqual(2);
      expect(page.totals).toEqual(whole.totals);
      seen.push(...page.organisations.map((o) => o.orgId));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(whole.organisations.map((o) => o.orgId));
    expect(seen).toHaveLength(5);

    // A school sees its own row only; another subtree than the caller's is a 404.
    const own = await grid(campaign.id, '', keys.school.headers);
    expect(own.organisations.map((o) => o.orgId)).toEqual([school]);
    const other = await inject(
      'GET',
      `/v1/campaigns/${campaign.id}/grid?orgId=${second}`,
      undefined,
      keys.school.headers,
    );
    expectProblem(other, 404, 'not_found');
  });

  it.runIf(run)('refuses a bad plan with every problem and its path, writing nothing', async () => {
    const campaign = await createCampaign(campaignInput(ids.almaty));
    await putPlan(campaign.id, {
      sections: [{ key: 's', title: { en: 'S' }, items: [item('1', [{ orgId: ids.almaty }])] }],
    });
    const before = await snapshot(campaign.id);
    const res = await inject('PUT', `/v1/campaigns/${campaign.id}/plan`, {
      sections: [
        {
          key: 's',
          title: { en: 'S' },
          items: [
            item('1', [{ orgId: ids.dakLak }, { allOf: 'province', under: ids.ministry }]),
            item('1', [{ allOf: 'association', under: ids.district }], {
              kind: 'date',
              by: '2017-05-02',
            }),
            {
              ...item('3', [{ orgId: ids.almaty }], {
                kind: 'recurring',
                rrule: 'FREQ=YEARLY;BYMONTH=6',
              }),
              phase: 'nope',
            },
          ],
        },
      ],
    });
    expectProblem(res, 400, 'plan_invalid');
    const errors = res.json<{ errors: { path: string; code: string }[] }>().errors;
    expect(errors.map((e) => [e.path, e.code]).sort()).toEqual(
      [
        ['body.sections.0.items.1.key', 'duplicate_key'],
        ['body.sections.0.items.1.deadline.by', 'outside_window'],
        ['body.sections.0.items.2.phase', 'unknown_phase'],
        ['body.sections.0.items.2.deadline.rrule', 'never_fires'],
        ['body.sections.0.items.0.responsible.0.orgId', 'plan_responsible_outside_tree'],
        ['body.sections.0.items.0.responsible.1.under', 'plan_responsible_outside_tree'],
        ['body.sections.0.items.1.responsible.0', 'plan_rule_matches_nothing'],
      ].sort(),
    );
    expect(await snapshot(campaign.id)).toEqual(before);

    const shape = await inject('PUT', `/v1/campaigns/${campaign.id}/plan`, {
      sections: [{ key: 'S!', title: { en: 'S' }, items: [{ ...item('2', []), extra: 1 }] }],
    });
    expectProblem(shape, 400, 'validation_failed');
    expect(await snapshot(campaign.id)).toEqual(before);

    // Not on the owner's line: a sibling province's plan is not there; a school may not write.
    const denied = await inject(
      'PUT',
      `/v1/campaigns/${campaign.id}/plan`,
      { sections: [] },
      keys.school.headers,
    );
    expectProblem(denied, 404, 'not_found');
    expect(await snapshot(campaign.id)).toEqual(before);
  });

  it.runIf(run)(
    'a completed campaign’s plan does not change; a cancelled one’s statuses neither',
    async () => {
      const campaign = await createCampaign(campaignInput(ids.ministry));
      await putPlan(campaign.id, {
        sections: [{ key: 's', title: { en: 'S' }, items: [item('1', [{ orgId: ids.almaty }])] }],
      });
      expect((await inject('POST', `/v1/campaigns/${campaign.id}/schedule`)).statusCode).toBe(200);
      try {
        clock = Date.parse('2017-05-10T00:00:00Z');
        const before = await snapshot(campaign.id);
        const put = await inject('PUT', `/v1/campaigns/${campaign.id}/plan`, { sections: [] });
        expectProblem(put, 409, 'plan_edit_forbidden');
        expect(await snapshot(campaign.id)).toEqual(before);
        // Completed: a late report is still recorded (and shows as done).
        const late = await patch(campaign.id, '1', ids.almaty, { status: 'done' });
        expect(late.statusCode, late.body).toBe(200);
        expect((await inject('POST', `/v1/campaigns/${campaign.id}/archive`)).statusCode).toBe(200);
        expectProblem(
          await patch(campaign.id, '1', ids.almaty, { status: 'planned' }),
          409,
          'plan_edit_forbidden',
        );
      } finally {
        clock = Date.parse('2017-03-20T00:00:00Z');
      }
    },
  );
});
