import type { BroadcastProgress, BroadcastStatus, DeliveryStatus } from '@safenet/core';
import { sql } from 'kysely';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { type RaiseDeps, raiseAlert } from '../alerts/index.js';
import { type Executor, own } from './delivery.tables.js';

/** Reads a broadcast's delivery counts by status. */
export async function readProgress(
  handle: ExecutorHandle | Executor,
  broadcastId: string,
): Promise<BroadcastProgress> {
  const db = own(handle);
  const broadcast = await db
    .selectFrom('broadcasts')
    .select(['status', 'expanded'])
    .where('id', '=', broadcastId)
    .executeTakeFirstOrThrow();
  // The counts the triggers on `deliveries` keep (migrations 011, 016, 018): a few rows a
  // broadcast, however many recipients it has.
  const rows = await db
    .selectFrom('broadcast_counts')
    .select(['channel', 'status', 'fallback', 'deferred', sql<number>`sum(n)::int`.as('count')])
    .where('broadcast_id', '=', broadcastId)
    .groupBy(['channel', 'status', 'fallback', 'deferred'])
    .execute();
  const counts: Partial<Record<DeliveryStatus, number>> = {};
  const channels: BroadcastProgress['channels'] = {};
  let total = 0;
  let deferred = 0;
  const people = { recipients: 0, fallbacks: 0 };
  for (const row of rows) {
    if (row.count === 0) continue;
    // Waiting for the recipient's morning: queued until the claim that sends it clears the mark.
    if (row.deferred && (row.status === 'queued' || row.status === 'sending')) {
      deferred += row.count;
    }
    counts[row.status] = (counts[row.status] ?? 0) + row.count;
    const ofChannel = channels[row.channel] ?? {};
    ofChannel[row.status] = (ofChannel[row.status] ?? 0) + row.count;
    channels[row.channel] = ofChannel;
    total += row.count;
    if (row.fallback) people.fallbacks += row.count;
    else people.recipients += row.count;
  }
  return {
    broadcastId,
    status: broadcast.status as BroadcastStatus,
    expanded: broadcast.expanded,
    total,
    recipients: people.recipients,
    fallbacks: people.fallbacks,
    deferred,
    counts,
    channels,
  };
}

/** Recipients whose last delivery failed: no later channel took over from it. */
async function unreached(db: Executor, broadcastId: string): Promise<number> {
  const row = await db
    .selectFrom('deliveries as d')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('d.broadcast_id', '=', broadcastId)
    .where('d.status', '=', 'failed')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deliveries as next')
            .select('next.id')
            .whereRef('next.fallback_from', '=', 'd.id'),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return row.count;
}

/**
 * Marks a broadcast `completed` once every recipient is planned, none is still queued or
 * sending, and no sent message still waits for the receipt that decides its fallback.
 * Returns true when this call completed it.
 */
export async function completeIfDone(db: Executor, broadcastId: string): Promise<boolean> {
  const result = await db
    .updateTable('broadcasts')
    .set({ status: 'completed', updated_at: new Date() })
    .where('id', '=', broadcastId)
    .where('status', '=', 'sending')
    .where('expanded', '=', true)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deliveries')
            .select('id')
            .where('broadcast_id', '=', broadcastId)
            .where('status', 'in', ['queued', 'sending']),
        ),
      ),
    )
    // Sent, and the next channel waits on its receipt: not done yet (a partial index of its
    // own, so a finished broadcast's sent deliveries are not read one by one).
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('deliveries')
            .select('id')
            .where('broadcast_id', '=', broadcastId)
            .where('status', '=', 'sent')
            .where('receipt_due_at', 'is not', null)
            .where('fallback_at', 'is', null),
        ),
      ),
    )
    .executeTakeFirst();
  return (result.numUpdatedRows ?? 0n) > 0n;
}

/**
 * Publishes `broadcast.progress` for broadcasts that changed, at most every `intervalMs`
 * per broadcast, and completes finished ones. Dispatch calls `touch`; a timer does the rest.
 */
export class ProgressReporter {
  readonly #dirty = new Map<string, readonly string[]>();
  readonly #timer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  private readonly db: Executor;
  private readonly bus: EventBus;
  private readonly onError: (error: unknown) => void;
  readonly #alerts: RaiseDeps;

  constructor(
    deps: {
      db: Executor;
      bus: EventBus;
      orgPathOf(orgId: string): Promise<readonly string[]>;
      now(): number;
      onError(error: unknown): void;
    },
    intervalMs = 1000,
  ) {
    const { db, bus, onError } = deps;
    this.db = db;
    this.bus = bus;
    this.onError = onError;
    this.#alerts = { bus, now: deps.now, orgPathOf: deps.orgPathOf };
    this.#timer = setInterval(() => {
      this.#flushing = this.#flushing.then(() => this.flush()).catch(onError);
    }, intervalMs);
    this.#timer.unref();
  }

  /** Notes that a broadcast of the organisation at `orgPath` changed. */
  touch(broadcastId: string, orgPath: readonly string[]): void {
    this.#dirty.set(broadcastId, orgPath);
  }

  async flush(): Promise<void> {
    const batch = [...this.#dirty];
    this.#dirty.clear();
    for (const [broadcastId, orgPath] of batch) {
      const completed = await completeIfDone(this.db, broadcastId);
      const progress = await readProgress(this.db, broadcastId);
      const orgId = orgPath.at(-1) as string;
      const at = new Date().toISOString();
      await this.bus.publish({
        orgPath,
        event: { type: 'broadcast.progress', orgId, at, data: progress },
      });
      const failed = completed ? await unreached(this.db, broadcastId) : 0;
      if (failed > 0) {
        // Someone should look: these recipients did not get the message on any channel.
        await raiseAlert(this.#alerts, share(this.db), {
          orgId,
          code: 'broadcast_failures',
          subjectId: broadcastId,
          message: `Broadcast ${broadcastId} completed with ${failed} of ${progress.recipients} recipients not reached on any channel; see its deliveries with status=failed for the reasons`,
          dedupeKey: `broadcast_failures:${broadcastId}`,
        });
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#flushing;
    await this.flush().catch(this.onError);
  }
}
