/**
 * Harmful-content cases (issue 14) on both stores, with a hand-moved clock: reports merge on
 * their canonical links (three reporters, one case; two at once, one case), routing sends a case
 * about a school in Đắk Lắk to Đắk Lắk, a staff member's conduct goes above the school and is
 * hidden from it, the state machine and the permission rules answer with their codes, a critical
 * case raises an alert and a breached clock another, a closed case resolves them, and the audit
 * trail records every step in a hash chain that shows tampering.
 */
import type {
  Alert,
  CaseAuditTrail,
  CaseDetail,
  CaseSummary,
  InvitationCreated,
  Page,
  UserRole,
} from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { DispatchClock } from '../../testing/dispatch-clock.js';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { meetingPoint } from '../../testing/meeting-point.js';
import { sessionFrom, type TestSession } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { sweepCaseClocks } from './cases.clocks.js';
import { type IntakeDeps, submitReport } from './cases.submit.js';

const MINUTE = 60_000;
const START = Date.UTC(2026, 11, 7, 4, 0);

describe.each(await testBackends())('cases on $name', ({ database, run }) => {
  let th: TestHub;
  const clock = new DispatchClock(START);
  let intake: IntakeDeps;
  let ids: { ministry: string; daklak: string; nbk: string; almaty: string; talgar: string };
  const people = {} as Record<
    | 'daklakSpecialist'
    | 'nbkSpecialist'
    | 'almatySpecialist'
    | 'ministrySpecialist'
    | 'daklakViewer',
    TestSession
  >;
  let reporterKey: TestKey;
  let otherKey: TestKey;

  const inject = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const ok = async <T>(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => {
    const res = await inject(method, url, headers, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<T>();
  };

  async function join(orgId: string, role: UserRole, email: string): Promise<TestSession> {
    const invited = await ok<InvitationCreated>('POST', '/v1/invitations', th.auth, {
      email,
      orgId,
      role,
      language: 'ru',
    });
    return sessionFrom(
      await th.hub.app.inject({
        method: 'POST',
        url: '/v1/invitations/accept',
        payload: {
          token: new URL(invited.link).searchParams.get('token'),
          name: `Specialist ${email}`,
          password: 'a long enough passphrase',
        },
      }),
    );
  }

  const report = (links: string[], extra: object = {}) => ({
    links,
    category: 'violence',
    platform: 'tiktok',
    description: 'Драка подростков возле школы, видео распространяется',
    ...extra,
  });
  const caseCount = async () =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from cases`.execute(th.hub.db)).rows[0]?.n,
    );

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false, now: clock.now });
    intake = {
      db: share(th.hub.db),
      bus: th.hub.bus,
      now: clock.now,
      orgPathOf: createOrgPathCache(th.hub.db),
    };
    const { seed } = th;
    ids = {
      ministry: seed.ministryId,
      almaty: seed.provinceIds[0],
      daklak: seed.provinceIds[1],
      talgar: seed.schoolIds[0],
      nbk: seed.schoolIds[1],
    };
    people.daklakSpecialist = await join(ids.daklak, 'specialist', 'cp.daklak@example.org');
    people.nbkSpecialist = await join(ids.nbk, 'specialist', 'cp.nbk@example.org');
    people.almatySpecialist = await join(ids.almaty, 'specialist', 'cp.almaty@example.org');
    people.ministrySpecialist = await join(ids.ministry, 'specialist', 'cp.ministry@example.org');
    people.daklakViewer = await join(ids.daklak, 'viewer', 'viewer.daklak@example.org');
    reporterKey = await createKey(th.hub.app, th.auth, ids.ministry, ['read']);
    otherKey = await createKey(th.hub.app, th.auth, ids.ministry, ['read']);
    // The ministry routes cases about Đắk Lắk to Đắk Lắk; the school handles its own bullying.
    await ok('PUT', `/v1/organisations/${ids.ministry}/case-routing`, th.auth, {
      rules: [
        { scopeOrgId: ids.daklak, targetOrgId: ids.daklak },
        { scopeOrgId: ids.nbk, categories: ['bullying', 'staff_misconduct'], targetOrgId: ids.nbk },
      ],
    });
  });
  afterAll(async () => {
    await th?.close();
  });

  it.runIf(run)(
    'merges three reporters’ variants of one link into one case, rising to critical',
    async () => {
      const variants = [
        'https://www.tiktok.com/@user/video/7301?is_from_webapp=1&sender_device=pc',
        'HTTPS://WWW.TIKTOK.COM:443/@user/video/7301#comments',
        'https://www.tiktok.com/@user/video/7301?_r=1&_t=8abc',
      ];
      const receipts: string[] = [];
      for (const [i, link] of variants.entries()) {
        const headers = i === 0 ? reporterKey.headers : i === 1 ? otherKey.headers : th.auth;
        const receipt = await ok<{ reference: string }>('POST', '/v1/case-reports', headers, {
          ...report([link]),
          concernedOrgId: ids.nbk,
        });
        receipts.push(receipt.reference);
        clock.advance(MINUTE);
      }
      expect(new Set(receipts).size).toBe(3);
      for (const reference of receipts) expect(reference).toMatch(/^R-2026-\d{6}$/);

      const list = await ok<Page<CaseSummary>>('GET', '/v1/cases', people.daklakSpecialist.cookie);
      expect(list.items).toHaveLength(1);
      const [kase] = list.items;
      expect(kase).toMatchObject({
        orgId: ids.daklak,
        reportCount: 3,
        severity: 'critical',
        state: 'new',
      });
      const detail = await ok<CaseDetail>(
        'GET',
        `/v1/cases/${kase?.id}`,
        people.daklakSpecialist.cookie,
      );
      expect(detail.links.map((l) => l.url)).toEqual(['https://www.tiktok.com/@user/video/7301']);
      expect(detail.reports.map((r) => r.reference)).toEqual(receipts);
      // Two keys of different reporters read as different pseudonyms; nobody's key id shows.
      expect(new Set(detail.reports.map((r) => r.reporter)).size).toBe(3);
      expect(JSON.stringify(detail)).not.toContain(reporterKey.id);

      // Rising to critical raised one alert for Đắk Lắk.
      const alerts = await ok<Page<Alert>>(
        'GET',
        `/v1/alerts?orgId=${ids.daklak}&code=case_critical`,
        th.auth,
      );
      expect(alerts.items.map((a) => a.subject)).toEqual([{ type: 'case', id: kase?.id }]);
      // Almaty's specialist cannot acknowledge Đắk Lắk's alert: not theirs, so not there.
      const alertId = alerts.items[0]?.id;
      expectProblem(
        await inject('POST', `/v1/alerts/${alertId}/acknowledge`, people.almatySpecialist.headers),
        404,
        'not_found',
      );
      // A viewer of Đắk Lắk sees it but may not acknowledge it (neither `write` nor `cases`).
      expectProblem(
        await inject('POST', `/v1/alerts/${alertId}/acknowledge`, people.daklakViewer.headers),
        403,
        'insufficient_scope',
      );
      const still = await ok<Alert>('GET', `/v1/alerts/${alertId}`, th.auth);
      expect(still.state).toBe('open');

      // The reporter learns the status of their own report, and only of theirs.
      const status = await ok<{ status: string }>(
        'GET',
        `/v1/case-reports/${receipts[0]}`,
        reporterKey.headers,
      );
      expect(status.status).toBe('received');
      expectProblem(
        await inject('GET', `/v1/case-reports/${receipts[0]}`, otherKey.headers),
        404,
        'not_found',
      );
    },
  );

  it.runIf(run)('takes the graver category’s severity when a merged report names one', async () => {
    const link = 'https://www.instagram.com/reel/graver01/';
    await ok('POST', '/v1/case-reports', th.auth, {
      ...report([link]),
      category: 'bullying',
      platform: 'instagram',
      orgId: ids.daklak,
    });
    await ok('POST', '/v1/case-reports', th.auth, {
      ...report([`${link}?igsh=share`]),
      category: 'grooming',
      platform: 'instagram',
      orgId: ids.daklak,
    });
    const cases = await ok<Page<CaseSummary>>(
      'GET',
      `/v1/cases?orgId=${ids.daklak}&state=new`,
      th.auth,
    );
    const merged = cases.items.filter((c) => c.reportCount === 2);
    expect(merged.map((c) => [c.category, c.severity])).toEqual([['bullying', 'critical']]);
  });

  it.runIf(run)('two reports of a new link at once make one case, not two', async () => {
    const { hook } = meetingPoint<string>(2);
    const deps = { ...intake, beforeLinkLocks: () => hook('locks') };
    const before = await caseCount();
    const submit = () =>
      submitReport(deps, {
        report: {
          ...report(['https://youtu.be/race0001']),
          language: 'ru',
          category: 'bullying',
          platform: 'youtube',
        },
        source: 'api',
        intakeOrgId: ids.ministry,
        reporter: { kind: 'anonymous' },
      });
    const [a, b] = await Promise.all([submit(), submit()]);
    expect(a.caseId).toBe(b.caseId);
    expect([a.merged, b.merged].sort()).toEqual([false, true]);
    expect(await caseCount()).toBe(before + 1);
  });

  it.runIf(run)('hides a staff member’s conduct from the school and routes it above', async () => {
    const { reference } = await ok<{ reference: string }>('POST', '/v1/case-reports', th.auth, {
      ...report(['https://instagram.com/p/teacher01']),
      category: 'staff_misconduct',
      platform: 'instagram',
      concernedOrgId: ids.nbk,
    });
    expect(reference).toMatch(/^R-/);
    const bullying = await ok<{ reference: string }>('POST', '/v1/case-reports', th.auth, {
      ...report(['https://instagram.com/p/bully01']),
      category: 'bullying',
      platform: 'instagram',
      concernedOrgId: ids.nbk,
    });
    expect(bullying.reference).toMatch(/^R-/);

    const school = await ok<Page<CaseSummary>>('GET', '/v1/cases', people.nbkSpecialist.cookie);
    expect(school.items.map((c) => c.category)).toEqual(['bullying']);
    const province = await ok<Page<CaseSummary>>(
      'GET',
      '/v1/cases?state=new',
      people.daklakSpecialist.cookie,
    );
    const misconduct = province.items.find((c) => c.category === 'staff_misconduct');
    expect(misconduct).toMatchObject({ orgId: ids.daklak, concernedOrgId: ids.nbk });
    expectProblem(
      await inject('GET', `/v1/cases/${misconduct?.id}`, people.nbkSpecialist.cookie),
      404,
      'not_found',
    );
    // Almaty's specialist sees nothing of Đắk Lắk; the ministry's sees it all.
    expectProblem(
      await inject('GET', `/v1/cases/${misconduct?.id}`, people.almatySpecialist.cookie),
      404,
      'not_found',
    );
    const ministry = await ok<Page<CaseSummary>>(
      'GET',
      '/v1/cases',
      people.ministrySpecialist.cookie,
    );
    expect(ministry.items.map((c) => c.id)).toContain(misconduct?.id);
    // A viewer lists nothing: cases are for specialists and admins.
    const viewer = await ok<Page<CaseSummary>>('GET', '/v1/cases', people.daklakViewer.cookie);
    expect(viewer.items).toEqual([]);
  });

  it.runIf(run)(
    'moves a case by the machine and the rules, audited in an intact chain',
    async () => {
      const { reference } = await ok<{ reference: string }>('POST', '/v1/case-reports', th.auth, {
        ...report(['https://vk.com/video-1_456']),
        platform: 'vk',
        concernedOrgId: ids.daklak,
      });
      const [kase] = (
        await ok<Page<CaseSummary>>('GET', '/v1/cases?state=new&severity=high', th.auth)
      ).items;
      expect(kase?.number).toMatch(/^C-2026-\d{6}$/);
      const url = `/v1/cases/${kase?.id}`;
      const d = people.daklakSpecialist;

      expectProblem(
        await inject('POST', `${url}/transitions`, d.headers, { action: 'resolve' }),
        409,
        'case_transition_forbidden',
      );
      expectProblem(
        await inject('POST', `${url}/transitions`, d.headers, { action: 'reject' }),
        400,
        'validation_failed',
      );
      // A viewer has no `cases` scope; an admin key neither.
      expectProblem(
        await inject('POST', `${url}/transitions`, people.daklakViewer.headers, {
          action: 'triage',
        }),
        403,
        'insufficient_scope',
      );
      const triaged = await ok<CaseDetail>('POST', `${url}/transitions`, d.headers, {
        action: 'triage',
        severity: 'critical',
      });
      expect(triaged).toMatchObject({
        state: 'triaged',
        severity: 'critical',
        assigneeId: d.body.user.id,
      });
      expect(triaged.acknowledgedAt).not.toBeNull();
      expect(triaged.allowed).toContain('resolve');
      // Another specialist at the same level may not resolve the assignee's case; above may.
      const second = await join(ids.daklak, 'specialist', 'cp2.daklak@example.org');
      expectProblem(
        await inject('POST', `${url}/transitions`, second.headers, { action: 'resolve' }),
        403,
        'case_action_forbidden',
      );
      expectProblem(
        await inject('PUT', `${url}/assignee`, d.headers, {
          assigneeId: people.daklakViewer.body.user.id,
        }),
        400,
        'case_assignee_invalid',
      );
      const referral = await ok<{ id: string }>('POST', `${url}/referrals`, d.headers, {
        target: 'platform',
        recipient: 'VK trust & safety',
        summary: 'The video and its reposts, for removal',
      });
      expect((await ok<CaseDetail>('GET', url, d.cookie)).state).toBe('referred');
      await ok('PUT', `${url}/referrals/${referral.id}/answer`, d.headers, {
        answer: 'Removed',
      });
      const resolved = await ok<CaseDetail>(
        'POST',
        `${url}/transitions`,
        people.ministrySpecialist.headers,
        { action: 'resolve' },
      );
      expect(resolved).toMatchObject({ state: 'resolved' });
      expect(resolved.referrals[0]).toMatchObject({ answer: 'Removed' });

      // Specialists do not read the trail; the admin does, and it is intact.
      expectProblem(await inject('GET', `${url}/audit`, d.cookie), 403, 'insufficient_scope');
      const trail = await ok<CaseAuditTrail>('GET', `${url}/audit`, th.auth);
      expect(trail.intact).toBe(true);
      expect(trail.entries.map((e) => e.action)).toEqual([
        'case.opened',
        'report.received',
        'case.triage',
        'referral.sent',
        'case.refer',
        'case.read',
        'referral.answered',
        'case.resolve',
      ]);
      // The trail names the report's reference, never what it says.
      expect(JSON.stringify(trail)).toContain(reference);
      expect(JSON.stringify(trail)).not.toContain('Драка');
      expect(trail.entries.find((e) => e.action === 'case.triage')?.actor).toBe(
        `user:${d.body.user.id}`,
      );

      // The table refuses changes; with its trigger off (an intruder with the owner's rights),
      // a changed entry breaks the chain.
      const db = th.hub.db;
      await expect(
        sql`update case_audit set actor = null where case_id = ${kase?.id}`.execute(db),
      ).rejects.toThrow(/append-only/);
      await sql`alter table case_audit disable trigger case_audit_append_only`.execute(db);
      await sql`update case_audit set detail = '{"from":"new","to":"rejected"}' where case_id = ${kase?.id} and action = 'case.triage'`.execute(
        db,
      );
      await sql`alter table case_audit enable trigger case_audit_append_only`.execute(db);
      expect((await ok<CaseAuditTrail>('GET', `${url}/audit`, th.auth)).intact).toBe(false);
    },
  );

  it.runIf(run)('raises one alert per breached clock, however often it sweeps', async () => {
    await ok('PUT', `/v1/organisations/${ids.almaty}/case-response-times`, th.auth, {
      times: {
        critical: { acknowledgeMinutes: 5, resolveMinutes: 60 },
        high: { acknowledgeMinutes: 30, resolveMinutes: 600 },
        normal: { acknowledgeMinutes: 60, resolveMinutes: 6000 },
        low: { acknowledgeMinutes: 600, resolveMinutes: 60000 },
      },
    });
    await ok('POST', '/v1/case-reports', th.auth, {
      ...report(['https://t.me/channel/42']),
      category: 'grooming',
      platform: 'telegram',
      orgId: ids.almaty,
    });
    const [kase] = (await ok<Page<CaseSummary>>('GET', `/v1/cases?orgId=${ids.almaty}`, th.auth))
      .items;
    expect(Date.parse(kase?.acknowledgeBy ?? '') - Date.parse(kase?.createdAt ?? '')).toBe(
      5 * MINUTE,
    );
    const codes = async () =>
      (await ok<Page<Alert>>('GET', `/v1/alerts?orgId=${ids.almaty}`, th.auth)).items
        .map((a) => a.code)
        .sort();
    // Earlier tests' cases may be due too: a first sweep takes them.
    await sweepCaseClocks(intake);
    expect(await codes()).toEqual(['case_critical']);
    clock.advance(5 * MINUTE - 1);
    await sweepCaseClocks(intake);
    expect(await codes()).toEqual(['case_critical']);
    clock.advance(1);
    await sweepCaseClocks(intake);
    expect(await codes()).toEqual(['case_acknowledge_overdue', 'case_critical']);
    expect(await sweepCaseClocks(intake)).toBe(0);
    clock.advance(55 * MINUTE);
    expect(await sweepCaseClocks(intake)).toBeGreaterThan(0);
    expect(await sweepCaseClocks(intake)).toBe(0);
    const alerts = await ok<Page<Alert>>('GET', `/v1/alerts?orgId=${ids.almaty}`, th.auth);
    expect(alerts.items.map((a) => [a.code, a.state]).sort()).toEqual([
      ['case_acknowledge_overdue', 'open'],
      ['case_critical', 'open'],
      ['case_resolve_overdue', 'open'],
    ]);
    // Rejecting it closes its alerts.
    await ok('POST', `/v1/cases/${kase?.id}/transitions`, people.almatySpecialist.headers, {
      action: 'reject',
      reason: 'The channel was deleted by Telegram',
    });
    const after = await ok<Page<Alert>>('GET', `/v1/alerts?orgId=${ids.almaty}`, th.auth);
    expect(after.items.map((a) => a.state)).toEqual(['resolved', 'resolved', 'resolved']);
  });

  it.runIf(run)('refuses bad reports with their codes and writes nothing', async () => {
    const before = await caseCount();
    expectProblem(
      await inject('POST', '/v1/case-reports', th.auth, report([])),
      400,
      'validation_failed',
    );
    expectProblem(
      await inject('POST', '/v1/case-reports', th.auth, report(['not a link at all'])),
      400,
      'case_link_invalid',
    );
    expectProblem(
      await inject('POST', '/v1/case-reports', th.auth, report(['ftp://files.example/x'])),
      400,
      'case_link_invalid',
    );
    const long = await inject('POST', '/v1/case-reports', th.auth, {
      ...report(['https://example.org/long']),
      description: 'x'.repeat(100_000),
    });
    expect([400, 413]).toContain(long.statusCode);
    expect(long.json<{ code: string }>().code).toMatch(/validation_failed|payload_too_large/);
    expectProblem(
      await inject('PUT', `/v1/organisations/${ids.daklak}/case-routing`, th.auth, {
        rules: [{ scopeOrgId: ids.daklak, targetOrgId: ids.almaty }],
      }),
      400,
      'case_routing_invalid',
    );
    expect(await caseCount()).toBe(before);
  });
});
