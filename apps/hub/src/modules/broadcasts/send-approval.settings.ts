import type { SendApprovalSetting } from '@safenet/core';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { orgInScope } from '../../platform/tenancy/lookups.js';
import type { Executor } from './broadcasts.tables.js';

/**
 * Send-approval thresholds: per organisation, read up the tree like quiet hours and case
 * response times — the organisation's own, else the nearest ancestor's, else the hub's
 * default (`SAFENET_SEND_APPROVAL_THRESHOLD`), else none.
 */

/** The threshold in force on `path` (root first), and which organisation set it. */
export async function thresholdOnPath(
  db: Executor,
  path: readonly string[],
  defaultThreshold: number | null,
): Promise<{ inForce: number | null; definedBy: string | null }> {
  const rows =
    path.length === 0
      ? []
      : await db
          .selectFrom('send_approval_thresholds')
          .select(['org_id', 'threshold'])
          .where('org_id', 'in', [...path])
          .execute();
  for (const orgId of [...path].reverse()) {
    const row = rows.find((r) => r.org_id === orgId);
    if (row) return { inForce: row.threshold, definedBy: orgId };
  }
  return { inForce: defaultThreshold, definedBy: null };
}

/** The threshold in force for the organisation `orgId`. */
export async function thresholdFor(
  db: Executor,
  orgId: string,
  defaultThreshold: number | null,
): Promise<{ inForce: number | null; definedBy: string | null }> {
  const org = await db
    .selectFrom('organisations')
    .select('path')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return thresholdOnPath(db, org.path, defaultThreshold);
}

/** An organisation's own setting and the threshold in force for it (404 outside the subtree). */
export async function getSendApproval(
  db: Executor,
  auth: AuthContext,
  orgId: string,
  defaultThreshold: number | null,
): Promise<SendApprovalSetting> {
  const org = await orgInScope(db, auth, orgId);
  const own = await db
    .selectFrom('send_approval_thresholds')
    .select('threshold')
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return {
    orgId,
    threshold: own?.threshold ?? null,
    ...(await thresholdOnPath(db, org.path, defaultThreshold)),
  };
}

/**
 * Sets an organisation's threshold (its subtree inherits it unless it sets its own), or with
 * `null` removes it so it inherits again. Broadcasts created from now on meet it; those
 * already waiting keep waiting.
 */
export async function putSendApproval(
  db: Executor,
  auth: AuthContext,
  orgId: string,
  threshold: number | null,
  defaultThreshold: number | null,
  now: Date,
): Promise<SendApprovalSetting> {
  await orgInScope(db, auth, orgId);
  if (threshold === null) {
    await db.deleteFrom('send_approval_thresholds').where('org_id', '=', orgId).execute();
  } else {
    await db
      .insertInto('send_approval_thresholds')
      .values({ org_id: orgId, threshold, updated_at: now })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ threshold, updated_at: now }))
      .execute();
  }
  return getSendApproval(db, auth, orgId, defaultThreshold);
}
