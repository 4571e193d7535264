import { CHANNELS, SafenetError, type SegmentCount, type SegmentQuery } from '@safenet/core';
import { type Selectable, sql } from 'kysely';
import type { Database, Executor } from '../../modules/database.js';
import type { AuthContext } from '../../modules/organisations/api-keys.js';
import { reachableSql, segmentSql } from '../../modules/segments/segment-sql.js';
import { inSubtree } from './scope.js';

/** Tables whose rows belong to an organisation through `org_id`. */
type ScopedTable = 'contacts' | 'segments' | 'recommendations' | 'campaigns' | 'broadcasts';

const NOUN: Record<ScopedTable | 'organisations', string> = {
  organisations: 'organisation',
  contacts: 'contact',
  segments: 'segment',
  recommendations: 'recommendation',
  campaigns: 'campaign',
  broadcasts: 'broadcast',
};

/** The 404 for a record outside the caller's subtree — the same as for one that never existed. */
export function notFound(what: string, id: string): SafenetError {
  return new SafenetError('not_found', `No ${what} ${id} in your organisation's subtree`);
}

/** Loads an organisation the caller may act for, or fails with 404. */
export async function orgInScope(db: Executor, auth: AuthContext, orgId: string) {
  const org = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', orgId)
    .where(inSubtree('organisations.id', auth.orgId))
    .executeTakeFirst();
  if (!org) throw notFound(NOUN.organisations, orgId);
  return org;
}

/** Loads a record of `table` in the caller's subtree, or fails with 404. */
export async function findInScope<T extends ScopedTable>(
  db: Executor,
  auth: AuthContext,
  table: T,
  id: string,
): Promise<Selectable<Database[T]>> {
  const row = await db
    .selectFrom(table as ScopedTable)
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree(`${table}.org_id`, auth.orgId))
    .executeTakeFirst();
  if (!row) throw notFound(NOUN[table], id);
  return row as Selectable<Database[T]>;
}

/** Counts a segment's contacts under `orgId`, in total and per reachable channel. */
export async function countSegment(
  db: Executor,
  orgId: string,
  query: SegmentQuery,
): Promise<SegmentCount> {
  const row = await db
    .selectFrom('contacts')
    .select(sql<number>`count(*)::int`.as('total'))
    .select(
      CHANNELS.map((c) => sql<number>`(count(*) filter (where ${reachableSql(c)}))::int`.as(c)),
    )
    .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
    .where(segmentSql(query))
    .executeTakeFirstOrThrow();
  const counts = row as unknown as Record<string, number>;
  return {
    total: counts.total ?? 0,
    reachable: Object.fromEntries(CHANNELS.map((c) => [c, counts[c] ?? 0])),
  };
}
