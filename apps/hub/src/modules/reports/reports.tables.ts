import type {
  LocalizedText,
  NudgeKind,
  OrganisationKind,
  ReportActor,
  ReportAuditAction,
  ReportField,
  ReportNudges,
  ReportSchedule,
  ReportValues,
  SubmissionState,
} from '@safenet/core';
import type { ColumnType, Kysely, Transaction } from 'kysely';
import {
  type Executor as ExecutorOf,
  type Json,
  type OptionalTimestamp,
  type PlatformTables,
  type Timestamp,
  tablesView,
} from '../../platform/database/schema.js';
import type { ReportLinksTable } from './report-links.tables.js';

export interface ReportFormsTable {
  id: string;
  org_id: string;
  key: string;
  campaign_id: string | null;
  title: Json<LocalizedText>;
  description: Json<LocalizedText | null>;
  fields: Json<ReportField[]>;
  schedule: Json<ReportSchedule>;
  /** Kinds of organisation that approve, lowest first (migration 028). */
  approval_levels: ColumnType<OrganisationKind[], string | undefined, string>;
  /** The form's nudges, null for none (migration 029). */
  nudges: ColumnType<ReportNudges | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An assignee as written: one organisation, or every `all_of` beneath `under_org_id`. */
export interface ReportAssigneesTable {
  form_id: string;
  position: number;
  org_id: string | null;
  all_of: string | null;
  under_org_id: string | null;
}

/** The current submission of (form, period, organisation). */
export interface ReportSubmissionsTable {
  id: string;
  form_id: string;
  period_key: string;
  org_id: string;
  state: SubmissionState;
  values: Json<ReportValues>;
  version: number;
  first_submitted_at: OptionalTimestamp;
  submitted_at: OptionalTimestamp;
  on_time: boolean | null;
  updated_at: Timestamp;
  updated_by: Json<ReportActor>;
}

/** Every version a submission was, append-only. */
export interface ReportSubmissionVersionsTable {
  submission_id: string;
  version: number;
  state: SubmissionState;
  values: Json<ReportValues>;
  changed: string[];
  comment: string | null;
  at: Timestamp;
  by: Json<ReportActor>;
}

/** An organisation allowed to submit after a period's lock, until `until`. */
export interface ReportExceptionsTable {
  form_id: string;
  period_key: string;
  org_id: string;
  until: Timestamp;
  granted_at: Timestamp;
  granted_by: Json<ReportActor>;
}

/** An organisation's approval of a period's reports of its subtree: the lock below it. */
export interface ReportApprovalsTable {
  form_id: string;
  period_key: string;
  org_id: string;
  approved_at: Timestamp;
  approved_by: Json<ReportActor>;
}

/**
 * One nudge sent: a reminder (`before`) to `org_id`, or a digest (`after`) naming `org_id` to
 * its parent `parent_id` (migration 029). Its key makes it once.
 */
export interface ReportNudgesFiredTable {
  form_id: string;
  period_key: string;
  org_id: string;
  kind: NudgeKind;
  offset_days: number;
  parent_id: string | null;
  fired_at: Timestamp;
  broadcast_id: string | null;
}

/** The append-only audit log (a trigger refuses UPDATE and DELETE). */
export interface ReportAuditTable {
  id: string;
  form_id: string;
  period_key: string | null;
  org_id: string;
  action: ReportAuditAction;
  actor: Json<ReportActor>;
  at: Timestamp;
  detail: Json<Record<string, unknown>>;
}

/**
 * Column views of other modules' tables, read in the same statement as the reports': the
 * expected set and the roll-up join each organisation's kind, name, code and zone to the
 * assignees and submissions in one query (a roll-up over 10,000 schools is a few statements,
 * not one call per school); a form's campaign is checked to be its owner's or beneath it.
 * Read only.
 */
interface ForeignColumns {
  organisations: {
    kind: string;
    name: string;
    code: string | null;
    time_zone: string;
    default_language: string;
    parent_id: string | null;
  };
  campaigns: { id: string; org_id: string };
}

/** The tables of the reports module. */
export interface ReportsTables {
  report_forms: ReportFormsTable;
  report_assignees: ReportAssigneesTable;
  report_submissions: ReportSubmissionsTable;
  report_submission_versions: ReportSubmissionVersionsTable;
  report_exceptions: ReportExceptionsTable;
  report_approvals: ReportApprovalsTable;
  report_audit: ReportAuditTable;
  report_links: ReportLinksTable;
  report_nudges_fired: ReportNudgesFiredTable;
}

type View = PlatformTables & ReportsTables & ForeignColumns;

/** Opens a database handle as the reports module's view (see `tablesView`). */
export const own = tablesView<ReportsTables & ForeignColumns>();
export type Db = Kysely<View>;
export type Tx = Transaction<View>;
export type Executor = ExecutorOf<View>;
