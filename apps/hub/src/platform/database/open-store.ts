import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { HubConfig } from '../../config.js';
import type { PoolStats } from '../metrics/pool.metrics.js';
import { lockDataDir } from './data-dir-lock.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded/embedded-postgres.js';
import {
  importPgliteDirectory,
  type PgliteUpgrade,
  pgliteDirectory,
} from './embedded/pglite-import.js';
import { migrateToLatest } from './migrate.js';
import type { PlatformTables } from './schema.js';

/**
 * An open database: kysely for the hub's tables, and how pg-boss reaches the same database.
 * Both kinds are PostgreSQL: the embedded one is a server the hub starts in its data
 * directory, the other one runs elsewhere (`DATABASE_URL`).
 */
export interface Store {
  readonly kind: 'embedded' | 'postgres';
  readonly db: Kysely<PlatformTables>;
  readonly schema: string;
  /** The server's URL, for pg-boss and for LISTEN connections. */
  readonly url: string;
  /** The connection pool's counts, for the metrics. */
  readonly pool: PoolStats;
  /** What this start carried over from a Safenet 0.1 (PGlite) data directory. */
  readonly upgrade?: PgliteUpgrade;
  close(): Promise<void>;
}

/** Opens (and migrates) the configured database. */
export async function openStore(database: HubConfig['database']): Promise<Store> {
  return database.kind === 'embedded'
    ? openEmbedded(database.dataDir, database.schema, database.port)
    : openPostgres(database.url, database.schema);
}

async function openEmbedded(dataDir: string, schema: string, port: number): Promise<Store> {
  const lock = await lockDataDir(dataDir);
  let server: EmbeddedPostgres | undefined;
  try {
    const upgrade = pgliteDirectory(dataDir);
    server = await startEmbeddedPostgres(dataDir, { port });
    const upgraded = upgrade ? await importPgliteDirectory(upgrade, server.url, schema) : undefined;
    const store = await openPostgres(server.url, schema);
    const running = server;
    return {
      ...store,
      kind: 'embedded',
      ...(upgraded ? { upgrade: upgraded } : {}),
      async close() {
        await store.close();
        await running.stop();
        await lock.release();
      },
    };
  } catch (error) {
    await server?.stop().catch(() => undefined);
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
  // An idle connection the server closed (a restart, a failover): the pool drops it and the
  // next query opens another; queries in flight fail on their own.
  pool.on('error', () => undefined);
  const db = new Kysely<PlatformTables>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db);
  await migrateToLatest(db as Kysely<unknown>, schema);
  return {
    kind: 'postgres',
    db,
    schema,
    url,
    pool,
    async close() {
      await db.destroy();
    },
  };
}
