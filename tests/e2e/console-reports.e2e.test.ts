/**
 * Results reports in the console, in a real browser and in Russian (the ministry's editor
 * reads it): the editor loads the 2017 "Safe Internet" form file on the new-form page and
 * assigns it to every province beneath the ministry (three: the demo's two and one more). Two
 * provinces submit through the SDK, one on time, one late; the forms list and the roll-up
 * page show the totals, the reporting rate in words, who is missing with the person to ask,
 * and a CSV link that answers text/csv. When the third province submits, the open roll-up
 * follows without a reload (`report.submitted`), and drills down to it. A quarterly form made
 * with the builder reaches the hub as typed. axe-core checks every page.
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
});
