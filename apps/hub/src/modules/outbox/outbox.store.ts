import type { Channel, OutboxMessage } from '@safenet/core';
import type { Selectable } from 'kysely';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Executor } from '../database.js';
import type { OutboxMessagesTable } from './outbox.tables.js';

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
