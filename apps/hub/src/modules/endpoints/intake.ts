import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { enabledEndpointsUnder, insertMessages, type NewMessage } from './endpoints.store.js';
import { type Executor, own } from './endpoints.tables.js';

/**
 * An event as the hub keeps it for delivery: its id (the `webhook-id` every endpoint gets;
 * the same event fed in twice is queued once per endpoint), the path of its organisation
 * (ids from the root), its type, its data and when it happened.
 */
export interface DurableEvent {
  id: string;
  orgPath: readonly string[];
  type: string;
  payload: Record<string, unknown>;
  createdAt: Date | string;
}

/** True for the event types webhooks carry (see `WEBHOOK_EVENT_TYPES` in core). */
export function isWebhookEventType(type: string): type is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(type);
}

/**
 * The data of an event as webhooks carry it. A WhatsApp Web pairing code does not leave the
 * hub: whoever scans it pairs the organisation's phone, and the stream shows it to admin keys
 * only.
 */
function webhookData(type: string, payload: Record<string, unknown>): Record<string, unknown> {
  if (type === 'channel.session') return { ...payload, qr: null, qrDataUrl: null };
  return payload;
}

/**
 * The JSON body endpoints get, as the Standard Webhooks specification recommends:
 * `{ type, timestamp, data }`, `data` being the event's with the `orgId` it happened in.
 */
export function webhookBody(event: Omit<DurableEvent, 'id'>): string {
  const orgId = event.orgPath.at(-1);
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.createdAt).toISOString(),
    data: { ...webhookData(event.type, event.payload), orgId },
  });
}

/** Messages inserted per statement. */
const INSERT_CHUNK = 500;

/**
 * Queues events for every enabled endpoint that wants them: those of each event's
 * organisation and of every organisation above (an endpoint sees its organisation's
 * subtree), whose filter lets its type through. Types webhooks do not carry are dropped.
 * Feeding the same event again queues nothing new. Due at once by the hub's clock `now`
 * (epoch ms). One query finds the endpoints of all the events' paths, and the messages go in
 * by the hundred: a broadcast makes a `delivery.updated` event per recipient and change.
 * Returns how many messages were queued. The module feeds it from the event log (`feed.ts`,
 * in the transaction that moves the feed's position).
 */
export async function enqueueEventsForEndpoints(
  handle: ExecutorHandle | Executor,
  events: readonly DurableEvent[],
  now: number,
): Promise<number> {
  const carried = events.filter((event) => isWebhookEventType(event.type));
  if (carried.length === 0) return 0;
  const db = own(handle);
  const endpoints = await enabledEndpointsUnder(db, [
    ...new Set(carried.flatMap((event) => event.orgPath)),
  ]);
  if (endpoints.length === 0) return 0;
  const messages: NewMessage[] = [];
  for (const event of carried) {
    let body: string | undefined;
    for (const endpoint of endpoints) {
      if (!event.orgPath.includes(endpoint.org_id)) continue;
      if (endpoint.event_types && !endpoint.event_types.includes(event.type)) continue;
      body ??= webhookBody(event);
      messages.push({ endpointId: endpoint.id, eventId: event.id, eventType: event.type, body });
    }
  }
  let inserted = 0;
  for (let start = 0; start < messages.length; start += INSERT_CHUNK) {
    const chunk = messages.slice(start, start + INSERT_CHUNK);
    inserted += (await insertMessages(db, chunk, new Date(now))).length;
  }
  return inserted;
}
