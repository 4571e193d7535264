/**
 * Plans that cascade, in the console, in a real browser: a region's campaign has a plan item
 * assigned to every school under a district; the district's editor opens the region's campaign
 * (which the hub does not open to the district: the page shows its lineage) and adopts it as
 * the district's plan. The district's campaign page then shows the plan it carries out and the
 * items it inherits from above, each school's status linked to the region's grid filtered to
 * the school. Another district whose plan the region made meanwhile is told so, with a link.
 * The region's editor sees the district's plan beneath the region's, with its progress. The
 * district copies its plan into the next year (a taken key first: the hub's error; a shift by
 * days that leaves a yearly deadline out of the window: its problem by path, nothing written)
 * and downloads it as YAML. axe-core checks every page.
 */
import type { AddressInfo } from 'node:net';
import type { Campaign, Organisation, User } from '@safenet/sdk';
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
} from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

const ZONE = 'Asia/Almaty';
const REGION_EDITOR = 'editor.region@example.org';
const DISTRICT_EDITOR = 'editor.district@example.org';

/** `YYYY-MM-DD`, `days` after today (UTC). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
/** The same day a year later. */
const nextYear = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;

describe.runIf(available)(
  browserVariant(available, 'cascading plans in the console: lineage, adopt, inherited, copy'),
  () => {
    let th: TestHub;
    let browser: TestBrowser;
    let origin: string;
    let region: Campaign;
    let districtId: string;
    let districtName: string;
    let schoolId: string;
    let secondSchoolId: string;
    /** The district's plan, once adopted in the console. */
    let districtPlanId: string;

    beforeAll(async () => {
      th = await startTestHub({ sendEmail: async () => undefined });
      await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
      districtId = th.seed.districtId;
      [schoolId] = th.seed.schoolIds;
      districtName = (await api<Organisation>('GET', `/v1/organisations/${districtId}`)).name;
      const second = await api<Organisation>('POST', '/v1/organisations', {
        parentId: districtId,
        kind: 'school',
        name: 'Talgar Secondary School No. 2',
      });
      secondSchoolId = second.id;

      // The region's running campaign and its plan: item 1 for every school under the district.
      region = await api<Campaign>('POST', '/v1/campaigns', {
        orgId: th.seed.provinceIds[0],
        key: 'almaty-safe-school',
        title: { en: 'Almaty Safe School', ru: 'Безопасная школа Алматинской области' },
        startsOn: day(-5),
        endsOn: day(60),
        timeZone: ZONE,
        phases: [{ key: 'main', title: { en: 'Main' }, startsOn: day(-5), endsOn: day(60) }],
        organisers: [{ orgId: th.seed.provinceIds[0] }],
      });
      await api('POST', `/v1/campaigns/${region.id}/schedule`);
      await api('PUT', `/v1/campaigns/${region.id}/plan`, {
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
                deadline: { kind: 'date', by: day(20) },
                responsible: [{ allOf: 'school', under: districtId }],
              },
              {
                key: '2',
                number: '2.',
                title: { en: 'A report to the region' },
                completionForm: 'info-to-ministry',
                deadline: { kind: 'window', from: day(0), to: day(30) },
                responsible: [{ orgId: districtId }],
              },
            ],
          },
        ],
      });
      // The first school has held its class hours: recorded on the region's campaign.
      await api('PATCH', `/v1/campaigns/${region.id}/plan/items/1/assignments/${schoolId}`, {
        status: 'done',
      });
      await person(REGION_EDITOR, th.seed.provinceIds[0], 'editor');
      await person(DISTRICT_EDITOR, districtId, 'editor');
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

    const signIn = (email: string) =>
      signInConsole(browser, origin, { email, password: PASSWORD }, { acceptDownloads: true });

    /** Waits until the console has moved on from campaign `from` to another campaign's page. */
    const newCampaignPage = (page: Page, from: string) =>
      expect
        .poll(() => {
          const path = new URL(page.url()).pathname;
          return /^\/campaigns\/[0-9a-f-]{36}$/.test(path) && !path.endsWith(from);
        })
        .toBe(true);

    const noViolations = noA11yViolations;

    it('a district adopts the region’s plan: its page shows the lineage and the inherited items', async () => {
      const { context, page, errors } = await signIn(DISTRICT_EDITOR);
      // The hub does not open the region's campaign to the district: the page shows its lineage.
      await page.goto(`${origin}/campaigns/${region.id}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Almaty Safe School');
      expect(await page.getByTestId('plan-above-owner').textContent()).toBe(
        'Owner: Almaty Region Education Department',
      );
      expect(await page.getByTestId('lineage-descendant').count()).toBe(0);
      await noViolations(page, 'a plan above, before adopting');

      await page.getByTestId('adopt-open').click();
      const form = page.getByTestId('adopt-form');
      await form.waitFor();
      await page.getByTestId('adopt-key').fill('talgar-safe-school');
      await page.getByTestId('adopt-title').fill('Talgar Safe School');
      await noViolations(page, 'the adopt form');
      await page.getByTestId('adopt-save').click();
      await newCampaignPage(page, region.id);
      districtPlanId = new URL(page.url()).pathname.split('/').pop() as string;
      await expect.poll(() => page.locator('h1').textContent()).toBe('Talgar Safe School');
      const stored = await api<Campaign>('GET', `/v1/campaigns/${districtPlanId}`);
      expect(stored).toMatchObject({
        orgId: districtId,
        key: 'talgar-safe-school',
        status: 'draft',
        implementsCampaignId: region.id,
      });

      // The lineage: the region's plan above, linked; nothing below yet.
      const ancestors = page.getByTestId('lineage-ancestor');
      await ancestors.first().waitFor();
      expect(await ancestors.count()).toBe(1);
      expect(await ancestors.getByTestId('lineage-link').textContent()).toBe('Almaty Safe School');
      expect(await ancestors.getByTestId('lineage-link').getAttribute('href')).toBe(
        `/campaigns/${region.id}`,
      );
      expect(await ancestors.getByTestId('lineage-owner').textContent()).toBe(
        'Almaty Region Education Department',
      );
      expect(await page.getByTestId('lineage-descendant').count()).toBe(0);
      // Named in its sources too, from the lineage (the campaign itself is not opened to it).
      await expect
        .poll(() => page.getByTestId('campaign-implements').textContent())
        .toBe('Carries out: Almaty Safe School');

      // The inherited items, from the region's plan, with the district's organisations' statuses.
      const group = page.getByTestId('inherited-group');
      await group.first().waitFor();
      expect(await group.count()).toBe(1);
      expect(await group.getAttribute('data-campaign')).toBe(region.id);
      const items = group.getByTestId('inherited-item');
      expect(await items.count()).toBe(2);
      const first = page.locator('[data-testid="inherited-item"][data-key="1"]');
      expect(await first.textContent()).toContain('1. Class hours on safety online');
      const pairs = first.getByTestId('inherited-pair');
      expect(await pairs.count()).toBe(2);
      const done = pairs.filter({ hasText: 'Talgar Secondary School No. 1' });
      expect(await done.getByTestId('plan-status').getAttribute('data-status')).toBe('done');
      const planned = pairs.filter({ hasText: 'Talgar Secondary School No. 2' });
      expect(await planned.getByTestId('plan-status').getAttribute('data-status')).toBe('planned');
      const second = page.locator('[data-testid="inherited-item"][data-key="2"]');
      expect(await second.getByTestId('inherited-pair').textContent()).toContain(districtName);
      await noViolations(page, 'the district’s plan: lineage and inherited items');

      // Setting a status goes to the region's grid, filtered to the school.
      await planned.getByTestId('inherited-set-status').click();
      await page.waitForURL(`${origin}/campaigns/${region.id}/grid?orgId=${secondSchoolId}`);
      await page.getByTestId(`cell-1-${secondSchoolId}`).waitFor();

      // Back on the region's page, the district's plan is linked instead of the form.
      await page.goto(`${origin}/campaigns/${region.id}`);
      await page.getByTestId('adopted-by-us').waitFor();
      expect(await page.getByTestId('adopted-link').getAttribute('href')).toBe(
        `/campaigns/${districtPlanId}`,
      );
      expect(await page.getByTestId('adopt-open').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);

    it('says when the organisation adopted the plan meanwhile, and links to that plan', async () => {
      const other = await api<Organisation>('POST', '/v1/organisations', {
        parentId: th.seed.provinceIds[0],
        kind: 'district',
        name: 'Karasai District Education Office',
      });
      await person('editor.karasai@example.org', other.id, 'editor');
      const { context, page, errors } = await signIn('editor.karasai@example.org');
      await page.goto(`${origin}/campaigns/${region.id}`);
      await page.getByTestId('adopt-open').click();
      await page.getByTestId('adopt-key').fill('karasai-safe-school');
      // Meanwhile the region adopts it on the district's behalf, through the API.
      const meanwhile = await api<Campaign>('POST', `/v1/campaigns/${region.id}/adopt`, {
        orgId: other.id,
        key: 'karasai-from-the-region',
        title: 'Karasai plan made by the region',
      });
      await page.getByTestId('adopt-save').click();
      const alert = page.getByTestId('adopt').getByTestId('error');
      await alert.waitFor();
      expect(await alert.textContent()).toContain(
        'Your organisation already carries this plan out',
      );
      expect(await alert.textContent()).toContain(meanwhile.id);
      const link = page.getByTestId('adopted-link');
      await link.waitFor();
      expect(await link.textContent()).toBe('Karasai plan made by the region');
      expect(await link.getAttribute('href')).toBe(`/campaigns/${meanwhile.id}`);
      expect(new URL(page.url()).pathname).toBe(`/campaigns/${region.id}`);
      await noViolations(page, 'adopted meanwhile');
      // Nothing else was written: one plan of that district carries the region's out.
      const mine = await api<{ items: Campaign[] }>('GET', `/v1/campaigns?orgId=${other.id}`);
      expect(mine.items.map((c) => c.id)).toEqual([meanwhile.id]);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);

    it('the region sees the district’s plan beneath its own, with its progress', async () => {
      // The district assigns an item of its own to its two schools; one has done it.
      await api('PUT', `/v1/campaigns/${districtPlanId}/plan`, {
        sections: [
          {
            key: 'district',
            title: { en: 'In the district' },
            items: [
              {
                key: 'd1',
                number: 'D1.',
                title: { en: 'A parents’ evening' },
                completionForm: 'media-publications',
                deadline: { kind: 'date', by: day(25) },
                responsible: [{ orgId: schoolId }, { orgId: secondSchoolId }],
              },
            ],
          },
        ],
      });
      await api('PATCH', `/v1/campaigns/${districtPlanId}/plan/items/d1/assignments/${schoolId}`, {
        status: 'done',
      });

      const { context, page, errors } = await signIn(REGION_EDITOR);
      await page.goto(`${origin}/campaigns/${region.id}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Almaty Safe School');
      // Talgar's plan and Karasai's (the region made it), both directly beneath.
      const plans = page.getByTestId('lineage-descendant');
      await plans.first().waitFor();
      expect(await plans.count()).toBe(2);
      const below = plans.filter({ hasText: 'Talgar Safe School' });
      expect(await below.getAttribute('data-depth')).toBe('1');
      expect(await below.getByTestId('lineage-link').textContent()).toBe('Talgar Safe School');
      expect(await below.getByTestId('lineage-owner').textContent()).toBe(districtName);
      expect(await below.getByTestId('campaign-status').textContent()).toBe('Draft');
      expect(await below.getByTestId('lineage-progress').textContent()).toBe('1 / 2');
      expect(await below.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
      expect(await page.getByTestId('lineage-ancestor').count()).toBe(0);
      // The region's own page: nothing inherited, no adopt form.
      expect(await page.getByTestId('inherited').count()).toBe(0);
      expect(await page.getByTestId('adopt').count()).toBe(0);
      await noViolations(page, 'the region’s campaign with its lineage');
      await below.getByTestId('lineage-grid').click();
      await page.waitForURL(`${origin}/campaigns/${districtPlanId}/grid`);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);

    it('the district copies its plan into the next year and downloads it as YAML', async () => {
      // A yearly report on a day inside the window: moved by years it recurs in the copy's
      // window; moved by 20 days only, the window leaves the day behind and it never fires.
      const reportDay = day(10);
      await api('PUT', `/v1/campaigns/${districtPlanId}/plan`, {
        sections: [
          {
            key: 'district',
            title: { en: 'In the district' },
            items: [
              {
                key: 'd1',
                number: 'D1.',
                title: { en: 'A parents’ evening' },
                completionForm: 'media-publications',
                deadline: { kind: 'date', by: day(25) },
                responsible: [{ orgId: schoolId }, { orgId: secondSchoolId }],
              },
              {
                key: 'd2',
                number: 'D2.',
                title: { en: 'The yearly report' },
                completionForm: 'info-to-ministry',
                deadline: {
                  kind: 'recurring',
                  rrule: `FREQ=YEARLY;BYMONTH=${Number(reportDay.slice(5, 7))};BYMONTHDAY=${Number(reportDay.slice(8, 10))}`,
                },
                responsible: [{ orgId: schoolId }],
              },
            ],
          },
        ],
      });
      const { context, page, errors } = await signIn(DISTRICT_EDITOR);
      await page.goto(`${origin}/campaigns/${districtPlanId}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Talgar Safe School');

      const download = page.waitForEvent('download');
      await page.getByTestId('download-yaml').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('talgar-safe-school.yaml');
      const text = await new Promise<string>((resolve, reject) => {
        void file.createReadStream().then((stream) => {
          let body = '';
          stream.setEncoding('utf8');
          stream.on('data', (chunk: string) => {
            body += chunk;
          });
          stream.on('end', () => resolve(body));
          stream.on('error', reject);
        }, reject);
      });
      expect(text).toContain('key: talgar-safe-school');
      expect(text).toContain('A parents’ evening');
      expect(text).toContain('The yearly report');

      await page.getByTestId('copy-open').click();
      const form = page.getByTestId('copy-form');
      await form.waitFor();
      await noViolations(page, 'the copy form');
      // A key the district already uses: the hub's error, nothing written.
      await page.getByTestId('copy-key').fill('talgar-safe-school');
      await page.getByTestId('copy-save').click();
      await form.getByTestId('error').waitFor();
      expect(await form.getByTestId('error').textContent()).toContain(
        'This conflicts with something that exists already',
      );
      // Twenty days later, no year: the yearly report never falls in the window, said by path.
      await page.getByTestId('copy-key').fill('talgar-safe-school-late');
      await page.getByTestId('copy-years').fill('0');
      await page.getByTestId('copy-days').fill('20');
      await page.getByTestId('copy-save').click();
      const problem = form.getByTestId('programme-problem');
      await problem.first().waitFor();
      expect(await problem.count()).toBe(1);
      expect(await problem.textContent()).toMatch(
        /deadline\.rrule.*never fires inside the campaign window/,
      );
      expect(await form.getByTestId('error').textContent()).toContain(
        'The programme file has problems',
      );
      await noViolations(page, 'a copy with problems');
      await page.getByTestId('copy-years').fill('1');
      await page.getByTestId('copy-days').fill('0');
      await page.getByTestId('copy-key').fill('talgar-safe-school-next');
      await page.getByTestId('copy-title').fill('Talgar Safe School, next year');
      await page.getByTestId('copy-save').click();
      await newCampaignPage(page, districtPlanId);
      // Nothing of the late copy was written.
      const keys = await api<{ items: Campaign[] }>('GET', `/v1/campaigns?orgId=${districtId}`);
      expect(keys.items.map((c) => c.key).sort()).toEqual([
        'talgar-safe-school',
        'talgar-safe-school-next',
      ]);
      await expect
        .poll(() => page.locator('h1').textContent())
        .toBe('Talgar Safe School, next year');
      const copyId = new URL(page.url()).pathname.split('/').pop() as string;
      const copy = await api<Campaign>('GET', `/v1/campaigns/${copyId}`);
      expect(copy).toMatchObject({
        orgId: districtId,
        key: 'talgar-safe-school-next',
        status: 'draft',
        startsOn: nextYear(region.startsOn),
        endsOn: nextYear(region.endsOn),
        implementsCampaignId: region.id,
      });
      await noViolations(page, 'the copy');
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  },
);
