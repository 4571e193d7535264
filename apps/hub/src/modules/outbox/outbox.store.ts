import type { OutboxMessage } from '@safenet/core';
import type { Selectable } from 'kysely';
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
