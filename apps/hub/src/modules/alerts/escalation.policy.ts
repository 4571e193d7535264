import {
  type AlertSeverity,
  DEFAULT_ESCALATION_POLICIES,
  type EscalationPolicy,
} from '@safenet/core';
import type { Executor } from './alerts.tables.js';
import { policyRows } from './escalation.store.js';

/** What applies to an organisation for one severity, and whose setting it is. */
export interface ResolvedPolicy {
  policy: EscalationPolicy | null;
  from: { orgId: string } | 'default';
}

/**
 * The policy that applies for `severity` at the last organisation of `orgPath` (root first):
 * the nearest organisation's setting up the tree, else the hub's default.
 */
export async function resolvePolicy(
  db: Executor,
  orgPath: readonly string[],
  severity: AlertSeverity,
): Promise<ResolvedPolicy> {
  const rows = await policyRows(db, orgPath, severity);
  const byOrg = new Map(rows.map((row) => [row.org_id, row.policy]));
  for (let i = orgPath.length - 1; i >= 0; i -= 1) {
    const orgId = orgPath[i] as string;
    if (byOrg.has(orgId)) return { policy: byOrg.get(orgId) ?? null, from: { orgId } };
  }
  return { policy: DEFAULT_ESCALATION_POLICIES[severity], from: 'default' };
}
