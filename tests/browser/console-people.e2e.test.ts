/**
 * The People page in a real browser: the Đắk Lắk department's admin (demo) changes a viewer
 * to sender and disables a person — whose session the API refuses from then on —, sends an
 * invitation again and revokes it; a viewer sees the list read-only; axe-core on the page, on
 * a desktop and a phone width.
 */
import type { AddressInfo } from 'node:net';
import type { InvitationCreated, User } from '@safenet/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  seriousA11yViolations,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import { signInConsole } from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

describe.runIf(available)(browserVariant(available, 'the People page in a browser'), () => {
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;
  let dakLak: string;

  beforeAll(async () => {
    th = await startTestHub({ sendEmail: async () => undefined });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    dakLak = th.seed.provinceIds[1];
  });
  afterAll(async () => {
    await browser?.close();
    await th?.close();
  });

  /** Invites `email` to Đắk Lắk with `role` through the API (the root's key). */
  async function invite(email: string, role: User['role']): Promise<InvitationCreated> {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: th.auth,
      payload: { email, orgId: dakLak, role, language: 'en' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<InvitationCreated>();
  }

  /** A person of Đắk Lắk with `role`, who accepted their invitation: their session cookie. */
  async function person(email: string, role: User['role']): Promise<string> {
    const invited = await invite(email, role);
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/invitations/accept',
      payload: {
        token: new URL(invited.link).searchParams.get('token'),
        name: email.split('@')[0],
        password: 'a long enough passphrase',
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'safenet_session');
    return `safenet_session=${cookie?.value}`;
  }

  async function signIn(
    email: string,
    password: string,
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const { context, page, errors } = await signInConsole(
      browser,
      origin,
      { email, password },
      { acceptDialogs: true },
    );
    // Every person says what language they use: this one reads English.
    await page.goto(`${origin}/people`);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/People|Người dùng/);
    return { context, page, errors };
  }

  const userByEmail = async (email: string) => {
    const res = await th.hub.app.inject({
      method: 'GET',
      url: '/v1/users?limit=500',
      headers: th.auth,
    });
    return res.json<{ items: User[] }>().items.find((u) => u.email === email);
  };

  it('an admin changes a viewer to sender and disables a person, whose session then ends', async () => {
    const viewer = 'viewer.daklak@example.org';
    const leaving = 'leaving.daklak@example.org';
    await person(viewer, 'viewer');
    const leavingCookie = await person(leaving, 'editor');
    const pending = 'pending.daklak@example.org';
    await invite(pending, 'viewer');

    const { context, page, errors } = await signIn(
      'admin.daklak@example.org',
      th.seed.demoPassword,
    );
    await page.getByTestId('language-switch').click();
    await page.getByRole('option', { name: 'English' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('People');
    const viewerRow = page.getByTestId(`person-${viewer}`);
    await viewerRow.waitFor();
    expect(await page.getByTestId('person-admin.daklak@example.org').textContent()).toContain(
      '(you)',
    );
    expect(await seriousA11yViolations(page), 'people').toEqual([]);

    // Viewer → sender.
    await viewerRow.getByTestId('person-role').click();
    await page.getByRole('option', { name: 'Sender' }).click();
    await expect
      .poll(() => page.getByTestId('people-saved').textContent())
      .toContain('viewer.daklak');
    await expect.poll(async () => (await userByEmail(viewer))?.role).toBe('sender');

    // Disable: the person's session is refused by the API from then on.
    const before = await th.hub.app.inject({
      method: 'GET',
      url: '/v1/session',
      headers: { cookie: leavingCookie },
    });
    expect(before.statusCode).toBe(200);
    const leavingRow = page.getByTestId(`person-${leaving}`);
    await leavingRow.getByTestId('person-toggle').click();
    await expect.poll(() => leavingRow.getByTestId('person-status').textContent()).toBe('Disabled');
    expect(await leavingRow.getByTestId('person-toggle').textContent()).toBe('Enable');
    expect((await userByEmail(leaving))?.disabled).toBe(true);
    const after = await th.hub.app.inject({
      method: 'GET',
      url: '/v1/users',
      headers: { cookie: leavingCookie },
    });
    expect(after.statusCode).toBe(401);

    // The admin may not take away their organisation's last admin: their own role.
    const me = page.getByTestId('person-admin.daklak@example.org');
    await me.getByTestId('person-role').click();
    await page.getByRole('option', { name: 'Viewer', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('error').textContent())
      .toBe(
        'This would leave the organisation without an administrator: make someone else an administrator there first.',
      );
    expect((await userByEmail('admin.daklak@example.org'))?.role).toBe('admin');

    // A pending invitation: sent again (a new link), then revoked.
    const invitation = page.getByTestId(`invitation-${pending}`);
    await invitation.getByRole('button', { name: 'Send again' }).click();
    await expect.poll(() => page.getByText(/New invitation for pending\.daklak/).count()).toBe(1);
    await page.getByTestId(`invitation-${pending}`).getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => page.getByTestId(`invitation-${pending}`).count()).toBe(0);
    const left = await th.hub.app.inject({
      method: 'GET',
      url: '/v1/invitations',
      headers: th.auth,
    });
    expect(left.json<{ items: { email: string }[] }>().items.map((i) => i.email)).not.toContain(
      pending,
    );

    // On a phone the table scrolls inside its card; the page stays clean.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.reload();
    await page.getByTestId(`person-${viewer}`).waitFor();
    expect(await seriousA11yViolations(page), 'people on a phone').toEqual([]);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows a viewer the people read-only', async () => {
    await person('reader.daklak@example.org', 'viewer');
    const { context, page, errors } = await signIn(
      'reader.daklak@example.org',
      'a long enough passphrase',
    );
    await expect.poll(() => page.locator('h1').textContent()).toBe('People');
    await page.getByTestId('person-admin.daklak@example.org').waitFor();
    expect(await page.getByTestId('person-role').count()).toBe(0);
    expect(await page.getByTestId('person-toggle').count()).toBe(0);
    expect(await page.getByTestId('invitations').count()).toBe(0);
    await expect
      .poll(() => page.getByText('Only an administrator can change people.').count())
      .toBe(1);
    expect(await seriousA11yViolations(page), 'people, read-only').toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
