import type { BroadcastCost, DeliveryStatus } from '@safenet/core';
import { sql } from 'kysely';
import { fromKysely, type Job, type JobResult, type PgBoss } from 'pg-boss';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { QueueSpec } from '../../platform/queue/boss.js';
import type { DispatchDeps } from './delivery.deps.js';
import {
  type DeliveryRow,
  type Executor,
  own,
  type ReportedPricing,
  type Tx,
} from './delivery.tables.js';

/**
 * Actual prices (issue 15). Twilio puts a message's `price` on its Message resource some time
 * after the final status, never in the status callback: once an SMS delivery reaches a final
 * status, a job reads it (`messages(sid).fetch()`), again later while Twilio has none yet.
 * WhatsApp Cloud says how it bills a message in the status webhook's `pricing` object (no
 * amount): recorded as the receipt is applied.
 */
export const PRICE_QUEUE = 'delivery-price';

export interface PriceJob {
  deliveryId: string;
}

/**
 * The price queue: a price Twilio has not filled in yet is looked for again, after 10 s,
 * then backing off to every 30 minutes, for about a day.
 */
export const PRICE_QUEUE_SPEC: QueueSpec = {
  name: PRICE_QUEUE,
  options: { retryLimit: 60, retryDelay: 10, retryBackoff: true, retryDelayMax: 1800 },
};

/** Statuses after which a provider bills no more: the price is then final. */
const FINAL: ReadonlySet<DeliveryStatus> = new Set(['delivered', 'failed']);

/**
 * Queues the price look-up of SMS deliveries that reached a final status, in the transaction
 * that moved them: the job cannot run before the move commits, nor be lost if it does. One
 * job per delivery (`singletonKey`), however many receipts report it final.
 */
export async function requestPrices(
  trx: Tx,
  boss: PgBoss,
  moved: readonly { delivery: DeliveryRow; settlement: { status: DeliveryStatus } }[],
): Promise<void> {
  const due = moved.filter(
    ({ delivery, settlement }) => delivery.channel === 'sms' && FINAL.has(settlement.status),
  );
  if (due.length === 0) return;
  const db = fromKysely(trx);
  for (const { delivery } of due) {
    await boss.send(PRICE_QUEUE, { deliveryId: delivery.id } satisfies PriceJob, {
      db,
      singletonKey: delivery.id,
    });
  }
}

/** Thrown while the provider has no price yet: the queue tries again later. */
export class PriceNotReportedYet extends Error {
  override readonly name = 'PriceNotReportedYet';
}

/**
 * Reads what the provider says a delivery's message cost and records it, once: `recorded`,
 * or `none` when there is nothing to read (no message id, a price already recorded, an
 * adapter that reports no prices). Throws {@link PriceNotReportedYet} while the provider has
 * none yet, and the provider's errors as they come (both retried by the queue).
 */
export async function fetchPrice(
  deps: Pick<DispatchDeps, 'db' | 'channels' | 'orgPathOf' | 'interleave'>,
  deliveryId: string,
): Promise<'recorded' | 'none'> {
  const row = await deps.db
    .selectFrom('deliveries')
    .select(['id', 'channel', 'org_id', 'provider_message_id', 'price'])
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  if (!row || row.price !== null || row.provider_message_id === null) return 'none';
  const adapter = deps.channels.adapterFor(row.channel, await deps.orgPathOf(row.org_id));
  if (!adapter.messagePrice) return 'none';
  const reported = await adapter.messagePrice(row.provider_message_id);
  await deps.interleave?.('price:fetched');
  if (reported === null) {
    throw new PriceNotReportedYet(
      `${adapter.provider} has no price for message ${row.provider_message_id} yet`,
    );
  }
  // `price is null`: a second look-up (a retried job) never overwrites the first.
  await deps.db
    .updateTable('deliveries')
    .set({ price: reported.price, price_unit: reported.unit })
    .where('id', '=', deliveryId)
    .where('price', 'is', null)
    .execute();
  return 'recorded';
}

/**
 * Looks up the prices of a batch of jobs, each settled alone: one Twilio has no price for
 * yet fails (and is tried again later) without holding back the others.
 */
export async function priceBatch(
  deps: Pick<DispatchDeps, 'db' | 'channels' | 'orgPathOf' | 'onError'>,
  jobs: readonly Job<PriceJob>[],
): Promise<JobResult[]> {
  return Promise.all(
    jobs.map(async (job): Promise<JobResult> => {
      try {
        return {
          id: job.id,
          status: 'completed',
          output: await fetchPrice(deps, job.data.deliveryId),
        };
      } catch (error) {
        if (!(error instanceof PriceNotReportedYet)) deps.onError(error, 'price look-up');
        return { id: job.id, status: 'failed', output: { message: String(error) } };
      }
    }),
  );
}

/** Records how WhatsApp Cloud bills a delivery's message (the last receipt's word wins). */
export async function recordPricing(
  db: Executor,
  deliveryId: string,
  pricing: ReportedPricing,
): Promise<void> {
  await db
    .updateTable('deliveries')
    .set({ pricing: JSON.stringify(pricing) })
    .where('id', '=', deliveryId)
    .execute();
}

/**
 * What providers reported a broadcast's deliveries cost: Σ of Twilio's prices per channel
 * and currency (as a positive charge, summed exactly by PostgreSQL's numeric), WhatsApp's
 * billable and free messages, and the SMS deliveries whose final price is still awaited.
 */
export async function actualCost(
  handle: ExecutorHandle | Executor,
  broadcastId: string,
): Promise<Omit<BroadcastCost, 'broadcastId' | 'estimate'>> {
  const db = own(handle);
  const priced = await db
    .selectFrom('deliveries')
    .select(['channel', 'price_unit'])
    .select(sql<string>`(-sum(price::numeric))::text`.as('amount'))
    .select(sql<number>`count(*)::int`.as('priced'))
    .where('broadcast_id', '=', broadcastId)
    .where('price', 'is not', null)
    .groupBy(['channel', 'price_unit'])
    .orderBy('channel')
    .execute();
  const counts = await db
    .selectFrom('deliveries')
    .select(
      sql<number>`(count(*) filter (where channel = 'whatsapp' and (pricing ->> 'billable') = 'true'))::int`.as(
        'billable',
      ),
    )
    .select(
      sql<number>`(count(*) filter (where channel = 'whatsapp' and (pricing ->> 'billable') = 'false'))::int`.as(
        'not_billable',
      ),
    )
    .select(
      sql<number>`(count(*) filter (where channel = 'sms' and status in ('delivered', 'failed') and provider_message_id is not null and price is null))::int`.as(
        'awaiting',
      ),
    )
    .where('broadcast_id', '=', broadcastId)
    .executeTakeFirstOrThrow();
  return {
    actual: priced.map((row) => ({
      channel: row.channel,
      unit: row.price_unit,
      amount: row.amount,
      priced: row.priced,
    })),
    whatsapp: { billable: counts.billable, notBillable: counts.not_billable },
    awaitingPrice: counts.awaiting,
  };
}
