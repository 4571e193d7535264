import type { ReportForm, ReportSubmission, ReportSubmissionVersion } from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/eventually.js';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

/** 2017-04-20 10:00 in Almaty (UTC+6 then): inside the period, before the due date. */
const NOW = Date.parse('2017-04-20T10:00:00+06:00');

const FIELDS = [
  { key: 'assemblies', type: 'count', label: { ru: 'Кол-во общешкольных линеек' }, required: true },
  { key: 'children_reached', type: 'count', label: { ru: 'Охват детей' } },
  {
    key: 'format',
    type: 'choice',
    label: { en: 'Format' },
    options: [
      { key: 'online', label: { en: 'Online' } },
      { key: 'offline', label: { en: 'In person' } },
    ],
  },
];
const SCHEDULE = {
  kind: 'once',
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  dueOn: '2017-04-25',
  locksOn: '2017-04-30',
};

describe.each(backends)('report forms and submissions on $name', ({ database, run }) => {
  let th: TestHub;
  let school: TestKey;
  let province: TestKey;
  const inject = (
    method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers = th.auth,
  ) =>
    th.hub.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const count = async (table: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
        th.hub.db,
      )
    ).rows[0]?.n ?? 0;
  const counts = async () => ({
    forms: await count('report_forms'),
    assignees: await count('report_assignees'),
    submissions: await count('report_submissions'),
    versions: await count('report_submission_versions'),
  });
  const createForm = async (key: string, extra: Record<string, unknown> = {}) => {
    const res = await inject('POST', '/v1/report-forms', {
      orgId: th.seed.ministryId,
      key,
      title: { ru: 'Итоги' },
      fields: FIELDS,
      schedule: SCHEDULE,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<ReportForm>();
  };
  const assignSchools = (form: ReportForm) =>
    inject('PUT', `/v1/report-forms/${form.id}/assignment`, {
      assignees: [{ allOf: 'school', under: th.seed.ministryId }],
    });
  const url = (form: ReportForm, orgId: string, tail = '') =>
    `/v1/report-forms/${form.id}/periods/once/submissions/${orgId}${tail}`;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, now: () => NOW });
    school = await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['read', 'write']);
    province = await createKey(th.hub.app, th.auth, th.seed.provinceIds[1], ['read', 'write']);
  });
  afterAll(() => th?.close());

  it.runIf(run)('creates, lists, changes and assigns a form', async () => {
    const form = await createForm('results', { campaignId: th.seed.campaignId });
    expect(form).toMatchObject({ key: 'results', campaignId: th.seed.campaignId });
    expectProblem(
      await inject('POST', '/v1/report-forms', {
        orgId: th.seed.ministryId,
        key: 'results',
        title: { ru: 'Ещё раз' },
        fields: FIELDS,
        schedule: SCHEDULE,
      }),
      409,
      'report_form_key_taken',
    );
    // The school sees the ministry's form it reports on; the list pages.
    const list = await inject('GET', '/v1/report-forms?limit=1', undefined, school.headers);
    expect(list.json().items).toHaveLength(1);
    const one = await inject('GET', `/v1/report-forms/${form.id}`, undefined, school.headers);
    expect(one.statusCode).toBe(200);
    // …but may not change it.
    expectProblem(
      await inject('PATCH', `/v1/report-forms/${form.id}`, { title: { ru: 'x' } }, school.headers),
      404,
      'not_found',
    );
    const assigned = await assignSchools(form);
    expect(assigned.json()).toMatchObject({ expected: 2 });
    const read = await inject('GET', `/v1/report-forms/${form.id}/assignment`);
    expect(read.json()).toEqual({
      formId: form.id,
      assignees: [{ allOf: 'school', under: th.seed.ministryId }],
      expected: 2,
    });
    const periods = await inject('GET', `/v1/report-forms/${form.id}/periods`);
    expect(periods.json().periods).toEqual([
      {
        key: 'once',
        startsOn: '2017-04-10',
        endsOn: '2017-04-21',
        dueOn: '2017-04-25',
        locksOn: '2017-04-30',
      },
    ]);
  });

  it.runIf(run)('submits, keeps every version, and refuses a draft over a submission', async () => {
    const form = await createForm('versions');
    await assignSchools(form);
    const schoolId = th.seed.schoolIds[0];
    const draft = await inject('PUT', url(form, schoolId), {
      values: { children_reached: 10 },
      state: 'draft',
    });
    expect(draft.json<ReportSubmission>()).toMatchObject({
      state: 'draft',
      version: 1,
      firstSubmittedAt: null,
      onTime: null,
    });
    // A submission must answer what is required; a draft need not.
    expectProblem(
      await inject('PUT', url(form, schoolId), { values: { children_reached: 10 } }),
      400,
      'report_values_invalid',
    );
    const first = await inject(
      'PUT',
      url(form, schoolId),
      { values: { assemblies: 3, children_reached: 10 } },
      school.headers,
    );
    expect(first.json<ReportSubmission>()).toMatchObject({
      state: 'submitted',
      version: 2,
      onTime: true,
      firstSubmittedAt: new Date(NOW).toISOString(),
      updatedBy: { kind: 'key', id: school.id },
    });
    const second = await inject('PUT', url(form, schoolId), {
      values: { assemblies: 4, children_reached: 10, format: 'online' },
    });
    expect(second.json<ReportSubmission>()).toMatchObject({
      version: 3,
      values: { assemblies: 4 },
    });
    const refused = await inject('PUT', url(form, schoolId), {
      values: { assemblies: 5 },
      state: 'draft',
    });
    expectProblem(refused, 409, 'conflict', /already submitted/);
    const versions = await inject('GET', url(form, schoolId, '/versions'));
    expect(
      versions
        .json<{ items: ReportSubmissionVersion[] }>()
        .items.map((v) => [v.version, v.state, v.changed]),
    ).toEqual([
      [1, 'draft', ['children_reached']],
      [2, 'submitted', ['assemblies']],
      [3, 'submitted', ['assemblies', 'format']],
    ]);
    const current = await inject('GET', url(form, schoolId));
    expect(current.json<ReportSubmission>().version).toBe(3);
    // The other school has none; a school does not see another's.
    expectProblem(await inject('GET', url(form, th.seed.schoolIds[1])), 404, 'not_found');
    expectProblem(
      await inject('GET', url(form, th.seed.schoolIds[1]), undefined, school.headers),
      404,
      'not_found',
    );
    // A form in use: an answered field is neither dropped nor retyped, an answered option stays.
    const [assemblies, children, format] = FIELDS;
    for (const fields of [
      [children, format],
      [{ ...assemblies, type: 'yesNo' }, children, format],
      [
        assemblies,
        children,
        { ...format, options: [format?.options?.[1], { key: 'mixed', label: { en: 'Mixed' } }] },
      ],
    ]) {
      expectProblem(
        await inject('PATCH', `/v1/report-forms/${form.id}`, { fields }),
        409,
        'report_form_in_use',
      );
    }
    const relabelled = await inject('PATCH', `/v1/report-forms/${form.id}`, {
      fields: [{ ...assemblies, label: { ru: 'Линейки' } }, children, format],
    });
    expect(relabelled.statusCode, relabelled.body).toBe(200);
    // Submissions are filed under "once": a monthly schedule would lose them; dates may move.
    expectProblem(
      await inject('PATCH', `/v1/report-forms/${form.id}`, {
        schedule: { kind: 'recurring', every: 'month', from: '2017-04-01', dueAfterDays: 5 },
      }),
      409,
      'report_form_in_use',
      /"once"/,
    );
    const later = await inject('PATCH', `/v1/report-forms/${form.id}`, {
      schedule: { ...SCHEDULE, dueOn: '2017-04-28' },
    });
    expect(later.json<ReportForm>().schedule).toMatchObject({ dueOn: '2017-04-28' });
  });

  it.runIf(run)('refuses bad input with its code, writing nothing', async () => {
    const form = await createForm('bad-input');
    await assignSchools(form);
    const before = await counts();
    const schoolId = th.seed.schoolIds[0];
    const bad = [
      { values: { assemblies: -3 } },
      { values: { assemblies: 'many' } },
      { values: { assemblies: 2.5 } },
      { values: { assemblies: 1, unknown_field: 4 } },
      { values: { assemblies: 1, format: 'radio' } },
    ];
    for (const payload of bad) {
      const problem = expectProblem(
        await inject('PUT', url(form, schoolId), payload),
        400,
        'report_values_invalid',
      );
      expect(problem.errors?.[0]?.path).toMatch(/^values(\.|$)/);
    }
    const negative = expectProblem(
      await inject('PUT', url(form, schoolId), { values: { assemblies: -3 } }),
      400,
      'report_values_invalid',
    );
    expect(negative.errors).toEqual([expect.objectContaining({ path: 'values.assemblies' })]);
    // A due date before the period starts; fields with the same key.
    expectProblem(
      await inject('POST', '/v1/report-forms', {
        orgId: th.seed.ministryId,
        key: 'early',
        title: { ru: 'x' },
        fields: FIELDS,
        schedule: { ...SCHEDULE, dueOn: '2017-04-01' },
      }),
      400,
      'report_schedule_invalid',
    );
    expectProblem(
      await inject('POST', '/v1/report-forms', {
        orgId: th.seed.ministryId,
        key: 'twice',
        title: { ru: 'x' },
        fields: [FIELDS[0], FIELDS[0]],
        schedule: SCHEDULE,
      }),
      400,
      'report_form_invalid',
    );
    // A campaign not of the owner's subtree; an owner outside the caller's.
    expectProblem(
      await inject('POST', '/v1/report-forms', {
        orgId: th.seed.provinceIds[1],
        key: 'campaign',
        title: { vi: 'x' },
        fields: FIELDS,
        schedule: SCHEDULE,
        campaignId: th.seed.campaignId,
      }),
      404,
      'not_found',
    );
    // Assignment outside the owner's subtree: a province's form assigned above it.
    const provinceForm = await inject(
      'POST',
      '/v1/report-forms',
      {
        orgId: th.seed.provinceIds[1],
        key: 'dak-lak',
        title: { vi: 'Báo cáo' },
        fields: FIELDS,
        schedule: SCHEDULE,
      },
      province.headers,
    );
    expect(provinceForm.statusCode, provinceForm.body).toBe(201);
    const outside = expectProblem(
      await inject('PUT', `/v1/report-forms/${provinceForm.json<ReportForm>().id}/assignment`, {
        assignees: [
          { orgId: th.seed.schoolIds[1] },
          { allOf: 'school', under: th.seed.ministryId },
          { orgId: th.seed.schoolIds[0] },
        ],
      }),
      422,
      'report_assignee_outside_tree',
    );
    expect(outside.errors?.map((e) => e.path)).toEqual([
      'body.assignees.1.under',
      'body.assignees.2.orgId',
    ]);
    // Unknown period; an organisation not expected.
    expectProblem(
      await inject('PUT', `/v1/report-forms/${form.id}/periods/2017-Q2/submissions/${schoolId}`, {
        values: { assemblies: 1 },
      }),
      404,
      'report_period_unknown',
    );
    expectProblem(
      await inject('PUT', url(form, th.seed.districtId), { values: { assemblies: 1 } }),
      422,
      'report_not_expected',
    );
    // The province's key cannot write for the ministry's other province's school.
    expectProblem(
      await inject('PUT', url(form, schoolId), { values: { assemblies: 1 } }, province.headers),
      404,
      'not_found',
    );
    expect(await counts()).toEqual({ ...before, forms: before.forms + 1 });
  });

  it.runIf(run)('publishes report.submitted in the write’s transaction', async () => {
    const form = await createForm('events');
    await assignSchools(form);
    const schoolId = th.seed.schoolIds[1];
    const res = await inject('PUT', url(form, schoolId), {
      values: { children_reached: 4 },
      state: 'draft',
    });
    expect(res.statusCode, res.body).toBe(200);
    const events = await th.hub.db
      .selectFrom('events')
      .select(['org_path', 'event'])
      .where('type', '=', 'report.submitted')
      .execute();
    const mine = events.filter(
      (e) => (e.event as { data: { formId: string } }).data.formId === form.id,
    );
    expect(mine).toHaveLength(1);
    expect(mine[0]?.org_path.at(-1)).toBe(schoolId);
    expect(mine[0]?.event).toMatchObject({
      type: 'report.submitted',
      orgId: schoolId,
      data: { formId: form.id, periodKey: 'once', orgId: schoolId, state: 'draft', version: 1 },
    });
    // A refused write publishes nothing.
    expectProblem(
      await inject('PUT', url(form, schoolId), { values: { assemblies: -1 } }),
      400,
      'report_values_invalid',
    );
    const after = await th.hub.db
      .selectFrom('events')
      .select('id')
      .where('type', '=', 'report.submitted')
      .execute();
    expect(after).toHaveLength(events.length);
  });

  it.runIf(run)('exceptions and roll-ups keep to who may see what', async () => {
    const form = await createForm('access');
    await assignSchools(form);
    const [schoolId, otherSchool] = th.seed.schoolIds;
    const exception = `/v1/report-forms/${form.id}/periods/once/exceptions/${schoolId}`;
    // Only the form's owner or above grants one; a school's key does not see it to change.
    expectProblem(
      await inject('PUT', exception, { until: '2017-05-05T00:00:00Z' }, school.headers),
      404,
      'not_found',
    );
    expectProblem(await inject('DELETE', exception), 404, 'not_found');
    expectProblem(
      await inject('PUT', exception.replace('/once/', '/2017-04/'), {
        until: '2017-05-05T00:00:00Z',
      }),
      404,
      'report_period_unknown',
    );
    await inject('PUT', url(form, schoolId), { values: { assemblies: 7 } }, school.headers);
    // A school's roll-up is its own subtree by default; another school's is not its to read.
    const own = await inject(
      'GET',
      `/v1/report-forms/${form.id}/periods/once/rollup`,
      undefined,
      school.headers,
    );
    expect(own.json().node).toMatchObject({
      orgId: schoolId,
      own: 'submitted',
      completeness: { expected: 1, submitted: 1, reportingRate: 1, missing: [] },
    });
    expectProblem(
      await inject(
        'GET',
        `/v1/report-forms/${form.id}/periods/once/rollup?orgId=${otherSchool}`,
        undefined,
        school.headers,
      ),
      404,
      'not_found',
    );
    // The ministry's, by default, is the owner's: both schools expected, one submitted.
    const whole = await inject('GET', `/v1/report-forms/${form.id}/periods/once/rollup`);
    expect(whole.json().node).toMatchObject({
      orgId: th.seed.ministryId,
      own: 'not_expected',
      totals: { assemblies: { type: 'count', sum: 7, answered: 1 } },
      completeness: { expected: 2, submitted: 1, reportingRate: 0.5, missing: [otherSchool] },
    });
    expect(
      whole
        .json()
        .rows.map((r: { kind: string }) => r.kind)
        .sort(),
    ).toEqual(['association', 'province', 'province']);
  });

  it.runIf(run)('lists a recurring form’s periods, each with its due and lock dates', async () => {
    const form = await createForm('monthly', {
      schedule: { kind: 'recurring', every: 'month', from: '2017-01-15', dueAfterDays: 5 },
    });
    const res = await inject(
      'GET',
      `/v1/report-forms/${form.id}/periods?from=2017-02-01&until=2017-03-31`,
    );
    expect(res.json().periods).toEqual([
      {
        key: '2017-02',
        startsOn: '2017-02-01',
        endsOn: '2017-02-28',
        dueOn: '2017-03-05',
        locksOn: null,
      },
      {
        key: '2017-03',
        startsOn: '2017-03-01',
        endsOn: '2017-03-31',
        dueOn: '2017-04-05',
        locksOn: null,
      },
    ]);
    // Open-ended: until today in the owner's zone (the hub's clock says 20 April 2017).
    const all = await inject('GET', `/v1/report-forms/${form.id}/periods`);
    expect(all.json().periods.map((p: { key: string }) => p.key)).toEqual([
      '2017-01',
      '2017-02',
      '2017-03',
      '2017-04',
    ]);
  });

  it.runIf(run)(
    'two writers of one submission get versions n+1 and n+2 (the row lock)',
    async () => {
      const form = await createForm('race');
      await assignSchools(form);
      const schoolId = th.seed.schoolIds[0];
      const first = await inject('PUT', url(form, schoolId), { values: { assemblies: 1 } });
      expect(first.json<ReportSubmission>().version).toBe(1);
      // The test holds the submission's row lock while both writers start: each must wait
      // for it before reading the version. Without that lock both would read version 1 and
      // write version 2 (one failing on the versions' key, or the second overwriting).
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holder = th.hub.db.transaction().execute(async (trx) => {
        await sql`select id from report_submissions where form_id = ${form.id} for update`.execute(
          trx,
        );
        locked();
        await held;
      });
      await lockTaken;
      let answered = 0;
      const both = Promise.all(
        [2, 3].map((assemblies) =>
          inject('PUT', url(form, schoolId), { values: { assemblies } }).finally(() => {
            answered += 1;
          }),
        ),
      );
      try {
        await eventually(
          async () =>
            answered === 2
              ? 2
              : ((
                  await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
                    where datname = current_database() and wait_event_type = 'Lock'
                      and query ilike '%"report_submissions"%'`.execute(th.hub.db)
                ).rows[0]?.n ?? 0),
          (n) => n >= 2,
          'both writers waiting for the submission’s lock',
          10_000,
        );
        expect(answered).toBe(0);
      } finally {
        release();
        await holder;
      }
      const answers = await both;
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
      expect(answers.map((r) => r.json<ReportSubmission>().version).sort()).toEqual([2, 3]);
      const versions = await inject('GET', url(form, schoolId, '/versions'));
      expect(
        versions.json<{ items: ReportSubmissionVersion[] }>().items.map((v) => v.version),
      ).toEqual([1, 2, 3]);
    },
  );
});
