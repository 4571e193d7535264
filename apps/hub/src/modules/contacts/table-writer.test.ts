import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from './table-reader.js';
import { writeTable } from './table-writer.js';

const HEADERS = [
  'externalRef',
  'displayName',
  'role',
  'language',
  'organisation',
  'phone',
  'whatsapp',
  'childAgeBands',
  'consent.whatsapp',
];
const ROWS = [
  [
    'kz-1',
    'Әсел Ғалымқызы Құрманова',
    'parent',
    'kk',
    'Talgar Secondary School No. 1',
    '+77012345678',
    '+77012345678',
    '6-10; 11-14',
    'yes',
  ],
  [
    'kz-2',
    'Өмірзақ Ұлықбек Үмбетов, һәм Іргебай',
    'teacher',
    'ru',
    'Talgar Secondary School No. 1',
    '+77012345679',
    '',
    '',
    'no',
  ],
  [
    'kz-3',
    'Анна "Аня" Иванова\nмама Тимура',
    'parent',
    'ru',
    'National Parents’ Association',
    '+77022345670',
    '',
    '7',
    '',
  ],
  [
    'vn-1',
    'Nguyễn Thị Hồng Nhung',
    'parent',
    'vi',
    'Nguyễn Bình Khiêm High School',
    '+84912345678',
    '+84912345678',
    '11-14',
    'có',
  ],
  [
    'vn-2',
    'Đặng Văn Ước',
    'school_head',
    'vi',
    'Đắk Lắk Department of Education and Training',
    '+84 912 000 111',
    '',
    '',
    '',
  ],
  ['x-1', '=HYPERLINK("http://example.org","click")', 'parent', 'en', '@risky', '-2+3', '', '', ''],
];

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readBack(bytes: Buffer) {
  const table = await readTable(each([bytes]), { maxBytes: 64 * 1024 * 1024 });
  const rows: string[][] = [];
  for await (const { cells } of table.rows) rows.push(cells);
  return { format: table.format, headers: table.headers, rows };
}

describe('writeTable', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`round-trips Cyrillic, Kazakh and Vietnamese text, quotes, line breaks and formula-like cells (${format})`, async () => {
      const bytes = await bytesOf(writeTable(format, HEADERS, each(ROWS.map((row) => [...row]))));
      expect(await readBack(bytes)).toEqual({ format, headers: HEADERS, rows: ROWS });
    });
  }

  it('writes CSV as Excel opens it: BOM, commas, CRLF, quotes where needed, formulas guarded', async () => {
    const text = (
      await bytesOf(
        writeTable(
          'csv',
          ['displayName', 'phone'],
          each([
            ['Anna "Anya", Ivanova', '+7 701 234 5678'],
            ['=1+2', '-5'],
            ['@SUM(A1)', '+cmd|calc'],
          ]),
        ),
      )
    ).toString('utf8');
    expect(text).toBe(
      '\uFEFFdisplayName,phone\r\n"Anna ""Anya"", Ivanova",+7 701 234 5678\r\n\'=1+2,-5\r\n\'@SUM(A1),\'+cmd|calc\r\n',
    );
  });

  it('writes XLSX with a bold header row and phone columns as text', async () => {
    const bytes = await bytesOf(
      writeTable(
        'xlsx',
        ['displayName', 'Телефон', 'whatsapp', 'email'],
        each([['Asel', '+77012345678', '+77012345678', 'asel@example.kz']]),
      ),
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect([1, 2, 3, 4].map((column) => sheet.getRow(2).getCell(column).numFmt ?? null)).toEqual([
      null,
      '@',
      '@',
      null,
    ]);
    expect(sheet.getRow(2).getCell(2).value).toBe('+77012345678');
  });

  for (const format of ['csv', 'xlsx'] as const) {
    it(`pulls rows only as the reader takes bytes (${format})`, async () => {
      const total = 100_000;
      let pulled = 0;
      async function* many() {
        for (let i = 0; i < total; i += 1) {
          pulled += 1;
          yield [`ext-${i}`, `Parent ${i} of class 3B`, '+77010000000', 'kk', '6-10; 11-14'];
        }
      }
      const stream = writeTable(
        format,
        ['externalRef', 'displayName', 'phone', 'language', 'childAgeBands'],
        many(),
      );
      // The writer is blocked once `pulled` stays put for 50 turns of the event loop in a row
      // (unblocked, it pulls on every turn).
      let still = 0;
      let last = -1;
      while (still < 50) {
        await new Promise(setImmediate);
        still = pulled === last ? still + 1 : 0;
        last = pulled;
      }
      expect(pulled).toBeLessThan(total / 10);
      const { rows } = await readBack(await bytesOf(stream));
      expect(rows).toHaveLength(total);
      expect(rows.at(-1)).toEqual([
        `ext-${total - 1}`,
        `Parent ${total - 1} of class 3B`,
        '+77010000000',
        'kk',
        '6-10; 11-14',
      ]);
    });
  }

  it('fails the stream when the rows fail', async () => {
    async function* broken() {
      yield ['a'];
      throw new Error('the store went away');
    }
    for (const format of ['csv', 'xlsx'] as const) {
      await expect(bytesOf(writeTable(format, ['displayName'], broken()))).rejects.toThrow(
        'the store went away',
      );
    }
  });
});
