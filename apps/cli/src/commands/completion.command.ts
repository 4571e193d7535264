import { Argument, type Command } from 'commander';
import { commandTree } from '../completion/command-tree.js';
import { completionScript, SHELLS, type Shell } from '../completion/scripts.js';
import { documented } from '../help.js';
import type { Io } from '../io.js';

/** `completion bash|zsh|fish`: a script generated from the command tree. */
export function registerCompletionCommand(program: Command, io: Io): void {
  documented(
    program
      .command('completion')
      .description(
        'Print a shell completion script for safenet’s commands, options and their values.',
      )
      .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
      .action((shell: Shell) => {
        io.stdout.write(completionScript(shell, commandTree(program)));
      }),
    {
      examples: [
        { comment: 'bash, now', command: 'source <(safenet completion bash)' },
        {
          comment: 'zsh, for good',
          command:
            'safenet completion zsh > ~/.zfunc/_safenet  # with fpath=(~/.zfunc $fpath) in .zshrc',
        },
        {
          comment: 'fish, for good',
          command: 'safenet completion fish > ~/.config/fish/completions/safenet.fish',
        },
      ],
    },
  );
}
