/**
 * Results reports in the console, in a real browser and in Russian (the ministry's editor
 * reads it): the editor loads the 2017 "Safe Internet" form file on the new-form page and
 * assigns it to every province beneath the ministry (three: the demo's two and one more). Two
 * provinces submit through the SDK, one on time, one late; the forms list and the roll-up
 * page show the totals, the reporting rate in words, who is missing with the person to ask,
 * and a CSV link that answers text/csv. When the third province submits, the open roll-up
 * follows without a reload (`report.submitted`), and drills down to it. A quarterly form made
 * with the builder reaches the hub as typed. Then the review: the form gets approval levels
 * (province, ministry); the ministry returns a province's report with a comment (a dialog),
 * its approval is refused with who is missing in words, then allowed once the provinces
 * approve; a fourth province that has not reported gets a no-login link (URL shown, then
 * revoked); a campaign's targets show beside the reporting rate they stand on. axe-core
 * checks every page.
 *
 * The hub's clock is set in April 2017 (Almaty was UTC+6): the form is due on the 25th and
 * locked after the 30th, read in each province's zone.
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type Organisation, type ReportValues, SafenetClient } from '@safenet/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import { adminRequest, noA11yViolations, signInConsole } from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

const FORM_FILE = fileURLToPath(
  new URL('../../examples/reports/safe-internet-2017-results.ru.yaml', import.meta.url),
);

/** An instant of April 2017 in Almaty. */
const at = (local: string) => Date.parse(`${local}+06:00`);

/** The counts of one province, in the form's order (as the 2017 table's rows). */
const counts = (
  assemblies: number,
  class_hours: number,
  contests: number,
  meetings: number,
  debates: number,
  parent_meetings: number,
  children_reached: number,
): ReportValues => ({
  assemblies,
  class_hours,
  contests,
  meetings,
  debates,
  parent_meetings,
  children_reached,
});

const ON_TIME = counts(212, 1480, 35, 40, 12, 300, 45000);
const LATE = counts(180, 1200, 28, 31, 9, 250, 38000);
const THIRD = counts(95, 640, 14, 15, 4, 120, 17000);

/** A figure as the page prints it, without the locale's group separators (ru: a space). */
const figure = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').replace(/\s/g, '');

describe.runIf(available)(browserVariant(available, 'the results reports in the console'), () => {
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;
  let clock = at('2017-04-20T10:00:00');
  let sdk: SafenetClient;
  let ministryName: string;
  let provinces: { onTime: string; late: string; third: string };

  beforeAll(async () => {
    th = await startTestHub({ sendEmail: async () => undefined, now: () => clock });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    sdk = new SafenetClient({ baseUrl: origin, apiKey: th.adminKey });
    ministryName = (await sdk.organisations.get(th.seed.ministryId)).name;
    // A third province, with an official to ask when it has not reported (and a parent,
    // who is never listed).
    const third = await adminRequest<Organisation>(th, 'POST', '/v1/organisations', {
      parentId: th.seed.ministryId,
      kind: 'province',
      name: 'Жамбылская область',
    });
    for (const role of ['official', 'parent'] as const) {
      await adminRequest(th, 'POST', '/v1/contacts', {
        orgId: third.id,
        role,
        displayName: role === 'official' ? 'Специалист управления образования' : 'Родитель',
        language: 'ru',
        addresses: { email: `${role}@zhambyl.example.kz` },
      });
    }
    const [almaty, dakLak] = th.seed.provinceIds;
    provinces = { onTime: almaty, late: dakLak, third: third.id };
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await th?.close();
  });

  const ministryEditor = () => {
    const editor = th.seed.users.find((u) => u.role === 'editor' && u.orgId === th.seed.ministryId);
    if (!editor) throw new Error('the demo seed has no editor at the ministry');
    return editor;
  };
  const signIn = async () => {
    const session = await signInConsole(browser, origin, {
      email: ministryEditor().email,
      password: th.seed.demoPassword,
    });
    await expect.poll(() => session.page.locator('html').getAttribute('lang')).toBe('ru');
    return session;
  };

  let formId: string;

  it('loads the 2017 form file and assigns it to every province beneath the ministry', async () => {
    const { context, page, errors } = await signIn();
    await page.goto(`${origin}/reports/new`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Новая форма отчёта');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('report-file-choose').click();
    await (await chooser).setFiles(FORM_FILE);
    await expect
      .poll(() => page.getByTestId('report-file-text').inputValue())
      .toContain('key: safe-internet-2017-results');
    const text = page.getByTestId('report-file-text');
    const file = await text.inputValue();

    // Two fields of one key: the hub's problem placed on the file's line, nothing created.
    await text.fill(file.replace('key: class_hours', 'key: assemblies'));
    await page.getByTestId('report-create').click();
    const problem = page.getByTestId('programme-problem');
    await problem.first().waitFor();
    expect(await problem.count()).toBe(1);
    expect(await problem.locator('code').textContent()).toBe('fields.1.key');
    expect(await page.getByTestId('programme-problem-where').textContent()).toBe(
      'строка 32, столбец 10',
    );
    expect(await page.getByTestId('error').textContent()).toContain('В форме отчёта есть ошибки');
    expect((await sdk.reports.listForms()).items).toEqual([]);
    await noA11yViolations(page, 'new report form, a file with a problem');

    await text.fill(file);
    await noA11yViolations(page, 'new report form, the file loaded');
    await page.getByTestId('report-create').click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    formId = new URL(page.url()).pathname.split('/').pop() as string;
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Итоги информационной кампании «Безопасный интернет»');
    // The file's columns, in its order and words.
    const fields = page.getByTestId('report-fields').getByRole('listitem');
    expect(await fields.count()).toBe(9);
    expect(await fields.first().textContent()).toContain('Кол-во общешкольных линеек');
    await expect
      .poll(() => page.getByTestId('assignment-expected').textContent())
      .toBe('Ожидается организаций: 0');

    // Every province beneath the ministry: the hub counts three.
    await page.getByTestId('assignee-kind').click();
    await page.getByRole('option', { name: 'Область', exact: true }).click();
    await page.getByRole('combobox', { name: 'Под', exact: true }).click();
    await page.getByRole('option', { name: ministryName, exact: true }).click();
    await page.getByTestId('assignee-add').click();
    expect(await page.getByTestId('assignees').textContent()).toContain(
      `Все (Область) под ${ministryName}`,
    );
    await page.getByTestId('assignment-save').click();
    await expect
      .poll(() => page.getByTestId('assignment-expected').textContent())
      .toBe('Ожидается организаций: 3');
    expect(await page.getByTestId('period-once').textContent()).toBe('Кампания');
    await noA11yViolations(page, 'report form with its assignment');
    expect((await sdk.reports.assignment(formId)).assignees).toEqual([
      { allOf: 'province', under: th.seed.ministryId },
    ]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows the roll-up of two provinces, who is missing, the CSV; follows the third live', async () => {
    expect(formId).toBeDefined();
    // One province on time, one two days after the due date (before the lock).
    clock = at('2017-04-20T10:30:00');
    const first = await sdk.reports.submit(formId, 'once', provinces.onTime, {
      values: {
        ...ON_TIME,
        media_coverage: [{ outlet: 'Казахстанская правда', date: '2017-04-12' }],
      },
    });
    clock = at('2017-04-27T10:00:00');
    const second = await sdk.reports.submit(formId, 'once', provinces.late, { values: LATE });
    expect([first.onTime, second.onTime]).toEqual([true, false]);

    const { context, page, errors } = await signIn();
    // The forms list: the form with its schedule and its period's reporting rate.
    await page.goto(`${origin}/reports`);
    const row = page.getByTestId(`report-form-${formId}`);
    await row.waitFor();
    await expect.poll(() => row.textContent()).toMatch(/66,7\s%/);
    await noA11yViolations(page, 'report forms');

    await row.getByRole('link').first().click();
    await page.waitForURL(`${origin}/reports/${formId}`);
    await page.getByTestId('period-once').click();
    await page.waitForURL(`${origin}/reports/${formId}/periods/once`);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Итоги информационной кампании «Безопасный интернет» — Кампания');

    // The ministry's totals beside its completeness: 2 of 3, one on time.
    await page.getByTestId('rollup-totals').waitFor();
    expect(await figure(page, 'total-assemblies')).toBe('392');
    expect(await figure(page, 'total-class_hours')).toBe('2680');
    expect(await figure(page, 'total-children_reached')).toBe('83000');
    const rate = page.getByTestId('rollup-reporting-rate');
    expect(await rate.textContent()).toMatch(/^66,7\s% \(40–74 %\)$/);
    expect(await rate.getAttribute('data-band')).toBe('partial');
    expect(await page.getByTestId('rollup-on-time-rate').textContent()).toMatch(/^33,3\s%$/);
    expect(await page.getByTestId('rollup-submitted').textContent()).toBe('2 / 3');
    // One row per province, the third one missing.
    expect(await page.getByTestId(`rollup-row-${provinces.onTime}`).textContent()).toContain(
      'Сдан',
    );
    expect(await page.getByTestId(`rollup-row-${provinces.third}`).textContent()).toContain(
      'Не сдан',
    );
    // The tree by reporting rate: the percentage in words beside the colour.
    const treeRate = (orgId: string) => page.getByTestId(`tree-${orgId}`).locator('[data-band]');
    expect(await treeRate(provinces.onTime).textContent()).toMatch(/^100\s% \(все\)$/);
    expect(await treeRate(provinces.third).textContent()).toMatch(/^0\s% \(меньше 40 %\)$/);
    expect(await treeRate(provinces.third).getAttribute('data-band')).toBe('low');
    // Who is missing, with the official to ask and never the parent.
    const missing = page.getByTestId(`missing-${provinces.third}`);
    expect(await missing.textContent()).toContain('Жамбылская область');
    expect(await missing.textContent()).toContain('Специалист управления образования');
    expect(await missing.textContent()).not.toContain('Родитель');
    expect(await page.locator('[data-testid^="missing-"]').count()).toBe(1);
    await noA11yViolations(page, 'roll-up');

    // The CSV link answers the file, with the session's cookie, headers in Russian.
    const href = await page.getByTestId('rollup-csv').getAttribute('href');
    expect(href).toBe(`/v1/report-forms/${formId}/periods/once/export?format=csv&language=ru`);
    const csv = await page.request.get(new URL(href as string, origin).toString());
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers()['content-disposition']).toContain('attachment');
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.toString('utf8')).toContain('Кол-во общешкольных линеек');
    // The XLSX link beside it: a workbook (a ZIP), named as the hub names it.
    const xlsxHref = await page.getByTestId('rollup-xlsx').getAttribute('href');
    expect(xlsxHref).toBe(`/v1/report-forms/${formId}/periods/once/export?format=xlsx&language=ru`);
    const xlsx = await page.request.get(new URL(xlsxHref as string, origin).toString());
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-disposition']).toMatch(/\.xlsx"$/);
    expect([...(await xlsx.body()).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);

    // The third province submits (late, before the lock): the page follows, not reloaded.
    await expect
      .poll(() => page.getByTestId('stream-state').textContent())
      .toBe('В реальном времени');
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    clock = at('2017-04-27T10:05:00');
    await sdk.reports.submit(formId, 'once', provinces.third, { values: THIRD });
    await expect.poll(() => rate.textContent()).toMatch(/^100\s% \(все\)$/);
    expect(await rate.getAttribute('data-band')).toBe('complete');
    await expect.poll(() => figure(page, 'total-assemblies')).toBe('487');
    expect(await figure(page, 'total-class_hours')).toBe('3320');
    expect(await figure(page, 'total-children_reached')).toBe('100000');
    expect(await page.getByTestId('rollup-submitted').textContent()).toBe('3 / 3');
    await page.getByTestId('missing-none').waitFor();
    expect(await page.getByTestId(`missing-${provinces.third}`).count()).toBe(0);
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true);
    await noA11yViolations(page, 'roll-up, everyone reported');

    // Drilling down: the third province's own roll-up, and the way back up.
    await page.getByRole('link', { name: 'Открыть: Жамбылская область' }).click();
    await page.waitForURL(`${origin}/reports/${formId}/periods/once?orgId=${provinces.third}`);
    await expect
      .poll(() => page.locator('#rollup-totals').textContent())
      .toBe('Итоги: Жамбылская область');
    expect(await figure(page, 'total-assemblies')).toBe('95');
    expect(await page.getByTestId('rollup-submitted').textContent()).toBe('1 / 1');
    expect(await page.getByTestId('rollup-csv').getAttribute('href')).toContain(
      `orgId=${provinces.third}`,
    );
    await page.getByRole('link', { name: `Наверх: ${ministryName}` }).click();
    await expect.poll(() => figure(page, 'total-assemblies')).toBe('487');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('builds a quarterly form field by field', async () => {
    const { context, page, errors } = await signIn();
    await page.goto(`${origin}/reports/new`);
    await page.getByText('Собрать форму', { exact: true }).click();
    await page.getByTestId('report-builder').waitFor();
    await page.getByTestId('builder-key').fill('quarterly-safety');
    await page.getByLabel('Название (Русский)', { exact: true }).fill('Классные часы за квартал');
    const field = page.getByRole('group', { name: 'Поле 1' });
    await field.getByLabel('Ключ', { exact: true }).fill('class_hours');
    await field.getByLabel('Подпись (Русский)', { exact: true }).fill('Кол-во классных часов');
    await page.getByText('Регулярно', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Каждый', exact: true }).click();
    await page.getByRole('option', { name: 'Квартал', exact: true }).click();
    await page.getByLabel('День первого периода', { exact: true }).fill('2017-01-01');
    await noA11yViolations(page, 'form builder');
    await page.getByTestId('report-create').click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    const id = new URL(page.url()).pathname.split('/').pop() as string;
    await expect.poll(() => page.locator('h1').textContent()).toBe('Классные часы за квартал');
    // The hub's clock is in April 2017: the first two quarters so far.
    await page.getByTestId('period-2017-Q2').waitFor();
    expect(await page.getByTestId('period-2017-Q1').textContent()).toBe('2017-Q1');
    const form = await sdk.reports.getForm(id);
    expect(form).toMatchObject({
      key: 'quarterly-safety',
      title: { ru: 'Классные часы за квартал' },
      fields: [{ key: 'class_hours', type: 'count', label: { ru: 'Кол-во классных часов' } }],
      schedule: { kind: 'recurring', every: 'quarter', from: '2017-01-01', dueAfterDays: 15 },
    });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('returns a report with a comment; approval refused in words, then allowed up the tree', async () => {
    expect(formId).toBeDefined();
    await sdk.reports.updateForm(formId, { approvalLevels: ['province', 'ministry'] });
    const name = async (id: string) => (await sdk.organisations.get(id)).name;
    const names = {
      onTime: await name(provinces.onTime),
      late: await name(provinces.late),
      third: await name(provinces.third),
    };
    const ministry = th.seed.ministryId;
    const { context, page, errors } = await signIn();
    await page.goto(`${origin}/reports/${formId}/periods/once`);
    const row = (orgId: string) => page.getByTestId(`rollup-row-${orgId}`);
    await page.getByTestId(`return-${provinces.third}`).waitFor();
    expect(await page.getByTestId(`approval-${provinces.third}`).textContent()).toBe(
      'Не утверждено',
    );

    // Return: a dialog that takes the focus to the comment, which is required.
    await page.getByTestId(`return-${provinces.third}`).click();
    const comment = page.getByTestId('return-comment');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('return-comment');
    expect(await page.getByTestId('return-send').isDisabled()).toBe(true);
    await comment.fill('Охват детей больше числа учащихся области: проверьте');
    await noA11yViolations(page, 'return dialog');
    await page.getByTestId('return-send').click();
    await expect.poll(() => row(provinces.third).textContent()).toContain('Возвращён');
    await expect.poll(() => page.getByTestId('return-form').count()).toBe(0);
    const versions = await sdk.reports.versions(formId, 'once', provinces.third);
    expect(versions.items.at(-1)).toMatchObject({
      state: 'returned',
      comment: 'Охват детей больше числа учащихся области: проверьте',
    });

    // The ministry cannot approve: no province has; said in words, each named.
    await page.getByTestId(`approve-${ministry}`).click();
    const blocked = page.getByTestId('approval-blocked');
    await blocked.waitFor();
    expect(await blocked.getAttribute('role')).toBe('alert');
    expect(await blocked.textContent()).toContain(`${ministryName}: утвердить пока нельзя`);
    for (const [key, orgId] of Object.entries(provinces)) {
      expect(await page.getByTestId(`blocker-${orgId}`).textContent()).toBe(
        `${names[key as keyof typeof names]}: отчёты ещё не утверждены`,
      );
    }
    await noA11yViolations(page, 'roll-up, approval refused');

    // Two provinces approve (the ministry above them acts for them); the returned one can't.
    for (const orgId of [provinces.onTime, provinces.late]) {
      await page.getByTestId(`approve-${orgId}`).click();
      await expect
        .poll(() => page.getByTestId(`approval-${orgId}`).textContent())
        .toMatch(/^Утверждено /);
    }
    await page.getByTestId(`approve-${provinces.third}`).click();
    await expect
      .poll(() => page.getByTestId(`blocker-${provinces.third}`).textContent())
      .toBe(`${names.third}: нет сданного отчёта (не сдан, черновик или возвращён)`);

    // Fixed and submitted again: the page follows (`report.submitted`), the province approves.
    // (The hub's clock moves minutes, not days: the session would expire.)
    clock = at('2017-04-27T10:20:00');
    await sdk.reports.submit(formId, 'once', provinces.third, {
      values: { ...THIRD, children_reached: 16000 },
    });
    await expect.poll(() => row(provinces.third).textContent()).toContain('Сдан');
    await page.getByTestId(`approve-${provinces.third}`).click();
    await expect
      .poll(() => page.getByTestId(`approval-${provinces.third}`).textContent())
      .toMatch(/^Утверждено /);
    await page.getByTestId(`approve-${ministry}`).click();
    await expect
      .poll(() => page.getByTestId(`approval-${ministry}`).textContent())
      .toMatch(/^Утверждено /);
    expect(await page.getByTestId('approval-blocked').count()).toBe(0);
    expect(await page.getByTestId(`return-${provinces.onTime}`).count()).toBe(0);
    // Written at one instant of the hub's clock: compared as a set.
    const approvedIds = (await sdk.reports.approvals(formId, 'once')).items.map((a) => a.orgId);
    expect(approvedIds.sort()).toEqual(
      [provinces.onTime, provinces.late, provinces.third, ministry].sort(),
    );
    await noA11yViolations(page, 'roll-up, approved');

    // Withdrawn: the ministry's approval is gone, the provinces' stay.
    await page.getByTestId(`withdraw-${ministry}`).click();
    await expect
      .poll(() => page.getByTestId(`approval-${ministry}`).textContent())
      .toBe('Не утверждено');
    expect((await sdk.reports.approvals(formId, 'once')).items).toHaveLength(3);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('makes a no-login link for a province that has not reported, shows its URL, revokes it', async () => {
    expect(formId).toBeDefined();
    // Before the lock (the link's page refuses after it). A fourth province, Kazakh-speaking:
    // assigned (every province), not reported.
    clock = at('2017-04-29T10:00:00');
    const fourth = await adminRequest<Organisation>(th, 'POST', '/v1/organisations', {
      parentId: th.seed.ministryId,
      kind: 'province',
      name: 'Қостанай облысы',
      defaultLanguage: 'kk',
    });
    const { context, page, errors } = await signIn();
    await page.goto(`${origin}/reports/${formId}/periods/once`);
    await page.getByTestId(`missing-${fourth.id}`).waitFor();
    // The return of an earlier step sent that province a link: the card lists what the hub has.
    const earlier = (await sdk.reports.links(formId, 'once')).items;
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.some((l) => l.orgId === fourth.id)).toBe(false);
    for (const l of earlier) await page.getByTestId(`link-${l.id}`).waitFor();
    await page.getByTestId(`link-make-${fourth.id}`).click();
    const created = page.getByTestId('link-created');
    await created.waitFor();
    expect(await created.textContent()).toContain('Ссылка для «Қостанай облысы», действует до');
    const url = (await created.locator('code').textContent()) ?? '';
    expect(url).toMatch(/\/r\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const [link] = (await sdk.reports.links(formId, 'once', { orgId: fourth.id })).items;
    expect(link).toMatchObject({ orgId: fourth.id, language: 'kk', revokedAt: null });
    const listed = page.getByTestId(`link-${link?.id}`);
    await listed.waitFor();
    expect(await listed.textContent()).toContain('Казахский');
    // The link's page answers, in Kazakh, without a session.
    const path = new URL(url).pathname;
    const open = await fetch(`${origin}${path}`);
    expect(open.status).toBe(200);
    expect(await open.text()).toContain('lang="kk"');
    await noA11yViolations(page, 'roll-up, a link made');

    await page.getByTestId(`revoke-${link?.id}`).click();
    await expect.poll(() => listed.textContent()).toContain('Отозвана');
    expect((await fetch(`${origin}${path}`)).status).toBe(410);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("shows a campaign's targets beside the reporting rate they stand on", async () => {
    const ministry = th.seed.ministryId;
    const campaign = await sdk.campaigns.create({
      orgId: ministry,
      title: { ru: 'Безопасный интернет: занятия в областях' },
      startsOn: '2017-04-10',
      endsOn: '2017-05-31',
      timeZone: 'Asia/Almaty',
      targets: [
        {
          key: 'sessions-everywhere',
          title: { ru: 'Во всех областях проведены занятия' },
          measure: { percent: 100, of: 'province' },
          formula: {
            kind: 'share',
            form: 'safe-internet-sessions',
            field: 'sessions',
            when: { atLeast: 1 },
          },
        },
        {
          key: 'a-field-missing',
          title: { ru: 'Поле, которого нет в форме' },
          goal: 10,
          formula: { kind: 'total', form: 'safe-internet-sessions', field: 'trainings' },
        },
        { key: 'shown-only', title: { ru: 'Показатель без формулы' } },
      ],
    });
    const form = await sdk.reports.createForm({
      orgId: ministry,
      campaignId: campaign.id,
      key: 'safe-internet-sessions',
      title: { ru: 'Занятия по безопасности в интернете' },
      fields: [{ key: 'sessions', type: 'count', label: { ru: 'Кол-во занятий' } }],
      schedule: { kind: 'once', startsOn: '2017-04-10', endsOn: '2017-05-20', dueOn: '2017-05-25' },
    });
    await sdk.reports.setAssignment(form.id, {
      assignees: [{ allOf: 'province', under: ministry }],
    });
    // Four provinces expected, two report: one held sessions, one none.
    await sdk.reports.submit(form.id, 'once', provinces.onTime, { values: { sessions: 3 } });
    await sdk.reports.submit(form.id, 'once', provinces.late, { values: { sessions: 0 } });

    const { context, page, errors } = await signIn();
    await page.goto(`${origin}/campaigns/${campaign.id}`);
    await page.getByTestId('target-sessions-everywhere').waitFor();
    // 1 of 4 expected provinces: 25 %, though 50 % have reported.
    expect(await page.getByTestId('target-value-sessions-everywhere').textContent()).toMatch(
      /^25\s%$/,
    );
    expect(await page.getByTestId('target-state-sessions-everywhere').textContent()).toBe(
      'Не достигнут',
    );
    const standsOn = page.getByTestId('target-completeness-sessions-everywhere');
    expect(await standsOn.textContent()).toMatch(/^50\s% \(40–74 %\) отчитались 2 из 4$/);
    expect(await page.getByTestId('target-state-a-field-missing').textContent()).toBe(
      'Не измеряется: в форме нет такого поля',
    );
    expect(await page.getByTestId('target-state-shown-only').textContent()).toBe(
      'Не измеряется: нет формулы',
    );
    await noA11yViolations(page, 'campaign with its targets');

    // The form's roll-up shows them too, over the subtree shown.
    await page.goto(`${origin}/reports/${form.id}/periods/once?orgId=${provinces.onTime}`);
    await expect
      .poll(() => page.getByTestId('target-value-sessions-everywhere').textContent())
      .toMatch(/^100\s%$/);
    expect(await page.getByTestId('target-state-sessions-everywhere').textContent()).toBe(
      'Достигнут',
    );
    await noA11yViolations(page, 'roll-up with targets');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
