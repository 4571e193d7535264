import type { HubConfig } from '../../config.js';
import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import { webhooksErasure } from './endpoints.privacy.js';
import { endpointRoutes } from './endpoints.routes.js';
import { deleteSettledMessages } from './endpoints.store.js';
import { own } from './endpoints.tables.js';
import { feedWebhookMessages } from './feed.js';
import { sweepUntilIdle } from './sweep.js';

/**
 * How often the event log is fed in and due webhook messages are looked for: the delay of a
 * first try, at most.
 */
const SWEEP_MS = 1_000;
/** How often delivered and dead messages past their retention are deleted. */
const CLEANUP_MS = 10 * 60_000;

/**
 * The endpoints module: outbound webhooks. Organisations register endpoints; worker
 * processes feed the event log into a message per endpoint and event (`feed.ts`, from a
 * stored position), and sweep the due messages: POSTs, signed, retried on a schedule over a
 * day.
 */
export function createEndpointsModule(
  platform: HubPlatform,
  config: HubConfig['outboundWebhooks'],
): HubModule {
  const { now, onError } = platform;
  const db = own(platform.db);
  let timers: (() => void)[] = [];
  const stopping = new AbortController();
  let sweeping: Promise<void> | undefined;
  const feedAndSweep = () => {
    sweeping = (async () => {
      await feedWebhookMessages({ db: platform.db, now });
      await sweepUntilIdle({
        db: platform.db,
        now,
        timeoutMs: config.timeoutMs,
        signal: stopping.signal,
      });
    })();
    return sweeping;
  };
  return {
    name: 'endpoints',
    routes: async (app) => app.register(endpointRoutes, { db, now }),
    erasure: [webhooksErasure],
    async start(roles) {
      if (!roles.has('worker')) return;
      timers = [
        repeat(SWEEP_MS, feedAndSweep, (error) => onError(error, 'webhook feed and sweep')),
        repeat(
          CLEANUP_MS,
          () => deleteSettledMessages(db, new Date(now() - config.retentionMs)),
          (error) => onError(error, 'webhook clean-up'),
        ),
      ];
    },
    stop() {
      for (const stop of timers) stop();
      // POSTs in flight are dropped, not recorded: their leases lapse and they go again.
      stopping.abort();
    },
    async close() {
      await sweeping?.catch(() => undefined);
    },
  };
}
