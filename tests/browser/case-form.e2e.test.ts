/**
 * The public report form in a real browser (Chromium, playwright-core), in Vietnamese: a
 * teacher in Đắk Lắk opens the form on a phone, pastes a TikTok share link and a line that is
 * not a link, reads the error beside the field in Vietnamese, fixes it and sends; the page
 * shows the reference. Meanwhile a script floods the form from another address and is
 * throttled (429) without the teacher's reports being refused. axe-core finds nothing on any
 * page, at desktop and phone sizes. The whole hub serves the form: each report becomes a case
 * report of Đắk Lắk's intake, read back from the database.
 */
import AxeBuilder from '@axe-core/playwright';
import { DispatchClock } from '@safenet/hub/testing';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  PAGE_DEFAULTS,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();
const NOW = Date.parse('2026-12-06T08:00:00+07:00');
const CODE = 'BMT-PGD';
const PHONE = { width: 360, height: 740 };

/** Every axe-core violation, whatever its impact, as `rule: target`. */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`),
  );
}

describe.runIf(available)(browserVariant(available, 'the public report form in a browser'), () => {
  let th: TestHub;
  let browser: TestBrowser;
  let base: string;
  let daklak: string;
  const clock = new DispatchClock(NOW);

  /** The reports the form took, newest last: what the hub stored. */
  const reports = async () =>
    (
      await sql<{
        source: string;
        language: string;
        links: string[];
        description: string;
        reporter_hash: string;
        intake_org_id: string;
      }>`select r.source, r.language, r.links, r.description, r.reporter_hash, c.intake_org_id
         from case_reports r join cases c on c.id = r.case_id order by r.received_at, r.id`.execute(
        th.hub.db,
      )
    ).rows;

  beforeAll(async () => {
    th = await startTestHub({ workers: false, now: clock.now, rateLimitClock: clock.now });
    daklak = th.seed.provinceIds[1];
    await sql`update organisations set code = ${CODE} where id = ${daklak}`.execute(th.hub.db);
    base = await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  }, 60_000);
  // Each test in a fresh minute of the per-client limit: the browser is always 127.0.0.1.
  beforeEach(() => {
    clock.advance(60_000);
  });
  afterAll(async () => {
    await browser?.close();
    await th?.close();
  });

  async function fillAndSend(page: Page, links: string) {
    await page.getByLabel('Đường link đến nội dung').fill(links);
    await page.getByLabel('Đánh nhau hoặc bạo lực').check();
    await page.getByLabel('Bạn thấy nội dung ở đâu?').selectOption('tiktok');
    await page
      .getByLabel('Chuyện gì đã xảy ra?')
      .fill('Hai học sinh đánh nhau trước cổng trường, video đang lan truyền');
    await page.getByLabel('Việc này xảy ra ở đâu?').fill('Buôn Ma Thuột');
    // A person takes more than a few seconds to fill the form: the form's clock says so.
    clock.advance(20_000);
    await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await page.waitForLoadState('domcontentloaded');
  }

  it.each([
    ['a desktop', { width: 1280, height: 900 }],
    ['a phone', PHONE],
  ])(
    'on %s: the form in Vietnamese, an error beside its field, then the reference',
    async (_, viewport) => {
      const context = await browser.browser.newContext({
        ...PAGE_DEFAULTS,
        viewport,
        locale: 'vi-VN',
      });
      const page = await context.newPage();
      try {
        const before = (await reports()).length;
        await page.goto(`${base}/report/BMT-PGD?lang=vi`);
        await expect
          .poll(() => page.locator('h1').textContent())
          .toBe('Báo cáo nội dung có hại cho trẻ em');
        expect(await page.locator('input[type=file]').count()).toBe(0);
        expect(await page.textContent('body')).toContain('02623.951.567');
        expect(await axeViolations(page)).toEqual([]);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);

        await fillAndSend(
          page,
          'https://www.tiktok.com/@hs.bmt/video/7301234567890?_t=ZS-8&_r=1\nđánh nhau ở trường',
        );
        const error = page.locator('#f-links-error');
        await expect.poll(() => error.textContent()).toContain('Dòng 2 không phải đường link');
        expect(await page.getByLabel('Chuyện gì đã xảy ra?').inputValue()).toContain(
          'Hai học sinh',
        );
        expect(await page.locator('#f-links').getAttribute('aria-invalid')).toBe('true');
        expect(await axeViolations(page)).toEqual([]);

        await page
          .getByLabel('Đường link đến nội dung')
          .fill('https://www.tiktok.com/@hs.bmt/video/7301234567890?_t=ZS-8&_r=1');
        clock.advance(5_000);
        await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
        await page.waitForLoadState('domcontentloaded');
        const reference = await page.locator('[data-reference]').textContent();
        expect(reference).toMatch(/^R-2026-\d{6}$/);
        expect(await page.locator('h1').textContent()).toBe(
          'Cảm ơn bạn: báo cáo đã được tiếp nhận',
        );
        expect(await axeViolations(page)).toEqual([]);
        const stored = await reports();
        expect(stored).toHaveLength(before + 1);
        expect(stored.at(-1)).toMatchObject({
          source: 'form',
          intake_org_id: daklak,
          links: ['https://www.tiktok.com/@hs.bmt/video/7301234567890'],
          language: 'vi',
          description: 'Hai học sinh đánh nhau trước cổng trường, video đang lan truyền',
        });
        // Anonymous: a pseudonym of its own, linked to no other report.
        expect(stored.filter((r) => r.reporter_hash === stored.at(-1)?.reporter_hash)).toHaveLength(
          1,
        );
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  it('a flood from one address is throttled; the teacher’s report still goes through', async () => {
    const flood = async () =>
      th.hub.app.inject({
        method: 'POST',
        url: '/report/BMT-PGD?lang=vi',
        remoteAddress: '198.51.100.23',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'links=http%3A%2F%2Fspam.example%2F&category=other&platform=other&description=x',
      });
    const codes = [];
    for (let i = 0; i < 14; i++) codes.push((await flood()).statusCode);
    // The hub's limit: 10 posts a minute per client.
    expect(codes.slice(0, 10).every((c) => c === 400)).toBe(true);
    expect(codes.slice(10).every((c) => c === 429)).toBe(true);
    const refused = await flood();
    expect(refused.body).toContain('data-code="rate_limited"');

    const before = (await reports()).length;
    const context = await browser.browser.newContext({ ...PAGE_DEFAULTS, viewport: PHONE });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/report/BMT-PGD?lang=vi`);
      await fillAndSend(page, 'vt.tiktok.com/ZSabc123/');
      await expect.poll(() => page.locator('[data-reference]').count()).toBe(1);
      expect(await reports()).toHaveLength(before + 1);
    } finally {
      await context.close();
    }
  }, 60_000);
});
