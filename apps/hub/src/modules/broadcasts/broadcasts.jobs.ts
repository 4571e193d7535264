import { EXPAND_QUEUE, type ExpandJob } from './broadcasts.queues.js';
import { type ExpandDeps, expandBroadcast } from './expand.worker.js';

/** Starts the worker that plans broadcasts' deliveries, a chunk of recipients at a time. */
export async function startBroadcastJobs(deps: ExpandDeps): Promise<void> {
  await deps.boss.work<ExpandJob>(EXPAND_QUEUE, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await expandBroadcast(deps, job.data.broadcastId, job.data.sendAt);
  });
}
