import type { EscalationPolicy } from '@safenet/core';
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** A stored alert (migration 022). */
export interface AlertsTable {
  id: string;
  org_id: string;
  code: string;
  severity: string;
  subject_type: string;
  subject_id: string;
  message: string;
  /** Names the fact raised, where the raiser can: a second raise of it inserts nothing. */
  dedupe_key: string | null;
  /** `open` when raised. */
  state: Generated<string>;
  created_at: Timestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by_kind: string | null;
  acknowledged_by_id: string | null;
  resolved_at: Timestamp | null;
  resolved_by_kind: string | null;
  resolved_by_id: string | null;
  /** The escalation policy frozen when it opened (migration 031); null: it never escalates. */
  escalation_policy: ColumnType<EscalationPolicy | null, string | null | undefined, string | null>;
  /** The next step to take and in which run; null once the ladder ran out. */
  escalation_step: ColumnType<number | null, number | null | undefined, number | null>;
  escalation_run: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the next step is due; null once the ladder ran out or it left `open`. */
  escalation_due_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** An organisation's escalation policy for one severity; `policy` null: none (031). */
export interface AlertEscalationPoliciesTable {
  org_id: string;
  severity: string;
  policy: ColumnType<EscalationPolicy | null, string | null, string | null>;
  updated_at: Timestamp;
}

/** One escalation step taken (031). */
export interface AlertEscalationsTable {
  alert_id: string;
  run: number;
  step: number;
  org_id: string;
  broadcast_id: string;
  channels: string[];
  at: Timestamp;
}

/** The tables of the alerts module. */
export interface AlertsTables {
  alerts: AlertsTable;
  alert_escalation_policies: AlertEscalationPoliciesTable;
  alert_escalations: AlertEscalationsTable;
}

export type AlertRow = Selectable<AlertsTable>;

type View = PlatformTables & AlertsTables;

/** Opens a database handle as the alerts module's view (see `tablesView`). */
export const own = tablesView<AlertsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
