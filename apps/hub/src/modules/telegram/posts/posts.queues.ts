import type { QueueSpec } from '../../../platform/queue/boss.js';

/** The queue that posts to a post's chats (and comes back for chats held by flood control). */
export const POST_QUEUE = 'telegram-post';

export interface PostJob {
  postId: string;
}

/** The telegram module's queues: a job names its post; the tables hold each chat's outcome. */
export const TELEGRAM_QUEUES: readonly QueueSpec[] = [
  {
    name: POST_QUEUE,
    options: { retryLimit: 20, retryDelay: 1, retryBackoff: true, retryDelayMax: 60 },
  },
];
