import type {
  Page,
  ReportActor,
  ReportAuditAction,
  ReportAuditEntry,
  ReportAuditQuery,
} from '@safenet/core';
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage } from '../../platform/database/keyset.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { orgInSubtree, type ReportsDeps, visibleForm } from './reports.access.js';
import { type Executor, own, type ReportAuditTable } from './reports.tables.js';

/**
 * The reports' audit log: every submission, draft, return, approval, withdrawal, exception,
 * form and assignment change, appended in the transaction of the action itself (so the log
 * holds exactly what happened: an action refused or rolled back leaves no line). Append-only:
 * nothing here updates or deletes, and the table's trigger refuses it (migration 028).
 */

/** One action to record. */
export interface AuditLine {
  formId: string;
  periodKey: string | null;
  orgId: string;
  action: ReportAuditAction;
  actor: ReportActor;
  at: Date;
  detail?: Record<string, unknown>;
}

/** Appends one line to the log; call it with the action's transaction. */
export async function appendAudit(db: Executor, line: AuditLine): Promise<void> {
  await db
    .insertInto('report_audit')
    .values({
      id: uuidv7(),
      form_id: line.formId,
      period_key: line.periodKey,
      org_id: line.orgId,
      action: line.action,
      actor: JSON.stringify(line.actor),
      at: line.at,
      detail: JSON.stringify(line.detail ?? {}),
    })
    .execute();
}

function toAuditEntry(row: Selectable<ReportAuditTable>): ReportAuditEntry {
  return {
    id: row.id,
    formId: row.form_id,
    periodKey: row.period_key,
    orgId: row.org_id,
    action: row.action,
    actor: row.actor,
    at: row.at.toISOString(),
    detail: row.detail,
  };
}

/**
 * `GET /v1/report-forms/:id/audit`: the form's log, oldest first, a page at a time, for the
 * form's owner or an organisation above it (404 otherwise; the route asks for the admin
 * scope). `orgId` narrows it to one organisation of the caller's subtree.
 */
export async function listAudit(
  deps: ReportsDeps,
  auth: AuthContext,
  formId: string,
  query: z.output<typeof ReportAuditQuery>,
): Promise<Page<ReportAuditEntry>> {
  const db = own(deps.db);
  await visibleForm(db, auth, formId, { write: true });
  if (query.orgId !== undefined) await orgInSubtree(db, auth, query.orgId);
  return keysetPage(
    db
      .selectFrom('report_audit')
      .selectAll()
      .where('form_id', '=', formId)
      .$if(query.periodKey !== undefined, (q) =>
        q.where('period_key', '=', query.periodKey as string),
      )
      .$if(query.orgId !== undefined, (q) => q.where('org_id', '=', query.orgId as string)),
    query,
    toAuditEntry,
  );
}
