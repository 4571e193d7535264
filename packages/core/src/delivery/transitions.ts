import type { DeliveryStatus } from './delivery.schema.js';

/**
 * Progress along the happy path. Receipts may arrive late, twice or out of order; a
 * status only ever moves to a higher rank, so any order of the same receipts, replays
 * included, ends in the same state: the highest-ranked one the lifecycle can reach.
 *
 * `failed` ranks below `delivered` and `read`: a provider reporting that a message arrived
 * is believed over a report that it failed, whichever came first (out-of-order webhooks;
 * a WhatsApp ack after an error status). Without this, `delivered, failed` and
 * `failed, delivered` would end differently.
 */
const RANK: Record<DeliveryStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  failed: 3,
  delivered: 4,
  read: 5,
  // Outcomes without a provider outrank the whole happy path but are never left.
  suppressed: 6,
  captured: 6,
  cancelled: 6,
};

/** Statuses the hub acts on no more (a `failed` may still learn it was delivered after all). */
const TERMINAL: ReadonlySet<DeliveryStatus> = new Set([
  'read',
  'failed',
  'suppressed',
  'captured',
  'cancelled',
]);

/** What each status may move to. Everything else is refused. */
const NEXT: Record<DeliveryStatus, readonly DeliveryStatus[]> = {
  queued: ['sending', 'suppressed', 'cancelled', 'failed'],
  sending: ['sent', 'delivered', 'read', 'failed', 'captured', 'suppressed', 'cancelled'],
  sent: ['delivered', 'read', 'failed'],
  delivered: ['read'],
  read: [],
  failed: ['delivered', 'read'],
  suppressed: [],
  captured: [],
  cancelled: [],
};

/**
 * True when the hub will do nothing more with a delivery in this status: no send, no retry.
 * Only a late delivery receipt can still move a `failed` one (to `delivered` or `read`).
 */
export function isTerminal(status: DeliveryStatus): boolean {
  return TERMINAL.has(status);
}

/** True when a delivery may move from `from` to `to`. Staying put is not a transition. */
export function canTransition(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * The status after applying an incoming update: the update when it is a forward move,
 * otherwise the current status unchanged (late or replayed receipts are ignored).
 */
export function applyStatus(current: DeliveryStatus, incoming: DeliveryStatus): DeliveryStatus {
  return canTransition(current, incoming) && RANK[incoming] > RANK[current] ? incoming : current;
}

/** Statuses a delivery may be in when moving to `to`: for conditional SQL updates. */
export function statusesBefore(to: DeliveryStatus): DeliveryStatus[] {
  return (Object.keys(NEXT) as DeliveryStatus[]).filter((from) => canTransition(from, to));
}
