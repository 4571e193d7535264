import type { SafenetClient } from '@safenet/sdk';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { clientFor, resolveConnection } from '../config/connection.js';
import { type Io, note } from '../io.js';

/** The options every command sees, set on the program. */
export interface GlobalOptions {
  profile?: string;
  color: boolean;
}

/** A client for the profile (or environment) the command runs with. */
export async function connect(command: Command, io: Io): Promise<SafenetClient> {
  const { profile } = command.optsWithGlobals<GlobalOptions>();
  return clientFor(await resolveConnection(profile, io.env));
}

/** Paging flags of a list. */
export interface PageFlags {
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/** `--limit`, `--cursor` and `--all` on a list command. */
export function pageOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--limit <n>', 'items per page, 1–500 (the hub’s default: 50)').argParser(
        wholeNumber(1, 500),
      ),
    )
    .option('--cursor <cursor>', 'start at this page (the cursor a previous page printed)')
    .option('--all', 'every item, fetched page by page');
}

/**
 * One page of a list, or with `--all` every item. When more pages remain, the cursor of the
 * next goes to stderr, so the data on stdout stays clean.
 */
export async function readList<T, P extends object>(
  io: Io,
  flags: PageFlags,
  params: P,
  list: (params: P & { limit?: number; cursor?: string }) => Promise<{
    items: T[];
    nextCursor: string | null;
  }>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor = flags.cursor;
  for (;;) {
    const page = await list({
      ...params,
      ...(flags.limit === undefined ? {} : { limit: flags.limit }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    items.push(...page.items);
    if (page.nextCursor === null) return items;
    if (!flags.all) {
      note(io, `more: --cursor ${page.nextCursor} (or --all)`);
      return items;
    }
    cursor = page.nextCursor;
  }
}

/** An option parser for a whole number in [min, max]. */
export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

/** An option parser that collects a repeated flag's values, splitting commas. */
export function collect(value: string, previous: string[] | undefined): string[] {
  const values = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  return [...(previous ?? []), ...values];
}

/** An option parser that collects a repeated flag's values as given (text may hold commas). */
export function repeat(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `values` as given, checked at compile time to list every member of `T`: a choice list of
 * the hub's values that fails the typecheck when the hub adds one.
 *
 * @example
 * const STATES = everyOf<CaseSeverity>()(['critical', 'high', 'normal', 'low'] as const);
 */
export function everyOf<T extends string>() {
  return <const V extends readonly T[]>(
    values: V &
      ([Exclude<T, V[number]>] extends [never] ? unknown : { missing: Exclude<T, V[number]> }),
  ): V => values;
}
