import type {
  AlertEscalation,
  AlertSeverity,
  EscalationChannel,
  EscalationPolicy,
} from '@safenet/core';
import type { AlertRow, Executor } from './alerts.tables.js';

/** The escalation settings of the organisations `orgIds` for `severity` (all when left out). */
export function policyRows(db: Executor, orgIds: readonly string[], severity?: AlertSeverity) {
  return db
    .selectFrom('alert_escalation_policies')
    .select(['org_id', 'severity', 'policy'])
    .where('org_id', 'in', orgIds.length === 0 ? [''] : [...orgIds])
    .$if(severity !== undefined, (q) => q.where('severity', '=', severity as string))
    .execute();
}

/**
 * Replaces an organisation's settings: a severity given is stored (`null`: none), one left out
 * is deleted so it inherits again.
 */
export async function replacePolicies(
  db: Executor,
  orgId: string,
  policies: Partial<Record<AlertSeverity, EscalationPolicy | null>>,
  now: Date,
): Promise<void> {
  await db.deleteFrom('alert_escalation_policies').where('org_id', '=', orgId).execute();
  const rows = Object.entries(policies)
    .filter(([, policy]) => policy !== undefined)
    .map(([severity, policy]) => ({
      org_id: orgId,
      severity,
      policy: policy === null ? null : JSON.stringify(policy),
      updated_at: now,
    }));
  if (rows.length > 0) await db.insertInto('alert_escalation_policies').values(rows).execute();
}

/** The open alerts whose next step is due at `now`, oldest due first. */
export function dueAlerts(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('alerts')
    .select(['id', 'escalation_step', 'escalation_run'])
    .where('state', '=', 'open')
    .where('escalation_due_at', 'is not', null)
    .where('escalation_due_at', '<=', now)
    .orderBy('escalation_due_at')
    .limit(limit)
    .execute();
}

/** One alert, locked: what a step and a move of the alert take in turn. */
export function lockedAlert(db: Executor, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Records a step taken; false when it was recorded before (another process took it). */
export async function recordEscalation(db: Executor, taken: AlertEscalation): Promise<boolean> {
  const row = await db
    .insertInto('alert_escalations')
    .values({
      alert_id: taken.alertId,
      run: taken.run,
      step: taken.step,
      org_id: taken.orgId,
      broadcast_id: taken.broadcastId,
      channels: taken.channels,
      at: new Date(taken.at),
    })
    .onConflict((oc) => oc.columns(['alert_id', 'run', 'step']).doNothing())
    .returning('alert_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Sets the alert's next step, or ends its ladder (`null`). */
export async function setNextStep(
  db: Executor,
  id: string,
  next: { step: number; run: number; dueAt: Date } | null,
): Promise<void> {
  await db
    .updateTable('alerts')
    .set({
      escalation_step: next?.step ?? null,
      escalation_run: next?.run ?? null,
      escalation_due_at: next?.dueAt ?? null,
    })
    .where('id', '=', id)
    .execute();
}

/** The steps taken for an alert, in order. */
export async function escalationsOf(db: Executor, alertId: string): Promise<AlertEscalation[]> {
  const rows = await db
    .selectFrom('alert_escalations')
    .selectAll()
    .where('alert_id', '=', alertId)
    .orderBy('run')
    .orderBy('step')
    .execute();
  return rows.map((row) => ({
    alertId: row.alert_id,
    step: row.step,
    run: row.run,
    orgId: row.org_id,
    broadcastId: row.broadcast_id,
    channels: row.channels as EscalationChannel[],
    at: row.at.toISOString(),
  }));
}
