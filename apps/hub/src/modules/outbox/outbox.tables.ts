import type { Channel } from '@safenet/core';
import type { Timestamp } from '../../platform/database/schema.js';

export interface OutboxMessagesTable {
  id: string;
  org_id: string;
  delivery_id: string;
  channel: Channel;
  recipient: string;
  language: string;
  subject: string | null;
  body: string;
  created_at: Timestamp;
}

/** The tables of the outbox module. */
export interface OutboxTables {
  outbox_messages: OutboxMessagesTable;
}
