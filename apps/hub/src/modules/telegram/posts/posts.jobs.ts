import type { PgBoss } from 'pg-boss';
import { POST_QUEUE, type PostJob } from './posts.queues.js';
import { type PostWorkerDeps, runPost } from './posts.worker.js';

/**
 * The worker of the `telegram-post` queue: posts a post's due chats, and queues the post
 * again for when a held chat is due (flood control, a retry). A job that throws is retried
 * by the queue; chats already posted stay posted.
 */
export async function startPostJobs(deps: {
  boss: PgBoss;
  worker: PostWorkerDeps;
  onError(error: unknown, context: string): void;
}): Promise<void> {
  await deps.boss.work<PostJob>(POST_QUEUE, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const againMs = await runPost(deps.worker, job.data.postId);
      if (againMs !== null) {
        await deps.boss.send(POST_QUEUE, job.data, {
          startAfter: Math.max(1, Math.ceil(againMs / 1000)),
        });
      }
    }
  });
}
