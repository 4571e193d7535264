import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle, ExecutorHandle } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';

/** One thing the sweep chose to send and is about to record: what a test's hook sees. */
export type FollowUpStep =
  | {
      kind: 'reminder';
      campaignId: string;
      reminderKey: string;
      /** The items it reminds of (several for a digest), in order. */
      itemKeys: string[];
      zone: string;
      at: Date;
    }
  | { kind: 'escalation'; campaignId: string; itemKey: string; zone: string; dueDate: string };

/** What the reminders module needs of the hub. */
export interface RemindersDeps {
  db: DatabaseHandle;
  bus: EventBus;
  boss: PgBoss;
  /** The hub's clock, epoch ms. */
  now(): number;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  /**
   * A reminder missed by less than this (the hub was down) still goes; older ones are not
   * sent late. The calendar's grace, `SAFENET_CALENDAR_GRACE`.
   */
  graceMs: number;
  /**
   * Runs in the transaction of each reminder or escalation, after the sweep chose it and
   * before it is recorded: a seam for tests that hold two processes there at once.
   * Production leaves it out.
   */
  beforeRecord?(step: FollowUpStep, trx: ExecutorHandle): Promise<void>;
}
