import type { WhatsAppClientLike } from '@safenet/channels';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { JobWithMetadata, PgBoss } from 'pg-boss';
import type { HubConfig } from './config.js';
import { expandBroadcast } from './modules/broadcasts/expand.worker.js';
import {
  type ChannelRegistry,
  createChannelRegistry,
} from './modules/channels/channel-registry.js';
import { createUnsubscribeLinks } from './modules/consent/unsubscribe-links.js';
import { type Db, hubDb } from './modules/database.js';
import { followAdapterEvents } from './modules/delivery/adapter-events.js';
import { breakerAlerts } from './modules/delivery/breaker-alerts.js';
import { CircuitBreakers } from './modules/delivery/circuit-breakers.js';
import type { DispatchDeps } from './modules/delivery/delivery.deps.js';
import { sweepOverdueReceipts } from './modules/delivery/fallback.js';
import { SendSpacing, sweepPacing } from './modules/delivery/pacing.js';
import { ProgressReporter } from './modules/delivery/progress.js';
import { sendBatch } from './modules/delivery/send.worker.js';
import { openStore, type Store } from './platform/database/open-store.js';
import { EventBus } from './platform/events/event-bus.js';
import {
  type ExpandJob,
  QUEUES,
  SEND_QUEUES,
  type SendJob,
  startQueue,
} from './platform/queue/boss.js';
import { createOrgPathCache } from './platform/tenancy/org-paths.js';
import { buildServer } from './server.js';

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
/** How often overdue delivery receipts are looked for (the receipt-timeout fallback). */
const RECEIPT_SWEEP_MS = 2_000;

/** A running hub: its HTTP app (not yet listening), database, queue and workers. */
export interface Hub {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly store: Store;
  readonly boss: PgBoss;
  readonly bus: EventBus;
  readonly channels: ChannelRegistry;
  /** Stops workers (jobs in flight finish), closes the app, the queue and the database. */
  close(): Promise<void>;
}

/** Options for tests and embedding; production passes none. */
export interface HubOptions {
  /** Start the dispatch workers (default true). */
  workers?: boolean;
  /** A whatsapp-web.js client instead of launching Chromium (tests pass a fake). */
  whatsappWebClient?: WhatsAppClientLike;
  /** Where log lines go instead of stdout (tests scan them for secrets). */
  logStream?: NodeJS.WritableStream;
  /** The clock of the HTTP rate limits (tests move it instead of waiting a minute). */
  rateLimitClock?: () => number;
}

/**
 * Opens the database, starts the queue and the workers, and builds the HTTP app. The app
 * is not listening: call `hub.app.listen()`.
 */
export async function createHub(config: HubConfig, options: HubOptions = {}): Promise<Hub> {
  const store = await openStore(config.database);
  let boss: PgBoss | undefined;
  try {
    boss = await startQueue(store, config);
    // The platform opened the database knowing its own tables; the hub sees every module's.
    const db = hubDb(store);
    const bus = new EventBus();
    const orgPathOf = createOrgPathCache(db);
    // The logger exists once the app does; errors before that cannot happen (nothing runs).
    let log: FastifyBaseLogger | undefined;
    const onError = (error: unknown, context = 'dispatch') =>
      log?.warn({ err: error }, `${context} failed; it will be retried`);
    const progress = new ProgressReporter(db, bus, onError);
    const channels = await createChannelRegistry(config, db, bus, orgPathOf, {
      ...(options.whatsappWebClient ? { whatsappWebClient: options.whatsappWebClient } : {}),
    });
    const unsubscribe = await createUnsubscribeLinks(db, config);
    const app = await buildServer(config, {
      db,
      boss,
      bus,
      channels,
      receipts: { db, bus, progress, orgPathOf, boss },
      unsubscribe,
      ...(options.logStream ? { logStream: options.logStream } : {}),
      ...(options.rateLimitClock ? { now: options.rateLimitClock } : {}),
    });
    log = app.log;
    boss.on('error', (error) => app.log.error({ err: error }, 'queue error'));
    const deps: DispatchDeps = {
      db,
      boss,
      channels,
      bus,
      progress,
      orgPathOf,
      expandChunk: config.dispatch.expandChunk,
      sendTimeoutMs: 30_000,
      unsubscribe,
      spacing: new SendSpacing(),
      breakers: new CircuitBreakers({
        db,
        policy: config.dispatch.breaker,
        now: Date.now,
        onTransition: breakerAlerts({ db, bus, channels, orgPathOf, onError }),
        onError,
      }),
      outageHorizonMs: config.dispatch.outageHorizonMs,
      now: Date.now,
      onError,
    };
    const stopFollowing = followAdapterEvents(deps, channels);
    // Pairing waits for the phone; the session is followed through its events.
    channels.whatsappWeb?.adapter
      .start()
      .catch((error: unknown) => app.log.warn({ err: error }, 'WhatsApp Web did not start'));

    if (options.workers !== false) {
      await boss.work<ExpandJob>(QUEUES.expand, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) await expandBroadcast(deps, job.data.broadcastId);
      });
      for (const queue of SEND_QUEUES) {
        await boss.work<SendJob>(
          queue,
          {
            pollingIntervalSeconds: 0.5,
            batchSize: config.dispatch.sendBatch,
            burstWhenBatchFull: true,
            localConcurrency: 2,
            includeMetadata: true,
            perJobResults: true,
          },
          (jobs) => sendBatch(deps, jobs as JobWithMetadata<SendJob>[]),
        );
      }
    }

    // The receipt-timeout sweep is dispatch work: it runs where the workers do. Any process
    // may run it, since each handover is claimed once.
    let sweepingReceipts = false;
    const receiptSweep =
      options.workers === false
        ? undefined
        : setInterval(() => {
            if (sweepingReceipts) return;
            sweepingReceipts = true;
            sweepOverdueReceipts(deps)
              .catch((error: unknown) => onError(error, 'receipt-timeout sweep'))
              .finally(() => {
                sweepingReceipts = false;
              });
          }, RECEIPT_SWEEP_MS).unref();

    // Idempotency keys are kept 24 hours (docs/reference/api.md), then swept.
    // Parked receipts no send of ours claimed within a week were never ours.
    const sweep = setInterval(() => {
      const now = Date.now();
      db.deleteFrom('idempotency_keys')
        .where('created_at', '<', new Date(now - IDEMPOTENCY_TTL_MS))
        .execute()
        .then(() =>
          db
            .deleteFrom('pending_receipts')
            .where('received_at', '<', new Date(now - 7 * 24 * 60 * 60_000))
            .execute(),
        )
        .then(() => sweepPacing(db))
        .catch((error: unknown) => app.log.warn({ err: error }, 'sweep failed'));
    }, 10 * 60_000);
    sweep.unref();

    const started = boss;
    return {
      app,
      db,
      store,
      boss: started,
      bus,
      channels,
      async close() {
        clearInterval(sweep);
        clearInterval(receiptSweep);
        await app.close();
        await started.stop({ graceful: true, timeout: 10_000 });
        await progress.close();
        stopFollowing();
        await Promise.all(channels.adapters.map((adapter) => adapter.close?.()));
        await store.close();
      },
    };
  } catch (error) {
    await boss?.stop({ graceful: false }).catch(() => undefined);
    await store.close();
    throw error;
  }
}
