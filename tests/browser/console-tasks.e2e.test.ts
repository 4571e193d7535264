/**
 * "Our tasks" in the console, in a real browser: a school's editor opens Tasks from the
 * navigation and finds the items of two plans above it — the ministry's, overdue and said so
 * in words, and its province's — never another school's; each row links to its campaign's
 * grid; the editor marks the ministry's item done in the grid's dialog, and the list shows it;
 * a status recorded elsewhere reaches the open list on the stream.
 * axe-core checks the page and the dialog.
 */
import type { AddressInfo } from 'node:net';
import type { Page as ApiPage, Campaign, PlanTask } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import {
  acceptedPerson,
  adminRequest,
  noA11yViolations,
  PASSWORD,
  signInConsole,
} from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

/** `YYYY-MM-DD`, `days` after today (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.runIf(available)(
  browserVariant(available, 'an organisation’s tasks across campaigns in the console'),
  () => {
    let th: TestHub;
    let browser: TestBrowser;
    let origin: string;
    let ministryPlan: Campaign;
    let provincePlan: Campaign;
    let schoolId: string;
    let otherSchoolId: string;

    const api = <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      adminRequest<T>(th, method, url, payload);

    async function campaign(orgId: string, title: string, items: object[]): Promise<Campaign> {
      const created = await api<Campaign>('POST', '/v1/campaigns', {
        orgId,
        title: { en: title },
        startsOn: day(-10),
        endsOn: day(20),
        timeZone: 'Asia/Almaty',
      });
      await api('POST', `/v1/campaigns/${created.id}/schedule`);
      await api('PUT', `/v1/campaigns/${created.id}/plan`, {
        sections: [{ key: 'main', title: { en: 'Main' }, items }],
      });
      return created;
    }

    beforeAll(async () => {
      th = await startTestHub({ sendEmail: async () => undefined });
      await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
      [schoolId, otherSchoolId] = th.seed.schoolIds;
      ministryPlan = await campaign(th.seed.ministryId, 'Safe School', [
        {
          key: '1',
          number: '1.',
          title: { en: 'Class hours on safety online' },
          completionForm: 'info-to-ministry',
          deadline: { kind: 'date', by: day(-2) },
          responsible: [{ allOf: 'school', under: th.seed.ministryId }],
        },
      ]);
      provincePlan = await campaign(th.seed.provinceIds[0], 'Almaty Region Safe Internet', [
        {
          key: '7',
          number: '7.',
          title: { en: 'Parent meetings' },
          completionForm: 'media-publications',
          deadline: { kind: 'date', by: day(5) },
          responsible: [{ orgId: schoolId }],
        },
      ]);
      await acceptedPerson(th, {
        email: 'editor.tasks@example.org',
        orgId: schoolId,
        role: 'editor',
      });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await th?.close();
    });

    const noViolations = noA11yViolations;

    it('a school finds the ministry’s item among its tasks and marks it done', async () => {
      const { context, page, errors } = await signInConsole(browser, origin, {
        email: 'editor.tasks@example.org',
        password: PASSWORD,
      });

      await page.getByRole('link', { name: 'Our tasks' }).click();
      await page.waitForURL(`${origin}/tasks`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Our tasks');
      const row = (c: Campaign, item: string) =>
        page.getByTestId(`task-${c.id}-${item}-${schoolId}`);
      await row(ministryPlan, '1').waitFor();
      // Sorted by due date: the ministry's overdue item first, then the province's.
      const rows = page.locator(`[data-testid^="task-"][data-testid$="${schoolId}"]`);
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(0).getAttribute('data-testid')).toBe(
        `task-${ministryPlan.id}-1-${schoolId}`,
      );
      expect(await page.locator(`[data-testid$="-${otherSchoolId}"]`).count()).toBe(0);
      const status = (c: Campaign, item: string) => row(c, item).getByTestId('plan-status');
      expect(await status(ministryPlan, '1').getAttribute('data-status')).toBe('overdue');
      expect(await status(ministryPlan, '1').textContent()).toBe('⚠Overdue');
      expect(await row(ministryPlan, '1').textContent()).toContain(
        '1. Class hours on safety online',
      );
      expect(await status(provincePlan, '7').getAttribute('data-status')).toBe('planned');
      expect(await row(provincePlan, '7').getByTestId('task-campaign').getAttribute('href')).toBe(
        `/campaigns/${provincePlan.id}/grid?orgId=${schoolId}`,
      );
      await noViolations(page, 'tasks');

      await row(ministryPlan, '1').getByTestId('task-edit').click();
      const form = page.getByTestId('assignment-form');
      await form.waitFor();
      expect(await form.getByTestId('assignment-label').textContent()).toBe(
        '1. Class hours on safety online — Talgar Secondary School No. 1',
      );
      await noViolations(page, 'status dialog from the tasks');
      await page.getByRole('radio', { name: 'Done' }).check();
      await form.getByTestId('assignment-note').fill('Class hours held in all grades');
      await form.getByTestId('assignment-evidence').fill('https://school.example.org/news/42');
      await form.getByTestId('assignment-save').click();
      await form.waitFor({ state: 'detached' });
      await expect.poll(() => status(ministryPlan, '1').getAttribute('data-status')).toBe('done');

      // The hub holds what the school recorded.
      const res = await th.hub.app.inject({
        method: 'GET',
        url: `/v1/plan-assignments?orgId=${schoolId}&campaignId=${ministryPlan.id}`,
        headers: th.auth,
      });
      const [task] = res.json<ApiPage<PlanTask>>().items;
      expect(task).toMatchObject({
        status: 'done',
        note: 'Class hours held in all grades',
        evidenceUrl: 'https://school.example.org/news/42',
      });

      // The province records the school's other item elsewhere: the list follows, no reload.
      await page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });
      const moved = await th.hub.app.inject({
        method: 'PATCH',
        url: `/v1/campaigns/${provincePlan.id}/plan/items/7/assignments/${schoolId}`,
        headers: th.auth,
        payload: { status: 'in_progress' },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      await expect
        .poll(() => status(provincePlan, '7').getAttribute('data-status'))
        .toBe('in_progress');
      expect(
        await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
      ).toBe(true);

      // The campaign's link opens its grid for the school.
      await row(provincePlan, '7').getByTestId('task-campaign').click();
      await page.waitForURL(`${origin}/campaigns/${provincePlan.id}/grid?orgId=${schoolId}`);
      await page.getByTestId(`cell-7-${schoolId}`).waitFor();
      expect(errors).toEqual([]);
      await context.close();
    });
  },
);
