import {
  type CaseCategory,
  type CaseResponseTimes,
  type CaseResponseTimesInForce,
  type CaseRouteRule,
  type CaseRoutingInput,
  type CaseRoutingView,
  type CaseSeverity,
  DEFAULT_CASE_RESPONSE_TIMES,
  SafenetError,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { orgInScope } from '../../platform/tenancy/lookups.js';
import { requireCaseSettings } from './cases.access.js';
import { type Executor, own } from './cases.tables.js';

/**
 * An organisation's case settings: routing rules (where cases about its subtree go) and
 * response times (how soon its cases must be triaged and resolved), each read up the tree.
 */

/** Paths of `ids`, by id. */
export async function pathsOf(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organisations')
    .select(['id', 'path'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row.path]));
}

/**
 * The rules that may route a case about an organisation on `path`: those scoped to one of its
 * ancestors (or itself), set by whoever — deeper owners first, then in their order.
 */
export async function routeRulesFor(
  db: Executor,
  path: readonly string[],
): Promise<CaseRouteRule[]> {
  const rows = await db
    .selectFrom('case_routing_rules')
    .innerJoin('organisations as owner', 'owner.id', 'case_routing_rules.org_id')
    .select([
      'case_routing_rules.scope_org_id',
      'case_routing_rules.categories',
      'case_routing_rules.target_org_id',
      'case_routing_rules.position',
      'owner.path as owner_path',
    ])
    .where('case_routing_rules.scope_org_id', 'in', [...path])
    .execute();
  rows.sort((a, b) => b.owner_path.length - a.owner_path.length || a.position - b.position);
  return rows.map((row) => ({
    scopeOrgId: row.scope_org_id,
    categories: row.categories as CaseCategory[] | null,
    targetOrgId: row.target_org_id,
  }));
}

/** The response times in force for an organisation on `path`: the nearest set, or the defaults. */
export async function responseTimesFor(
  db: Executor,
  path: readonly string[],
): Promise<{ times: CaseResponseTimes; definedBy: string | null }> {
  if (path.length === 0) return { times: DEFAULT_CASE_RESPONSE_TIMES, definedBy: null };
  const rows = await db
    .selectFrom('case_response_times')
    .select(['org_id', 'times'])
    .where('org_id', 'in', [...path])
    .execute();
  for (const orgId of [...path].reverse()) {
    const row = rows.find((r) => r.org_id === orgId);
    if (row) return { times: row.times, definedBy: orgId };
  }
  return { times: DEFAULT_CASE_RESPONSE_TIMES, definedBy: null };
}

/** When a case of `severity` opened at `openedAt` must be triaged and resolved by. */
export function clocksFor(times: CaseResponseTimes, severity: CaseSeverity, openedAt: Date) {
  const t = times[severity];
  return {
    acknowledge_by: new Date(openedAt.getTime() + t.acknowledgeMinutes * 60_000),
    resolve_by: new Date(openedAt.getTime() + t.resolveMinutes * 60_000),
  };
}

/** The routing rules an organisation set (not those above it). */
export async function getRouting(
  db: DatabaseHandle,
  auth: AuthContext,
  orgId: string,
): Promise<CaseRoutingView> {
  const q = own(db);
  await orgInScope(q, auth, orgId);
  const rows = await q
    .selectFrom('case_routing_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('position')
    .execute();
  return {
    orgId,
    rules: rows.map((row) => ({
      id: row.id,
      scopeOrgId: row.scope_org_id,
      categories: row.categories as CaseCategory[] | null,
      targetOrgId: row.target_org_id,
    })),
  };
}

/**
 * Replaces an organisation's routing rules, whole. Each rule's scope and target must lie in
 * the organisation's subtree: an organisation routes its own cases, never another's, and never
 * sends them above itself.
 */
export async function putRouting(
  db: DatabaseHandle,
  auth: AuthContext,
  orgId: string,
  input: z.output<typeof CaseRoutingInput>,
): Promise<CaseRoutingView> {
  requireCaseSettings(auth);
  await own(db)
    .transaction()
    .execute(async (trx) => {
      await orgInScope(trx, auth, orgId);
      const named = input.rules.flatMap((r) => [r.scopeOrgId, r.targetOrgId]);
      const paths = await pathsOf(trx, named);
      input.rules.forEach((rule, index) => {
        for (const [field, id] of [
          ['scopeOrgId', rule.scopeOrgId],
          ['targetOrgId', rule.targetOrgId],
        ] as const) {
          if (!paths.get(id)?.includes(orgId)) {
            throw new SafenetError(
              'case_routing_invalid',
              `rules[${index}].${field}: ${id} is not in this organisation's subtree — an organisation routes the cases about its own subtree to organisations of its subtree`,
            );
          }
        }
      });
      await trx.deleteFrom('case_routing_rules').where('org_id', '=', orgId).execute();
      if (input.rules.length > 0) {
        await trx
          .insertInto('case_routing_rules')
          .values(
            input.rules.map((rule, position) => ({
              id: uuidv7(),
              org_id: orgId,
              position,
              scope_org_id: rule.scopeOrgId,
              categories: rule.categories === null ? null : JSON.stringify(rule.categories),
              target_org_id: rule.targetOrgId,
            })),
          )
          .execute();
      }
    });
  return getRouting(db, auth, orgId);
}

/** The response times in force for an organisation, and which organisation set them. */
export async function getResponseTimes(
  db: DatabaseHandle,
  auth: AuthContext,
  orgId: string,
): Promise<CaseResponseTimesInForce> {
  const q = own(db);
  const org = await orgInScope(q, auth, orgId);
  return { orgId, ...(await responseTimesFor(q, org.path)) };
}

/**
 * Sets an organisation's response times (its subtree inherits them unless it sets its own), or
 * with `null` removes them so it inherits again. Cases already open keep their clocks.
 */
export async function putResponseTimes(
  db: DatabaseHandle,
  auth: AuthContext,
  orgId: string,
  times: CaseResponseTimes | null,
  now: Date,
): Promise<CaseResponseTimesInForce> {
  requireCaseSettings(auth);
  const q = own(db);
  await orgInScope(q, auth, orgId);
  for (const severity of Object.keys(times ?? {}) as CaseSeverity[]) {
    const t = times?.[severity];
    if (t && t.acknowledgeMinutes > t.resolveMinutes) {
      throw new SafenetError(
        'validation_failed',
        `times.${severity}: acknowledgeMinutes (${t.acknowledgeMinutes}) is after resolveMinutes (${t.resolveMinutes}) — a case is triaged before it is resolved`,
      );
    }
  }
  if (times === null) {
    await q.deleteFrom('case_response_times').where('org_id', '=', orgId).execute();
  } else {
    await q
      .insertInto('case_response_times')
      .values({ org_id: orgId, times: JSON.stringify(times), updated_at: now })
      .onConflict((oc) =>
        oc.column('org_id').doUpdateSet({ times: JSON.stringify(times), updated_at: now }),
      )
      .execute();
  }
  return getResponseTimes(db, auth, orgId);
}
