import { sql } from 'kysely';
import type { Store } from '../platform/database/open-store.js';

/**
 * Send jobs not finished — waiting, due later, being retried or running — over every
 * channel's queue and every phone's. Zero means no message can leave the hub until something plans a new one:
 * the deterministic form of "nothing more will be sent".
 */
export async function unfinishedSends(store: Store): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    select count(*)::int as count from ${sql.table(`${store.schema}_queue.job`)}
    where name like 'delivery-send-%' and state in ('created', 'retry', 'active')`.execute(
    store.db,
  );
  return rows[0]?.count ?? 0;
}

/**
 * How many of these deliveries have a send job deferred to later — what the send worker does
 * with a message it holds back (a paused channel, an open breaker, pacing): proof that the
 * worker has looked at them and decided to wait, without waiting to see nothing happen.
 */
export async function deferredSends(store: Store, deliveryIds: readonly string[]): Promise<number> {
  if (deliveryIds.length === 0) return 0;
  const { rows } = await sql<{ count: number }>`
    select count(distinct item ->> 'deliveryId')::int as count
    from ${sql.table(`${store.schema}_queue.job`)}, jsonb_array_elements(data -> 'deliveries') item
    where name like 'delivery-send-%' and state in ('created', 'retry')
      and start_after > now() and item ->> 'deliveryId' = any(${[...deliveryIds]}::text[])`.execute(
    store.db,
  );
  return rows[0]?.count ?? 0;
}
