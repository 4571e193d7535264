import type { Command } from 'commander';
import type { ExitCode } from './exit-codes.js';

/** One example of a command's use, shown in `--help` and in the reference. */
export interface Example {
  command: string;
  comment: string;
}

/** What `--help` and docs/reference/cli.md show besides commander's own description. */
export interface CommandDoc {
  examples: Example[];
  /** What the exit codes other than 0, 1 and 2 mean for this command, when it can give them. */
  exits?: Partial<Record<Exclude<ExitCode, 0>, string>>;
}

const docs = new WeakMap<Command, CommandDoc>();

/**
 * Gives `command` its examples and exit codes: printed after its `--help`, and kept for the
 * reference renderer, so the help and the page say the same thing.
 */
export function documented(command: Command, doc: CommandDoc): Command {
  docs.set(command, doc);
  command.addHelpText('after', () => helpText(doc));
  return command;
}

/** The doc given to `command`, if any. */
export function docOf(command: Command): CommandDoc | undefined {
  return docs.get(command);
}

function helpText(doc: CommandDoc): string {
  const lines = ['', 'Examples:'];
  for (const example of doc.examples) {
    lines.push(`  # ${example.comment}`, `  $ ${example.command}`);
  }
  const exits = Object.entries(doc.exits ?? {});
  if (exits.length > 0) {
    lines.push('', 'Exit codes besides 0 (ok), 1 (failure) and 2 (usage):');
    for (const [code, meaning] of exits) lines.push(`  ${code}  ${meaning}`);
  }
  return lines.join('\n');
}
