import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';

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
}
