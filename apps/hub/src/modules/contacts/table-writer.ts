import { PassThrough, pipeline, Readable } from 'node:stream';
import { guessImportColumn, type ImportFormat } from '@safenet/core';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/**
 * Writes a contact spreadsheet as a stream (issue 16): the export's file, and the error
 * report a user fixes and uploads again. Rows are pulled as the reader of the stream takes
 * bytes, so a 100,000-contact export holds a few rows in memory, not the file.
 */

/** Output a slow reader has not taken yet, past which no further row is pulled. */
const HIGH_WATER_MARK = 64 * 1024;

/**
 * `headers` and `rows` as a CSV or XLSX file. CSV: UTF-8 with a BOM (so Excel opens Cyrillic
 * and Vietnamese right), `,`, CRLF, quoted where needed, a cell that Excel would run as a
 * formula (`=`, `+`, `-`, `@` first, and not a phone number) written with a leading `'`.
 * XLSX: one sheet, the header row bold and frozen, phone and WhatsApp columns formatted as
 * text (a number typed there later keeps its `+` and leading zeros). An error thrown by
 * `rows` destroys the stream with it.
 *
 * @example
 * const file = writeTable('csv', ['displayName', 'phone'], contactsAsRows());
 * reply.type('text/csv; charset=utf-8').send(file);
 */
export function writeTable(
  format: ImportFormat,
  headers: string[],
  rows: AsyncIterable<string[]>,
): Readable {
  return format === 'csv' ? csv(headers, rows) : xlsx(headers, rows);
}

/** Digits with the marks phone numbers are written with: `+7 701 234 5678`, `-` alone is not. */
const PHONE = /^[+-]?[\d\s().-]*\d[\d\s().-]*$/;

/** OWASP's CSV injection guard: what Excel would evaluate gets a `'` that it shows as text. */
const guard = (cell: string) =>
  /^[=+\-@\t\r]/.test(cell) && !PHONE.test(cell) ? `'${cell}` : cell;

function csv(headers: string[], rows: AsyncIterable<string[]>): Readable {
  async function* records() {
    yield headers.map(guard);
    for await (const row of rows) yield row.map(guard);
  }
  return pipeline(
    Readable.from(records(), { highWaterMark: 16 }),
    stringify({
      bom: true,
      delimiter: ',',
      record_delimiter: 'windows',
      writableHighWaterMark: 16,
      readableHighWaterMark: HIGH_WATER_MARK,
    }),
    () => {},
  );
}

/**
 * exceljs's streaming writer writes each committed row into the zip at once, whether or not
 * anyone reads: rows are committed only while the output has room, and the loop gives the
 * event loop a turn every few rows so the zip's compression keeps up.
 */
function xlsx(headers: string[], rows: AsyncIterable<string[]>): Readable {
  const out = new PassThrough({ highWaterMark: HIGH_WATER_MARK });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  book.creator = 'Safenet';
  const sheet = book.addWorksheet('Contacts', { views: [{ state: 'frozen', ySplit: 1 }] });
  const textColumns = headers.flatMap((header, index) => {
    const field = guessImportColumn(header);
    return field === 'phone' || field === 'whatsapp' ? [index + 1] : [];
  });
  const room = () =>
    new Promise<void>((resolve) => {
      if (!out.writableNeedDrain || out.destroyed) return resolve();
      out.once('drain', resolve);
      out.once('close', resolve);
    });
  void (async () => {
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    header.commit();
    let written = 0;
    for await (const cells of rows) {
      if (out.destroyed) return;
      const row = sheet.addRow(cells);
      for (const column of textColumns) row.getCell(column).numFmt = '@';
      row.commit();
      written += 1;
      if (written % 100 === 0) await new Promise(setImmediate);
      await room();
    }
    sheet.commit();
    await book.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
