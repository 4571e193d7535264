import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ContactImport, ImportColumn, Language, SafenetClient } from '@safenet/sdk';
import { CliError, usageError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { type Io, note } from '../io.js';
import type { OutputFormat } from '../output/format.js';
import { type Cell, fieldView, renderView } from '../output/render.js';
import { writeNewFile } from '../output/write-file.js';

/** How many rejected rows are listed on stderr; the error report holds them all. */
const LISTED_ERRORS = 10;

/** Where the rejected rows go: `--errors-out`, else `<name>.errors.csv` beside the file. */
export function errorReportPath(file: string, errorsOut: string | undefined): string {
  if (errorsOut) return errorsOut;
  return join(dirname(file), `${basename(file, extname(file))}.errors.csv`);
}

/** What to do with an import that stopped moving. */
export interface ResultOptions {
  format: OutputFormat;
  lang: Language;
  /** Where the error report goes, when rows were rejected. */
  errorsOut: string;
  force: boolean;
}

/**
 * Prints how the file was read and what came of its rows, writes the error report when rows
 * were rejected, and throws the exit code the outcome calls for: 4 when the hub refused rows
 * (all or nothing rejected, or a dry run left with rejected rows), 1 when the import failed.
 */
export async function finishImport(
  io: Io,
  client: SafenetClient,
  record: ContactImport,
  options: ResultOptions,
): Promise<void> {
  printResult(io, record, options.format);
  note(io, statusLine(record));
  if (record.counts.rejected > 0) await reportRejected(io, client, record, options);
  if (record.status === 'failed') {
    throw new CliError(
      'import_failed',
      `import ${record.id} failed in the hub; nothing more will happen to it`,
      EXIT_CODES.failure.code,
    );
  }
  if (record.status === 'rejected') {
    throw new CliError(
      'import_rejected',
      `${record.counts.rejected} of ${record.counts.rows} rows were rejected, so none was imported (all or nothing)`,
      EXIT_CODES.refused.code,
    );
  }
  if (record.status === 'validated' && record.counts.rejected > 0) {
    throw new CliError(
      'import_rows_rejected',
      `the dry run rejected ${record.counts.rejected} of ${record.counts.rows} rows; nothing was written`,
      EXIT_CODES.refused.code,
    );
  }
}

/** The final record as JSON, or the columns as read and the counts as tables (or CSV). */
export function printResult(io: Io, record: ContactImport, format: OutputFormat): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
    return;
  }
  io.stdout.write(
    renderView(io, format, {
      json: record,
      rows: record.columns,
      columns: [
        { header: 'column', value: (column: ImportColumn) => column.header },
        { header: 'field', value: fieldCell },
        { header: 'source', value: (column: ImportColumn) => column.source },
      ],
    }),
  );
  if (format === 'table') io.stdout.write('\n');
  io.stdout.write(renderView(io, format, countsView(record)));
}

/** A column's field as people read it: a child's data is never read, and says so. */
function fieldCell(column: ImportColumn): string {
  if (column.source === 'child_data') return 'never read (a child’s data)';
  return column.field ?? 'not read';
}

export function countsView(record: ContactImport) {
  const rows: [string, Cell][] = [
    ['status', record.status],
    ['mode', record.mode],
    ['rows', record.counts.rows],
    ['valid', record.counts.valid],
    ['rejected', record.counts.rejected],
    ['created', record.counts.created],
    ['updated', record.counts.updated],
    ['unchanged', record.counts.unchanged],
  ];
  return fieldView(record, rows);
}

function statusLine(record: ContactImport): string {
  const { created, updated, unchanged } = record.counts;
  switch (record.status) {
    case 'validated':
      return `Dry run ${record.id}: nothing was written. Committing would create ${created}, update ${updated} and leave ${unchanged} unchanged.`;
    case 'completed':
      return `Import ${record.id} completed: ${created} created, ${updated} updated, ${unchanged} unchanged.`;
    case 'rejected':
      return `Import ${record.id} rejected: nothing was written.`;
    default:
      return `Import ${record.id} is ${record.status}.`;
  }
}

/** Lists the first rejected rows on stderr and writes them all to the error report. */
async function reportRejected(
  io: Io,
  client: SafenetClient,
  record: ContactImport,
  options: ResultOptions,
): Promise<void> {
  const page = await client.contactImports.errors(record.id, {
    lang: options.lang,
    limit: LISTED_ERRORS,
  });
  note(io, `${record.counts.rejected} rows rejected:`);
  for (const error of page.items) {
    note(
      io,
      `  row ${error.row}${error.column ? `, ${error.column}` : ''}: ${error.code}: ${error.message}`,
    );
  }
  if (page.nextCursor !== null) note(io, '  … and more in the error report');
  await saveErrorReport(io, client, record.id, options);
}

/**
 * Writes the rejected rows as a CSV to fix and upload again. An existing file is kept
 * without `--force` (it may be the one being fixed): the import's outcome stands, and the
 * note says how to write the report later.
 */
export async function saveErrorReport(
  io: Io,
  client: SafenetClient,
  importId: string,
  options: Pick<ResultOptions, 'lang' | 'errorsOut' | 'force'>,
): Promise<void> {
  const report = await client.contactImports.errorReport(importId, { lang: options.lang });
  try {
    await writeNewFile(options.errorsOut, report, options.force);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    note(io, `The error report was not written: ${error.message}.`);
    note(io, `Write it later with: safenet contacts imports show ${importId} --errors-out <file>`);
    return;
  }
  note(io, `The rejected rows are in ${options.errorsOut}: fix them there and import that file.`);
}

/** `--errors-out` must not be the file being imported. */
export function checkErrorsOut(file: string, errorsOut: string): void {
  if (resolve(errorsOut) === resolve(file)) {
    throw usageError(`--errors-out ${errorsOut} is the file being imported`);
  }
}
