import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import * as initial from './migrations/001-initial.js';
import * as pendingReceipts from './migrations/002-delivery-pending-receipts.js';
import * as fallbackAndPacing from './migrations/003-delivery-fallback-and-pacing.js';
import * as hubSecrets from './migrations/004-platform-hub-secrets.js';
import * as inboundEvents from './migrations/005-inbound-provider-events.js';
import * as circuitBreakers from './migrations/006-delivery-circuit-breakers.js';
import * as webhookEndpoints from './migrations/007-endpoints-webhooks.js';

/** Every migration, by name; names sort in the order they run. */
export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-pending-receipts': pendingReceipts,
  '003-fallback-and-pacing': fallbackAndPacing,
  '004-hub-secrets': hubSecrets,
  '005-inbound-events': inboundEvents,
  '006-circuit-breakers': circuitBreakers,
  '007-endpoints-webhooks': webhookEndpoints,
};

/**
 * The PostgreSQL advisory lock that migrations hold, database-wide: two hubs starting at
 * once migrate one after the other, and whatever drops a schema (the tests' clean-up) takes
 * it too — the migrator's first step lists the tables of every schema, which fails if one
 * is dropped while it reads.
 */
export const MIGRATION_LOCK_KEY = 0x5afe_0001;

/** Brings the schema up to date. Migrations are code, bundled with the hub. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  schema: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<void> {
  if (!lock) return migrate(db, schema);
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(connection);
    try {
      await migrate(connection, schema);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(connection);
    }
  });
}

async function migrate(db: Kysely<unknown>, schema: string): Promise<void> {
  const migrator = new Migrator({
    db,
    migrationTableSchema: schema,
    provider: { getMigrations: async () => MIGRATIONS },
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
