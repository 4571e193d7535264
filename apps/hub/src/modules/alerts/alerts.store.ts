import type {
  Alert,
  AlertActor,
  AlertCode,
  AlertSeverity,
  AlertState,
  AlertSubjectType,
} from '@safenet/core';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { AlertRow, Executor } from './alerts.tables.js';

// Rows become API records here and nowhere else.

function actor(kind: string | null, id: string | null): AlertActor | null {
  return kind === null ? null : { kind: kind as AlertActor['kind'], id };
}

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    orgId: row.org_id,
    code: row.code as AlertCode,
    severity: row.severity as AlertSeverity,
    subject: { type: row.subject_type as AlertSubjectType, id: row.subject_id },
    message: row.message,
    state: row.state as AlertState,
    createdAt: row.created_at.toISOString(),
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: actor(row.acknowledged_by_kind, row.acknowledged_by_id),
    resolvedAt: iso(row.resolved_at),
    resolvedBy: actor(row.resolved_by_kind, row.resolved_by_id),
  };
}

/** A new alert's row; `dedupe_key` set makes the insert a no-op when the fact is raised. */
export interface NewAlertRow {
  id: string;
  org_id: string;
  code: AlertCode;
  severity: AlertSeverity;
  subject_type: AlertSubjectType;
  subject_id: string;
  message: string;
  dedupe_key: string | null;
  created_at: Date;
  /** The frozen policy, as JSON; null: it never escalates. */
  escalation_policy: string | null;
  escalation_step: number | null;
  escalation_run: number | null;
  escalation_due_at: Date | null;
}

/** Inserts an alert; null when one with the same dedupe key exists already. */
export async function insertAlertRow(db: Executor, row: NewAlertRow): Promise<AlertRow | null> {
  const inserted = await db
    .insertInto('alerts')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').where('dedupe_key', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? null;
}

/** One alert of the subtree of `rootOrgId`, locked for a move when asked. */
export async function alertRow(
  db: Executor,
  id: string,
  rootOrgId: string,
  options: { forUpdate?: boolean } = {},
): Promise<AlertRow | undefined> {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree('alerts.org_id', rootOrgId))
    .$if(options.forUpdate === true, (q) => q.forUpdate())
    .executeTakeFirst();
}

export interface AlertFilters {
  state?: AlertState | undefined;
  code?: AlertCode | undefined;
  severity?: AlertSeverity | undefined;
}

/** A page of the alerts of the subtree of `rootOrgId`, newest first. */
export function alertRowsPage(
  db: Executor,
  rootOrgId: string,
  filters: AlertFilters,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Alert>> {
  const query = db
    .selectFrom('alerts')
    .selectAll()
    .where(inSubtree('alerts.org_id', rootOrgId))
    .$if(filters.state !== undefined, (q) => q.where('state', '=', filters.state as string))
    .$if(filters.code !== undefined, (q) => q.where('code', '=', filters.code as string))
    .$if(filters.severity !== undefined, (q) =>
      q.where('severity', '=', filters.severity as string),
    );
  return keysetPage(query, page, toAlert, 'desc');
}

/** Moves an alert to `to` by `by` at `at`; acknowledging a resolved one is not a move. */
export async function moveAlertRow(
  db: Executor,
  id: string,
  to: 'acknowledged' | 'resolved',
  by: AlertActor,
  at: Date,
): Promise<AlertRow> {
  const set =
    to === 'acknowledged'
      ? { state: to, acknowledged_at: at, acknowledged_by_kind: by.kind, acknowledged_by_id: by.id }
      : { state: to, resolved_at: at, resolved_by_kind: by.kind, resolved_by_id: by.id };
  // Someone is on it: the escalation ladder stops (the sweep also checks the state).
  const stop = { escalation_due_at: null };
  return db
    .updateTable('alerts')
    .set({ ...set, ...stop })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Resolves, as the hub, the unresolved alerts with `code` about a subject (its cause is gone);
 * returns them as they became.
 */
export async function resolveSubjectRows(
  db: Executor,
  code: AlertCode,
  subject: { type: AlertSubjectType; id: string },
  at: Date,
): Promise<AlertRow[]> {
  return db
    .updateTable('alerts')
    .set({
      state: 'resolved',
      resolved_at: at,
      resolved_by_kind: 'system',
      resolved_by_id: null,
      escalation_due_at: null,
    })
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .where('code', '=', code)
    .where('state', '<>', 'resolved')
    .returningAll()
    .execute();
}
