/** The prose above the generated sections of docs/reference/cli.md. */
export const INTRO = `# Command line reference: \`safenet\`

<!-- Generated from apps/cli's command definitions by \`npm run docs:cli\`; do not edit by hand.
     tests/docs/cli-reference.test.ts fails when this file and the commands differ. -->

\`safenet\` drives a Safenet hub from a terminal or a script, through the SDK
(\`@safenet/sdk\`) only: it can do what an API key can do, nothing more.

## Running it

- In this repository, after \`npm run build\`: \`npx safenet --help\`.
- On its own: \`npm install -g @safenet/cli\` (Node 22.12 or newer), then \`safenet --help\`.
- Every command has \`--help\`, with examples. \`safenet completion bash|zsh|fish\` prints a
  completion script.

## Profiles and keys

\`safenet login --url https://safenet.example.kz\` asks for an API key at a hidden prompt (or
reads it from stdin: \`echo "$KEY" | safenet login --url …\`), checks it against the hub and
stores the URL and key as a profile in \`<config dir>/safenet/config.json\` — on Linux
\`$XDG_CONFIG_HOME/safenet\` or \`~/.config/safenet\`, on macOS \`~/Library/Preferences/safenet\`,
on Windows \`%APPDATA%\\safenet\\Config\` — written atomically, mode 0600 in a 0700 directory.
An API key is never taken as a flag: flags show in \`ps\` and in shell history.

Which profile a command uses: \`--profile NAME\`, else \`SAFENET_PROFILE\`, else \`default\`.

| variable | effect |
| -------- | ------ |
| \`SAFENET_PROFILE\` | the profile to use when \`--profile\` is not given |
| \`SAFENET_URL\` | the hub's URL, over the profile's |
| \`SAFENET_API_KEY\` | the API key, over the profile's; with \`SAFENET_URL\`, no config file is needed (CI) |
| \`SAFENET_CONFIG_DIR\` | the directory of \`config.json\`, instead of the one above |
| \`NO_COLOR\` | no colours, like \`--no-color\` |

## Output

Every command that reads takes \`-o, --output table|json|csv\`. Without it the output is a
table when stdout is a terminal and JSON otherwise, so a pipe or a script gets JSON without
asking. JSON is the hub's data as the SDK returns it, complete (a list prints its items as
an array); the table and the CSV show the same chosen columns. \`listen\` prints one line per
event: an aligned line, a JSON object per line (JSON Lines), or CSV rows after a header.
Data goes to stdout; notes, progress bars, hints (\`more: --cursor …\`) and errors go to
stderr. Errors read \`error: <code>: <detail>\`, then one line per field error.

Lists print one page (\`--limit\`, default 50); \`--all\` fetches every page, \`--cursor\`
continues where a page ended.

Commands that follow something live — \`broadcasts send\`, \`broadcasts status --follow\`,
\`contacts import\`, \`contacts imports commit\`, \`listen\`, \`whatsapp pair\` — stop following on Ctrl-C and exit 0: nothing is cancelled
in the hub, and they say how to pick up again.
`;
