import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * SQL that holds when the organisation in `orgIdColumn` lies in the subtree of `rootOrgId`.
 * Every tenant query goes through this: records outside the subtree do not exist for the caller.
 */
export function inSubtree(orgIdColumn: string, rootOrgId: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(orgIdColumn)} in (select id from organisations where ${rootOrgId}::uuid = any(path))`;
}
