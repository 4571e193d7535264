import type { Db } from '../../modules/database.js';

/**
 * The path (ids from the root) of an organisation, cached: organisations never move, so a
 * path read once stays true.
 */
export function createOrgPathCache(db: Db): (orgId: string) => Promise<readonly string[]> {
  const paths = new Map<string, readonly string[]>();
  return async (orgId) => {
    let path = paths.get(orgId);
    if (!path) {
      const row = await db
        .selectFrom('organisations')
        .select('path')
        .where('id', '=', orgId)
        .executeTakeFirstOrThrow();
      path = row.path;
      paths.set(orgId, path);
    }
    return path;
  };
}

/** The id of the root organisation (the first created without a parent). */
export async function rootOrgId(db: Db): Promise<string> {
  const root = await db
    .selectFrom('organisations')
    .select('id')
    .where('parent_id', 'is', null)
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  return root.id;
}
