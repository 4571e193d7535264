import { randomBytes } from 'node:crypto';
import type { ReportForm, ReportMissing, ReportRollUp, ReportSubmission } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const count = (key: string, ru: string) => ({ key, type: 'count', label: { ru } });
/** The 2017 regional form's columns (the seed's table of results). */
const FORM = {
  key: 'safe-internet-2017-results',
  title: { ru: 'Итоги информационной кампании «Безопасный интернет»' },
  fields: [
    { ...count('assemblies', 'Кол-во общешкольных линеек'), required: true },
    count('class_hours', 'Кол-во классных часов'),
    count('contests', 'Кол-во конкурсов'),
    count('meetings', 'Кол-во встреч'),
    count('debates', 'Кол-во дебатов'),
    count('parent_meetings', 'Кол-во родительских собраний'),
    count('children_reached', 'Охват детей'),
    {
      key: 'media_coverage',
      type: 'group',
      label: { ru: 'Освещение в СМИ' },
      fields: [
        { key: 'outlet', type: 'text', label: { ru: 'Наименование СМИ' }, required: true },
        { key: 'date', type: 'date', label: { ru: 'Дата размещения' }, required: true },
      ],
    },
    { key: 'other', type: 'longText', label: { ru: 'Другие' } },
  ],
  schedule: {
    kind: 'once',
    startsOn: '2017-04-10',
    endsOn: '2017-04-21',
    dueOn: '2017-04-25',
    locksOn: '2017-04-30',
  },
};

/** What each unit reports, and when. Караганда first submits, then resubmits other values. */
const ANSWERS: Partial<Record<Unit, { at: number; values: Record<string, unknown> }>> = {
  'Акмолинская область': {
    at: ON_TIME,
    values: {
      assemblies: 212,
      class_hours: 1480,
      children_reached: 45000,
      media_coverage: [{ outlet: 'Казахстанская правда', date: '2017-04-12' }],
    },
  },
  'Актюбинская область': {
    at: ON_TIME,
    values: { assemblies: 180, class_hours: 1200, children_reached: 38000 },
  },
  'Алматинская область': {
    at: ON_TIME,
    values: { assemblies: 305, class_hours: 2210, children_reached: 61000 },
  },
  'Атырауская область': {
    at: LATE,
    values: { assemblies: 95, class_hours: 640, children_reached: 17000 },
  },
  'Восточно-Казахстанская область': {
    at: ON_TIME,
    values: { assemblies: 260, class_hours: 1750, children_reached: 49000 },
  },
  'Жамбылская область': {
    at: LATE,
    values: { assemblies: 140, class_hours: 1010, children_reached: 30000 },
  },
  'Западно-Казахстанская область': {
    at: ON_TIME,
    values: { assemblies: 110, class_hours: 700, children_reached: 21000 },
  },
  'Карагандинская область': {
    at: ON_TIME,
    values: { assemblies: 200, class_hours: 1500, children_reached: 40000 },
  },
  'Костанайская область': {
    at: ON_TIME,
    values: { assemblies: 175, class_hours: 1300, children_reached: 33000 },
  },
  'Кызылординская область': {
    at: LATE,
    values: { assemblies: 90, class_hours: 610, children_reached: 19000 },
  },
  // Мангистауская область never reports.
  'Павлодарская область': {
    at: LATE,
    values: { assemblies: 130, class_hours: 920, children_reached: 26000 },
  },
  'Северо-Казахстанская область': {
    at: ON_TIME,
    values: { assemblies: 100, class_hours: 680, children_reached: 18000 },
  },
  'Южно-Казахстанская область': {
    at: ON_TIME,
    values: { assemblies: 330, class_hours: 2400, children_reached: 72000 },
  },
  Астана: {
    at: ON_TIME,
    values: {
      assemblies: 120,
      class_hours: 860,
      children_reached: 41000,
      other: 'Флешмоб «Безопасный интернет» в ТРЦ',
    },
  },
  Алматы: {
    at: ON_TIME,
    values: {
      assemblies: 150,
      class_hours: 990,
      children_reached: 52000,
      media_coverage: [
        { outlet: 'Вечерний Алматы', date: '2017-04-14' },
        { outlet: 'Хабар', date: '2017-04-18' },
      ],
    },
  },
};
/** Караганда's resubmission, late (its first submission was on time: it stays on time). */
const KARAGANDA_AGAIN = { assemblies: 230, class_hours: 1620, children_reached: 44000 };

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

    for (const [name, answer] of Object.entries(ANSWERS)) {
      clock = answer.at;
      const res = await submit(name as Unit, answer.values);
      expect(res.statusCode, res.body).toBe(200);
    }
    clock = LATE;
    const again = await submit('Карагандинская область', KARAGANDA_AGAIN);
    expect(again.json<ReportSubmission>()).toMatchObject({ version: 2, onTime: true });
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
      expect(node.totals.contests).toEqual({ type: 'count', sum: 0, answered: 0 });
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
    expect(lines).toContain('Атырауская область,,с опозданием,95,640,,,,,17000,,,100.0,0.0,1,1');
    expect(lines).toContain('Мангистауская область,,не сдан,,,,,,,,,,0.0,0.0,1,0');
    expect(lines).toContain(
      'Алматы,,сдан,150,990,,,,,52000,"Вечерний Алматы, 2017-04-14; Хабар, 2017-04-18",,100.0,100.0,1,1',
    );
    const total = lines.at(-2) as string;
    expect(total.startsWith('Итого,,,2627,18370,,,,,566000,"')).toBe(true);
    expect(total.endsWith(',Флешмоб «Безопасный интернет» в ТРЦ,93.8,68.8,16,15')).toBe(true);
    for (const row of [
      'Казахстанская правда, 2017-04-12',
      'Вечерний Алматы, 2017-04-14',
      'Хабар, 2017-04-18',
    ])
      expect(total).toContain(row);
  });

  it.runIf(run)('locks the period after 30 April in Almaty, except for one region', async () => {
    clock = AFTER_LOCK;
    try {
      const mangystau = 'Мангистауская область';
      expectProblem(await submit(mangystau, { assemblies: 60 }), 409, 'report_locked');
      const exception = await inject(
        'PUT',
        `/v1/report-forms/${form.id}/periods/once/exceptions/${unit(mangystau)}`,
        { until: '2017-05-05T18:00:00Z' },
      );
      expect(exception.statusCode, exception.body).toBe(200);
      const late = await submit(mangystau, { assemblies: 60 });
      expect(late.statusCode, late.body).toBe(200);
      expect(late.json<ReportSubmission>()).toMatchObject({ version: 1, onTime: false });
      expectProblem(await submit('Атырауская область', { assemblies: 96 }), 409, 'report_locked');
      // Its exception ended: locked again.
      const removed = await inject(
        'DELETE',
        `/v1/report-forms/${form.id}/periods/once/exceptions/${unit(mangystau)}`,
      );
      expect(removed.statusCode).toBe(204);
      expectProblem(await submit(mangystau, { assemblies: 61 }), 409, 'report_locked');
      const versions = await inject('GET', `${submission(mangystau)}/versions`);
      expect(versions.json().items).toHaveLength(1);
    } finally {
      clock = LATE;
    }
  });
});
