import { describe, expect, it } from 'vitest';
import { DELIVERY_STATUSES, type DeliveryStatus } from './delivery.schema.js';
import { applyStatus, canTransition, isTerminal, statusesBefore } from './transitions.js';

/** The happy path, in order, as the lifecycle documents it. */
const HAPPY_PATH: readonly DeliveryStatus[] = ['queued', 'sending', 'sent', 'delivered', 'read'];
/** Outcomes that end a delivery off the happy path. */
const OUTCOMES: readonly DeliveryStatus[] = ['failed', 'suppressed', 'captured', 'cancelled'];
const TERMINAL: readonly DeliveryStatus[] = ['read', ...OUTCOMES];
/** Terminal and never left: `failed` alone can still learn it was delivered after all. */
const FINAL: readonly DeliveryStatus[] = TERMINAL.filter((status) => status !== 'failed');

/** Every ordering of `items` (duplicates give repeated orderings, which is fine here). */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  const result: T[][] = [];
  items.forEach((item, i) => {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) result.push([item, ...tail]);
  });
  return result;
}

function applyAll(start: DeliveryStatus, receipts: readonly DeliveryStatus[]): DeliveryStatus {
  return receipts.reduce(applyStatus, start);
}

describe('isTerminal', () => {
  it('is true exactly for read and the off-path outcomes', () => {
    for (const status of DELIVERY_STATUSES) {
      expect(isTerminal(status), status).toBe(TERMINAL.includes(status));
    }
  });
});

describe('canTransition', () => {
  it('follows the happy path one step at a time', () => {
    for (let i = 0; i + 1 < HAPPY_PATH.length; i++) {
      const from = HAPPY_PATH[i] as DeliveryStatus;
      const to = HAPPY_PATH[i + 1] as DeliveryStatus;
      expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
    }
  });

  it('only moves forward: never back along the happy path, never to the same status', () => {
    for (const [i, from] of HAPPY_PATH.entries()) {
      for (const to of HAPPY_PATH.slice(0, i + 1)) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
      }
    }
    for (const status of DELIVERY_STATUSES) expect(canTransition(status, status)).toBe(false);
  });

  it('never leaves a final status', () => {
    for (const from of FINAL) {
      for (const to of DELIVERY_STATUSES) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
      }
    }
  });

  it('does not skip sending: a queued delivery has not been handed to a provider', () => {
    expect(canTransition('queued', 'sent')).toBe(false);
    expect(canTransition('queued', 'delivered')).toBe(false);
    expect(canTransition('queued', 'read')).toBe(false);
    expect(canTransition('queued', 'captured')).toBe(false);
  });

  it('lets receipts overtake the provider’s answer: sending → delivered / read', () => {
    expect(canTransition('sending', 'delivered')).toBe(true);
    expect(canTransition('sending', 'read')).toBe(true);
    expect(canTransition('sent', 'read')).toBe(true);
  });

  it('cancels or suppresses only what has not been handed over yet', () => {
    for (const to of ['cancelled', 'suppressed'] as const) {
      expect(canTransition('queued', to)).toBe(true);
      expect(canTransition('sending', to)).toBe(true);
      expect(canTransition('sent', to)).toBe(false);
      expect(canTransition('delivered', to)).toBe(false);
    }
  });

  it('fails from any status before delivery, not after', () => {
    expect(canTransition('queued', 'failed')).toBe(true);
    expect(canTransition('sending', 'failed')).toBe(true);
    expect(canTransition('sent', 'failed')).toBe(true);
    expect(canTransition('delivered', 'failed')).toBe(false);
  });

  it('lets every non-terminal status reach a terminal one', () => {
    for (const from of DELIVERY_STATUSES.filter((s) => !isTerminal(s))) {
      const seen = new Set<DeliveryStatus>([from]);
      const todo = [from];
      while (todo.length > 0) {
        const at = todo.pop() as DeliveryStatus;
        for (const to of DELIVERY_STATUSES) {
          if (canTransition(at, to) && !seen.has(to)) {
            seen.add(to);
            todo.push(to);
          }
        }
      }
      expect([...seen].some(isTerminal), from).toBe(true);
    }
  });
});

describe('applyStatus', () => {
  it('takes an allowed move and ignores everything else', () => {
    for (const from of DELIVERY_STATUSES) {
      for (const to of DELIVERY_STATUSES) {
        expect(applyStatus(from, to), `${from} + ${to}`).toBe(canTransition(from, to) ? to : from);
      }
    }
  });

  it('ignores late receipts', () => {
    expect(applyStatus('delivered', 'sent')).toBe('delivered');
    expect(applyStatus('read', 'delivered')).toBe('read');
    expect(applyStatus('sent', 'sending')).toBe('sent');
  });

  it('leaves failed only for a delivery receipt', () => {
    for (const to of DELIVERY_STATUSES) {
      expect(canTransition('failed', to), `failed → ${to}`).toBe(
        to === 'delivered' || to === 'read',
      );
    }
  });

  it('never changes a final status', () => {
    for (const from of FINAL) {
      for (const incoming of DELIVERY_STATUSES) {
        expect(applyStatus(from, incoming), `${from} + ${incoming}`).toBe(from);
      }
    }
  });

  it('converges on the furthest receipt whatever the order, with replays', () => {
    const receiptSets: DeliveryStatus[][] = [
      ['sent'],
      ['sent', 'delivered'],
      ['sent', 'read'],
      ['delivered', 'read'],
      ['sent', 'delivered', 'read'],
      ['sent', 'sent', 'delivered'],
      ['sent', 'delivered', 'read', 'delivered', 'sent'],
      ['read', 'read', 'sent', 'delivered', 'delivered', 'sent'],
    ];
    for (const start of ['sending', 'sent'] as const) {
      for (const receipts of receiptSets) {
        // The furthest along the happy path that is not behind the start.
        const furthest = [start, ...receipts].reduce((a, b) =>
          HAPPY_PATH.indexOf(b) > HAPPY_PATH.indexOf(a) ? b : a,
        );
        const orders = permutations(receipts);
        expect(orders.length).toBeGreaterThanOrEqual(1);
        for (const order of orders) {
          expect(applyAll(start, order), `${start} + ${order.join(', ')}`).toBe(furthest);
        }
      }
    }
  });

  it('converges on failed when a send fails after being accepted, whatever the order', () => {
    for (const order of permutations<DeliveryStatus>(['sent', 'failed', 'sent', 'failed'])) {
      expect(applyAll('sending', order), order.join(', ')).toBe('failed');
    }
  });

  it('believes a delivery receipt over a failure report, in either order', () => {
    expect(applyAll('sending', ['sent', 'delivered', 'failed'])).toBe('delivered');
    expect(applyAll('sending', ['sent', 'failed', 'delivered'])).toBe('delivered');
    expect(applyAll('sending', ['failed', 'read'])).toBe('read');
  });

  it('converges whatever the order of any mix of provider receipts', () => {
    const statuses: DeliveryStatus[] = ['sent', 'delivered', 'read', 'failed'];
    // Every non-empty subset, each receipt possibly twice.
    for (let mask = 1; mask < 16; mask++) {
      const receipts = statuses.filter((_, i) => mask & (1 << i));
      const doubled = [...receipts, ...receipts.slice(0, 1)];
      const ends = new Set(permutations(doubled).map((order) => applyAll('sending', order)));
      expect([...ends], doubled.join(', ')).toHaveLength(1);
    }
  });

  it('does not let receipts revive a cancelled or captured delivery', () => {
    for (const order of permutations<DeliveryStatus>(['sent', 'delivered', 'read'])) {
      expect(applyAll('cancelled', order)).toBe('cancelled');
      expect(applyAll('captured', order)).toBe('captured');
    }
  });
});

describe('statusesBefore', () => {
  it('lists the statuses a conditional update may start from', () => {
    expect(statusesBefore('queued')).toEqual([]);
    expect(statusesBefore('sending')).toEqual(['queued']);
    expect(statusesBefore('sent')).toEqual(['sending']);
    expect(new Set(statusesBefore('delivered'))).toEqual(new Set(['sending', 'sent', 'failed']));
    expect(new Set(statusesBefore('read'))).toEqual(
      new Set(['sending', 'sent', 'delivered', 'failed']),
    );
    expect(new Set(statusesBefore('failed'))).toEqual(new Set(['queued', 'sending', 'sent']));
    expect(statusesBefore('captured')).toEqual(['sending']);
    expect(new Set(statusesBefore('cancelled'))).toEqual(new Set(['queued', 'sending']));
  });

  it('agrees with canTransition for every pair and never includes a final status', () => {
    for (const to of DELIVERY_STATUSES) {
      const before = statusesBefore(to);
      for (const from of DELIVERY_STATUSES) {
        expect(before.includes(from), `${from} → ${to}`).toBe(canTransition(from, to));
      }
      expect(before.some((status) => FINAL.includes(status))).toBe(false);
    }
  });
});
