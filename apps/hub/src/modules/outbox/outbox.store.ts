import type { OutgoingMessage } from '@safenet/channels';
import { attachmentLinks, type Channel, type OutboxMessage } from '@safenet/core';
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { type Executor, type OutboxMessagesTable, own } from './outbox.tables.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toOutboxMessage(row: Selectable<OutboxMessagesTable>): OutboxMessage {
  return {
    id: row.id,
    orgId: row.org_id,
    deliveryId: row.delivery_id,
    channel: row.channel,
    to: row.recipient,
    language: row.language as OutboxMessage['language'],
    subject: row.subject,
    body: row.body,
    createdAt: iso(row.created_at),
  };
}

/** One page of the captured messages of the subtree of `orgId`, of `channel` only if given. */
export function listOutboxMessages(
  db: Executor,
  orgId: string,
  channel: Channel | undefined,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<OutboxMessage>> {
  return keysetPage(
    db
      .selectFrom('outbox_messages')
      .selectAll()
      .where(inSubtree('outbox_messages.org_id', orgId))
      .$if(channel !== undefined, (q) => q.where('channel', '=', channel as Channel)),
    page,
    toOutboxMessage,
  );
}

/**
 * Keeps a message no provider sends (the capture adapter of a channel without one) for the
 * outbox; once per delivery: a retried send finds it there.
 */
export async function captureMessage(
  db: ExecutorHandle | Executor,
  message: OutgoingMessage,
  channel: Channel,
): Promise<void> {
  await own(db)
    .insertInto('outbox_messages')
    .values({
      id: uuidv7(),
      org_id: message.orgId,
      delivery_id: message.deliveryId,
      channel,
      recipient: message.to,
      language: message.language,
      subject: message.title,
      // A captured message keeps its files as their links: nothing was sent to carry them.
      body: message.attachments?.length
        ? `${message.body}\n\n${attachmentLinks(message.attachments, { names: true })}`
        : message.body,
      created_at: new Date(),
    })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .execute();
}
