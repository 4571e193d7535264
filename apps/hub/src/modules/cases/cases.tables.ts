import type { CaseResponseTimes } from '@safenet/core';
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';
import type { ReporterFeedback } from './cases.intake.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** A case (migration 034). */
export interface CasesTable {
  id: string;
  number: string;
  /** The organisation whose specialists handle it. */
  org_id: string;
  intake_org_id: string;
  concerned_org_id: Nullable<string>;
  /** Hidden from this organisation and its subtree (conflict of interest). */
  excluded_org_id: Nullable<string>;
  state: string;
  severity: string;
  category: string;
  platform: string;
  assignee_id: Nullable<string>;
  report_count: number;
  acknowledge_by: Timestamp;
  resolve_by: Timestamp;
  acknowledged_at: Nullable<Date>;
  closed_at: Nullable<Date>;
  reject_reason: Nullable<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A contact a reporter chose to leave. */
export interface StoredReporterContact {
  email?: string;
  phone?: string;
  name?: string;
}

/** One report of a case (034). */
export interface CaseReportsTable {
  id: string;
  case_id: string;
  reference: string;
  source: string;
  category: string;
  platform: string;
  description: string;
  language: string;
  place: Nullable<string>;
  /** The canonical links, as given order. */
  links: Json<string[]>;
  /** A keyed hash of who sent it (random for an anonymous form report). */
  reporter_hash: string;
  contact: ColumnType<StoredReporterContact | null, string | null, string | null>;
  feedback: ColumnType<ReporterFeedback | null, string | null, string | null>;
  received_at: Timestamp;
}

/** One canonical link of a case (034). */
export interface CaseLinksTable {
  case_id: string;
  sha256: string;
  url: string;
  host: string;
}

/** One referral (034). */
export interface CaseReferralsTable {
  id: string;
  case_id: string;
  target: string;
  recipient: string;
  summary: string;
  sent_at: Timestamp;
  answer: Nullable<string>;
  answered_at: Nullable<Date>;
  created_by: Nullable<string>;
}

/** One routing rule of an organisation (034). */
export interface CaseRoutingRulesTable {
  id: string;
  org_id: string;
  position: number;
  scope_org_id: string;
  categories: ColumnType<string[] | null, string | null, string | null>;
  target_org_id: string;
}

/** An organisation's response times (034). */
export interface CaseResponseTimesTable {
  org_id: string;
  times: Json<CaseResponseTimes>;
  updated_at: Timestamp;
}

/** One audit entry (034); append-only. */
export interface CaseAuditTable {
  seq: Generated<string>;
  case_id: string;
  org_id: string;
  at: Timestamp;
  actor: string | null;
  action: string;
  detail: Json<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

/** The tables of the cases module. */
export interface CasesTables {
  cases: CasesTable;
  case_reports: CaseReportsTable;
  case_links: CaseLinksTable;
  case_referrals: CaseReferralsTable;
  case_routing_rules: CaseRoutingRulesTable;
  case_response_times: CaseResponseTimesTable;
  case_audit: CaseAuditTable;
}

/** Other modules' columns the cases module reads: who may be assigned, organisation codes. */
interface ForeignColumns {
  users: { id: string; org_id: string; role: string; disabled: boolean };
  organisations: { code: string | null; name: string };
}

export type CaseRow = Selectable<CasesTable>;
export type CaseReportRow = Selectable<CaseReportsTable>;

type View = PlatformTables & CasesTables & ForeignColumns;

/** Opens a database handle as the cases module's view (see `tablesView`). */
export const own = tablesView<CasesTables & ForeignColumns>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
