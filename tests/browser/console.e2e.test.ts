/**
 * The console end to end in a real browser (Debian's Chromium through playwright-core), on a
 * test hub with the demo tenant and a local SMTP server: a sender signs in, switches to
 * Kazakh, builds a segment, composes and sends a broadcast over email, watches its progress
 * reach completed live and opens one delivery; a viewer cannot send (no button, and the API
 * refuses). axe-core checks every page on the way: no serious or critical violation.
 */
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  PAGE_DEFAULTS,
  seriousA11yViolations,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import { signInConsole } from '../support/console-session.js';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();
// A real browser and axe-core on a 2-core machine shared with the rest of the suite: the walk
// takes ~30 s alone, and the two long tests get three minutes.

describe.runIf(available)(browserVariant(available, 'the console in a browser'), () => {
  let smtp: SmtpTestServer;
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    th = await startTestHub({ env: { SAFENET_SMTP_URL: smtp.url } });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await th?.close();
    await smtp?.close();
  });

  function userWith(role: 'sender' | 'viewer' | 'admin') {
    const user = th.seed.users.find((u) => u.role === role);
    if (!user) throw new Error(`the demo seed has no ${role}`);
    return user;
  }

  /** A fresh browser session (its own cookies) signed in as the demo person with `role`. */
  async function signIn(role: 'sender' | 'viewer' | 'admin', locale = 'ru-RU') {
    return signInConsole(
      browser,
      origin,
      { email: userWith(role).email, password: th.seed.demoPassword },
      { locale, onSignInPage: (page) => noSeriousViolations(page, 'sign-in') },
    );
  }

  async function noSeriousViolations(page: Page, where: string) {
    expect(await seriousA11yViolations(page), where).toEqual([]);
  }

  it('refuses a wrong password with its message', async () => {
    const context = await browser.browser.newContext({ ...PAGE_DEFAULTS, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in`);
    await page.locator('input[type=email]').fill(userWith('sender').email);
    await page.locator('input[type=password]').fill('not the demo password');
    await page.locator('button[type=submit]').click();
    await expect
      .poll(() => page.getByTestId('error').textContent())
      .toBe('Wrong email or password.');
    await noSeriousViolations(page, 'sign-in with an error');
    await context.close();
  });

  it('walks a sender from sign-in to a delivery of a broadcast sent over email', async () => {
    const { context, page, errors } = await signIn('sender');

    // Switch to Kazakh: remembered for the person by the hub.
    await page.getByTestId('language-switch').click();
    await page.getByRole('option', { name: 'Қазақша' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Таратулар');
    expect(await page.getAttribute('html', 'lang')).toBe('kk');
    await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('Тікелей');
    await noSeriousViolations(page, 'broadcasts');

    // Build a segment: Russian-speaking parents reachable by email, counted live.
    await page.getByRole('link', { name: 'Сегменттер' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Сегменттер');
    const count = page.getByTestId('segment-count');
    await expect.poll(() => count.textContent()).toMatch(/Сәйкес байланыстар: \d/);
    const everyone = await count.textContent();
    await page.getByTestId('segment-roles').getByText('Ата-аналар').click();
    await page.getByTestId('segment-languages').getByText('Орыс тілі').click();
    await page.getByTestId('segment-channels').getByText('Эл. пошта').click();
    await expect.poll(() => count.textContent()).not.toBe(everyone);
    const matched = Number(
      (await count.textContent())?.match(/: ([\d\s\u00a0]+)/)?.[1]?.replace(/\D/g, ''),
    );
    expect(matched).toBeGreaterThan(0);
    const segmentName = 'Орыс тілді ата-аналар, эл. пошта (e2e)';
    await page.getByRole('textbox', { name: 'Атауы' }).fill(segmentName);
    await noSeriousViolations(page, 'segments');
    await page.getByRole('button', { name: 'Сегментті сақтау' }).click();
    await expect.poll(() => page.getByRole('cell', { name: segmentName }).count()).toBe(1);

    // Compose: text of its own in Kazakh and Russian, the segment, email; preview, send.
    await page.getByRole('link', { name: 'Таратулар' }).click();
    await page.getByTestId('new-broadcast').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Жаңа тарату');
    await page.getByText('Өз мәтініңіз').click();
    await page
      .getByRole('textbox', { name: 'Мәтін: Қазақ тілі' })
      .fill('Балаңызбен желіде не көретіні туралы сөйлесіңіз. Сенім телефоны: 111.');
    await page.getByRole('tab', { name: 'Орыс тілі' }).click();
    await page
      .getByRole('textbox', { name: 'Мәтін: Орыс тілі' })
      .fill('Поговорите с ребёнком о том, что он видит в сети. Телефон доверия: 111.');
    await page.getByTestId('composer-segment').click();
    await page.getByRole('option', { name: segmentName }).click();
    await page.getByTestId('composer-channels').getByText('Эл. пошта').click();
    const preview = page.getByTestId('preview-recipients');
    await expect
      .poll(() => preview.textContent(), { timeout: 15_000 })
      .toBe(`Алушылар: ${matched}`);
    await noSeriousViolations(page, 'composer with preview');
    await page.getByTestId('send-broadcast').click();

    // Progress: the status reaches completed on the open page (from the stream).
    await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
    const status = page.getByTestId('broadcast-status');
    await expect
      .poll(() => status.getAttribute('data-status'), { timeout: 45_000 })
      .toBe('completed');
    expect(await status.textContent()).toBe('Аяқталды');
    const mails = await smtp.waitFor(matched, 30_000);
    expect(mails).toHaveLength(matched);
    await expect
      .poll(() => page.getByTestId('count-sent').textContent())
      .toBe(`Жіберілді: ${matched}`);
    await noSeriousViolations(page, 'broadcast progress');

    // One delivery.
    await page.getByTestId('deliveries').getByRole('link').first().click();
    await page.waitForURL(/\/deliveries\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('delivery-status').textContent()).toBe('Жіберілді');
    // Its history, loaded by the delivery's id: planned, sending, sent.
    const moves = page.getByTestId('delivery-history').locator('.mantine-Timeline-item');
    await expect.poll(() => moves.count()).toBe(3);
    expect(await moves.first().textContent()).toContain('Жоспарланды: Эл. пошта');
    expect(await moves.last().textContent()).toContain('Жіберілуде → Жіберілді');
    await noSeriousViolations(page, 'delivery');

    // Recommendations: the four languages side by side (none may be in this subtree).
    await page.getByRole('link', { name: 'Ұсынымдар' }).click();
    await page.locator('main article, main p').first().waitFor();
    await noSeriousViolations(page, 'recommendations');

    expect(errors).toEqual([]);
    await context.close();

    // The language was remembered for the person: a new session opens in Kazakh.
    const again = await signIn('sender', 'en-GB');
    await expect.poll(() => again.page.locator('h1').textContent()).toBe('Таратулар');
    await again.context.close();
  }, 180_000);

  it('shows a viewer no way to send, and the API refuses them', async () => {
    const { context, page } = await signIn('viewer', 'en-GB');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Broadcasts');
    expect(await page.getByTestId('new-broadcast').count()).toBe(0);
    await page.goto(`${origin}/broadcasts/new`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('New broadcast');
    expect(await page.getByTestId('send-broadcast').count()).toBe(0);
    // The same session asks the API directly, CSRF token and all.
    const answer = await page.evaluate(async (segmentId) => {
      const session = await (await fetch('/v1/session')).json();
      const res = await fetch('/v1/broadcasts', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({
          orgId: session.user.orgId,
          segmentId,
          channels: ['email'],
          content: { body: { en: 'Not sent' } },
        }),
      });
      return { status: res.status, code: (await res.json()).code };
    }, th.seed.segmentIds.allParents);
    expect(answer).toEqual({ status: 403, code: 'insufficient_scope' });
    await context.close();
  });

  it('passes axe on every other page, as an admin', async () => {
    const { context, page, errors } = await signIn('admin', 'vi-VN');
    // Each page with its data on it (axe checks what is rendered).
    for (const [path, title, ready] of [
      ['/segments', 'Nhóm người nhận', 'text=/Số liên hệ phù hợp: \\d/'],
      ['/recommendations', 'Khuyến nghị', 'main article, main p'],
      ['/contacts', 'Danh bạ', 'tbody a'],
      ['/organisations', 'Tổ chức', '#api-keys'],
      ['/channels', 'Kênh', 'main section'],
      ['/alerts', 'Cảnh báo', 'main p'],
    ] as const) {
      await page.goto(`${origin}${path}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe(title);
      await page.locator(ready).first().waitFor();
      await noSeriousViolations(page, path);
    }
    await page.goto(`${origin}/contacts`);
    await page.locator('tbody a').first().click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByText('Sự đồng ý theo kênh').count()).toBe(1);
    await noSeriousViolations(page, 'contact');
    // On a phone: the navigation hides behind the burger.
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${origin}/broadcasts`);
    // Exact: "Nhóm và kênh Telegram" holds the word too.
    const channels = page.getByRole('link', { name: 'Kênh', exact: true });
    const onScreen = () => channels.evaluate((e) => e.getBoundingClientRect().right > 0);
    await expect.poll(onScreen).toBe(false);
    await page.getByRole('button', { name: 'Trình đơn' }).click();
    await expect.poll(onScreen).toBe(true);
    await channels.click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Kênh');
    await expect.poll(onScreen).toBe(false); // the menu closes on navigation
    await noSeriousViolations(page, 'phone menu');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
