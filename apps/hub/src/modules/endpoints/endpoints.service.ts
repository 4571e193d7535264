import {
  SafenetError,
  WEBHOOK_TEST_EVENT_TYPE,
  type WebhookEndpointInput,
  type WebhookEndpointPatch,
  type WebhookMessage,
  type WebhookMessageListQuery,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import {
  deleteEndpointRow,
  endpointInSubtree,
  insertEndpoint,
  insertMessages,
  listMessages,
  messageOfEndpoint,
  replayMessageRow,
  toMessage,
  updateEndpointRow,
} from './endpoints.store.js';
import type { Db, EndpointRow, Executor, MessageRow } from './endpoints.tables.js';
import { webhookBody } from './intake.js';
import { generateSigningSecret, ROTATION_OVERLAP_MS } from './signing.js';

/** An endpoint and its signing secret, as creating or rotating answers them. */
export interface EndpointWithSecret {
  row: EndpointRow;
  secret: string;
}

/** The endpoint `id` of the caller's subtree, or 404. */
export async function findEndpoint(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { lock?: boolean } = {},
): Promise<EndpointRow> {
  const row = await endpointInSubtree(db, auth.orgId, id, options);
  if (!row) throw notFound('webhook endpoint', id);
  return row;
}

/** Registers an endpoint for an organisation of the caller's subtree (404 otherwise). */
export async function createEndpoint(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof WebhookEndpointInput>,
  now: Date,
): Promise<EndpointWithSecret> {
  await orgInScope(db, auth, input.orgId);
  const secret = generateSigningSecret();
  const row = await insertEndpoint(db, {
    org_id: input.orgId,
    url: input.url,
    description: input.description ?? null,
    event_types: input.eventTypes ?? null,
    enabled: input.enabled ?? true,
    secret,
    previous_secret: null,
    previous_secret_expires_at: null,
    created_at: now,
    updated_at: now,
  });
  return { row, secret };
}

/** Changes the fields given of an endpoint of the caller's subtree. */
export async function updateEndpoint(
  db: Executor,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof WebhookEndpointPatch>,
  now: Date,
): Promise<EndpointRow> {
  await findEndpoint(db, auth, id);
  return updateEndpointRow(db, id, {
    ...(patch.url !== undefined && { url: patch.url }),
    ...(patch.description !== undefined && { description: patch.description }),
    ...(patch.eventTypes !== undefined && { event_types: patch.eventTypes }),
    ...(patch.enabled !== undefined && { enabled: patch.enabled }),
    updated_at: now,
  });
}

/** Deletes an endpoint of the caller's subtree, with its messages and their attempts. */
export async function deleteEndpoint(db: Executor, auth: AuthContext, id: string): Promise<void> {
  await findEndpoint(db, auth, id);
  await deleteEndpointRow(db, id);
}

/**
 * Gives an endpoint a new secret. The one it had keeps signing beside it for 24 hours, so
 * receivers can switch without losing a message; a second rotation within them drops the
 * oldest at once (only two secrets sign at a time).
 */
export async function rotateSecret(
  db: Db,
  auth: AuthContext,
  id: string,
  now: Date,
): Promise<EndpointWithSecret> {
  return db.transaction().execute(async (trx) => {
    const current = await findEndpoint(trx, auth, id, { lock: true });
    const secret = generateSigningSecret();
    const row = await updateEndpointRow(trx, id, {
      secret,
      previous_secret: current.secret,
      previous_secret_expires_at: new Date(now.getTime() + ROTATION_OVERLAP_MS),
      updated_at: now,
    });
    return { row, secret };
  });
}

/** One page of the messages of an endpoint of the caller's subtree. */
export async function messagesOf(
  db: Executor,
  auth: AuthContext,
  endpointId: string,
  query: z.output<typeof WebhookMessageListQuery>,
): Promise<Page<WebhookMessage>> {
  await findEndpoint(db, auth, endpointId);
  return listMessages(db, endpointId, query);
}

/** The message `messageId` of an endpoint of the caller's subtree, or 404. */
export async function findMessage(
  db: Executor,
  auth: AuthContext,
  endpointId: string,
  messageId: string,
): Promise<MessageRow> {
  await findEndpoint(db, auth, endpointId);
  const row = await messageOfEndpoint(db, endpointId, messageId);
  if (!row) throw notFound('webhook message', messageId);
  return row;
}

/**
 * Sends a delivered or dead message again: due at once, its tries counted from zero, signed
 * afresh, with the same `webhook-id` (receivers that already have it can tell).
 * `webhook_message_not_replayable` while it is still being tried.
 */
export async function replayMessage(
  db: Executor,
  auth: AuthContext,
  endpointId: string,
  messageId: string,
  now: Date,
): Promise<WebhookMessage> {
  const message = await findMessage(db, auth, endpointId, messageId);
  const replayed = await replayMessageRow(db, message.id, now);
  if (!replayed) {
    throw new SafenetError(
      'webhook_message_not_replayable',
      `Message ${messageId} is ${message.status}: it is still being tried (next at ${message.next_attempt_at?.toISOString() ?? 'once a sweep releases it'}); replay it once it is delivered or dead`,
    );
  }
  return toMessage(replayed);
}

/**
 * Queues a `webhook.test` event for one endpoint of the caller's subtree, whatever its
 * filter, to check that it receives and verifies. A disabled endpoint gets it once enabled.
 */
export async function sendTestEvent(
  db: Executor,
  auth: AuthContext,
  endpointId: string,
  now: Date,
): Promise<WebhookMessage> {
  const endpoint = await findEndpoint(db, auth, endpointId);
  const eventId = uuidv7();
  const body = webhookBody({
    orgPath: [endpoint.org_id],
    type: WEBHOOK_TEST_EVENT_TYPE,
    createdAt: now,
    payload: {
      endpointId,
      message: 'A test event from Safenet: this endpoint receives and can verify webhooks.',
    },
  });
  const [row] = await insertMessages(
    db,
    [{ endpointId, eventId, eventType: WEBHOOK_TEST_EVENT_TYPE, body }],
    now,
  );
  if (!row) throw new Error(`The test event ${eventId} was queued already`); // a fresh id
  return toMessage(row);
}
