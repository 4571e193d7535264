import type { NudgeKind } from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle, ExecutorHandle } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';

/** One nudge the sweep chose to send and is about to record: what a test's hook sees. */
export interface NudgeStep {
  kind: NudgeKind;
  formId: string;
  periodKey: string;
  /** The offset, in days before (`before`) or after (`after`) the due date. */
  days: number;
  /** The zone of the organisations it goes to: the expected ones, or their parents. */
  zone: string;
}

/** What the nudges' sweep needs of the hub. */
export interface NudgesDeps {
  db: DatabaseHandle;
  bus: EventBus;
  boss: PgBoss;
  /** The hub's clock, epoch ms. */
  now(): number;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  /**
   * A nudge missed by less than this (the hub was down) still goes; older ones are not sent
   * late. The calendar's grace, `SAFENET_CALENDAR_GRACE`, as for a plan's reminders.
   */
  graceMs: number;
  /** The report links' signing key: each reminder carries its organisation's own link. */
  secret(): Promise<string>;
  /** Where the hub is, for the links' URLs. */
  publicUrl: string;
  /**
   * Runs in the transaction of each nudge, after the sweep chose it and before it is
   * recorded: a seam for tests that hold two processes there at once. Production leaves it out.
   */
  beforeRecord?(step: NudgeStep, trx: ExecutorHandle): Promise<void>;
}
