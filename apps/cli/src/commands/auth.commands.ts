import { SafenetApiError } from '@safenet/sdk';
import { type Command, Option } from 'commander';
import { configPath, readConfig, writeConfig } from '../config/config-file.js';
import { clientFor, profileName } from '../config/connection.js';
import { CliError, usageError } from '../errors.js';
import { EXIT_CODES } from '../exit-codes.js';
import { documented } from '../help.js';
import { type Io, note } from '../io.js';
import { type OutputFormat, outputFormat, outputOption } from '../output/format.js';
import { printView } from '../output/render.js';
import { readSecret } from '../prompt.js';
import type { GlobalOptions } from './shared.js';

/** `login`, `logout` and `profiles`: which hubs this machine talks to, with which keys. */
export function registerAuthCommands(program: Command, io: Io): void {
  documented(
    program
      .command('login')
      .description(
        'Store a hub URL and an API key as a profile, after checking the key against the hub. The key is read from a hidden prompt, or from stdin when piped — never from a flag.',
      )
      .addOption(
        new Option('--url <url>', 'the hub, e.g. https://safenet.example.kz').makeOptionMandatory(),
      )
      .action(async (options: { url: string }, command: Command) => {
        const { profile: flag } = command.optsWithGlobals<GlobalOptions>();
        const profile = profileName(flag, io.env);
        checkUrl(options.url);
        const apiKey = await readSecret(io, `API key for ${options.url}: `);
        await checkKey(io, options.url, apiKey);
        const path = configPath(io.env);
        const config = await readConfig(path);
        config.profiles[profile] = { url: options.url, apiKey };
        await writeConfig(path, config);
        note(io, `Logged in to ${options.url} as profile "${profile}" (${path}).`);
      }),
    {
      examples: [
        {
          comment: 'type the key at a hidden prompt',
          command: 'safenet login --url https://safenet.example.kz',
        },
        {
          comment: 'a second hub, the key from a secret store',
          command:
            'pass show safenet/staging | safenet login --profile staging --url https://staging.safenet.example.kz',
        },
      ],
      exits: { 4: 'the hub refused the key (`unauthenticated`): nothing was stored' },
    },
  );

  documented(
    program
      .command('logout')
      .description('Forget a profile: its URL and key leave the config file.')
      .action(async (_options: unknown, command: Command) => {
        const { profile: flag } = command.optsWithGlobals<GlobalOptions>();
        const profile = profileName(flag, io.env);
        const path = configPath(io.env);
        const config = await readConfig(path);
        if (!config.profiles[profile]) {
          throw new CliError(
            'profile_not_found',
            `no profile "${profile}"`,
            EXIT_CODES.notFound.code,
          );
        }
        delete config.profiles[profile];
        await writeConfig(path, config);
        note(io, `Logged out: profile "${profile}" removed.`);
      }),
    {
      examples: [
        { comment: 'forget the default profile', command: 'safenet logout' },
        { comment: 'forget another', command: 'safenet logout --profile staging' },
      ],
      exits: { 3: 'there is no such profile' },
    },
  );

  documented(
    program
      .command('profiles')
      .description(
        'List the stored profiles and their hubs, marking the one in use. Keys are never printed.',
      )
      .addOption(outputOption())
      .action(async (options: { output?: OutputFormat }, command: Command) => {
        const { profile: flag } = command.optsWithGlobals<GlobalOptions>();
        const current = profileName(flag, io.env);
        const path = configPath(io.env);
        const { profiles } = await readConfig(path);
        const rows = Object.entries(profiles).map(([name, { url }]) => ({
          name,
          url,
          current: name === current,
        }));
        printView(io, outputFormat(io, options.output), {
          json: rows,
          rows,
          columns: [
            { header: 'profile', value: (row) => row.name },
            { header: 'url', value: (row) => row.url },
            { header: 'in use', value: (row) => (row.current ? '*' : '') },
          ],
        });
      }),
    {
      examples: [
        { comment: 'which hubs this machine knows', command: 'safenet profiles' },
        { comment: 'as JSON', command: 'safenet profiles -o json' },
      ],
    },
  );
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`--url "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`--url must be http: or https:, not ${parsed.protocol}`);
  }
}

/**
 * One cheap authenticated read (a page of one organisation). Any answer but
 * `unauthenticated` proves the key: a key without the `read` scope is still stored, with a
 * note, as it may send or administer.
 */
async function checkKey(io: Io, url: string, apiKey: string): Promise<void> {
  const client = clientFor({ url, apiKey });
  try {
    await client.organisations.list({ limit: 1 });
  } catch (error) {
    if (error instanceof SafenetApiError && error.code === 'insufficient_scope') {
      note(io, 'note: this key has no read scope; most commands will be refused with it.');
      return;
    }
    throw error;
  }
}
