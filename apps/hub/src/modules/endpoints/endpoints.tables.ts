import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type OptionalTimestamp,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

export interface WebhookEndpointsTable {
  id: string;
  org_id: string;
  url: string;
  description: string | null;
  /** The event types sent; null: every type. */
  event_types: string[] | null;
  enabled: Generated<boolean>;
  /** `whsec_…`: the hub signs with it, so it is kept as it is (like `hub_secrets`). */
  secret: string;
  /** The secret before the last rotation, still signing until `previous_secret_expires_at`. */
  previous_secret: string | null;
  previous_secret_expires_at: OptionalTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookMessagesTable {
  id: string;
  endpoint_id: string;
  /** The event's id: the `webhook-id` header. Unique per endpoint. */
  event_id: string;
  event_type: string;
  /** The JSON body exactly as signed and sent, on every try. */
  body: string;
  /** `pending`, `failing`, `delivered` or `dead`. */
  status: string;
  /** Tries since it was queued or last replayed. */
  attempts: Generated<number>;
  /** When it is due; while a sweep holds it, when that hold lapses. Null once settled. */
  next_attempt_at: OptionalTimestamp;
  /** The claim of the sweep sending it now; only that sweep records the outcome. */
  lease_id: string | null;
  last_attempt_at: OptionalTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookAttemptsTable {
  id: string;
  message_id: string;
  attempted_at: Timestamp;
  status_code: number | null;
  response_excerpt: string | null;
  duration_ms: number;
  error: string | null;
}

/** How far the webhook feed has read the event log: one row (`feed.ts`). */
export interface WebhookFeedTable {
  one: ColumnType<boolean, never, never>;
  /** The last event fed, as (xid, id): xid8 as a decimal string. */
  position_xid: string;
  position_id: string;
}

/** The tables of the endpoints module. */
export interface EndpointsTables {
  webhook_endpoints: WebhookEndpointsTable;
  webhook_messages: WebhookMessagesTable;
  webhook_attempts: WebhookAttemptsTable;
  webhook_feed: WebhookFeedTable;
}

export type EndpointRow = Selectable<WebhookEndpointsTable>;
export type MessageRow = Selectable<WebhookMessagesTable>;
export type AttemptRow = Selectable<WebhookAttemptsTable>;

/** What the endpoints module's code sees: the platform's tables and its own. */
type View = PlatformTables & EndpointsTables;

/** Opens a database handle as the endpoints module's view (see `tablesView`). */
export const own = tablesView<EndpointsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
