/**
 * The no-login report form in a real browser (Chromium, playwright-core): a Vietnamese
 * school opens its signed link, reads the labels in Vietnamese, enters a negative count and
 * sees the error beside the field, fixes it and submits; the API then shows the submission,
 * written by the link. No serious or critical axe-core violation on any of the pages.
 */
import type { AddressInfo } from 'node:net';
import type { CreatedReportLink, ReportForm, ReportSubmission } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  PAGE_DEFAULTS,
  seriousA11yViolations,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();
/** 2017-04-20 10:00 in Hà Nội: inside the period, before the due date. */
const NOW = Date.parse('2017-04-20T10:00:00+07:00');

describe.runIf(available)(browserVariant(available, 'a report link in a browser'), () => {
  let th: TestHub;
  let browser: TestBrowser;
  let base: string;
  let form: ReportForm;
  let link: CreatedReportLink;
  const api = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await th.hub.app.inject({
      method,
      url,
      headers: th.auth,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<T>();
  };

  beforeAll(async () => {
    th = await startTestHub({ now: () => NOW });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    form = await api<ReportForm>('POST', '/v1/report-forms', {
      orgId: th.seed.ministryId,
      key: 'school-results',
      title: { en: 'School results', vi: 'Kết quả của trường' },
      fields: [
        {
          key: 'sessions_held',
          type: 'count',
          label: { en: 'Awareness sessions held', vi: 'Số buổi tuyên truyền đã tổ chức' },
          required: true,
        },
        {
          key: 'parents_met',
          type: 'yesNo',
          label: { en: 'Parent meeting held', vi: 'Đã họp phụ huynh' },
        },
      ],
      schedule: {
        kind: 'once',
        startsOn: '2017-04-10',
        endsOn: '2017-04-21',
        dueOn: '2017-04-25',
        locksOn: '2017-04-30',
      },
    });
    await api('PUT', `/v1/report-forms/${form.id}/assignment`, {
      assignees: [{ allOf: 'school', under: th.seed.ministryId }],
    });
    link = await api<CreatedReportLink>('POST', `/v1/report-forms/${form.id}/periods/once/links`, {
      orgId: th.seed.schoolIds[1],
      language: 'vi',
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await th?.close();
  });

  it('fills in the form in Vietnamese, fixes a negative count, submits', async () => {
    // A context of its own: axe-core's builder needs one.
    const context = await browser.browser.newContext({ ...PAGE_DEFAULTS, ...PAGE_DEFAULTS });
    const page = await context.newPage();
    await page.goto(`${base}/r/${link.token}`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    const sessions = page.getByLabel('Số buổi tuyên truyền đã tổ chức *');
    await expect.poll(() => sessions.count()).toBe(1);
    expect(await page.locator('h1').textContent()).toBe('Kết quả của trường');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await sessions.fill('-2');
    await page.getByRole('radio', { name: 'Có' }).check();
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.waitForSelector('#f-sessions_held-error');
    expect(await page.getByRole('alert').textContent()).toContain('Một số câu trả lời cần sửa');
    // In the reporter's language, never the API's English.
    expect(await page.locator('#f-sessions_held-error').textContent()).toBe(
      'Kiểm tra câu trả lời này: Nhập số nguyên, từ 0 trở lên',
    );
    const field = page.getByLabel('Số buổi tuyên truyền đã tổ chức *');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await field.inputValue()).toBe('-2');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await field.fill('4');
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.waitForSelector('.notice');
    expect(await page.getByRole('status').textContent()).toContain('báo cáo của bạn đã được gửi');
    expect(await page.locator('.previous').textContent()).toContain('Đã gửi trước đó');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const submission = await api<ReportSubmission>(
      'GET',
      `/v1/report-forms/${form.id}/periods/once/submissions/${th.seed.schoolIds[1]}`,
    );
    expect(submission).toMatchObject({
      state: 'submitted',
      version: 1,
      onTime: true,
      values: { sessions_held: 4, parents_met: true },
      updatedBy: { kind: 'link', id: link.id },
    });
    await context.close();
  }, 60_000);
});
