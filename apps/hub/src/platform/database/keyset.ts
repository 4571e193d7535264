import { SafenetError } from '@safenet/core';
import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';

/** Keyset cursor: the last id of the previous page, opaque to clients. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

const INVALID_CURSOR =
  'The cursor is not one this API gave out: pass nextCursor from the previous page unchanged';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The id a cursor stands for; `invalid_cursor` for one this API did not give out. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) {
    throw new SafenetError('invalid_cursor', INVALID_CURSOR);
  }
  return id;
}

/**
 * Keyset cursor of a list sorted by more than its id (a date, then ids): the last row's sort
 * key, opaque to clients.
 */
export function encodeKeyCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key a cursor of `encodeKeyCursor` stands for, checked by `shape`; `invalid_cursor` otherwise. */
export function decodeKeyCursor<T>(cursor: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const parsed = shape.safeParse(key);
  if (!parsed.success) throw new SafenetError('invalid_cursor', INVALID_CURSOR);
  return parsed.data;
}

/** One page of a list: its items and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Runs `query` as one page of a keyset-paginated list: rows after the cursor's id, in id
 * order (`desc`: newest first, since ids are UUIDv7), `limit` of them, mapped with `map`.
 * Reads `limit + 1` rows to know whether a next page exists. Every list of the API pages
 * this way.
 */
export async function keysetPage<DB, TB extends keyof DB, Row extends { id: string }, T>(
  query: SelectQueryBuilder<DB, TB, Row>,
  page: { cursor?: string | undefined; limit: number },
  map: (row: Row) => T,
  order: 'asc' | 'desc' = 'asc',
): Promise<Page<T>> {
  const after = decodeCursor(page.cursor);
  const beyond = order === 'asc' ? sql`>` : sql`<`;
  const rows = (await query
    .$if(after !== undefined, (q) => q.where(sql<SqlBool>`${sql.ref('id')} ${beyond} ${after}`))
    .orderBy(sql.ref('id'), order)
    .limit(page.limit + 1)
    .execute()) as Row[];
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null,
  };
}
