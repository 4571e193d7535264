import type {
  ReportAssignee,
  ReportField,
  ReportForm,
  ReportFormInput,
  ReportNudges,
  ReportSchedule,
  ReportValues,
} from '@safenet/core';
import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Executor, ReportFormsTable } from './reports.tables.js';

/** Report forms and their assignees: the module's SQL (submissions: reports.submissions.store.ts). */

export type FormRow = Selectable<ReportFormsTable>;

// Rows become API records here and nowhere else.
export function toReportForm(row: FormRow): ReportForm {
  return {
    id: row.id,
    orgId: row.org_id,
    key: row.key,
    campaignId: row.campaign_id,
    title: row.title,
    description: row.description,
    fields: row.fields,
    schedule: row.schedule,
    approvalLevels: row.approval_levels,
    nudges: row.nudges,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** A form with its owner's place in the tree and zone. */
export type FormWithOwner = FormRow & { owner_path: string[]; owner_time_zone: string };

/**
 * The form `id` with its owner's path, locked until the transaction ends when asked: `update`
 * by a change of the form, `share` by a submission (submissions do not wait for each other;
 * a change waits for them, and they for it, so answers are always checked against the fields
 * a change reads them against).
 */
export function formRow(
  db: Executor,
  id: string,
  lock?: 'update' | 'share',
): Promise<FormWithOwner | undefined> {
  return db
    .selectFrom('report_forms')
    .innerJoin('organisations', 'organisations.id', 'report_forms.org_id')
    .selectAll('report_forms')
    .select(['organisations.path as owner_path', 'organisations.time_zone as owner_time_zone'])
    .where('report_forms.id', '=', id)
    .$if(lock === 'update', (q) => q.forUpdate('report_forms'))
    .$if(lock === 'share', (q) => q.forShare('report_forms'))
    .executeTakeFirst();
}

/** The forms an organisation of `path` may see: owned in its subtree or above it. */
export function visibleForms(path: readonly string[]): Expression<SqlBool> {
  const orgId = path.at(-1) as string;
  return sql<SqlBool>`(report_forms.org_id = any(${[...path]}::uuid[])
    or report_forms.org_id in (select id from organisations where ${orgId}::uuid = any(path)))`;
}

/**
 * The forms of campaign `campaignId` with one of `keys` that an organisation of `path` may
 * see, with their owners' paths and zones: what a campaign's targets read.
 */
export function campaignFormsByKey(
  db: Executor,
  campaignId: string,
  keys: readonly string[],
  path: readonly string[],
): Promise<FormWithOwner[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('report_forms')
    .innerJoin('organisations', 'organisations.id', 'report_forms.org_id')
    .selectAll('report_forms')
    .select(['organisations.path as owner_path', 'organisations.time_zone as owner_time_zone'])
    .where('report_forms.campaign_id', '=', campaignId)
    .where('report_forms.key', 'in', [...keys])
    .where(visibleForms(path))
    .orderBy('report_forms.id')
    .execute();
}

export type FormInput = z.output<typeof ReportFormInput>;

/** Inserts a form; a key its owner already uses raises the unique violation (23505). */
export function insertForm(db: Executor, input: FormInput, now: Date): Promise<FormRow> {
  return db
    .insertInto('report_forms')
    .values({
      id: uuidv7(),
      org_id: input.orgId,
      key: input.key,
      campaign_id: input.campaignId,
      title: JSON.stringify(input.title),
      description: input.description === undefined ? null : JSON.stringify(input.description),
      fields: JSON.stringify(input.fields),
      schedule: JSON.stringify(input.schedule),
      approval_levels: JSON.stringify(input.approvalLevels),
      nudges: input.nudges === null ? null : JSON.stringify(input.nudges),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Writes a form's changed texts, fields or schedule. */
export function updateForm(
  db: Executor,
  id: string,
  change: {
    title?: unknown;
    description?: unknown;
    fields?: readonly ReportField[];
    schedule?: ReportSchedule;
    approvalLevels?: readonly string[];
    nudges?: ReportNudges | null;
  },
  now: Date,
): Promise<FormRow> {
  const json = (value: unknown) => (value === null ? null : JSON.stringify(value));
  return db
    .updateTable('report_forms')
    .set({
      ...(change.title !== undefined ? { title: JSON.stringify(change.title) } : {}),
      ...(change.description !== undefined ? { description: json(change.description) } : {}),
      ...(change.fields !== undefined ? { fields: JSON.stringify(change.fields) } : {}),
      ...(change.schedule !== undefined ? { schedule: JSON.stringify(change.schedule) } : {}),
      ...(change.approvalLevels !== undefined
        ? { approval_levels: JSON.stringify(change.approvalLevels) }
        : {}),
      ...(change.nudges !== undefined ? { nudges: json(change.nudges) } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Whether campaign `campaignId` belongs to `ownerId` or an organisation beneath it. */
export async function campaignOfOwner(
  db: Executor,
  campaignId: string,
  ownerId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('campaigns')
    .innerJoin('organisations', 'organisations.id', 'campaigns.org_id')
    .select('campaigns.id')
    .where('campaigns.id', '=', campaignId)
    .where(sql<SqlBool>`${ownerId}::uuid = any(organisations.path)`)
    .executeTakeFirst();
  return row !== undefined;
}

/** The current values of every submission of a form (a field change checks them). */
export async function formValues(db: Executor, formId: string): Promise<ReportValues[]> {
  const rows = await db
    .selectFrom('report_submissions')
    .select('values')
    .where('form_id', '=', formId)
    .execute();
  return rows.map((r) => r.values);
}

/** The period keys a form's submissions are filed under. */
export async function submittedPeriodKeys(db: Executor, formId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('report_submissions')
    .select('period_key')
    .distinct()
    .where('form_id', '=', formId)
    .execute();
  return rows.map((r) => r.period_key);
}

// --- Assignment ---

/** A form's assignees, in order. */
export async function assigneesOf(db: Executor, formId: string): Promise<ReportAssignee[]> {
  const rows = await db
    .selectFrom('report_assignees')
    .selectAll()
    .where('form_id', '=', formId)
    .orderBy('position')
    .execute();
  return rows.map((r) =>
    r.org_id !== null
      ? { orgId: r.org_id }
      : ({ allOf: r.all_of, under: r.under_org_id } as ReportAssignee),
  );
}

/** Replaces a form's assignees (inside the caller's transaction). */
export async function replaceAssignees(
  db: Executor,
  formId: string,
  assignees: readonly ReportAssignee[],
): Promise<void> {
  await db.deleteFrom('report_assignees').where('form_id', '=', formId).execute();
  if (assignees.length === 0) return;
  await db
    .insertInto('report_assignees')
    .values(
      assignees.map((a, position) => ({
        form_id: formId,
        position,
        org_id: 'orgId' in a ? a.orgId : null,
        all_of: 'allOf' in a ? a.allOf : null,
        under_org_id: 'allOf' in a ? a.under : null,
      })),
    )
    .execute();
}

/** Of `ids`, those that are `ownerId` or beneath it. */
export async function inOwnerTree(
  db: Executor,
  ownerId: string,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', [...ids])
    .where(sql<SqlBool>`${ownerId}::uuid = any(path)`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * SQL that holds when the organisation aliased `o` is expected to report on `formId`: listed
 * by id, or of a kind a rule names strictly beneath the rule's organisation — read against
 * the tree as it is.
 */
export function expectedSql(formId: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (
    select 1 from report_assignees a
     where a.form_id = ${formId}
       and (a.org_id = o.id
            or (a.all_of = o.kind and a.under_org_id = any(o.path) and a.under_org_id <> o.id)))`;
}

/** The organisations of `rootId`'s subtree expected to report on `formId`: one query. */
export async function expectedIn(db: Executor, formId: string, rootId: string): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select o.id from organisations o
     where ${rootId}::uuid = any(o.path) and ${expectedSql(formId)}`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** Whether `orgId` is expected to report on `formId`. */
export async function isExpected(db: Executor, formId: string, orgId: string): Promise<boolean> {
  const rows = await sql<{ id: string }>`
    select o.id from organisations o where o.id = ${orgId} and ${expectedSql(formId)}`.execute(db);
  return rows.rows.length > 0;
}

/** An organisation as a submission's checks read it. */
export function orgOf(db: Executor, orgId: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'path', 'kind', 'name', 'code', 'time_zone', 'default_language'])
    .where('id', '=', orgId)
    .executeTakeFirst();
}
