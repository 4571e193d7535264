import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './modules/database.js';
import { mulberry32 } from './seed/random.js';
import { startTestHub, type TestHub } from './testing/test-hub.js';

// The embedded store's gate (platform/database/pglite.dialect.ts), tested here at the
// composition root: through the whole hub, its module tables and pg-boss on one PGlite.
// PGlite has one session: without the gate, a statement issued while another caller's
// transaction is open runs inside that transaction, and is committed or rolled back with it.
// These tests open many transactions at once and let each one yield between its statements,
// so anything not serialised by the gate would interleave.

const PROBE_QUEUE = 'store-gate-probe';

describe('embedded store: concurrent access through the gate', () => {
  let th: TestHub;
  let db: Db;
  let orgId: string;

  beforeAll(async () => {
    th = await startTestHub({ workers: false });
    db = th.hub.db;
    orgId = th.seed.ministryId;
    await th.hub.boss.createQueue(PROBE_QUEUE);
  });

  afterAll(async () => {
    await th?.close();
  });

  /**
   * A transaction writing two campaigns with pauses between statements; odd ones throw.
   * `during` runs after the first write, while the transaction is open: what it starts
   * without awaiting must wait for the gate rather than run inside this transaction.
   */
  const writeCampaigns = (run: string, i: number, random: () => number, during = () => {}) =>
    db.transaction().execute(async (trx) => {
      for (const part of ['a', 'b']) {
        await trx
          .insertInto('campaigns')
          .values({
            id: uuidv7(),
            org_id: orgId,
            title: `${run}-${i}-${part}`,
            description: null,
            starts_on: '2017-04-10',
            ends_on: '2017-04-21',
            time_zone: 'Asia/Almaty',
            organisers: [],
            created_at: new Date(),
          })
          .execute();
        if (part === 'a') during();
        // Hand the event loop to everyone else while this transaction is open.
        await sleep(Math.floor(random() * 4));
      }
      if (i % 2 === 1) throw new Error(`rollback ${i}`);
      return i;
    });

  const titlesOf = async (run: string) =>
    (
      await db
        .selectFrom('campaigns')
        .select('title')
        .where('title', 'like', `${run}-%`)
        .orderBy('title')
        .execute()
    ).map((row) => row.title);

  it('keeps every committed write and none of the rolled-back ones', async () => {
    const run = `tx-${uuidv7()}`;
    const random = mulberry32(1);
    const count = 40;
    const results = await Promise.allSettled(
      Array.from({ length: count }, (_, i) => writeCampaigns(run, i, random)),
    );

    const expected: string[] = [];
    results.forEach((result, i) => {
      if (i % 2 === 0) {
        expect(result, `transaction ${i}`).toEqual({ status: 'fulfilled', value: i });
        expected.push(`${run}-${i}-a`, `${run}-${i}-b`);
      } else {
        expect(result, `transaction ${i}`).toMatchObject({
          status: 'rejected',
          reason: { message: `rollback ${i}` },
        });
      }
    });
    expect(await titlesOf(run)).toEqual(expected.sort());
  });

  it('runs plain queries interleaved with transactions, each seeing whole transactions only', async () => {
    const run = `mixed-${uuidv7()}`;
    const random = mulberry32(2);
    const count = () =>
      db
        .selectFrom('campaigns')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('title', 'like', `${run}-%`)
        .executeTakeFirstOrThrow()
        .then((row) => row.n);
    const counts: Promise<number>[] = [];
    const transactions: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i += 1) {
      counts.push(count());
      transactions.push(
        writeCampaigns(run, i, random, () => counts.push(count())).catch(() => undefined),
      );
    }
    await Promise.all(transactions);
    const seen = await Promise.all(counts);
    expect(seen).toHaveLength(60);
    // Never half of a transaction (an odd count), never a write that was later rolled back.
    for (const n of seen) {
      expect(n % 2, `a query saw ${n} rows`).toBe(0);
      expect(n).toBeLessThanOrEqual(30);
    }
    expect(await titlesOf(run)).toHaveLength(30);
  });

  it('never lets a pg-boss statement land inside a rolled-back transaction', async () => {
    const { boss } = th.hub;
    const run = `boss-${uuidv7()}`;
    const random = mulberry32(3);
    const sends: Promise<string | null>[] = [];
    const transactions: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i += 1) {
      sends.push(boss.send(PROBE_QUEUE, { run, i, when: 'beside' }));
      transactions.push(
        writeCampaigns(run, i, random, () => {
          // Sent while this transaction is open; it must not be rolled back with it.
          sends.push(boss.send(PROBE_QUEUE, { run, i, when: 'during' }));
        }).catch(() => undefined),
      );
    }
    await Promise.all(transactions);
    const ids = await Promise.all(sends);
    expect(ids).toHaveLength(60);
    for (const id of ids) {
      expect(typeof id).toBe('string');
      const job = await boss.getJobById(PROBE_QUEUE, id as string);
      expect(job, `job ${id}`).toMatchObject({ id, state: 'created', data: { run } });
    }
    expect(await titlesOf(run)).toHaveLength(30);
  });
});
