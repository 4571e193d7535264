/**
 * Harmful-content cases in the console, in a real browser (issue 14, "Console"): a ministry
 * specialist has the triage board open; a teacher's report of grooming arrives through the
 * API and its critical case appears on the board without a reload (the `case_critical` alert
 * on the stream reads the board again), its severity in words and its triage clock counting
 * down. The specialist opens it — the reported link is text with a copy button, never an
 * anchor — triages it (it becomes theirs), acknowledges its alert in the alerts inbox, which
 * links back to the case, records a referral to the hotline and its answer. A bullying report
 * with a contact is rejected with the reason it needs. The ministry's admin sets response
 * times (defaults, own, inherited below) and a routing rule, and reads the case's audit trail,
 * intact. The hub records each step; axe-core checks every page on the way. The hub runs on the real clock: the clock on screen is the
 * browser's countdown to the hub's deadline.
 */
import type { AddressInfo } from 'node:net';
import type {
  Alert,
  CaseDetail,
  CaseReportReceipt,
  CaseResponseTimesInForce,
  CaseRoutingView,
  Organisation,
  Page,
} from '@safenet/sdk';
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

const LINK = 'https://www.tiktok.com/@someone/video/7301?_t=8kQ&is_from_webapp=1';
/** The link as the hub keeps it: share-button parameters dropped (never fetched). */
const CANONICAL = 'https://www.tiktok.com/@someone/video/7301';
const SPECIALIST = 'specialist@committee.example.kz';
const ADMIN = 'admin@committee.example.kz';

describe.runIf(available)(browserVariant(available, 'cases in the console'), () => {
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;

  beforeAll(async () => {
    th = await startTestHub({ sendEmail: async () => undefined });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    await acceptedPerson(th, { email: SPECIALIST, orgId: th.seed.ministryId, role: 'specialist' });
    await acceptedPerson(th, { email: ADMIN, orgId: th.seed.ministryId, role: 'admin' });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await th?.close();
  });

  it('shows a critical case arriving live; the specialist acknowledges its alert, triages it, refers it; rejects another', async () => {
    const { context, page, errors } = await signInConsole(browser, origin, {
      email: SPECIALIST,
      password: PASSWORD,
    });
    // The navigation offers Cases to a specialist (the `cases` scope).
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.waitForURL(`${origin}/cases`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Cases');
    await page.getByTestId('cases-empty').waitFor();
    await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('Live');
    // Marks this document: still there afterwards means the case came without a reload.
    await page.evaluate(() => {
      (window as unknown as { boardMark: number }).boardMark = 1;
    });

    const receipt = await adminRequest<CaseReportReceipt>(th, 'POST', '/v1/case-reports', {
      links: [LINK],
      category: 'grooming',
      platform: 'tiktok',
      description: 'Взрослый пишет ученице 6 класса и просит перейти в личный чат, прислать фото',
      language: 'ru',
    });
    expect(receipt.reference).toMatch(/^R-\d{4}-\d+$/);
    const cases = await adminRequest<Page<CaseDetail>>(th, 'GET', '/v1/cases');
    expect(cases.items).toHaveLength(1);
    const kase = cases.items[0] as CaseDetail;
    expect(kase).toMatchObject({ state: 'new', severity: 'critical', reportCount: 1 });

    // On the board within seconds (the board's own refresh is a minute away): the stream.
    const card = page.getByTestId('case-card');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { boardMark?: number }).boardMark)).toBe(
      1,
    );
    const column = page.getByTestId('case-column-new');
    expect(await column.getByTestId('case-card').count()).toBe(1);
    expect(await card.getByTestId('case-link').textContent()).toBe(kase.number);
    expect(await card.getByTestId('case-severity').textContent()).toBe('Severity: Critical');
    expect(await card.getByTestId('case-merged').textContent()).toBe('Merged: 1 reports');
    expect(await card.getByTestId('case-assignee').textContent()).toBe('Assigned to: nobody');
    // Critical: triage within 15 minutes, counting down second by second.
    const clock = card.getByTestId('case-clock');
    const first = await clock.textContent();
    expect(first).toMatch(/^Triage within 1[45] min( \d{1,2} s)?$/);
    await expect.poll(() => clock.textContent(), { timeout: 5_000 }).not.toBe(first);
    await noA11yViolations(page, 'triage board with a critical case');

    // The case page: the link as text, never an anchor, image or frame.
    await card.getByTestId('case-link').click();
    await page.waitForURL(`${origin}/cases/${kase.id}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe(`Case ${kase.number}`);
    const links = page.getByTestId('case-link-text');
    await expect.poll(() => links.count()).toBe(2); // the case's link and the report's
    expect(await links.first().textContent()).toBe(CANONICAL);
    expect(await page.locator('a[href*="tiktok"], img[src*="tiktok"], iframe').count()).toBe(0);
    const report = page.getByTestId('case-report');
    expect(await report.count()).toBe(1);
    expect(await report.textContent()).toContain(receipt.reference);
    expect(await report.textContent()).toContain('просит перейти в личный чат');
    expect(await page.getByTestId('case-state').textContent()).toBe('New');
    await noA11yViolations(page, 'case page, new');

    // The alerts inbox: the case's alert, open, linked to the case; acknowledged here first
    // (someone is on it), before the case is triaged.
    await page.getByRole('link', { name: /^Alerts/ }).click();
    await page.waitForURL(`${origin}/alerts`);
    const alert = page.getByTestId('alert');
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.getAttribute('data-state')).toBe('open');
    expect(await alert.textContent()).toContain('Critical case arrived');
    expect(await alert.getByTestId('alert-case').getAttribute('href')).toBe(`/cases/${kase.id}`);
    await noA11yViolations(page, 'alerts inbox with the case alert');
    await alert.getByTestId('alert-acknowledge').click();
    // Acknowledged, it leaves the open list and shows under "Acknowledged".
    await expect.poll(() => alert.count()).toBe(0);
    await page.getByTestId('alerts-state-filter').click();
    await page.getByRole('option', { name: 'Acknowledged' }).click();
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.getAttribute('data-state')).toBe('acknowledged');
    expect(await alert.getByTestId('alert-acknowledge').count()).toBe(0);

    const stored = await adminRequest<Page<Alert>>(th, 'GET', '/v1/alerts?code=case_critical');
    expect(stored.items).toHaveLength(1);
    const user = (
      await adminRequest<Page<{ id: string; email: string }>>(th, 'GET', '/v1/users')
    ).items.find((u) => u.email === SPECIALIST);
    expect(stored.items[0]).toMatchObject({
      state: 'acknowledged',
      subject: { type: 'case', id: kase.id },
      acknowledgedBy: { kind: 'user', id: user?.id },
    });

    // Back to the case from the alert, still new; triaged there.
    await alert.getByTestId('alert-case').click();
    await page.waitForURL(`${origin}/cases/${kase.id}`);
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe('New');
    // Triage, keeping it critical: the case becomes theirs and its resolve clock starts.
    await page.getByTestId('case-move-triage').click();
    await page.getByTestId('case-move-form').waitFor();
    await noA11yViolations(page, 'case page, triage form open');
    await page.getByTestId('case-move-confirm').click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe('Triaged');
    expect(await page.getByTestId('case-assignee').textContent()).toBe('you');
    expect(await page.getByTestId('case-clock').textContent()).toMatch(/^Resolve within 2[34] h/);
    // What the rules give the assignee, narrowed by the state machine from `triaged`.
    const moves = await page
      .getByTestId('case-actions')
      .locator('button[data-testid^="case-move-"]')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
    expect(moves).toEqual([
      'case-move-act',
      'case-move-refer',
      'case-move-resolve',
      'case-move-reject',
    ]);
    const triaged = await adminRequest<Page<CaseDetail>>(th, 'GET', '/v1/cases?state=triaged');
    expect(triaged.items.map((c) => c.id)).toEqual([kase.id]);
    await noA11yViolations(page, 'case page, triaged');

    // Triaged, the arrival alert is over: resolved with it.
    const over = await adminRequest<Page<Alert>>(th, 'GET', '/v1/alerts?code=case_critical');
    expect(over.items.map((a) => a.state)).toEqual(['resolved']);

    // A referral to the hotline, then its answer.
    const referralForm = page.getByTestId('case-referral-form');
    await referralForm.getByRole('textbox', { name: 'Recipient' }).fill('Hotline 111');
    await referralForm
      .getByRole('textbox', { name: 'What was sent' })
      .fill('The link and the class the pupil is in');
    await referralForm.getByRole('button', { name: 'Record a referral' }).click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe('Referred');
    const referral = page.getByTestId('case-referral');
    expect(await referral.textContent()).toContain('Hotline — Hotline 111');
    await referral.getByRole('textbox', { name: 'Answer' }).fill('Passed to the police unit');
    await referral.getByRole('button', { name: 'Record the answer' }).click();
    await expect
      .poll(() => page.getByTestId('case-referral-answer').textContent())
      .toContain('Passed to the police unit');
    await noA11yViolations(page, 'case page, referred with an answer');
    const referred = await adminRequest<Page<CaseDetail>>(th, 'GET', '/v1/cases?state=referred');
    expect(referred.items.map((c) => c.id)).toEqual([kase.id]);

    // A bullying report (normal: no alert) with a contact: shown, then rejected with a reason.
    await adminRequest<CaseReportReceipt>(th, 'POST', '/v1/case-reports', {
      links: ['https://youtu.be/abc123?si=share'],
      category: 'bullying',
      platform: 'youtube',
      description: 'Ученики снимают, как травят одноклассника',
      language: 'ru',
      place: 'Школа № 12, Алматы',
      contact: { email: 'teacher@school12.example.kz' },
    });
    await page.goto(`${origin}/cases?severity=normal`);
    const normal = page.getByTestId('case-card');
    await expect.poll(() => normal.count()).toBe(1);
    expect(await normal.getByTestId('case-severity').textContent()).toBe('Severity: Normal');
    expect(await normal.getByTestId('case-clock').textContent()).toMatch(/^Triage within 2[34] h/);
    await normal.getByTestId('case-link').click();
    await page.getByTestId('case-report').waitFor();
    const bullying = page.getByTestId('case-report');
    expect(await bullying.textContent()).toContain('Школа № 12, Алматы');
    expect(await bullying.textContent()).toContain('teacher@school12.example.kz');
    expect(await page.locator('a[href*="youtu"]').count()).toBe(0);
    await page.getByTestId('case-move-reject').click();
    const confirmMove = page.getByTestId('case-move-confirm');
    expect(await confirmMove.isDisabled()).toBe(true); // a rejection needs its reason
    await page.getByTestId('case-move-reason').fill('The platform removed the video');
    await confirmMove.click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe('Rejected');
    expect(await page.getByText('The platform removed the video').count()).toBe(1);
    // No move is left to them: reopening is the assignee's or the level above's (it had
    // nobody); the board shows it behind the state filter.
    const left = await page
      .getByTestId('case-actions')
      .locator('button[data-testid^="case-move-"]')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-testid')));
    expect(left).toEqual([]);
    await page.goto(`${origin}/cases?state=rejected`);
    await expect
      .poll(() => page.getByTestId('case-column-rejected').getByTestId('case-card').count())
      .toBe(1);
    await noA11yViolations(page, 'board of rejected cases');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('lets the ministry’s admin set response times and a routing rule, and read the case’s trail', async () => {
    const { context, page, errors } = await signInConsole(browser, origin, {
      email: ADMIN,
      password: PASSWORD,
    });
    const [almatyId] = th.seed.provinceIds;
    const almaty = await adminRequest<Organisation>(th, 'GET', `/v1/organisations/${almatyId}`);
    // An admin (no specialist) sees the board, and the settings link a specialist does not.
    await page.getByRole('link', { name: 'Cases', exact: true }).click();
    await page.waitForURL(`${origin}/cases`);
    // The board's open cases: the referred one (the rejected one is closed).
    await expect.poll(() => page.getByTestId('case-card').count()).toBe(1);
    // The specialist who triaged it, by name (the people of the admin's subtree).
    await expect
      .poll(() => page.getByTestId('case-assignee').textContent())
      .toBe('Assigned to: specialist');
    await page.getByTestId('case-settings-link').click();
    await page.waitForURL(`${origin}/cases/settings`);
    await expect
      .poll(() => page.locator('h1').textContent())
      .toBe('Case routing and response times');

    // The ministry is the root: the defaults, said in words, critical triage in 15 minutes.
    const timesOrigin = page.getByTestId('case-times-origin');
    await expect.poll(() => timesOrigin.getAttribute('data-origin')).toBe('defaults');
    expect(await timesOrigin.textContent()).toBe(
      'The defaults: no organisation above set its own.',
    );
    const criticalAck = page.getByTestId('case-times-critical-acknowledgeMinutes');
    expect(await criticalAck.inputValue()).toBe('15');
    await noA11yViolations(page, 'case settings, the defaults');
    await criticalAck.fill('10');
    await page.getByTestId('case-times-save').click();
    await expect.poll(() => timesOrigin.getAttribute('data-origin')).toBe('own');
    expect(await timesOrigin.textContent()).toBe('Set by this organisation.');
    const below = await adminRequest<CaseResponseTimesInForce>(
      th,
      'GET',
      `/v1/organisations/${almatyId}/case-response-times`,
    );
    expect(below).toMatchObject({
      definedBy: th.seed.ministryId,
      times: { critical: { acknowledgeMinutes: 10, resolveMinutes: 24 * 60 } },
    });

    // A rule: cases about Almaty go to Almaty's own specialists.
    await page.getByRole('button', { name: 'Add a rule' }).click();
    const rule = page.getByTestId('case-rule');
    await rule.getByRole('combobox', { name: 'Cases about' }).click();
    await page.getByRole('option', { name: new RegExp(`${almaty.name}$`) }).click();
    await rule.getByRole('combobox', { name: 'Handled by' }).click();
    await page.getByRole('option', { name: new RegExp(`${almaty.name}$`) }).click();
    await noA11yViolations(page, 'case settings, a rule being added');
    await page.getByTestId('case-rules-save').click();
    await expect
      .poll(async () =>
        (
          await adminRequest<CaseRoutingView>(
            th,
            'GET',
            `/v1/organisations/${th.seed.ministryId}/case-routing`,
          )
        ).rules.map(({ scopeOrgId, categories, targetOrgId }) => ({
          scopeOrgId,
          categories,
          targetOrgId,
        })),
      )
      .toEqual([{ scopeOrgId: almatyId, categories: null, targetOrgId: almatyId }]);

    // Almaty inherits the ministry's times, and says from whom.
    await page.getByRole('combobox', { name: 'Organisation', exact: true }).click();
    await page.getByRole('option', { name: new RegExp(`${almaty.name}$`) }).click();
    await expect.poll(() => timesOrigin.getAttribute('data-origin')).toBe('inherited');
    const ministry = await adminRequest<Organisation>(
      th,
      'GET',
      `/v1/organisations/${th.seed.ministryId}`,
    );
    expect(await timesOrigin.textContent()).toBe(`Inherited from ${ministry.name}.`);

    // The case: only specialists open it; the admin reads its trail, intact.
    const [kase] = (await adminRequest<Page<CaseDetail>>(th, 'GET', '/v1/cases?severity=critical'))
      .items;
    await page.goto(`${origin}/cases/${kase?.id}`);
    const intact = page.getByTestId('case-audit-intact');
    await intact.waitFor();
    expect(await intact.getAttribute('data-intact')).toBe('true');
    expect(await intact.textContent()).toBe('✓ Intact: no entry was changed or removed');
    expect(await page.getByTestId('error').textContent()).toBe(
      'You may not do this with this case.',
    );
    const actions = await page
      .getByTestId('case-audit')
      .locator('tbody tr td:nth-child(3)')
      .allTextContents();
    expect(actions.length).toBeGreaterThanOrEqual(3);
    await noA11yViolations(page, 'case page of an admin: the audit trail');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
