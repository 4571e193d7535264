import { existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite as Pglite } from '@electric-sql/pglite';
import { SafenetError } from '@safenet/core';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { migrateToLatest } from '../migrate.js';

/** What an upgrade from the PGlite directory of Safenet 0.1 carried over. */
export interface PgliteUpgrade {
  rows: number;
  jobs: number;
  /** Where the old directory was kept. */
  backup: string;
}

/** Rows read from PGlite and written to PostgreSQL per statement. */
const CHUNK = 2_000;

/**
 * The data directory's PGlite database left by Safenet 0.1 (`<dataDir>/pgdata`), when it
 * still has to be carried over. Once imported it is renamed, so this returns undefined.
 */
export function pgliteDirectory(dataDir: string): string | undefined {
  const dir = join(dataDir, 'pgdata');
  return existsSync(join(dir, 'PG_VERSION')) ? dir : undefined;
}

/**
 * Carries a PGlite directory over to the embedded PostgreSQL at `url`: the new database is
 * migrated to the level the old one reached, every row of the hub's tables is copied in one
 * transaction, the queue's waiting jobs (a scheduled broadcast, unsent messages) are queued
 * again, and the old directory is renamed to `pgdata.pglite-backup` — only then, so an
 * upgrade cut short starts again from the old directory on the next start.
 */
export async function importPgliteDirectory(
  dir: string,
  url: string,
  schema: string,
): Promise<PgliteUpgrade> {
  // Loaded only for an upgrade: PGlite is no longer the hub's database.
  const { PGlite } = await import('@electric-sql/pglite');
  const old = await PGlite.create(dir);
  try {
    const level = await migrationLevel(old, schema);
    let rows = 0;
    let jobs = 0;
    if (level) {
      await migrateTarget(url, schema, level);
      rows = await copyTables(old, url, schema);
      jobs = await requeueJobs(old, url, `${schema}_queue`);
    }
    await old.close();
    const backup = `${dir}.pglite-backup`;
    await rename(dir, backup);
    return { rows, jobs, backup };
  } catch (error) {
    if (!old.closed) await old.close().catch(() => undefined);
    throw new SafenetError(
      'embedded_database_failed',
      `Could not carry the PGlite database in ${dir} over to PostgreSQL; it is untouched and the next start tries again. ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

async function migrationLevel(old: Pglite, schema: string): Promise<string | undefined> {
  const table = await old.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [
    `"${schema}".kysely_migration`,
  ]);
  if (!table.rows[0]?.found) return undefined;
  const last = await old.query<{ name: string }>(
    `SELECT name FROM "${schema}".kysely_migration ORDER BY name DESC LIMIT 1`,
  );
  return last.rows[0]?.name;
}

async function migrateTarget(url: string, schema: string, level: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await migrateToLatest(db, schema, level);
  } finally {
    await db.destroy();
  }
}

/** Copies every table of the hub's schema, as JSON rows, in one transaction. */
async function copyTables(old: Pglite, url: string, schema: string): Promise<number> {
  const tables = await old.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_migration%'
      ORDER BY table_name`,
    [schema],
  );
  const target = new pg.Client({ connectionString: url });
  await target.connect();
  let copied = 0;
  try {
    await target.query('BEGIN');
    // Rows go in table by table: foreign keys are checked by the data's origin, not again.
    await target.query('SET LOCAL session_replication_role = replica');
    for (const { name } of tables.rows) {
      const columns = await old.query<{ column: string }>(
        `SELECT column_name AS column FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER'
          ORDER BY ordinal_position`,
        [schema, name],
      );
      const list = columns.rows.map((c) => `"${c.column}"`).join(', ');
      const qualified = `"${schema}"."${name}"`;
      await old.transaction(async (tx) => {
        await tx.query(
          `DECLARE rows NO SCROLL CURSOR FOR SELECT to_jsonb(t) AS row FROM ${qualified} t`,
        );
        for (;;) {
          const batch = await tx.query<{ row: unknown }>(`FETCH ${CHUNK} FROM rows`);
          if (batch.rows.length === 0) break;
          await target.query(
            `INSERT INTO ${qualified} (${list}) OVERRIDING SYSTEM VALUE
             SELECT ${list} FROM jsonb_populate_recordset(NULL::${qualified}, $1::jsonb)`,
            [JSON.stringify(batch.rows.map((r) => r.row))],
          );
          copied += batch.rows.length;
        }
        await tx.query('CLOSE rows');
      });
    }
    await target.query('COMMIT');
  } catch (error) {
    await target.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await target.end();
  }
  return copied;
}

interface OldJob {
  id: string;
  name: string;
  data: object | null;
  priority: number;
  retry_limit: number;
  retry_delay: number;
  retry_backoff: boolean;
  retry_delay_max: number | null;
  start_after: Date;
  singleton_key: string | null;
  expire_seconds: number;
  heartbeat_seconds: number | null;
  dead_letter: string | null;
}

/**
 * Queues again the jobs that were waiting or running in the old queue (a job running when
 * the old hub stopped runs again, as it would have after its heartbeat expired).
 */
async function requeueJobs(old: Pglite, url: string, queueSchema: string): Promise<number> {
  const found = await old.query<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [
    `"${queueSchema}".job`,
  ]);
  if (!found.rows[0]?.found) return 0;
  const pending = await old.query<OldJob>(
    `SELECT id, name, data, priority, retry_limit, retry_delay, retry_backoff, retry_delay_max,
            start_after, singleton_key, expire_seconds, heartbeat_seconds, dead_letter
       FROM "${queueSchema}".job WHERE state IN ('created', 'retry', 'active')`,
  );
  if (pending.rows.length === 0) return 0;
  const queues = await old.query<{ name: string; policy: string; dead_letter: string | null }>(
    `SELECT name, policy, dead_letter FROM "${queueSchema}".queue`,
  );
  const boss = new PgBoss({
    connectionString: url,
    schema: queueSchema,
    supervise: false,
    schedule: false,
    migrate: true,
    registerInstance: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    for (const queue of queues.rows) {
      if (await boss.getQueue(queue.name)) continue;
      await boss.createQueue(queue.name, {
        policy: queue.policy as NonNullable<Parameters<PgBoss['createQueue']>[1]>['policy'],
        ...(queue.dead_letter ? { deadLetter: queue.dead_letter } : {}),
      });
    }
    const byQueue = new Map<string, OldJob[]>();
    for (const job of pending.rows) byQueue.set(job.name, [...(byQueue.get(job.name) ?? []), job]);
    for (const [name, jobs] of byQueue) {
      await boss.insert(
        name,
        jobs.map((job) => ({
          id: job.id,
          ...(job.data ? { data: job.data } : {}),
          priority: job.priority,
          retryLimit: job.retry_limit,
          retryDelay: job.retry_delay,
          retryBackoff: job.retry_backoff,
          ...(job.retry_delay_max !== null ? { retryDelayMax: job.retry_delay_max } : {}),
          startAfter: job.start_after,
          ...(job.singleton_key ? { singletonKey: job.singleton_key } : {}),
          expireInSeconds: job.expire_seconds,
          ...(job.heartbeat_seconds ? { heartbeatSeconds: job.heartbeat_seconds } : {}),
          ...(job.dead_letter ? { deadLetter: job.dead_letter } : {}),
        })),
      );
    }
  } finally {
    await boss.stop({ graceful: false });
  }
  return pending.rows.length;
}
