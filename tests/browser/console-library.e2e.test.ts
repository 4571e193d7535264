/**
 * The recommendation library in the console, in a real browser (issue 15, "Console"): the
 * ministry's editor writes a memo ("I look for kindness online", from the 2017 campaign's
 * titles) and submits it; they are offered no approval. A reviewer of the ministry approves it
 * from the content review queue. The editor edits it: a new draft stands beside the published
 * version and the side-by-side diff marks the changed words. The reviewer sends that draft
 * back with a comment, which the editor reads. The library's filters (topic, role, age band,
 * language, status, title) narrow it, from the URL. The ministry's admin adds a memo's files to a draft
 * (the hub names a PNG sent as `.pdf` by its bytes, and refuses a program), downloads and
 * removes them; once submitted, its files no longer change. axe-core checks every page on the
 * way, two of them in Vietnamese.
 */
import type { AddressInfo } from 'node:net';
import { memoPdf, posterPng, windowsProgram } from '@safenet/hub/testing';
import type { Page as ApiPage, Recommendation, RecommendationVersion } from '@safenet/sdk';
import type { Page } from 'playwright-core';
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
  switchToEnglish,
} from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

const EDITOR = 'editor.ministry@example.org';
const REVIEWER = 'reviewer.ministry@example.org';
const ADMIN = 'admin.ministry@example.org';
const TITLE = 'I look for kindness online';
const BODY = 'Praise kind words online and report cruel ones. Child protection hotline: 111.';
const EDITED = 'Notice kind words online and report cruel ones. Child protection hotline: 111.';
const TITLE_RU = 'Я ищу доброту в сети';
const BODY_RU = 'Хвалите добрые слова в сети и сообщайте о жестоких. Телефон доверия: 111.';

describe.runIf(available)(
  browserVariant(available, 'the recommendation library in the console'),
  () => {
    let th: TestHub;
    let browser: TestBrowser;
    let origin: string;

    beforeAll(async () => {
      th = await startTestHub({ sendEmail: async () => undefined });
      await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      origin = `http://127.0.0.1:${(th.hub.app.server.address() as AddressInfo).port}`;
      browser = await launchBrowser();
      await acceptedPerson(th, { email: ADMIN, orgId: th.seed.ministryId, role: 'admin' });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await th?.close();
    });

    /** A demo person (they read Russian until they switch; the switch is remembered). */
    const demoPerson = async (email: string) => {
      const session = await signInConsole(browser, origin, {
        email,
        password: th.seed.demoPassword,
      });
      const { page } = session;
      await expect.poll(() => page.locator('h1').textContent()).toMatch(/^(Рассылки|Broadcasts)$/);
      if ((await page.locator('html').getAttribute('lang')) !== 'en') await switchToEnglish(page);
      return session;
    };
    const editor = () => demoPerson(EDITOR);
    const reviewer = () => demoPerson(REVIEWER);

    /** The memo as the hub keeps it. */
    const stored = async () => {
      const page = await adminRequest<ApiPage<Recommendation>>(
        th,
        'GET',
        `/v1/recommendations?q=${encodeURIComponent('kindness')}`,
      );
      expect(page.items).toHaveLength(1);
      const memo = page.items[0] as Recommendation;
      const versions = await adminRequest<{ items: RecommendationVersion[] }>(
        th,
        'GET',
        `/v1/recommendations/${memo.id}/versions`,
      );
      return { memo, versions: versions.items };
    };

    const pick = async (page: Page, testId: string, option: string) => {
      // `force`: Mantine's box around a multi-select's input takes the click.
      await page.getByTestId(testId).click({ force: true });
      await page.getByRole('option', { name: option, exact: true }).click();
    };

    const versionStatuses = (page: Page) =>
      page
        .getByTestId('version')
        .evaluateAll((cards) => cards.map((c) => `${c.dataset.number}:${c.dataset.status}`));

    it('an editor writes and submits; a reviewer approves from the queue; an edit shows its diff; a rejection its comment', async () => {
      // The editor: the library, then a new memo in English and Russian for teachers.
      const first = await editor();
      let page = first.page;
      await page.getByRole('link', { name: 'Recommendations', exact: true }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Recommendations');
      await page.getByTestId('library-entry').first().waitFor();
      await expect.poll(() => page.getByTestId('library-entry').count()).toBe(3); // the demo's memos
      // No review queue for an editor (no `approve` scope).
      expect(await page.getByRole('link', { name: 'Content review' }).count()).toBe(0);
      expect(await page.getByTestId('review-queue-link').count()).toBe(0);
      await noA11yViolations(page, 'library');

      await page.getByTestId('new-recommendation').click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('New recommendation');
      await page.getByTestId('rec-title-en').fill(TITLE);
      await page.getByTestId('rec-body-en').fill(BODY);
      await page.getByTestId('rec-tab-ru').click();
      await page.getByTestId('rec-title-ru').fill(TITLE_RU);
      await page.getByTestId('rec-body-ru').fill(BODY_RU);
      await pick(page, 'rec-topic', 'Netiquette');
      await page.getByTestId('rec-tags').fill('memo-2017');
      await pick(page, 'rec-roles', 'Teachers');
      await page.keyboard.press('Escape');
      await page.locator('label', { hasText: '11–14 years' }).click(); // the chip's label
      await noA11yViolations(page, 'new recommendation form');
      await page.getByTestId('rec-save').click();
      await page.waitForURL(/\/recommendations\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.locator('h1').textContent()).toBe(TITLE);
      await expect.poll(() => versionStatuses(page)).toEqual(['1:draft']);
      expect(await page.getByTestId('recommendation-topic').textContent()).toBe('Netiquette');
      expect(await page.getByTestId('recommendation-targets').textContent()).toBe(
        'For: Teachers; children: 11–14 years',
      );
      // Written in English and Russian: Kazakh readers get Russian, Vietnamese readers English.
      const languages = page.getByTestId('recommendation-languages');
      expect(await languages.locator('[data-own=true]').allTextContents()).toEqual([
        'Russian',
        'English',
      ]);
      expect(await languages.locator('[data-own=false]').allTextContents()).toEqual([
        'Kazakh → Russian',
        'Vietnamese → English',
      ]);
      await noA11yViolations(page, 'recommendation, draft');

      await page.getByTestId('version-submit').click();
      await expect.poll(() => versionStatuses(page)).toEqual(['1:in_review']);
      // The editor may not decide on it: no approve or reject button.
      expect(await page.getByTestId('version-approve').count()).toBe(0);
      expect(await page.getByTestId('version-reject').count()).toBe(0);
      const memoUrl = page.url();
      expect(first.errors).toEqual([]);
      await first.context.close();

      // The reviewer: the queue holds the memo; approving it publishes it.
      const second = await reviewer();
      page = second.page;
      await page.getByRole('link', { name: 'Content review' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Review queue');
      const entry = page.getByTestId('review-entry');
      await expect.poll(() => entry.count()).toBe(1);
      expect(await entry.textContent()).toContain(TITLE);
      expect(await entry.getByTestId('review-body').textContent()).toBe(BODY);
      expect(await entry.getByTestId('own-version').count()).toBe(0);
      await noA11yViolations(page, 'review queue');
      await entry.getByTestId('version-approve').click();
      await page.getByTestId('review-empty').waitFor();
      let now = await stored();
      expect(now.memo).toMatchObject({
        publishedVersion: 1,
        openVersion: null,
        status: 'published',
      });
      expect(now.versions[0]?.review).toMatchObject({ decision: 'approved', comment: null });
      await second.context.close();

      // The editor edits the published memo: a new draft beside it, the diff marks the words.
      const third = await editor();
      page = third.page;
      await page.goto(memoUrl);
      await expect.poll(() => page.locator('h1').textContent()).toBe(TITLE);
      await expect
        .poll(() => page.getByTestId('recommendation-status').textContent())
        .toBe('Published');
      await page.getByTestId('recommendation-edit').click();
      await page.getByTestId('rec-body-en').fill(EDITED);
      await page.getByTestId('rec-save').click();
      await expect.poll(() => versionStatuses(page)).toEqual(['2:draft', '1:published']);
      expect(await page.getByTestId('recommendation-versions').textContent()).toBe(
        'Published: version 1 · open: version 2 (Draft)',
      );
      const english = page.getByTestId('diff-en');
      await english.waitFor();
      expect(await english.getByTestId('diff-removed').allTextContents()).toEqual(['Praise']);
      expect(await english.getByTestId('diff-added').allTextContents()).toEqual(['Notice']);
      expect(await english.getByTestId('diff-older-body').textContent()).toBe(BODY);
      expect(await english.getByTestId('diff-newer-body').textContent()).toBe(EDITED);
      // Russian did not change: nothing marked.
      const russian = page.getByTestId('diff-ru');
      expect(await russian.textContent()).toContain('unchanged');
      expect(await russian.locator('del, ins').count()).toBe(0);
      await noA11yViolations(page, 'recommendation with two versions and their diff');
      await page.getByTestId('version-submit').click();
      await expect.poll(() => versionStatuses(page)).toEqual(['2:in_review', '1:published']);
      now = await stored();
      expect(now.memo).toMatchObject({
        publishedVersion: 1,
        openVersion: { number: 2, status: 'in_review' },
      });
      expect(third.errors).toEqual([]);
      await third.context.close();

      // The reviewer sends version 2 back with a comment, from the memo's page.
      const fourth = await reviewer();
      page = fourth.page;
      await page.goto(memoUrl);
      await expect.poll(() => versionStatuses(page)).toEqual(['2:in_review', '1:published']);
      const two = page.locator('[data-testid=version][data-number="2"]');
      await two.getByTestId('version-reject').click();
      await two
        .getByTestId('version-reject-comment')
        .fill('Keep “Praise”: it is the campaign’s word.');
      await two.getByTestId('version-reject-confirm').click();
      await expect.poll(() => versionStatuses(page)).toEqual(['2:draft', '1:published']);
      expect(await two.getByTestId('version-review').textContent()).toContain(
        '— «Keep “Praise”: it is the campaign’s word.»',
      );
      expect(fourth.errors).toEqual([]);
      await fourth.context.close();
      now = await stored();
      expect(now.versions[0]).toMatchObject({
        number: 2,
        status: 'draft',
        review: { decision: 'rejected', comment: 'Keep “Praise”: it is the campaign’s word.' },
      });
    }, 240_000);

    it('shows the hub’s refusal of deciding on one’s own version in the reader’s words', async () => {
      // The ministry's admin (who may write and approve) writes a memo and submits it: the
      // four-eyes rule refuses their own approval, and the page says why.
      const { context, page, errors } = await signInConsole(browser, origin, {
        email: ADMIN,
        password: PASSWORD,
      });
      await page.goto(`${origin}/recommendations/new`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('New recommendation');
      await page.getByTestId('rec-title-en').fill('The Internet in my life');
      await page.getByTestId('rec-body-en').fill('Child protection hotline: 111.');
      await pick(page, 'rec-topic', 'Screen time');
      await page.getByTestId('rec-save').click();
      await page.waitForURL(/\/recommendations\/[0-9a-f-]{36}$/);
      await page.getByTestId('version-submit').click();
      await expect.poll(() => versionStatuses(page)).toEqual(['1:in_review']);
      expect(await page.getByTestId('own-version').textContent()).toBe(
        'You wrote this version: another person must approve or reject it.',
      );
      await page.getByTestId('version-approve').click();
      await expect
        .poll(() => page.getByTestId('error').textContent())
        .toBe(
          'You wrote this version (or edited it): another person with the approve right must decide on it.',
        );
      await expect.poll(() => versionStatuses(page)).toEqual(['1:in_review']);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);

    it('narrows the library by topic, role, age band, language, status and title, from the URL; in Vietnamese too', async () => {
      const { context, page, errors } = await editor();
      await page.goto(`${origin}/recommendations`);
      const entries = page.getByTestId('library-entry');
      await entries.first().waitFor();
      await expect.poll(() => entries.count()).toBe(5);
      // The topic through its menu: the URL takes it.
      await pick(page, 'library-topic', 'Netiquette');
      await page.waitForURL(/[?&]topic=netiquette/);
      await expect.poll(() => entries.count()).toBe(2);
      // A role: only the teachers' memo (the demo's are for parents).
      await pick(page, 'library-role', 'Teachers');
      await page.waitForURL(/[?&]role=teacher/);
      await expect.poll(() => entries.count()).toBe(1);
      expect(await entries.getByTestId('library-entry-link').textContent()).toBe(TITLE);
      expect(await entries.getByTestId('library-entry-topic').textContent()).toBe(
        'Netiquette · #memo-2017',
      );
      expect(await entries.getByTestId('library-entry-versions').textContent()).toBe(
        'Published: version 1 · open: version 2 (Draft)',
      );
      expect(await entries.getByTestId('library-entry-status').textContent()).toBe('Published');

      // From links: an age band, a language, a status, the title.
      const count = async (search: string) => {
        await page.goto(`${origin}/recommendations?${search}`);
        await expect.poll(() => page.locator('h1').textContent()).toBe('Recommendations');
        await page
          .locator('[data-testid=library-entry], [data-testid=library-empty]')
          .first()
          .waitFor();
        await expect.poll(() => page.locator('main [aria-busy=true]').count()).toBe(0);
        return entries.count();
      };
      // The admin's memo has no targets (every role, every age); the teachers' memo is for 11–14.
      expect(await count('age=0-5')).toBe(1);
      expect(await count('role=teacher&age=11-14')).toBe(2);
      expect(await count('role=parent&age=6-10')).toBe(4);
      expect(await count('language=vi')).toBe(3); // the demo's; the new ones have no Vietnamese
      expect(await count('status=draft')).toBe(1);
      expect(await count('status=in_review')).toBe(1); // the admin's own, waiting
      expect(await count('q=kindness')).toBe(1);
      expect(await count('topic=grooming')).toBe(0);
      expect(await page.getByTestId('library-empty').textContent()).toBe(
        'No recommendation matches these filters.',
      );

      // In Vietnamese: the topics and statuses in words, axe-clean.
      await page.goto(`${origin}/recommendations?topic=netiquette`);
      await page.getByTestId('language-switch').click();
      await page.getByRole('option', { name: 'Tiếng Việt' }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
      await expect.poll(() => page.locator('h1').textContent()).toBe('Khuyến nghị');
      await expect
        .poll(() => entries.getByTestId('library-entry-topic').allTextContents())
        .toEqual([
          'Văn hóa ứng xử trên mạng · #memo-2017',
          'Văn hóa ứng xử trên mạng · #memo-2017',
        ]);
      await noA11yViolations(page, 'library in Vietnamese');
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);

    it('adds a draft’s files, lists them with their type and size, downloads and removes them', async () => {
      const memo = await adminRequest<Recommendation>(th, 'POST', '/v1/recommendations', {
        orgId: th.seed.ministryId,
        topic: 'online-safety',
        title: { en: 'Safe Internet', ru: 'Безопасный Интернет' },
        body: { en: 'The memo for parents is attached.', ru: 'Памятка для родителей во вложении.' },
      });
      const pdf = memoPdf('Safe Internet: the memo for parents');
      // The ministry's admin, reading English (the editor reads Vietnamese since the test before).
      const { context, page, errors } = await signInConsole(browser, origin, {
        email: ADMIN,
        password: PASSWORD,
      });
      await page.goto(`${origin}/recommendations/${memo.id}`);
      const card = page.locator('[data-testid=version][data-number="1"]');
      await card.getByTestId('files-none').waitFor();
      const files = card.getByTestId('file');
      const about = () => files.getByTestId('file-about').allTextContents();
      const add = async (name: string, buffer: Buffer, mimeType: string) => {
        await card.getByTestId('file-input').setInputFiles({ name, mimeType, buffer });
      };

      await add('Memo for parents.pdf', pdf, 'application/pdf');
      await expect.poll(() => files.count()).toBe(1);
      // A PNG sent as ".pdf": the hub reads its bytes and names it for what it is.
      await add('Contest poster.pdf', posterPng(40, 30), 'application/pdf');
      await expect.poll(() => files.count()).toBe(2);
      expect(await files.getByTestId('file-download').allTextContents()).toEqual([
        'Memo for parents.pdf',
        'Contest poster.png',
      ]);
      const aboutFiles = await about();
      expect(aboutFiles).toEqual([
        `PDF document · ${pdf.length} bytes`,
        expect.stringMatching(/^PNG image · \d+ bytes$/),
      ]);
      // A program renamed ".pdf" is refused, in the reader's words; nothing is added.
      await add('Memo.pdf', windowsProgram(), 'application/pdf');
      await expect
        .poll(() => card.getByTestId('error').textContent())
        .toBe(
          'This file is not a PDF, JPEG, PNG, Word, Excel or PowerPoint file (judged by its contents).',
        );
      expect(await files.count()).toBe(2);
      await noA11yViolations(page, 'recommendation with a draft’s files');

      // The link downloads the file as stored, with the person's session.
      const href = await files.first().getByTestId('file-download').getAttribute('href');
      const download = await context.request.get(`${origin}${href}`);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-type']).toBe('application/pdf');
      expect(Buffer.compare(await download.body(), pdf)).toBe(0);

      await files.nth(1).getByTestId('file-remove').click();
      await expect.poll(() => files.count()).toBe(1);
      const stored = await adminRequest<RecommendationVersion>(
        th,
        'GET',
        `/v1/recommendations/${memo.id}/versions/1`,
      );
      expect(stored.attachments.map((f) => [f.filename, f.contentType])).toEqual([
        ['Memo for parents.pdf', 'application/pdf'],
      ]);

      // In review, its files no longer change: no adding, no removing.
      await card.getByTestId('version-submit').click();
      await expect.poll(() => versionStatuses(page)).toEqual(['1:in_review']);
      expect(await card.getByTestId('file-add').count()).toBe(0);
      expect(await card.getByTestId('file-remove').count()).toBe(0);
      expect(await files.count()).toBe(1);

      // In Vietnamese: the type in words, axe-clean.
      await page.getByTestId('language-switch').click();
      await page.getByRole('option', { name: 'Tiếng Việt' }).click();
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('vi');
      await expect.poll(async () => (await about())[0]).toMatch(/^Tài liệu PDF · /);
      await noA11yViolations(page, 'recommendation’s files in Vietnamese');
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);
  },
);
