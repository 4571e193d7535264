import type { PlanDeadlines } from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import type { DatabaseHandle, ExecutorHandle } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';

/** One occurrence the sweep is about to record: what a test's hook sees. */
export interface FireCandidate {
  announcementId: string;
  version: number;
  key: string;
}

/** What the calendar module needs of the hub. */
export interface CalendarDeps {
  db: DatabaseHandle;
  boss: PgBoss;
  bus: EventBus;
  /** The hub's clock, epoch ms. */
  now(): number;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  /** How late an occurrence may still fire (`SAFENET_CALENDAR_GRACE`), in ms. */
  graceMs: number;
  /**
   * The campaign's activity plan (its items' keys and deadlines), read in the caller's
   * transaction: what `item.deadline` anchors count from. The `plans` module answers
   * (`planDeadlines`, wired in `modules/index.ts`).
   */
  planOf(db: ExecutorHandle, campaignId: string): Promise<PlanDeadlines>;
  /**
   * Runs inside the fire step, after the re-read and before the occurrence is recorded: a
   * seam for tests that hold two processes there at once. Production leaves it out.
   */
  beforeRecord?(candidate: FireCandidate, trx: ExecutorHandle): Promise<void>;
}
