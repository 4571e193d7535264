import type { Kysely } from 'kysely';
import { type PlatformTables, platformDb } from '../database/schema.js';

/**
 * The path (ids from the root) of an organisation, cached: organisations never move, so a
 * path read once stays true.
 */
export function createOrgPathCache<DB extends PlatformTables>(
  handle: Kysely<DB>,
): (orgId: string) => Promise<readonly string[]> {
  const db = platformDb(handle);
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
export async function rootOrgId<DB extends PlatformTables>(handle: Kysely<DB>): Promise<string> {
  const root = await platformDb(handle)
    .selectFrom('organisations')
    .select('id')
    .where('parent_id', 'is', null)
    .orderBy('created_at')
    .executeTakeFirstOrThrow();
  return root.id;
}
