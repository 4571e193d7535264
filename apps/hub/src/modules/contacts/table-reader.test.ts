import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { crc32 } from 'node:zlib';
import { guessImportColumn } from '@safenet/core';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { memoPdf, posterPng, windowsProgram } from '../../testing/files.js';
import {
  CLEAN_CSV_HEADERS,
  cleanContactsCsv,
  utf16UnicodeText,
  windows1251Csv,
  xlsxWithNumericPhones,
} from '../../testing/spreadsheets.js';
import { readTable, type Table, type TableRow } from './table-reader.js';

const MB = 1024 * 1024;

/** `bytes` as an upload streams in: chunks of `size` bytes. */
async function* chunks(bytes: Buffer | Uint8Array, size = 16 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function rowsOf(table: Table): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

async function read(
  bytes: Buffer | Uint8Array,
  options: Parameters<typeof readTable>[1] = { maxBytes: 10 * MB },
) {
  const table = await readTable(chunks(bytes), options);
  return { ...table, rows: await rowsOf(table) };
}

/** The SafenetError a read throws, from `readTable` or from its rows. */
async function failure(
  bytes: Buffer | Uint8Array,
  options: Parameters<typeof readTable>[1] = { maxBytes: 10 * MB },
) {
  return read(bytes, options).then(
    () => {
      throw new Error('the read succeeded');
    },
    (error: unknown) => error as { code: string; message: string },
  );
}

describe('readTable: CSV encodings and delimiters', () => {
  it('reads UTF-8 with a BOM: trimmed NFC cells padded to the header, blank rows skipped but counted', async () => {
    const csv =
      '\uFEFFФИО родителя , Телефон,Язык\r\n  Nguyễn Thị Lan ,+84 912 345 678,vi\r\n\r\n,,\r\nAsel,+77012345678\r\n';
    const table = await read(Buffer.from(csv.replace('Nguyễn', 'Nguyễn'.normalize('NFD'))));
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ',' });
    expect(table.headers).toEqual(['ФИО родителя', 'Телефон', 'Язык']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['Nguyễn Thị Lan', '+84 912 345 678', 'vi'] },
      { row: 5, cells: ['Asel', '+77012345678', ''] },
    ]);
    expect(table.rows[0]?.cells[0]).toBe('Nguyễn Thị Lan'.normalize('NFC'));
  });

  it('reads Windows-1251 with `;` as old Russian and Kazakh Excel writes it', async () => {
    const csv =
      'ФИО;Телефон;Школа\r\nЖанар Қасымова;+7 701 234 5678;Talgar Secondary School No. 1\r\n';
    const table = await read(iconv.encode(csv, 'windows-1251'));
    expect(table).toMatchObject({ encoding: 'windows-1251', delimiter: ';' });
    // Қ is not in Windows-1251: Excel writes '?' for it, as iconv-lite does.
    expect(table.rows).toEqual([
      { row: 2, cells: ['Жанар ?асымова', '+7 701 234 5678', 'Talgar Secondary School No. 1'] },
    ]);
  });

  it('reads UTF-16LE with a BOM, tab-separated, as Excel’s "Unicode text" writes it', async () => {
    const text = 'Họ tên phụ huynh\tSố điện thoại\r\nTrần Văn Minh\t+84 912 000 111\r\n';
    const table = await read(
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]),
    );
    expect(table).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(table.headers).toEqual(['Họ tên phụ huynh', 'Số điện thoại']);
    expect(table.rows).toEqual([{ row: 2, cells: ['Trần Văn Minh', '+84 912 000 111'] }]);
  });

  it('reads UTF-16 without a BOM by its NULs, and UTF-16BE by its BOM', async () => {
    const text = 'Name\tPhone\r\nAigerim\t+77010000001\r\n';
    const le = await read(iconv.encode(text, 'utf-16le'));
    expect(le).toMatchObject({ encoding: 'utf-16le', headers: ['Name', 'Phone'] });
    const be = await read(
      Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]),
    );
    expect(be).toMatchObject({ encoding: 'utf-16be', headers: ['Name', 'Phone'] });
    expect(be.rows).toEqual(le.rows);
  });

  it('takes UTF-8 without a BOM even when the peek cuts a letter in two', async () => {
    const header = 'Имя,Телефон\n';
    const filler = `${'a'.repeat(64 * 1024 - Buffer.byteLength(header) - 1)},1\n`;
    const bytes = Buffer.from(`${header}${filler}Ә,2\n`);
    const cut = Buffer.byteLength(header + filler) + 1; // the middle of Ә
    async function* split() {
      yield bytes.subarray(0, cut);
      yield bytes.subarray(cut);
    }
    const table = await readTable(split(), { maxBytes: MB });
    expect(table.encoding).toBe('utf-8');
    expect((await rowsOf(table)).at(-1)).toEqual({ row: 3, cells: ['Ә', '2'] });
  });

  it('counts delimiters outside quotes only, and obeys a given encoding and delimiter', async () => {
    const quoted = await read(
      Buffer.from('"Фамилия, имя, отчество";Телефон\n"Иванова, Анна";+77011112233\n'),
    );
    expect(quoted).toMatchObject({
      delimiter: ';',
      headers: ['Фамилия, имя, отчество', 'Телефон'],
    });
    const given = await read(Buffer.from('a;b|c\n1;2|3\n'), {
      maxBytes: MB,
      delimiter: '|',
      encoding: 'windows-1251',
    });
    expect(given).toMatchObject({
      delimiter: '|',
      encoding: 'windows-1251',
      headers: ['a;b', 'c'],
    });
    const mojibake = await read(Buffer.from('Телефон\n1\n'), {
      maxBytes: MB,
      encoding: 'windows-1251',
    });
    expect(mojibake.headers).toEqual(['РўРµР»РµС„РѕРЅ']);
  });

  it('reads quotes as Excel writes them: doubled quotes, line breaks and delimiters inside a cell', async () => {
    const csv =
      'Name,Organisation\n"Aliya ""Ali"" B.","Talgar Secondary School No. 1,\nTalgar"\nBekzat,ООО "Алма"\n';
    const table = await read(Buffer.from(csv));
    expect(table.rows).toEqual([
      { row: 2, cells: ['Aliya "Ali" B.', 'Talgar Secondary School No. 1,\nTalgar'] },
      { row: 3, cells: ['Bekzat', 'ООО "Алма"'] },
    ]);
  });

  it('reads back a cell the writer guarded against formula injection', async () => {
    const table = await read(Buffer.from("Name,Note\n'=Aliya,'+x\n"));
    expect(table.rows[0]?.cells).toEqual(['=Aliya', '+x']);
  });

  it('skips blank lines before the header and numbers rows as the sheet does', async () => {
    const table = await read(Buffer.from('\n;;\nФИО;Телефон;;\n;;\nАсель;+77010000002;;\n'));
    expect(table.headers).toEqual(['ФИО', 'Телефон']);
    expect(table.rows).toEqual([{ row: 5, cells: ['Асель', '+77010000002'] }]);
  });
});

describe('readTable: files it refuses', () => {
  it('refuses what is not a spreadsheet with import_file_type, naming what it is', async () => {
    const ole2 = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    const cases: [Buffer, RegExp][] = [
      [memoPdf('Memo for parents'), /PDF document/],
      [posterPng(), /image \(PNG\)/],
      [windowsProgram(), /Windows program/],
      [ole2, /Excel 97–2003 workbook \(\.xls\)/],
      [storedZip('notes.txt', 'not a workbook'), /ZIP archive without a workbook/],
      [Buffer.from('Name,Phone\nA\0B,1\n'), /binary bytes \(NUL\)/],
    ];
    for (const [bytes, message] of cases) {
      expect(await failure(bytes)).toMatchObject({
        code: 'import_file_type',
        message: expect.stringMatching(message),
      });
    }
  });

  it('refuses a format the bytes contradict', async () => {
    expect(await failure(Buffer.from('Name\nA\n'), { maxBytes: MB, format: 'xlsx' })).toMatchObject(
      {
        code: 'import_file_type',
        message: expect.stringMatching(/text \(CSV\).*not XLSX/),
      },
    );
  });

  it('refuses an empty file, one without a header, and empty or duplicated header names', async () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['\r\n;;\r\n\r\n', /no header row/],
      ['Name;;Phone\nA;;1\n', /Column 2 of the header row \(row 1\) has no name/],
      ['\nPhone,Name,Phone\n1,A,2\n', /row 2\) are both named "Phone"/],
    ];
    for (const [csv, message] of cases) {
      expect(await failure(Buffer.from(csv))).toMatchObject({
        code: 'import_file_malformed',
        message: expect.stringMatching(message),
      });
    }
  });

  it('refuses broken quoting with the row it is in; a stray quote inside a cell is a character, as in Excel', async () => {
    expect(await failure(Buffer.from('Name,Phone\nA,1\nB,2\n"C,3\nD,4\n'))).toMatchObject({
      code: 'import_file_malformed',
      message: expect.stringMatching(/^Row 4 has broken quoting/),
    });
    const stray = await read(Buffer.from('Name,Phone\n"C"x,3\n'));
    expect(stray.rows).toEqual([{ row: 2, cells: ['"C"x', '3'] }]);
  });

  it('refuses a quote never closed before it fills memory', async () => {
    const bytes = Buffer.from(`Name,Phone\n"A,${'x'.repeat(2 * MB)}\n`);
    expect(await failure(bytes)).toMatchObject({
      code: 'import_file_malformed',
      message: expect.stringMatching(/^Row 2 is longer than .* not closed/),
    });
  });

  it('stops reading at maxBytes with import_too_large, from readTable or from the rows', async () => {
    let pulled = 0;
    async function* endless() {
      const line = Buffer.from('Asel,+77010000003\n'.repeat(1000));
      yield Buffer.from('Name,Phone\n');
      for (;;) {
        pulled += 1;
        yield line;
      }
    }
    const table = await readTable(endless(), { maxBytes: MB });
    await expect(rowsOf(table)).rejects.toMatchObject({ code: 'import_too_large' });
    expect(pulled).toBeLessThanOrEqual(Math.ceil(MB / 18_000) + 1);
    await expect(readTable(chunks(Buffer.alloc(100, 'a')), { maxBytes: 99 })).rejects.toMatchObject(
      {
        code: 'import_too_large',
      },
    );
  });
});

describe('readTable: XLSX', () => {
  async function workbook(rows: ExcelJS.CellValue[][], style?: (sheet: ExcelJS.Worksheet) => void) {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Contacts');
    for (const [index, row] of rows.entries())
      if (row.length > 0) sheet.getRow(index + 1).values = row;
    style?.(sheet);
    book.addWorksheet('Other').addRow(['not read']);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('reads a workbook whose sheets come before xl/workbook.xml in the archive', async () => {
    // As exceljs's own writer may store them: the streaming reader met the sheet first and
    // threw (exceljs/exceljs#3064). The same entries, reordered with the workbook last.
    const original = await JSZip.loadAsync(
      await workbook([
        ['Телефон', 'Язык'],
        ['+77012345678', 'kk'],
      ]),
    );
    const names = Object.keys(original.files).filter((name) => !original.files[name]?.dir);
    const order = [
      ...names.filter((n) => n !== 'xl/workbook.xml' && !n.startsWith('xl/worksheets/')),
      ...names.filter((n) => n.startsWith('xl/worksheets/')),
      'xl/workbook.xml',
    ];
    const reordered = new JSZip();
    for (const name of order) {
      reordered.file(name, await (original.file(name) as JSZip.JSZipObject).async('nodebuffer'));
    }
    const bytes = await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const table = await read(bytes);
    expect(table.headers).toEqual(['Телефон', 'Язык']);
    expect(table.rows.map((r) => r.cells)).toEqual([['+77012345678', 'kk']]);
  });

  it('reads the first sheet: a phone stored as a number as its digits, dates as ISO, formulas as results', async () => {
    const bytes = await workbook(
      [
        ['ФИО родителя', 'Телефон', 'Дата рождения', 'Доля', 'Сумма', 'Школа'],
        [
          'Асель Нурланова',
          77012345678,
          new Date(Date.UTC(2010, 3, 10)),
          0.25,
          { formula: '1+1', result: 2 },
          {
            richText: [
              { text: 'Talgar ' },
              { text: 'Secondary School No. 1', font: { bold: true } },
            ],
          },
        ],
        [],
        ['  Trần Văn Minh ', 84912345678, null, 1.5, 'x'],
      ],
      (sheet) => {
        sheet.getCell('C2').numFmt = 'dd.mm.yyyy';
        sheet.getCell('D2').numFmt = '0%';
        sheet.getCell('D4').numFmt = '0.00';
      },
    );
    const table = await read(bytes);
    expect(table).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null });
    expect(table.headers).toEqual([
      'ФИО родителя',
      'Телефон',
      'Дата рождения',
      'Доля',
      'Сумма',
      'Школа',
    ]);
    expect(table.rows).toEqual([
      {
        row: 2,
        cells: [
          'Асель Нурланова',
          '77012345678',
          '2010-04-10',
          '25%',
          '2',
          'Talgar Secondary School No. 1',
        ],
      },
      { row: 4, cells: ['Trần Văn Minh', '84912345678', '', '1.50', 'x', ''] },
    ]);
  });

  it('refuses an XLSX as CSV, a broken workbook, and one past maxBytes', async () => {
    const bytes = await workbook([['Name'], ['A']]);
    expect(await failure(bytes, { maxBytes: MB, format: 'csv' })).toMatchObject({
      code: 'import_file_type',
    });
    const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    expect(await failure(cut)).toMatchObject({ code: 'import_file_malformed' });
    expect(await failure(bytes, { maxBytes: bytes.length - 1 })).toMatchObject({
      code: 'import_too_large',
    });
  });
});

describe('readTable: memory', () => {
  it('reads a 50 MB CSV without its heap growing with the file', async () => {
    const gc = exposeGc();
    const line = Buffer.from(
      'Асель Нурланова,+77012345678,kk,6-10; 11-14,Talgar Secondary School No. 1\n',
    );
    const total = 50 * MB;
    async function* generated() {
      yield Buffer.from('ФИО,Телефон,Язык,Возраст детей,Школа\n');
      const block = Buffer.concat(Array.from({ length: 512 }, () => line));
      for (let sent = 0; sent < total; sent += block.length) yield block;
    }
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    let rows = 0;
    const table = await readTable(generated(), { maxBytes: 2 * total });
    for await (const _ of table.rows) {
      rows += 1;
      if (rows % 50_000 === 0) {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      }
    }
    expect(rows).toBeGreaterThan(total / line.length - 1);
    // Retained heap at any point: buffers in flight, not the file (50 MB) or its rows.
    expect(peak).toBeLessThan(16 * MB);
  });
});

/** A full garbage collection, for measuring what stays alive (`--expose-gc` turned on here). */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** A ZIP archive of one stored file: a ZIP that is not a workbook. */
function storedZip(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const file = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(local.length + file.length + data.length, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

describe('readTable: the messy files of apps/hub/src/testing/spreadsheets.ts', () => {
  for (const [name, make] of [
    ['Windows-1251 `;` CSV', windows1251Csv],
    ['UTF-16LE "Unicode text"', utf16UnicodeText],
    ['XLSX with numeric phones', xlsxWithNumericPhones],
  ] as const) {
    it(`reads the ${name} as its outcome documents`, async () => {
      const { bytes, outcome } = await make();
      const table = await read(bytes);
      expect(table).toMatchObject({
        format: outcome.format,
        encoding: outcome.encoding,
        delimiter: outcome.delimiter,
        headers: outcome.headers,
      });
      expect(table.headers.map(guessImportColumn)).toEqual(outcome.columns);
      expect(table.rows.map(({ row }) => row)).toEqual(outcome.rows);
      expect(
        [...outcome.valid, ...outcome.rejected.map(({ row }) => row)].sort((a, b) => a - b),
      ).toEqual(outcome.rows);
      const phone = outcome.columns.indexOf('phone');
      const phones = table.rows.map(({ cells }) => cells[phone]);
      expect(phones).toContain('+7 123');
      expect(phones).toContain('8 701 234');
      for (const { cells } of table.rows)
        expect(cells.join(' ')).toBe(cells.join(' ').normalize('NFC'));
    });
  }

  it('reads the XLSX phones stored as numbers as their digits', async () => {
    const table = await read((await xlsxWithNumericPhones()).bytes);
    expect(table.rows[0]?.cells[3]).toBe('77012345611');
  });

  it('streams a clean CSV of N rows, each unique', async () => {
    const table = await readTable(cleanContactsCsv(1000, { phoneBlock: '9' }), { maxBytes: MB });
    const rows = await rowsOf(table);
    expect(table.headers).toEqual([...CLEAN_CSV_HEADERS]);
    expect(table.headers.map(guessImportColumn)).toEqual([...CLEAN_CSV_HEADERS]);
    expect(rows).toHaveLength(1000);
    expect(new Set(rows.map(({ cells }) => cells[4])).size).toBe(1000);
    expect(rows.at(-1)?.cells.slice(0, 5)).toEqual([
      'bench-999',
      expect.any(String),
      'parent',
      'ru',
      '+77019000999',
    ]);
  });
});
