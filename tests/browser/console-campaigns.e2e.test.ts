/**
 * Campaigns and quiet hours in the console, in a real browser: the ministry's editor creates a
 * campaign with two phases (the hub's field errors shown at their fields first), schedules it
 * and finds it on the list with its status, and the page follows a cancellation made
 * elsewhere live (`campaign.updated`); the Đắk Lắk admin sets a school's quiet hours and the
 * school's association shows them inherited, then turns them off; a viewer sees no actions.
 * axe-core checks every page.
 */
import type { AddressInfo } from 'node:net';
import type { Campaign, OrganisationDetail, User } from '@safenet/sdk';
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
  signInConsole,
  switchToEnglish,
} from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

/** `YYYY-MM-DD`, `days` after today (UTC): the campaign must not have ended to be scheduled. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.runIf(available)(
  browserVariant(available, 'campaigns and quiet hours in the console'),
  () => {
    let th: TestHub;
    let browser: TestBrowser;
    let origin: string;

    beforeAll(async () => {
      th = await startTestHub({ sendEmail: async () => undefined });
      await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
    });
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
      signInConsole(browser, origin, { email, password }, { acceptDialogs: true });

    const english = switchToEnglish;

    const noViolations = noA11yViolations;

    it('creates a campaign with two phases, schedules it, lists it, and follows it live', async () => {
      const editor = th.seed.users.find((u) => u.role === 'editor');
      if (!editor) throw new Error('the demo seed has no editor');
      const { context, page, errors } = await signIn(editor.email, th.seed.demoPassword);
      await english(page);
      await page.getByRole('link', { name: 'Campaigns' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Campaigns');
      // The demo's "Safe Internet" campaign is there.
      await page.getByRole('link', { name: 'Safe Internet' }).waitFor();
      await noViolations(page, 'campaigns list');

      await page.getByTestId('new-campaign').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('New campaign');
      await page.getByTestId('campaign-title-en').fill('Safe Holidays');
      await page.getByRole('tab', { name: 'Russian' }).click();
      await page.getByTestId('campaign-title-ru').fill('Безопасные каникулы');
      // The window inverted: the hub's problem shows at the field.
      await page.getByTestId('campaign-starts').fill(day(40));
      await page.getByTestId('campaign-ends').fill(day(30));
      await page.getByTestId('add-phase').click();
      await page.getByTestId('add-phase').click();
      const phases = page.getByTestId('phase-row');
      await phases.nth(0).getByTestId('phase-title').fill('Preparation');
      await phases.nth(0).getByTestId('phase-starts').fill(day(30));
      await phases.nth(0).getByTestId('phase-ends').fill(day(34));
      await phases.nth(1).getByTestId('phase-title').fill('Main');
      await phases.nth(1).getByTestId('phase-starts').fill(day(35));
      await phases.nth(1).getByTestId('phase-ends').fill(day(44));
      // An organiser from the tree, by agreement.
      await page.getByRole('button', { name: 'Add an organiser' }).click();
      await page.getByTestId('organiser-select').click();
      await page.getByRole('option', { name: /Almaty Region Education Department/ }).click();
      await page.getByRole('checkbox', { name: 'by agreement' }).check();
      await page.getByTestId('campaign-submit').click();
      await page.getByTestId('error').waitFor();
      expect(await page.getByTestId('campaign-ends').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByText(/is before startsOn/).count()).toBeGreaterThan(0);
      await noViolations(page, 'campaign form with errors');

      // Put right: the window holds both phases.
      await page.getByTestId('campaign-starts').fill(day(30));
      await page.getByTestId('campaign-ends').fill(day(44));
      await page.getByTestId('campaign-submit').click();
      await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').pop() as string;
      await expect.poll(() => page.locator('h1').textContent()).toBe('Safe Holidays');
      expect(await page.getByTestId('campaign-status').textContent()).toBe('Draft');
      expect(await page.getByTestId('campaign-timeline').getByRole('listitem').count()).toBe(2);
      expect(await page.getByTestId('timeline-today').textContent()).toContain('has not begun');
      expect(await page.getByTestId('campaign-organisers').textContent()).toContain('by agreement');
      expect(await page.getByTestId('campaign-view-grid').count()).toBe(1);
      await noViolations(page, 'campaign page');
      const stored = await api<Campaign>('GET', `/v1/campaigns/${id}`);
      expect(stored.title).toEqual({ en: 'Safe Holidays', ru: 'Безопасные каникулы' });
      expect(stored.phases.map((p) => [p.title, p.startsOn, p.endsOn])).toEqual([
        [{ en: 'Preparation' }, day(30), day(34)],
        [{ en: 'Main' }, day(35), day(44)],
      ]);
      expect(stored.organisers).toEqual([{ orgId: th.seed.provinceIds[0], byAgreement: true }]);

      // Schedule (confirmed): the page and the hub say so.
      await page.getByTestId('campaign-schedule').click();
      await expect.poll(() => page.getByTestId('campaign-status').textContent()).toBe('Scheduled');
      expect((await api<Campaign>('GET', `/v1/campaigns/${id}`)).status).toBe('scheduled');
      expect(await page.getByTestId('campaign-schedule').count()).toBe(0);
      expect(await page.getByTestId('campaign-cancel').count()).toBe(1);

      // Edit the scheduled campaign: a start moved into the past is refused at its field; a later
      // end is taken, and only the end is sent.
      await page.getByTestId('edit-campaign').click();
      await page.getByTestId('campaign-starts').waitFor();
      await page.getByTestId('campaign-starts').fill(day(-3));
      await page.getByTestId('campaign-submit').click();
      await page.getByTestId('error').waitFor();
      await expect
        .poll(() => page.getByTestId('campaign-starts').getAttribute('aria-invalid'))
        .toBe('true');
      await noViolations(page, 'campaign edit form with errors');
      await page.getByTestId('campaign-starts').fill(day(30));
      await page.getByTestId('campaign-ends').fill(day(45));
      await page.getByTestId('campaign-submit').click();
      await page.waitForURL(new RegExp(`/campaigns/${id}$`));
      await expect
        .poll(async () => (await api<Campaign>('GET', `/v1/campaigns/${id}`)).endsOn)
        .toBe(day(45));
      expect(await page.getByTestId('campaign-status').textContent()).toBe('Scheduled');

      // On the list, filtered by status, with its status.
      await page.getByRole('link', { name: 'Campaigns' }).click();
      await page.getByTestId('campaign-status-filter').click();
      await page.getByRole('option', { name: 'Scheduled' }).click();
      await page.waitForURL(/status=scheduled/);
      const row = page.getByTestId(`campaign-${id}`);
      await row.waitFor();
      expect(await row.getByTestId('campaign-status').textContent()).toBe('Scheduled');
      await expect.poll(() => page.getByRole('link', { name: 'Safe Internet' }).count()).toBe(0);

      // Cancelled elsewhere (the API): the open page follows the stream.
      await row.getByRole('link', { name: 'Safe Holidays' }).click();
      await expect.poll(() => page.getByTestId('campaign-status').textContent()).toBe('Scheduled');
      await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('Live');
      await api('POST', `/v1/campaigns/${id}/cancel`);
      await expect.poll(() => page.getByTestId('campaign-status').textContent()).toBe('Cancelled');
      expect(await page.getByTestId('edit-campaign').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);

    it('an admin sets a school’s quiet hours; its association inherits them; then turns them off', async () => {
      const school = th.seed.schoolIds[1];
      const detail = await api<OrganisationDetail>('GET', `/v1/organisations/${school}`);
      expect(detail.parentId).toBe(th.seed.provinceIds[1]);
      const child = await api<OrganisationDetail>('POST', '/v1/organisations', {
        parentId: school,
        kind: 'association',
        name: 'NBK Parents’ Council',
      });

      const { context, page, errors } = await signIn(
        'admin.daklak@example.org',
        th.seed.demoPassword,
      );
      await english(page);
      await page.getByRole('link', { name: 'Organisations' }).click();
      await page.getByRole('button', { name: /Nguyễn Bình Khiêm High School/ }).click();
      const card = page.getByTestId('quiet-hours');
      await expect
        .poll(() => card.getByTestId('quiet-hours-source').textContent())
        .toBe('The hub’s default');
      await card.getByRole('radio', { name: 'Own hours' }).check();
      await card.getByTestId('quiet-from').fill('22:00');
      await card.getByTestId('quiet-to').fill('06:30');
      await card.getByTestId('quiet-save').click();
      await expect
        .poll(() => card.getByTestId('quiet-hours-source').textContent())
        .toBe('Set by this organisation');
      expect(await card.getByTestId('quiet-hours-effective').textContent()).toContain(
        '22:00 – 06:30',
      );
      await noViolations(page, 'organisations with quiet hours');

      // The association beneath the school inherits them.
      await page.getByRole('button', { name: /NBK Parents’ Council/ }).click();
      await expect
        .poll(() => card.getByTestId('quiet-hours-source').textContent())
        .toBe('Inherited from Nguyễn Bình Khiêm High School');
      expect(await card.getByTestId('quiet-hours-effective').textContent()).toContain(
        '22:00 – 06:30',
      );
      const inherited = await api<OrganisationDetail>('GET', `/v1/organisations/${child.id}`);
      expect(inherited.effectiveQuietHours).toEqual({
        quietHours: { from: '22:00', to: '06:30' },
        source: 'inherited',
        orgId: school,
      });

      // The school turns them off: the association follows.
      await page.getByRole('button', { name: /Nguyễn Bình Khiêm High School/ }).click();
      await card.getByRole('radio', { name: /^None/ }).check();
      await card.getByTestId('quiet-save').click();
      await expect
        .poll(() => card.getByTestId('quiet-hours-effective').textContent())
        .toContain('None');
      await page.getByRole('button', { name: /NBK Parents’ Council/ }).click();
      await expect
        .poll(() => card.getByTestId('quiet-hours-effective').textContent())
        .toContain('None');
      expect(
        (await api<OrganisationDetail>('GET', `/v1/organisations/${child.id}`)).effectiveQuietHours
          .quietHours,
      ).toBeNull();
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);

    it('shows a viewer campaigns and quiet hours without any action', async () => {
      await person('viewer.ministry@example.org', th.seed.ministryId, 'viewer');
      const { context, page, errors } = await signIn(
        'viewer.ministry@example.org',
        'a long enough passphrase',
      );
      await page.goto(`${origin}/campaigns`);
      await page.getByRole('link', { name: 'Safe Internet' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Safe Internet');
      await expect.poll(() => page.getByTestId('campaign-status').textContent()).toBe('Draft');
      expect(await page.getByTestId('campaign-schedule').count()).toBe(0);
      expect(await page.getByTestId('campaign-cancel').count()).toBe(0);
      expect(await page.getByTestId('edit-campaign').count()).toBe(0);
      await noViolations(page, 'campaign page, read-only');
      // On a phone the page stays inside the screen.
      await page.setViewportSize({ width: 375, height: 740 });
      await page.getByTestId('campaign-timeline').waitFor();
      await noViolations(page, 'campaign page on a phone');
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${origin}/campaigns`);
      await page.getByRole('link', { name: 'Safe Internet' }).waitFor();
      expect(await page.getByTestId('new-campaign').count()).toBe(0);
      await page.goto(`${origin}/organisations`);
      await page.getByTestId('quiet-hours-source').waitFor();
      expect(await page.getByTestId('quiet-save').count()).toBe(0);
      expect(await page.getByRole('radio').count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  },
);
