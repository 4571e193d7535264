/**
 * `safenet completion bash|zsh|fish`: scripts generated from the command tree name every
 * command. The bash script is also run in a real bash, completing each command's subcommands,
 * options and option values as a person pressing Tab would get them.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { commandPaths } from '@safenet/cli/reference';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_MAIN, cliEnv, runCli } from './cli-harness.js';

const env = cliEnv('/nonexistent');
const paths = commandPaths();
const scripts: Record<string, string> = {};

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const run = await runCli(['completion', shell], { env });
    expect(run.code, run.stderr).toBe(0);
    scripts[shell] = run.stdout;
  }
});

/** What bash offers after `line` (the last word being completed), with the script loaded. */
async function complete(line: string[]): Promise<string[]> {
  const words = ['safenet', ...line].map((word) => `'${word}'`).join(' ');
  const program = [
    `source <(${JSON.stringify(process.execPath)} ${JSON.stringify(CLI_MAIN)} completion bash)`,
    `COMP_WORDS=(${words})`,
    `COMP_CWORD=${line.length}`,
    '_safenet',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's expansion, not a template
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const { stdout } = await promisify(execFile)('bash', ['-c', program], { env });
  return stdout.split('\n').filter((word) => word !== '');
}

describe('safenet completion', () => {
  it('the command tree has the commands this brief asks for', () => {
    expect(paths).toEqual(
      expect.arrayContaining([
        'login',
        'logout',
        'profiles',
        'segments list',
        'segments count',
        'broadcasts list',
        'broadcasts preview',
        'broadcasts send',
        'broadcasts status',
        'broadcasts cancel',
        'listen',
        'channels status',
        'whatsapp pair',
        'campaigns list',
        'campaigns load',
        'plans status',
        'reports export',
        'cases list',
        'completion',
      ]),
    );
  });

  it('each script names every command', () => {
    for (const path of paths) {
      const name = path.split(' ').at(-1)!;
      expect(scripts.bash, path).toMatch(new RegExp(`echo "[^"]*\\b${name}\\b`));
      expect(scripts.zsh, path).toContain(`'${name}:`);
      expect(scripts.fish, path).toContain(`-a ${name} -d `);
    }
    expect(scripts.zsh!.startsWith('#compdef safenet\n')).toBe(true);
    expect(scripts.fish).toContain('complete -c safenet -l profile -r -F');
  });

  it('bash completes each level’s subcommands, as the tree has them', async () => {
    const top = paths.filter((path) => !path.includes(' '));
    expect((await complete([''])).sort()).toEqual(top.sort());
    // Every level: `contacts imports` has subcommands of its own.
    for (const parent of paths) {
      const children = paths
        .filter((path) => path.startsWith(`${parent} `))
        .map((path) => path.slice(parent.length + 1))
        .filter((child) => !child.includes(' '));
      if (children.length === 0) continue;
      // Global options before the command do not change where completion is.
      expect(
        (await complete(['--profile', 'ci', ...parent.split(' '), ''])).sort(),
        parent,
      ).toEqual(children.sort());
    }
  });

  it('bash completes options, and the values of options with choices', async () => {
    const options = await complete(['segments', 'list', '--']);
    expect(options).toEqual(
      expect.arrayContaining([
        '--output',
        '--limit',
        '--cursor',
        '--all',
        '--help',
        '--profile',
        '--no-color',
      ]),
    );
    expect(await complete(['segments', 'list', '-o', ''])).toEqual(['table', 'json', 'csv']);
    expect(await complete(['listen', '--type', 'broadcast.'])).toEqual(['broadcast.progress']);
    expect(await complete(['completion', ''])).toEqual([]);
    expect(await complete(['cases', 'list', '--severity', 'c'])).toEqual(['critical']);
  });

  it('refuses a shell it does not know (2)', async () => {
    const run = await runCli(['completion', 'powershell'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: usage: command-argument value 'powershell' is invalid");
  });
});
