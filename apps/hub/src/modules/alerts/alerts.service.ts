import {
  ALERT_CODES,
  type Alert,
  type AlertActor,
  type AlertCode,
  type AlertListQuery,
  type AlertSubjectType,
  SafenetError,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import type { DatabaseHandle, ExecutorHandle } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { type AuthContext, requireAnyScope } from '../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import {
  alertRow,
  alertRowsPage,
  insertAlertRow,
  moveAlertRow,
  resolveSubjectRows,
  toAlert,
} from './alerts.store.js';
import { type AlertRow, type Executor, own } from './alerts.tables.js';
import { resolvePolicy } from './escalation.policy.js';

/** What the alerts' service needs of the hub. */
export interface AlertsDeps {
  db: DatabaseHandle;
  bus: EventBus;
  /** The hub's clock, epoch ms. */
  now(): number;
  orgPathOf(orgId: string): Promise<readonly string[]>;
}

/** What raising or resolving an alert needs: the bus, the clock and the tree's paths. */
export type RaiseDeps = Pick<AlertsDeps, 'bus' | 'now' | 'orgPathOf'>;

/** What a module says when it raises an alert; severity and subject type come from the code. */
export interface AlertRaise {
  orgId: string;
  code: AlertCode;
  subjectId: string;
  message: string;
  /**
   * Names the fact, where the raiser can (`plan_item_overdue:<campaign>/<item>/<org>@<due>`):
   * raising it again — another process, a later sweep — raises nothing.
   */
  dedupeKey?: string;
}

async function publish(deps: RaiseDeps, db: Executor, row: AlertRow): Promise<void> {
  await deps.bus.publish(
    {
      orgPath: await deps.orgPathOf(row.org_id),
      event: {
        type: 'alert',
        orgId: row.org_id,
        at: row.created_at.toISOString(),
        data: {
          alertId: row.id,
          code: row.code as AlertCode,
          severity: row.severity as Alert['severity'],
          subject: { type: row.subject_type as AlertSubjectType, id: row.subject_id },
          message: row.message,
        },
      },
    },
    db,
  );
}

/**
 * Raises an alert in `db` (pass the transaction that makes its cause, so both commit or
 * neither): stores it and publishes it on the stream as `alert`. Returns it, or null when its
 * dedupe key was raised before.
 */
export async function raiseAlert(
  deps: RaiseDeps,
  db: ExecutorHandle,
  raise: AlertRaise,
): Promise<Alert | null> {
  const entry = ALERT_CODES[raise.code];
  const executor = own(db);
  const createdAt = new Date(deps.now());
  // Frozen now: a later change of the organisation's policy does not touch this alert.
  const { policy } = await resolvePolicy(
    executor,
    await deps.orgPathOf(raise.orgId),
    entry.severity,
  );
  const first = policy?.steps[0];
  const row = await insertAlertRow(executor, {
    id: uuidv7(),
    org_id: raise.orgId,
    code: raise.code,
    severity: entry.severity,
    subject_type: entry.subject,
    subject_id: raise.subjectId,
    message: raise.message,
    dedupe_key: raise.dedupeKey ?? null,
    created_at: createdAt,
    escalation_policy: policy === null ? null : JSON.stringify(policy),
    escalation_step: first ? 0 : null,
    escalation_run: first ? 0 : null,
    escalation_due_at: first ? new Date(createdAt.getTime() + first.afterMinutes * 60_000) : null,
  });
  if (!row) return null;
  await publish(deps, executor, row);
  return toAlert(row);
}

/**
 * Resolves, as the hub, the unresolved alerts with `code` about `subjectId` (their cause went:
 * the plan item was marked done). Returns how many it resolved.
 */
export async function resolveAlertsOf(
  deps: Pick<AlertsDeps, 'now'>,
  db: ExecutorHandle,
  code: AlertCode,
  subjectId: string,
): Promise<number> {
  const subject = { type: ALERT_CODES[code].subject, id: subjectId };
  const rows = await resolveSubjectRows(own(db), code, subject, new Date(deps.now()));
  return rows.length;
}

/** One page of the alerts of the caller's subtree (or of `orgId`'s inside it), newest first. */
export async function listAlerts(
  deps: AlertsDeps,
  auth: AuthContext,
  query: z.output<typeof AlertListQuery>,
): Promise<Page<Alert>> {
  const { limit, cursor, orgId, ...filters } = query;
  const db = own(deps.db);
  const root = orgId === undefined ? auth.orgId : (await orgInScope(db, auth, orgId)).id;
  return alertRowsPage(db, root, filters, { limit, cursor });
}

/** One alert of the caller's subtree, or 404. */
export async function getAlert(deps: AlertsDeps, auth: AuthContext, id: string): Promise<Alert> {
  const row = await alertRow(own(deps.db), id, auth.orgId);
  if (!row) throw notFound('alert', id);
  return toAlert(row);
}

function actorOf(auth: AuthContext): AlertActor {
  return auth.actor.kind === 'user'
    ? { kind: 'user', id: auth.actor.userId }
    : { kind: 'key', id: auth.actor.apiKeyId };
}

/**
 * Acknowledges (someone is on it) or resolves an alert of the caller's subtree (the `write` or
 * the `cases` scope; the route itself asks only `read`). Repeating a
 * move changes nothing; acknowledging a resolved alert is a 409 `alert_state_conflict`.
 */
export async function moveAlert(
  deps: AlertsDeps,
  auth: AuthContext,
  id: string,
  to: 'acknowledged' | 'resolved',
): Promise<Alert> {
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const row = await alertRow(trx, id, auth.orgId, { forUpdate: true });
      if (!row) throw notFound('alert', id);
      // People who write act on alerts, and specialists, whose alerts are about cases.
      requireAnyScope(auth, ['write', 'cases']);
      if (row.state === to) return toAlert(row);
      if (row.state === 'resolved') {
        throw new SafenetError(
          'alert_state_conflict',
          `Alert ${id} is resolved already: it cannot be acknowledged; a new occurrence raises a new alert`,
        );
      }
      return toAlert(await moveAlertRow(trx, id, to, actorOf(auth), new Date(deps.now())));
    });
}
