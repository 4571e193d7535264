import type { HubConfig } from '../../config.js';
import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import { type BusFeed, followEventBus } from './bus-feed.js';
import { endpointRoutes } from './endpoints.routes.js';
import { deleteSettledMessages } from './endpoints.store.js';
import { own } from './endpoints.tables.js';
import { sweepUntilIdle } from './sweep.js';

/** How often due webhook messages are looked for: the delay of a first try, at most. */
const SWEEP_MS = 1_000;
/** How often delivered and dead messages past their retention are deleted. */
const CLEANUP_MS = 10 * 60_000;

/**
 * The endpoints module: outbound webhooks. Organisations register endpoints; the events of
 * their subtree are queued per endpoint (`enqueueEventForEndpoints`), and a sweep in each
 * worker process POSTs them, signed, retrying on a schedule over a day.
 */
export function createEndpointsModule(
  platform: HubPlatform,
  config: HubConfig['outboundWebhooks'],
): HubModule {
  const { bus, orgPathOf, now, onError } = platform;
  const db = own(platform.db);
  let feed: BusFeed | undefined;
  let feedStopped: Promise<void> | undefined;
  let timers: (() => void)[] = [];
  const stopping = new AbortController();
  let sweeping: Promise<void> | undefined;
  const sweep = () => {
    sweeping = sweepUntilIdle({
      db: platform.db,
      now,
      timeoutMs: config.timeoutMs,
      signal: stopping.signal,
    });
    return sweeping;
  };
  return {
    name: 'endpoints',
    routes: async (app) =>
      app.register(endpointRoutes, {
        db,
        now,
        created: async (orgId) => feed?.follow(orgId),
      }),
    async start(roles) {
      // Every process hears every event; each feeds it, and it is queued once (bus-feed.ts).
      feed = await followEventBus({ db, bus, orgPathOf, now, onError });
      if (!roles.has('worker')) return;
      timers = [
        repeat(SWEEP_MS, sweep, (error) => onError(error, 'webhook sweep')),
        repeat(
          CLEANUP_MS,
          () => deleteSettledMessages(db, new Date(now() - config.retentionMs)),
          (error) => onError(error, 'webhook clean-up'),
        ),
      ];
    },
    stop() {
      for (const stop of timers) stop();
      feedStopped = feed?.stop();
      // POSTs in flight are dropped, not recorded: their leases lapse and they go again.
      stopping.abort();
    },
    async close() {
      await Promise.all([sweeping?.catch(() => undefined), feedStopped]);
    },
  };
}
