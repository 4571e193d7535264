import type { QuietHours } from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import type { EventBus } from '../../platform/events/event-bus.js';
import type { ChannelRegistry, PhoneHolding } from '../channels/index.js';
import type { UnsubscribeLinks } from '../consent/index.js';
import type { AttachmentFiles } from '../content/index.js';
import type { CircuitBreakers } from './circuit-breakers.js';
import type { DeliveryMetrics } from './delivery.metrics.js';
import type { Db } from './delivery.tables.js';
import type { Interleave } from './interleave.js';
import type { SendSpacing } from './pacing.js';
import type { ProgressReporter } from './progress.js';

/** What the expand and send workers need. */
export interface DispatchDeps {
  db: Db;
  boss: PgBoss;
  channels: ChannelRegistry;
  /** Where each phone is held: its sends go to the worker holding it. */
  phones: PhoneHolding;
  bus: EventBus;
  progress: ProgressReporter;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  /** How long one provider call may take before it counts as a temporary failure. */
  sendTimeoutMs: number;
  /** Makes the unsubscribe link each email carries. */
  unsubscribe: UnsubscribeLinks;
  /** The files of a recommendation's version, with their public links (content module). */
  files: AttachmentFiles;
  /** Keeps this process's sends on each paced channel apart (see {@link SendSpacing}). */
  spacing: SendSpacing;
  /** Each channel's circuit breaker, shared through the database (see {@link CircuitBreakers}). */
  breakers: CircuitBreakers;
  /**
   * How long a delivery waits for a provider that fails for its own reasons before it fails
   * `provider_unavailable` (`SAFENET_OUTAGE_HORIZON_HOURS`).
   */
  outageHorizonMs: number;
  /**
   * Quiet hours of recipients whose organisations set none up their tree
   * (`SAFENET_QUIET_HOURS`); null: none.
   */
  quietHours: QuietHours | null;
  /** Epoch milliseconds: when retries and held messages are due. Tests move it by hand. */
  now(): number;
  /** Called for failures that are not a delivery's fate (a bug, the database going away). */
  onError(error: unknown, context: string): void;
  /** Logs what an operator reads when diagnosing (a provider's refusal), at debug level. */
  debug(detail: Record<string, unknown>, message: string): void;
  /** Counts sends, receipts, fallbacks and pacing waits (`deliveryMetrics`). */
  metrics: DeliveryMetrics;
  /** Tests only: runs other work at the receipt path's interleaving points. */
  interleave?: Interleave;
}
