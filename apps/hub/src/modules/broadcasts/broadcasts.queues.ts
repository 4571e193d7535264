import type { QueueSpec } from '../../platform/queue/boss.js';

/** The queue that plans a broadcast's deliveries, a chunk of recipients at a time. */
export const EXPAND_QUEUE = 'broadcast-expand';

export interface ExpandJob {
  broadcastId: string;
  /** The `sendAt` it was queued for; a job of an earlier time is stale (absent: older jobs). */
  sendAt?: string;
}

/** The broadcasts module's queues: jobs carry ids only; the database holds the truth. */
export const BROADCAST_QUEUES: readonly QueueSpec[] = [
  {
    name: EXPAND_QUEUE,
    options: { retryLimit: 20, retryDelay: 1, retryBackoff: true, retryDelayMax: 60 },
  },
];
