/**
 * A campaign's calendar, its plan grid and programme files in the console, in a real browser:
 * the ministry's editor opens the grid (overdue said in words) while a school's editor, in
 * another browser, marks the school's item done with a note and a link; the ministry's grid
 * follows without a reload (`plan.assignment.updated`). A viewer sees the grid read-only. The
 * calendar shows the announcement that fired (linked to its broadcast) and the one to come,
 * in the campaign's zone. A programme file with several mistakes is listed by path, line and
 * column; a right one is checked, then loaded. axe-core checks every page.
 *
 * The hub's clock runs ten minutes behind while the announcements are written, then catches
 * up: an occurrence five minutes ago is then due after its version was written, within the
 * calendar's grace, and the sweep fires it.
 */
import type { AddressInfo } from 'node:net';
import type { Campaign, PlanGrid, User } from '@safenet/sdk';
import type { Page } from 'playwright-core';
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
  switchToEnglish,
} from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

const ZONE = 'Asia/Almaty';

/** `YYYY-MM-DD`, `days` after today (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The wall-clock date and minute of `at` in `zone`: `{ date: '2026-12-06', time: '09:05' }`. */
function wallClock(at: Date, zone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
  };
}

describe.runIf(available)(
  browserVariant(available, 'the campaign calendar, plan grid and programme files in the console'),
  () => {
    let th: TestHub;
    let browser: TestBrowser;
    let origin: string;
    /** How far the hub's clock is behind the machine's, ms. */
    let behind = 10 * 60_000;
    let campaign: Campaign;
    let schoolId: string;
    let otherSchoolId: string;

    beforeAll(async () => {
      th = await startTestHub({
        sendEmail: async () => undefined,
        now: () => Date.now() - behind,
      });
      await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
      [schoolId, otherSchoolId] = th.seed.schoolIds;

      // Eleven more schools: thirteen in all, one more than a page of the grid holds.
      for (let n = 1; n <= 11; n += 1) {
        await api('POST', '/v1/organisations', {
          parentId: th.seed.provinceIds[0],
          kind: 'school',
          name: `Almaty Region School No. ${100 + n}`,
        });
      }

      // A running campaign of the ministry, its plan and its announcements, through the API.
      campaign = await api<Campaign>('POST', '/v1/campaigns', {
        orgId: th.seed.ministryId,
        title: { en: 'Safe School', ru: 'Безопасная школа' },
        startsOn: day(-10),
        endsOn: day(20),
        timeZone: ZONE,
        phases: [
          { key: 'prep', title: { en: 'Preparation' }, startsOn: day(-10), endsOn: day(-1) },
          { key: 'main', title: { en: 'Main' }, startsOn: day(0), endsOn: day(20) },
        ],
        organisers: [{ orgId: th.seed.ministryId }],
      });
      await api('POST', `/v1/campaigns/${campaign.id}/schedule`);
      await api('PUT', `/v1/campaigns/${campaign.id}/plan`, {
        sections: [
          {
            key: 'schools',
            title: { en: 'In schools' },
            items: [
              {
                key: '1',
                number: '1.',
                title: { en: 'Class hours on safety online' },
                completionForm: 'info-to-ministry',
                deadline: { kind: 'date', by: day(-2) },
                responsible: [{ allOf: 'school', under: th.seed.ministryId }],
              },
              {
                key: '2',
                number: '2.',
                title: { en: 'Parent meetings' },
                completionForm: 'media-publications',
                deadline: { kind: 'window', from: day(-10), to: day(15) },
                responsible: [{ orgId: schoolId }, { orgId: otherSchoolId }],
              },
            ],
          },
        ],
      });
      const earlier = wallClock(new Date(Date.now() - 5 * 60_000), ZONE);
      await api('PUT', `/v1/campaigns/${campaign.id}/announcements`, {
        announcements: [
          {
            key: 'reminder',
            title: { en: 'A reminder to parents' },
            content: { text: { en: 'Talk with your child about safety online.' } },
            segmentId: th.seed.segmentIds.allParents,
            channels: ['sms'],
            schedule: { when: { kind: 'at', ...earlier }, zone: 'campaign' },
          },
          {
            key: 'closing',
            title: { en: 'The closing' },
            content: { text: { en: 'The campaign ends today. Thank you.' } },
            segmentId: th.seed.segmentIds.allParents,
            channels: ['sms'],
            schedule: {
              when: { kind: 'relative', anchor: { to: 'campaign.end' }, days: 0, time: '09:00' },
              zone: 'campaign',
            },
          },
        ],
      });
      // The hub's clock catches up: the reminder is due, within the grace, for the next sweep.
      behind = 0;

      await person('editor.school@example.org', schoolId, 'editor');
      await person('viewer.plan@example.org', th.seed.ministryId, 'viewer');
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await th?.close();
    });

    const api = <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
      adminRequest<T>(th, method, url, payload);

    /** A person of `orgId` with `role` who accepted their invitation, reading English. */
    const person = (email: string, orgId: string, role: User['role']) =>
      acceptedPerson(th, { email, orgId, role });

    const signIn = (email: string, password: string) =>
      signInConsole(browser, origin, { email, password });

    const english = switchToEnglish;

    const noViolations = noA11yViolations;

    const ministryEditor = () => {
      const editor = th.seed.users.find((u) => u.role === 'editor');
      if (!editor) throw new Error('the demo seed has no editor');
      return editor;
    };

    it('a school marks its item done; the ministry’s grid follows live', async () => {
      const ministry = await signIn(ministryEditor().email, th.seed.demoPassword);
      await english(ministry.page);
      await ministry.page.goto(`${origin}/campaigns/${campaign.id}`);
      await ministry.page.getByTestId('campaign-view-grid').click();
      await ministry.page.waitForURL(`${origin}/campaigns/${campaign.id}/grid`);
      await expect
        .poll(() => ministry.page.locator('h1').textContent())
        .toBe('Plan grid: Safe School');
      const cell = (page: Page, item: string, org: string) =>
        page.getByTestId(`cell-${item}-${org}`);
      // Item 1's deadline has passed: overdue at both schools, said in words.
      await cell(ministry.page, '1', schoolId).waitFor();
      for (const org of [schoolId, otherSchoolId]) {
        expect(await cell(ministry.page, '1', org).getAttribute('data-status')).toBe('overdue');
        expect(await cell(ministry.page, '1', org).textContent()).toMatch(/^⚠Overdue(due .+)$/);
        expect(await cell(ministry.page, '2', org).getAttribute('data-status')).toBe('planned');
      }
      expect(await ministry.page.getByTestId('item-counts-1').textContent()).toBe(
        '0 of 13 done · 13 overdue',
      );
      expect(await ministry.page.getByTestId(`org-counts-${schoolId}`).textContent()).toBe(
        '0 of 2 done · 1 overdue',
      );
      expect(await ministry.page.getByTestId('grid-row-1').textContent()).toContain(
        '1. Class hours on safety online',
      );
      await expect.poll(() => ministry.page.getByTestId('stream-state').textContent()).toBe('Live');
      await noViolations(ministry.page, 'plan grid');
      // A mark that a reload would wipe out.
      await ministry.page.evaluate(() => {
        (window as unknown as { notReloaded: boolean }).notReloaded = true;
      });

      // The school's editor, in another browser, sees its own pairs and marks item 1 done.
      const school = await signIn('editor.school@example.org', PASSWORD);
      await school.page.goto(`${origin}/campaigns/${campaign.id}/grid`);
      await cell(school.page, '1', schoolId).waitFor();
      expect(await school.page.getByTestId(`grid-org-${otherSchoolId}`).count()).toBe(0);
      // The school reads the plan of the ministry's campaign, not the campaign: a bare title,
      // and no error for it.
      expect(await school.page.locator('h1').textContent()).toBe('Plan grid');
      expect(await school.page.getByTestId('error').count()).toBe(0);
      expect(await school.page.getByTestId(`grid-org-${schoolId}`).textContent()).toBeTruthy();
      await cell(school.page, '1', schoolId).getByTestId('cell-edit').click();
      const form = school.page.getByTestId('assignment-form');
      await form.waitFor();
      expect(await form.getByTestId('assignment-label').textContent()).toContain(
        '1. Class hours on safety online',
      );
      await noViolations(school.page, 'status dialog');
      // A link that is not http(s): the hub's problem at its field, nothing recorded.
      await school.page.getByRole('radio', { name: 'Done' }).check();
      await form.getByTestId('assignment-note').fill('Class hours held in all grades');
      await form.getByTestId('assignment-evidence').fill('ftp://school.example.org/news');
      await form.getByTestId('assignment-save').click();
      await form.getByTestId('error').waitFor();
      await form.getByTestId('assignment-evidence').fill('https://school.example.org/news/42');
      await form.getByTestId('assignment-save').click();
      await form.waitFor({ state: 'detached' });
      await expect
        .poll(() => cell(school.page, '1', schoolId).getAttribute('data-status'))
        .toBe('done');

      // The ministry's grid follows, without a reload: the cell, the item's and the school's counts.
      await expect
        .poll(() => cell(ministry.page, '1', schoolId).getAttribute('data-status'))
        .toBe('done');
      expect(await cell(ministry.page, '1', schoolId).textContent()).toContain('Done');
      await expect
        .poll(() => ministry.page.getByTestId('item-counts-1').textContent())
        .toBe('1 of 13 done · 12 overdue');
      await expect
        .poll(() => ministry.page.getByTestId(`org-counts-${schoolId}`).textContent())
        .toBe('1 of 2 done');
      expect(await cell(ministry.page, '1', otherSchoolId).getAttribute('data-status')).toBe(
        'overdue',
      );
      expect(
        await ministry.page.evaluate(
          () => (window as unknown as { notReloaded?: boolean }).notReloaded,
        ),
      ).toBe(true);

      // Twelve organisations a page: the thirteenth school is on the next one, and back.
      const columns = ministry.page.locator('[data-testid^="grid-org-"]');
      expect(await columns.count()).toBe(12);
      await ministry.page.getByTestId('grid-next').click();
      await expect.poll(() => columns.count()).toBe(1);
      expect(await columns.first().textContent()).toBe('Almaty Region School No. 111');
      await ministry.page.getByRole('button', { name: 'Previous organisations' }).click();
      await expect.poll(() => columns.count()).toBe(12);

      // Only what is overdue: the school's item 1 is done, the other school's still overdue.
      await ministry.page.getByTestId('grid-status-filter').click();
      await ministry.page.getByRole('option', { name: 'Overdue' }).click();
      await ministry.page.waitForURL(/status=overdue/);
      await expect.poll(() => cell(ministry.page, '1', schoolId).count()).toBe(0);
      expect(await cell(ministry.page, '1', otherSchoolId).getAttribute('data-status')).toBe(
        'overdue',
      );
      expect(
        await ministry.page.locator('[data-testid^="cell-"][data-status="done"]').count(),
      ).toBe(0);
      await noViolations(ministry.page, 'plan grid, overdue only');

      // The hub holds what the school recorded.
      const grid = await api<PlanGrid>(
        'GET',
        `/v1/campaigns/${campaign.id}/grid?orgId=${schoolId}`,
      );
      expect(grid.organisations[0]?.cells.find((c) => c.itemKey === '1')?.status).toBe('done');
      expect(ministry.errors).toEqual([]);
      expect(school.errors).toEqual([]);
      await school.context.close();
      await ministry.context.close();
    }, 180_000);

    it('shows a viewer the grid read-only', async () => {
      const viewer = await signIn('viewer.plan@example.org', PASSWORD);
      await viewer.page.goto(`${origin}/campaigns/${campaign.id}/grid`);
      await viewer.page.getByTestId(`cell-2-${schoolId}`).waitFor();
      expect(await viewer.page.getByTestId('cell-edit').count()).toBe(0);
      await viewer.page.getByTestId('grid-read-only').waitFor();
      await noViolations(viewer.page, 'plan grid, read-only');
      // On a phone the grid scrolls inside its own region; the page stays inside the screen.
      await viewer.page.setViewportSize({ width: 375, height: 740 });
      await viewer.page.getByTestId('plan-grid').waitFor();
      await noViolations(viewer.page, 'plan grid on a phone');
      const overflow = await viewer.page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      expect(viewer.errors).toEqual([]);
      await viewer.context.close();
    }, 120_000);

    it('shows the calendar: the fired announcement linked to its broadcast, the one to come', async () => {
      const { context, page, errors } = await signIn(ministryEditor().email, th.seed.demoPassword);
      await english(page);
      await page.goto(`${origin}/campaigns/${campaign.id}/calendar`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Calendar: Safe School');
      expect(await page.getByTestId('calendar-zone').textContent()).toBe(
        `Times are shown in the campaign’s time zone, ${ZONE}.`,
      );
      expect(await page.getByTestId('campaign-timeline').getByRole('listitem').count()).toBe(2);
      const upcoming = page.getByTestId('calendar-upcoming').getByTestId('occurrence');
      await upcoming.first().waitFor();
      expect(await upcoming.count()).toBe(1);
      expect(await upcoming.first().textContent()).toContain('The closing');
      expect(await upcoming.first().getAttribute('data-state')).toBe('scheduled');
      // The reminder five minutes ago: the sweep (every 30 s) fires it; the page follows.
      const past = page.getByTestId('calendar-past').getByTestId('occurrence');
      await expect
        .poll(() => past.first().getAttribute('data-state'), { timeout: 60_000 })
        .toBe('fired');
      expect(await past.first().textContent()).toContain('A reminder to parents');
      expect(await past.first().textContent()).toContain('Sent');
      await noViolations(page, 'campaign calendar');
      await past.first().getByTestId('occurrence-broadcast').click();
      await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);

    it('lists a programme file’s mistakes by path, line and column; checks and loads a right one', async () => {
      const { context, page, errors } = await signIn(ministryEditor().email, th.seed.demoPassword);
      await english(page);
      await page.getByRole('link', { name: 'Campaigns' }).click();
      await page.getByTestId('load-programme').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Load a programme file');
      const text = page.getByTestId('programme-text');
      await text.fill(
        [
          'version: 1',
          'key: safe-school-file',
          'owner: { path: [] }',
          'title: { en: Safe School from a file }',
          `startsOn: ${day(40)}`,
          `endsOn: ${day(30)}`,
          'timeZone: Mars/Olympus_Mons',
        ].join('\n'),
      );
      await page.getByTestId('programme-check').click();
      const problems = page.getByTestId('programme-problem');
      await problems.first().waitFor();
      const rows = await problems.allTextContents();
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(rows.some((row) => row.startsWith('timeZoneline 7, column'))).toBe(true);
      expect(rows.some((row) => /^endsOnline 6, column/.test(row))).toBe(true);
      expect(await page.getByTestId('error').textContent()).toContain('problems');
      await noViolations(page, 'programme file with problems');

      const right = [
        'version: 1',
        'key: safe-school-file',
        'owner: { path: [] }',
        'title: { en: Safe School from a file }',
        `startsOn: ${day(30)}`,
        `endsOn: ${day(40)}`,
        `timeZone: ${ZONE}`,
      ].join('\n');
      await text.fill(right);
      await page.getByTestId('programme-check').click();
      const outcome = page.getByTestId('programme-outcome');
      await outcome.waitFor();
      expect(await outcome.getAttribute('data-outcome')).toBe('created');
      expect(await outcome.textContent()).toContain('Loading it will create the campaign');
      // A dry run keeps no campaign: nothing to link to, nothing stored.
      expect(await page.getByTestId('programme-campaign').count()).toBe(0);
      const stored = () =>
        api<{ items: Campaign[] }>('GET', '/v1/campaigns?q=Safe%20School%20from');
      expect((await stored()).items).toEqual([]);

      await page.getByTestId('programme-load').click();
      await expect.poll(() => outcome.textContent()).toContain('Loaded: created the campaign');
      const [loaded] = (await stored()).items;
      expect(loaded?.status).toBe('draft');
      await noViolations(page, 'programme file loaded');
      await page.getByTestId('programme-campaign').click();
      await page.waitForURL(`${origin}/campaigns/${loaded?.id}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Safe School from a file');
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  },
);
