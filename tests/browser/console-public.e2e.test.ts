/**
 * The console's pages before sign-in, in a real browser, served by a test hub: they load
 * under the hub's Content-Security-Policy, switch language (remembered on the device), and
 * pass axe-core with no serious or critical violation.
 */
import type { AddressInfo } from 'node:net';
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

describe.runIf(available)(browserVariant(available, 'console pages before sign-in'), () => {
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;

  beforeAll(async () => {
    th = await startTestHub();
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await th?.close();
  });

  async function open(path: string, locale = 'ru-RU') {
    const context = await browser.browser.newContext({ ...PAGE_DEFAULTS, locale });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${origin}${path}`);
    return { context, page, problems };
  }

  it('sends a signed-out visitor to the sign-in page, in the browser’s language', async () => {
    const { context, page, problems } = await open('/broadcasts');
    await page.waitForURL(/\/sign-in\?redirect=/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Вход');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    // The CSP allowed the page to run: nothing refused, no script error.
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it('switches to Kazakh and remembers it on the device', async () => {
    const { context, page } = await open('/sign-in', 'en-GB');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    await page.getByTestId('language-switch').click();
    await page.getByRole('option', { name: 'Қазақша' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Кіру');
    expect(await page.getAttribute('html', 'lang')).toBe('kk');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Кіру');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });

  it.each([
    ['/reset-password', 'Сброс пароля'],
    ['/reset-password?token=abc', 'Сброс пароля'],
    ['/accept-invitation?token=abc', 'Принять приглашение'],
    ['/accept-invitation', 'Принять приглашение'],
  ])('serves %s with no serious accessibility violation', async (path, title) => {
    const { context, page } = await open(path);
    await expect.poll(() => page.locator('h1').textContent()).toBe(title);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  });
});
