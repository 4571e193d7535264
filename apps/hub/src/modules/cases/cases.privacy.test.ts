/**
 * What the cases module keeps of people, on both stores, with a hand-moved clock: the retention
 * classes `case_report` and `reporter` clear a closed case's report details and its reporters
 * once their days are past — an open case and a recently closed one keep theirs — and a
 * reporter erased on request (from the API, or from the bot with a feedback chat) leaves no
 * phone, email, Telegram id or name in any table or log line, while their report's description stays with the case.
 */
import { Writable } from 'node:stream';
import type { CaseDetail, CaseSummary, Page } from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { queueSchema } from '../../platform/queue/boss.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { DispatchClock } from '../../testing/dispatch-clock.js';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { dumpTables } from '../../testing/table-dump.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { submitReport } from './cases.submit.js';

const DAY = 24 * 60 * 60_000;
const PHONE = '+77015550733';
const EMAIL = 'reporter.erasureprobe@example.org';
const NAME = 'Gulnaz Reporterprobe';
const TELEGRAM_ID = 7_364_519_028;
const NEEDLES = [PHONE, PHONE.slice(1), EMAIL, NAME, String(TELEGRAM_ID)];

describe.each(await testBackends())('case data and reporters on $name', ({ database, run }) => {
  let th: TestHub;
  const clock = new DispatchClock(Date.UTC(2026, 0, 12, 6, 0));
  const lines: string[] = [];
  let specialist: TestKey;

  const inject = (method: string, url: string, headers: object, payload?: object) =>
    th.hub.app.inject({
      method: method as 'GET',
      url,
      headers: headers as Record<string, string>,
      ...(payload ? { payload } : {}),
    });
  const ok = async <T>(method: string, url: string, headers: object, payload?: object) => {
    const res = await inject(method, url, headers, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<T>();
  };
  /** Reports a link as the admin key, with an optional contact; answers the case's id. */
  const reportAndFind = async (link: string, contact?: object) => {
    const { reference } = await ok<{ reference: string }>('POST', '/v1/case-reports', th.auth, {
      links: [link],
      category: 'bullying',
      platform: 'instagram',
      description: `Травля в комментариях: ${link}`,
      place: 'Алматы, школа-гимназия',
      ...(contact ? { contact } : {}),
    });
    const cases = await ok<Page<CaseSummary>>('GET', '/v1/cases?limit=500', specialist.headers);
    const detail = await Promise.all(
      cases.items.map((c) => ok<CaseDetail>('GET', `/v1/cases/${c.id}`, specialist.headers)),
    );
    const kase = detail.find((d) => d.reports.some((r) => r.reference === reference));
    return { reference, id: kase?.id as string };
  };
  const move = (id: string, action: string, extra: object = {}) =>
    ok('POST', `/v1/cases/${id}/transitions`, specialist.headers, { action, ...extra });
  const reportsOf = (caseId: string) =>
    sql<{
      description: string;
      place: string | null;
      links: string[];
      reporter_hash: string;
      contact: unknown;
    }>`select description, place, links, reporter_hash, contact from case_reports where case_id = ${caseId}`
      .execute(th.hub.db)
      .then((r) => r.rows);

  beforeAll(async () => {
    if (!run) return;
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    th = await startTestHub({
      database,
      workers: false,
      now: clock.now,
      logStream: capture,
      env: { LOG_LEVEL: 'trace' },
    });
    // A key, not a session: sessions end when the clock moves two years.
    specialist = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['read', 'cases']);
  });
  afterAll(async () => {
    await th?.close();
  });

  it.runIf(run)(
    'purges closed cases’ details and reporters after their days, not before',
    async () => {
      const old = await reportAndFind('https://instagram.com/p/retention-old', { email: EMAIL });
      const recent = await reportAndFind('https://instagram.com/p/retention-recent');
      const open = await reportAndFind('https://instagram.com/p/retention-open');
      await move(old.id, 'reject', { reason: 'Not harmful' });
      clock.advance(400 * DAY);
      await move(recent.id, 'reject', { reason: 'Removed by the platform' });

      // 400 days on: the old case's reporter is past `reporter` (365), not yet `case_report` (730).
      await th.hub.purgeExpired();
      const [oldReport] = await reportsOf(old.id);
      expect(oldReport).toMatchObject({ reporter_hash: 'erased', contact: null });
      expect(oldReport?.description).toContain('Травля');
      for (const id of [recent.id, open.id]) {
        const [report] = await reportsOf(id);
        expect(report?.reporter_hash).not.toBe('erased');
      }

      // 731 days after the first closed: its text and links go; the case itself stays.
      clock.advance(331 * DAY);
      await th.hub.purgeExpired();
      expect(await reportsOf(old.id)).toEqual([
        { description: '', place: null, links: [], reporter_hash: 'erased', contact: null },
      ]);
      const kase = await ok<CaseDetail>('GET', `/v1/cases/${old.id}`, specialist.headers);
      expect(kase).toMatchObject({ state: 'rejected', reportCount: 1, links: [] });
      // The recently closed one keeps its text; the open one keeps everything.
      expect((await reportsOf(recent.id))[0]?.description).toContain('Травля');
      expect((await reportsOf(open.id))[0]).toMatchObject({
        place: 'Алматы, школа-гимназия',
        links: ['https://instagram.com/p/retention-open'],
      });
      // A second sweep changes nothing more.
      const before = JSON.stringify(await reportsOf(old.id));
      await th.hub.purgeExpired();
      expect(JSON.stringify(await reportsOf(old.id))).toBe(before);
    },
  );

  it.runIf(run)('erases a reporter on request: no phone, email or name left anywhere', async () => {
    const contact = { phone: PHONE, email: EMAIL, name: NAME };
    const first = await reportAndFind('https://instagram.com/p/erase-me-1', contact);
    // The same key reports again, quoting their phone in the text.
    const { reference: second } = await ok<{ reference: string }>(
      'POST',
      '/v1/case-reports',
      th.auth,
      {
        links: ['https://instagram.com/p/erase-me-2'],
        category: 'other',
        platform: 'instagram',
        description: `Call me back on ${PHONE}`,
        contact,
      },
    );
    const schema = th.env.SAFENET_DB_SCHEMA as string;
    const schemas = [schema, queueSchema({ schema })];
    const found = (dump: Map<string, string>) =>
      [...dump.entries()]
        .filter(([, text]) => NEEDLES.some((n) => text.includes(n)))
        .map(([table]) => table);
    expect(found(await dumpTables(th, schemas))).toContain(
      `${th.env.SAFENET_DB_SCHEMA}.case_reports`,
    );

    // And through the bot, asking to hear back in their chat.
    const fromBot = await submitReport(
      {
        db: share(th.hub.db),
        bus: th.hub.bus,
        now: clock.now,
        orgPathOf: createOrgPathCache(th.hub.db),
      },
      {
        report: {
          links: ['https://instagram.com/p/erase-me-3'],
          category: 'other',
          platform: 'instagram',
          description: 'Сообщение из бота',
          language: 'kk',
        },
        source: 'telegram',
        intakeOrgId: th.seed.ministryId,
        reporter: { kind: 'telegram', userId: TELEGRAM_ID },
        feedback: { kind: 'telegram', chatId: TELEGRAM_ID },
      },
    );
    expectProblem(
      await inject('POST', '/v1/case-reports/R-2026-999999/erase', specialist.headers),
      404,
      'not_found',
    );
    const erased = await ok<{ reports: number }>(
      'POST',
      `/v1/case-reports/${first.reference}/erase`,
      specialist.headers,
    );
    expect(erased.reports).toBeGreaterThanOrEqual(2);
    await ok('POST', `/v1/case-reports/${fromBot.reference}/erase`, specialist.headers);
    expect(found(await dumpTables(th, schemas))).toEqual([]);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.filter((line) => NEEDLES.some((n) => line.includes(n)))).toEqual([]);
    // The reports stay with their cases, without anyone behind them; the trail says so.
    const [report] = (
      await sql<{
        description: string;
        reporter_hash: string;
      }>`select description, reporter_hash from case_reports where reference = ${second}`.execute(
        th.hub.db,
      )
    ).rows;
    expect(report?.reporter_hash).toBe('erased');
    expect(report?.description).toMatch(/^Call me back on erased:/);
    const trail = await ok<{ entries: { action: string }[] }>(
      'GET',
      `/v1/cases/${first.id}/audit`,
      th.auth,
    );
    expect(trail.entries.map((e) => e.action)).toContain('reporter.erased');
  });
});
