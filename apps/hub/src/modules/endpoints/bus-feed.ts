import type { StreamEvent } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { share } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { repeat } from '../../platform/timers.js';
import { rootOrganisations } from './endpoints.store.js';
import type { Db } from './endpoints.tables.js';
import { enqueueEventForEndpoints, isWebhookEventType } from './intake.js';

/** How often the feed looks for the organisation tree's root while there is none yet. */
const ROOT_POLL_MS = 2_000;

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
  stop(): void;
}

/**
 * Feeds the stream events this process publishes into {@link enqueueEventForEndpoints},
 * each under a new id — an interim source: the event bus is in-process and events carry no
 * id, so an event lost between the bus and the insert (a crash, a failed insert) is not
 * sent. A durable event feed replaces this file and calls the intake the same way.
 *
 * It runs in every process, whatever its roles: events are published where they happen
 * (receipts in the API process that takes the provider's webhook, dispatch in workers), and
 * each is published once, in one process. The bus hands a subscriber the events of one
 * subtree, so the feed subscribes to each root of the organisation tree; on a new database
 * the root appears only after the hub starts (bootstrap), and the feed looks for it until
 * it is there.
 */
export async function followEventBus(deps: BusFeedDeps): Promise<BusFeed> {
  const followed = new Map<string, () => void>();
  const onEvent = (event: StreamEvent) => {
    if (!isWebhookEventType(event.type)) return;
    void intake(deps, event).catch((error: unknown) => deps.onError(error, 'webhook intake'));
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
    },
  };
}

async function intake(deps: BusFeedDeps, event: StreamEvent): Promise<void> {
  await enqueueEventForEndpoints(
    share(deps.db),
    {
      id: uuidv7(),
      orgPath: await deps.orgPathOf(event.orgId),
      type: event.type,
      payload: event.data,
      createdAt: event.at,
    },
    deps.now(),
  );
}
