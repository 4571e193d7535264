import {
  type Campaign,
  type CampaignInput,
  type Deadline,
  nextDue,
  overdueFor,
  type Page,
  type PlanInput,
  type PlanTask,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

const campaignInput = (orgId: string, title: string): CampaignInput => ({
  orgId,
  title: { en: title },
  startsOn: '2017-04-01',
  endsOn: '2017-04-30',
  timeZone: 'Asia/Almaty',
});

const item = (
  key: string,
  responsible: PlanInput['sections'][number]['items'][number]['responsible'],
  deadline: Deadline,
) => ({
  key,
  number: `${key}.`,
  title: { en: `Item ${key}` },
  completionForm: 'info-to-ministry',
  deadline,
  responsible,
});

const plan = (items: ReturnType<typeof item>[]): PlanInput => ({
  sections: [{ key: 'main', title: { en: 'Main' }, items }],
});

/** What identifies a row in assertions: campaign title, item key, organisation. */
const label = (task: PlanTask) => `${task.campaign.title.en}/${task.item.key}/${task.orgName}`;

describe.each(backends)('the list of tasks on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = Date.parse('2017-04-10T00:00:00Z');
  let ids: { ministry: string; almaty: string; dakLak: string; talgar: string; nbk: string };
  let sibling: string;
  let keys: { talgar: TestKey; sibling: TestKey };
  let ministryPlan: Campaign;
  let provincePlan: Campaign;

  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = th.auth,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function createCampaign(input: CampaignInput, items: ReturnType<typeof item>[]) {
    const res = await inject('POST', '/v1/campaigns', input);
    expect(res.statusCode, res.body).toBe(201);
    const campaign = res.json<Campaign>();
    const put = await inject('PUT', `/v1/campaigns/${campaign.id}/plan`, plan(items));
    expect(put.statusCode, put.body).toBe(200);
    return campaign;
  }
  async function tasks(query = '', headers = th.auth): Promise<Page<PlanTask>> {
    const res = await inject('GET', `/v1/plan-assignments${query}`, undefined, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page<PlanTask>>();
  }

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    const [almaty, dakLak] = th.seed.provinceIds;
    const [talgar, nbk] = th.seed.schoolIds;
    ids = { ministry: th.seed.ministryId, almaty, dakLak, talgar, nbk };
    const res = await inject('POST', '/v1/organisations', {
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'Talgar school No. 2',
    });
    expect(res.statusCode, res.body).toBe(201);
    sibling = res.json<{ id: string }>().id;
    keys = {
      talgar: await createKey(th.hub.app, th.auth, talgar, ['read', 'write']),
      sibling: await createKey(th.hub.app, th.auth, sibling, ['read']),
    };
    // Two plans above the Talgar school by different owners; a cancelled one it is also in.
    ministryPlan = await createCampaign(campaignInput(ids.ministry, 'Ministry'), [
      item('m1', [{ allOf: 'school', under: ids.ministry, byAgreement: false }], {
        kind: 'date',
        by: '2017-04-25',
      }),
      item('m2', [{ allOf: 'school', under: ids.ministry, byAgreement: false }], {
        kind: 'ongoing',
      }),
    ]);
    provincePlan = await createCampaign(campaignInput(almaty, 'Province'), [
      item('p1', [{ orgId: talgar, byAgreement: false }], { kind: 'date', by: '2017-04-20' }),
      item('p2', [{ orgId: sibling, byAgreement: false }], { kind: 'date', by: '2017-04-15' }),
      item('p3', [{ orgId: th.seed.districtId, byAgreement: false }], {
        kind: 'window',
        from: '2017-04-10',
        to: '2017-04-12',
      }),
    ]);
    const cancelled = await createCampaign(campaignInput(ids.ministry, 'Cancelled'), [
      item('c1', [{ orgId: talgar, byAgreement: false }], { kind: 'date', by: '2017-04-11' }),
    ]);
    const cancel = await inject('POST', `/v1/campaigns/${cancelled.id}/cancel`);
    expect(cancel.statusCode, cancel.body).toBe(200);
  });
  afterAll(() => th?.close());

  it.runIf(run)(
    "shows a school its own pairs of the plans above it, by due date, not a sibling's",
    async () => {
      clock = Date.parse('2017-04-18T06:00:00Z');
      const page = await tasks('', keys.talgar.headers);
      expect(page.items.map(label)).toEqual([
        'Province/p1/Talgar Secondary School No. 1',
        'Ministry/m1/Talgar Secondary School No. 1',
        'Ministry/m2/Talgar Secondary School No. 1',
      ]);
      expect(page.nextCursor).toBeNull();
      const [p1, m1, m2] = page.items;
      expect(p1).toMatchObject({
        campaign: { id: provincePlan.id, ownerOrgId: ids.almaty, status: 'draft' },
        item: {
          key: 'p1',
          number: 'p1.',
          title: { en: 'Item p1' },
          completionForm: 'info-to-ministry',
        },
        orgId: ids.talgar,
        status: 'planned',
        nextDue: '2017-04-20',
        dueOn: '2017-04-20',
        overdueFor: null,
      });
      expect(m1?.campaign.ownerOrgId).toBe(ids.ministry);
      expect(m2).toMatchObject({
        nextDue: null,
        dueOn: null,
        item: { deadline: { kind: 'ongoing' } },
      });

      const siblings = await tasks('', keys.sibling.headers);
      expect(siblings.items.map(label)).toEqual([
        'Province/p2/Talgar school No. 2',
        'Ministry/m1/Talgar school No. 2',
        'Ministry/m2/Talgar school No. 2',
      ]);
      // Another school's subtree is not the caller's.
      expectProblem(
        await inject(
          'GET',
          `/v1/plan-assignments?orgId=${sibling}`,
          undefined,
          keys.talgar.headers,
        ),
        404,
        'not_found',
      );
    },
  );

  it.runIf(run)('computes overdue in each organisation’s zone, as core does', async () => {
    // 17:30 UTC on 25 April: 23:30 in Almaty, 00:30 on the 26th in Ho Chi Minh City.
    clock = Date.parse('2017-04-25T17:30:00Z');
    const m1 = (await tasks(`?campaignId=${ministryPlan.id}&limit=500`)).items.filter(
      (t) => t.item.key === 'm1',
    );
    const byOrg = new Map(m1.map((t) => [t.orgId, t]));
    expect(byOrg.get(ids.talgar)).toMatchObject({ status: 'planned', nextDue: '2017-04-25' });
    expect(byOrg.get(ids.nbk)).toMatchObject({
      status: 'overdue',
      overdueFor: '2017-04-25',
      dueOn: '2017-04-25',
      nextDue: null,
    });
    const window = { from: '2017-04-01', to: '2017-04-30' };
    const deadline: Deadline = { kind: 'date', by: '2017-04-25' };
    const zones = new Map([
      [ids.talgar, 'Asia/Almaty'],
      [ids.nbk, 'Asia/Ho_Chi_Minh'],
    ]);
    for (const [orgId, zone] of zones) {
      const task = byOrg.get(orgId);
      expect(task?.overdueFor).toBe(overdueFor(deadline, null, new Date(clock), zone, window));
      expect(task?.nextDue).toBe(nextDue(deadline, new Date(clock), zone, window));
    }

    // Done clears it; the list shows what was recorded.
    clock = Date.parse('2017-04-26T03:00:00Z');
    const done = await inject(
      'PATCH',
      `/v1/campaigns/${ministryPlan.id}/plan/items/m1/assignments/${ids.talgar}`,
      { status: 'done', note: 'Met parents', evidenceUrl: 'https://example.kz/news/1' },
      keys.talgar.headers,
    );
    expect(done.statusCode, done.body).toBe(200);
    const mine = await tasks('', keys.talgar.headers);
    expect(mine.items.map((t) => [t.item.key, t.status, t.dueOn])).toEqual([
      ['p1', 'overdue', '2017-04-20'],
      ['m1', 'done', null],
      ['m2', 'planned', null],
    ]);
    expect(mine.items[1]).toMatchObject({
      recordedStatus: 'done',
      note: 'Met parents',
      evidenceUrl: 'https://example.kz/news/1',
      updatedAt: new Date(clock).toISOString(),
    });
  });

  it.runIf(run)('filters by status, campaign and due date', async () => {
    clock = Date.parse('2017-04-26T03:00:00Z');
    const overdue = await tasks('?status=overdue&limit=500');
    expect(overdue.items.length).toBeGreaterThan(0);
    expect(overdue.items.every((t) => t.status === 'overdue')).toBe(true);
    expect(overdue.items.map(label)).toContain('Province/p3/Talgar District Education Office');
    const province = await tasks(`?campaignId=${provincePlan.id}`);
    expect(province.items.map((t) => t.item.key)).toEqual(['p3', 'p2', 'p1']);
    const early = await tasks(`?dueBefore=2017-04-20&limit=500`);
    expect(early.items.map((t) => t.item.key)).toEqual(['p3', 'p2']);
    const mineEarly = await tasks('?dueBefore=2017-04-21&status=overdue', keys.talgar.headers);
    expect(mineEarly.items.map((t) => t.item.key)).toEqual(['p1']);
    // A campaign outside the caller's reach yields nothing, never another subtree's pairs.
    const none = await tasks(`?campaignId=${provincePlan.id}&orgId=${ids.dakLak}`);
    expect(none.items).toEqual([]);
    expectProblem(
      await inject('GET', '/v1/plan-assignments?dueBefore=26.04.2017'),
      400,
      'validation_failed',
    );
  });

  it.runIf(run)('pages by due date, campaign, item and organisation', async () => {
    clock = Date.parse('2017-04-18T06:00:00Z');
    const all = await tasks('?limit=500');
    // The ministry plan's two items for every school, and the province plan's three pairs.
    const schools = new Set(all.items.filter((t) => t.item.key === 'm1').map((t) => t.orgId));
    expect(schools.size).toBeGreaterThanOrEqual(3);
    expect(all.items).toHaveLength(schools.size * 2 + 3);
    expect(all.items.map((t) => t.campaign.title.en)).not.toContain('Cancelled');
    const sortKey = (t: PlanTask) => [t.dueOn ?? '9999-12-31', t.campaign.id];
    for (let i = 1; i < all.items.length; i += 1) {
      const [a, b] = [sortKey(all.items[i - 1] as PlanTask), sortKey(all.items[i] as PlanTask)];
      expect(a.join(' ') <= b.join(' ')).toBe(true);
    }
    const paged: PlanTask[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await tasks(query);
      paged.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(pages).toBe(Math.ceil(all.items.length / 2));
    expect(paged).toEqual(all.items);
    expectProblem(
      await inject('GET', '/v1/plan-assignments?cursor=bm90LWEta2V5'),
      400,
      'invalid_cursor',
    );
  });
  it.runIf(run)('agrees with core on recurring due dates, in each zone', async () => {
    clock = Date.parse('2017-04-05T00:00:00Z');
    const deadline: Deadline = { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=MO' };
    const weekly = await createCampaign(campaignInput(ids.ministry, 'Weekly'), [
      item(
        'w',
        [
          { orgId: ids.talgar, byAgreement: false },
          { orgId: ids.nbk, byAgreement: false },
        ],
        deadline,
      ),
    ]);
    const window = { from: '2017-04-01', to: '2017-04-30' };
    const zones = new Map([
      [ids.talgar, 'Asia/Almaty'],
      [ids.nbk, 'Asia/Ho_Chi_Minh'],
    ]);
    // Around the end of Monday the 10th: past it in Ho Chi Minh City (UTC+7) an hour before
    // Almaty (UTC+6); then the last Monday, and after the window.
    for (const at of [
      '2017-04-10T16:30:00Z',
      '2017-04-10T17:30:00Z',
      '2017-04-10T18:30:00Z',
      '2017-04-24T18:30:00Z',
      '2017-05-02T00:00:00Z',
    ]) {
      clock = Date.parse(at);
      const { items } = await tasks(`?campaignId=${weekly.id}`);
      expect(items.map((t) => t.orgId).sort(), at).toEqual([...zones.keys()].sort());
      for (const task of items) {
        const zone = zones.get(task.orgId) as string;
        const now = new Date(clock);
        const missed = overdueFor(deadline, null, now, zone, window);
        const next = nextDue(deadline, now, zone, window);
        expect([task.overdueFor, task.nextDue, task.dueOn], `${at} ${zone}`).toEqual([
          missed,
          next,
          missed ?? next,
        ]);
      }
    }
  });
});
