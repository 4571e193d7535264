#!/usr/bin/env node
/**
 * Screenshots of the console's main pages in Russian, Kazakh and Vietnamese for
 * docs/guides/console.md, taken from a running demo hub (`npm start`) with Debian's Chromium:
 *
 *   node tools/console-screenshots.mjs [--url http://127.0.0.1:3000] [--data-dir .safenet]
 *
 * It signs in as the demo people (their password is in the data directory's demo.json),
 * builds a segment, sends a small broadcast (captured in the outbox when no provider is
 * configured) and writes docs/images/console/<page>.<language>.png. Run it on a fresh demo:
 * it changes the demo people's language and adds segments and broadcasts. Between 21:00 and
 * 08:00 in Almaty the hub's default quiet hours hold the broadcast until morning: start that
 * hub with SAFENET_QUIET_HOURS=off (the Organisations shots then show "none" as the default).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    'data-dir': { type: 'string', default: '.safenet' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const origin = values.url.replace(/\/+$/, '');
const demo = JSON.parse(readFileSync(join(values['data-dir'], 'demo.json'), 'utf8'));
const person = (role) => demo.users.find((u) => u.role === role);
const out = new URL('../docs/images/console/', import.meta.url);
mkdirSync(out, { recursive: true });

/** What each language calls the controls the script uses. */
const WORDS = {
  ru: {
    language: 'Русский',
    parents: 'Родители',
    email: 'Эл. почта',
    ownText: 'Свой текст',
    segment: 'Родители, эл. почта',
    russian: 'Русский',
  },
  kk: {
    language: 'Қазақша',
    parents: 'Ата-аналар',
    email: 'Эл. пошта',
    ownText: 'Өз мәтініңіз',
    segment: 'Ата-аналар, эл. пошта',
    russian: 'Орыс тілі',
  },
  vi: {
    language: 'Tiếng Việt',
    parents: 'Cha mẹ',
    email: 'Email',
    ownText: 'Văn bản riêng',
    segment: 'Cha mẹ, email',
    russian: 'Tiếng Nga',
  },
};
const TEXT = {
  ru: 'Поговорите с ребёнком о том, что он видит в сети. Телефон доверия: 111.',
  kk: 'Балаңызбен желіде не көретіні туралы сөйлесіңіз. Сенім телефоны: 111.',
  vi: 'Hãy trò chuyện với con về những gì con xem trên mạng. Đường dây nóng: 111.',
};

const browser = await chromium.launch({
  executablePath: values.chromium,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  for (const language of ['ru', 'kk', 'vi']) {
    const words = WORDS[language];
    const shot = async (page, name, options = {}) => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: new URL(`${name}.${language}.png`, out).pathname, ...options });
    };

    const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in`);
    await pickLanguage(page, words.language);
    await page.locator('input[type=email]').fill(person('sender').email);
    await page.locator('input[type=password]').fill(demo.demoPassword);
    await shot(page, 'sign-in');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${origin}/broadcasts`);
    await pickLanguage(page, words.language);

    await page.goto(`${origin}/segments`);
    await page.getByTestId('segment-roles').getByText(words.parents, { exact: true }).click();
    await page.getByTestId('segment-languages').locator('label').first().click();
    await page.getByTestId('segment-channels').getByText(words.email, { exact: true }).click();
    await page.locator('input[required]').last().fill(words.segment);
    await page.waitForTimeout(800); // the live count is debounced
    await shot(page, 'segments');
    await page.locator('form button[type=submit]').click();

    await page.goto(`${origin}/broadcasts/new`);
    await page.getByText(words.ownText, { exact: true }).click();
    await page.locator('textarea:visible').first().fill(TEXT[language]);
    if (language !== 'ru') {
      // The region's parents read Kazakh or Russian: Russian is their fallback language.
      await page.getByRole('tab', { name: words.russian, exact: true }).click();
      await page.locator('textarea:visible').first().fill(TEXT.ru);
    }
    await page.getByTestId('composer-segment').click();
    await page.getByRole('option', { name: words.segment, exact: true }).click();
    await page.getByTestId('composer-channels').getByText(words.email, { exact: true }).click();
    await page.getByTestId('preview').waitFor();
    await shot(page, 'composer');
    await page.getByTestId('send-broadcast').click();
    await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
    await page.locator('[data-status="completed"]').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    await shot(page, 'progress');

    await page.goto(`${origin}/contacts`);
    await page.locator('a[href^="/contacts/"]').first().waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'contacts');
    await page.locator('a[href^="/contacts/"]').first().click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await shot(page, 'contact', { fullPage: true });
    await context.close();

    // The ministry's campaigns: the list and the demo's "Safe Internet".
    const editor = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const editorPage = await editor.newPage();
    await editorPage.goto(`${origin}/sign-in`);
    await editorPage.locator('input[type=email]').fill(person('editor').email);
    await editorPage.locator('input[type=password]').fill(demo.demoPassword);
    await editorPage.locator('button[type=submit]').click();
    await editorPage.waitForURL(`${origin}/broadcasts`);
    await pickLanguage(editorPage, words.language);
    await editorPage.goto(`${origin}/campaigns`);
    await editorPage.locator('a[href^="/campaigns/"]').first().waitFor();
    await editorPage.waitForTimeout(500);
    await shot(editorPage, 'campaigns');
    await editorPage.locator('tbody a[href^="/campaigns/"]').first().click();
    await editorPage.getByTestId('campaign-timeline').waitFor();
    await editorPage.waitForTimeout(500);
    await shot(editorPage, 'campaign', { fullPage: true });
    await editor.close();

    const admin = await browser.newContext({ viewport: { width: 1280, height: 700 } });
    const adminPage = await admin.newPage();
    await adminPage.goto(`${origin}/sign-in`);
    await adminPage.locator('input[type=email]').fill(person('admin').email);
    await adminPage.locator('input[type=password]').fill(demo.demoPassword);
    await adminPage.locator('button[type=submit]').click();
    await adminPage.waitForURL(`${origin}/broadcasts`);
    await pickLanguage(adminPage, words.language);
    await adminPage.goto(`${origin}/organisations`);
    await adminPage.getByTestId('language-switch').waitFor();
    await adminPage.waitForTimeout(800);
    await shot(adminPage, 'organisations');
    await adminPage.goto(`${origin}/people`);
    await adminPage.waitForLoadState('networkidle');
    await adminPage.waitForTimeout(500);
    await shot(adminPage, 'people');
    await admin.close();
    console.log(`${language}: 10 screenshots`);
  }
} catch (error) {
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      await page.screenshot({ path: '/tmp/console-screenshots-failure.png' }).catch(() => {});
      console.error('failed on', page.url());
    }
  }
  throw error;
} finally {
  await browser.close();
}

async function pickLanguage(page, name) {
  await page.locator('h1').waitFor();
  await page.waitForLoadState('networkidle');
  await page.getByTestId('language-switch').click();
  await page.getByRole('option', { name }).click();
  await page.waitForTimeout(300);
}
