/**
 * `safenet login|logout|profiles` and how a command finds its hub: the config file (mode
 * 0600 in a 0700 directory, written atomically), `--profile`, `SAFENET_PROFILE`, and
 * `SAFENET_URL` + `SAFENET_API_KEY` over the file.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliHub, cliEnv, runCli, startCliHub } from './cli-harness.js';

let hub: CliHub;
let env: NodeJS.ProcessEnv;
let configDir: string;

beforeAll(async () => {
  hub = await startCliHub();
  env = cliEnv(hub.home.path);
  configDir = join(hub.home.path, '.config', 'safenet');
});

afterAll(async () => {
  await hub?.[Symbol.asyncDispose]();
});

const configFile = async () =>
  JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')) as {
    profiles: Record<string, { url: string; apiKey: string }>;
  };

describe('safenet login', () => {
  it('checks the key read from stdin and stores it, mode 0600 in a 0700 directory', async () => {
    const login = await runCli(['login', '--url', hub.url], { env, input: `${hub.th.adminKey}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain('as profile "default"');
    expect(login.stdout + login.stderr).not.toContain(hub.th.adminKey);

    expect((await configFile()).profiles.default).toEqual({
      url: hub.url,
      apiKey: hub.th.adminKey,
    });
    expect((await stat(join(configDir, 'config.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(configDir)).mode & 0o777).toBe(0o700);
    // Written through a temporary file renamed over it: none is left behind.
    expect(await readdir(configDir)).toEqual(['config.json']);

    // The stored profile is what commands use.
    const list = await runCli(['segments', 'list', '-o', 'json'], { env });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).not.toHaveLength(0);
  });

  it('stores nothing when the hub refuses the key (exit 4)', async () => {
    const login = await runCli(['login', '--profile', 'wrong', '--url', hub.url], {
      env,
      input: 'sn_not_a_real_key\n',
    });
    expect(login.code).toBe(4);
    expect(login.stderr).toMatch(/^error: unauthenticated: /m);
    expect((await configFile()).profiles.wrong).toBeUndefined();
  });

  it('refuses an unreachable hub (exit 1), a bad URL and an empty key (exit 2)', async () => {
    const unreachable = await runCli(['login', '--profile', 'x', '--url', 'http://127.0.0.1:9'], {
      env,
      input: 'key\n',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^error: network_error: Could not reach/m);

    const badUrl = await runCli(['login', '--url', 'ftp://hub.example'], { env, input: 'key\n' });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('error: usage: --url must be http: or https:');

    const noKey = await runCli(['login', '--url', hub.url], { env, input: '' });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('no API key given');
  });

  it('takes no key as a flag', async () => {
    const flag = await runCli(['login', '--url', hub.url, '--api-key', hub.th.adminKey], { env });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: usage: unknown option '--api-key'");
  });
});

describe('profiles and their selection', () => {
  it('lists profiles in table, json and csv without their keys', async () => {
    const staging = await runCli(['login', '--profile', 'staging', '--url', hub.url], {
      env,
      input: hub.th.adminKey,
    });
    expect(staging.code, staging.stderr).toBe(0);

    const json = await runCli(['profiles', '-o', 'json'], { env });
    expect(JSON.parse(json.stdout)).toEqual([
      { name: 'default', url: hub.url, current: true },
      { name: 'staging', url: hub.url, current: false },
    ]);
    const csv = await runCli(['profiles', '-o', 'csv'], {
      env: { ...env, SAFENET_PROFILE: 'staging' },
    });
    expect(csv.stdout).toBe(`profile,url,in use\ndefault,${hub.url},\nstaging,${hub.url},*\n`);
    const table = await runCli(['--profile', 'staging', 'profiles', '-o', 'table'], { env });
    expect(table.stdout).toMatch(/│ staging\s+│ http:\/\/127\.0\.0\.1:\d+\s+│ \*/);
    for (const run of [json, csv, table]) expect(run.stdout).not.toContain(hub.th.adminKey);
  });

  it('uses SAFENET_URL and SAFENET_API_KEY over the file, and needs no file with them', async () => {
    // With no config file at all, the two variables are enough.
    const noFile = cliEnv(join(hub.home.path, 'nobody'), hub.adminEnv);
    const count = await runCli(
      ['segments', 'count', hub.th.seed.segmentIds.allParents, '-o', 'json'],
      {
        env: noFile,
      },
    );
    expect(count.code, count.stderr).toBe(0);
    expect(JSON.parse(count.stdout).total).toBeGreaterThan(0);

    // Over a profile, SAFENET_URL wins: here it points at nothing.
    const overridden = await runCli(['segments', 'list', '-o', 'json'], {
      env: { ...env, SAFENET_URL: 'http://127.0.0.1:9' },
    });
    expect(overridden.code).toBe(1);
    expect(overridden.stderr).toContain('http://127.0.0.1:9');
  });

  it('says how to log in when there is no profile (2), and names an unknown one (3)', async () => {
    const nobody = await runCli(['segments', 'list'], {
      env: cliEnv(join(hub.home.path, 'empty')),
    });
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain(
      'not logged in (profile "default"): run `safenet login --url <hub>`',
    );

    const unknown = await runCli(['--profile', 'nope', 'segments', 'list'], { env });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('error: profile_not_found: no profile "nope"');
  });

  it('logs out one profile, and exits 3 for one it does not know', async () => {
    const out = await runCli(['logout', '--profile', 'staging'], { env });
    expect(out.code, out.stderr).toBe(0);
    expect(Object.keys((await configFile()).profiles)).not.toContain('staging');
    expect((await stat(join(configDir, 'config.json'))).mode & 0o777).toBe(0o600);
    const again = await runCli(['logout', '--profile', 'staging'], { env });
    expect(again.code).toBe(3);
  });
});
