/**
 * The console's contacts in a real browser: a sender searches for a parent by a phone number
 * typed with spaces (the hub searches, not the page), narrows by language, opens the link of
 * the filtered list again (the filters are the URL's), opens the contact, records a
 * withdrawal of consent and sees the line appear at the top of the contact's consent history,
 * naming them. axe-core checks each page, at desktop and phone widths.
 */
import type { AddressInfo } from 'node:net';
import type { Contact } from '@safenet/sdk';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  seriousA11yViolations,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import { signInConsole, switchToEnglish } from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

describe.runIf(available)(browserVariant(available, 'the console’s contacts'), () => {
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;
  let sender: { email: string; orgId: string };

  /** Creates a contact in the sender's organisation with the admin key. */
  async function contact(language: string, phone: string): Promise<Contact> {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: th.auth,
      payload: {
        orgId: sender.orgId,
        role: 'parent',
        language,
        addresses: { phone, whatsapp: phone },
        consents: {
          whatsapp: {
            status: 'granted',
            source: 'parent meeting form',
            at: '2017-04-03T10:00:00Z',
          },
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Contact>();
  }

  beforeAll(async () => {
    th = await startTestHub({});
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    const found = th.seed.users.find((u) => u.role === 'sender');
    if (!found) throw new Error('the demo seed has no sender');
    sender = found;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await th?.close();
  });

  async function noSeriousViolations(page: Page, where: string) {
    expect(await seriousA11yViolations(page), where).toEqual([]);
  }

  it('searches by phone, filters by language, and records a consent change in the history', async () => {
    // Two parents whose numbers begin alike (the demo's begin +7701/+7702), in two languages.
    const kazakh = await contact('kk', '+7 707 123 45 67');
    await contact('ru', '+7 707 123 45 68');

    const { context, page, errors } = await signInConsole(browser, origin, {
      email: sender.email,
      password: th.seed.demoPassword,
    });
    // The demo sender reads Russian: this walk is in English.
    await switchToEnglish(page);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Broadcasts');

    await page.getByRole('link', { name: 'Contacts' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Contacts');
    const rows = page.locator('main table tbody tr');
    await rows.first().waitFor();

    // The number as people type it, with spaces: the hub finds both numbers it begins.
    await page.getByRole('searchbox', { name: 'Search' }).fill('+7 707 123 45');
    await page.waitForURL(/[?&]q=/);
    await expect.poll(() => rows.count()).toBe(2);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Showing 2.');

    await page.getByRole('main').getByRole('combobox', { name: 'Language' }).click();
    await page.getByRole('option', { name: 'Kazakh' }).click();
    await page.waitForURL(/[?&]language=kk/);
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain('+77071234567');
    await noSeriousViolations(page, 'contacts, filtered');

    // The filtered list is a link: opened afresh, it shows the same.
    const link = page.url();
    await page.goto(link);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe(
      '+7 707 123 45',
    );

    await rows.first().getByRole('link').click();
    await page.waitForURL(`${origin}/contacts/${kazakh.id}`);
    const history = page.getByRole('region', { name: 'Consent history' });
    const lines = history.locator('tbody tr');
    await expect.poll(() => lines.count()).toBe(1);
    expect(await lines.first().textContent()).toContain('parent meeting form');
    expect(await lines.first().textContent()).toContain('API key');

    // Record a withdrawal on WhatsApp: the history gains a line, on top, naming the sender.
    await page.getByLabel('Source of the change').fill('phone call with the parent');
    await page
      .getByRole('region', { name: 'Consent per channel' })
      .getByRole('row', { name: /WhatsApp/ })
      .getByRole('button', { name: 'Record withdrawal' })
      .click();
    await expect.poll(() => lines.count()).toBe(2);
    const newest = (await lines.first().textContent()) ?? '';
    expect(newest).toContain('WhatsApp');
    expect(newest).toContain('Withdrawn');
    expect(newest).toContain('phone call with the parent');
    // The person's name comes from a read of its own, after the line itself.
    await expect
      .poll(async () => (await lines.first().textContent()) ?? '')
      .toContain('Almaty department sender (demo) (Person)');
    await noSeriousViolations(page, 'contact with its history');

    // The hub holds it too.
    const stored = await th.hub.app.inject({
      method: 'GET',
      url: `/v1/contacts/${kazakh.id}/consent-history?channel=whatsapp`,
      headers: th.auth,
    });
    expect(stored.json<{ items: { status: string }[] }>().items.map((e) => e.status)).toEqual([
      'revoked',
      'granted',
    ]);

    // On a phone: both pages still pass, the history scrolls inside its card.
    await page.setViewportSize({ width: 375, height: 740 });
    await noSeriousViolations(page, 'contact on a phone');
    await page.goto(link);
    await expect.poll(() => rows.count()).toBe(1);
    await noSeriousViolations(page, 'contacts on a phone');
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);

    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
