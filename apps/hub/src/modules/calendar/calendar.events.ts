import type { EventBus } from '../../platform/events/event-bus.js';
import type { Executor } from './calendar.tables.js';

/** What a `calendar.occurrence` event says. */
export interface OccurrenceNews {
  orgId: string;
  campaignId: string;
  announcementId: string;
  announcementKey: string;
  version: number;
  key: string;
  dueAt: Date;
  state: 'fired' | 'missed';
  broadcastId: string | null;
}

/**
 * Publishes an occurrence that fired or was missed as `calendar.occurrence`, in the
 * transaction that recorded it: logged if and only if the record commits.
 */
export async function publishOccurrence(
  deps: { bus: EventBus; orgPathOf(orgId: string): Promise<readonly string[]> },
  trx: Executor,
  news: OccurrenceNews,
  at: Date,
): Promise<void> {
  const { orgId, dueAt, ...data } = news;
  await deps.bus.publish(
    {
      orgPath: await deps.orgPathOf(orgId),
      event: {
        type: 'calendar.occurrence',
        orgId,
        at: at.toISOString(),
        data: { ...data, dueAt: dueAt.toISOString() },
      },
    },
    trx,
  );
}
