import type { QuietHours } from '@safenet/core';
import type { HubConfig } from '../../config.js';
import type { HubModule } from '../../platform/module.js';
import type { ChannelRegistry, PhoneHolding } from '../channels/index.js';
import type { UnsubscribeLinks } from '../consent/index.js';
import type { AttachmentFiles } from '../content/index.js';
import type { HubPlatform } from '../database.js';
import { followAdapterEvents } from './adapter-events.js';
import { breakerAlerts } from './breaker-alerts.js';
import { CircuitBreakers } from './circuit-breakers.js';
import { deliveryRoutes } from './deliveries.routes.js';
import type { DispatchDeps } from './delivery.deps.js';
import { startDeliveryJobs } from './delivery.jobs.js';
import { deliveryMetrics } from './delivery.metrics.js';
import { deliveryQueues } from './delivery.queues.js';
import type {} from './delivery.tables.js';
import { own } from './delivery.tables.js';
import { SendSpacing } from './pacing.js';
import { ProgressReporter } from './progress.js';
import type { ReceiptDeps } from './receipts.js';

/** How long one provider call may take before it counts as a temporary failure. */
const SEND_TIMEOUT_MS = 30_000;

/** The delivery module as the hub runs it, with what the broadcasts and channels modules use. */
export interface DeliveryModule extends HubModule {
  /** What the expand and send workers need. */
  readonly dispatch: DispatchDeps;
  /** What applying a provider's receipts needs (the channels module's webhooks). */
  readonly receipts: ReceiptDeps;
}

/**
 * The delivery module: sending each planned delivery through its channel's adapter within
 * the provider's pace and circuit breaker, settling it, falling back to the next channel,
 * applying receipts, and reporting progress.
 */
export function createDeliveryModule(
  platform: HubPlatform,
  options: {
    dispatch: HubConfig['dispatch'];
    /** The hub's default quiet hours (`SAFENET_QUIET_HOURS`); null: none. */
    quietHours: QuietHours | null;
    channels: ChannelRegistry;
    phones: PhoneHolding;
    unsubscribe: UnsubscribeLinks;
    /** The files of recommendations' versions (content module). */
    files: AttachmentFiles;
  },
): DeliveryModule {
  const { boss, bus, orgPathOf, onError, debug, now } = platform;
  const metrics = deliveryMetrics(platform.metrics);
  const db = own(platform.db);
  const { dispatch: config, channels, phones, unsubscribe, files } = options;
  const progress = new ProgressReporter({
    db,
    bus,
    orgPathOf,
    now,
    onError: (error) => onError(error, 'dispatch'),
  });
  const dispatch: DispatchDeps = {
    db,
    boss,
    channels,
    phones,
    bus,
    progress,
    orgPathOf,
    sendTimeoutMs: SEND_TIMEOUT_MS,
    unsubscribe,
    files,
    spacing: new SendSpacing(),
    breakers: new CircuitBreakers({
      db,
      policy: config.breaker,
      now,
      onTransition: breakerAlerts({ db, bus, channels, orgPathOf, onError }),
      onError,
    }),
    outageHorizonMs: config.outageHorizonMs,
    quietHours: options.quietHours,
    now,
    onError,
    debug,
    metrics,
  };
  let stopFollowing: (() => void) | undefined;
  let timers: (() => void)[] = [];
  return {
    name: 'delivery',
    routes: async (app) => app.register(deliveryRoutes, { db }),
    queues: deliveryQueues(channels.adapters),
    dispatch,
    receipts: { db, bus, progress, orgPathOf, boss, metrics },
    async start(roles) {
      // Receipts and replies that adapters report themselves (a paired phone) are applied
      // wherever the adapter runs.
      stopFollowing = followAdapterEvents(dispatch, channels);
      if (roles.has('worker')) timers = await startDeliveryJobs(dispatch, config.sendBatch);
    },
    stop() {
      for (const stop of timers) stop();
    },
    async close() {
      await progress.close();
      stopFollowing?.();
    },
  };
}
