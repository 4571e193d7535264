/**
 * Upgrading from Safenet 0.1, whose embedded store was PGlite in the hub's process: the real
 * hub (`node apps/hub/dist/main.js`, as `npm start` runs it) is started on a copy of a data
 * directory that 0.1 left behind (tests/fixtures/README.md says how it was made). It must
 * carry everything over to its embedded PostgreSQL by itself, keep the old files, and not
 * do it again on the next start.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SafenetClient } from '@safenet/sdk';
import pg from 'pg';
import { expect, it } from 'vitest';
import { freePort, spawnHub } from '../support/hub-process.js';
import { tempDir } from '../support/temp-dir.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/pglite-datadir-0.1.0.tar.xz', import.meta.url));
const ADMIN_KEY = 'sn_fixture_0123456789abcdef0123456789abcdef';
const SENT = '01a24520-459f-747d-834c-4f2cb3ed8038';
const SCHEDULED = '01a24520-4b1e-77f5-b880-afb3010d489d';

it('a 0.1 data directory (PGlite) is carried over to the embedded PostgreSQL on the first start', {
  timeout: 180_000,
}, async () => {
  await using dir = await tempDir('safenet-upgrade-');
  execFileSync('tar', ['-xJf', FIXTURE, '-C', dir.path]);
  const env = {
    SAFENET_DATA_DIR: dir.path,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };

  await using first = spawnHub(env);
  const { baseUrl } = await first.ready(120_000);
  expect(first.stdout()).toMatch(
    /Upgraded {2}the PGlite database of Safenet 0\.1: \d+ rows and 1 waiting jobs carried over/,
  );
  const client = new SafenetClient({ baseUrl, apiKey: ADMIN_KEY });

  const seen = async () => {
    let contacts = 0;
    for await (const _ of client.contacts.iterate()) contacts += 1;
    return {
      organisations: (await client.organisations.list()).items.length,
      contacts,
      sent: await client.broadcasts.progress(SENT),
      scheduled: (await client.broadcasts.get(SCHEDULED)).status,
    };
  };
  const before = await seen();
  // The figures 0.1 reported for this directory (tests/fixtures/README.md).
  expect(before.organisations).toBe(7);
  expect(before.contacts).toBe(200);
  expect(before.sent).toMatchObject({
    status: 'completed',
    total: 172,
    counts: { captured: 170, suppressed: 2 },
  });
  expect(before.scheduled).toBe('scheduled');

  // The scheduled broadcast's expansion waits in the new queue for its time.
  const url = readFileSync(join(dir.path, 'database-url'), 'utf8').trim();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const jobs = await db.query<{ start_after: Date; data: { broadcastId?: string } }>(
      `SELECT start_after, data FROM safenet_queue.job WHERE name = 'broadcast-expand' AND state = 'created'`,
    );
    expect(jobs.rows).toHaveLength(1);
    expect(jobs.rows[0]?.start_after.toISOString()).toBe('2030-04-10T02:00:00.000Z');
    expect(JSON.stringify(jobs.rows[0]?.data)).toContain(SCHEDULED);
  } finally {
    await db.end();
  }
  expect(existsSync(join(dir.path, 'pgdata'))).toBe(false);
  expect(existsSync(join(dir.path, 'pgdata.pglite-backup', 'PG_VERSION'))).toBe(true);
  expect(await first.stop()).toEqual({ code: 0, signal: null });

  // The next start opens PostgreSQL as it is: nothing imported twice, nothing lost.
  await using second = spawnHub(env);
  await second.ready(60_000);
  expect(second.stdout()).not.toContain('Upgraded');
  expect(await seen()).toEqual(before);
  expect(await second.stop()).toEqual({ code: 0, signal: null });
});
