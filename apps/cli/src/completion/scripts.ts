import { type CommandNode, flatten } from './command-tree.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/**
 * A completion script for `shell`, generated from the command tree: a table of each command
 * path's subcommands, options and option values, and a few lines that find the path typed so
 * far. The tree is the only source, so a new command completes without touching this file.
 */
export function completionScript(shell: Shell, root: CommandNode): string {
  const nodes = flatten(root);
  const global = root.options.filter((option) => !option.names.includes('--help'));
  if (shell === 'bash') return bash(nodes, global);
  if (shell === 'zsh') return zsh(nodes, global);
  return fish(nodes, global);
}

const key = (node: CommandNode) => node.path.join(' ');
const optionWords = (node: CommandNode, global: CommandNode['options']) =>
  [...node.options, ...(node.path.length > 0 ? global : [])].flatMap((option) => option.names);
/** Options with a value, and their choices (none: complete file names). */
const valued = (node: CommandNode, global: CommandNode['options']) =>
  [...node.options, ...(node.path.length > 0 ? global : [])].filter((option) => option.takesValue);

function bash(nodes: CommandNode[], global: CommandNode['options']): string {
  const subcommands = nodes
    .filter((node) => node.subcommands.length > 0)
    .map(
      (node) =>
        `    "${key(node)}") echo "${node.subcommands.map((sub) => sub.name).join(' ')}" ;;`,
    );
  const options = nodes.map(
    (node) => `    "${key(node)}") echo "${optionWords(node, global).join(' ')}" ;;`,
  );
  const values = nodes.flatMap((node) =>
    valued(node, global).map((option) => {
      const patterns = option.names.map((name) => `"${key(node)}|${name}"`).join('|');
      const reply =
        option.choices.length > 0
          ? `COMPREPLY=($(compgen -W "${option.choices.join(' ')}" -- "$cur"))`
          : 'COMPREPLY=($(compgen -f -- "$cur"))';
      return `    ${patterns}) ${reply}; return ;;`;
    }),
  );
  return `# bash completion for safenet, generated from its commands.
# Load it now: source <(safenet completion bash)
# For good: safenet completion bash > ~/.local/share/bash-completion/completions/safenet

_safenet_subcommands() {
  case "$1" in
${subcommands.join('\n')}
  esac
}

_safenet_options() {
  case "$1" in
${options.join('\n')}
  esac
}

_safenet() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local path="" word i
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case " $(_safenet_subcommands "$path") " in
      *" $word "*) path="\${path:+$path }$word" ;;
    esac
  done
  case "$path|$prev" in
${values.join('\n')}
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_safenet_options "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(_safenet_subcommands "$path")" -- "$cur"))
  fi
}

complete -F _safenet safenet
`;
}

/** zsh: `:` separates a name from its description in `_describe`. */
const zshText = (text: string) => text.replace(/[\\:']/g, (c) => (c === "'" ? "'\\''" : `\\${c}`));

function zsh(nodes: CommandNode[], global: CommandNode['options']): string {
  const subcommands = nodes
    .filter((node) => node.subcommands.length > 0)
    .map(
      (node) =>
        `    "${key(node)}") described=(${node.subcommands
          .map((sub) => `'${zshText(sub.name)}:${zshText(sub.description)}'`)
          .join(' ')}) ;;`,
    );
  const options = nodes.map(
    (node) => `    "${key(node)}") options=(${optionWords(node, global).join(' ')}) ;;`,
  );
  const values = nodes.flatMap((node) =>
    valued(node, global).map((option) => {
      const patterns = option.names.map((name) => `"${key(node)}|${name}"`).join('|');
      const reply = option.choices.length > 0 ? `compadd -- ${option.choices.join(' ')}` : '_files';
      return `    ${patterns}) ${reply}; return ;;`;
    }),
  );
  return `#compdef safenet
# zsh completion for safenet, generated from its commands.
# Load it now: source <(safenet completion zsh)
# For good: safenet completion zsh > "\${fpath[1]}/_safenet"

_safenet() {
  local cmdpath="" word i
  local -a described options
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    [[ "$word" == -* ]] && continue
    described=()
    case "$cmdpath" in
${subcommands.join('\n')}
    esac
    if (( \${described[(I)$word:*]} )); then cmdpath="\${cmdpath:+$cmdpath }$word"; fi
  done
  case "$cmdpath|\${words[CURRENT-1]}" in
${values.join('\n')}
  esac
  if [[ "\${words[CURRENT]}" == -* ]]; then
    case "$cmdpath" in
${options.join('\n')}
    esac
    compadd -- $options
  else
    described=()
    case "$cmdpath" in
${subcommands.join('\n')}
    esac
    _describe 'command' described
  fi
}

if [[ "\${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _safenet "$@"
else
  compdef _safenet safenet
fi
`;
}

const fishText = (text: string) => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;

function fish(nodes: CommandNode[], global: CommandNode['options']): string {
  const subcommands = nodes
    .filter((node) => node.subcommands.length > 0)
    .map(
      (node) =>
        `    case ${fishText(key(node))}\n      echo ${node.subcommands.map((sub) => sub.name).join(' ')}`,
    );
  const lines: string[] = [];
  for (const node of nodes) {
    const at = `-n "__safenet_at ${fishText(key(node)).replace(/"/g, '\\"')}"`;
    for (const sub of node.subcommands) {
      lines.push(`complete -c safenet ${at} -a ${sub.name} -d ${fishText(sub.description)}`);
    }
    for (const option of node.options) lines.push(fishOption(option, at));
  }
  for (const option of global) lines.push(fishOption(option, ''));
  return `# fish completion for safenet, generated from its commands.
# Load it now: safenet completion fish | source
# For good: safenet completion fish > ~/.config/fish/completions/safenet.fish

function __safenet_subcommands
  switch "$argv[1]"
${subcommands.join('\n')}
  end
end

function __safenet_path
  set -l path
  for word in (commandline -opc)[2..-1]
    string match -q -- '-*' $word; and continue
    if contains -- $word (string split ' ' (__safenet_subcommands (string join ' ' $path)))
      set -a path $word
    end
  end
  string join ' ' $path
end

function __safenet_at
  set -l path (__safenet_path)
  test "$path" = "$argv[1]"
end

complete -c safenet -f
${lines.join('\n')}
`;
}

function fishOption(option: CommandNode['options'][number], condition: string): string {
  const names = option.names
    .map((name) => (name.startsWith('--') ? `-l ${name.slice(2)}` : `-s ${name.slice(1)}`))
    .join(' ');
  const value = option.takesValue
    ? option.choices.length > 0
      ? ` -x -a ${fishText(option.choices.join(' '))}`
      : ' -r -F'
    : '';
  return `complete -c safenet ${condition ? `${condition} ` : ''}${names}${value} -d ${fishText(option.description)}`.replace(
    / {2,}/g,
    ' ',
  );
}
