import type { Channel } from '@safenet/core';
import type { Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** A provider event the hub acted on, by the provider's id: replays of it are no-ops. */
export interface InboundEventsTable {
  channel: Channel;
  provider_event_id: string;
  received_at: Timestamp;
}

/** The tables of the inbound module. */
export interface InboundTables {
  inbound_events: InboundEventsTable;
}

/** What the inbound module's code sees: the platform's tables and its own. */
type View = PlatformTables & InboundTables;

/** Opens a database handle as the inbound module's view (see `tablesView`). */
export const own = tablesView<InboundTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
