import { Option } from 'commander';
import type { Io } from '../io.js';

export const OUTPUT_FORMATS = ['table', 'json', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * `-o, --output table|json|csv`, on every command that reads. Without it: a table on a
 * terminal, JSON when stdout is a pipe or a file — what a script wants without asking.
 */
export function outputOption(): Option {
  return new Option(
    '-o, --output <format>',
    'the output format (default: table on a terminal, json otherwise)',
  ).choices(OUTPUT_FORMATS);
}

/** The format the user chose, or the default for where stdout goes. */
export function outputFormat(io: Io, chosen: OutputFormat | undefined): OutputFormat {
  return chosen ?? (io.stdout.isTTY ? 'table' : 'json');
}
