/**
 * Content governance in the console, in a real browser (issue 15, "Console"):
 *
 * - the hotline directory: Đắk Lắk's admin sees the province's own line and the national 111
 *   (kept by the ministry, so not theirs to change), in Vietnamese; adds a line — a bad number
 *   is refused in words at its field and nothing is written — edits it and deletes it;
 * - cost: Almaty's sender previews an SMS broadcast to a school's parents, priced exactly from
 *   the hub's decimal strings ("US$0.435", never a rounded float) with the Russian number the
 *   price table has no price for said plainly; sends it through the real twilio library to the
 *   local Twilio server, and the broadcast's page shows the estimate beside the price Twilio
 *   put on each message;
 * - language coverage: the ministry's editor picks a segment on a memo written in English and
 *   Russian and sees who reads it in their own language and who falls back (to what).
 *
 * One hub, one browser; axe-core checks every page on the way.
 */
import type {
  Broadcast,
  Hotline,
  Page as ListPage,
  Recommendation,
  RecommendationCoverage,
} from '@safenet/sdk';
import type { Page } from 'playwright-core';
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
import { freePort } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from '../support/twilio-server.js';

const available = shouldTestBrowser();

/** From the seed's Kazakh document: 118 UCS-2 units, two segments. */
const KAZAKH =
  'Негативті интернет-контентті анықтау мақсатында «БАЛАЛАРДЫ БІРГЕ ҚОРҒАЙЫҚ» телеграмм-чаты ашылды. Сенім телефоны: 111.';
const KZ_SEGMENT = '0.0725';
const RU_SEGMENT = '0.05';
const SEGMENT_NAME = 'Talgar costs school parents';
const consent = { status: 'granted', source: 'test', at: '2017-04-03T10:00:00+06:00' } as const;

describe.runIf(available)(browserVariant(available, 'content governance in the console'), () => {
  let twilio: TwilioTestServer;
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;

  const person = (email: string) => {
    const user = th.seed.users.find((u) => u.email === email);
    if (!user) throw new Error(`the demo seed has no ${email}`);
    return { email: user.email, password: th.seed.demoPassword };
  };

  beforeAll(async () => {
    twilio = await startTwilioServer({
      segmentPrice: (to) => (to.startsWith('+77') ? KZ_SEGMENT : RU_SEGMENT),
    });
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    th = await startTestHub({
      sendEmail: async () => undefined,
      env: {
        SAFENET_PUBLIC_URL: origin,
        // The content's own segments: the opt-out link is counted in signposting.e2e.
        SAFENET_SMS_OPT_OUT_LINK: 'false',
        // Kazakhstan's SMS priced; a Russian number has no price (no `*`).
        SAFENET_PRICES: JSON.stringify({ currency: 'USD', sms: { KZ: KZ_SEGMENT } }),
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();

    // A school of the Almaty region (no hotline serves it: no footer) with three Kazakh
    // numbers and one Russian one, all Kazakh readers reachable by SMS.
    const [almaty] = th.seed.provinceIds;
    const school = await adminRequest<{ id: string }>(th, 'POST', '/v1/organisations', {
      parentId: almaty,
      kind: 'school',
      name: 'Talgar costs school',
    });
    for (const [i, phone] of [
      '+77011120001',
      '+77011120002',
      '+77011120003',
      '+79161234567',
    ].entries()) {
      await adminRequest(th, 'POST', '/v1/contacts', {
        orgId: school.id,
        role: 'parent',
        language: 'kk',
        externalRef: `costs-${i}`,
        addresses: { phone },
        consents: { sms: consent },
      });
    }
    await adminRequest(th, 'POST', '/v1/segments', {
      orgId: almaty,
      name: SEGMENT_NAME,
      query: { underOrgIds: [school.id] },
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await th?.close();
    await twilio?.close();
  });

  /** The numbers of the lines the hub shows Đắk Lắk's admin, as stored. */
  const storedLines = async () =>
    (await adminRequest<ListPage<Hotline>>(th, 'GET', '/v1/hotlines?limit=100')).items;

  const cardOf = (page: Page, number: string) =>
    page.locator(`[data-testid=hotline][data-number="${number}"]`);

  it('lists the lines serving Đắk Lắk; its admin adds one (a bad number refused at its field), edits and deletes it', async () => {
    const { context, page, errors } = await signInConsole(
      browser,
      origin,
      person('admin.daklak@example.org'),
      { acceptDialogs: true },
    );
    // The admin reads Vietnamese: the directory, its purposes in words.
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('link', { name: 'Đường dây nóng', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Đường dây nóng');
    const cards = page.getByTestId('hotline');
    await expect
      .poll(() => cards.evaluateAll((all) => all.map((c) => c.dataset.number)))
      .toEqual(['111', '02623.951.567']);
    expect(await cardOf(page, '111').getByTestId('hotline-purposes').textContent()).toBe(
      'Bảo vệ trẻ em',
    );
    expect(await cardOf(page, '111').getByTestId('hotline-name').textContent()).toBe(
      'Tổng đài Quốc gia bảo vệ trẻ em',
    );
    await noA11yViolations(page, 'hotlines in Vietnamese');

    await switchToEnglish(page);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Hotlines');
    const own = cardOf(page, '02623.951.567');
    expect(await own.getByTestId('hotline-name').textContent()).toBe('Đắk Lắk provincial hotline');
    expect(await own.getByTestId('hotline-number').getAttribute('href')).toBe('tel:+842623951567');
    expect(await own.getByTestId('hotline-e164').textContent()).toBe(
      'International: +842623951567',
    );
    expect(await own.getByTestId('hotline-languages').textContent()).toBe('Answers in: Vietnamese');
    expect(await own.getByTestId('hotline-hours').textContent()).toBe('Hours not given');
    expect(await own.getByTestId('hotline-serves').textContent()).toBe(
      'Serves: Đắk Lắk Department of Education and Training and the organisations beneath',
    );
    // The national line is the ministry's: shown, not the province's to change.
    const national = cardOf(page, '111');
    expect(await national.getByTestId('hotline-keeper').textContent()).toBe(
      'Kept by: an organisation above yours',
    );
    expect(await national.getByTestId('hotline-edit').count()).toBe(0);
    expect(await national.getByTestId('hotline-delete').count()).toBe(0);
    expect(await own.getByTestId('hotline-edit').count()).toBe(1);

    // A new line: the number as typed is not a local number. The hub refuses it, the page
    // says so at the field, nothing is written.
    await page.getByTestId('new-hotline').click();
    const form = page.getByTestId('hotline-form');
    await form.getByTestId('hotline-number').fill('0262 abc');
    await form.getByTestId('hotline-e164').fill('+84 262 3855 123');
    await form.getByTestId('hotline-name-vi').fill('Tư vấn tâm lý học đường Đắk Lắk');
    await form.getByTestId('hotline-name-en').fill('Đắk Lắk school counselling line');
    await form
      .getByTestId('hotline-purposes')
      .getByText('Psychological help for children and parents')
      .click();
    await form.getByTestId('hotline-languages').getByText('Vietnamese').click();
    await form.getByTestId('hotline-hours').fill('7:30–17:00');
    await form.getByTestId('hotline-save').click();
    await expect
      .poll(() => form.getByTestId('error').textContent())
      .toBe('A hotline number is not right: see the marked field.');
    const numberField = form.getByTestId('hotline-number');
    expect(await numberField.getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByTestId('hotline-e164').getAttribute('aria-invalid')).not.toBe('true');
    expect(await form.textContent()).toContain(
      'Not a number as dialled locally: 2–20 characters, digits with single dots, dashes or spaces between them (111, 02623.951.567).',
    );
    expect(await storedLines()).toHaveLength(2);
    await noA11yViolations(page, 'hotline form with a refused number');

    await numberField.fill('0262.3855.123');
    await form.getByTestId('hotline-save').click();
    await expect.poll(() => cards.count()).toBe(3);
    const added = (await storedLines()).find((l) => l.number === '0262.3855.123');
    expect(added).toMatchObject({
      orgId: th.seed.provinceIds[1],
      e164: '+842623855123',
      name: { vi: 'Tư vấn tâm lý học đường Đắk Lắk', en: 'Đắk Lắk school counselling line' },
      purposes: ['psychological_help'],
      languages: ['vi'],
      hours: '7:30–17:00',
      serves: [th.seed.provinceIds[1]],
    });
    const line = cardOf(page, '0262.3855.123');
    expect(await line.getByTestId('hotline-hours').textContent()).toBe('Hours: 7:30–17:00');

    // The filters ask the hub: one line of that purpose, none in Kazakh.
    const pick = async (testId: string, option: string) => {
      await page.getByTestId(testId).click();
      await page.getByRole('option', { name: option, exact: true }).click();
    };
    await pick('hotline-filter-purpose', 'Psychological help for children and parents');
    await expect
      .poll(() => cards.evaluateAll((all) => all.map((c) => c.dataset.number)))
      .toEqual(['0262.3855.123']);
    await pick('hotline-filter-language', 'Kazakh');
    await page.getByTestId('hotlines-empty').waitFor();
    expect(await page.getByTestId('hotlines-empty').textContent()).toBe(
      'No hotline matches these filters.',
    );
    await page.reload();
    await expect.poll(() => cards.count()).toBe(3);

    // Edit: the hours removed, English added.
    await line.getByTestId('hotline-edit').click();
    const edit = page.getByTestId('hotline-form');
    await edit.getByTestId('hotline-hours').fill('');
    await edit.getByTestId('hotline-languages').getByText('English').click();
    await noA11yViolations(page, 'hotline being edited');
    await edit.getByTestId('hotline-save').click();
    await expect
      .poll(() => line.getByTestId('hotline-hours').textContent())
      .toBe('Hours not given');
    expect(await line.getByTestId('hotline-languages').textContent()).toBe(
      'Answers in: Vietnamese, English',
    );
    expect((await storedLines()).find((l) => l.id === added?.id)).toMatchObject({
      hours: null,
      languages: ['vi', 'en'],
      e164: '+842623855123',
    });

    // Delete (the confirmation accepted): gone here and from the hub.
    await line.getByTestId('hotline-delete').click();
    await expect.poll(() => cards.count()).toBe(2);
    expect((await storedLines()).map((l) => l.number)).toEqual(['111', '02623.951.567']);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('prices the preview exactly, says what has no price, and shows the estimate beside what Twilio charged', async () => {
    const { context, page, errors } = await signInConsole(
      browser,
      origin,
      person('sender.almaty@example.org'),
    );
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('kk');
    await switchToEnglish(page);
    await page.goto(`${origin}/broadcasts/new`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('New broadcast');
    await page.getByText('Own text').click();
    await page.getByRole('tab', { name: 'Kazakh' }).click();
    await page.getByRole('textbox', { name: 'Text in Kazakh' }).fill(KAZAKH);
    await page.getByTestId('composer-segment').click();
    await page.getByRole('option', { name: SEGMENT_NAME }).click();
    await page.getByTestId('composer-channels').getByText('SMS').click();
    await expect
      .poll(() => page.getByTestId('preview-recipients').textContent())
      .toBe('Recipients: 4');
    expect(await page.getByTestId('preview-sms').textContent()).toContain('SMS parts billed: 8.');
    // Three Kazakh numbers × 2 parts × 0.0725 = 0.435: every digit, not "US$0.44". The
    // Russian number has no price: said, not counted, and the total is a lower bound.
    const cost = page.getByTestId('preview-cost');
    await expect
      .poll(() => cost.locator('[data-channel=sms]').getByTestId('cost-amount').textContent())
      .toBe('US$0.435');
    expect(await cost.getByTestId('cost-unpriced').allTextContents()).toEqual([
      'No price for Russia (recipients: 1): not counted',
    ]);
    expect(await cost.getByTestId('cost-total').textContent()).toBe('at least US$0.435');
    await noA11yViolations(page, 'composer with its cost');

    await page.getByTestId('send-broadcast').click();
    await page.waitForURL(/\/broadcasts\/[0-9a-f-]{36}$/);
    const broadcastId = page.url().split('/').pop() as string;
    await expect
      .poll(() => page.getByTestId('broadcast-status').getAttribute('data-status'), {
        timeout: 60_000,
      })
      .toBe('completed');
    // The estimate recorded when it was created, beside the prices Twilio put on the four
    // messages once delivered (two parts each: 3 × 0.145 + 0.10), read through the queue.
    const card = page.getByTestId('broadcast-cost');
    const sms = card.locator('[data-channel=sms]');
    expect(await sms.getByTestId('cost-amount').textContent()).toBe('US$0.435');
    expect(await sms.getByTestId('cost-unpriced').textContent()).toBe(
      'No price for Russia (recipients: 1): not counted',
    );
    await expect
      .poll(() => sms.getByTestId('cost-actual').textContent(), { timeout: 60_000 })
      .toBe('US$0.535 (messages priced: 4)');
    expect(await card.getByTestId('cost-total').textContent()).toBe('at least US$0.435');
    expect(await sms.getByTestId('cost-awaiting').count()).toBe(0);
    const recorded = await adminRequest<Broadcast>(th, 'GET', `/v1/broadcasts/${broadcastId}`);
    expect(recorded.estimatedCost).toEqual({
      currency: 'USD',
      byChannel: { sms: '0.435' },
      total: '0.435',
      unpriced: [{ channel: 'sms', country: 'RU', recipients: 1 }],
    });
    await noA11yViolations(page, 'broadcast progress with its cost');
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('shows a memo’s language coverage against a segment: who reads their own language, who falls back', async () => {
    // A memo in English and Russian only: Kazakh readers get Russian, Vietnamese ones English.
    const memo = await adminRequest<Recommendation>(th, 'POST', '/v1/recommendations', {
      orgId: th.seed.ministryId,
      topic: 'netiquette',
      title: { en: 'Netiquette for parents', ru: 'Сетевой этикет для родителей' },
      body: {
        en: 'Respect others online as you would offline.',
        ru: 'Уважайте других в сети так же, как в жизни.',
      },
    });
    const expected = await adminRequest<RecommendationCoverage>(
      th,
      'GET',
      `/v1/recommendations/${memo.id}/coverage?segmentId=${th.seed.segmentIds.allParents}`,
    );
    const count = (language: string) =>
      expected.readers.find((r) => r.language === language)?.recipients ?? 0;
    expect(count('kk')).toBeGreaterThan(0);
    expect(count('vi')).toBeGreaterThan(0);

    const { context, page, errors } = await signInConsole(
      browser,
      origin,
      person('editor.ministry@example.org'),
    );
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ru');
    await switchToEnglish(page);
    await page.goto(`${origin}/recommendations/${memo.id}`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Netiquette for parents');
    const panel = page.getByTestId('recommendation-coverage');
    await panel.getByTestId('coverage-segment').click();
    await page.getByRole('option', { name: 'All parents', exact: true }).click();
    await expect
      .poll(() => panel.getByTestId('coverage-languages').textContent())
      .toBe('Version 1 is written in: Russian, English');
    const reads = (language: string) =>
      panel.locator(`tr[data-language=${language}]`).getByTestId('coverage-reads').textContent();
    expect(await reads('ru')).toBe('Their own language');
    expect(await reads('kk')).toBe('Russian instead');
    expect(await reads('vi')).toBe('English instead');
    expect(await reads('en')).toBe('Their own language');
    const native = count('ru') + count('en');
    const fallback = count('kk') + count('vi');
    expect(await panel.getByTestId('coverage-totals').textContent()).toBe(
      `In their own language: ${native} · in another language: ${fallback} · no text: 0`,
    );
    expect(await panel.locator('tr[data-language=kk] td').nth(1).textContent()).toBe(
      String(count('kk')),
    );
    await noA11yViolations(page, 'recommendation with its language coverage');

    // In Kazakh: the same panel in words.
    await page.getByTestId('language-switch').click();
    await page.getByRole('option', { name: 'Қазақша' }).click();
    await expect.poll(() => reads('kk')).toBe('Өз тілінің орнына: Орыс тілі');
    expect(await panel.getByTestId('coverage-totals').textContent()).toBe(
      `Өз тілінде: ${native} · басқа тілде: ${fallback} · мәтінсіз: 0`,
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
