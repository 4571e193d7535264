/**
 * A lease (a WhatsApp Web phone) is held by one process at a time and taken over when its
 * holder's connection dies — on both stores, each a real PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { holdLease, isLeaseHeld, LEASE_LOCK_CLASS, leaseKey } from './lease.js';

const WAIT = { timeout: 30_000, interval: 20 };

describe.each(await testBackends())('leases ($name)', ({ database, run }) => {
  let th: TestHub;
  let url: string;
  let admin: pg.Client;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
    url = th.hub.store.url;
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await th?.close();
  });

  /** The backends that asked for the lease, and which of them hold it. */
  const sessions = async (name: string) => {
    const { rows } = await admin.query<{ pid: number; holds: boolean; query: string }>(
      `SELECT a.pid, a.query,
              EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory'
                        AND l.classid = $2::oid AND l.objid = (($3::bigint + 4294967296) % 4294967296)::oid
                        AND l.granted) AS holds
         FROM pg_stat_activity a WHERE a.application_name = $1`,
      [`safenet lease ${name}`, LEASE_LOCK_CLASS, leaseKey(name)],
    );
    return rows;
  };

  it.runIf(run)(
    'is held by one process; the other takes it over when the holder’s connection dies',
    async () => {
      // A name whose key is negative: pg_locks shows it as an unsigned oid.
      let name = '';
      do name = `pairing:test:${randomBytes(4).toString('hex')}`;
      while (leaseKey(name) >= 0);
      const log: string[] = [];
      const holder = (who: string) => ({
        acquired: () => log.push(`${who} acquired`),
        lost: () => log.push(`${who} lost`),
      });
      const options = { url, retryMs: 50, onError: () => undefined };
      // What a process that holds nothing sees: nobody, then A, then nobody once released.
      const held = () => isLeaseHeld(th.hub.db, name);
      expect(await held()).toBe(false);
      const releaseA = holdLease(name, holder('A'), options);
      await vi.waitFor(() => expect(log).toEqual(['A acquired']), WAIT);
      expect(await held()).toBe(true);
      expect(await isLeaseHeld(th.hub.db, `${name}:another`)).toBe(false);
      const releaseB = holdLease(name, holder('B'), options);
      try {
        // B has asked (its connection ran the try-lock) and was refused: A still holds it alone.
        await vi.waitFor(async () => {
          const rows = await sessions(name);
          expect(rows).toHaveLength(2);
          expect(rows.filter((r) => r.holds)).toHaveLength(1);
          expect(rows.every((r) => r.query.includes('pg_try_advisory_lock'))).toBe(true);
        }, WAIT);
        expect(log).toEqual(['A acquired']);

        // A's process dies as far as the database can tell: its connection is cut.
        const [holding] = (await sessions(name)).filter((r) => r.holds);
        await admin.query('SELECT pg_terminate_backend($1)', [holding?.pid]);
        // The two news travel apart (B may take it before A's socket reports the cut).
        await vi.waitFor(
          () => expect([...log].sort()).toEqual(['A acquired', 'A lost', 'B acquired']),
          WAIT,
        );
        await vi.waitFor(async () => {
          const rows = await sessions(name);
          expect(rows.filter((r) => r.holds)).toHaveLength(1);
        }, WAIT);
      } finally {
        await releaseA();
        await releaseB();
      }
      await vi.waitFor(async () => expect(await sessions(name)).toEqual([]), WAIT);
      expect(await held()).toBe(false);
    },
  );
});
