import { sql } from 'kysely';
import type { JobResult } from 'pg-boss';
import { loadConfig } from '../config.js';
import { own as broadcastsDb } from '../modules/broadcasts/broadcasts.tables.js';
import type { ExpandDeps } from '../modules/broadcasts/expand.worker.js';
import { createChannelRegistry } from '../modules/channels/index.js';
import { createUnsubscribeLinks } from '../modules/consent/index.js';
import { attachmentFiles } from '../modules/content/index.js';
import { own as deliveryDb } from '../modules/delivery/delivery.tables.js';
import type { DispatchDeps } from '../modules/delivery/index.js';
import {
  breakerAlerts,
  CircuitBreakers,
  deliveryMetrics,
  ProgressReporter,
  SEND_QUEUES,
  type SendJob,
  SendSpacing,
  sendBatch,
} from '../modules/delivery/index.js';
import { share } from '../platform/database/schema.js';
import { createOrgPathCache } from '../platform/tenancy/org-paths.js';
import type { TestHub } from './test-hub.js';

/** What {@link testDispatchDeps} builds: the workers' deps, the errors, and planning's deps. */
export type TestDispatchDeps = DispatchDeps & { errors: unknown[]; expand: ExpandDeps };

/**
 * pg-boss keeps a job that has not started for its queue's retention after its `start_after`,
 * then its maintenance deletes it. A job this clock queues for 2017 would be deleted at the
 * next maintenance pass — a morning's deferred messages gone, whenever the machine was slow
 * enough for the pass to come between their queuing and their sending. So for a clock behind
 * the database's, the send queues keep jobs for as much longer as the clock lags.
 */
async function keepJobsOfALaggingClock(th: TestHub, nowMs: number): Promise<void> {
  const { rows } = await sql<{ ms: number }>`select extract(epoch from now()) * 1000 as ms`.execute(
    th.hub.db,
  );
  const lagSeconds = Math.ceil((Number(rows[0]?.ms) - nowMs) / 1000);
  if (lagSeconds <= 0) return;
  for (const queue of SEND_QUEUES)
    await th.hub.boss.updateQueue(queue, { retentionSeconds: lagSeconds + DEFAULT_RETENTION_S });
}

/** pg-boss's own default retention of a job that has not started: 14 days. */
const DEFAULT_RETENTION_S = 14 * 86_400;

/**
 * What the hub's workers get, built from a test hub's parts, for tests that drive dispatch
 * by hand (a hub started with `workers: false`). Failures that are not a delivery's fate are
 * collected in `errors` — or thrown, with `throwErrors`, so a property test fails on them.
 * Progress flushes only when the test calls `progress.flush()`.
 */
export async function testDispatchDeps(
  th: TestHub,
  { throwErrors = false, now = Date.now }: { throwErrors?: boolean; now?: () => number } = {},
): Promise<TestDispatchDeps> {
  const { boss, bus } = th.hub;
  const db = deliveryDb(th.hub.db);
  const errors: unknown[] = [];
  const onError = (error: unknown) => {
    if (throwErrors) throw error;
    errors.push(error);
  };
  const config = loadConfig(th.env);
  const orgPathOf = createOrgPathCache(db);
  const channels = await createChannelRegistry(config, share(th.hub.db), bus, orgPathOf);
  const progress = new ProgressReporter({ db, bus, orgPathOf, now, onError }, 3_600_000);
  await keepJobsOfALaggingClock(th, now());
  return {
    db,
    boss,
    bus,
    progress,
    channels,
    // One process drives every send here: it holds every phone.
    phones: { whereHeld: async () => 'here', onHold: () => undefined },
    orgPathOf,
    sendTimeoutMs: 30_000,
    unsubscribe: await createUnsubscribeLinks(share(th.hub.db), config),
    files: attachmentFiles(share(th.hub.db), config.publicUrl),
    spacing: new SendSpacing(),
    breakers: new CircuitBreakers({
      db,
      policy: config.dispatch.breaker,
      now,
      onTransition: breakerAlerts({ db, bus, channels, orgPathOf, onError }),
      onError,
    }),
    outageHorizonMs: config.dispatch.outageHorizonMs,
    quietHours: config.quietHours,
    now,
    onError,
    debug: (detail, message) => th.hub.app.log.debug(detail, message),
    // The hub's own counters: what these workers do shows at the hub's /metrics.
    metrics: deliveryMetrics(th.hub.metrics),
    errors,
    expand: {
      db: broadcastsDb(th.hub.db),
      boss,
      expandChunk: config.dispatch.expandChunk,
      progress,
      orgPathOf,
    },
  };
}

/**
 * Runs the send worker over every send job due now, queue by queue, as pg-boss would hand
 * them over, and completes them; returns the worker's results. Jobs the worker queues again
 * for later (pacing, a paused channel, a retry) are not due and stay. `passes` bounds the
 * rounds: a test whose clock is behind the database's (a 2017 campaign) holds back what its
 * worker queued for later (`holdSendJobs`) after each pass, before the next takes it.
 */
export async function drainSendQueues(
  deps: DispatchDeps,
  { passes = Number.POSITIVE_INFINITY }: { passes?: number } = {},
): Promise<JobResult[]> {
  const results: JobResult[] = [];
  for (let pass = 0; pass < passes; pass++) {
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
  return results;
}
