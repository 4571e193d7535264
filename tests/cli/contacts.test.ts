/**
 * `safenet contacts import|export` and `contacts imports list|show|commit`: the built binary
 * against a test hub running its workers, so an import's job validates and writes on its own
 * as in production. The files are issue 16's messy spreadsheets from `@safenet/hub/testing`,
 * written to a temporary directory; each states the rows it must reject.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type MessySpreadsheet,
  memoPdf,
  utf16UnicodeText,
  windows1251Csv,
  xlsxWithNumericPhones,
} from '@safenet/hub/testing';
import type { ContactImport } from '@safenet/sdk';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, type CliHub, cliEnv, runCli, startCliHub } from './cli-harness.js';

let hub: CliHub;
let env: NodeJS.ProcessEnv;
/** The flags every import here gives: into the demo ministry, matched on phone numbers. */
let flags: string[];

beforeAll(async () => {
  hub = await startCliHub();
  env = cliEnv(hub.home.path, { ...hub.adminEnv, LANG: 'en_GB.UTF-8' });
  flags = [
    '--org',
    hub.th.seed.ministryId,
    '--key',
    'phone',
    '--default-role',
    'parent',
    '--consent-basis',
    'consent',
    '--consent-channels',
    'whatsapp,sms',
    '--consent-source',
    'parent meeting form, 10 April 2017',
  ];
});

afterAll(async () => {
  await hub?.[Symbol.asyncDispose]();
});

/** Writes a messy file to the temporary directory under its own name; answers its path. */
async function place(sheet: MessySpreadsheet): Promise<string> {
  const path = join(hub.home.path, sheet.fileName);
  await writeFile(path, sheet.bytes);
  return path;
}

/** `error_row,error_column,error_code` of each rejected row, as the report must hold them. */
function reportCells(sheet: MessySpreadsheet): string[] {
  return sheet.outcome.rejected.map((r) => `${r.row},${r.column},${r.code},`);
}

describe('contacts import', () => {
  it('a dry run of a Windows-1251 CSV: the columns as read, the counts, exit 4 and the error report beside the file', async () => {
    const sheet = windows1251Csv();
    const file = await place(sheet);
    const run = await runCli(['contacts', 'import', file, ...flags, '-o', 'table'], { env });
    expect(run.code, run.stderr).toBe(4);
    // The columns as read: a child's name and birth date are never read.
    expect(run.stdout).toMatch(
      /│ ФИО ученика\s+│ never read \(a child’s data\)\s+│ child_data\s+│/,
    );
    expect(run.stdout).toMatch(
      /│ Дата рождения\s+│ never read \(a child’s data\)\s+│ child_data\s+│/,
    );
    expect(run.stdout).toMatch(/│ Телефон\s+│ phone\s+│ guessed\s+│/);
    expect(run.stdout).toMatch(/│ №\s+│ not read\s+│ unknown\s+│/);
    expect(run.stdout).toMatch(/│ status\s+│ validated\s+│/);
    expect(run.stdout).toMatch(/│ rows\s+│ 7\s+│/);
    expect(run.stdout).toMatch(/│ valid\s+│ 3\s+│/);
    expect(run.stdout).toMatch(/│ rejected\s+│ 4\s+│/);
    expect(run.stderr).toContain('nothing was written');
    expect(run.stderr).toContain('row 5, Телефон: invalid_phone_number:');
    expect(run.stderr).toContain('row 7, Школа: organisation_unknown:');
    expect(run.stderr).toContain('error: import_rows_rejected: the dry run rejected 4 of 7 rows');

    const reportPath = join(hub.home.path, 'родители-5А.errors.csv');
    expect(run.stderr).toContain(`The rejected rows are in ${reportPath}`);
    const lines = (await readFile(reportPath, 'utf8'))
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(lines[0]).toContain('error_row,error_column,error_code,error_message');
    expect(lines).toHaveLength(1 + sheet.outcome.rejected.length);
    reportCells(sheet).forEach((cells, index) => {
      expect(lines[index + 1]).toContain(cells);
    });
    // A child's columns are not in the report either: the hub never kept them.
    expect(lines.join('\n')).not.toContain('Ученик');
    expect((await hub.client.contacts.list({ q: '+77012345601' })).items).toEqual([]);
  });

  it('--commit valid imports the valid rows; a second run changes nothing', async () => {
    const file = await place(windows1251Csv());
    const first = await runCli(['contacts', 'import', file, ...flags, '--commit', 'valid'], {
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    const done = JSON.parse(first.stdout) as ContactImport;
    expect(done).toMatchObject({
      status: 'completed',
      mode: 'valid_rows',
      committedFrom: 'dry_run',
    });
    expect(done.counts).toMatchObject({ rows: 7, valid: 3, rejected: 4, created: 3 });
    expect(first.stderr).toMatch(/import \S+: validating \d+\/7 rows/);
    expect(first.stderr).toContain('3 created, 0 updated, 0 unchanged');
    // The report from the dry run is there: kept, not overwritten, and the note says so.
    expect(first.stderr).toContain('The error report was not written');
    expect(first.stderr).toContain('exists: add --force to overwrite it');

    const [aigerim] = (await hub.client.contacts.list({ q: '+77012345601' })).items;
    expect(aigerim).toMatchObject({
      displayName: 'Айгерим Нурланова',
      role: 'parent',
      language: 'kk',
    });
    expect(JSON.stringify(aigerim)).not.toMatch(/Ученик|2012/);

    const again = await runCli(
      ['contacts', 'import', file, ...flags, '--commit', 'valid', '--force', '-o', 'table'],
      { env },
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/│ created\s+│ 0\s+│/);
    expect(again.stdout).toMatch(/│ updated\s+│ 0\s+│/);
    expect(again.stdout).toMatch(/│ unchanged\s+│ 3\s+│/);
    expect(again.stderr).toContain('The rejected rows are in');
  });

  it('--mode all_or_nothing on an XLSX with bad rows: exit 4, nothing written', async () => {
    const file = await place(await xlsxWithNumericPhones());
    const run = await runCli(['contacts', 'import', file, ...flags, '--mode', 'all_or_nothing'], {
      env,
    });
    expect(run.code, run.stderr).toBe(4);
    const record = JSON.parse(run.stdout) as ContactImport;
    expect(record).toMatchObject({
      status: 'rejected',
      mode: 'all_or_nothing',
      committedFrom: null,
    });
    // Nothing was written: the valid rows count, none was created.
    expect(record.counts).toMatchObject({ rows: 6, valid: 2, rejected: 4, created: 0 });
    expect(run.stderr).toContain('error: import_rejected:');
    expect((await hub.client.contacts.list({ q: '+77012345611' })).items).toEqual([]);
    expect(await readFile(join(hub.home.path, 'ата-аналар.errors.csv'), 'utf8')).toContain(
      '5,Телефон нөмірі,invalid_phone_number,',
    );
  });

  it('a Vietnamese “Unicode text” file with --default-country VN, messages in Vietnamese; then imports show and commit', async () => {
    const sheet = utf16UnicodeText();
    const file = await place(sheet);
    const dryRun = await runCli(
      ['contacts', 'import', file, ...flags, '--default-country', 'VN', '--lang', 'vi'],
      { env },
    );
    expect(dryRun.code, dryRun.stderr).toBe(4);
    const record = JSON.parse(dryRun.stdout) as ContactImport;
    expect(record).toMatchObject({ status: 'validated', encoding: 'utf-16le', delimiter: '\t' });
    expect(record.columns.map((c) => (c.source === 'child_data' ? 'child_data' : c.field))).toEqual(
      sheet.outcome.columns,
    );
    const report = await readFile(join(hub.home.path, 'danh-sach-phu-huynh.errors.csv'), 'utf8');
    for (const cells of reportCells(sheet)) expect(report).toContain(cells);
    const english = await hub.client.contactImports.errorReport(record.id, { lang: 'en' });
    expect(report.replace(/^\uFEFF/, '')).not.toBe(english.replace(/^\uFEFF/, ''));

    const list = await runCli(['contacts', 'imports', 'list', '-o', 'csv'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout.split('\n')[0]).toBe(
      'id,file,organisation,mode,status,rows,rejected,created,updated,unchanged,started',
    );
    expect(list.stdout).toContain(`${record.id},danh-sach-phu-huynh.txt,`);

    const show = await runCli(['contacts', 'imports', 'show', record.id, '-o', 'json'], { env });
    expect(JSON.parse(show.stdout)).toEqual(await hub.client.contactImports.get(record.id));

    const commit = await runCli(
      [
        'contacts',
        'imports',
        'commit',
        record.id,
        '--mode',
        'valid',
        '-o',
        'json',
        '--errors-out',
        join(hub.home.path, 'vi.errors.csv'),
      ],
      { env },
    );
    expect(commit.code, commit.stderr).toBe(0);
    expect(JSON.parse(commit.stdout)).toMatchObject({
      status: 'completed',
      counts: { valid: 3, rejected: 4, created: 3 },
    });
    const [lan] = (await hub.client.contacts.list({ q: '+84912345601' })).items;
    expect(lan).toMatchObject({ displayName: 'Nguyễn Thị Lan', language: 'vi' });

    const twice = await runCli(['contacts', 'imports', 'commit', record.id, '--mode', 'all'], {
      env,
    });
    expect(twice.code).toBe(4);
    expect(twice.stderr).toContain('error: import_state:');
    expect((await runCli(['contacts', 'imports', 'show', crypto.randomUUID()], { env })).code).toBe(
      3,
    );
  });

  it('a file that is not a spreadsheet is refused (415 import_file_type): exit 4', async () => {
    const file = join(hub.home.path, 'memo.csv');
    await writeFile(file, memoPdf('How to stay safe on the Internet'));
    const run = await runCli(['contacts', 'import', file, ...flags], { env });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('error: import_file_type:');
  });

  it('refuses without the consent statement (2), saying why, before sending anything', async () => {
    const file = await place(windows1251Csv());
    const before = (await hub.client.contactImports.list({ limit: 500 })).items.length;
    const noSource = flags.filter(
      (_, i) => flags[i] !== '--consent-source' && flags[i - 1] !== '--consent-source',
    );
    const run = await runCli(['contacts', 'import', file, ...noSource], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'error: usage: an import states the consent it relies on; missing --consent-source (where and how consent was collected)',
    );
    const noBasis = flags.filter(
      (_, i) => flags[i] !== '--consent-basis' && flags[i - 1] !== '--consent-basis',
    );
    const basis = await runCli(['contacts', 'import', file, ...noBasis], { env });
    expect(basis.code).toBe(2);
    expect(basis.stderr).toContain(
      'missing --consent-basis (consent, public_task, legal_obligation, legitimate_interests)',
    );
    const map = await runCli(['contacts', 'import', file, ...flags, '--map', 'Телефон=mobile'], {
      env,
    });
    expect(map.code).toBe(2);
    expect(map.stderr).toContain('unknown field "mobile"');
    expect((await hub.client.contactImports.list({ limit: 500 })).items).toHaveLength(before);
  });

  it('an organisation outside the key’s subtree: exit 3', async () => {
    const key = await hub.client.apiKeys.create({
      orgId: hub.th.seed.schoolIds[0],
      name: 'CLI test, a school',
      scopes: ['read', 'write'],
    });
    const school = cliEnv(hub.home.path, { SAFENET_URL: hub.url, SAFENET_API_KEY: key.secret });
    const file = await place(windows1251Csv());
    const run = await runCli(['contacts', 'import', file, ...flags], { env: school });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('error: not_found:');
  });
  it('on a terminal, asks after the dry run and imports the valid rows when told so', async () => {
    const file = await place(await xlsxWithNumericPhones());
    // `script` runs the CLI on a pseudo-terminal, as a person at a terminal would.
    const line = [process.execPath, CLI_MAIN, 'contacts', 'import', file, ...flags]
      .map((word) => `'${word.replace(/'/g, "'\\''")}'`)
      .join(' ');
    const child = spawn('script', ['-qfec', line, '/dev/null'], {
      env: { ...env, TERM: 'dumb' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const asked = new Promise<void>((resolve) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('Import the 2 valid rows? [all/valid/no]')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.race([asked, exited]);
    expect(output).toContain('Dry run: 6 rows, 2 valid, 4 rejected.');
    child.stdin.write('valid\r');
    expect(await exited, output).toBe(0);
    expect(output).toContain('2 created, 0 updated, 0 unchanged');
    expect(output).toMatch(/│ status\s+│ completed\s+│/); // a table on a terminal
    expect((await hub.client.contacts.list({ q: '+77012345611' })).items).toHaveLength(1);
  });
});

describe('contacts export', () => {
  it('exports CSV, and importing it again changes nothing', async () => {
    const out = join(hub.home.path, 'imported.csv');
    const args = [
      'contacts',
      'export',
      '--org',
      hub.th.seed.ministryId,
      '--q',
      '+7 701 234 56',
      '--out',
      out,
    ];
    const run = await runCli(args, { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Wrote ${out} (csv,`);
    const csv = await readFile(out, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true); // for Excel
    expect(csv.split(/\r?\n/)[0]).toContain('phone');
    expect(csv).toContain('+77012345601');

    const kept = await runCli(args, { env });
    expect(kept.code).toBe(2);
    expect(kept.stderr).toContain('exists: add --force');

    const reimport = await runCli(['contacts', 'import', out, ...flags, '--mode', 'valid_rows'], {
      env,
    });
    expect(reimport.code, reimport.stderr).toBe(0);
    const record = JSON.parse(reimport.stdout) as ContactImport;
    expect(record.counts.rows).toBeGreaterThanOrEqual(3);
    expect(record.counts).toMatchObject({
      rejected: 0,
      created: 0,
      updated: 0,
      unchanged: record.counts.rows,
    });
  });

  it('exports XLSX (from the extension) that opens with the header row, and CSV to stdout', async () => {
    const out = join(hub.home.path, 'parents.xlsx');
    const run = await runCli(
      ['contacts', 'export', '--role', 'parent', '--consent', 'whatsapp:granted', '--out', out],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error('the workbook has no sheet');
    const header = (sheet.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toEqual(
      expect.arrayContaining(['externalRef', 'displayName', 'role', 'phone', 'consent.whatsapp']),
    );
    const expected = await hub.client.contacts.list({
      role: 'parent',
      consent: { whatsapp: 'granted' },
      limit: 500,
    });
    expect(sheet.actualRowCount).toBe(expected.items.length + 1);

    const stdout = await runCli(['contacts', 'export', '--language', 'vi', '--out', '-'], { env });
    expect(stdout.code, stdout.stderr).toBe(0);
    expect(stdout.stdout.split(/\r?\n/)[0]).toContain('externalRef');
    expect(stdout.stdout).toContain('+84912345601');

    const bad = await runCli(['contacts', 'export', '--consent', 'whatsapp:yes', '--out', '-'], {
      env,
    });
    expect(bad.code).toBe(2);
  });
});
