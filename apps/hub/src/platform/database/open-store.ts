import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Mutex } from 'async-mutex';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { type Db as BossDb, fromPglite } from 'pg-boss';
import type { HubConfig } from '../../config.js';
import type { PoolStats } from '../metrics/pool.metrics.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrateToLatest } from './migrate.js';
import { PgliteGate, pgliteDialect } from './pglite.dialect.js';
import type { PlatformTables } from './schema.js';

/** An open database: kysely for the hub's tables, and how pg-boss reaches the same database. */
export interface Store {
  readonly kind: 'embedded' | 'postgres';
  readonly db: Kysely<PlatformTables>;
  readonly schema: string;
  /** pg-boss options for this database (its own schema beside the hub's). */
  readonly queue: { db: BossDb; backend: 'pglite' } | { connectionString: string };
  /** The connection pool's counts, for the metrics; absent when the store has no pool. */
  readonly pool?: PoolStats;
  close(): Promise<void>;
}

/** Opens (and migrates) the configured database. */
export async function openStore(database: HubConfig['database']): Promise<Store> {
  return database.kind === 'embedded'
    ? openEmbedded(database.dataDir, database.schema)
    : openPostgres(database.url, database.schema);
}

async function openEmbedded(dataDir: string, schema: string): Promise<Store> {
  const lock = await lockDataDir(dataDir);
  try {
    const pglite = await PGlite.create(join(dataDir, 'pgdata'));
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"; SET search_path TO "${schema}"`);
    const gate = new PgliteGate(pglite, new Mutex());
    const db = new Kysely<PlatformTables>({ dialect: pgliteDialect(gate) });
    await migrateToLatest(db as Kysely<unknown>, schema);
    return {
      kind: 'embedded',
      db,
      schema,
      queue: { db: fromPglite(gate.forPgBoss()), backend: 'pglite' },
      async close() {
        await db.destroy();
        await gate.run(() => pglite.close());
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function openPostgres(url: string, schema: string): Promise<Store> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  try {
    await setup.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await setup.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  await migrateToLatest(db as Kysely<unknown>, schema, { lock: true });
  return {
    kind: 'postgres',
    db,
    schema,
    queue: { connectionString: url },
    pool,
    async close() {
      await db.destroy();
    },
  };
}
