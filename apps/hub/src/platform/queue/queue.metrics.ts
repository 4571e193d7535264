import { type Kysely, sql } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import { scrapeReader } from '../metrics/scrape-reader.js';

/** A scrape waits this long for the queue counts, then answers without them. */
export const QUEUE_READ_TIMEOUT_MS = 2_000;

/** The jobs of one queue that are not finished, by state, and how long the oldest ready one waits. */
export interface QueueDepth {
  queue: string;
  /** Due now, waiting for a worker. */
  ready: number;
  /** Waiting for their start time (a retry's backoff, a paced or held message). */
  deferred: number;
  /** Claimed by a worker. */
  active: number;
  /** Seconds since the oldest ready job came due; 0 when none is ready. */
  oldestReadySeconds: number;
}

/**
 * Counts the unfinished jobs of `queues` in pg-boss's job table (`<schema>.job`), on the
 * database's clock: one query over pg-boss's index of live jobs. pg-boss's own `getQueues`
 * answers counts cached by its monitor, without the oldest job's age.
 */
export async function readQueueDepths<Tables>(
  db: Kysely<Tables>,
  schema: string,
  queues: readonly string[],
): Promise<QueueDepth[]> {
  const { rows } = await sql<{
    name: string;
    ready: number;
    deferred: number;
    active: number;
    oldest: number | null;
  }>`
    SELECT name,
      count(*) FILTER (WHERE state < 'active' AND NOT blocked AND start_after <= now())::int AS ready,
      count(*) FILTER (WHERE state < 'active' AND (blocked OR start_after > now()))::int AS deferred,
      count(*) FILTER (WHERE state = 'active')::int AS active,
      extract(epoch FROM now() - min(start_after)
        FILTER (WHERE state < 'active' AND NOT blocked AND start_after <= now()))::float8 AS oldest
    FROM ${sql.id(schema, 'job')}
    WHERE name = ANY(${[...queues]}::text[]) AND state IN ('created', 'retry', 'active')
    GROUP BY name`.execute(db);
  const byName = new Map(rows.map((row) => [row.name, row]));
  return queues.map((queue) => {
    const row = byName.get(queue);
    return {
      queue,
      ready: row?.ready ?? 0,
      deferred: row?.deferred ?? 0,
      active: row?.active ?? 0,
      oldestReadySeconds: Math.max(0, Number(row?.oldest ?? 0)),
    };
  });
}

/**
 * Gauges of the queues' depths and oldest ready job, read at scrape time (never on a timer)
 * through `read`, bounded by {@link QUEUE_READ_TIMEOUT_MS}: a scrape that the database does
 * not answer in time has no queue gauges rather than stale ones.
 */
export function registerQueueMetrics(
  registry: Registry,
  read: () => Promise<readonly QueueDepth[]>,
  timeoutMs = QUEUE_READ_TIMEOUT_MS,
): void {
  const depths = scrapeReader(registry, read, { collector: 'queues', timeoutMs });
  new Gauge({
    name: 'safenet_queue_jobs',
    help: 'Unfinished jobs per queue by state: ready (due, waiting for a worker), deferred (waiting for their start time), active (claimed by a worker).',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      const read = await depths();
      this.reset();
      for (const depth of read ?? []) {
        this.set({ queue: depth.queue, state: 'ready' }, depth.ready);
        this.set({ queue: depth.queue, state: 'deferred' }, depth.deferred);
        this.set({ queue: depth.queue, state: 'active' }, depth.active);
      }
    },
  });
  new Gauge({
    name: 'safenet_queue_oldest_ready_age_seconds',
    help: 'Seconds since the oldest ready job of the queue came due (0 when none is ready): how far its workers lag behind.',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      const read = await depths();
      this.reset();
      for (const depth of read ?? []) this.set({ queue: depth.queue }, depth.oldestReadySeconds);
    },
  });
}
