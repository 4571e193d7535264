import type { PgBoss } from 'pg-boss';
import type { QueueSpec } from '../../platform/queue/boss.js';
import { type ImportRunDeps, markFailed, runImport } from './import-run.js';
import { IMPORT_QUEUE, type ImportJob } from './imports.service.js';

const RETRY_LIMIT = 10;

/**
 * The imports' queue. A job that fails (the database restarting) is tried again: validation
 * starts over, and writing resumes after the last batch it committed.
 */
export const IMPORT_QUEUES: readonly QueueSpec[] = [
  {
    name: IMPORT_QUEUE,
    options: { retryLimit: RETRY_LIMIT, retryDelay: 2, retryBackoff: true, retryDelayMax: 60 },
  },
];

/**
 * Runs imports, one at a time per worker process. An import whose last try fails is marked
 * `failed` (with what it had written so far counted), so nobody waits on it for ever.
 */
export async function startImportJobs(
  deps: ImportRunDeps & { boss: PgBoss; onError(error: unknown, context: string): void },
): Promise<void> {
  await deps.boss.work<ImportJob>(IMPORT_QUEUE, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      try {
        await runImport(deps, job.data.importId);
      } catch (error) {
        if (job.retryCount < RETRY_LIMIT) throw error;
        deps.onError(error, `contact import ${job.data.importId}: its last try failed`);
        await markFailed(deps, job.data.importId);
      }
    }
  });
}
