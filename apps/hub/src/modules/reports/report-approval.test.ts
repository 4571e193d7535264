import { randomBytes } from 'node:crypto';
import type {
  Page,
  ReportApprovals,
  ReportAuditEntry,
  ReportForm,
  ReportRollUp,
  ReportSubmission,
  ReportSubmissionVersion,
} from '@safenet/core';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { eventually } from '../../testing/eventually.js';
import { bearer, expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { insertApiKey, insertOrganisation } from '../organisations/index.js';
import { approveReports } from './report-approval.js';
import { own } from './reports.tables.js';

/**
 * Issue 13's approval tests, on the tree the brief draws: a ministry, 2 provinces, 2
 * districts each, 2 schools each; the schools must report; districts, provinces and the
 * ministry approve, lowest first.
 */

const backends = await testBackends();

const at = (local: string) => Date.parse(`${local}+07:00`);
const BEFORE_DUE = at('2023-04-20T10:00:00');
const AFTER_LOCK = at('2023-05-03T10:00:00');

type OrgRow = Awaited<ReturnType<typeof insertOrganisation>>;
type Who = {
  id: string;
  name: string;
  keyId: string;
  headers: { authorization: string };
  row: OrgRow;
};

describe.each(backends)('report approval on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = BEFORE_DUE;
  let ministry: Who;
  const provinces: Who[] = [];
  const districts: Who[] = []; // d[0], d[1] under provinces[0]; d[2], d[3] under provinces[1]
  const schools: Who[] = []; // s[2i], s[2i+1] under districts[i]

  const call = (
    who: Who,
    method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
  ) =>
    th.hub.app.inject({
      method,
      url,
      headers: who.headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  async function org(parent: Who | null, kind: string, name: string): Promise<Who> {
    const db = share(th.hub.db);
    const row = await insertOrganisation(db, parent?.row ?? null, {
      kind: kind as never,
      name,
      timeZone: 'Asia/Ho_Chi_Minh',
      defaultLanguage: 'vi',
    });
    const secret = `sn_test_${randomBytes(16).toString('hex')}`;
    const key = await insertApiKey(db, {
      orgId: row.id,
      name: `${name} key`,
      scopes: ['read', 'write', 'admin'],
      secret,
    });
    return { id: row.id, name, keyId: key.id, headers: bearer(secret), row };
  }

  /** A new form of the ministry's, assigned to every school, approved district → ministry. */
  async function newForm(key: string): Promise<ReportForm> {
    const created = await call(ministry, 'POST', '/v1/report-forms', {
      orgId: ministry.id,
      key,
      title: { vi: 'Báo cáo kết quả' },
      fields: [{ key: 'sessions_held', type: 'count', label: { vi: 'Số buổi' }, required: true }],
      schedule: {
        kind: 'once',
        startsOn: '2023-04-01',
        endsOn: '2023-04-15',
        dueOn: '2023-04-25',
        locksOn: '2023-04-30',
      },
      approvalLevels: ['district', 'province', 'ministry'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const form = created.json<ReportForm>();
    const assigned = await call(ministry, 'PUT', `/v1/report-forms/${form.id}/assignment`, {
      assignees: [{ allOf: 'school', under: ministry.id }],
    });
    expect(assigned.json()).toMatchObject({ expected: 8 });
    return form;
  }

  const base = (form: ReportForm) => `/v1/report-forms/${form.id}/periods/once`;
  const submit = (form: ReportForm, school: Who, sessions: number, by: Who = school) =>
    call(by, 'PUT', `${base(form)}/submissions/${school.id}`, {
      values: { sessions_held: sessions },
    });
  const approve = (form: ReportForm, approver: Who, by: Who = approver) =>
    call(by, 'POST', `${base(form)}/approvals/${approver.id}`);
  const unapprove = (form: ReportForm, approver: Who, by: Who = approver) =>
    call(by, 'DELETE', `${base(form)}/approvals/${approver.id}`);
  const giveBack = (form: ReportForm, school: Who, by: Who, comment: string) =>
    call(by, 'POST', `${base(form)}/submissions/${school.id}/return`, { comment });
  const blockedBy = (body: string) =>
    (JSON.parse(body) as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
  const ids = (...whos: Who[]) => whos.map((w) => w.id).sort();

  async function submitAll(form: ReportForm) {
    for (const [index, school] of schools.entries()) {
      const res = await submit(form, school, index + 1);
      expect(res.statusCode, res.body).toBe(200);
    }
  }

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, now: () => clock });
    ministry = await org(null, 'ministry', 'Bộ Giáo dục và Đào tạo (test)');
    for (const p of [0, 1]) {
      const province = await org(ministry, 'province', `Tỉnh ${p}`);
      provinces.push(province);
      for (const d of [0, 1]) {
        const district = await org(province, 'district', `Huyện ${p}.${d}`);
        districts.push(district);
        for (const s of [0, 1]) {
          schools.push(await org(district, 'school', `Trường ${p}.${d}.${s}`));
        }
      }
    }
  });
  afterAll(() => th?.close());

  it.runIf(run)('lets a province approve only once all its districts have', async () => {
    clock = BEFORE_DUE;
    const form = await newForm('levels');
    // Nothing submitted: the districts are missing, and so are their schools beneath them.
    const none = await approve(form, districts[0] as Who);
    expectProblem(none, 409, 'report_approval_blocked');
    expect(blockedBy(none.body)).toEqual(ids(schools[0] as Who, schools[1] as Who));
    await submitAll(form);

    const early = await approve(form, provinces[0] as Who);
    expectProblem(early, 409, 'report_approval_blocked');
    expect(blockedBy(early.body)).toEqual(ids(districts[0] as Who, districts[1] as Who));

    expect((await approve(form, districts[0] as Who)).statusCode).toBe(201);
    const half = await approve(form, provinces[0] as Who);
    expectProblem(half, 409, 'report_approval_blocked');
    expect(blockedBy(half.body)).toEqual(ids(districts[1] as Who));
    expect(half.json().detail).toContain('Huyện 0.1');

    // A level above may approve for the district.
    const forDistrict = await approve(form, districts[1] as Who, provinces[0] as Who);
    expect(forDistrict.statusCode, forDistrict.body).toBe(201);
    const done = await approve(form, provinces[0] as Who);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({
      orgId: provinces[0]?.id,
      approvedBy: { kind: 'key', id: provinces[0]?.keyId },
    });

    const ministryEarly = await approve(form, ministry);
    expectProblem(ministryEarly, 409, 'report_approval_blocked');
    expect(blockedBy(ministryEarly.body)).toEqual(
      ids(provinces[1] as Who, districts[2] as Who, districts[3] as Who),
    );
    expectProblem(await approve(form, provinces[0] as Who), 409, 'report_approval_conflict');
    // A school is not an approval level; a district cannot approve for its province.
    expectProblem(await approve(form, schools[0] as Who), 422, 'report_not_approver');
    expectProblem(await approve(form, provinces[1] as Who, districts[2] as Who), 404, 'not_found');

    // The roll-up marks each node with the approval covering it: its own or the nearest above.
    const rollup = await call(ministry, 'GET', `${base(form)}/rollup?level=district`);
    expect(rollup.statusCode, rollup.body).toBe(200);
    const { node, rows } = rollup.json<ReportRollUp>();
    expect(node.approved).toBeNull();
    expect(rows.map((r) => [r.name, r.approved?.orgId ?? null])).toEqual([
      ['Huyện 0.0', districts[0]?.id],
      ['Huyện 0.1', districts[1]?.id],
      ['Huyện 1.0', null],
      ['Huyện 1.1', null],
    ]);
    expect(rows[1]?.approved?.by).toEqual({ kind: 'key', id: provinces[0]?.keyId });
    const schoolView = await call(ministry, 'GET', `${base(form)}/rollup?orgId=${schools[0]?.id}`);
    expect(schoolView.json<ReportRollUp>().node.approved?.orgId).toBe(districts[0]?.id);

    // A school sees the approvals that lock it; the ministry sees every one.
    const approvals = async (who: Who) =>
      (await call(who, 'GET', `${base(form)}/approvals`))
        .json<ReportApprovals>()
        .items.map((a) => a.orgId)
        .sort();
    expect(await approvals(schools[0] as Who)).toEqual(
      ids(districts[0] as Who, provinces[0] as Who),
    );
    expect(await approvals(ministry)).toEqual(
      ids(districts[0] as Who, districts[1] as Who, provinces[0] as Who),
    );
  });

  it.runIf(run)(
    'locks the data below an approval; a return reopens exactly that submission',
    async () => {
      clock = BEFORE_DUE;
      const form = await newForm('locks');
      await submitAll(form);
      const [s0, s1] = schools as [Who, Who];
      const d0 = districts[0] as Who;
      expect((await approve(form, d0)).statusCode).toBe(201);

      const locked = await submit(form, s0, 40);
      expectProblem(locked, 409, 'report_locked');
      expect(locked.json().detail).toContain(`approved by ${d0.name}`);
      // Another district's school is not under that approval.
      expect((await submit(form, schools[2] as Who, 30)).statusCode).toBe(200);
      expectProblem(await giveBack(form, s0, d0, 'Kiểm tra lại'), 409, 'report_approval_conflict');

      expect((await unapprove(form, d0)).statusCode).toBe(204);
      clock = AFTER_LOCK;
      expectProblem(await giveBack(form, s0, s0, 'tự trả lại'), 422, 'report_not_approver');
      expectProblem(await giveBack(form, s0, d0, '   '), 400, 'validation_failed');
      const returned = await giveBack(form, s0, d0, 'Số buổi không khớp với sổ: kiểm tra lại');
      expect(returned.statusCode, returned.body).toBe(200);
      expect(returned.json<ReportSubmission>()).toMatchObject({ state: 'returned', version: 2 });
      expectProblem(await giveBack(form, s0, d0, 'lần nữa'), 409, 'conflict');
      // Published to the school's line, with the comment; the refused returns published nothing.
      const events = await th.hub.db
        .selectFrom('events')
        .select(['org_path', 'event'])
        .where('type', '=', 'report.returned')
        .execute();
      const mine = events.filter(
        (e) => (e.event as { data: { formId: string } }).data.formId === form.id,
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]?.org_path.at(-1)).toBe(s0.id);
      expect(mine[0]?.event).toMatchObject({
        type: 'report.returned',
        orgId: s0.id,
        data: {
          orgId: s0.id,
          version: 2,
          comment: 'Số buổi không khớp với sổ: kiểm tra lại',
          returnedBy: d0.id,
        },
      });

      // Its people are told, once (the refused returns sent nothing): who, the comment, a link.
      const told = (
        await th.hub.db.selectFrom('broadcasts').select(['segment_query', 'content']).execute()
      ).filter((b) => (b.segment_query as { orgIds?: string[] } | null)?.orgIds?.includes(s0.id));
      expect(told).toHaveLength(1);
      const [message] = told as [(typeof told)[number]];
      expect(message.segment_query).toMatchObject({ orgIds: [s0.id] });
      expect((message.segment_query as { roles: string[] }).roles).not.toContain('parent');
      const body = (message.content as { body: Record<string, string> }).body;
      expect(body.vi).toContain(`${d0.name} đã trả lại báo cáo của đơn vị`);
      expect(body.vi).toContain('“Số buổi không khớp với sổ: kiểm tra lại”');
      expect(body.vi).toMatch(/Sửa và nộp lại báo cáo tại: http\S+\/r\/\S+$/);

      // After the lock: the returned submission opens, its sibling stays locked.
      expectProblem(await submit(form, s1, 9), 409, 'report_locked');
      // Returned is not approvable: it waits for its fix.
      const waiting = await approve(form, d0);
      expectProblem(waiting, 409, 'report_approval_blocked');
      expect(blockedBy(waiting.body)).toEqual([s0.id]);
      const fixed = await submit(form, s0, 4);
      expect(fixed.statusCode, fixed.body).toBe(200);
      expect(fixed.json<ReportSubmission>()).toMatchObject({ state: 'submitted', version: 3 });
      // Open until submitted again, not after.
      expectProblem(await submit(form, s0, 5), 409, 'report_locked');

      const versions = await call(s0, 'GET', `${base(form)}/submissions/${s0.id}/versions`);
      expect(
        versions
          .json<{ items: ReportSubmissionVersion[] }>()
          .items.map((v) => [v.state, v.comment]),
      ).toEqual([
        ['submitted', null],
        ['returned', 'Số buổi không khớp với sổ: kiểm tra lại'],
        ['submitted', null],
      ]);
      expect((await approve(form, d0)).statusCode).toBe(201);
    },
  );

  it.runIf(run)('refuses to withdraw an approval while one above covers it', async () => {
    clock = BEFORE_DUE;
    const form = await newForm('unapprove');
    await submitAll(form);
    const [d0, d1] = districts as [Who, Who];
    const p0 = provinces[0] as Who;
    for (const approver of [d0, d1, p0])
      expect((await approve(form, approver)).statusCode).toBe(201);

    const covered = await unapprove(form, d0);
    expectProblem(covered, 409, 'report_approval_conflict');
    expect(covered.json().detail).toContain(p0.name);
    // The approver's own key cannot withdraw from beneath; the ministry (above) can.
    expect((await unapprove(form, p0, ministry)).statusCode).toBe(204);
    expect((await unapprove(form, d0)).statusCode).toBe(204);
    expectProblem(await unapprove(form, d0), 409, 'report_approval_conflict');
    expectProblem(await unapprove(form, d0, schools[0] as Who), 404, 'not_found');
    expect((await submit(form, schools[0] as Who, 11)).statusCode).toBe(200);
  });

  it.runIf(run)('keeps an append-only audit log of every action, in order, with who', async () => {
    clock = BEFORE_DUE;
    const form = await newForm('audit');
    const [s0, s1] = schools as [Who, Who];
    const d0 = districts[0] as Who;
    const draft = await call(s0, 'PUT', `${base(form)}/submissions/${s0.id}`, {
      values: {},
      state: 'draft',
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expect((await submit(form, s0, 2)).statusCode).toBe(200);
    expect((await submit(form, s1, 3, d0)).statusCode).toBe(200);
    const exception = `${base(form)}/exceptions/${s1.id}`;
    expect(
      (await call(ministry, 'PUT', exception, { until: '2023-05-10T00:00:00Z' })).statusCode,
    ).toBe(200);
    expect((await call(ministry, 'DELETE', exception)).statusCode).toBe(204);
    expect((await approve(form, d0)).statusCode).toBe(201);
    expect((await unapprove(form, d0, provinces[0] as Who)).statusCode).toBe(204);
    expect((await giveBack(form, s1, d0, 'Thiếu minh chứng')).statusCode).toBe(200);
    const patched = await call(ministry, 'PATCH', `/v1/report-forms/${form.id}`, {
      approvalLevels: ['district', 'province'],
    });
    expect(patched.json<ReportForm>().approvalLevels).toEqual(['district', 'province']);
    // Refused actions leave no line.
    expectProblem(await approve(form, provinces[0] as Who), 409, 'report_approval_blocked');

    const entries: ReportAuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/report-forms/${form.id}/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call(ministry, 'GET', url);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Page<ReportAuditEntry>>();
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const key = (who: Who) => ({ kind: 'key', id: who.keyId });
    expect(entries.map((e) => [e.action, e.orgId, e.actor])).toEqual([
      ['form_changed', ministry.id, key(ministry)],
      ['assignment_changed', ministry.id, key(ministry)],
      ['drafted', s0.id, key(s0)],
      ['submitted', s0.id, key(s0)],
      ['submitted', s1.id, key(d0)],
      ['exception_granted', s1.id, key(ministry)],
      ['exception_removed', s1.id, key(ministry)],
      ['approved', d0.id, key(d0)],
      ['unapproved', d0.id, key(provinces[0] as Who)],
      ['returned', s1.id, key(d0)],
      ['form_changed', ministry.id, key(ministry)],
    ]);
    expect(entries[9]?.detail).toMatchObject({ comment: 'Thiếu minh chứng', version: 2 });
    const onlyS1 = await call(ministry, 'GET', `/v1/report-forms/${form.id}/audit?orgId=${s1.id}`);
    expect(onlyS1.json<Page<ReportAuditEntry>>().items.map((e) => e.action)).toEqual([
      'submitted',
      'exception_granted',
      'exception_removed',
      'returned',
    ]);
    // Beneath the form's owner: not readable.
    expectProblem(
      await call(provinces[0] as Who, 'GET', `/v1/report-forms/${form.id}/audit`),
      404,
      'not_found',
    );

    // No path rewrites it, not even SQL.
    const log = own(share(th.hub.db));
    await expect(
      log
        .updateTable('report_audit')
        .set({ action: 'approved' })
        .where('form_id', '=', form.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      log.deleteFrom('report_audit').where('form_id', '=', form.id).execute(),
    ).rejects.toThrow(/append-only/);
    const count = await sql<{ n: number }>`select count(*)::int as n from report_audit
      where form_id = ${form.id}`.execute(th.hub.db);
    expect(count.rows[0]?.n).toBe(11);
  });

  it.runIf(run)(
    'never approves a subtree holding a submission written after the approval (approve vs submit)',
    async () => {
      clock = BEFORE_DUE;
      const form = await newForm('race');
      await submitAll(form);
      const [s0] = schools as [Who];
      const d0 = districts[0] as Who;
      const watcher = new pg.Client({ connectionString: th.hub.store.url });
      await watcher.connect();
      let resubmission: Promise<{ statusCode: number; body: string }> | undefined;
      try {
        const auth: AuthContext = {
          actor: { kind: 'key', apiKeyId: d0.keyId },
          orgId: d0.id,
          orgPath: [ministry.id, provinces[0]?.id as string, d0.id],
          scopes: ['read', 'write'],
        };
        // The barrier: the approval has checked its subtree and holds the form; the school's
        // resubmission starts now and must wait for it (it is seen waiting on a lock, or it
        // finished — which would be the bug this test is for).
        const approval = await approveReports(
          {
            db: share(th.hub.db),
            bus: th.hub.bus,
            now: () => clock,
            hooks: {
              afterApprovalCheck: async () => {
                const pending = submit(form, s0, 99);
                resubmission = pending;
                let finished = false;
                void pending.then(() => {
                  finished = true;
                });
                await eventually(
                  async () =>
                    finished ||
                    Number(
                      (
                        await watcher.query(
                          `SELECT count(*) AS n FROM pg_stat_activity
                            WHERE cardinality(pg_blocking_pids(pid)) > 0
                              AND query ILIKE '%report%'`,
                        )
                      ).rows[0].n,
                    ) > 0,
                  (seen) => seen,
                  'the resubmission waiting on the approval (or done)',
                );
              },
            },
          },
          auth,
          { formId: form.id, periodKey: 'once', orgId: d0.id },
        );
        expect(approval.orgId).toBe(d0.id);
        const res = await (resubmission as Promise<{ statusCode: number; body: string }>);
        expect(res.statusCode, res.body).toBe(409);
        expect(JSON.parse(res.body)).toMatchObject({ code: 'report_locked' });
        const current = await call(s0, 'GET', `${base(form)}/submissions/${s0.id}`);
        expect(current.json<ReportSubmission>()).toMatchObject({
          version: 1,
          values: { sessions_held: 1 },
        });
      } finally {
        await resubmission?.catch(() => undefined);
        await watcher.end();
      }

      // The other order: a resubmission committed first is what a later approval reads.
      expect((await unapprove(form, d0)).statusCode).toBe(204);
      expect((await submit(form, s0, 7)).statusCode).toBe(200);
      expect((await approve(form, d0)).statusCode).toBe(201);
      const audit = await call(ministry, 'GET', `/v1/report-forms/${form.id}/audit?orgId=${s0.id}`);
      expect(audit.json<Page<ReportAuditEntry>>().items.map((e) => e.detail.version)).toEqual([
        1, 2,
      ]);
    },
  );
});
