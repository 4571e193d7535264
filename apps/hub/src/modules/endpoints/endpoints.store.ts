import type {
  WebhookAttempt,
  WebhookEndpoint,
  WebhookMessage,
  WebhookMessageStatus,
} from '@safenet/core';
import type { Insertable, Updateable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type {
  AttemptRow,
  EndpointRow,
  Executor,
  MessageRow,
  WebhookEndpointsTable,
} from './endpoints.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? iso(date) : null);

export function toEndpoint(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    orgId: row.org_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types as WebhookEndpoint['eventTypes'],
    enabled: row.enabled,
    previousSecretExpiresAt: isoOrNull(row.previous_secret_expires_at),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toMessage(row: MessageRow): WebhookMessage {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    status: row.status as WebhookMessageStatus,
    attempts: row.attempts,
    nextAttemptAt: isoOrNull(row.next_attempt_at),
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    payload: JSON.parse(row.body) as WebhookMessage['payload'],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toAttempt(row: AttemptRow): WebhookAttempt {
  return {
    id: row.id,
    messageId: row.message_id,
    attemptedAt: iso(row.attempted_at),
    statusCode: row.status_code,
    responseExcerpt: row.response_excerpt,
    durationMs: row.duration_ms,
    error: row.error,
  };
}

type PageRequest = { cursor?: string | undefined; limit: number };

// Endpoints

/** Stores a new endpoint and returns its row. */
export function insertEndpoint(
  db: Executor,
  values: Omit<Insertable<WebhookEndpointsTable>, 'id'>,
): Promise<EndpointRow> {
  return db
    .insertInto('webhook_endpoints')
    .values({ id: uuidv7(), ...values })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One page of the endpoints of the subtree of `orgId`. */
export function listEndpoints(
  db: Executor,
  orgId: string,
  page: PageRequest,
): Promise<Page<WebhookEndpoint>> {
  return keysetPage(
    db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where(inSubtree('webhook_endpoints.org_id', orgId)),
    page,
    toEndpoint,
  );
}

/**
 * The endpoint `id` if it lies in the subtree of `orgId`, else undefined; locked until the
 * transaction ends with `lock`.
 */
export function endpointInSubtree(
  db: Executor,
  orgId: string,
  id: string,
  { lock = false }: { lock?: boolean } = {},
): Promise<EndpointRow | undefined> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree('webhook_endpoints.org_id', orgId))
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Changes an endpoint's columns and returns its row. */
export function updateEndpointRow(
  db: Executor,
  id: string,
  changes: Omit<Updateable<WebhookEndpointsTable>, 'id' | 'org_id' | 'created_at'>,
): Promise<EndpointRow> {
  return db
    .updateTable('webhook_endpoints')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes an endpoint; its messages and their attempts go with it. */
export async function deleteEndpointRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/**
 * The enabled endpoints of the organisations `orgIds` (the organisations of events and those
 * above them), with their filters: the endpoints those events may go to.
 */
export function enabledEndpointsUnder(
  db: Executor,
  orgIds: readonly string[],
): Promise<Pick<EndpointRow, 'id' | 'org_id' | 'event_types'>[]> {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('webhook_endpoints')
    .select(['id', 'org_id', 'event_types'])
    .where('enabled', '=', true)
    .where('org_id', 'in', [...orgIds])
    .execute();
}

// Messages

/** A new message: one event for one endpoint, due at once. */
export interface NewMessage {
  endpointId: string;
  eventId: string;
  eventType: string;
  body: string;
}

/**
 * Queues messages, due at `now`. A message whose (endpoint, event) is already queued is left
 * as it is: an event reaches an endpoint once, however often it is fed in. Returns the rows
 * inserted.
 */
export async function insertMessages(
  db: Executor,
  messages: readonly NewMessage[],
  now: Date,
): Promise<MessageRow[]> {
  if (messages.length === 0) return [];
  return db
    .insertInto('webhook_messages')
    .values(
      messages.map((m) => ({
        id: uuidv7(),
        endpoint_id: m.endpointId,
        event_id: m.eventId,
        event_type: m.eventType,
        body: m.body,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        lease_id: null,
        last_attempt_at: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
    .returningAll()
    .execute();
}

/** One page of an endpoint's messages, of one status if given. */
export function listMessages(
  db: Executor,
  endpointId: string,
  query: PageRequest & { status?: WebhookMessageStatus | undefined },
): Promise<Page<WebhookMessage>> {
  return keysetPage(
    db
      .selectFrom('webhook_messages')
      .selectAll()
      .where('endpoint_id', '=', endpointId)
      .$if(query.status !== undefined, (q) => q.where('status', '=', query.status as string)),
    query,
    toMessage,
  );
}

/** The message `id` of the endpoint `endpointId`, or undefined. */
export function messageOfEndpoint(
  db: Executor,
  endpointId: string,
  id: string,
): Promise<MessageRow | undefined> {
  return db
    .selectFrom('webhook_messages')
    .selectAll()
    .where('id', '=', id)
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
}

/**
 * Makes a delivered or dead message due again at `now`, its tries counted from zero (the
 * attempt history stays). Returns it, or undefined when it is still being tried.
 */
export function replayMessageRow(
  db: Executor,
  id: string,
  now: Date,
): Promise<MessageRow | undefined> {
  return db
    .updateTable('webhook_messages')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, lease_id: null, updated_at: now })
    .where('id', '=', id)
    .where('status', 'in', ['delivered', 'dead'])
    .returningAll()
    .executeTakeFirst();
}

/** One page of a message's tries, oldest first. */
export function listAttempts(
  db: Executor,
  messageId: string,
  page: PageRequest,
): Promise<Page<WebhookAttempt>> {
  return keysetPage(
    db.selectFrom('webhook_attempts').selectAll().where('message_id', '=', messageId),
    page,
    toAttempt,
  );
}

/**
 * Deletes the messages delivered or dead before `before`, with their attempts, `batch` per
 * statement so no statement runs long; returns how many. Pending and failing ones stay.
 */
export async function deleteSettledMessages(
  db: Executor,
  before: Date,
  batch = 5_000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await db
      .deleteFrom('webhook_messages')
      .where(
        'id',
        'in',
        db
          .selectFrom('webhook_messages')
          .select('id')
          .where('status', 'in', ['delivered', 'dead'])
          .where('updated_at', '<', before)
          .limit(batch),
      )
      .executeTakeFirst();
    const count = Number(deleted.numDeletedRows);
    total += count;
    if (count < batch) return total;
  }
}
