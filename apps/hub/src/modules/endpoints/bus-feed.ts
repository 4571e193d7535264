import type { StreamEvent } from '@safenet/core';
import { share } from '../../platform/database/schema.js';
import type { EventBus, LoggedEvent } from '../../platform/events/event-bus.js';
import { repeat } from '../../platform/timers.js';
import { rootOrganisations } from './endpoints.store.js';
import type { Db } from './endpoints.tables.js';
import { enqueueEventsForEndpoints, isWebhookEventType } from './intake.js';

/** How often the feed looks for the organisation tree's root while there is none yet. */
const ROOT_POLL_MS = 2_000;
/** Events are handed to the intake in batches: at most this long after the first… */
const FLUSH_MS = 50;
/** …or as soon as this many are waiting. */
const FLUSH_AT = 500;

/** What the feed needs of the platform. */
export interface BusFeedDeps {
  db: Db;
  bus: EventBus;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  now(): number;
  onError(error: unknown, context: string): void;
}

/** The feed while it runs. */
export interface BusFeed {
  /** Makes sure events of `orgId`'s tree are followed (an endpoint was just created there). */
  follow(orgId: string): Promise<void>;
  /** Stops following; resolves once the events already taken are queued. */
  stop(): Promise<void>;
}

/**
 * Feeds the events of the event log into the intake (`enqueueEventsForEndpoints`), in
 * batches, under their log id (`evt_<id>`, the `webhook-id`). The bus hands every process
 * every event, wherever it was published; every process feeds it (a hub may run as api only,
 * its sweeps driven elsewhere), and the intake's unique (endpoint, event) queues it once —
 * with no endpoint, a batch costs one query. Not yet covered: an event published while no
 * process listens is not fed — reading the log from a stored position would close that gap.
 *
 * The bus hands a subscriber the events of one
 * subtree, so the feed subscribes to each root of the organisation tree; on a new database
 * the root appears only after the hub starts (bootstrap), and the feed looks for it until
 * it is there.
 */
export async function followEventBus(deps: BusFeedDeps): Promise<BusFeed> {
  const followed = new Map<string, () => void>();
  let waiting: { id: string; event: StreamEvent }[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = waiting;
    waiting = [];
    if (batch.length > 0) {
      flushing = flushing
        .then(() => intake(deps, batch))
        .catch((error: unknown) => deps.onError(error, 'webhook intake'));
    }
    return flushing;
  };
  const onEvent = ({ id, event }: LoggedEvent) => {
    if (!isWebhookEventType(event.type)) return;
    waiting.push({ id: `evt_${id}`, event });
    if (waiting.length >= FLUSH_AT) void flush();
    else if (!timer) timer = setTimeout(() => void flush(), FLUSH_MS).unref();
  };
  const followRoot = (rootId: string) => {
    if (!followed.has(rootId)) followed.set(rootId, deps.bus.subscribe(rootId, onEvent));
  };
  const followRoots = async () => {
    const roots = await rootOrganisations(deps.db);
    for (const root of roots) followRoot(root);
    return roots.length;
  };
  let stopPolling: (() => void) | undefined;
  if ((await followRoots()) === 0) {
    stopPolling = repeat(
      ROOT_POLL_MS,
      async () => {
        if ((await followRoots()) > 0) stopPolling?.();
      },
      (error) => deps.onError(error, 'webhook feed'),
    );
  }
  return {
    async follow(orgId) {
      const [root] = await deps.orgPathOf(orgId);
      if (root) followRoot(root);
    },
    stop() {
      stopPolling?.();
      for (const unsubscribe of followed.values()) unsubscribe();
      followed.clear();
      return flush();
    },
  };
}

async function intake(
  deps: BusFeedDeps,
  batch: readonly { id: string; event: StreamEvent }[],
): Promise<void> {
  const events = await Promise.all(
    batch.map(async ({ id, event }) => ({
      id,
      orgPath: await deps.orgPathOf(event.orgId),
      type: event.type,
      payload: event.data,
      createdAt: event.at,
    })),
  );
  await enqueueEventsForEndpoints(share(deps.db), events, deps.now());
}
