import type { ChannelAdapter } from '@safenet/channels';
import { CHANNELS, type Channel } from '@safenet/core';
import type { Db as BossDb, PgBoss } from 'pg-boss';
import type { QueueSpec } from '../../platform/queue/boss.js';
import { PRICE_QUEUE_SPEC } from './prices.js';

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
 * Deliveries per send job at most: one job carries a chunk of them, so the queue's own work
 * (a row written when queued, taken and done) is spent per chunk, not per message. A send
 * batch takes two such jobs or more: pg-boss fetches again at once only after a full fetch of
 * more than one job (`burstWhenBatchFull`), else it waits for its polling interval.
 */
export const SEND_JOB_SIZE = 25;

/**
 * Queues send jobs for deliveries on their channel's queue (or the `queue` given), after
 * `startAfter` when given — rounded up to the second, so deliveries due within one second
 * share a job — in chunks of {@link SEND_JOB_SIZE}; with `db`, inside that transaction.
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
  const groups = new Map<string, { queue: string; startAfter?: Date; items: SendItem[] }>();
  for (const d of deliveries) {
    const queue = d.queue ?? sendQueue(d.channel);
    const startAfter = d.startAfter
      ? new Date(Math.ceil(d.startAfter.getTime() / 1000) * 1000)
      : undefined;
    const key = `${queue} ${startAfter?.getTime() ?? ''}`;
    const group = groups.get(key) ?? { queue, ...(startAfter ? { startAfter } : {}), items: [] };
    group.items.push({
      deliveryId: d.id,
      ...(d.unavailableSince === undefined ? {} : { unavailableSince: d.unavailableSince }),
      ...(d.providerFailures ? { providerFailures: d.providerFailures } : {}),
    });
    groups.set(key, group);
  }
  const byQueue = new Map<string, { data: SendJob; startAfter?: Date }[]>();
  for (const { queue, startAfter, items } of groups.values()) {
    const jobs = byQueue.get(queue) ?? [];
    for (let i = 0; i < items.length; i += SEND_JOB_SIZE) {
      jobs.push({
        data: { deliveries: items.slice(i, i + SEND_JOB_SIZE) },
        ...(startAfter ? { startAfter } : {}),
      });
    }
    byQueue.set(queue, jobs);
  }
  for (const [queue, jobs] of byQueue) await boss.insert(queue, jobs, db ? { db } : undefined);
}

/** A chunk of deliveries to send (at most {@link SEND_JOB_SIZE}). */
export interface SendJob {
  deliveries: SendItem[];
}

/** One delivery of a send job, and what its earlier tries left it. */
export interface SendItem {
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
  return [
    PRICE_QUEUE_SPEC,
    ...[...SEND_QUEUES, ...phones].map((name) => ({
      name,
      options: {
        retryLimit: SEND_RETRY_LIMIT,
        retryDelay: 2,
        retryBackoff: true,
        retryDelayMax: 300,
      },
    })),
  ];
}
