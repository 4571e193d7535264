import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type ReportForm,
  ReportFormFile,
  type ReportMissing,
  type ReportRollUp,
  type ReportSubmission,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { share } from '../../platform/database/schema.js';
import { bearer, expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { insertApiKey, insertOrganisation } from '../organisations/index.js';

/**
 * Issue 13's test: the 2017 "Safe Internet" regional results form across the 16 units of
 * 2017 (Kazakhstan's 14 oblasts and the cities of Astana and Almaty), some on time, some
 * late, one resubmitted with other values, one never. Every expected figure below was added
 * up by hand from the table of answers, not by the code under test.
 */

const backends = await testBackends();

/** The hub's clock: Almaty was UTC+6 in 2017. */
const at = (local: string) => Date.parse(`${local}+06:00`);
const ON_TIME = at('2017-04-20T10:00:00');
const LATE = at('2017-04-27T10:00:00');
const AFTER_LOCK = at('2017-05-02T10:00:00');

const UNITS = [
  'Акмолинская область',
  'Актюбинская область',
  'Алматинская область',
  'Атырауская область',
  'Восточно-Казахстанская область',
  'Жамбылская область',
  'Западно-Казахстанская область',
  'Карагандинская область',
  'Костанайская область',
  'Кызылординская область',
  'Мангистауская область',
  'Павлодарская область',
  'Северо-Казахстанская область',
  'Южно-Казахстанская область',
  'Астана',
  'Алматы',
] as const;
type Unit = (typeof UNITS)[number];

/** The 2017 regional form, as the example file has it (its columns verbatim from the source). */
const FORM = ReportFormFile.parse(
  parseYaml(
    readFileSync(
      new URL(
        '../../../../../examples/reports/safe-internet-2017-results.ru.yaml',
        import.meta.url,
      ),
      'utf8',
    ),
  ),
);

/**
 * What each unit reports, and when: assemblies, class hours, contests, meetings, debates,
 * parent meetings, children reached. Караганда first submits on time, then resubmits other
 * values late (it stays on time); Мангистауская область never reports.
 */
const TABLE: [Unit, number, number, number, number, number, number, number, number][] = [
  ['Акмолинская область', ON_TIME, 212, 1480, 35, 40, 12, 300, 45000],
  ['Актюбинская область', ON_TIME, 180, 1200, 28, 31, 9, 250, 38000],
  ['Алматинская область', ON_TIME, 305, 2210, 52, 60, 18, 410, 61000],
  ['Атырауская область', LATE, 95, 640, 14, 15, 4, 120, 17000],
  ['Восточно-Казахстанская область', ON_TIME, 260, 1750, 41, 44, 13, 350, 49000],
  ['Жамбылская область', LATE, 140, 1010, 22, 25, 7, 190, 30000],
  ['Западно-Казахстанская область', ON_TIME, 110, 700, 17, 19, 5, 140, 21000],
  ['Карагандинская область', ON_TIME, 200, 1500, 30, 35, 10, 280, 40000],
  ['Костанайская область', ON_TIME, 175, 1300, 26, 29, 8, 230, 33000],
  ['Кызылординская область', LATE, 90, 610, 13, 14, 3, 110, 19000],
  ['Павлодарская область', LATE, 130, 920, 20, 22, 6, 170, 26000],
  ['Северо-Казахстанская область', ON_TIME, 100, 680, 15, 16, 4, 130, 18000],
  ['Южно-Казахстанская область', ON_TIME, 330, 2400, 55, 66, 20, 450, 72000],
  ['Астана', ON_TIME, 120, 860, 24, 27, 8, 160, 41000],
  ['Алматы', ON_TIME, 150, 990, 30, 33, 10, 200, 52000],
  ['Карагандинская область', LATE, 230, 1620, 33, 38, 11, 300, 44000],
];
const valuesOf = (row: (typeof TABLE)[number]) => {
  const [, , assemblies, class_hours, contests, meetings, debates, parent_meetings, kids] = row;
  return {
    assemblies,
    class_hours,
    contests,
    meetings,
    debates,
    parent_meetings,
    children_reached: kids,
  };
};
/** Мангистауская область's answers after the lock, once given an exception. */
const MANGYSTAU = {
  assemblies: 60,
  class_hours: 420,
  contests: 9,
  meetings: 10,
  debates: 2,
  parent_meetings: 80,
  children_reached: 12000,
};
/** Besides the counts: media coverage and "other" of three units. */
const EXTRA: Partial<Record<Unit, Record<string, unknown>>> = {
  'Акмолинская область': {
    media_coverage: [{ outlet: 'Казахстанская правда', date: '2017-04-12' }],
  },
  Астана: { other: 'Флешмоб «Безопасный интернет» в ТРЦ' },
  Алматы: {
    media_coverage: [
      { outlet: 'Вечерний Алматы', date: '2017-04-14' },
      { outlet: 'Хабар', date: '2017-04-18', link: 'https://khabar.kz/ru/news/2017-04-18' },
    ],
  },
};

describe.each(backends)('the 2017 results report on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = ON_TIME;
  let ministry: { id: string; headers: { authorization: string } };
  const ids = new Map<Unit, string>();
  let form: ReportForm;

  const inject = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: unknown) =>
    th.hub.app.inject({
      method,
      url,
      headers: ministry.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const unit = (name: Unit) => ids.get(name) as string;
  const submission = (name: Unit) =>
    `/v1/report-forms/${form.id}/periods/once/submissions/${unit(name)}`;
  const submit = (name: Unit, values: Record<string, unknown>) =>
    inject('PUT', submission(name), { values });

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, now: () => clock });
    // A tree of its own: the demo ministry's provinces are not 2017's.
    const db = share(th.hub.db);
    const root = await insertOrganisation(db, null, {
      kind: 'ministry',
      name: 'Министерство образования и науки Республики Казахстан',
      timeZone: 'Asia/Almaty',
      defaultLanguage: 'ru',
    });
    const secret = `sn_test_${randomBytes(16).toString('hex')}`;
    await insertApiKey(db, {
      orgId: root.id,
      name: 'Комитет по охране прав детей',
      scopes: ['read', 'write', 'admin'],
      secret,
    });
    ministry = { id: root.id, headers: bearer(secret) };
    for (const name of UNITS) {
      const org = await insertOrganisation(db, root, { kind: 'province', name });
      ids.set(name, org.id);
    }
    const created = await inject('POST', '/v1/report-forms', { orgId: root.id, ...FORM });
    expect(created.statusCode, created.body).toBe(201);
    form = created.json<ReportForm>();
    const assigned = await inject('PUT', `/v1/report-forms/${form.id}/assignment`, {
      assignees: [{ allOf: 'province', under: root.id }],
    });
    expect(assigned.json()).toMatchObject({ expected: 16 });
    // A person to ask at the unit that never reports, and a parent who is not one.
    for (const [role, displayName] of [
      ['official', 'Специалист управления образования'],
      ['parent', 'Родитель'],
    ] as const) {
      const contact = await inject('POST', '/v1/contacts', {
        orgId: unit('Мангистауская область'),
        role,
        displayName,
        language: 'ru',
        addresses: { email: `${role}@mangystau.example.kz` },
      });
      expect(contact.statusCode, contact.body).toBe(201);
    }

    for (const row of TABLE) {
      const [name, when] = row;
      clock = when;
      const res = await submit(name, { ...valuesOf(row), ...EXTRA[name] });
      expect(res.statusCode, res.body).toBe(200);
    }
    const karaganda = await inject('GET', submission('Карагандинская область'));
    expect(karaganda.json<ReportSubmission>()).toMatchObject({
      version: 2,
      onTime: true,
      values: { assemblies: 230 },
    });
  });
  afterAll(() => th?.close());

  it.runIf(run)(
    'rolls the 16 units up to the ministry, with rates and who is missing',
    async () => {
      const res = await inject(
        'GET',
        `/v1/report-forms/${form.id}/periods/once/rollup?level=province`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const { node, rows } = res.json<ReportRollUp>();
      expect(node.orgId).toBe(ministry.id);
      expect(node.totals.assemblies).toEqual({ type: 'count', sum: 2627, answered: 15 });
      expect(node.totals.class_hours).toEqual({ type: 'count', sum: 18370, answered: 15 });
      expect(node.totals.children_reached).toEqual({ type: 'count', sum: 566000, answered: 15 });
      expect(node.totals.contests).toEqual({ type: 'count', sum: 425, answered: 15 });
      expect(node.totals.meetings).toEqual({ type: 'count', sum: 479, answered: 15 });
      expect(node.totals.debates).toEqual({ type: 'count', sum: 138, answered: 15 });
      expect(node.totals.parent_meetings).toEqual({ type: 'count', sum: 3510, answered: 15 });
      const media = node.totals.media_coverage;
      expect(media?.type === 'group' && media.rows.map((r) => r.row.outlet).sort()).toEqual([
        'Вечерний Алматы',
        'Казахстанская правда',
        'Хабар',
      ]);
      expect(node.completeness).toEqual({
        expected: 16,
        submitted: 15,
        onTime: 11,
        reportingRate: 0.9375,
        onTimeRate: 0.6875,
        missing: [unit('Мангистауская область')],
      });
      expect(rows.map((r) => r.name)).toEqual([...UNITS].sort((a, b) => a.localeCompare(b)));
      const karaganda = rows.find((r) => r.name === 'Карагандинская область');
      expect(karaganda?.totals.assemblies).toEqual({ type: 'count', sum: 230, answered: 1 });
      expect(karaganda?.own).toBe('submitted');
    },
  );

  it.runIf(run)('lists who is missing with the people to ask, never parents', async () => {
    const res = await inject('GET', `/v1/report-forms/${form.id}/periods/once/missing`);
    const { missing } = res.json<ReportMissing>();
    expect(missing).toEqual([
      expect.objectContaining({
        orgId: unit('Мангистауская область'),
        name: 'Мангистауская область',
        kind: 'province',
        contacts: [
          expect.objectContaining({
            role: 'official',
            displayName: 'Специалист управления образования',
            addresses: { email: 'official@mangystau.example.kz' },
          }),
        ],
      }),
    ]);
  });

  it.runIf(run)('exports the 2017 table as CSV, one row per region and the totals', async () => {
    const res = await inject(
      'GET',
      `/v1/report-forms/${form.id}/periods/once/export?level=province&format=csv`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="safe-internet-2017-results-once-province.csv"',
    );
    expect(res.body.startsWith('\uFEFFОрганизация,Код,Статус,Кол-во общешкольных линеек,')).toBe(
      true,
    );
    const lines = res.body.slice(1).split('\r\n');
    expect(lines).toHaveLength(1 + 16 + 1 + 1); // header, regions, totals, the final CRLF
    expect(lines).toContain(
      'Атырауская область,,с опозданием,95,640,14,15,4,120,17000,,,100.0,0.0,1,1',
    );
    expect(lines).toContain('Мангистауская область,,не сдан,,,,,,,,,,0.0,0.0,1,0');
    expect(lines).toContain(
      'Алматы,,сдан,150,990,30,33,10,200,52000,"Вечерний Алматы, 2017-04-14; Хабар, 2017-04-18, https://khabar.kz/ru/news/2017-04-18",,100.0,100.0,1,1',
    );
    const total = lines.at(-2) as string;
    expect(total.startsWith('Итого,,,2627,18370,425,479,138,3510,566000,"')).toBe(true);
    expect(total.endsWith(',Флешмоб «Безопасный интернет» в ТРЦ,93.8,68.8,16,15')).toBe(true);
    for (const row of [
      'Казахстанская правда, 2017-04-12',
      'Вечерний Алматы, 2017-04-14',
      'Хабар, 2017-04-18, https://khabar.kz/ru/news/2017-04-18',
    ])
      expect(total).toContain(row);
  });

  it.runIf(run)('locks the period after 30 April in Almaty, except for one region', async () => {
    clock = AFTER_LOCK;
    try {
      const mangystau = 'Мангистауская область';
      expectProblem(await submit(mangystau, MANGYSTAU), 409, 'report_locked');
      const exception = await inject(
        'PUT',
        `/v1/report-forms/${form.id}/periods/once/exceptions/${unit(mangystau)}`,
        { until: '2017-05-05T18:00:00Z' },
      );
      expect(exception.statusCode, exception.body).toBe(200);
      const late = await submit(mangystau, MANGYSTAU);
      expect(late.statusCode, late.body).toBe(200);
      expect(late.json<ReportSubmission>()).toMatchObject({ version: 1, onTime: false });
      expectProblem(
        await submit('Атырауская область', { ...MANGYSTAU, assemblies: 96 }),
        409,
        'report_locked',
      );
      // Its exception ended: locked again.
      const removed = await inject(
        'DELETE',
        `/v1/report-forms/${form.id}/periods/once/exceptions/${unit(mangystau)}`,
      );
      expect(removed.statusCode).toBe(204);
      expectProblem(
        await submit(mangystau, { ...MANGYSTAU, assemblies: 61 }),
        409,
        'report_locked',
      );
      const versions = await inject('GET', `${submission(mangystau)}/versions`);
      expect(versions.json().items).toHaveLength(1);
    } finally {
      clock = LATE;
    }
  });
});
