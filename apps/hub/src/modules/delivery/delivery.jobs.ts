import type { JobWithMetadata } from 'pg-boss';
import { repeat } from '../../platform/timers.js';
import type { DispatchDeps } from './delivery.deps.js';
import { phoneSendQueue, SEND_JOB_SIZE, SEND_QUEUES, type SendJob } from './delivery.queues.js';
import { sweepOverdueReceipts } from './fallback.js';
import { sweepPacing } from './pacing.js';
import { sweepParkedReceipts } from './parked-receipts.js';
import { PRICE_QUEUE, type PriceJob, priceBatch } from './prices.js';
import { sendBatch } from './send.worker.js';

/** How often overdue delivery receipts are looked for (the receipt-timeout fallback). */
const RECEIPT_SWEEP_MS = 2_000;
/** How often receipts no send claimed, and pacing rows no longer needed, are deleted. */
const CLEANUP_MS = 10 * 60_000;

/**
 * Starts the delivery module's background work in a worker process: the send workers (one
 * per channel's queue, and one per phone this process holds), the receipt-timeout sweep — any process may run it, since each
 * handover is claimed once — and the clean-up of its own tables. Returns what stops the
 * timers; the workers stop with the queue.
 */
export async function startDeliveryJobs(
  deps: DispatchDeps,
  sendBatchSize: number,
): Promise<(() => void)[]> {
  const options = {
    pollingIntervalSeconds: 0.5,
    // Jobs carry up to SEND_JOB_SIZE deliveries each: as many jobs as make a send batch, and
    // two at least, so that full fetches follow each other without a polling pause.
    batchSize: Math.max(2, Math.round(sendBatchSize / SEND_JOB_SIZE)),
    burstWhenBatchFull: true,
    localConcurrency: 2,
    includeMetadata: true,
    perJobResults: true,
  } as const;
  const work = (queue: string) =>
    deps.boss.work<SendJob>(queue, options, (jobs) =>
      sendBatch(deps, jobs as JobWithMetadata<SendJob>[]),
    );
  for (const queue of SEND_QUEUES) await work(queue);
  // A price Twilio has not filled in yet fails the job: the queue tries it again later.
  await deps.boss.work<PriceJob>(
    PRICE_QUEUE,
    { pollingIntervalSeconds: 0.5, batchSize: 20, burstWhenBatchFull: true, perJobResults: true },
    (jobs) => priceBatch(deps, jobs),
  );
  // A phone's own queue is worked where the phone is held, while it is.
  deps.phones.onHold(async (adapter, held) => {
    const queue = phoneSendQueue(adapter);
    if (held) await work(queue);
    else await deps.boss.offWork(queue, { wait: false });
  });
  return [
    repeat(
      RECEIPT_SWEEP_MS,
      () => sweepOverdueReceipts(deps),
      (error) => deps.onError(error, 'receipt-timeout sweep'),
    ),
    repeat(
      CLEANUP_MS,
      async () => {
        await sweepParkedReceipts(deps.db, deps.now());
        await sweepPacing(deps.db);
      },
      (error) => deps.onError(error, 'delivery clean-up'),
    ),
  ];
}
