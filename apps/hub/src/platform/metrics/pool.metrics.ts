import { Gauge, type Registry } from 'prom-client';

/**
 * How busy a database connection pool is: what `pg.Pool` reports. The store passes its
 * pool (or anything with these three counts); a store without a pool has no pool metrics.
 */
export interface PoolStats {
  /** Clients open, idle or checked out. */
  readonly totalCount: number;
  /** Clients open and not checked out. */
  readonly idleCount: number;
  /** Queries waiting for a client because every one is checked out. */
  readonly waitingCount: number;
}

/** Gauges of `pool`, read at each scrape. */
export function registerPoolMetrics(registry: Registry, pool: PoolStats): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge(
    'safenet_db_pool_clients',
    'Database clients open (idle or in use).',
    () => pool.totalCount,
  );
  gauge('safenet_db_pool_idle_clients', 'Database clients open and idle.', () => pool.idleCount);
  gauge(
    'safenet_db_pool_waiting_queries',
    'Queries waiting for a database client because all are in use.',
    () => pool.waitingCount,
  );
}
