import { readFile } from 'node:fs/promises';
import type { BroadcastInput, Channel } from '@safenet/sdk';
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { collect, repeat, wholeNumber } from './shared.js';

/** The flags that describe a broadcast, for `broadcasts preview` and `broadcasts send`. */
export interface BroadcastFlags {
  file?: string;
  org?: string;
  segment?: string;
  channel?: string[];
  recommendation?: string;
  title?: string[];
  body?: string[];
  var?: string[];
  campaign?: string;
  sendAt?: string;
  fallbackAfter?: number;
  urgent?: boolean;
}

/** Adds the broadcast's flags to `command`. */
export function broadcastOptions(command: Command): Command {
  return command
    .option(
      '-f, --file <path>',
      'the broadcast as JSON (the API’s BroadcastInput); flags override its fields',
    )
    .option('--org <orgId>', 'the organisation sending')
    .option('--segment <segmentId>', 'the audience')
    .option('--channel <channel>', 'a channel, in order of preference (repeat, or a,b,c)', collect)
    .option('--recommendation <id>', 'send this recommendation (its published version)')
    .option('--title <lang=text>', 'a title in one language, for your own text (repeat)', repeat)
    .option('--body <lang=text>', 'the text in one language (repeat)', repeat)
    .option('--var <name=value>', 'a value for a {{variable}} of the content (repeat)', repeat)
    .option('--campaign <campaignId>', 'the campaign it belongs to')
    .option('--send-at <time>', 'when to start sending, ISO 8601 (default: now)')
    .option(
      '--fallback-after <seconds>',
      'try the next channel when no delivery receipt comes within this time',
      wholeNumber(1, 7 * 24 * 3600),
    )
    .option('--urgent', 'send inside recipients’ quiet hours too');
}

/**
 * The broadcast the flags describe: the file's, then each flag given over it. The hub checks
 * the whole (`validation_failed`, exit 2); here only what a flag's own syntax gets wrong.
 */
export async function broadcastInput(flags: BroadcastFlags): Promise<BroadcastInput> {
  const base = flags.file ? await readBroadcastFile(flags.file) : {};
  const input: Record<string, unknown> = { ...base };
  if (flags.org) input.orgId = flags.org;
  if (flags.segment) input.segmentId = flags.segment;
  if (flags.channel) input.channels = flags.channel as Channel[];
  if (flags.campaign) input.campaignId = flags.campaign;
  if (flags.sendAt) input.sendAt = flags.sendAt;
  if (flags.fallbackAfter !== undefined) input.fallbackAfterSeconds = flags.fallbackAfter;
  if (flags.urgent) input.urgent = true;
  if (flags.var) {
    input.variables = { ...(input.variables as object | undefined), ...pairs(flags.var, '--var') };
  }
  const content = contentInput(flags);
  if (content !== undefined) input.content = content;
  const missing = [
    ['orgId', '--org'],
    ['segmentId', '--segment'],
    ['channels', '--channel'],
    ['content', '--recommendation or --body'],
  ]
    .filter(([field]) => input[field as string] === undefined)
    .map(([, flag]) => flag);
  if (missing.length > 0)
    throw usageError(`missing ${missing.join(', ')} (or give them in --file)`);
  return input as unknown as BroadcastInput;
}

/** The content flags (`--recommendation`, or `--body` with `--title`): what a broadcast or a post sends. */
export function contentInput(
  flags: Pick<BroadcastFlags, 'recommendation' | 'title' | 'body'>,
): BroadcastInput['content'] | undefined {
  if (flags.recommendation && (flags.body || flags.title)) {
    throw usageError('give --recommendation or --body/--title, not both');
  }
  if (flags.recommendation) return { recommendationId: flags.recommendation };
  if (!flags.body && !flags.title) return undefined;
  if (!flags.body) throw usageError('--title needs --body');
  return {
    body: pairs(flags.body, '--body'),
    ...(flags.title ? { title: pairs(flags.title, '--title') } : {}),
  };
}

async function readBroadcastFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw usageError(`cannot read ${path}: ${(cause as Error).message}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw usageError(`${path} is not JSON: ${(cause as Error).message}`, { cause });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw usageError(`${path} must hold one JSON object, a broadcast`);
  }
  return parsed as Record<string, unknown>;
}

/** `name=value` pairs as a record; the value may contain `=`. */
export function pairs(values: string[], flag: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) throw usageError(`${flag} takes name=value, not "${value}"`);
    record[value.slice(0, at)] = value.slice(at + 1);
  }
  return record;
}
