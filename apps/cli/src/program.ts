import { Command } from 'commander';
import { disableColor } from './color.js';
import { registerAuthCommands } from './commands/auth.commands.js';
import { registerBroadcastCommands } from './commands/broadcasts.commands.js';
import { registerCampaignCommands } from './commands/campaigns.commands.js';
import { registerCaseCommands } from './commands/cases.commands.js';
import { registerChannelCommands } from './commands/channels.commands.js';
import { registerCompletionCommand } from './commands/completion.command.js';
import { registerContactCommands } from './commands/contacts.commands.js';
import { registerListenCommand } from './commands/listen.command.js';
import { registerReportCommands } from './commands/reports.commands.js';
import { registerSegmentCommands } from './commands/segments.commands.js';
import type { GlobalOptions } from './commands/shared.js';
import { registerTelegramCommands } from './commands/telegram.commands.js';
import type { Io } from './io.js';

/** The program's description, first line of `--help` and of the reference page. */
export const PROGRAM_DESCRIPTION =
  'The Safenet hub from the terminal: contacts (import, export), segments, broadcasts, the live stream, channels, campaigns, reports and cases.';

/**
 * The whole command tree. `--help`, shell completion and docs/reference/cli.md are all read
 * from it, so a command added here is documented and completed everywhere. Each domain
 * registers its commands from its own file.
 */
export function buildProgram(io: Io, options: { version?: string } = {}): Command {
  const program = new Command('safenet')
    .description(PROGRAM_DESCRIPTION)
    .option('--profile <name>', 'the profile to use (default: $SAFENET_PROFILE, else "default")')
    .option('--no-color', 'no colours (NO_COLOR=1 does the same)')
    // Errors come back as CommanderError, for run() to turn into exit code 2, and go through
    // the same streams as everything else; set before the commands, which inherit both.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'error: usage: ')),
    })
    .showHelpAfterError('(add --help for usage and examples)');
  if (options.version) program.version(options.version, '-V, --version');
  program.hook('preAction', (command) => {
    if (command.optsWithGlobals<GlobalOptions>().color === false) disableColor();
  });
  registerAuthCommands(program, io);
  registerContactCommands(program, io);
  registerSegmentCommands(program, io);
  registerBroadcastCommands(program, io);
  registerListenCommand(program, io);
  registerChannelCommands(program, io);
  registerCampaignCommands(program, io);
  registerReportCommands(program, io);
  registerCaseCommands(program, io);
  registerTelegramCommands(program, io);
  registerCompletionCommand(program, io);
  return program;
}
