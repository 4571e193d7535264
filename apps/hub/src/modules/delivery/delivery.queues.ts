import type { ChannelAdapter } from '@safenet/channels';
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

/** Every channel's send queue. */
export const SEND_QUEUES: readonly string[] = CHANNELS.map(sendQueue);

/**
 * The send queue of a phone (an adapter a person pairs, WhatsApp Web): only the worker
 * holding the phone works it, so the other processes hand the phone's sends over here.
 */
export function phoneSendQueue(adapter: Pick<ChannelAdapter, 'provider'>): string {
  return `delivery-send-phone-${adapter.provider}`;
}

/**
 * Queues a send job per delivery on its channel's queue (or the `queue` given), after
 * `startAfter` when given; with `db`, inside that transaction.
 */
export async function insertSendJobs(
  boss: PgBoss,
  deliveries: readonly {
    id: string;
    channel: Channel;
    queue?: string;
    startAfter?: Date;
    unavailableSince?: number;
    providerFailures?: number;
  }[],
  db?: BossDb,
): Promise<void> {
  const queues = new Set(deliveries.map((d) => d.queue ?? sendQueue(d.channel)));
  for (const queue of queues) {
    const jobs = deliveries
      .filter((d) => (d.queue ?? sendQueue(d.channel)) === queue)
      .map((d) => ({
        data: {
          deliveryId: d.id,
          ...(d.unavailableSince === undefined ? {} : { unavailableSince: d.unavailableSince }),
          ...(d.providerFailures ? { providerFailures: d.providerFailures } : {}),
        } satisfies SendJob,
        ...(d.startAfter ? { startAfter: d.startAfter } : {}),
      }));
    await boss.insert(queue, jobs, db ? { db } : undefined);
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

/**
 * The send queues — each channel's, and each phone's among `adapters` — created at start:
 * jobs carry ids only; the database holds the truth.
 */
export function deliveryQueues(adapters: readonly ChannelAdapter[]): QueueSpec[] {
  const phones = adapters.filter((adapter) => adapter.pairing).map(phoneSendQueue);
  return [...SEND_QUEUES, ...phones].map((name) => ({
    name,
    options: {
      retryLimit: SEND_RETRY_LIMIT,
      retryDelay: 2,
      retryBackoff: true,
      retryDelayMax: 300,
    },
  }));
}
