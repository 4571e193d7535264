import { SafenetError } from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * SQL that holds when the organisation in `orgIdColumn` lies in the subtree of `rootOrgId`.
 * Every tenant query goes through this: records outside the subtree do not exist for the caller.
 */
export function inSubtree(orgIdColumn: string, rootOrgId: string): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(orgIdColumn)} in (select id from organisations where ${rootOrgId}::uuid = any(path))`;
}

/** Keyset cursor: the last id of the previous page, opaque to clients. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) {
    throw new SafenetError(
      'invalid_cursor',
      'The cursor is not one this API gave out: pass nextCursor from the previous page unchanged',
    );
  }
  return id;
}

/** Cuts a page fetched with `limit + 1` rows into items and the next cursor. */
export function toPage<Row extends { id: string }, T>(
  rows: Row[],
  limit: number,
  map: (row: Row) => T,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
  };
}
