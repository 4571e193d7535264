import type { DeliveryStatus } from './delivery.schema.js';

/**
 * Progress along the happy path. Receipts may arrive late, twice or out of order; a
 * status only ever moves to a higher rank, so replays converge on the same final state.
 */
const RANK: Record<DeliveryStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  // Terminal outcomes outrank the whole happy path before them but are never left.
  failed: 5,
  suppressed: 5,
  captured: 5,
  cancelled: 5,
};

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
  failed: [],
  suppressed: [],
  captured: [],
  cancelled: [],
};

/** True when nothing can happen to a delivery in this status any more. */
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
