import type { Alert, Page, ReportForm, SegmentQuery } from '@safenet/core';
import { FOLLOW_UP_ROLES } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { meetingPoint } from '../../testing/meeting-point.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import { hubDb } from '../database.js';
import { type NudgeStep, type NudgesDeps, sweepReportNudges } from './index.js';
import { reportLinkSecret } from './report-links.js';

const backends = await testBackends();

/** 10:00 on a day in Ho Chi Minh City (UTC+7) and in Almaty (UTC+5 since March 2024). */
const hcm10 = (day: string) => Date.parse(`${day}T03:00:00Z`);
const almaty10 = (day: string) => Date.parse(`${day}T05:00:00Z`);

const FIELDS = [{ key: 'sessions', type: 'count', label: { en: 'Sessions held' }, required: true }];

describe.each(backends)('report nudges on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = Date.parse('2025-03-01T00:00:00Z');
  let deps: NudgesDeps;
  let ids: { district: string; almaty: string; hcm: string };

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    th.hub.app.inject({ method, url, headers: th.auth, ...(payload ? { payload } : {}) });
  const sweep = (at: number) => {
    clock = at;
    return sweepReportNudges(deps);
  };
  const createOrg = async (parentId: string, kind: string, name: string, timeZone: string) => {
    const res = await inject('POST', '/v1/organisations', { parentId, kind, name, timeZone });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  /** A form of the ministry due on `dueOn`, assigned to both schools. */
  const createForm = async (key: string, dueOn: string, nudges: object) => {
    const res = await inject('POST', '/v1/report-forms', {
      orgId: th.seed.ministryId,
      key,
      title: { ru: 'Итоги недели', vi: 'Báo cáo tuần', en: 'Week results' },
      fields: FIELDS,
      schedule: {
        kind: 'once',
        startsOn: `${dueOn.slice(0, 8)}01`,
        endsOn: dueOn,
        dueOn,
        locksOn: `${dueOn.slice(0, 8)}28`,
      },
      nudges,
    });
    expect(res.statusCode, res.body).toBe(201);
    const form = res.json<ReportForm>();
    const assigned = await inject('PUT', `/v1/report-forms/${form.id}/assignment`, {
      assignees: [{ orgId: ids.almaty }, { orgId: ids.hcm }],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    return form;
  };
  const submit = async (form: ReportForm, orgId: string, state = 'submitted') => {
    const res = await inject(
      'PUT',
      `/v1/report-forms/${form.id}/periods/once/submissions/${orgId}`,
      { values: state === 'draft' ? {} : { sessions: 2 }, state },
    );
    expect(res.statusCode, res.body).toBe(200);
  };
  /** The broadcasts the nudges of `form` created, in order, with the nudges they carry. */
  const sent = async (form: ReportForm) => {
    const rows = await th.hub.db
      .selectFrom('report_nudges_fired as f')
      .innerJoin('broadcasts as b', 'b.id', 'f.broadcast_id')
      .select(['b.id', 'b.segment_query', 'b.content', 'b.channels', 'f.kind', 'f.org_id'])
      .where('f.form_id', '=', form.id)
      .orderBy('b.id')
      .orderBy('f.org_id')
      .execute();
    const byBroadcast = new Map<
      string,
      {
        kind: string;
        query: SegmentQuery;
        body: Record<string, string>;
        channels: string[];
        named: string[];
      }
    >();
    for (const row of rows) {
      const entry = byBroadcast.get(row.id) ?? {
        kind: row.kind,
        query: row.segment_query as SegmentQuery,
        body: (row.content as { body: Record<string, string> }).body,
        channels: row.channels,
        named: [],
      };
      entry.named.push(row.org_id);
      byBroadcast.set(row.id, entry);
    }
    return [...byBroadcast.values()];
  };
  const overdue = async () =>
    (await inject('GET', '/v1/alerts?code=report_overdue&limit=100')).json<Page<Alert>>().items;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    deps = {
      db: share(th.hub.db),
      bus: th.hub.bus,
      boss: th.hub.boss,
      now: () => clock,
      orgPathOf: createOrgPathCache(th.hub.db),
      graceMs: 15 * 60_000,
      secret: reportLinkSecret(share(th.hub.db)),
      publicUrl: 'https://hub.example/',
    };
    const district = await createOrg(
      th.seed.provinceIds[0] as string,
      'district',
      'Nudge District',
      'Asia/Almaty',
    );
    ids = {
      district,
      almaty: await createOrg(district, 'school', 'School Almaty', 'Asia/Almaty'),
      hcm: await createOrg(district, 'school', 'School Hồ Chí Minh', 'Asia/Ho_Chi_Minh'),
    };
  });
  afterAll(() => th?.close());

  it.runIf(run)('stores a form’s nudges, refuses bad ones, and a patch can stop them', async () => {
    const form = await createForm('stored', '2024-04-25', { before: [7, 1], channels: ['sms'] });
    expect(form.nudges).toEqual({ before: [7, 1], after: [], time: '10:00', channels: ['sms'] });
    expectProblem(
      await inject('PATCH', `/v1/report-forms/${form.id}`, {
        nudges: { before: [1, 1], time: '7am', channels: [] },
      }),
      400,
      'validation_failed',
    );
    const read = await inject('GET', `/v1/report-forms/${form.id}`);
    expect(read.json<ReportForm>().nudges?.before).toEqual([7, 1]);
    const stopped = await inject('PATCH', `/v1/report-forms/${form.id}`, { nudges: null });
    expect(stopped.json<ReportForm>().nudges).toBeNull();
  });

  it.runIf(run)(
    'reminds each school at 10:00 in its own zone, stops at its submission, and tells the district who is missing',
    async () => {
      const form = await createForm('week', '2025-04-25', {
        before: [7, 1],
        after: [1],
        time: '10:00',
        channels: ['sms', 'email'],
      });

      // 7 days before: 10:00 in Ho Chi Minh City first, Almaty's 10:00 two hours later.
      expect(await sweep(hcm10('2025-04-18') - 60_000)).toEqual({ reminders: 0, digests: 0 });
      expect(await sweep(hcm10('2025-04-18'))).toEqual({ reminders: 1, digests: 0 });
      expect(await sweep(hcm10('2025-04-18') + 60_000)).toEqual({ reminders: 0, digests: 0 });
      expect(await sweep(almaty10('2025-04-18'))).toEqual({ reminders: 1, digests: 0 });
      expect(await sweep(almaty10('2025-04-18') + 60_000)).toEqual({ reminders: 0, digests: 0 });
      const week = await sent(form);
      expect(week.map((b) => b.query)).toEqual([
        { orgIds: [ids.hcm], roles: [...FOLLOW_UP_ROLES] },
        { orgIds: [ids.almaty], roles: [...FOLLOW_UP_ROLES] },
      ]);
      expect(week[0]?.channels).toEqual(['sms', 'email']);
      expect(week[0]?.body.en?.split('\n')).toEqual([
        'Reminder · Week results: your report is due in 7 days, on 25 April 2025.',
        expect.stringMatching(/^Submit it here: https:\/\/hub\.example\/r\/\S+$/),
      ]);
      // Each school its own link, contact-less, until the period locks in its zone.
      const links = await th.hub.db
        .selectFrom('report_links')
        .select(['org_id', 'contact_id', 'expires_at', 'created_by'])
        .where('form_id', '=', form.id)
        .orderBy('id')
        .execute();
      expect(links).toEqual([
        {
          org_id: ids.hcm,
          contact_id: null,
          expires_at: new Date('2025-04-28T17:00:00Z'),
          created_by: { kind: 'hub', id: form.id },
        },
        {
          org_id: ids.almaty,
          contact_id: null,
          expires_at: new Date('2025-04-28T19:00:00Z'),
          created_by: { kind: 'hub', id: form.id },
        },
      ]);
      const url = week[1]?.body.ru?.split(': ').at(-1) ?? '';
      expect(week[0]?.body.ru).not.toContain(url);
      const page = await th.hub.app.inject({ method: 'GET', url: new URL(url).pathname });
      expect(page.statusCode, page.body).toBe(200);
      expect(page.body).toContain('School Almaty');
      expect(week[0]?.body.vi).toContain('Báo cáo tuần: còn 7 ngày đến hạn nộp báo cáo');
      expect(week[0]?.body.ru).toContain('Итоги недели: отчёт нужно сдать через 7 дней');

      // Almaty's school submits (a draft first, which is not a report): only the other is
      // reminded the day before.
      await submit(form, ids.almaty, 'draft');
      await submit(form, ids.almaty);
      expect(await sweep(hcm10('2025-04-24'))).toEqual({ reminders: 1, digests: 0 });
      expect(await sweep(almaty10('2025-04-24'))).toEqual({ reminders: 0, digests: 0 });
      const dayBefore = (await sent(form)).slice(2);
      expect(dayBefore.map((b) => b.query.orgIds)).toEqual([[ids.hcm]]);
      expect(dayBefore[0]?.body.en).toContain('due in 1 day, on 25 April 2025');

      // The day after the due date, 10:00 in the district's zone (Almaty): one digest to the
      // district naming the missing school only, and the district's alert.
      expect(await sweep(almaty10('2025-04-26') - 60_000)).toEqual({ reminders: 0, digests: 0 });
      expect(await sweep(almaty10('2025-04-26'))).toEqual({ reminders: 0, digests: 1 });
      expect(await sweep(almaty10('2025-04-26') + 60_000)).toEqual({ reminders: 0, digests: 0 });
      const [digest] = (await sent(form)).slice(3);
      expect(digest).toMatchObject({
        kind: 'after',
        query: { orgIds: [ids.district] },
        named: [ids.hcm],
      });
      expect(digest?.body.en).toBe(
        'Week results: 1 of your organisations has not submitted the report due 25 April 2025: School Hồ Chí Minh.',
      );
      expect(digest?.body.en).not.toContain('School Almaty');
      const subject = `${form.id}/once/${ids.district}`;
      const raised = (await overdue()).filter((a) => a.subject.id === subject);
      expect(raised).toMatchObject([
        { orgId: ids.district, state: 'open', subject: { type: 'report_period', id: subject } },
      ]);

      // A draft is not a report: the alert stays; the submission resolves it.
      await submit(form, ids.hcm, 'draft');
      expect((await overdue()).find((a) => a.subject.id === subject)?.state).toBe('open');
      await submit(form, ids.hcm);
      expect((await overdue()).find((a) => a.subject.id === subject)?.state).toBe('resolved');
      expect(await sweep(almaty10('2025-04-27'))).toEqual({ reminders: 0, digests: 0 });
    },
  );

  it.runIf(run)('sends nothing for a period past its lock, nor late after downtime', async () => {
    const form = await createForm('late', '2025-06-20', {
      before: [1],
      after: [10],
      channels: ['sms'],
    });
    // Down over 10:00 on 19 June, back a millisecond past the grace: not sent late.
    expect(await sweep(almaty10('2025-06-19') + deps.graceMs + 1)).toEqual({
      reminders: 0,
      digests: 0,
    });
    // 10 days after the due date is after the lock (28 June): no digest.
    expect(await sweep(almaty10('2025-06-30'))).toEqual({ reminders: 0, digests: 0 });
    expect(await sent(form)).toEqual([]);
  });

  it.runIf(run)(
    'two processes sweeping at once, held after choosing and before recording: each nudge once',
    async () => {
      const form = await createForm('race', '2026-04-20', {
        before: [0],
        after: [1],
        channels: ['sms'],
      });
      const second = await openSecondStore(th);
      /** Both sweeps at once, each held at every step until the other has chosen it too. */
      const bothSweep = async (at: number) => {
        clock = at;
        const { hook, seen } = meetingPoint<NudgeStep>(2);
        // Hours of grace: at 10:00 in Almaty, 10:00 in Ho Chi Minh City is still due.
        const common = { ...deps, graceMs: 3 * 3_600_000, beforeRecord: hook };
        const [a, b] = await Promise.all([
          sweepReportNudges(common),
          sweepReportNudges({ ...common, db: share(hubDb(second)) }),
        ]);
        return { a, b, seen };
      };
      try {
        const reminded = await bothSweep(almaty10('2026-04-20'));
        // Each process chose both zones' reminders: the race was real.
        expect(reminded.seen.map((s) => [s.kind, s.zone]).toSorted()).toEqual([
          ['before', 'Asia/Almaty'],
          ['before', 'Asia/Almaty'],
          ['before', 'Asia/Ho_Chi_Minh'],
          ['before', 'Asia/Ho_Chi_Minh'],
        ]);
        expect(reminded.a.reminders + reminded.b.reminders).toBe(2);

        const told = await bothSweep(almaty10('2026-04-21'));
        expect(told.seen.map((s) => [s.kind, s.zone])).toEqual([
          ['after', 'Asia/Almaty'],
          ['after', 'Asia/Almaty'],
        ]);
        expect(told.a.digests + told.b.digests).toBe(1);
      } finally {
        await second.close();
      }
      const broadcasts = await sent(form);
      expect(broadcasts.map((b) => [b.kind, b.query.orgIds]).toSorted()).toEqual(
        [
          ['before', [ids.almaty]],
          ['before', [ids.hcm]],
          ['after', [ids.district]],
        ].toSorted(),
      );
      expect(broadcasts.find((b) => b.kind === 'after')?.named.toSorted()).toEqual(
        [ids.almaty, ids.hcm].toSorted(),
      );
      const subject = `${form.id}/once/${ids.district}`;
      expect((await overdue()).filter((a) => a.subject.id === subject)).toHaveLength(1);
    },
  );
});
