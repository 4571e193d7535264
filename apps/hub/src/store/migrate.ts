import { type Kysely, type Migration, Migrator } from 'kysely';
import * as initial from './migrations/001-initial.js';
import * as pendingReceipts from './migrations/002-pending-receipts.js';
import * as fallbackAndPacing from './migrations/003-fallback-and-pacing.js';
import * as hubSecrets from './migrations/004-hub-secrets.js';
import * as inboundEvents from './migrations/005-inbound-events.js';
import * as circuitBreakers from './migrations/006-circuit-breakers.js';

/** Every migration, by name; names sort in the order they run. */
export const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-pending-receipts': pendingReceipts,
  '003-fallback-and-pacing': fallbackAndPacing,
  '004-hub-secrets': hubSecrets,
  '005-inbound-events': inboundEvents,
  '006-circuit-breakers': circuitBreakers,
};

/** Brings the schema up to date. Migrations are code, bundled with the hub. */
export async function migrateToLatest(db: Kysely<unknown>, schema: string): Promise<void> {
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
