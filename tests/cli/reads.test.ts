/**
 * The read commands in each output format, and every exit code: the built binary against a
 * test hub, with the demo tenant's data. The admin key comes in through SAFENET_URL and
 * SAFENET_API_KEY; other keys are made through the SDK.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliHub, cliEnv, runCli, startCliHub } from './cli-harness.js';

let hub: CliHub;
let admin: NodeJS.ProcessEnv;
/** A key of the ministry with the read scope only. */
let readOnly: NodeJS.ProcessEnv;

beforeAll(async () => {
  hub = await startCliHub();
  admin = cliEnv(hub.home.path, hub.adminEnv);
  const key = await hub.client.apiKeys.create({
    orgId: hub.th.seed.ministryId,
    name: 'CLI test, read only',
    scopes: ['read'],
  });
  readOnly = cliEnv(hub.home.path, { SAFENET_URL: hub.url, SAFENET_API_KEY: key.secret });
});

afterAll(async () => {
  await hub?.[Symbol.asyncDispose]();
});

describe('segments', () => {
  it('lists segments as JSON (the default off a terminal), a table and CSV', async () => {
    const { items } = await hub.client.segments.list({ limit: 500 });
    const json = await runCli(['segments', 'list', '--all'], { env: admin });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(items);

    const table = await runCli(['segments', 'list', '--all', '-o', 'table'], { env: admin });
    for (const segment of items) expect(table.stdout).toContain(segment.id);
    expect(table.stdout).toMatch(/┌.*┐/);
    expect(table.stdout.split('\n')[1]).toMatch(/│ id\s+│ name\s+│ organisation\s+│ created\s+│/);

    const csv = await runCli(['segments', 'list', '--all', '-o', 'csv'], { env: admin });
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('id,name,organisation,created');
    expect(lines).toHaveLength(items.length + 1);
  });

  it('pages with --limit and prints the next cursor on stderr', async () => {
    const first = await runCli(['segments', 'list', '--limit', '1'], { env: admin });
    expect(JSON.parse(first.stdout)).toHaveLength(1);
    const cursor = /more: --cursor (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();
    const second = await runCli(['segments', 'list', '--limit', '1', '--cursor', cursor!], {
      env: admin,
    });
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)[0].id).not.toBe(JSON.parse(first.stdout)[0].id);
  });

  it('counts a segment in each format', async () => {
    const id = hub.th.seed.segmentIds.allParents;
    const count = await hub.client.segments.count(id);
    const json = await runCli(['segments', 'count', id, '-o', 'json'], { env: admin });
    expect(JSON.parse(json.stdout)).toEqual(count);
    const csv = await runCli(['segments', 'count', id, '-o', 'csv'], { env: admin });
    expect(csv.stdout).toBe(
      [
        'audience,contacts',
        `total,${count.total}`,
        ...Object.entries(count.reachable).map(([channel, n]) => `${channel},${n}`),
        '',
      ].join('\n'),
    );
    const table = await runCli(['segments', 'count', id, '-o', 'table'], { env: admin });
    expect(table.stdout).toMatch(new RegExp(`│ total\\s+│ ${count.total}\\s+│`));
  });
});

describe('the other reads', () => {
  it('campaigns list, plans status, channels status and broadcasts list', async () => {
    const campaigns = await runCli(['campaigns', 'list', '-o', 'json'], { env: admin });
    expect(campaigns.code, campaigns.stderr).toBe(0);
    expect(JSON.parse(campaigns.stdout).map((c: { id: string }) => c.id)).toContain(
      hub.th.seed.campaignId,
    );
    const csv = await runCli(['campaigns', 'list', '-o', 'csv'], { env: admin });
    expect(csv.stdout.split('\n')[0]).toBe('id,key,title,status,starts,ends');

    const grid = await hub.client.campaigns.grid(hub.th.seed.campaignId);
    const plan = await runCli(['plans', 'status', hub.th.seed.campaignId, '-o', 'csv'], {
      env: admin,
    });
    expect(plan.code, plan.stderr).toBe(0);
    const rows = plan.stdout.trimEnd().split('\n');
    expect(rows[0]).toBe('item,key,planned,in_progress,done,overdue');
    expect(rows).toHaveLength(grid.items.length + 2);
    const { planned, in_progress, done, overdue } = grid.totals;
    expect(rows.at(-1)).toBe(`total,,${planned},${in_progress},${done},${overdue}`);
    const byOrg = await runCli(
      ['plans', 'status', hub.th.seed.campaignId, '--by', 'org', '-o', 'json'],
      {
        env: admin,
      },
    );
    expect(JSON.parse(byOrg.stdout).totals).toEqual(grid.totals);

    const channels = await runCli(['channels', 'status', '-o', 'table'], { env: admin });
    expect(channels.code, channels.stderr).toBe(0);
    for (const { channel } of (await hub.client.channels.list()).items) {
      expect(channels.stdout).toContain(channel);
    }

    const broadcasts = await runCli(['broadcasts', 'list', '-o', 'json'], { env: admin });
    expect(broadcasts.code, broadcasts.stderr).toBe(0);
    expect(Array.isArray(JSON.parse(broadcasts.stdout))).toBe(true);
  });

  it('cases list: a key with the cases scope sees the cases, a read-only key none', async () => {
    const key = await hub.client.apiKeys.create({
      orgId: hub.th.seed.ministryId,
      name: 'CLI test, cases',
      scopes: ['read', 'cases'],
    });
    const env = cliEnv(hub.home.path, { SAFENET_URL: hub.url, SAFENET_API_KEY: key.secret });
    const reported = await hub.client.cases.report({
      links: ['https://www.tiktok.com/@user/video/7301'],
      category: 'violence',
      platform: 'tiktok',
      description: 'Драка подростков возле школы, видео распространяется',
      language: 'ru',
      orgId: hub.th.seed.ministryId,
    });
    expect(reported.reference).toBeTruthy();
    const cases = await runCli(['cases', 'list', '--state', 'open', '-o', 'csv'], { env });
    expect(cases.code, cases.stderr).toBe(0);
    const [header, ...rows] = cases.stdout.trimEnd().split('\n');
    expect(header).toBe('number,state,severity,category,platform,reports,resolve by,id');
    expect(rows.some((row) => row.includes(',violence,tiktok,'))).toBe(true);
    const none = await runCli(['cases', 'list', '-o', 'json'], { env: readOnly });
    expect(JSON.parse(none.stdout)).toEqual([]);
  });
});

describe('campaigns load and reports export', () => {
  it('loads a programme file: a dry run writes nothing, a second load changes nothing', async () => {
    const file = join(hub.home.path, 'cli-test.yaml');
    await writeFile(
      file,
      [
        'version: 1',
        'key: cli-test-2017',
        `owner: { id: ${hub.th.seed.ministryId} }`,
        'title: { ru: Неделя безопасного интернета, en: Safe Internet week }',
        'startsOn: "2017-04-10"',
        'endsOn: "2017-04-21"',
        'timeZone: Asia/Almaty',
        '',
      ].join('\n'),
    );
    const dry = await runCli(['campaigns', 'load', file, '--dry-run', '-o', 'json'], {
      env: admin,
    });
    expect(dry.code, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ outcome: 'created', dryRun: true });
    expect((await hub.client.campaigns.list({ q: 'Safe Internet week' })).items).toEqual([]);

    const load = await runCli(['campaigns', 'load', file, '-o', 'json'], { env: admin });
    expect(JSON.parse(load.stdout)).toMatchObject({ outcome: 'created', dryRun: false });
    const again = await runCli(['campaigns', 'load', file, '-o', 'table'], { env: admin });
    expect(again.stdout).toMatch(/│ outcome\s+│ unchanged\s+│/);

    // A file the hub refuses: each problem on its own line, exit 4.
    await writeFile(file, 'version: 1\nkey: Not A Key\n');
    const bad = await runCli(['campaigns', 'load', file], { env: admin });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toMatch(/^error: programme_invalid: /m);
    expect(bad.stderr).toMatch(/^ {2}\S*key\S*: /m);

    const missing = await runCli(['campaigns', 'load', join(hub.home.path, 'none.yaml')], {
      env: admin,
    });
    expect(missing.code).toBe(2);
  });

  it('writes a report roll-up as XLSX, and keeps an existing file without --force', async () => {
    const form = await hub.client.reports.createForm({
      orgId: hub.th.seed.ministryId,
      key: 'cli-test-results',
      title: { ru: 'Итоги', en: 'Results' },
      fields: [{ key: 'assemblies', type: 'count', label: { ru: 'Линейки', en: 'Assemblies' } }],
      schedule: { kind: 'once', startsOn: '2017-04-10', endsOn: '2017-04-21', dueOn: '2017-04-25' },
    });
    await hub.client.reports.setAssignment(form.id, {
      assignees: [{ allOf: 'province', under: hub.th.seed.ministryId }],
    });
    const out = join(hub.home.path, 'results.xlsx');
    const args = [
      'reports',
      'export',
      form.id,
      '--period',
      'once',
      '--level',
      'province',
      '--out',
      out,
    ];
    const first = await runCli(args, { env: admin });
    expect(first.code, first.stderr).toBe(0);
    const bytes = await readFile(out);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1')); // a zip: XLSX
    expect(first.stderr).toContain(`Wrote ${out} (${bytes.byteLength} bytes)`);

    const kept = await runCli(args, { env: admin });
    expect(kept.code).toBe(2);
    expect(kept.stderr).toContain('exists: add --force');
    expect((await runCli([...args, '--force'], { env: admin })).code).toBe(0);
  });
});

describe('exit codes', () => {
  it('2 for a bad flag, a missing argument, a bad choice and the hub’s validation_failed', async () => {
    const flag = await runCli(['segments', 'list', '--nope'], { env: admin });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("error: usage: unknown option '--nope'");
    expect((await runCli(['segments', 'count'], { env: admin })).code).toBe(2);
    expect((await runCli(['segments', 'list', '-o', 'yaml'], { env: admin })).code).toBe(2);
    expect((await runCli(['segments', 'list', '--limit', '0'], { env: admin })).code).toBe(2);
    expect((await runCli(['segments'], { env: admin })).code).toBe(2);

    const invalid = await runCli(['segments', 'count', 'not-a-uuid'], { env: admin });
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^error: validation_failed: /m);
  });

  it('3 for an id the hub does not know', async () => {
    for (const args of [
      ['segments', 'count', randomUUID()],
      ['broadcasts', 'status', randomUUID()],
      ['plans', 'status', randomUUID()],
    ]) {
      const run = await runCli(args, { env: admin });
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr).toMatch(/^error: not_found: /m);
    }
  });

  it('4 for a read-only key trying a write', async () => {
    const cancel = await runCli(['broadcasts', 'cancel', randomUUID()], { env: readOnly });
    expect(cancel.code).toBe(4);
    expect(cancel.stderr).toMatch(/^error: insufficient_scope: /m);
    // Its reads work.
    expect((await runCli(['segments', 'list'], { env: readOnly })).code).toBe(0);
  });

  it('1 for an unreachable hub, 0 for --help and --version', async () => {
    const down = await runCli(['segments', 'list'], {
      env: cliEnv(hub.home.path, { SAFENET_URL: 'http://127.0.0.1:9', SAFENET_API_KEY: 'k' }),
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^error: network_error: Could not reach http:\/\/127\.0\.0\.1:9/m);

    const help = await runCli(['broadcasts', 'send', '--help'], { env: admin });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('safenet broadcasts send --org');
    expect((await runCli(['--version'], { env: admin })).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
