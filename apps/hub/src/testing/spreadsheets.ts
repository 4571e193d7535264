import type { ImportEncoding, ImportField, ImportFormat, ImportRowCode } from '@safenet/core';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/**
 * The messy spreadsheets issue 16 names, made here byte for byte: a Windows-1251 `;` CSV as
 * old Russian Excel saves it, a UTF-16LE tab-separated "Unicode text" export with Vietnamese
 * parents, an XLSX whose phone column is stored as numbers — each with a duplicate row, bad
 * phones, an unknown school, a child's name and birth date column (which must come out as
 * `child_data`) and blank lines — and a clean N-row CSV for benchmarks, streamed.
 *
 * Adults only: the parents' names are invented adult names; a child's columns hold
 * placeholders ("Ученик 1") and made-up dates, never a child's name. Organisations are the
 * demo seed's (apps/hub/src/seed/demo.seed.ts), written exactly as it names them; the unknown
 * school is named so to be unknown.
 */

/** What reading and importing a messy file must give, so tests can assert exactly. */
export interface SpreadsheetOutcome {
  format: ImportFormat;
  encoding: ImportEncoding | null;
  delimiter: string | null;
  headers: string[];
  /** `guessImportColumn` of each header, in order. */
  columns: (ImportField | 'child_data' | null)[];
  /** The data rows `readTable` yields, by number (blank lines skipped, still counted). */
  rows: number[];
  /**
   * Importing with `key: 'phone'` into the demo ministry (its subtree holds the schools
   * named), guessed mapping: the rows rejected, each with its column and code. A duplicate is
   * the later row of the two. Every other row is valid.
   */
  rejected: { row: number; column: string; code: ImportRowCode }[];
  /** The rows that import, by number. */
  valid: number[];
}

/** A messy file: its bytes and what must come of them. */
export interface MessySpreadsheet {
  fileName: string;
  bytes: Buffer;
  outcome: SpreadsheetOutcome;
}

const TALGAR = 'Talgar Secondary School No. 1';
const ASSOCIATION = 'National Parents’ Association';
const NBK = 'Nguyễn Bình Khiêm High School';

/**
 * A parents' list as a Kazakh school's old Excel saves "CSV (разделители — точки с запятой)":
 * Windows-1251 (Kazakh letters outside it are typed as Russian ones, as such files have
 * them), `;`, CRLF, a row-number column, blank lines, one row of empty cells.
 *
 * Rows: 2 valid; 3 valid (`8 701 234 5602`, the domestic form); 5 `+7 123` and 6 `8 701 234`
 * invalid_phone_number; 7 organisation_unknown (`Школа-гимназия № 99`); 8 duplicate_key
 * (row 3's number written `+7 (701) 234-56-02`); 10 valid (the association). Lines 4 and 9
 * are blank.
 */
export function windows1251Csv(): MessySpreadsheet {
  const headers = [
    '№',
    'ФИО родителя',
    'ФИО ученика',
    'Дата рождения',
    'Телефон',
    'Школа',
    'Язык',
    'Возраст детей',
    'Согласие WhatsApp',
  ];
  const lines = [
    headers,
    [
      '1',
      'Айгерим Нурланова',
      'Ученик 1',
      '12.03.2012',
      '+7 701 234 5601',
      TALGAR,
      'казахский',
      '11-14',
      'да',
    ],
    [
      '2',
      'Ерлан Сейткали',
      'Ученик 2',
      '05.09.2014',
      '8 701 234 5602',
      TALGAR,
      'русский',
      '6-10',
      'нет',
    ],
    [],
    ['3', 'Динара Абенова', 'Ученик 3', '21.01.2013', '+7 123', TALGAR, 'каз', '6-10', ''],
    ['4', 'Марат Жумабеков', 'Ученик 4', '30.06.2011', '8 701 234', TALGAR, 'рус', '11-14', 'да'],
    [
      '5',
      'Гульнара Ахметова',
      'Ученик 5',
      '14.02.2015',
      '+7 701 234 5605',
      'Школа-гимназия № 99',
      'русский',
      '6-10',
      'да',
    ],
    [
      '6',
      'Ерлан Сейткали',
      'Ученик 6',
      '05.09.2014',
      '+7 (701) 234-56-02',
      TALGAR,
      'русский',
      '6-10',
      'нет',
    ],
    ['', '', '', '', '', '', '', '', ''],
    [
      '7',
      'Айжан Касымова',
      'Ученик 7',
      '02.11.2012',
      '+77012345607',
      ASSOCIATION,
      'английский',
      '11-14',
      'x',
    ],
  ];
  const text = lines.map((cells) => cells.map(csvCell(';')).join(';')).join('\r\n');
  return {
    fileName: 'родители-5А.csv',
    bytes: iconv.encode(`${text}\r\n`, 'windows-1251'),
    outcome: {
      format: 'csv',
      encoding: 'windows-1251',
      delimiter: ';',
      headers,
      columns: [
        null,
        'displayName',
        'child_data',
        'child_data',
        'phone',
        'organisation',
        'language',
        'childAgeBands',
        'consent.whatsapp',
      ],
      rows: [2, 3, 5, 6, 7, 8, 10],
      rejected: [
        { row: 5, column: 'Телефон', code: 'invalid_phone_number' },
        { row: 6, column: 'Телефон', code: 'invalid_phone_number' },
        { row: 7, column: 'Школа', code: 'organisation_unknown' },
        { row: 8, column: 'Телефон', code: 'duplicate_key' },
      ],
      valid: [2, 3, 10],
    },
  };
}

/**
 * A Vietnamese school's list saved as Excel's "Unicode text": UTF-16LE with a BOM, tabs,
 * CRLF; Vietnamese written in NFD in one row (as some Mac exports do).
 *
 * Rows: 2 valid (`0912 345 601`, the domestic form); 3 valid; 5 `+7 123` and 6 `8 701 234`
 * invalid_phone_number; 7 organisation_unknown (`Trường THCS Hòa Bình`); 8 duplicate_key
 * (row 2's number as `+84912345601`); 9 valid (NFD). Line 4 is blank.
 */
export function utf16UnicodeText(): MessySpreadsheet {
  const headers = [
    'STT',
    'Họ tên phụ huynh',
    'Họ tên học sinh',
    'Ngày sinh',
    'Số điện thoại',
    'Trường',
    'Ngôn ngữ',
    'Độ tuổi của con',
    'Đồng ý Zalo',
  ];
  const lines = [
    headers,
    [
      '1',
      'Nguyễn Thị Lan',
      'Học sinh 1',
      '12/03/2012',
      '0912 345 601',
      NBK,
      'tiếng Việt',
      '11-14',
      'có',
    ],
    ['2', 'Trần Văn Minh', 'Học sinh 2', '05/09/2014', '+84 912 345 602', NBK, 'vi', '6-10', 'có'],
    [],
    ['3', 'Lê Thị Hoa', 'Học sinh 3', '21/01/2013', '+7 123', NBK, 'vi', '6-10', 'không'],
    ['4', 'Phạm Văn Đức', 'Học sinh 4', '30/06/2011', '8 701 234', NBK, 'vi', '11-14', ''],
    [
      '5',
      'Hoàng Thị Mai',
      'Học sinh 5',
      '14/02/2015',
      '+84 912 345 605',
      'Trường THCS Hòa Bình',
      'vi',
      '6-10',
      'có',
    ],
    [
      '6',
      'Nguyễn Thị Lan',
      'Học sinh 6',
      '12/03/2012',
      '+84912345601',
      NBK,
      'tiếng Việt',
      '11-14',
      'có',
    ],
    [
      '7',
      'Đặng Văn Ước'.normalize('NFD'),
      'Học sinh 7',
      '02/11/2012',
      '+84 912 345 607',
      NBK.normalize('NFD'),
      'English',
      '11-14',
      '',
    ],
  ];
  const text = lines.map((cells) => cells.map(csvCell('\t')).join('\t')).join('\r\n');
  return {
    fileName: 'danh-sach-phu-huynh.txt',
    bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(`${text}\r\n`, 'utf-16le')]),
    outcome: {
      format: 'csv',
      encoding: 'utf-16le',
      delimiter: '\t',
      headers,
      columns: [
        null,
        'displayName',
        'child_data',
        'child_data',
        'phone',
        'organisation',
        'language',
        'childAgeBands',
        'consent.zalo',
      ],
      rows: [2, 3, 5, 6, 7, 8, 9],
      rejected: [
        { row: 5, column: 'Số điện thoại', code: 'invalid_phone_number' },
        { row: 6, column: 'Số điện thoại', code: 'invalid_phone_number' },
        { row: 7, column: 'Trường', code: 'organisation_unknown' },
        { row: 8, column: 'Số điện thoại', code: 'duplicate_key' },
      ],
      valid: [2, 3, 9],
    },
  };
}

/**
 * A district's workbook (exceljs) with Kazakh headers, the phone column stored as numbers
 * (`77012345611`, as Excel keeps a number typed without `+`), birth dates as date cells, a
 * blank row, and a second sheet that is not read.
 *
 * Rows: 2 and 3 valid; 5 `+7 123` and 6 `8 701 234` invalid_phone_number; 7
 * organisation_unknown (`№ 99 мектеп-гимназия`); 8 duplicate_key (row 2's number again).
 * Row 4 is blank.
 */
export async function xlsxWithNumericPhones(): Promise<MessySpreadsheet> {
  const headers = [
    'Ата-ананың аты-жөні',
    'Баланың аты-жөні',
    'Туған күні',
    'Телефон нөмірі',
    'Мектеп',
    'Тілі',
    'Балалардың жасы',
    'Келісім SMS',
  ];
  const date = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
  const rows: (ExcelJS.CellValue[] | null)[] = [
    ['Әсел Құрманова', 'Оқушы 1', date(2012, 3, 12), 77012345611, TALGAR, 'қазақша', '11-14', 'иә'],
    ['Нұрлан Өтебаев', 'Оқушы 2', date(2014, 9, 5), 77012345612, TALGAR, 'орыс', '6-10', 'жоқ'],
    null,
    ['Гүлнар Сәрсенова', 'Оқушы 3', date(2013, 1, 21), '+7 123', TALGAR, 'kk', '6-10', ''],
    ['Бауыржан Ілиясов', 'Оқушы 4', date(2011, 6, 30), '8 701 234', TALGAR, 'kk', '11-14', 'иә'],
    [
      'Жанар Оспанова',
      'Оқушы 5',
      date(2015, 2, 14),
      77012345615,
      '№ 99 мектеп-гимназия',
      'ru',
      '6-10',
      'иә',
    ],
    ['Әсел Құрманова', 'Оқушы 6', date(2012, 3, 12), 77012345611, TALGAR, 'қазақша', '11-14', 'иә'],
  ];
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Ата-аналар');
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(row ?? []);
  sheet.getColumn(3).numFmt = 'dd.mm.yyyy';
  book.addWorksheet('Анықтама').addRow(['Бұл парақ оқылмайды']);
  return {
    fileName: 'ата-аналар.xlsx',
    bytes: Buffer.from(await book.xlsx.writeBuffer()),
    outcome: {
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      headers,
      columns: [
        'displayName',
        'child_data',
        'child_data',
        'phone',
        'organisation',
        'language',
        'childAgeBands',
        'consent.sms',
      ],
      rows: [2, 3, 5, 6, 7, 8],
      rejected: [
        { row: 5, column: 'Телефон нөмірі', code: 'invalid_phone_number' },
        { row: 6, column: 'Телефон нөмірі', code: 'invalid_phone_number' },
        { row: 7, column: 'Мектеп', code: 'organisation_unknown' },
        { row: 8, column: 'Телефон нөмірі', code: 'duplicate_key' },
      ],
      valid: [2, 3],
    },
  };
}

/** The header of {@link cleanContactsCsv}: the export's own field names. */
export const CLEAN_CSV_HEADERS = [
  'externalRef',
  'displayName',
  'role',
  'language',
  'phone',
  'organisation',
  'childAgeBands',
  'consent.sms',
] as const;

const FIRST_NAMES = ['Айгерим', 'Ерлан', 'Динара', 'Марат', 'Гульнара', 'Айжан', 'Нурлан', 'Жанар'];
const LAST_NAMES = [
  'Нурланова',
  'Сейткали',
  'Абенова',
  'Жумабеков',
  'Ахметова',
  'Касымова',
  'Отебаев',
];

/**
 * A clean UTF-8 CSV (with BOM) of `rows` parents of Talgar Secondary School No. 1, streamed in
 * chunks of about 64 KiB — for benchmarks (100,000 rows is ~8 MB) without holding it. Row
 * `i` (0-based) has externalRef `bench-i` and phone `+7701` + `phoneBlock` + `i` padded to 11
 * digits; every row is valid, none repeats.
 *
 * @example
 * const table = await readTable(cleanContactsCsv(100_000), { maxBytes: 64 * 1024 * 1024 });
 */
export async function* cleanContactsCsv(
  rows: number,
  { phoneBlock = '' }: { phoneBlock?: string } = {},
): AsyncGenerator<Buffer> {
  const digits = 11 - 4 - phoneBlock.length;
  if (rows > 10 ** digits) throw new Error(`at most ${10 ** digits} rows fit the phone block`);
  let chunk = `\uFEFF${CLEAN_CSV_HEADERS.join(',')}\r\n`;
  for (let i = 0; i < rows; i += 1) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[i % LAST_NAMES.length]}`;
    const phone = `+7701${phoneBlock}${String(i).padStart(digits, '0')}`;
    const language = i % 3 === 0 ? 'ru' : 'kk';
    chunk += `bench-${i},${name},parent,${language},${phone},${TALGAR},6-10; 11-14,yes\r\n`;
    if (chunk.length >= 32 * 1024) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk !== '') yield Buffer.from(chunk);
}

/** A cell as Excel quotes it for `delimiter`: only when it holds the delimiter, a quote or a line break. */
const csvCell = (delimiter: string) => (cell: string) =>
  cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
