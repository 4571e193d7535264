/**
 * `safenet broadcasts preview|send|status|cancel` against a test hub whose channels capture
 * into the outbox (no provider is configured), so a send runs to completion in moments.
 * `send` follows the stream: off a terminal its progress comes as lines on stderr, and the
 * final counts on stdout.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BroadcastInput, BroadcastProgress } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliHub, cliEnv, runCli, spawnCli, startCliHub } from './cli-harness.js';

let hub: CliHub;
let env: NodeJS.ProcessEnv;
let input: BroadcastInput;
/** The flags that say the same as `input`. */
let flags: string[];

beforeAll(async () => {
  hub = await startCliHub();
  env = cliEnv(hub.home.path, hub.adminEnv);
  const segment = await hub.client.segments.get(hub.th.seed.segmentIds.kazakhAndRussianParents);
  const recommendationId = hub.th.seed.recommendationIds[0]!;
  input = {
    orgId: segment.orgId,
    segmentId: segment.id,
    channels: ['whatsapp', 'sms', 'email'],
    content: { recommendationId },
    variables: { hotline: '111' },
  };
  flags = [
    '--org',
    segment.orgId,
    '--segment',
    segment.id,
    '--channel',
    'whatsapp,sms',
    '--channel',
    'email',
    '--recommendation',
    recommendationId,
    '--var',
    'hotline=111',
  ];
});

afterAll(async () => {
  await hub?.[Symbol.asyncDispose]();
});

/** A time far ahead: a broadcast scheduled then stays `scheduled` for the test's length. */
const LATER = '2099-01-01T09:00:00+06:00';

describe('broadcasts preview', () => {
  it('from flags and from a file, as the SDK previews the same input', async () => {
    const expected = await hub.client.broadcasts.preview(input);
    const fromFlags = await runCli(['broadcasts', 'preview', ...flags, '-o', 'json'], { env });
    expect(fromFlags.code, fromFlags.stderr).toBe(0);
    expect(JSON.parse(fromFlags.stdout)).toEqual(expected);

    const file = join(hub.home.path, 'broadcast.json');
    await writeFile(file, JSON.stringify({ ...input, channels: ['sms'] }));
    // A flag overrides the file's field.
    const fromFile = await runCli(
      ['broadcasts', 'preview', '--file', file, '--channel', 'whatsapp,sms,email', '-o', 'table'],
      { env },
    );
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromFile.stdout).toMatch(new RegExp(`│ recipients\\s+│ ${expected.recipients}\\s+│`));
    expect(fromFile.stdout).toMatch(
      new RegExp(`│ on email\\s+│ ${expected.byChannel.email ?? 0}\\s+│`),
    );
  });

  it('says who gets a ZNS template and who an OA message when the broadcast lists Zalo', async () => {
    // A Kazakh parent on Zalo by a Vietnamese phone; the hub has no ZNS template configured.
    const parent = await hub.client.contacts.create({
      orgId: input.orgId,
      role: 'parent',
      language: 'kk',
      childAgeBands: [{ min: 7, max: 9 }],
      addresses: { zalo: '+84912345678' },
      consents: {
        zalo: { status: 'granted', source: 'parent meeting form', at: '2017-04-10T10:00:00+06:00' },
      },
    });
    try {
      const expected = await hub.client.broadcasts.preview({
        ...input,
        channels: [...input.channels, 'zalo'],
      });
      const [reads] = expected.zalo?.missingTemplates ?? [];
      expect(expected.zalo).toMatchObject({ template: 0, noTemplate: 1, notVietnamese: 0 });
      const run = await runCli(
        ['broadcasts', 'preview', ...flags, '--channel', 'zalo', '-o', 'table'],
        { env },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/│ zalo template\s+│ 0\s+│/);
      expect(run.stdout).toMatch(new RegExp(`│ zalo message\\s+│ ${expected.zalo?.message}\\s+│`));
      expect(run.stdout).toMatch(new RegExp(`│ zalo no template\\s+│ 1 \\(${reads}\\)\\s+│`));
      // Without Zalo among the channels there are no Zalo rows.
      const without = await runCli(['broadcasts', 'preview', ...flags, '-o', 'table'], { env });
      expect(without.stdout).not.toContain('zalo');
    } finally {
      await hub.client.contacts.delete(parent.id);
    }
  });

  it('names what is missing (2), and passes on the hub’s validation_failed (2)', async () => {
    const missing = await runCli(['broadcasts', 'preview', '--org', input.orgId], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'error: usage: missing --segment, --channel, --recommendation or --body (or give them in --file)',
    );
    const invalid = await runCli(
      ['broadcasts', 'preview', ...flags, '--channel', 'pigeon', '-o', 'json'],
      { env },
    );
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/^error: validation_failed: /m);
    expect(invalid.stderr).toMatch(/^ {2}body\.channels\.\d+: /m);
    const notJson = join(hub.home.path, 'not.json');
    await writeFile(notJson, 'orgId: x');
    expect((await runCli(['broadcasts', 'preview', '--file', notJson], { env })).code).toBe(2);
  });
});

describe('broadcasts send', () => {
  it('creates the broadcast and follows its progress to completion', async () => {
    const run = await runCli(['broadcasts', 'send', ...flags, '-o', 'json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const id = /Broadcast (\S+) created/.exec(run.stderr)?.[1];
    expect(id).toBeDefined();

    const final = JSON.parse(run.stdout) as BroadcastProgress;
    expect(final).toEqual(await hub.client.broadcasts.progress(id!));
    expect(final.status).toBe('completed');
    expect(final.total).toBeGreaterThan(0);
    expect(final.counts.queued ?? 0).toBe(0);

    // Off a terminal the bar is one line per change, ending at the final counts.
    const lines = run.stderr.split('\n').filter((line) => line.startsWith(`broadcast ${id}: `));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(new RegExp(`: ${final.total}/${final.total} completed`));
  });

  it('--detach returns at once with the broadcast and how to follow it', async () => {
    const run = await runCli(['broadcasts', 'send', ...flags, '--send-at', LATER, '--detach'], {
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    const broadcast = JSON.parse(run.stdout);
    expect(broadcast.status).toBe('scheduled');
    expect(run.stderr).toContain(
      `Follow it with: safenet broadcasts status ${broadcast.id} --follow`,
    );
  });

  it('Ctrl-C while following detaches and cancels nothing', async () => {
    const created = await hub.client.broadcasts.create({ ...input, sendAt: LATER });
    const follow = spawnCli(['broadcasts', 'status', created.id, '--follow'], { env });
    await follow.waitFor(new RegExp(`broadcast ${created.id}: 0/0 scheduled`));
    follow.child.kill('SIGINT');
    const result = await follow.result;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      `Detached: broadcast ${created.id} goes on; nothing was cancelled.`,
    );
    expect(result.stderr).toContain(`safenet broadcasts status ${created.id} --follow`);
    expect((await hub.client.broadcasts.get(created.id)).status).toBe('scheduled');
  });
});

describe('broadcasts status and cancel', () => {
  it('shows the counts, cancels once, and refuses a second cancel (4)', async () => {
    const created = await hub.client.broadcasts.create({ ...input, sendAt: LATER });
    const status = await runCli(['broadcasts', 'status', created.id, '-o', 'csv'], { env });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`broadcast,${created.id}\nstatus,scheduled\n`);

    const cancel = await runCli(['broadcasts', 'cancel', created.id, '-o', 'json'], { env });
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(JSON.parse(cancel.stdout)).toMatchObject({ id: created.id, status: 'cancelled' });
    const again = await runCli(['broadcasts', 'cancel', created.id], { env });
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/^error: broadcast_not_cancellable: /m);

    // Following a cancelled broadcast ends at once: it will not complete (exit 1).
    const follow = await runCli(['broadcasts', 'status', created.id, '--follow', '-o', 'json'], {
      env,
    });
    expect(follow.code).toBe(1);
    expect(JSON.parse(follow.stdout).status).toBe('cancelled');
    expect(follow.stderr).toContain(
      `error: broadcast_cancelled: broadcast ${created.id} was cancelled`,
    );
  });
});
