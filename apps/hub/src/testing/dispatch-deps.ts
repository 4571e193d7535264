import type { JobResult } from 'pg-boss';
import { loadConfig } from '../config.js';
import { createChannelRegistry } from '../modules/channels/index.js';
import { createUnsubscribeLinks } from '../modules/consent/index.js';
import type { DispatchDeps } from '../modules/delivery/index.js';
import {
  breakerAlerts,
  CircuitBreakers,
  ProgressReporter,
  SEND_QUEUES,
  type SendJob,
  SendSpacing,
  sendBatch,
} from '../modules/delivery/index.js';
import { createOrgPathCache } from '../platform/tenancy/org-paths.js';
import type { TestHub } from './test-hub.js';

/**
 * What the hub's workers get, built from a test hub's parts, for tests that drive dispatch
 * by hand (a hub started with `workers: false`). Failures that are not a delivery's fate are
 * collected in `errors` — or thrown, with `throwErrors`, so a property test fails on them.
 * Progress flushes only when the test calls `progress.flush()`.
 */
export async function testDispatchDeps(
  th: TestHub,
  { throwErrors = false, now = Date.now }: { throwErrors?: boolean; now?: () => number } = {},
): Promise<DispatchDeps & { errors: unknown[] }> {
  const { db, boss, bus } = th.hub;
  const errors: unknown[] = [];
  const onError = (error: unknown) => {
    if (throwErrors) throw error;
    errors.push(error);
  };
  const config = loadConfig(th.env);
  const orgPathOf = createOrgPathCache(db);
  const channels = await createChannelRegistry(config, db, bus, orgPathOf);
  return {
    db,
    boss,
    bus,
    progress: new ProgressReporter(db, bus, onError, 3_600_000),
    channels,
    orgPathOf,
    expandChunk: config.dispatch.expandChunk,
    sendTimeoutMs: 30_000,
    unsubscribe: await createUnsubscribeLinks(db, config),
    spacing: new SendSpacing(),
    breakers: new CircuitBreakers({
      db,
      policy: config.dispatch.breaker,
      now,
      onTransition: breakerAlerts({ db, bus, channels, orgPathOf, onError }),
      onError,
    }),
    outageHorizonMs: config.dispatch.outageHorizonMs,
    now,
    onError,
    errors,
  };
}

/**
 * Runs the send worker over every send job due now, queue by queue, as pg-boss would hand
 * them over, and completes them; returns the worker's results. Jobs the worker queues again
 * for later (pacing, a paused channel, a retry) are not due and stay.
 */
export async function drainSendQueues(deps: DispatchDeps): Promise<JobResult[]> {
  const results: JobResult[] = [];
  for (;;) {
    let fetched = 0;
    for (const queue of SEND_QUEUES) {
      const jobs = await deps.boss.fetch<SendJob>(queue, { batchSize: 100, includeMetadata: true });
      if (jobs.length === 0) continue;
      fetched += jobs.length;
      results.push(...(await sendBatch(deps, jobs)));
      await deps.boss.complete(
        queue,
        jobs.map((job) => job.id),
      );
    }
    if (fetched === 0) return results;
  }
}
