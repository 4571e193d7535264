import { SafenetError } from '@safenet/core';
import type { Kysely, Selectable } from 'kysely';
import {
  type Executor,
  type OrganisationTreeTable,
  type PlatformTables,
  platformDb,
} from '../database/schema.js';
import type { AuthContext } from './auth.js';
import { inSubtree } from './scope.js';

/** The 404 for a record outside the caller's subtree — the same as for one that never existed. */
export function notFound(what: string, id: string): SafenetError {
  return new SafenetError('not_found', `No ${what} ${id} in your organisation's subtree`);
}

/** Loads an organisation the caller may act for (its place in the tree), or fails with 404. */
export async function orgInScope<DB extends PlatformTables>(
  db: Executor<DB>,
  auth: AuthContext,
  orgId: string,
): Promise<Selectable<OrganisationTreeTable>> {
  const org = await platformDb(db)
    .selectFrom('organisations')
    .select(['id', 'parent_id', 'path', 'created_at'])
    .where('id', '=', orgId)
    .where(inSubtree('organisations.id', auth.orgId))
    .executeTakeFirst();
  if (!org) throw notFound('organisation', orgId);
  return org;
}

/** A table whose rows belong to an organisation through `org_id`. */
type OrgOwned = { id: string; org_id: string };

/**
 * Loads a record of a module's `table` in the caller's subtree, or fails with 404 naming it
 * by the table's singular (`segments` → "segment").
 */
export async function findInScope<DB, T extends keyof DB & string>(
  db: Executor<DB>,
  auth: AuthContext,
  table: T,
  id: string,
): Promise<Selectable<DB[T]>> {
  // Only `id` and `org_id` are read here, which every org-owned table has.
  const owned = db as unknown as Kysely<{ owned: OrgOwned }>;
  const row = await owned
    .selectFrom(table as 'owned')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree(`${table}.org_id`, auth.orgId))
    .executeTakeFirst();
  if (!row) throw notFound(table.replace(/s$/, ''), id);
  return row as Selectable<DB[T]>;
}
