import type { ReportActor, ReportApproval, SubmissionState } from '@safenet/core';
import { type SqlBool, sql } from 'kysely';
import { expectedSql } from './reports.store.js';
import type { SubmissionKey } from './reports.submissions.store.js';
import type { Executor } from './reports.tables.js';

/** Approvals of a period's reports: the module's SQL for them. */

export type PeriodKey = { formId: string; periodKey: string };

/** An approval with the approving organisation's name and place in the tree. */
export interface ApprovalRow {
  orgId: string;
  orgName: string;
  path: string[];
  approvedAt: Date;
  approvedBy: ReportActor;
}

function approvalsQuery(db: Executor, key: PeriodKey) {
  return db
    .selectFrom('report_approvals')
    .innerJoin('organisations', 'organisations.id', 'report_approvals.org_id')
    .select([
      'report_approvals.org_id as orgId',
      'organisations.name as orgName',
      'organisations.path as path',
      'report_approvals.approved_at as approvedAt',
      'report_approvals.approved_by as approvedBy',
    ])
    .where('report_approvals.form_id', '=', key.formId)
    .where('report_approvals.period_key', '=', key.periodKey);
}

/** The approvals of the period by `path`'s organisations (the organisation and those above). */
export function approvalsOnPath(
  db: Executor,
  key: PeriodKey,
  path: readonly string[],
): Promise<ApprovalRow[]> {
  return approvalsQuery(db, key)
    .where('report_approvals.org_id', 'in', [...path])
    .orderBy('report_approvals.approved_at')
    .execute();
}

/** The approvals of the period that the caller at `path` may see: above it or beneath it. */
export function approvalsSeenFrom(
  db: Executor,
  key: PeriodKey,
  path: readonly string[],
): Promise<ApprovalRow[]> {
  const orgId = path.at(-1) as string;
  return approvalsQuery(db, key)
    .where(
      sql<SqlBool>`(report_approvals.org_id = any(${[...path]}::uuid[])
        or ${orgId}::uuid = any(organisations.path))`,
    )
    .orderBy('report_approvals.approved_at')
    .orderBy('organisations.path')
    .execute();
}

export async function insertApproval(
  db: Executor,
  key: SubmissionKey,
  at: Date,
  by: ReportActor,
): Promise<void> {
  await db
    .insertInto('report_approvals')
    .values({
      form_id: key.formId,
      period_key: key.periodKey,
      org_id: key.orgId,
      approved_at: at,
      approved_by: JSON.stringify(by),
    })
    .execute();
}

export async function deleteApproval(db: Executor, key: SubmissionKey): Promise<void> {
  await db
    .deleteFrom('report_approvals')
    .where('form_id', '=', key.formId)
    .where('period_key', '=', key.periodKey)
    .where('org_id', '=', key.orgId)
    .execute();
}

export function toApproval(key: PeriodKey, row: ApprovalRow): ReportApproval {
  return {
    formId: key.formId,
    periodKey: key.periodKey,
    orgId: row.orgId,
    approvedAt: row.approvedAt.toISOString(),
    approvedBy: row.approvedBy,
  };
}

/** An organisation of the subtree as the approval rule reads it. */
export interface SubtreeOrg {
  id: string;
  name: string;
  kind: string;
  path: string[];
  expected: boolean;
}

/**
 * What the rule needs to know of `rootId`'s subtree, in three statements however large it
 * is: its expected organisations and those of an approving kind, the period's submission
 * states, and its approvals.
 */
export async function subtreePicture(
  db: Executor,
  key: PeriodKey,
  rootId: string,
  levels: readonly string[],
): Promise<{
  orgs: SubtreeOrg[];
  states: Map<string, SubmissionState>;
  approved: Set<string>;
}> {
  const orgs = await sql<SubtreeOrg>`
    select o.id, o.name, o.kind, o.path, ${expectedSql(key.formId)} as expected
      from organisations o
     where ${rootId}::uuid = any(o.path)
       and (o.kind = any(${[...levels]}::text[]) or ${expectedSql(key.formId)})`.execute(db);
  const submissions = await db
    .selectFrom('report_submissions')
    .innerJoin('organisations', 'organisations.id', 'report_submissions.org_id')
    .select(['report_submissions.org_id', 'report_submissions.state'])
    .where('report_submissions.form_id', '=', key.formId)
    .where('report_submissions.period_key', '=', key.periodKey)
    .where('report_submissions.version', '>', 0)
    .where(sql<SqlBool>`${rootId}::uuid = any(organisations.path)`)
    .execute();
  const approvals = await db
    .selectFrom('report_approvals')
    .innerJoin('organisations', 'organisations.id', 'report_approvals.org_id')
    .select('report_approvals.org_id')
    .where('report_approvals.form_id', '=', key.formId)
    .where('report_approvals.period_key', '=', key.periodKey)
    .where(sql<SqlBool>`${rootId}::uuid = any(organisations.path)`)
    .execute();
  return {
    orgs: orgs.rows,
    states: new Map(submissions.map((s) => [s.org_id, s.state])),
    approved: new Set(approvals.map((a) => a.org_id)),
  };
}
