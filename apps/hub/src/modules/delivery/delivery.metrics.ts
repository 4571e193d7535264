import type { Channel, DeliveryReason } from '@safenet/core';
import { Counter, Histogram, type Registry } from 'prom-client';

/**
 * What a provider answered to one send: it took the message (or the outbox kept it); it
 * refused it for good; it failed for a reason of this recipient's that may pass (a full
 * mailbox); it failed for its own reasons (5xx, 429, a timeout); or the adapter threw
 * something unforeseen (a bug).
 */
export type SendOutcome =
  | 'accepted'
  | 'rejected'
  | 'recipient_unavailable'
  | 'provider_error'
  | 'error';

/**
 * What applying one receipt did: moved its delivery; changed nothing (late, replayed or out
 * of order: the delivery had moved past it); or was kept for a send not recorded yet.
 */
export type ReceiptOutcome = 'applied' | 'stale' | 'parked';

/** Why a recipient was handed over to another channel. */
export type FallbackTrigger = DeliveryReason | 'receipt_timeout';

/** The delivery module's metrics (docs/reference/metrics.md). */
export interface DeliveryMetrics {
  /** One per provider call. */
  readonly sends: Counter<'channel' | 'provider' | 'outcome'>;
  /** One per status a provider reported (webhook or client event). */
  readonly receipts: Counter<'channel' | 'status' | 'outcome'>;
  /** One per delivery handed over, counted once its transaction committed. */
  readonly fallbacks: Counter<'channel' | 'to_channel' | 'trigger'>;
  /** Seconds a send waited for its channel's pacing before its provider was called. */
  readonly pacingWait: Histogram<'channel'>;
}

const byRegistry = new WeakMap<Registry, DeliveryMetrics>();

/**
 * The delivery metrics in `registry`, created on first use: the module and tests that drive
 * its workers by hand on the same hub count into the same counters.
 */
export function deliveryMetrics(registry: Registry): DeliveryMetrics {
  const existing = byRegistry.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: DeliveryMetrics = {
    sends: new Counter({
      name: 'safenet_sends_total',
      help: 'Messages handed to a channel’s provider (one per call), by what it answered: accepted, rejected, recipient_unavailable, provider_error or error.',
      labelNames: ['channel', 'provider', 'outcome'],
      registers,
    }),
    receipts: new Counter({
      name: 'safenet_receipts_total',
      help: 'Statuses providers reported, by status and what applying them did: applied, stale (the delivery had moved past it) or parked (its send not recorded yet).',
      labelNames: ['channel', 'status', 'outcome'],
      registers,
    }),
    fallbacks: new Counter({
      name: 'safenet_fallbacks_total',
      help: 'Recipients handed over from a channel to the broadcast’s next one (to_channel "none": no channel left), by what triggered it.',
      labelNames: ['channel', 'to_channel', 'trigger'],
      registers,
    }),
    pacingWait: new Histogram({
      name: 'safenet_pacing_wait_seconds',
      help: 'Seconds a send waited for its channel’s pacing (its slot and this process’s share of the rate) before its provider was called.',
      labelNames: ['channel'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
  };
  byRegistry.set(registry, metrics);
  return metrics;
}

/** One recipient handed over: from which channel, to which (null: none left), and why. */
export interface Handover {
  channel: Channel;
  to: Channel | null;
  trigger: FallbackTrigger;
}

/** Counts handovers once the transaction that made them has committed. */
export function countHandovers(metrics: DeliveryMetrics, handovers: readonly Handover[]): void {
  for (const { channel, to, trigger } of handovers) {
    metrics.fallbacks.inc({ channel, to_channel: to ?? 'none', trigger });
  }
}
