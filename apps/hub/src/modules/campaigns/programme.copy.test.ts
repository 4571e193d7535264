import type { ProgrammeFile, ProgrammeLoadResult } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createKey, expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

const ALMATY = 'Almaty Region Education Department';
const TALGAR = 'Talgar District Education Office';

/** A campaign of the Almaty region with two phases that meet: 30 and 31 January. */
const FILE = `version: 1
key: winter-2017
owner: { path: [${ALMATY}] }
document: { number: "12/ПР", date: 2016-12-20 }
title:
  ru: Безопасный интернет зимой
  en: Safe Internet in winter
startsOn: 2017-01-01
endsOn: 2017-02-28
timeZone: Asia/Almaty
phases:
  - key: preparatory
    title: { en: Preparatory }
    startsOn: 2017-01-01
    endsOn: 2017-01-30
  - key: main
    title: { en: Main }
    startsOn: 2017-01-31
    endsOn: 2017-02-20
organisers:
  - org: { path: [] }
  - org: { path: [${TALGAR}] }
    byAgreement: true
partners: [Media]
targets:
  - key: schools
    title: { en: Every school holds a session }
`;

describe.each(backends)('exporting and copying a campaign on $name', ({ database, run }) => {
  let th: TestHub;
  let source: ProgrammeLoadResult['campaign'];

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({
      database,
      workers: false,
      now: () => Date.parse('2016-12-25T00:00:00Z'),
    });
    const res = await load(FILE, 'application/yaml');
    expect(res.statusCode, res.body).toBe(201);
    source = res.json<ProgrammeLoadResult>().campaign;
  });
  afterAll(() => th?.close());

  function load(payload: string, contentType = 'application/json') {
    return th.hub.app.inject({
      method: 'POST',
      url: '/v1/campaigns/programme',
      headers: { ...th.auth, 'content-type': contentType },
      payload: contentType === 'application/json' ? { format: 'json', text: payload } : payload,
    });
  }
  const exported = (id: string, query = '', headers = th.auth) =>
    th.hub.app.inject({ method: 'GET', url: `/v1/campaigns/${id}/programme${query}`, headers });
  const copy = (id: string, payload: unknown) =>
    th.hub.app.inject({
      method: 'POST',
      url: `/v1/campaigns/${id}/copy`,
      headers: th.auth,
      payload: payload as object,
    });
  const campaignCount = async () =>
    Number(
      (
        await th.hub.db
          .selectFrom('campaigns')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it.runIf(run)('exports the campaign as a file naming organisations by id', async () => {
    const res = await exported(source.id);
    expect(res.statusCode, res.body).toBe(200);
    const file = res.json<ProgrammeFile>();
    expect(Object.keys(file)).toEqual([
      'version',
      'key',
      'owner',
      'document',
      'title',
      'startsOn',
      'endsOn',
      'timeZone',
      'phases',
      'organisers',
      'partners',
      'targets',
    ]);
    expect(file.owner).toEqual({ id: source.orgId });
    expect(file.organisers).toEqual([
      { org: { id: source.orgId } },
      { org: { id: th.seed.districtId }, byAgreement: true },
    ]);
    expect(file.phases?.map((p) => [p.key, p.startsOn, p.endsOn])).toEqual([
      ['preparatory', '2017-01-01', '2017-01-30'],
      ['main', '2017-01-31', '2017-02-20'],
    ]);
  });

  it.runIf(run)('loading the export again, as JSON or as YAML, changes nothing', async () => {
    const before = await th.hub.db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', source.id)
      .executeTakeFirstOrThrow();
    const json = await load(JSON.stringify((await exported(source.id)).json()));
    expect(json.json<ProgrammeLoadResult>().outcome, json.body).toBe('unchanged');

    const yaml = await exported(source.id, '?format=yaml');
    expect(yaml.headers['content-type']).toMatch(/^application\/yaml/);
    expect(parseYaml(yaml.body)).toEqual((await exported(source.id)).json());
    const again = await load(yaml.body, 'application/yaml');
    expect(again.json<ProgrammeLoadResult>().outcome, again.body).toBe('unchanged');
    const after = await th.hub.db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', source.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it.runIf(run)('copies the campaign a year on: a new draft, every date moved', async () => {
    const res = await copy(source.id, {
      key: 'winter-2018',
      shift: { years: 1 },
      title: { en: 'Safe Internet in winter 2018' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json<ProgrammeLoadResult>();
    expect(result.outcome).toBe('created');
    const copied = result.campaign;
    expect(copied.id).not.toBe(source.id);
    expect(copied).toMatchObject({
      key: 'winter-2018',
      orgId: source.orgId,
      status: 'draft',
      startsOn: '2018-01-01',
      endsOn: '2018-02-28',
      title: { en: 'Safe Internet in winter 2018' },
      partners: ['Media'],
      document: null,
      implementsCampaignId: source.implementsCampaignId,
    });
    expect(copied.phases.map((p) => [p.key, p.startsOn, p.endsOn])).toEqual([
      ['preparatory', '2018-01-01', '2018-01-30'],
      ['main', '2018-01-31', '2018-02-20'],
    ]);
    expect(copied.organisers).toEqual(source.organisers);
    expect(copied.targets).toEqual(source.targets);
  });

  it.runIf(run)('a copy under a key the owner has is refused, nothing written', async () => {
    const count = await campaignCount();
    for (const key of ['winter-2017', 'winter-2018']) {
      expectProblem(
        await copy(source.id, { key, shift: { years: 2 } }),
        409,
        'conflict',
        new RegExp(key),
      );
    }
    expect(await campaignCount()).toBe(count);
  });

  it.runIf(run)('a shift that breaks a rule is reported at its path, nothing written', async () => {
    const count = await campaignCount();
    // A month on, 30 and 31 January both land on 28 February: the phases overlap.
    const res = await copy(source.id, { key: 'winter-march', shift: { months: 1 } });
    const problem = expectProblem(res, 400, 'programme_invalid');
    expect(problem.errors?.map((e) => [e.path, e.code])).toEqual([
      ['phases[1].startsOn', 'phases_overlap'],
    ]);
    expect(await campaignCount()).toBe(count);
  });

  it.runIf(run)('bad copy requests are 400s that say what to fix', async () => {
    expectProblem(await copy(source.id, { key: 'x', shift: {} }), 400, 'validation_failed');
    expectProblem(
      await copy(source.id, { key: 'Bad Key', shift: { years: 1 } }),
      400,
      'validation_failed',
    );
  });

  it.runIf(run)('a campaign without a key copies, but exports only once it has one', async () => {
    const created = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: th.auth,
      payload: {
        orgId: th.seed.provinceIds[0],
        title: { en: 'Keyless' },
        startsOn: '2017-03-01',
        endsOn: '2017-03-31',
        timeZone: 'Asia/Almaty',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    expectProblem(await exported(id), 409, 'campaign_key_missing', /PATCH/);
    const res = await copy(id, { key: 'keyless-2018', shift: { years: 1 } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<ProgrammeLoadResult>().campaign.startsOn).toBe('2018-03-01');
  });

  it.runIf(run)('another organisation’s key reaches neither the export nor the copy', async () => {
    const school = await createKey(th.hub.app, th.auth, th.seed.schoolIds[1], ['read', 'write']);
    const { headers } = school;
    expectProblem(await exported(source.id, '', headers), 404, 'not_found');
    const res = await th.hub.app.inject({
      method: 'POST',
      url: `/v1/campaigns/${source.id}/copy`,
      headers,
      payload: { key: 'stolen', shift: { years: 1 } },
    });
    expectProblem(res, 404, 'not_found');
  });
  it.runIf(run)(
    'announcements export their audience: orgs and roles, or a saved segment',
    async () => {
      const saved = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/segments',
        headers: th.auth,
        payload: {
          orgId: source.orgId,
          name: 'Russian-speaking parents of Almaty region',
          query: { roles: ['parent'], languages: ['ru'] },
        },
      });
      expect(saved.statusCode, saved.body).toBe(201);
      const segmentId = saved.json<{ id: string }>().id;
      const file = (await exported(source.id)).json<ProgrammeFile>();
      const announcement = (key: string, segment?: object) => ({
        key,
        content: {
          text: { ru: 'Неделя безопасного интернета начинается', en: 'Safe Internet week starts' },
        },
        ...(segment ? { segment } : {}),
        channels: ['sms'],
        schedule: {
          when: {
            kind: 'relative',
            anchor: { to: 'phase.start', phase: 'main' },
            days: 0,
            time: '09:00',
          },
          zone: 'recipient',
        },
      });
      const withAnnouncements = {
        ...file,
        announcements: [
          announcement('everyone'),
          announcement('talgar-heads', {
            orgs: [{ id: th.seed.districtId }],
            roles: ['school_head'],
          }),
          announcement('russian-parents', { segmentId }),
        ],
      };
      const res = await load(JSON.stringify(withAnnouncements));
      expect(res.json<ProgrammeLoadResult>().outcome, res.body).toBe('updated');

      const back = (await exported(source.id)).json<ProgrammeFile>();
      expect(back.announcements?.map((a) => [a.key, a.segment])).toEqual([
        ['everyone', undefined],
        ['talgar-heads', { orgs: [{ id: th.seed.districtId }], roles: ['school_head'] }],
        ['russian-parents', { segmentId }],
      ]);
      const again = await load(JSON.stringify(back));
      expect(again.json<ProgrammeLoadResult>().outcome, again.body).toBe('unchanged');

      // A segment the owner cannot see is a problem at its path.
      const foreign = structuredClone(withAnnouncements);
      foreign.announcements[2] = announcement('russian-parents', {
        segmentId: th.seed.segmentIds.vietnameseParents,
      });
      const refused = expectProblem(await load(JSON.stringify(foreign)), 400, 'programme_invalid');
      expect(refused.errors?.map((e) => [e.path, e.code])).toEqual([
        ['announcements[2].segment.segmentId', 'unknown_segment'],
      ]);
    },
  );
});
