/**
 * The console's contact import in a real browser, with a file as older Russian Excel writes
 * it: Windows-1251, `;` between cells, a phone number that is not one, a column holding a
 * child's name and one the hub cannot guess. A sender checks it (a dry run), sees the child's
 * column marked as never read, the counts and the rejected row in their language, points the
 * unguessed column at WhatsApp and checks again, downloads the error report, imports the
 * valid rows and finds the parents among the contacts; the contacts page exports what the
 * import wrote, and the imports history links to each import's page, where the first check,
 * committed all or nothing, writes nothing because of the bad row. A district's Excel
 * workbook (the hub's fixture, with its documented outcome) goes through the same page. axe-core
 * checks each page.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { xlsxWithNumericPhones } from '@safenet/hub/testing';
import type { Contact, ContactImport, Page as ResultPage } from '@safenet/sdk';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserVariant,
  launchBrowser,
  shouldTestBrowser,
  type TestBrowser,
} from '../support/browser.js';
import { noA11yViolations, signInConsole, switchToEnglish } from '../support/console-session.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const available = shouldTestBrowser();

/** Text in Windows-1251, as Excel saves "CSV (разделители — точки с запятой)" in Russian. */
function windows1251(text: string): Buffer {
  // The code page's own table, read from the platform's decoder: every byte's character.
  const decoder = new TextDecoder('windows-1251');
  const byteOf = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    byteOf.set(decoder.decode(Uint8Array.of(byte)), byte);
  }
  return Buffer.from(
    Array.from(text, (char) => {
      const byte = byteOf.get(char);
      if (byte === undefined) throw new Error(`${char} is not in Windows-1251`);
      return byte;
    }),
  );
}

/**
 * A class teacher's list of parents: the second parent's number in the national way (8 …),
 * the third's too short to be one. "ФИО ученика" is the pupil's name, which must never be
 * read; "Мессенджер" holds WhatsApp numbers under a header no vocabulary knows.
 */
const FILE = windows1251(
  [
    'Телефон;ФИО родителя;ФИО ученика;Язык;Мессенджер',
    '+7 705 555 01 01;Иванова Айгуль Сериковна;Иванов Тимур;русский;+7 705 555 01 01',
    '8 705 555 01 02;Петров Сергей Иванович;Петрова Алия;казахский;',
    '12345;Сидорова Мария Павловна;Сидоров Артём;русский;',
    '',
  ].join('\r\n'),
);
const CHILD_NAMES = ['Тимур', 'Алия', 'Артём'];

async function textOf(download: Download): Promise<string> {
  return readFile(await download.path(), 'utf8');
}

describe.runIf(available)(browserVariant(available, 'the console’s contact import'), () => {
  let th: TestHub;
  let browser: TestBrowser;
  let origin: string;
  let sender: { email: string; orgId: string };

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

  /** The page's result view: its status once it has settled on `status`. */
  async function settled(page: Page, status: ContactImport['status']) {
    const result = page.getByTestId('import-result');
    await expect.poll(() => result.getAttribute('data-status')).toBe(status);
    return result;
  }

  async function counts(page: Page): Promise<Record<string, string | null>> {
    const names = ['rows', 'valid', 'rejected', 'created', 'updated', 'unchanged'];
    const values = await Promise.all(
      names.map((name) => page.getByTestId(`import-count-${name}`).textContent()),
    );
    return Object.fromEntries(names.map((name, i) => [name, values[i] ?? null]));
  }

  it('checks a Windows-1251 file, corrects a column, imports the valid rows and exports them', async () => {
    const { context, page, errors } = await signInConsole(
      browser,
      origin,
      { email: sender.email, password: th.seed.demoPassword },
      { acceptDownloads: true },
    );
    // The demo sender reads Kazakh: this walk is in English.
    await switchToEnglish(page);

    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Contacts', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Contacts');
    await page.getByTestId('import-contacts').click();
    await page.waitForURL(`${origin}/contacts/import`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Import contacts');
    await noA11yViolations(page, 'the empty import form');

    // Nothing chosen: each missing answer is said at its field, and nothing is uploaded.
    await page.getByTestId('import-check').click();
    await page.getByText('Choose a file to import.').waitFor();
    await page.getByText('Choose the legal basis.').waitFor();
    await page.getByText('Say where consent was collected.').waitFor();
    expect(await page.getByTestId('import-result').count()).toBe(0);
    // The first of them takes the focus, so a screen reader reads it with its error.
    expect(
      await page.getByTestId('import-file').evaluate((el) => el === document.activeElement),
    ).toBe(true);
    expect(await page.getByTestId('import-file').getAttribute('aria-invalid')).toBe('true');
    await noA11yViolations(page, 'the import form with its errors');

    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '5A-parents.csv', mimeType: 'text/csv', buffer: FILE });
    await page.getByRole('combobox', { name: 'Role of rows without one' }).click();
    await page.getByRole('option', { name: 'Parents' }).click();
    await page.getByRole('combobox', { name: 'Legal basis' }).click();
    await page.getByRole('option', { name: 'The person’s consent' }).click();
    await page.getByRole('checkbox', { name: 'WhatsApp' }).check();
    await page.getByRole('checkbox', { name: 'SMS' }).check();
    await page
      .getByRole('textbox', { name: 'Where consent was collected' })
      .fill('parent meeting form, 10 April 2017');
    await page.getByTestId('import-check').click();

    // The dry run: three rows read, two valid, one rejected, two contacts to create.
    await settled(page, 'validated');
    expect(await counts(page)).toEqual({
      rows: '3',
      valid: '2',
      rejected: '1',
      created: '2',
      updated: '0',
      unchanged: '0',
    });
    const columns = page.getByTestId('import-column');
    await expect.poll(() => columns.count()).toBe(5);
    const child = page.locator('[data-testid=import-column][data-source=child_data]');
    expect(await child.textContent()).toContain('ФИО ученика');
    expect(await child.textContent()).toContain('never read: a child’s data');
    // The child's column has no select: it cannot be made to be read.
    expect(await child.getByRole('combobox').count()).toBe(0);

    // The rejected row, as the spreadsheet numbers it (the header is row 1), in English.
    const rejected = page.getByTestId('import-error');
    await expect.poll(() => rejected.count()).toBe(1);
    const cells = rejected.first().locator('td');
    expect(await cells.allTextContents()).toEqual([
      '4',
      'Телефон',
      'invalid_phone_number',
      expect.any(String),
    ]);
    const english = (await cells.nth(3).textContent()) ?? '';
    expect(english).toMatch(/phone/i);
    await noA11yViolations(page, 'the dry run’s result');

    // In Russian, the hub words the problem in Russian.
    await page.getByTestId('language-switch').click();
    await page.getByRole('option', { name: 'Русский' }).click();
    await expect.poll(() => cells.nth(3).textContent()).not.toBe(english);
    expect(await cells.nth(3).textContent()).toMatch(/[а-яё]/i);
    await switchToEnglish(page);
    await expect.poll(() => cells.nth(3).textContent()).toBe(english);

    // "Мессенджер" was not guessed: point it at WhatsApp and check the file again.
    const messenger = page.getByRole('combobox', { name: 'What the column “Мессенджер” fills' });
    expect(await messenger.inputValue()).toBe('');
    await messenger.selectOption('whatsapp');
    const firstCheck = await page.getByTestId('import-result').getAttribute('data-import-id');
    await page.getByTestId('import-check').click();
    await expect
      .poll(() => page.getByTestId('import-result').getAttribute('data-import-id'))
      .not.toBe(firstCheck);
    await settled(page, 'validated');
    const given = page.locator('[data-testid=import-column][data-source=given]');
    await expect.poll(() => given.count()).toBe(1);
    expect(await given.textContent()).toContain('Мессенджер');
    expect((await counts(page)).valid).toBe('2');

    // The error report: the rejected row with the file's read columns and its error, never
    // the child's name.
    const report = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download error report' }).click();
    const reportText = await textOf(await report);
    expect(reportText).toContain('error_code');
    expect(reportText).toContain('invalid_phone_number');
    expect(reportText).toContain('Сидорова Мария Павловна');
    for (const name of CHILD_NAMES) expect(reportText).not.toContain(name);

    // Import the valid rows; the page follows the import to its end. The stream is live, so
    // the page does not poll: the commit's answer says `validating`, and only the stream's
    // contact_import.progress events can bring it to `completed`.
    await expect.poll(() => page.getByTestId('stream-state').textContent()).toBe('Live');
    await page.getByTestId('commit-valid').click();
    await settled(page, 'completed');
    expect(await counts(page)).toEqual({
      rows: '3',
      valid: '2',
      rejected: '1',
      created: '2',
      updated: '0',
      unchanged: '0',
    });
    await noA11yViolations(page, 'the completed import');

    // The parents are among the contacts, with their WhatsApp numbers and consent.
    await page.getByTestId('import-contacts').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Contacts');
    await page.getByRole('searchbox', { name: 'Search' }).fill('+7 705 555 01');
    await page.waitForURL(/[?&]q=/);
    const rows = page.locator('main table tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect((await rows.allTextContents()).join(' ')).toContain('Иванова Айгуль Сериковна');

    const stored = await th.hub.app.inject({
      method: 'GET',
      url: `/v1/contacts?orgId=${sender.orgId}&q=${encodeURIComponent('+7705555010')}`,
      headers: th.auth,
    });
    const contacts = stored.json<ResultPage<Contact>>().items;
    expect(contacts.map((c) => c.displayName).sort()).toEqual([
      'Иванова Айгуль Сериковна',
      'Петров Сергей Иванович',
    ]);
    const ivanova = contacts.find((c) => c.displayName?.startsWith('Иванова'));
    expect(ivanova?.addresses.whatsapp).toBe('+77055550101');
    expect(ivanova?.role).toBe('parent');
    expect(ivanova?.consents.whatsapp?.status).toBe('granted');
    for (const name of CHILD_NAMES) expect(stored.body).not.toContain(name);

    // The filtered list exports as a CSV with the import's columns, the two parents in it.
    const exported = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await exported;
    expect(file.suggestedFilename()).toBe('contacts.csv');
    const csv = await textOf(file);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('externalRef');
    expect(csv).toContain('+77055550101');
    expect(csv).toContain('+77055550102');
    // The header and the two parents the search finds: the list's filters went with it.
    expect(csv.trim().split(/\r?\n/)).toHaveLength(3);

    // The history lists both checks, newest first; the import's page shows its result.
    await nav.getByRole('link', { name: 'Contact imports' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Contact imports');
    const history = page.getByTestId('import-row');
    await expect.poll(() => history.count()).toBe(2);
    expect(await history.first().getAttribute('data-status')).toBe('completed');
    expect(await history.nth(1).getAttribute('data-status')).toBe('validated');
    await noA11yViolations(page, 'the imports history');
    await history.first().getByRole('link', { name: '5A-parents.csv' }).click();
    await page.waitForURL(new RegExp(`${origin}/contacts/imports/[0-9a-f-]+$`));
    await settled(page, 'completed');
    expect((await counts(page)).created).toBe('2');
    await noA11yViolations(page, 'an import’s page');
    // A finished import offers no commit.
    expect(await page.getByTestId('commit-all').count()).toBe(0);

    // The first check, committed all or nothing from its page: the bad row still fails, so
    // nothing is written and the page says why.
    await nav.getByRole('link', { name: 'Contact imports' }).click();
    await history.nth(1).getByRole('link', { name: '5A-parents.csv' }).click();
    await settled(page, 'validated');
    await page.getByTestId('commit-all').click();
    await settled(page, 'rejected');
    expect(await page.getByTestId('import-outcome').textContent()).toContain('Nothing was written');
    const after = await th.hub.app.inject({
      method: 'GET',
      url: `/v1/contacts?orgId=${sender.orgId}&q=${encodeURIComponent('+7705555010')}`,
      headers: th.auth,
    });
    expect(after.json<ResultPage<Contact>>().items).toHaveLength(2);

    // On a phone, the import page still passes.
    await page.setViewportSize({ width: 375, height: 740 });
    await noA11yViolations(page, 'an import’s page on a phone');

    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('checks and imports an Excel workbook as the hub reads it, rejected rows as documented', async () => {
    // A district's workbook: Kazakh headers, phones stored as numbers, a child's name and
    // birth date, an unknown school, a repeated parent (the fixture says what must come out).
    const workbook = await xlsxWithNumericPhones();
    const { outcome } = workbook;
    const { context, page, errors } = await signInConsole(browser, origin, {
      email: sender.email,
      password: th.seed.demoPassword,
    });
    await switchToEnglish(page);
    await page.goto(`${origin}/contacts/import`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Import contacts');

    await page.locator('input[type=file]').setInputFiles({
      name: workbook.fileName,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: workbook.bytes,
    });
    await page.getByRole('combobox', { name: 'Role of rows without one' }).click();
    await page.getByRole('option', { name: 'Parents' }).click();
    await page.getByRole('combobox', { name: 'Legal basis' }).click();
    await page.getByRole('option', { name: 'A public task' }).click();
    await page.getByRole('checkbox', { name: 'SMS' }).check();
    await page
      .getByRole('textbox', { name: 'Where consent was collected' })
      .fill('district order on parent information, 2017');
    await page.getByTestId('import-check').click();

    await settled(page, 'validated');
    expect(await counts(page)).toEqual({
      rows: String(outcome.rows.length),
      valid: String(outcome.valid.length),
      rejected: String(outcome.rejected.length),
      created: String(outcome.valid.length),
      updated: '0',
      unchanged: '0',
    });
    // The child's name and birth date: both never read.
    const child = page.locator('[data-testid=import-column][data-source=child_data]');
    expect(await child.count()).toBe(outcome.columns.filter((c) => c === 'child_data').length);
    const rejected = page.getByTestId('import-error');
    await expect.poll(() => rejected.count()).toBe(outcome.rejected.length);
    const shown = await Promise.all(
      (await rejected.all()).map(async (row) => {
        const [number, column, code] = await row.locator('td').allTextContents();
        return { row: Number(number), column, code };
      }),
    );
    // The hub files a repeated key against the whole row (it names the earlier row), where
    // the fixture names the key's column: rows and codes as documented, columns but that one.
    expect(shown.map(({ row, code }) => ({ row, code }))).toEqual(
      outcome.rejected.map(({ row, code }) => ({ row, code })),
    );
    expect(shown.map(({ code, column }) => (code === 'duplicate_key' ? null : column))).toEqual(
      outcome.rejected.map(({ code, column }) => (code === 'duplicate_key' ? null : column)),
    );
    await noA11yViolations(page, 'a workbook’s dry run');

    await page.getByTestId('commit-valid').click();
    await settled(page, 'completed');
    expect((await counts(page)).created).toBe(String(outcome.valid.length));
    await page
      .getByTestId('import-outcome')
      .getByRole('link', { name: 'See the contacts' })
      .waitFor();

    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
