/**
 * A contact's Telegram link in the console, in a real browser (issue 17): a sender opens a
 * parent's page, sees them not on Telegram, makes a link and sees its QR code (an image that
 * loads under the console's CSP), its URL to copy and its expiry. The parent opens the link —
 * `/start <token>` posted to the hub's webhook through the Bot API stand-in — and after a
 * reload the page shows their chat and their consent, given by the deep link. axe-core
 * checks the card before and after.
 */
import type { AddressInfo } from 'node:net';
import { startTelegramBotApi, type TelegramBotApi } from '@safenet/hub/testing';
import type { Contact } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import {
  adminRequest,
  noA11yViolations,
  signInConsole,
  switchToEnglish,
} from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();
const TOKEN = '7000000001:AAH-console-token-of-the-school-bot-4567';
const SECRET = 'console-telegram-webhook-secret-0123456789';
const CHAT = 772_000_001;

describe.runIf(available)(browserVariant(available, 'a contact’s Telegram link'), () => {
  let api: TelegramBotApi;
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;

  beforeAll(async () => {
    api = await startTelegramBotApi(TOKEN);
    th = await startTestHub({
      env: {
        SAFENET_TELEGRAM_BOT_TOKEN: TOKEN,
        SAFENET_TELEGRAM_WEBHOOK_SECRET: SECRET,
        SAFENET_TELEGRAM_API_ROOT: api.apiRoot,
        SAFENET_TELEGRAM_BOT_USERNAME: 'SafenetSchool_bot',
      },
    });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await th?.close();
    await api?.close();
  });

  it('makes a link with its QR code; once opened, the contact shows linked with consent', async () => {
    const sender = th.seed.users.find((u) => u.role === 'sender');
    if (!sender) throw new Error('the demo seed has no sender');
    const parent = await adminRequest<Contact>(th, 'POST', '/v1/contacts', {
      orgId: sender.orgId,
      role: 'parent',
      language: 'kk',
      addresses: { phone: '+77015550177' },
    });

    const { context, page, errors } = await signInConsole(browser, origin, {
      email: sender.email,
      password: th.seed.demoPassword,
    });
    await switchToEnglish(page);
    await page.goto(`${origin}/contacts/${parent.id}`);
    const card = page.getByRole('region', { name: 'Telegram', exact: true });
    await expect
      .poll(() => card.getByTestId('telegram-chat').textContent())
      .toBe('Not linked: the contact has not opened a link yet');

    await card.getByRole('button', { name: 'Telegram link' }).click();
    const made = card.getByTestId('telegram-link');
    const qr = made.getByRole('img', { name: 'QR code of the Telegram link' });
    await qr.waitFor();
    // The SVG drew: an image the CSP let load, not a broken one.
    await expect
      .poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    const url = (await made.locator('code').textContent()) ?? '';
    expect(url).toMatch(/^https:\/\/t\.me\/SafenetSchool_bot\?start=\S+$/);
    expect(await made.getByRole('button', { name: 'Copy' }).isVisible()).toBe(true);
    const title = (await made.getByRole('status').textContent()) ?? '';
    expect(title).toContain('A link for this contact, valid until');
    // The expiry is written for a reader (the console's date format), not as the ISO string.
    expect(title).not.toMatch(/\d{4}-\d\d-\d\dT/);
    expect(await made.textContent()).toContain('Print the QR code on a letter to this person');
    await noA11yViolations(page, 'the contact with a Telegram link made');

    // The parent opens the link in Telegram and presses Start.
    const token = new URL(url).searchParams.get('start') ?? '';
    const opened = await api.update(
      `${origin}/v1/telegram/webhook`,
      SECRET,
      { id: CHAT, firstName: 'Parent', languageCode: 'kk' },
      { text: `/start ${token}` },
    );
    expect(opened.status, opened.body).toBe(200);

    await page.reload();
    await expect.poll(() => card.getByTestId('telegram-chat').textContent()).toBe(String(CHAT));
    const consent = (await card.getByTestId('telegram-consent').textContent()) ?? '';
    expect(consent).toMatch(/^Granted: telegram deep link, /);
    // The consent table says the same on its Telegram row.
    expect(
      await page
        .getByRole('region', { name: 'Consent per channel' })
        .getByRole('row', { name: /Telegram/ })
        .textContent(),
    ).toContain('Granted');
    await noA11yViolations(page, 'the contact linked on Telegram');

    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);
});
