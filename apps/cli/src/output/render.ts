import Table from 'cli-table3';
import { stringify } from 'csv-stringify/sync';
import { colorEnabled } from '../color.js';
import type { Io } from '../io.js';
import type { OutputFormat } from './format.js';

/** A cell as printed: empty for null and undefined. */
export type Cell = string | number | boolean | null | undefined;

/** One column of a table or CSV: its header and how to read it from a row. */
export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
}

/**
 * What a read prints. `json` is the hub's data as the SDK returned it, complete; the table
 * and the CSV show `columns` of `rows`, the same columns in both.
 */
export interface View<T> {
  json: unknown;
  rows: readonly T[];
  columns: readonly Column<T>[];
}

/** Prints `view` to stdout in `format`. */
export function printView<T>(io: Io, format: OutputFormat, view: View<T>): void {
  io.stdout.write(renderView(io, format, view));
}

export function renderView<T>(io: Io, format: OutputFormat, view: View<T>): string {
  if (format === 'json') return `${JSON.stringify(view.json, null, 2)}\n`;
  const header = view.columns.map((column) => column.header);
  const body = view.rows.map((row) => view.columns.map((column) => text(column.value(row))));
  if (format === 'csv') return stringify([header, ...body]);
  if (body.length === 0) return '(none)\n';
  const color = colorEnabled(io.stdout, io.env);
  const table = new Table({
    head: header,
    style: color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  table.push(...body);
  return `${table.toString()}\n`;
}

/** A record as two columns, field and value: how one object reads in a table or CSV. */
export function fieldView(json: unknown, fields: readonly [string, Cell][]): View<[string, Cell]> {
  return {
    json,
    rows: fields,
    columns: [
      { header: 'field', value: ([field]) => field },
      { header: 'value', value: ([, value]) => value },
    ],
  };
}

function text(cell: Cell): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

/** A localised text in a reader's language: English, else Russian, else the first one. */
export function localized(text: Record<string, string> | null | undefined): string {
  if (!text) return '';
  return text.en ?? text.ru ?? Object.values(text)[0] ?? '';
}
