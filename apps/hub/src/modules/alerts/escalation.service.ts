import {
  ALERT_SEVERITIES,
  type AlertEscalation,
  type AlertSeverity,
  type EscalationPolicies,
  type EscalationPoliciesView,
} from '@safenet/core';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import type { AlertsDeps } from './alerts.service.js';
import { alertRow } from './alerts.store.js';
import { own } from './alerts.tables.js';
import { resolvePolicy } from './escalation.policy.js';
import { escalationsOf, policyRows, replacePolicies } from './escalation.store.js';

/**
 * An organisation's escalation policies as it set them, and what applies to it for each
 * severity (its own setting, the nearest above, or the hub's default).
 */
export async function getEscalationPolicies(
  deps: AlertsDeps,
  auth: AuthContext,
  orgId: string,
): Promise<EscalationPoliciesView> {
  const db = own(deps.db);
  await orgInScope(db, auth, orgId);
  const path = await deps.orgPathOf(orgId);
  const ownRows = await policyRows(db, [orgId]);
  const mine: EscalationPolicies = {};
  for (const row of ownRows) mine[row.severity as AlertSeverity] = row.policy;
  const effective = {} as EscalationPoliciesView['effective'];
  for (const severity of ALERT_SEVERITIES) {
    effective[severity] = await resolvePolicy(db, path, severity);
  }
  return { orgId, own: mine, effective };
}

/**
 * Replaces an organisation's escalation policies. Alerts already open keep the policy frozen
 * when they opened; the new one applies to alerts raised from now on, here and beneath.
 */
export async function putEscalationPolicies(
  deps: AlertsDeps,
  auth: AuthContext,
  orgId: string,
  policies: EscalationPolicies,
): Promise<EscalationPoliciesView> {
  await own(deps.db)
    .transaction()
    .execute(async (trx) => {
      await orgInScope(trx, auth, orgId);
      await replacePolicies(trx, orgId, policies, new Date(deps.now()));
    });
  return getEscalationPolicies(deps, auth, orgId);
}

/** The escalation steps taken for an alert of the caller's subtree, in order. */
export async function listEscalations(
  deps: AlertsDeps,
  auth: AuthContext,
  alertId: string,
): Promise<AlertEscalation[]> {
  const db = own(deps.db);
  if (!(await alertRow(db, alertId, auth.orgId))) throw notFound('alert', alertId);
  return escalationsOf(db, alertId);
}
