import type { Channel, DeferralReason, DeliveryStatus } from '@safenet/core';
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type OptionalTimestamp,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

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
  /**
   * Set while it waits, still queued, for a later time (its recipient's morning): set by the
   * quiet-hours gate, cleared by the claim that sends it (migration 018).
   */
  deferred_until: OptionalTimestamp;
  deferred_reason: Generated<DeferralReason | null>;
  /** Claimed inside its recipient's quiet hours because its broadcast is urgent. */
  quiet_hours_overridden: Generated<boolean>;
  /** The recommendation version sent, for a broadcast of one (migration 036). */
  content_version_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** What Twilio reported the message cost: its `price`, a decimal string (migration 039). */
  price: Generated<string | null>;
  /** Twilio's `price_unit` (ISO 4217). */
  price_unit: Generated<string | null>;
  /** WhatsApp Cloud's `pricing` object from a status webhook. */
  pricing: ColumnType<
    ReportedPricing | null,
    ReportedPricing | string | null | undefined,
    ReportedPricing | string | null
  >;
}

/** WhatsApp Cloud's `pricing` object, as stored. */
export interface ReportedPricing {
  billable: boolean | null;
  pricingModel: string;
  category: string;
  type: string | null;
}

export interface PendingReceiptsTable {
  channel: Channel;
  provider_message_id: string;
  status: string;
  reason: string | null;
  received_at: Timestamp;
  /** WhatsApp Cloud's `pricing` object the receipt carried (migration 039). */
  pricing: ColumnType<
    ReportedPricing | null,
    ReportedPricing | string | null | undefined,
    ReportedPricing | string | null
  >;
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

/**
 * A broadcast's deliveries by status, kept by triggers on `deliveries` (migrations 011, 016):
 * one row per broadcast, channel, status, fallback or not, and database connection that changed
 * them.
 * Read the sum over `writer`.
 */
export interface BroadcastCountsTable {
  broadcast_id: string;
  /** Since migration 016: the counts by channel too. */
  channel: Channel;
  status: DeliveryStatus;
  /** Deliveries that replace one on an earlier channel; the others are one per recipient. */
  fallback: boolean;
  /** Since migration 018: deliveries the quiet-hours gate holds (`deferred_until` set). */
  deferred: boolean;
  /** The backend pid of the connection that added to it; 0 for the migration's own count. */
  writer: number;
  /** A bigint: `pg` reads it as a string. */
  n: string;
}

/**
 * Every move of a delivery, written by triggers on `deliveries` (migration 015), never by
 * the hub's code: its planning and each change of status, attempts or reason.
 */
export interface DeliveryEventsTable {
  delivery_id: string;
  /** Orders one delivery's moves: row locks make them take their numbers in turn. */
  seq: Generated<string>;
  status: DeliveryStatus;
  /** Null for the planning (the insert). */
  previous_status: DeliveryStatus | null;
  attempts: number;
  reason: string | null;
  provider_message_id: string | null;
  /** The delivery's `updated_at` after the move. */
  at: Timestamp;
}

/** The tables of the delivery module. */
export interface DeliveryTables {
  deliveries: DeliveriesTable;
  delivery_events: DeliveryEventsTable;
  broadcast_counts: BroadcastCountsTable;
  pending_receipts: PendingReceiptsTable;
  pacing: PacingTable;
  circuit_breakers: CircuitBreakersTable;
}

export type DeliveryRow = Selectable<DeliveriesTable>;
export type NewDelivery = Insertable<DeliveriesTable>;

/**
 * The columns of `broadcasts` the delivery module moves in the same statement that checks
 * its deliveries: completing a broadcast when none is left to send (`completeIfDone`), and
 * reopening it when a fallback plans a send after completion. The broadcasts module owns the
 * table; delivery reads and writes no other column of it.
 */
type BroadcastLifecycle = {
  broadcasts: {
    id: string;
    channels: Channel[];
    status: string;
    expanded: boolean;
    updated_at: Timestamp;
  };
};

/** What the delivery module's code sees: the platform's tables, its own, and the lifecycle view. */
type View = PlatformTables & DeliveryTables & BroadcastLifecycle;

/** Opens a database handle as the delivery module's view (see `tablesView`). */
export const own = tablesView<DeliveryTables & BroadcastLifecycle>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
