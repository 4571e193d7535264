import type { AgeBand, Channel, Consents, DeliveryStatus, Scope } from '@safenet/core';
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';

/** Timestamps are written as Date or ISO strings and always read as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A nullable timestamp column that inserts may leave out. */
type OptionalTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json<T> = ColumnType<T, T | string, T | string>;

export interface OrganisationsTable {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  path: string[];
  time_zone: string;
  default_language: string;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  scopes: Scope[];
  prefix: string;
  secret_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ContactsTable {
  id: string;
  org_id: string;
  org_path: string[];
  external_ref: string | null;
  display_name: string | null;
  role: string;
  language: string;
  time_zone: string;
  child_age_bands: Json<AgeBand[]>;
  addresses: Json<Record<string, string>>;
  consents: Json<Consents>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SegmentsTable {
  id: string;
  org_id: string;
  name: string;
  query: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export interface RecommendationsTable {
  id: string;
  org_id: string;
  topic: string;
  title: Json<Record<string, string>>;
  body: Json<Record<string, string>>;
  target_roles: string[];
  target_age_bands: Json<AgeBand[]>;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CampaignsTable {
  id: string;
  org_id: string;
  title: string;
  description: string | null;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  organisers: string[];
  created_at: Timestamp;
}

export interface BroadcastsTable {
  id: string;
  org_id: string;
  campaign_id: string | null;
  segment_id: string;
  /** The segment's query when the broadcast was created: later edits do not change it. */
  segment_query: Json<Record<string, unknown>>;
  channels: Channel[];
  content: Json<Record<string, unknown>>;
  variables: Json<Record<string, string>>;
  send_at: Timestamp;
  status: string;
  /** The last contact id planned: expansion resumes after it. */
  expand_cursor: string | null;
  expanded: boolean;
  /** Seconds a sent message may go without a delivery receipt before the next channel. */
  fallback_after_seconds: Generated<number | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeliveriesTable {
  id: string;
  broadcast_id: string;
  org_id: string;
  contact_id: string;
  channel: Channel;
  language: string;
  status: DeliveryStatus;
  reason: string | null;
  provider_message_id: string | null;
  attempts: number;
  /** The delivery on an earlier channel that this one replaces. */
  fallback_from: Generated<string | null>;
  /** When the next channel was planned after this delivery: at most once. */
  fallback_at: OptionalTimestamp;
  /** Sent and waiting for a receipt until then; after it, the next channel is tried. */
  receipt_due_at: OptionalTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

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

export interface IdempotencyKeysTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: Timestamp;
}

export interface PendingReceiptsTable {
  channel: Channel;
  provider_message_id: string;
  status: string;
  reason: string | null;
  received_at: Timestamp;
}

/**
 * Pacing of one channel instance (`key` = `channel:provider`) or of one recipient on it
 * (`channel:provider:to:<address>`), shared by every hub process on the database.
 */
export interface PacingTable {
  key: string;
  /** The earliest time the next send may start (the bucket's theoretical arrival time). */
  next_at: Timestamp;
  /** The UTC day `day_count` counts sends of, for daily caps. */
  day: string | null;
  day_count: number;
}

/**
 * The circuit breaker of a channel instance (`channel:provider`): the outcomes of its recent
 * provider calls in two windows (the current and the one before), and while it is open or
 * half-open, since when and when it may probe. Times are epoch ms of the hub's clock.
 */
export interface CircuitBreakersTable {
  key: string;
  state: 'closed' | 'open' | 'half_open';
  window_started_ms: number;
  calls: number;
  failures: number;
  previous_calls: number;
  previous_failures: number;
  /** When the current outage began (the breaker first opened); null while closed. */
  opened_ms: number | null;
  /** How long it stays open before the next probes; doubles after each failed probe. */
  open_for_ms: number;
  /** Open: when probes may go. Half-open: when unanswered probes count as lost. */
  probe_at_ms: number | null;
}

/** A secret the hub generated for itself, e.g. the key that signs unsubscribe links. */
export interface HubSecretsTable {
  name: string;
  value: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** A provider event the hub acted on, by the provider's id: replays of it are no-ops. */
export interface InboundEventsTable {
  channel: Channel;
  provider_event_id: string;
  received_at: Timestamp;
}

/** The hub's tables, as kysely sees them. */
export interface Database {
  organisations: OrganisationsTable;
  api_keys: ApiKeysTable;
  contacts: ContactsTable;
  segments: SegmentsTable;
  recommendations: RecommendationsTable;
  campaigns: CampaignsTable;
  broadcasts: BroadcastsTable;
  deliveries: DeliveriesTable;
  outbox_messages: OutboxMessagesTable;
  idempotency_keys: IdempotencyKeysTable;
  pending_receipts: PendingReceiptsTable;
  hub_secrets: HubSecretsTable;
  pacing: PacingTable;
  inbound_events: InboundEventsTable;
  circuit_breakers: CircuitBreakersTable;
}

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or a transaction on it. */
export type Executor = Db | Tx;

export type OrganisationRow = Selectable<OrganisationsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type SegmentRow = Selectable<SegmentsTable>;
export type BroadcastRow = Selectable<BroadcastsTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type NewDelivery = Insertable<DeliveriesTable>;
