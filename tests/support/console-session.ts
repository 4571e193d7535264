/**
 * What the console's browser tests share: the admin key's requests, people who accepted their
 * invitation, signing in in a fresh browser context, and the console's language switch.
 */
import type { InvitationCreated, User } from '@safenet/sdk';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { PAGE_DEFAULTS, seriousA11yViolations, type TestBrowser } from './browser.js';
import type { TestHub } from './test-hub.js';

/** The password of the people the browser tests invite. */
export const PASSWORD = 'a long enough passphrase';

/** A request with the hub's admin key that must succeed: its JSON answer. */
export async function adminRequest<T>(
  th: TestHub,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: object,
): Promise<T> {
  const res = await th.hub.app.inject({ method, url, headers: th.auth, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json<T>();
}

/** A person of `orgId` with `role` who accepted their invitation, reading English. */
export async function acceptedPerson(
  th: TestHub,
  person: { email: string; orgId: string; role: User['role']; password?: string },
): Promise<void> {
  const { email, orgId, role, password = PASSWORD } = person;
  const invited = await adminRequest<InvitationCreated>(th, 'POST', '/v1/invitations', {
    email,
    orgId,
    role,
    language: 'en',
  });
  const res = await th.hub.app.inject({
    method: 'POST',
    url: '/v1/invitations/accept',
    payload: {
      token: new URL(invited.link).searchParams.get('token'),
      name: email.split('@')[0],
      password,
    },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/**
 * Signs in at `origin` in a new browser context (English unless `locale` says, a laptop's
 * screen) and waits for the signed-in frame; the page's uncaught errors gather in `errors`.
 * `onSignInPage` looks at the sign-in page before the form is filled.
 */
export async function signInConsole(
  browser: TestBrowser,
  origin: string,
  credentials: { email: string; password: string },
  options: {
    acceptDialogs?: boolean;
    acceptDownloads?: boolean;
    locale?: string;
    onSignInPage?: (page: Page) => Promise<void>;
  } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.browser.newContext({
    ...PAGE_DEFAULTS,
    locale: options.locale ?? 'en-GB',
    viewport: { width: 1280, height: 900 },
    ...(options.acceptDownloads ? { acceptDownloads: true } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.acceptDialogs) page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${origin}/sign-in`);
  await options.onSignInPage?.(page);
  await page.locator('input[type=email]').fill(credentials.email);
  await page.locator('input[type=password]').fill(credentials.password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(`${origin}/broadcasts`);
  // The address changes before the landing page's data is in: until the signed-in frame shows,
  // the sign-in page (with its own language switch) is still the one on screen.
  await page.getByTestId('stream-state').waitFor();
  return { context, page, errors };
}

/** Switches the console to English (the demo people read Russian, Kazakh or Vietnamese). */
export async function switchToEnglish(page: Page): Promise<void> {
  await page.getByTestId('language-switch').click();
  await page.getByRole('option', { name: 'English' }).click();
  await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
}

/** axe-core finds no serious violation on the page (`where` names it in the failure). */
export async function noA11yViolations(page: Page, where: string): Promise<void> {
  expect(await seriousA11yViolations(page), where).toEqual([]);
}
