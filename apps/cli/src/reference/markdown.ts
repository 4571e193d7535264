import type { Command } from 'commander';
import { type CommandNode, commandTree, flatten } from '../completion/command-tree.js';
import { EXIT_CODES } from '../exit-codes.js';
import { docOf } from '../help.js';

const GENERAL_EXITS = [EXIT_CODES.ok, EXIT_CODES.failure, EXIT_CODES.usage] as const;

/**
 * docs/reference/cli.md, rendered from the command tree: for every command its usage,
 * description, options, examples and exit codes. `npm run docs:cli` writes it; a drift test
 * fails when the file and this rendering differ.
 */
export function renderCliReference(program: Command, intro: string): string {
  const root = commandTree(program);
  const commands = flatten(root).filter((node) => node.path.length > 0);
  const parts = [
    intro.trimEnd(),
    '',
    '## Exit codes',
    '',
    '| code | meaning |',
    '| ---- | ------- |',
    ...Object.values(EXIT_CODES).map((exit) => `| ${exit.code} | ${cell(exit.meaning)} |`),
    '',
    '## Options of every command',
    '',
    optionTable(root),
    '',
    '## Commands',
    '',
    ...commands.map((node) => `- [\`safenet ${node.path.join(' ')}\`](#${anchor(node)})`),
    '',
    ...commands.flatMap(section),
  ];
  return `${parts.join('\n').trimEnd()}\n`;
}

function section(node: CommandNode): string[] {
  const lines = [
    `### safenet ${node.path.join(' ')}`,
    '',
    node.description,
    '',
    '```text',
    `safenet ${node.path.slice(0, -1).concat(node.command.name()).join(' ')} ${node.command.usage()}`.trimEnd(),
    '```',
    '',
  ];
  if (node.subcommands.length > 0) {
    lines.push('| command | what it does |', '| ------- | ------------ |');
    for (const sub of node.subcommands) {
      lines.push(`| [\`${sub.name}\`](#${anchor(sub)}) | ${cell(sub.description)} |`);
    }
    lines.push('');
    return lines;
  }
  const args = node.command.registeredArguments;
  if (args.length > 0) {
    lines.push('| argument | meaning |', '| -------- | ------- |');
    for (const arg of args) {
      const choices = arg.argChoices ? ` (${arg.argChoices.join(', ')})` : '';
      lines.push(`| \`${arg.name()}\` | ${cell(arg.description + choices)} |`);
    }
    lines.push('');
  }
  lines.push(optionTable(node), '');
  const doc = docOf(node.command);
  if (doc && doc.examples.length > 0) {
    lines.push('Examples:', '', '```sh');
    for (const example of doc.examples) lines.push(`# ${example.comment}`, example.command);
    lines.push('```', '');
  }
  lines.push('| exit code | meaning |', '| --------- | ------- |');
  for (const exit of GENERAL_EXITS) lines.push(`| ${exit.code} | ${cell(exit.meaning)} |`);
  for (const [code, meaning] of Object.entries(doc?.exits ?? {})) {
    lines.push(`| ${code} | ${cell(meaning)} |`);
  }
  lines.push('');
  return lines;
}

function optionTable(node: CommandNode): string {
  const rows = node.command.options.map((option) => {
    const choices = option.argChoices ? ` One of: ${option.argChoices.join(', ')}.` : '';
    const fallback =
      option.defaultValue !== undefined && typeof option.defaultValue !== 'boolean'
        ? ` Default: ${String(option.defaultValue)}.`
        : '';
    const required = option.mandatory ? ' Required.' : '';
    return `| \`${option.flags}\` | ${cell(`${option.description}.${choices}${fallback}${required}`.replace(/\.\./g, '.'))} |`;
  });
  return [
    '| option | meaning |',
    '| ------ | ------- |',
    ...rows,
    '| `-h, --help` | show help and examples. |',
  ].join('\n');
}

/** GitHub's heading anchor for `### safenet a b`. */
function anchor(node: CommandNode): string {
  return `safenet-${node.path.join('-')}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
