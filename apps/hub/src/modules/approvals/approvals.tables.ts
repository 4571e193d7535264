import type { ApprovalAction, ApprovalSubject } from '@safenet/core';
import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';

/** One entry of the approvals log (migration 036): append-only, a trigger refuses changes. */
export interface ApprovalEventsTable {
  id: string;
  org_id: string;
  subject_kind: ApprovalSubject;
  subject_id: string;
  action: ApprovalAction;
  /** `user:<id>` or `key:<id>`. */
  actor: string;
  /** The person behind the actor (`personOf`). */
  person: string;
  detail: Json<Record<string, unknown>>;
  at: Timestamp;
}

/** The tables of the approvals module. */
export interface ApprovalsTables {
  approval_events: ApprovalEventsTable;
}

export type ApprovalEventRow = Selectable<ApprovalEventsTable>;

/** What the approvals module's code sees: the platform's tables and its own. */
type View = PlatformTables & ApprovalsTables;

/** Opens a database handle as the approvals module's view (see `tablesView`). */
export const own = tablesView<ApprovalsTables>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
