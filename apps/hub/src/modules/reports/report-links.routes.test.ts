import type {
  CreatedReportLink,
  ReportForm,
  ReportLink,
  ReportSubmission,
  ReportSubmissionVersion,
  SentReportLink,
} from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { signReportLinkToken } from './report-link-token.js';

const backends = await testBackends();

/** 2017-04-20 10:00 UTC: inside the period, before the due date everywhere. */
const START = Date.parse('2017-04-20T10:00:00Z');
const DAY = 86_400_000;

const FIELDS = [
  {
    key: 'assemblies',
    type: 'count',
    label: { en: 'Assemblies', vi: 'Số buổi chào cờ' },
    required: true,
  },
  { key: 'held_online', type: 'yesNo', label: { en: 'Held online', vi: 'Tổ chức trực tuyến' } },
  {
    key: 'media',
    type: 'group',
    label: { en: 'Media coverage', vi: 'Truyền thông' },
    fields: [
      { key: 'outlet', type: 'text', label: { en: 'Outlet', vi: 'Cơ quan báo chí' } },
      { key: 'on', type: 'date', label: { en: 'Date', vi: 'Ngày' } },
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
const FORM_BODY = 'application/x-www-form-urlencoded';

describe.each(backends)('report links on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = START;
  let school: TestKey;
  let form: ReportForm;
  let teacherId: string;
  let parentId: string;
  const inject = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = th.auth,
  ) =>
    th.hub.app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  const page = (method: 'GET' | 'POST', token: string, body?: string, accept = 'text/html') =>
    th.hub.app.inject({
      method,
      url: `/r/${token}`,
      headers: { accept, ...(body === undefined ? {} : { 'content-type': FORM_BODY }) },
      ...(body === undefined ? {} : { payload: body }),
    });
  const count = async (table: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
        th.hub.db,
      )
    ).rows[0]?.n;
  const linksUrl = () => `/v1/report-forms/${form.id}/periods/once/links`;
  const makeLink = async (orgId: string, extra: Record<string, unknown> = {}) => {
    const res = await inject('POST', linksUrl(), { orgId, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<CreatedReportLink>();
  };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, now: () => clock });
    const created = await inject('POST', '/v1/report-forms', {
      orgId: th.seed.ministryId,
      key: 'link-results',
      title: { en: 'Results', vi: 'Kết quả' },
      fields: FIELDS,
      schedule: SCHEDULE,
    });
    expect(created.statusCode, created.body).toBe(201);
    form = created.json<ReportForm>();
    const assigned = await inject('PUT', `/v1/report-forms/${form.id}/assignment`, {
      assignees: [{ allOf: 'school', under: th.seed.ministryId }],
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    school = await createKey(th.hub.app, th.auth, th.seed.schoolIds[1], ['read', 'write']);
    const ids: string[] = [];
    for (const role of ['teacher', 'parent'] as const) {
      const contact = await inject('POST', '/v1/contacts', {
        orgId: th.seed.schoolIds[1],
        role,
        language: 'vi',
        addresses: { email: `${role}@nbk.example.vn` },
      });
      expect(contact.statusCode, contact.body).toBe(201);
      ids.push(contact.json<{ id: string }>().id);
    }
    [teacherId = '', parentId = ''] = ids;
  });
  afterAll(() => th?.close());

  it.runIf(run)(
    'makes a short link in the contact’s language, lists it without its token',
    async () => {
      clock = START;
      const link = await makeLink(th.seed.schoolIds[1], { contactId: teacherId });
      expect(link).toMatchObject({ language: 'vi', contactId: teacherId, revokedAt: null });
      expect(link.url.endsWith(`/r/${link.token}`)).toBe(true);
      expect(new URL(link.url).pathname).toBe(`/r/${link.token}`);
      expect(link.token.length).toBeLessThanOrEqual(50);
      expect(Date.parse(link.expiresAt) - START).toBe(14 * DAY);
      // The school's own key may make one for itself, and list its links; no token is shown again.
      const own = await inject(
        'POST',
        linksUrl(),
        { orgId: th.seed.schoolIds[1], expiresInDays: 3 },
        school.headers,
      );
      expect(own.statusCode, own.body).toBe(201);
      const list = await inject(
        'GET',
        `${linksUrl()}?orgId=${th.seed.schoolIds[1]}`,
        undefined,
        school.headers,
      );
      const items = list.json<{ items: ReportLink[] }>().items;
      expect(items.map((l) => l.id)).toContain(link.id);
      expect(JSON.stringify(items)).not.toContain(link.token);
    },
  );

  it.runIf(run)(
    'sends an organisation its link: one broadcast to its people, never parents; refusals write nothing',
    async () => {
      const [links, broadcasts] = [await count('report_links'), await count('broadcasts')];
      expectProblem(
        await inject('POST', `${linksUrl()}/send`, { orgId: th.seed.provinceIds[1] }),
        422,
        'report_not_expected',
      );
      expectProblem(
        await inject('POST', `${linksUrl()}/send`, { orgId: th.seed.schoolIds[0] }, school.headers),
        404,
        'not_found',
      );
      expect([await count('report_links'), await count('broadcasts')]).toEqual([links, broadcasts]);

      const res = await inject('POST', `${linksUrl()}/send`, { orgId: th.seed.schoolIds[1] });
      expect(res.statusCode, res.body).toBe(202);
      const { link, broadcastId } = res.json<SentReportLink>();
      expect(link).toMatchObject({ orgId: th.seed.schoolIds[1], contactId: null, revokedAt: null });
      expect(Date.parse(link.expiresAt) - clock).toBe(14 * DAY);
      const broadcast = await th.hub.db
        .selectFrom('broadcasts')
        .select(['segment_query', 'content', 'channels'])
        .where('id', '=', broadcastId)
        .executeTakeFirstOrThrow();
      expect(broadcast.segment_query).toMatchObject({ orgIds: [th.seed.schoolIds[1]] });
      expect((broadcast.segment_query as { roles: string[] }).roles).not.toContain('parent');
      expect(broadcast.channels).toEqual(['email']);
      const body = (broadcast.content as { body: Record<string, string> }).body;
      expect(body.vi).toMatch(
        /^Kết quả: đề nghị đơn vị nộp báo cáo, hạn .+\nNộp báo cáo tại: \S+\/r\/\S+$/,
      );
      // The link in the message opens the school's form.
      const token = (body.vi?.match(/\/r\/(\S+)$/) ?? [])[1] as string;
      expect((await page('GET', token)).statusCode).toBe(200);
    },
  );

  it.runIf(run)(
    'refuses a parent, another organisation’s contact, an unexpected organisation',
    async () => {
      const before = await count('report_links');
      const parent = await inject('POST', linksUrl(), {
        orgId: th.seed.schoolIds[1],
        contactId: parentId,
      });
      expectProblem(parent, 400, 'validation_failed');
      const elsewhere = await inject('POST', linksUrl(), {
        orgId: th.seed.schoolIds[0],
        contactId: teacherId,
      });
      expectProblem(elsewhere, 400, 'validation_failed');
      expectProblem(
        await inject('POST', linksUrl(), { orgId: th.seed.provinceIds[1] }),
        422,
        'report_not_expected',
      );
      expectProblem(
        await inject('POST', linksUrl(), { orgId: th.seed.schoolIds[1], expiresInDays: 61 }),
        400,
        'validation_failed',
      );
      // The school's key may not make links for another school.
      expectProblem(
        await inject('POST', linksUrl(), { orgId: th.seed.schoolIds[0] }, school.headers),
        404,
        'not_found',
      );
      expect(await count('report_links')).toBe(before);
    },
  );

  it.runIf(run)(
    'submits through the page: errors beside fields, then versions by the link',
    async () => {
      clock = START;
      const link = await makeLink(th.seed.schoolIds[1], { contactId: teacherId });
      const shown = await page('GET', link.token);
      expect(shown.statusCode).toBe(200);
      expect(shown.headers['cache-control']).toBe('no-store');
      expect(shown.body).toContain('<html lang="vi">');
      expect(shown.body).toContain('Số buổi chào cờ');
      expect((await page('GET', `${link.token}?lang=ru`)).body).toContain('<html lang="ru">');

      const bad = await page('POST', link.token, 'assemblies=-2&held_online=yes&action=submit');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('role="alert"');
      expect(bad.body).toContain('href="#f-assemblies"');
      // Said in the page's language by what the field takes, not in the API's English.
      expect(bad.body).toContain('Kiểm tra câu trả lời này: Nhập số nguyên, từ 0 trở lên');
      expect(bad.body).not.toContain('whole number');
      expect(bad.body).toMatch(
        /id="f-assemblies"[^>]*aria-describedby="f-assemblies-error"[^>]*aria-invalid="true"/,
      );
      expect(await count('report_submission_versions')).toBe(0);

      // "Add a row" re-renders with one more row and writes nothing.
      const more = await page(
        'POST',
        link.token,
        'assemblies=2&media.0.outlet=&media.1.outlet=&add-row=media',
      );
      expect(more.body).toContain('name="media.2.outlet"');
      expect(more.body).not.toContain('name="media.3.outlet"');

      const draft = await page('POST', link.token, 'assemblies=&held_online=no&action=draft');
      expect(draft.statusCode, draft.body).toBe(200);
      expect(draft.body).toContain('Bản nháp đã được lưu');
      clock = START + 1_000;
      const ok = await page(
        'POST',
        link.token,
        'assemblies=3&held_online=yes&media.0.outlet=VTV&media.0.on=2017-04-18&media.1.outlet=&action=submit',
      );
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.body).toContain('báo cáo của bạn đã được gửi');
      expect(ok.body).toContain('value="VTV"');

      const sub = await inject(
        'GET',
        `/v1/report-forms/${form.id}/periods/once/submissions/${th.seed.schoolIds[1]}`,
      );
      expect(sub.json<ReportSubmission>()).toMatchObject({
        state: 'submitted',
        version: 2,
        onTime: true,
        values: { assemblies: 3, held_online: true, media: [{ outlet: 'VTV', on: '2017-04-18' }] },
        updatedBy: { kind: 'link', id: link.id },
      });
      const versions = await inject(
        'GET',
        `/v1/report-forms/${form.id}/periods/once/submissions/${th.seed.schoolIds[1]}/versions`,
      );
      expect(
        versions
          .json<{ items: ReportSubmissionVersion[] }>()
          .items.map((v) => [v.version, v.state, v.by]),
      ).toEqual([
        [1, 'draft', { kind: 'link', id: link.id }],
        [2, 'submitted', { kind: 'link', id: link.id }],
      ]);
      const listed = await inject('GET', linksUrl());
      expect(
        listed.json<{ items: ReportLink[] }>().items.find((l) => l.id === link.id)?.lastUsedAt,
      ).toBe(new Date(START + 1_000).toISOString());
      // The page shows what was submitted before.
      expect((await page('GET', link.token)).body).toContain('Đã gửi trước đó');
    },
  );

  it.runIf(run)(
    'refuses a tampered token, another hub’s, an expired and a revoked link',
    async () => {
      clock = START;
      const mine = await makeLink(th.seed.schoolIds[1]);
      const theirs = await makeLink(th.seed.schoolIds[0]);
      // My signature on a payload naming the other school's link.
      const [payloadOfTheirs] = theirs.token.split('.');
      const [, mySignature] = mine.token.split('.');
      const tampered = `${payloadOfTheirs}.${mySignature}`;
      const refused = await page('GET', tampered);
      expect(refused.statusCode).toBe(404);
      expect(refused.headers['content-type']).toContain('text/html');
      expect(refused.body).toContain('This link is not valid');
      expectProblem(
        await page('GET', tampered, undefined, 'application/json'),
        404,
        'report_link_invalid',
      );
      expectProblem(
        await page('POST', tampered, 'assemblies=1&action=submit', 'application/json'),
        404,
        'report_link_invalid',
      );
      expectProblem(
        await page(
          'GET',
          signReportLinkToken('another hub’s key', mine.id),
          undefined,
          'application/json',
        ),
        404,
        'report_link_invalid',
      );
      expectProblem(
        await page('GET', 'not-a-token', undefined, 'application/json'),
        404,
        'report_link_invalid',
      );

      const short = await makeLink(th.seed.schoolIds[1], { expiresInDays: 1 });
      clock = START + DAY;
      expectProblem(
        await page('GET', short.token, undefined, 'application/json'),
        410,
        'report_link_expired',
      );
      const expiredPage = await page('POST', short.token, 'assemblies=1&action=submit');
      expect(expiredPage.statusCode).toBe(410);
      expect(expiredPage.body).toContain('<html lang="en">');

      clock = START;
      const revoked = await inject(
        'POST',
        `/v1/report-links/${mine.id}/revoke`,
        undefined,
        school.headers,
      );
      expect(revoked.json<ReportLink>().revokedAt).toBe(new Date(START).toISOString());
      const versions = await count('report_submission_versions');
      expectProblem(
        await page('POST', mine.token, 'assemblies=1&action=submit', 'application/json'),
        410,
        'report_link_revoked',
      );
      expect(await count('report_submission_versions')).toBe(versions);
      // Another school's key sees no such link.
      const other = await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['read', 'write']);
      expectProblem(
        await inject('POST', `/v1/report-links/${mine.id}/revoke`, undefined, other.headers),
        404,
        'not_found',
      );
    },
  );

  it.runIf(run)(
    'refuses after the lock in the organisation’s zone, unless it has an exception',
    async () => {
      clock = START;
      const link = await makeLink(th.seed.schoolIds[0], { expiresInDays: 60 });
      clock = Date.parse('2017-05-02T00:00:00Z');
      const locked = await page('GET', link.token);
      expect(locked.statusCode).toBe(409);
      expectProblem(
        await page('POST', link.token, 'assemblies=1&action=submit', 'application/json'),
        409,
        'report_locked',
      );
      const granted = await inject(
        'PUT',
        `/v1/report-forms/${form.id}/periods/once/exceptions/${th.seed.schoolIds[0]}`,
        { until: '2017-05-10T00:00:00Z' },
      );
      expect(granted.statusCode, granted.body).toBe(200);
      const ok = await page('POST', link.token, 'assemblies=1&action=submit');
      expect(ok.statusCode, ok.body).toBe(200);
    },
  );
});
