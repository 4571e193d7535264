import { CHANNELS, type Channel } from '@safenet/core';
import type { Db as BossDb, PgBoss } from 'pg-boss';
import type { QueueSpec } from '../../platform/queue/boss.js';

/**
 * The send queue of a channel. One per channel, each with its own workers, so a paced
 * channel waiting for its slots (SMS at 10 segments/s, a WhatsApp phone every few seconds)
 * never holds back the sends of another in the same batch.
 */
export function sendQueue(channel: Channel): string {
  return `delivery-send-${channel}`;
}

/** Every send queue. */
export const SEND_QUEUES: readonly string[] = CHANNELS.map(sendQueue);

/**
 * Queues a send job per delivery on its channel's queue, after `startAfter` when given; with
 * `db`, inside that transaction.
 */
export async function insertSendJobs(
  boss: PgBoss,
  deliveries: readonly {
    id: string;
    channel: Channel;
    startAfter?: Date;
    unavailableSince?: number;
    providerFailures?: number;
  }[],
  db?: BossDb,
): Promise<void> {
  for (const channel of CHANNELS) {
    const jobs = deliveries
      .filter((d) => d.channel === channel)
      .map((d) => ({
        data: {
          deliveryId: d.id,
          ...(d.unavailableSince === undefined ? {} : { unavailableSince: d.unavailableSince }),
          ...(d.providerFailures ? { providerFailures: d.providerFailures } : {}),
        } satisfies SendJob,
        ...(d.startAfter ? { startAfter: d.startAfter } : {}),
      }));
    if (jobs.length > 0) await boss.insert(sendQueue(channel), jobs, db ? { db } : undefined);
  }
}

export interface SendJob {
  deliveryId: string;
  /**
   * Since when (epoch ms) this delivery has found its provider unavailable — failing for its
   * own reasons, or held by the channel's open circuit breaker. Past the outage horizon it
   * fails `provider_unavailable`; until then such waits spend no attempt.
   */
  unavailableSince?: number;
  /** Failures of the provider itself in a row so far: the backoff doubles with each. */
  providerFailures?: number;
}

/**
 * Retries of a delivery after temporary failures about its recipient (a busy mailbox,
 * WhatsApp's per-recipient limit): its sixth attempt is the last. Failures of the provider
 * itself spend no attempt; they are bounded by the outage horizon instead.
 */
export const SEND_RETRY_LIMIT = 5;

/** The send queues: jobs carry ids only; the database holds the truth. */
export const DELIVERY_QUEUES: readonly QueueSpec[] = SEND_QUEUES.map((name) => ({
  name,
  options: { retryLimit: SEND_RETRY_LIMIT, retryDelay: 2, retryBackoff: true, retryDelayMax: 300 },
}));
