import type { Channel } from '@safenet/core';
import type { Timestamp } from '../../platform/database/schema.js';

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
