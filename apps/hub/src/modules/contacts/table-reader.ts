import { PassThrough, pipeline, Readable } from 'node:stream';
import { type ImportEncoding, type ImportFormat, SafenetError } from '@safenet/core';
import { CsvError, parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import iconv from 'iconv-lite';

/**
 * Reads a contact spreadsheet as it streams in (issue 16): CSV in the encodings and with the
 * delimiters Excel writes in Russian, Kazakh and Vietnamese locales, or an XLSX workbook's
 * first sheet. It looks at the first bytes to tell what the file is, then parses row by row —
 * the file is never held in memory, so a 100,000-row upload costs what a 10-row one does.
 */

/** The delimiters a CSV may use: Excel in ru/kk/vi locales writes `;`, "Unicode text" tabs. */
export const TABLE_DELIMITERS = [',', ';', '\t', '|'] as const;
export type TableDelimiter = (typeof TABLE_DELIMITERS)[number];

/** A data row: its number as a spreadsheet shows it (the header is row 1), and its cells. */
export interface TableRow {
  row: number;
  /** Trimmed, NFC, one per header (padded with `''`). */
  cells: string[];
}

/** A spreadsheet being read: what it was found to be, its header row, and its data rows. */
export interface Table {
  format: ImportFormat;
  /** The CSV's text encoding; `null` for XLSX. */
  encoding: ImportEncoding | null;
  /** The CSV's delimiter; `null` for XLSX. */
  delimiter: TableDelimiter | null;
  headers: string[];
  /** Read once, in order; entirely empty rows are skipped (they still count in numbering). */
  rows: AsyncIterable<TableRow>;
}

export interface ReadTableOptions {
  /** What the file must be; default: read from its bytes. */
  format?: ImportFormat;
  /** A CSV's encoding; default: a BOM, else UTF-16 by its NULs, else UTF-8 if valid, else Windows-1251. */
  encoding?: ImportEncoding;
  /** A CSV's delimiter; default: the one the header row uses most (outside quotes). */
  delimiter?: TableDelimiter;
  /** Raw bytes read past this are refused with `import_too_large`, and reading stops. */
  maxBytes: number;
}

/** How much of the start is looked at to tell the type, encoding and delimiter. */
const PEEK_BYTES = 64 * 1024;
/** A CSV record larger than this is a quote never closed, not a contact. */
const MAX_RECORD_CHARS = 1024 * 1024;

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from('PK\x03\x04', 'latin1');
const BOMS: readonly (readonly [Buffer, ImportEncoding])[] = [
  [Buffer.from([0xef, 0xbb, 0xbf]), 'utf-8'],
  [Buffer.from([0xff, 0xfe]), 'utf-16le'],
  [Buffer.from([0xfe, 0xff]), 'utf-16be'],
];

/**
 * Reads the header row of `source` and returns it with the rows still to stream. Throws
 * `import_file_type` for anything not a CSV or XLSX (a PDF, an image, an old `.xls`, a
 * program, binary bytes), `import_file_malformed` for an empty file, a missing, empty or
 * duplicated header or broken quoting (with its row), and `import_too_large` past `maxBytes`
 * — from this call, or from iterating `rows` when the trouble is further in.
 *
 * @example
 * const table = await readTable(request.raw, { maxBytes: 50 * 1024 * 1024 });
 * for await (const { row, cells } of table.rows) …
 */
export async function readTable(
  source: AsyncIterable<Uint8Array>,
  options: ReadTableOptions,
): Promise<Table> {
  const bytes = await peek(counted(source, options.maxBytes));
  if (bytes.head.length === 0) throw malformed('The file is empty: export the contacts again');
  const format = await formatOf(bytes.head);
  if (options.format !== undefined && options.format !== format) {
    throw new SafenetError(
      'import_file_type',
      `The file is ${format === 'xlsx' ? 'an XLSX workbook' : 'text (CSV)'} by its bytes, not ${options.format.toUpperCase()}: upload it without a format, or with format=${format}`,
    );
  }
  if (format === 'xlsx') {
    const { headers, rows } = await withHeader(xlsxRecords(bytes.all()));
    return { format, encoding: null, delimiter: null, headers, rows };
  }
  const encoding = options.encoding ?? encodingOf(bytes.head, bytes.complete);
  refuseBinaryText(bytes.head, encoding);
  const delimiter = options.delimiter ?? delimiterOf(iconv.decode(bytes.head, encoding));
  const { headers, rows } = await withHeader(csvRecords(bytes.all(), encoding, delimiter));
  return { format, encoding, delimiter, headers, rows };
}

function malformed(message: string): SafenetError {
  return new SafenetError('import_file_malformed', message);
}

/** The bytes of `source`, refused with `import_too_large` as soon as they pass `maxBytes`. */
async function* counted(source: AsyncIterable<Uint8Array>, maxBytes: number) {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new SafenetError(
        'import_too_large',
        `The file is larger than ${maxBytes} bytes, the most this hub takes (SAFENET_IMPORT_MAX_BYTES): split it into smaller files`,
      );
    }
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** The first {@link PEEK_BYTES} (or the whole file, if shorter), and every byte again after. */
async function peek(source: AsyncGenerator<Buffer>) {
  const chunks: Buffer[] = [];
  let size = 0;
  let complete = false;
  while (size < PEEK_BYTES) {
    const next = await source.next();
    if (next.done) {
      complete = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(chunks);
  return {
    head,
    /** Whether `head` is the whole file (so a character cut at its end is an error). */
    complete,
    async *all(): AsyncGenerator<Buffer> {
      yield head;
      if (!complete) yield* source;
    },
  };
}

/** What the bytes are: an XLSX workbook, text to read as CSV, or `import_file_type`. */
async function formatOf(head: Buffer): Promise<ImportFormat> {
  const refuse = (
    what: string,
    todo = 'save the contacts as CSV (UTF-8) or XLSX and upload that',
  ) =>
    new SafenetError(
      'import_file_type',
      `The file is ${what}, not a spreadsheet Safenet reads: ${todo}`,
    );
  if (head.subarray(0, OLE2.length).equals(OLE2)) {
    throw refuse(
      'an old Excel 97–2003 workbook (.xls) or another old Office file',
      'open it in Excel and save it as .xlsx or as CSV UTF-8, then upload that',
    );
  }
  if (BOMS.some(([bom]) => head.subarray(0, bom.length).equals(bom))) return 'csv';
  const type = await fileTypeFromBuffer(head);
  if (head.subarray(0, ZIP.length).equals(ZIP)) {
    // A workbook names its parts in the local headers at its start; file-type reads the same.
    if (
      type?.ext === 'xlsx' ||
      head.includes('xl/workbook.xml') ||
      head.includes('xl/worksheets/')
    ) {
      return 'xlsx';
    }
    throw refuse(
      type && type.ext !== 'zip' ? describe(type) : 'a ZIP archive without a workbook in it',
    );
  }
  if (type) throw refuse(describe(type));
  return 'csv';
}

const KNOWN_TYPES: Record<string, string> = {
  pdf: 'a PDF document',
  exe: 'a Windows program',
  docx: 'a Word document (.docx)',
  pptx: 'a PowerPoint presentation (.pptx)',
  ods: 'an OpenDocument spreadsheet (.ods)',
};
const describe = (type: { ext: string; mime: string }) =>
  KNOWN_TYPES[type.ext] ??
  (type.mime.startsWith('image/')
    ? `an image (${type.ext.toUpperCase()})`
    : `${type.mime} (.${type.ext})`);

/**
 * The text encoding of a CSV: a BOM says it; else UTF-16 when NULs fill one byte of each pair
 * (ASCII — delimiters, digits, line ends — written as UTF-16 without a BOM); else UTF-8 when
 * the start decodes as UTF-8 (a character cut by the peek's end is no error); else
 * Windows-1251, what Excel in a Russian or Kazakh locale writes for "CSV".
 */
function encodingOf(head: Buffer, complete: boolean): ImportEncoding {
  const bom = BOMS.find(([mark]) => head.subarray(0, mark.length).equals(mark));
  if (bom) return bom[1];
  const utf16 = utf16ByNuls(head);
  if (utf16) return utf16;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return 'utf-8';
  } catch {
    return 'windows-1251';
  }
}

/**
 * UTF-16 without a BOM: NUL in at least a third of one position's bytes and in (almost) none
 * of the other's. "Almost": a letter such as U+0300 (a combining grave in NFD Vietnamese) has
 * a NUL low byte.
 */
function utf16ByNuls(head: Buffer): ImportEncoding | null {
  const pairs = Math.floor(head.length / 2);
  if (pairs < 2) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) even += 1;
    if (head[i + 1] === 0) odd += 1;
  }
  if (odd * 3 >= pairs && even * 8 < odd) return 'utf-16le';
  if (even * 3 >= pairs && odd * 8 < even) return 'utf-16be';
  return null;
}

/** Text in a one-byte or UTF-8 encoding has no NUL: one there means the file is not text. */
function refuseBinaryText(head: Buffer, encoding: ImportEncoding): void {
  if (encoding.startsWith('utf-16') || !head.includes(0)) return;
  throw new SafenetError(
    'import_file_type',
    utf16ByNuls(head)
      ? `The file looks like UTF-16 text, not ${encoding}: upload it without an encoding, or with encoding=utf-16le`
      : 'The file has binary bytes (NUL) where a CSV has text: save the contacts as CSV (UTF-8) or XLSX and upload that',
  );
}

/**
 * The delimiter the header row uses most, counted outside quotes; `,` when it has none (a
 * file of one column) or on a tie.
 */
function delimiterOf(text: string): TableDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  let seen = false;
  for (const char of text.replace(/^\uFEFF/, '')) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) {
      if (seen) break;
    } else if (!quoted) {
      if (char.trim() !== '' && !TABLE_DELIMITERS.includes(char as TableDelimiter)) seen = true;
      counts.set(char, (counts.get(char) ?? 0) + 1);
    }
  }
  let best: TableDelimiter = ',';
  for (const delimiter of TABLE_DELIMITERS) {
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  }
  return best;
}

/** A record as parsed, numbered as a spreadsheet numbers rows. */
interface RawRecord {
  row: number;
  cells: string[];
}

/** CSV records: bytes → iconv-lite's decoder → csv-parse, all streaming with backpressure. */
async function* csvRecords(
  bytes: AsyncGenerator<Buffer>,
  encoding: ImportEncoding,
  delimiter: TableDelimiter,
): AsyncGenerator<RawRecord> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    // Excel reads a quote inside an unquoted cell (`ООО "Алма"`) as a character; so do we.
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  // Errors reach the parser's iterator: pipeline destroys every stream with the first one.
  pipeline(Readable.from(bytes), iconv.decodeStream(encoding), parser, () => {});
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells: record.map(unguard) };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const at = typeof error.records === 'number' ? error.records + 1 : row + 1;
    throw malformed(
      error.code === 'CSV_MAX_RECORD_SIZE'
        ? `Row ${at} is longer than ${MAX_RECORD_CHARS} characters: a quote (") is probably not closed there`
        : `Row ${at} has broken quoting (${error.code}): a cell that starts with a quote (") must end with one, and a quote inside it is written twice ("")`,
    );
  } finally {
    parser.destroy();
  }
}

/**
 * A cell as the writer guarded it against formula injection (`'=SUM(…)`) reads back as it
 * was, as Excel shows it.
 */
const unguard = (cell: string) => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);

/** The first worksheet's rows (exceljs's streaming reader), each cell as its text. */
async function* xlsxRecords(bytes: AsyncGenerator<Buffer>): AsyncGenerator<RawRecord> {
  // exceljs pipes its input into the unzipper, and a pipe passes no error on: a failure of
  // the bytes (too large) ends the input instead, and is thrown here once exceljs stops.
  let failure: unknown;
  const input = new PassThrough();
  const feed = (async () => {
    try {
      for await (const chunk of bytes) {
        if (!input.write(chunk)) {
          await new Promise((resolve) => {
            input.once('drain', resolve);
            input.once('close', resolve);
          });
        }
        if (input.destroyed) return;
      }
    } catch (error) {
      failure = error;
    }
    input.end();
  })();
  const book = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // exceljs names a worksheet from `xl/workbook.xml`, which its own writer (and others) stores
  // last: a sheet streamed before it met no workbook model and threw "reading 'sheets'"
  // (exceljs/exceljs#3064). Only the first sheet's rows are read here, never its name.
  (book as unknown as { model: { sheets: unknown[] } }).model = { sheets: [] };
  try {
    for await (const sheet of book) {
      for await (const row of sheet) {
        const cells: string[] = [];
        row.eachCell((cell, column) => {
          cells[column - 1] = cellText(cell.value, cell.numFmt);
        });
        yield { row: row.number, cells: Array.from(cells, (cell) => cell ?? '') };
      }
      break;
    }
  } catch (error) {
    if (failure !== undefined) throw failure;
    if (error instanceof SafenetError) throw error;
    throw malformed(
      `The XLSX workbook cannot be read (${error instanceof Error ? error.message : String(error)}): open it in Excel, save it again, and upload that`,
    );
  } finally {
    input.destroy();
    await feed;
  }
  if (failure !== undefined) throw failure;
}

/**
 * A cell's value as text: numbers in full (a phone stored as a number comes out as its digits,
 * never 7.70123E+10), with the decimals or percent its format shows; dates as ISO
 * (`2017-04-10`, with the time if any); a formula as its result; rich text as its text.
 */
function cellText(value: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const iso = value.toISOString();
    const time = iso.slice(11, 19);
    return time === '00:00:00'
      ? iso.slice(0, 10)
      : `${iso.slice(0, 10)} ${time.replace(/:00$/, '')}`;
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return String(value.error);
  if ('result' in value) return cellText(value.result ?? null, numFmt);
  if ('text' in value)
    return typeof value.text === 'string' ? value.text : cellText(value.text, numFmt);
  return '';
}

function numberText(value: number, numFmt: string | undefined): string {
  const format = numFmt ?? '';
  const decimals = /0\.(0+)/.exec(format)?.[1]?.length;
  if (format.includes('%')) return `${numberText(value * 100, format.replace(/%/g, ''))}%`;
  if (decimals !== undefined) return value.toFixed(decimals);
  if (Number.isInteger(value)) return value.toLocaleString('en-US', { useGrouping: false });
  return String(Number(value.toPrecision(15)));
}

/**
 * The first non-empty record is the header: trimmed, NFC, trailing empty columns dropped
 * (Excel writes `;;;` past the last column it once formatted). The rows after it, cut or
 * padded to the header's width, entirely empty ones skipped.
 */
async function withHeader(records: AsyncGenerator<RawRecord>) {
  const clean = (cells: string[]) => cells.map((cell) => cell.trim().normalize('NFC'));
  const empty = (cells: string[]) => cells.every((cell) => cell === '');
  let headers: string[] | undefined;
  try {
    for (;;) {
      const next = await records.next();
      if (next.done)
        throw malformed('The file has no header row: its first row must name the columns');
      const cells = clean(next.value.cells);
      if (!empty(cells)) {
        headers = checkedHeaders(cells, next.value.row);
        break;
      }
    }
  } catch (error) {
    await records.return(undefined);
    throw error;
  }
  const width = headers.length;
  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (;;) {
        const next = await records.next();
        if (next.done) return;
        const cells = clean(next.value.cells.slice(0, width));
        if (empty(cells)) continue;
        while (cells.length < width) cells.push('');
        yield { row: next.value.row, cells };
      }
    } finally {
      await records.return(undefined);
    }
  }
  return { headers, rows: rows() };
}

function checkedHeaders(cells: string[], row: number): string[] {
  let width = cells.length;
  while (width > 0 && cells[width - 1] === '') width -= 1;
  const headers = cells.slice(0, width);
  const blank = headers.indexOf('');
  if (blank >= 0) {
    throw malformed(
      `Column ${blank + 1} of the header row (row ${row}) has no name: name it, or delete the column`,
    );
  }
  const seen = new Set<string>();
  for (const header of headers) {
    if (seen.has(header)) {
      throw malformed(
        `Two columns of the header row (row ${row}) are both named "${header}": rename one of them`,
      );
    }
    seen.add(header);
  }
  return headers;
}
