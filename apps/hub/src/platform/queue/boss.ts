import { PgBoss } from 'pg-boss';
import type { Store } from '../database/open-store.js';

/** A queue a module declares: its name and its retry policy. */
export interface QueueSpec {
  name: string;
  options: Omit<NonNullable<Parameters<PgBoss['createQueue']>[1]>, 'heartbeatSeconds'>;
}

/** pg-boss's schema: beside the hub's tables, named after them. */
export function queueSchema(store: Pick<Store, 'schema'>): string {
  return `${store.schema}_queue`;
}

/** pg-boss on the hub's database, in its own schema beside the hub's tables; not started. */
export function createQueue(store: Store): PgBoss {
  const boss = new PgBoss({
    connectionString: store.url,
    schema: queueSchema(store),
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
    maintenanceIntervalSeconds: 60,
    migrate: true,
    registerInstance: false,
    openTelemetry: { enabled: false },
  });
  boss.on('error', () => {
    // Errors of pg-boss's own loops (a poll failing while the database restarts) are
    // retried by pg-boss itself; the hub logs them through its 'error' listener in hub.ts.
  });
  return boss;
}

/**
 * Starts pg-boss and creates (or updates) the queues the modules declare. Heartbeats bound
 * how long a job claimed by a killed process stays claimed: after that it is retried, which
 * is how an unfinished broadcast resumes after `kill -9`.
 */
export async function startQueue(
  boss: PgBoss,
  specs: readonly QueueSpec[],
  heartbeatSeconds: number,
): Promise<void> {
  await boss.start();
  for (const spec of specs)
    await ensureQueue(boss, spec.name, { ...spec.options, heartbeatSeconds });
}

async function ensureQueue(
  boss: PgBoss,
  name: string,
  options: Parameters<PgBoss['createQueue']>[1],
): Promise<void> {
  const existing = await boss.getQueue(name);
  if (existing) await boss.updateQueue(name, options);
  else await boss.createQueue(name, options);
}
