import type { Channel } from '@safenet/core';
import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

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

/** What the outbox module's code sees: the platform's tables and its own. */
type View = PlatformTables & OutboxTables;

/** Opens a database handle as the outbox module's view (see `tablesView`). */
export const own = tablesView<OutboxTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
