import {
  CASE_PERMISSION_RULES,
  type CaseAction,
  type CaseFacts,
  caseActionAllowed,
  SafenetError,
} from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { CaseRow, Executor } from './cases.tables.js';

/**
 * Who sees a case and what they may do with it. A case exists for a caller when it is routed
 * to their organisation or beneath it, and no conflict of interest hides it from them (its
 * `excluded_org_id` is not on their path); otherwise it answers 404, like a case that never
 * was. Within that, core's declared rules decide each action.
 */

/** SQL that holds for the cases `auth` sees (the `cases` table in the query). */
export function visibleTo(auth: AuthContext): Expression<SqlBool> {
  return sql<SqlBool>`(${inSubtree('cases.org_id', auth.orgId)} and (cases.excluded_org_id is null or not (cases.excluded_org_id = any(${auth.orgPath}::uuid[]))))`;
}

/** The facts core's rules ask, for `auth` and `kase` (a case they see). */
export function caseFacts(
  auth: AuthContext,
  kase: Pick<CaseRow, 'org_id' | 'assignee_id'> | null,
): CaseFacts {
  const userId = auth.actor.kind === 'user' ? auth.actor.userId : null;
  return {
    specialist: auth.scopes.includes('cases'),
    admin: auth.scopes.includes('admin'),
    assignee: kase !== null && userId !== null && kase.assignee_id === userId,
    unassigned: kase !== null && kase.assignee_id === null,
    handling: kase !== null && kase.org_id === auth.orgId,
    above: kase !== null && kase.org_id !== auth.orgId,
  };
}

/** Throws `case_action_forbidden` unless the rules let `auth` do `action` to `kase`. */
export function requireCaseAction(
  auth: AuthContext,
  kase: Pick<CaseRow, 'org_id' | 'assignee_id' | 'number'>,
  action: CaseAction,
): void {
  if (caseActionAllowed(action, caseFacts(auth, kase))) return;
  throw new SafenetError(
    'case_action_forbidden',
    `You may not ${action} case ${kase.number}: see who may in docs/reference/cases.md (the case's specialists, its assignee, or the level above)`,
  );
}

/** The case `id` as `auth` sees it (locked for update when asked), or 404. */
export async function visibleCase(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { lock?: boolean } = {},
): Promise<CaseRow> {
  const row = await db
    .selectFrom('cases')
    .selectAll()
    .where('id', '=', id)
    .where(visibleTo(auth))
    .$if(options.lock === true, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) throw notFound('case', id);
  return row;
}

/** Throws `case_action_forbidden` unless the rules let `auth` change case settings. */
export function requireCaseSettings(auth: AuthContext): void {
  if (caseActionAllowed('configure', caseFacts(auth, null))) return;
  const who = CASE_PERMISSION_RULES.configure.map((all) => all.join(' and ')).join(', or ');
  throw new SafenetError(
    'case_action_forbidden',
    `Routing rules and response times are changed by: ${who} (docs/reference/cases.md)`,
  );
}
