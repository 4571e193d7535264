import type { WhatsAppClientLike } from '@safenet/channels';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import type { Registry } from 'prom-client';
import type { HubConfig } from './config.js';
import type { ChannelRegistry, Phones, SendEmail } from './modules/channels/index.js';
import { type Db, type HubPlatform, hubDb } from './modules/database.js';
import { createModules } from './modules/index.js';
import { holdLease, isLeaseHeld } from './platform/database/lease.js';
import { openStore, type Store } from './platform/database/open-store.js';
import { platformDb, share } from './platform/database/schema.js';
import { EventBus } from './platform/events/event-bus.js';
import { sweepIdempotencyKeys } from './platform/http/idempotency.plugin.js';
import { registerPoolMetrics } from './platform/metrics/pool.metrics.js';
import { createMetricsRegistry } from './platform/metrics/registry.js';
import { ALL_ROLES, type ProcessRole } from './platform/module.js';
import { purgeExpired, type RetentionRun } from './platform/privacy.js';
import { createQueue, queueSchema, startQueue } from './platform/queue/boss.js';
import { readQueueDepths, registerQueueMetrics } from './platform/queue/queue.metrics.js';
import { createOrgPathCache } from './platform/tenancy/org-paths.js';
import { repeat } from './platform/timers.js';
import { buildServer } from './server.js';

/** How often a process without a lease (a WhatsApp Web phone) tries to take it over. */
const LEASE_RETRY_MS = 5_000;

/** How often expired idempotency keys and old events are deleted. */
const SWEEP_MS = 10 * 60_000;

/** A running hub: its HTTP app (not yet listening), database, queue and workers. */
export interface Hub {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly store: Store;
  readonly boss: PgBoss;
  readonly bus: EventBus;
  readonly channels: ChannelRegistry;
  /** Where its phones (WhatsApp Web) are held among the hub's processes. */
  readonly phones: Phones;
  /** Its Prometheus registry, served at `/metrics` (docs/reference/metrics.md). */
  readonly metrics: Registry;
  /**
   * Purges every module's retention classes of what is older than its days, as of the hub's
   * clock — what the worker sweep does every `SAFENET_RETENTION_SWEEP_MS` (tests call it).
   */
  purgeExpired(): Promise<RetentionRun[]>;
  /** Stops workers (jobs in flight finish), closes the app, the queue and the database. */
  close(): Promise<void>;
}

/** Options for tests and embedding; production passes none. */
export interface HubOptions {
  /** What this process does: serve the API, run the workers, or both (the default). */
  roles?: ReadonlySet<ProcessRole>;
  /** `false`: the API only — tests drive dispatch by hand. Same as `roles: {'api'}`. */
  workers?: boolean;
  /** A whatsapp-web.js client instead of launching Chromium (tests pass a fake). */
  whatsappWebClient?: WhatsAppClientLike;
  /** Where log lines go instead of stdout (tests scan them for secrets). */
  logStream?: NodeJS.WritableStream;
  /** The clock of the HTTP rate limits (tests move it instead of waiting a minute). */
  rateLimitClock?: () => number;
  /** The modules' clock, epoch ms (`platform.now()`); tests move it by hand. Default `Date.now`. */
  now?: () => number;
  /** Where invitation and password reset emails go instead of SMTP (tests read them). */
  sendEmail?: SendEmail;
}

/**
 * Opens the database, builds the modules and the HTTP app, starts the queue and the
 * modules. The app is not listening: call `hub.app.listen()`.
 */
export async function createHub(config: HubConfig, options: HubOptions = {}): Promise<Hub> {
  const store = await openStore(config.database);
  const boss = createQueue(store);
  let started: EventBus | undefined;
  try {
    const db = hubDb(store);
    // The logger exists once the app does; nothing runs in the background before that.
    let log: FastifyBaseLogger | undefined;
    const onError = (error: unknown, context: string) =>
      log?.warn({ err: error }, `${context} failed; it will be retried`);
    const bus = new EventBus({ db: platformDb(db), url: store.url, schema: store.schema, onError });
    started = bus;
    const metrics = createMetricsRegistry();
    registerPoolMetrics(metrics, store.pool);
    const platform: HubPlatform = {
      db: share(db),
      boss,
      bus,
      orgPathOf: createOrgPathCache(db),
      // Named in the hub's schema: hubs of other schemas on the database hold their own.
      lease: (name, holder) =>
        holdLease(`${store.schema}:${name}`, holder, {
          url: store.url,
          retryMs: LEASE_RETRY_MS,
          onError,
        }),
      leaseHeld: (name) => isLeaseHeld(store.db, `${store.schema}:${name}`),
      now: options.now ?? Date.now,
      onError,
      warn: (error, message) => log?.warn({ err: error }, message),
      debug: (detail, message) => log?.debug(detail, message),
      metrics,
    };
    const modules = await createModules(platform, config, {
      ...(options.whatsappWebClient ? { whatsappWebClient: options.whatsappWebClient } : {}),
      ...(options.sendEmail ? { sendEmail: options.sendEmail } : {}),
    });
    const queues = modules.list.flatMap((m) => m.queues ?? []);
    registerQueueMetrics(metrics, () =>
      readQueueDepths(
        store.db,
        queueSchema(store),
        queues.map((q) => q.name),
      ),
    );
    const app = await buildServer(config, {
      db,
      metrics,
      modules: modules.list,
      authenticate: modules.authenticate,
      authenticateSession: modules.authenticateSession,
      ...(options.logStream ? { logStream: options.logStream } : {}),
      ...(options.rateLimitClock ? { now: options.rateLimitClock } : {}),
    });
    log = app.log;
    boss.on('error', (error) => app.log.error({ err: error }, 'queue error'));
    await startQueue(boss, queues, config.dispatch.heartbeatSeconds);
    const roles: ReadonlySet<ProcessRole> =
      options.roles ?? (options.workers === false ? new Set<ProcessRole>(['api']) : ALL_ROLES);
    await bus.start();
    for (const module of modules.list) await module.start?.(roles);
    // Idempotency keys are kept 24 hours (docs/reference/api.md), events as configured.
    const stopSweep = roles.has('worker')
      ? repeat(
          SWEEP_MS,
          async () => {
            await sweepIdempotencyKeys(db, Date.now());
            await bus.prune(config.events.retentionHours);
          },
          (error) => app.log.warn({ err: error }, 'sweep failed'),
        )
      : () => undefined;
    // Retention (docs/guides/privacy.md): each module declares its classes; the sweep is one.
    const retentionClasses = modules.list.flatMap((m) => m.retention ?? []);
    const purge = () =>
      purgeExpired(share(db), retentionClasses, config.retention.days, platform.now());
    const stopRetention = roles.has('worker')
      ? repeat(config.retention.sweepMs, purge, (error) => onError(error, 'retention purge'))
      : () => undefined;

    const stopping = [...modules.list].reverse();
    return {
      app,
      db,
      store,
      boss,
      bus,
      channels: modules.channels,
      phones: modules.phones,
      metrics,
      purgeExpired: purge,
      async close() {
        stopSweep();
        stopRetention();
        for (const module of stopping) module.stop?.();
        await app.close();
        await boss.stop({ graceful: true, timeout: config.shutdownMs });
        for (const module of stopping) await module.close?.();
        await bus.close();
        await store.close();
      },
    };
  } catch (error) {
    await started?.close();
    await boss.stop({ graceful: false }).catch(() => undefined);
    await store.close();
    throw error;
  }
}
