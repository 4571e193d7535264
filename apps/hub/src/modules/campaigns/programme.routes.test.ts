import type { Campaign, ProgrammeLoadResult } from '@safenet/core';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import type { Problem } from '../../platform/http/errors.plugin.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { eventually } from '../../testing/eventually.js';
import { createKey, expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { campaignPart } from './programme.campaign-part.js';
import { createProgrammeParts, type ProgrammePart } from './programme.parts.js';
import { loadProgramme, PROGRAMME_LOCK_CLASS } from './programme.service.js';

const backends = await testBackends();

const ALMATY = 'Almaty Region Education Department';
const TALGAR = 'Talgar District Education Office';
const TALGAR_SCHOOL = 'Talgar Secondary School No. 1';
const DAK_LAK = 'Đắk Lắk Department of Education and Training';

/** A small valid programme file owned by the Almaty region (a path from the ministry). */
const fileFor = (key: string, extra = '') => `version: 1
key: ${key}
owner: { path: [${ALMATY}] }
title:
  ru: Безопасный интернет
  en: Safe Internet
startsOn: 2017-04-01
endsOn: 2017-04-30
timeZone: Asia/Almaty
phases:
  - key: main
    title: { en: Main }
    startsOn: 2017-04-10
    endsOn: 2017-04-21
organisers:
  - org: { path: [] }
  - org: { path: [${TALGAR}] }
    byAgreement: true
partners: [Media]
${extra}`;

/** A plan section naming responsible organisations, for a registered plan part to accept. */
const planOf = (...refs: string[]) => `plan:
  - key: s1
    title: { en: Section }
    items:
${refs
  .map(
    (ref, i) => `      - key: "${i + 1}"
        number: "${i + 1}."
        title: { en: Item ${i + 1} }
        completionForm: report
        deadline: { kind: ongoing }
        responsible:
          - org: ${ref}
`,
  )
  .join('')}`;

describe.each(backends)('loading a programme file on $name', ({ database, run }) => {
  let th: TestHub;
  let now = Date.parse('2017-03-01T00:00:00Z');

  beforeAll(async () => {
    if (run) th = await startTestHub({ database, workers: false, now: () => now });
  });
  afterAll(() => th?.close());

  const load = (text: string, query = '', headers = th.auth) =>
    th.hub.app.inject({
      method: 'POST',
      url: `/v1/campaigns/programme${query}`,
      headers: { ...headers, 'content-type': 'application/yaml' },
      payload: text,
    });
  const campaignRows = (key: string) =>
    th.hub.db.selectFrom('campaigns').selectAll().where('key', '=', key).execute();
  const problems = (res: LightMyRequestResponse) =>
    expectProblem(res, 400, 'programme_invalid').errors ?? [];

  /** The admin key's authority, for calling the loader with parts of a test's own. */
  const ministryAuth = (): AuthContext => ({
    actor: { kind: 'key', apiKeyId: '00000000-0000-7000-8000-000000000000' },
    orgId: th.seed.ministryId,
    orgPath: [th.seed.ministryId],
    scopes: ['read', 'write', 'send', 'admin'],
  });
  const loadWith = (parts: ProgrammePart[], text: string, dryRun = false) =>
    loadProgramme(
      { db: share(th.hub.db), now: () => now },
      createProgrammeParts([campaignPart, ...parts]),
      ministryAuth(),
      { text, format: 'yaml', dryRun },
    );
  /** A plan part that stores nothing: lets the loader resolve and check the plan's refs. */
  const acceptingPlan: ProgrammePart = {
    name: 'plan',
    sections: ['plan'],
    read: async () => ({}),
    problems: async () => [],
    write: async () => false,
  };

  it.runIf(run)('creates the campaign, then answers unchanged, then updated', async () => {
    const first = await load(fileFor('si-2017'));
    expect(first.statusCode, first.body).toBe(201);
    const created = first.json<ProgrammeLoadResult>();
    expect(created.outcome).toBe('created');
    expect(created.dryRun).toBe(false);
    expect(created.campaign).toMatchObject({
      orgId: th.seed.provinceIds[0],
      key: 'si-2017',
      status: 'draft',
      title: { ru: 'Безопасный интернет', en: 'Safe Internet' },
      phases: [{ key: 'main', startsOn: '2017-04-10', endsOn: '2017-04-21' }],
      organisers: [
        { orgId: th.seed.provinceIds[0], byAgreement: false },
        { orgId: th.seed.districtId, byAgreement: true },
      ],
      partners: ['Media'],
    });
    const [row] = await campaignRows('si-2017');

    now += 60_000;
    const again = await load(fileFor('si-2017'));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<ProgrammeLoadResult>().outcome).toBe('unchanged');
    const [same] = await campaignRows('si-2017');
    expect(same).toEqual(row);

    now += 60_000;
    const changed = fileFor('si-2017').replace('en: Safe Internet', 'en: Safe Internet 2017');
    const third = await load(changed);
    expect(third.statusCode, third.body).toBe(200);
    const updated = third.json<ProgrammeLoadResult>();
    expect(updated.outcome).toBe('updated');
    expect(updated.campaign.id).toBe(created.campaign.id);
    expect(updated.campaign.title.en).toBe('Safe Internet 2017');
    expect(updated.campaign.updatedAt).toBe(new Date(now).toISOString());
    expect(await campaignRows('si-2017')).toHaveLength(1);
  });

  it.runIf(run)('takes { format, text } as JSON, a JSON file included', async () => {
    const json = JSON.stringify(
      {
        version: 1,
        key: 'si-json',
        owner: { code: 'nobody-has-this-code' },
        title: { en: 'Safe Internet' },
        startsOn: '2017-04-01',
        endsOn: '2017-04-30',
        timeZone: 'Asia/Almaty',
      },
      null,
      2,
    );
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/campaigns/programme',
      headers: th.auth,
      payload: { format: 'json', text: json },
    });
    const [problem] = problems(res);
    expect(problem).toMatchObject({ path: 'owner', code: 'unknown_org', line: 4, column: 3 });
    expect(problem?.message).toMatch(/nobody-has-this-code/);

    const ok = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/campaigns/programme',
      headers: th.auth,
      payload: {
        format: 'json',
        text: json.replace('{\n    "code": "nobody-has-this-code"\n  }', '{ "path": [] }'),
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json<ProgrammeLoadResult>().campaign.orgId).toBe(th.seed.ministryId);
  });

  it.runIf(run)(
    'reports every problem of a file with 25 mistakes, with paths and lines',
    async () => {
      const phases = Array.from(
        { length: 24 },
        (_, i) => `  - key: p${i}
    title: { en: Phase ${i} }
    startsOn: 2017-${String((i % 12) + 1).padStart(2, '0')}-20
    endsOn: 2017-${String((i % 12) + 1).padStart(2, '0')}-10
`,
      ).join('');
      const text = `version: 1
key: twenty-five
owner: { path: [] }
title: { en: Twenty-five mistakes }
startsOn: 2017-01-01
endsOn: 2017-12-31
timeZone: "+06:00"
phases:
${phases}`;
      const errors = problems(await load(text));
      expect(errors).toHaveLength(25);
      expect(errors[0]).toMatchObject({ path: 'timeZone', code: 'time_zone_offset', line: 7 });
      errors.slice(1).forEach((error, i) => {
        expect(error).toMatchObject({
          path: `phases[${i}].endsOn`,
          code: 'dates_inverted',
          line: 9 + i * 4 + 3,
          column: 5,
        });
      });
      expect(await campaignRows('twenty-five')).toEqual([]);
    },
  );

  it.runIf(run)(
    'reports unknown codes and paths, and organisations outside the owner',
    async () => {
      const text = fileFor(
        'refs',
        planOf(
          '{ code: no-such-code }',
          `{ path: [${TALGAR}, No Such School] }`,
          `{ path: [${TALGAR}, ${TALGAR_SCHOOL}] }`,
          `{ id: ${th.seed.provinceIds[1]} }`,
        ),
      ).replace(`  - org: { path: [${TALGAR}] }`, `  - org: { id: ${th.seed.provinceIds[1]} }`);
      const error = await loadWith([acceptingPlan], text).catch((e: unknown) => e);
      const { code, errors } = error as { code: string; errors: Problem['errors'] };
      expect(code).toBe('programme_invalid');
      expect(errors?.map(({ path, code }) => ({ path, code }))).toEqual([
        { path: 'organisers[1].org', code: 'org_off_owner_line' },
        { path: 'plan[0].items[0].responsible[0].org', code: 'unknown_org' },
        { path: 'plan[0].items[1].responsible[0].org.path[1]', code: 'unknown_org' },
        { path: 'plan[0].items[3].responsible[0].org', code: 'org_outside_owner' },
      ]);
      for (const e of errors ?? []) expect(e.line).toBeGreaterThan(0);
      expect(errors?.[2]?.message).toMatch(/No Such School.*directly under "Talgar/);
      expect(await campaignRows('refs')).toEqual([]);
    },
  );

  it.runIf(run)('refuses a section no part stores, naming it and its line', async () => {
    // quietHours are an organisation's setting: no part stores a file's (campaign-file.md).
    const text = fileFor('with-quiet-hours', 'quietHours: { from: "22:00", to: "07:00" }\n');
    const body = expectProblem(
      await load(text),
      422,
      'programme_section_unsupported',
      /"quietHours"/,
    );
    expect(body.errors).toEqual([
      expect.objectContaining({
        path: 'quietHours',
        code: 'programme_section_unsupported',
        line: 20,
      }),
    ]);
    expect(await campaignRows('with-quiet-hours')).toEqual([]);
    // With a part registered for it, the same file loads.
    const quiet: ProgrammePart = { ...acceptingPlan, name: 'quiet', sections: ['quietHours'] };
    const loaded = await loadWith([quiet], text);
    expect(loaded.outcome).toBe('created');
  });

  it.runIf(run)('a dry run answers what a load would do and writes nothing', async () => {
    const dry = await load(fileFor('dry'), '?dryRun=true');
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json<ProgrammeLoadResult>()).toMatchObject({ outcome: 'created', dryRun: true });
    expect(await campaignRows('dry')).toEqual([]);

    expect((await load(fileFor('dry'))).statusCode).toBe(201);
    const [before] = await campaignRows('dry');
    now += 60_000;
    const changed = fileFor('dry').replace('partners: [Media]', 'partners: [Media, NGOs]');
    const dryUpdate = await load(changed, '?dryRun=true');
    expect(dryUpdate.json<ProgrammeLoadResult>()).toMatchObject({
      outcome: 'updated',
      dryRun: true,
      campaign: { partners: ['Media', 'NGOs'] },
    });
    expect(await campaignRows('dry')).toEqual([before]);
  });

  it.runIf(run)('a part failing after the campaign row was written leaves nothing', async () => {
    let wrote = false;
    const failing: ProgrammePart = {
      name: 'failing',
      sections: ['plan'],
      read: async () => ({}),
      problems: async () => [],
      async write(db, campaign) {
        // The campaign part has written its row in this transaction by now.
        const rows = await (db as unknown as typeof th.hub.db)
          .selectFrom('campaigns')
          .select('id')
          .where('id', '=', campaign.id)
          .execute();
        wrote = rows.length === 1;
        throw new Error('the plan part failed');
      },
    };
    const text = fileFor('half', planOf('{ path: [] }'));
    await expect(loadWith([failing], text)).rejects.toThrow('the plan part failed');
    expect(wrote).toBe(true);
    expect(await campaignRows('half')).toEqual([]);
    const phases = await th.hub.db
      .selectFrom('campaign_phases')
      .innerJoin('campaigns', 'campaigns.id', 'campaign_phases.campaign_id')
      .where('campaigns.key', '=', 'half')
      .select('campaign_phases.key')
      .execute();
    expect(phases).toEqual([]);
  });

  it.runIf(run)('a part’s problems join the others, located', async () => {
    const judging: ProgrammePart = {
      name: 'plan',
      sections: ['plan'],
      read: async () => ({}),
      problems: async (file) => [
        {
          at: ['plan', 0, 'items', 0, 'completionForm'],
          code: 'unknown_form',
          message: `no completion form "${file.plan?.[0]?.items[0]?.completionForm}"`,
        },
      ],
      write: async () => true,
    };
    const text = fileFor('judged', planOf('{ path: [] }')).replace(
      'timeZone: Asia/Almaty',
      'timeZone: Asia/Almaty\nimplements: { campaignKey: no-such-parent }',
    );
    const error = (await loadWith([judging], text).catch((e: unknown) => e)) as Problem;
    expect(error.code).toBe('programme_invalid');
    expect(error.errors).toEqual([
      expect.objectContaining({
        path: 'implements.campaignKey',
        code: 'campaign_implements_invalid',
        line: 10,
      }),
      expect.objectContaining({
        path: 'plan[0].items[0].completionForm',
        code: 'unknown_form',
        line: 28,
      }),
    ]);
  });

  it.runIf(run)('the owner must be in reach of the loading key', async () => {
    const school = await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['read', 'write']);
    const text = fileFor('reach').replace(
      `owner: { path: [${ALMATY}] }`,
      `owner: { path: [${DAK_LAK}] }`,
    );
    const [problem] = problems(await load(text, '', school.headers));
    expect(problem).toMatchObject({ path: 'owner.path[0]', code: 'unknown_org', line: 3 });
    const byId = text.replace(
      `owner: { path: [${DAK_LAK}] }`,
      `owner: { id: ${th.seed.provinceIds[1]} }`,
    );
    expect(problems(await load(byId, '', school.headers))[0]).toMatchObject({
      path: 'owner',
      code: 'unknown_org',
    });
  });

  // Two processes' worth of loads need two connections: PostgreSQL only (the embedded store
  // has one, so its transactions cannot interleave at all).
  it.runIf(run && database === 'postgres')(
    'two loads of one new file at once: the second waits for the first, then finds its campaign',
    async () => {
      let firstInside: () => void = () => {};
      const inside = new Promise<void>((resolve) => {
        firstInside = resolve;
      });
      let held = 0;
      const holding: ProgrammePart = {
        name: 'holding',
        sections: ['plan'],
        read: async () => ({}),
        problems: async () => [],
        async write() {
          if (held++ > 0) return false;
          firstInside();
          // The first load keeps its transaction open until the second is seen waiting for
          // the load lock of the same owner and key: the interleaving, not the timing, decides.
          await eventually(
            async () =>
              (
                await sql<{ n: number }>`select count(*)::int as n from pg_locks
                  where locktype = 'advisory' and not granted
                    and classid = ${PROGRAMME_LOCK_CLASS}::bigint::oid`.execute(th.hub.db)
              ).rows[0]?.n,
            (n) => n === 1,
            'the second load waiting for the lock',
            10_000,
          );
          return false;
        },
      };
      const text = fileFor('race', planOf('{ path: [] }'));
      const first = loadWith([holding], text);
      await inside;
      const second = loadWith([holding], text);
      const outcomes = (await Promise.all([first, second])).map((r) => r.outcome);
      expect(outcomes).toEqual(['created', 'unchanged']);
      expect(await campaignRows('race')).toHaveLength(1);
    },
  );

  it.runIf(run)('keeps a running campaign’s start (the lifecycle’s edit rules)', async () => {
    const created = await load(fileFor('running'));
    const { campaign } = created.json<ProgrammeLoadResult>();
    const scheduled = await th.hub.app.inject({
      method: 'POST',
      url: `/v1/campaigns/${campaign.id}/schedule`,
      headers: th.auth,
    });
    expect(scheduled.json<Campaign>().status).toBe('scheduled');
    now = Date.parse('2017-04-12T06:00:00Z');
    const moved = fileFor('running').replace('startsOn: 2017-04-01', 'startsOn: 2017-04-02');
    const [problem] = problems(await load(moved));
    expect(problem).toMatchObject({ path: 'startsOn', code: 'campaign_edit_forbidden', line: 7 });
    expect((await load(fileFor('running'))).json<ProgrammeLoadResult>().outcome).toBe('unchanged');
    now = Date.parse('2017-03-01T00:00:00Z');
  });
});
