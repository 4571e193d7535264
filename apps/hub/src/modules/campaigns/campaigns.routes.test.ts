import type { Campaign, CampaignInput, Page, StreamEvent } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { sweepCampaignCalendar } from './index.js';

const backends = await testBackends();

/** Local midnight of 10 April 2017 in Almaty (UTC+6 then): 18:00 UTC the day before. */
const ALMATY_OPENS = Date.parse('2017-04-09T18:00:00Z');
/** The end of 21 April 2017 in Almaty. */
const ALMATY_CLOSES = Date.parse('2017-04-21T18:00:00Z');
const MINUTE = 60_000;

/** "Safe Internet" 2017 as the Almaty region's own campaign, with its phases. */
const safeInternet = (orgId: string, extra: Partial<CampaignInput> = {}): CampaignInput => ({
  orgId,
  title: { ru: 'Безопасный интернет', kk: 'Қауіпсіз интернет', en: 'Safe Internet' },
  goal: { en: 'Bring safe-use culture to minors, teachers and parents' },
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  timeZone: 'Asia/Almaty',
  phases: [
    {
      key: 'preparatory',
      title: { en: 'Preparatory' },
      startsOn: '2017-04-10',
      endsOn: '2017-04-11',
    },
    { key: 'main', title: { en: 'Main' }, startsOn: '2017-04-12', endsOn: '2017-04-19' },
    { key: 'results', title: { en: 'Results' }, startsOn: '2017-04-20', endsOn: '2017-04-21' },
  ],
  targets: [
    {
      key: 'sessions',
      title: { en: '100% of schools hold at least one session' },
      measure: { percent: 100, of: 'school' },
    },
  ],
  partners: ['National Parents’ Association'],
  document: { number: '№ 42', date: '2017-04-03' },
  ...extra,
});

describe.each(backends)('campaigns on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = Date.parse('2017-04-01T00:00:00Z');
  let almaty: TestKey;
  let dakLak: TestKey;
  let ids: { ministry: string; almaty: string; dakLak: string; talgar: string; school: string };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    const [almatyId, dakLakId] = th.seed.provinceIds as [string, string];
    ids = {
      ministry: th.seed.ministryId,
      almaty: almatyId,
      dakLak: dakLakId,
      talgar: th.seed.districtId,
      school: th.seed.schoolIds[0] as string,
    };
    almaty = await createKey(th.hub.app, th.auth, almatyId, ['read', 'write']);
    dakLak = await createKey(th.hub.app, th.auth, dakLakId, ['read', 'write']);
  });
  afterAll(() => th?.close());

  const inject = (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
    headers: Record<string, string> = almaty.headers,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  async function create(input: CampaignInput, headers = almaty.headers): Promise<Campaign> {
    const res = await inject('POST', '/v1/campaigns', input, headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Campaign>();
  }
  async function get(id: string): Promise<Campaign> {
    const res = await inject('GET', `/v1/campaigns/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Campaign>();
  }
  const move = (id: string, to: 'schedule' | 'cancel' | 'archive') =>
    inject('POST', `/v1/campaigns/${id}/${to}`);
  const count = async () =>
    (
      await th.hub.db
        .selectFrom('campaigns')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  const campaignEvents = async (campaignId: string) =>
    (await th.hub.bus.replay(ids.almaty, '0'))
      .map((logged) => logged.event)
      .filter(
        (event): event is Extract<StreamEvent, { type: 'campaign.updated' }> =>
          event.type === 'campaign.updated' && event.data.campaignId === campaignId,
      );

  it.runIf(run)('creates a draft with phases, organisers, partners and targets', async () => {
    const campaign = await create(
      safeInternet(ids.almaty, {
        key: 'safe-internet-2017',
        organisers: [
          { orgId: ids.ministry },
          { orgId: ids.almaty },
          { orgId: ids.talgar, byAgreement: true },
        ],
        implementsCampaignId: th.seed.campaignId,
      }),
    );
    expect(campaign).toMatchObject({
      orgId: ids.almaty,
      key: 'safe-internet-2017',
      status: 'draft',
      organisers: [
        { orgId: ids.ministry, byAgreement: false },
        { orgId: ids.almaty, byAgreement: false },
        { orgId: ids.talgar, byAgreement: true },
      ],
      partners: ['National Parents’ Association'],
      implementsCampaignId: th.seed.campaignId,
      document: { number: '№ 42', date: '2017-04-03' },
      createdAt: new Date(clock).toISOString(),
      createdBy: null,
    });
    expect(campaign.phases.map((p) => p.key)).toEqual(['preparatory', 'main', 'results']);
    expect(campaign.targets[0]?.measure).toEqual({ percent: 100, of: 'school' });
    expect(await get(campaign.id)).toEqual(campaign);

    // The key is the owner's: a second campaign with it is a conflict, another owner's is not.
    expectProblem(
      await inject(
        'POST',
        '/v1/campaigns',
        safeInternet(ids.almaty, { key: 'safe-internet-2017' }),
      ),
      409,
      'conflict',
    );
    await create(safeInternet(ids.talgar, { key: 'safe-internet-2017' }));
  });

  it.runIf(run)('stores a plain-string title in the owner’s default language', async () => {
    const campaign = await create(safeInternet(ids.almaty, { title: 'Қауіпсіз интернет' }));
    expect(campaign.title).toEqual({ kk: 'Қауіпсіз интернет' });
    const res = await inject('PATCH', `/v1/campaigns/${campaign.id}`, { title: 'Жаңа атау' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Campaign>().title).toEqual({ kk: 'Жаңа атау' });
  });

  it.runIf(run)('refuses bad input with its code and writes nothing', async () => {
    const before = await count();
    const refused = async (input: CampaignInput, status: number, code: string, field?: string) => {
      const body = expectProblem(await inject('POST', '/v1/campaigns', input), status, code);
      if (field) expect(body.errors?.map((e) => e.code)).toContain(field);
      return body;
    };
    const phase = (key: string, startsOn: string, endsOn: string) => ({
      key,
      title: { en: key },
      startsOn,
      endsOn,
    });
    await refused(
      safeInternet(ids.almaty, { startsOn: '2017-04-21', endsOn: '2017-04-10', phases: [] }),
      400,
      'validation_failed',
      'dates_inverted',
    );
    const outside = await refused(
      safeInternet(ids.almaty, { phases: [phase('main', '2017-04-10', '2017-04-25')] }),
      400,
      'validation_failed',
      'outside_window',
    );
    expect(outside.errors?.[0]?.path).toBe('body.phases.0.endsOn');
    await refused(
      safeInternet(ids.almaty, {
        phases: [phase('a', '2017-04-10', '2017-04-15'), phase('b', '2017-04-15', '2017-04-21')],
      }),
      400,
      'validation_failed',
      'phases_overlap',
    );
    await refused(
      safeInternet(ids.almaty, { timeZone: 'Asia/Almaty_City' }),
      400,
      'validation_failed',
    );
    const sibling = await refused(
      safeInternet(ids.almaty, { organisers: [{ orgId: ids.ministry }, { orgId: ids.dakLak }] }),
      422,
      'campaign_organiser_outside_tree',
    );
    expect(sibling.errors).toEqual([expect.objectContaining({ path: 'body.organisers.1.orgId' })]);
    await refused(
      safeInternet(ids.almaty, { organisers: [{ orgId: ids.almaty }, { orgId: ids.almaty }] }),
      400,
      'validation_failed',
      'duplicate_key',
    );
    // Implements: only a campaign of an organisation above the owner.
    const talgarPlan = await create(safeInternet(ids.talgar));
    const dakLakPlan = await create(safeInternet(ids.dakLak), dakLak.headers);
    const afterFixtures = await count();
    for (const implementsCampaignId of [talgarPlan.id, dakLakPlan.id, crypto.randomUUID()]) {
      await refused(
        safeInternet(ids.almaty, { implementsCampaignId }),
        422,
        'campaign_implements_invalid',
      );
    }
    // Another organisation's owner: 404, as if it did not exist.
    await refused(safeInternet(ids.dakLak), 404, 'not_found');
    expect(await count()).toBe(afterFixtures);
    expect(Number(afterFixtures)).toBe(Number(before) + 2);
  });

  it.runIf(run)('hides another organisation’s campaigns: 404 to read, change or move', async () => {
    const campaign = await create(safeInternet(ids.almaty));
    for (const [method, url, payload] of [
      ['GET', `/v1/campaigns/${campaign.id}`, undefined],
      ['PATCH', `/v1/campaigns/${campaign.id}`, { endsOn: '2017-04-22' }],
      ['POST', `/v1/campaigns/${campaign.id}/schedule`, undefined],
      ['POST', `/v1/campaigns/${campaign.id}/cancel`, undefined],
    ] as const) {
      expectProblem(await inject(method, url, payload, dakLak.headers), 404, 'not_found');
    }
    expect((await get(campaign.id)).status).toBe('draft');
    expect((await get(campaign.id)).endsOn).toBe('2017-04-21');
  });

  it.runIf(run)('moves through the lifecycle as it allows, and refuses the rest', async () => {
    const campaign = await create(safeInternet(ids.almaty));
    const archived = expectProblem(
      await move(campaign.id, 'archive'),
      409,
      'campaign_status_conflict',
    );
    expect(archived.errors?.[0]?.code).toBe('campaign_status_forbidden');
    let res = await move(campaign.id, 'schedule');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Campaign>().status).toBe('scheduled');
    res = await move(campaign.id, 'schedule'); // already there: stays
    expect(res.json<Campaign>().status).toBe('scheduled');
    res = await move(campaign.id, 'cancel');
    expect(res.json<Campaign>().status).toBe('cancelled');
    expectProblem(await move(campaign.id, 'schedule'), 409, 'campaign_status_conflict');
    const edit = expectProblem(
      await inject('PATCH', `/v1/campaigns/${campaign.id}`, { partners: [] }),
      409,
      'campaign_edit_forbidden',
    );
    expect(edit.errors?.[0]).toMatchObject({ path: 'body.partners', code: 'campaign_read_only' });

    const events = await campaignEvents(campaign.id);
    expect(events.map((e) => [e.data.previousStatus, e.data.status, e.data.by])).toEqual([
      ['draft', 'scheduled', 'request'],
      ['scheduled', 'cancelled', 'request'],
    ]);
    expect(events[0]).toMatchObject({ orgId: ids.almaty, at: new Date(clock).toISOString() });
  });

  it.runIf(run)('runs a scheduled campaign on Almaty’s calendar, at local midnight', async () => {
    const campaign = await create(safeInternet(ids.almaty, { key: 'calendar-run' }));
    expect((await move(campaign.id, 'schedule')).statusCode).toBe(200);

    // A minute before Almaty's midnight (18:00 UTC): still scheduled, nothing to move.
    clock = ALMATY_OPENS - MINUTE;
    expect(await sweepCampaignCalendar(deps())).toBe(0);
    expect((await get(campaign.id)).status).toBe('scheduled');

    // Almaty's midnight, long before UTC's: active on read before the sweep has run…
    clock = ALMATY_OPENS;
    expect((await get(campaign.id)).status).toBe('active');
    expect((await campaignEvents(campaign.id)).map((e) => e.data.status)).toEqual(['scheduled']);
    // …and the sweep writes it once, with its event, however many processes sweep at once.
    const [a, b] = await Promise.all([
      sweepCampaignCalendar(deps()),
      sweepCampaignCalendar(deps()),
    ]);
    expect(a + b).toBe(1);
    expect(await sweepCampaignCalendar(deps())).toBe(0);
    expect(await stored(campaign.id)).toBe('active');

    // Running: the start no longer moves into the past; nor does the end, nor a begun phase.
    clock = Date.parse('2017-04-14T06:00:00Z');
    const refused = expectProblem(
      await inject('PATCH', `/v1/campaigns/${campaign.id}`, { startsOn: '2017-04-05' }),
      409,
      'campaign_edit_forbidden',
    );
    expect(refused.errors).toEqual([
      expect.objectContaining({ path: 'body.startsOn', code: 'campaign_start_in_past' }),
    ]);
    expectProblem(
      await inject('PATCH', `/v1/campaigns/${campaign.id}`, { endsOn: '2017-04-12' }),
      409,
      'campaign_edit_forbidden',
    );
    expect((await get(campaign.id)).startsOn).toBe('2017-04-10');
    // What a running campaign may change: its end, later, with the last phase.
    const longer = await inject('PATCH', `/v1/campaigns/${campaign.id}`, {
      endsOn: '2017-04-22',
      phases: [
        ...(safeInternet(ids.almaty).phases ?? []).slice(0, 2),
        { key: 'results', title: { en: 'Results' }, startsOn: '2017-04-20', endsOn: '2017-04-22' },
      ],
    });
    expect(longer.statusCode, longer.body).toBe(200);
    expect(longer.json<Campaign>().phases.at(-1)?.endsOn).toBe('2017-04-22');

    // The new last day ends at Almaty's midnight of 22 April.
    clock = ALMATY_CLOSES + 86_400_000 - MINUTE;
    expect(await sweepCampaignCalendar(deps())).toBe(0);
    expect((await get(campaign.id)).status).toBe('active');
    clock = ALMATY_CLOSES + 86_400_000;
    expect((await get(campaign.id)).status).toBe('completed');
    expect(await sweepCampaignCalendar(deps())).toBeGreaterThanOrEqual(1);
    expect(await stored(campaign.id)).toBe('completed');
    expectProblem(await move(campaign.id, 'cancel'), 409, 'campaign_status_conflict');
    const archived = await move(campaign.id, 'archive');
    expect(archived.json<Campaign>().status).toBe('archived');

    const events = await campaignEvents(campaign.id);
    expect(events.map((e) => [e.data.previousStatus, e.data.status, e.data.by, e.at])).toEqual([
      ['draft', 'scheduled', 'request', '2017-04-01T00:00:00.000Z'],
      ['scheduled', 'active', 'calendar', new Date(ALMATY_OPENS).toISOString()],
      ['active', 'completed', 'calendar', new Date(ALMATY_CLOSES + 86_400_000).toISOString()],
      ['completed', 'archived', 'request', new Date(ALMATY_CLOSES + 86_400_000).toISOString()],
    ]);
    clock = Date.parse('2017-04-01T00:00:00Z');
  });

  it.runIf(run)('refuses a PATCH that breaks a rule, and changes nothing', async () => {
    const campaign = await create(
      safeInternet(ids.almaty, { organisers: [{ orgId: ids.almaty }] }),
    );
    expect((await move(campaign.id, 'schedule')).statusCode).toBe(200);
    const patch = (body: object) => inject('PATCH', `/v1/campaigns/${campaign.id}`, body);
    clock = Date.parse('2017-04-05T12:00:00Z');
    const past = expectProblem(
      await patch({ startsOn: '2017-04-04' }),
      409,
      'campaign_edit_forbidden',
    );
    expect(past.errors?.[0]).toMatchObject({
      path: 'body.startsOn',
      code: 'campaign_start_in_past',
    });
    expectProblem(
      await patch({ organisers: [{ orgId: ids.dakLak }] }),
      422,
      'campaign_organiser_outside_tree',
    );
    expectProblem(
      await patch({ implementsCampaignId: campaign.id }),
      422,
      'campaign_implements_invalid',
    );
    const outside = expectProblem(await patch({ endsOn: '2017-04-15' }), 400, 'validation_failed');
    expect(outside.errors?.map((e) => [e.path, e.code])).toEqual([
      ['body.phases.1.endsOn', 'outside_window'],
      ['body.phases.2.startsOn', 'outside_window'],
      ['body.phases.2.endsOn', 'outside_window'],
    ]);
    expectProblem(await patch({}), 400, 'validation_failed');
    const unchanged = await get(campaign.id);
    expect(unchanged).toEqual({ ...campaign, status: 'scheduled', updatedAt: unchanged.updatedAt });
    expect(unchanged.organisers).toEqual([{ orgId: ids.almaty, byAgreement: false }]);

    // A scheduled campaign's start may still move forward, and its phases with it.
    const later = await patch({
      startsOn: '2017-04-11',
      phases: [
        { key: 'main', title: { en: 'Main' }, startsOn: '2017-04-11', endsOn: '2017-04-21' },
      ],
    });
    expect(later.statusCode, later.body).toBe(200);
    expect(later.json<Campaign>()).toMatchObject({
      startsOn: '2017-04-11',
      phases: [{ key: 'main', startsOn: '2017-04-11' }],
      updatedAt: new Date(clock).toISOString(),
    });

    // A draft whose window is over cannot be scheduled; the scheduled one, unswept, reads
    // completed (from scheduled in one move).
    const late = await create(safeInternet(ids.almaty));
    clock = Date.parse('2017-05-01T00:00:00Z');
    const ended = expectProblem(await move(late.id, 'schedule'), 409, 'campaign_status_conflict');
    expect(ended.errors?.[0]?.code).toBe('campaign_already_ended');
    expect((await get(campaign.id)).status).toBe('completed');
    expect(await sweepCampaignCalendar(deps())).toBe(1);
    expect((await campaignEvents(campaign.id)).map((e) => e.data.previousStatus)).toEqual([
      'draft',
      'scheduled',
    ]);
    clock = Date.parse('2017-04-01T00:00:00Z');
  });

  it.runIf(run)(
    'filters the list by status, subtree and title prefix, a page at a time',
    async () => {
      const prefix = `Filter ${crypto.randomUUID().slice(0, 8)}`;
      const mine = await create(
        safeInternet(ids.almaty, { title: { ru: `${prefix} рус`, vi: `Lọc ${prefix}` } }),
      );
      const talgars = await create(safeInternet(ids.talgar, { title: { en: `${prefix} en` } }));
      await create(safeInternet(ids.almaty, { title: { en: `Other ${prefix}` } }));
      expect((await move(talgars.id, 'schedule')).statusCode).toBe(200);

      const list = async (query: string) => {
        const res = await inject('GET', `/v1/campaigns?${query}`);
        expect(res.statusCode, res.body).toBe(200);
        return res.json<Page<Campaign>>();
      };
      const q = encodeURIComponent(prefix.toLowerCase());
      expect((await list(`q=${q}`)).items.map((c) => c.id)).toEqual([mine.id, talgars.id]);
      expect((await list(`q=${encodeURIComponent('lọc')}`)).items.map((c) => c.id)).toContain(
        mine.id,
      );
      expect((await list(`q=${q}&orgId=${ids.talgar}`)).items.map((c) => c.id)).toEqual([
        talgars.id,
      ]);
      expect((await list(`q=${q}&status=scheduled`)).items.map((c) => c.id)).toEqual([talgars.id]);
      // The status filter reads the calendar: on Almaty's first day it is active, unswept.
      clock = ALMATY_OPENS;
      expect((await list(`q=${q}&status=active`)).items.map((c) => c.id)).toEqual([talgars.id]);
      expect((await list(`q=${q}&status=scheduled`)).items).toEqual([]);
      clock = Date.parse('2017-04-01T00:00:00Z');

      const first = await list(`q=${q}&limit=1`);
      expect(first.items.map((c) => c.id)).toEqual([mine.id]);
      const second = await list(`q=${q}&limit=1&cursor=${first.nextCursor}`);
      expect(second.items.map((c) => c.id)).toEqual([talgars.id]);
      expect(second.nextCursor).toBeNull();

      expectProblem(await inject('GET', `/v1/campaigns?orgId=${ids.dakLak}`), 404, 'not_found');
      expectProblem(await inject('GET', '/v1/campaigns?status=paused'), 400, 'validation_failed');
    },
  );

  function deps() {
    return {
      db: share(th.hub.db),
      bus: th.hub.bus,
      now: () => clock,
      orgPathOf: async (orgId: string) =>
        (
          await th.hub.db
            .selectFrom('organisations')
            .select('path')
            .where('id', '=', orgId)
            .executeTakeFirstOrThrow()
        ).path,
    };
  }
  async function stored(id: string): Promise<string> {
    return (
      await th.hub.db
        .selectFrom('campaigns')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;
  }
});
