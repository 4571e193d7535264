import type { Command, Option } from 'commander';

/** An option as completion offers it. */
export interface OptionNode {
  /** Every spelling: `-o`, `--output`. */
  names: string[];
  description: string;
  /** Whether a value follows it. */
  takesValue: boolean;
  /** Its allowed values, when commander knows them. */
  choices: string[];
}

/** A command as completion and the reference see it. */
export interface CommandNode {
  /** The words after `safenet`: `['segments', 'count']`; empty for the program. */
  path: string[];
  name: string;
  description: string;
  options: OptionNode[];
  subcommands: CommandNode[];
  command: Command;
}

const HELP_OPTION: OptionNode = {
  names: ['-h', '--help'],
  description: 'show help and examples',
  takesValue: false,
  choices: [],
};

/** The program as a tree, every command with its own options (`--help` included). */
export function commandTree(program: Command, path: string[] = []): CommandNode {
  return {
    path,
    name: path.at(-1) ?? program.name(),
    description: program.description(),
    options: [...program.options.map(optionNode), HELP_OPTION],
    subcommands: program.commands.map((command) => commandTree(command, [...path, command.name()])),
    command: program,
  };
}

/** The tree's commands, depth first, the program first. */
export function flatten(node: CommandNode): CommandNode[] {
  return [node, ...node.subcommands.flatMap(flatten)];
}

function optionNode(option: Option): OptionNode {
  return {
    names: [option.short, option.long].filter((name): name is string => name !== undefined),
    description: option.description,
    takesValue: option.required || option.optional,
    choices: option.argChoices ? [...option.argChoices] : [],
  };
}
