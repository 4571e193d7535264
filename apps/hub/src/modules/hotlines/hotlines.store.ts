import type { Hotline, HotlineInput, HotlinePatch, HotlinePurpose, Language } from '@safenet/core';
import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Executor, HotlineRow, HotlinesTable } from './hotlines.tables.js';

// Rows become API records here and nowhere else.

const iso = (date: Date) => date.toISOString();

export function toHotline(row: Selectable<HotlinesTable>): Hotline {
  return {
    id: row.id,
    orgId: row.org_id,
    number: row.number,
    e164: row.e164,
    name: row.name as Record<string, string>,
    purposes: row.purposes,
    languages: row.languages,
    hours: row.hours,
    serves: row.serves,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * The lines someone at the organisation with `orgPath` (root first, itself last) may see:
 * the ones kept in its subtree, and the ones serving it or an organisation above it.
 */
export function visibleTo(orgPath: readonly string[]): Expression<SqlBool> {
  const orgId = orgPath[orgPath.length - 1] as string;
  return sql<SqlBool>`(${inSubtree('hotlines.org_id', orgId)} or hotlines.serves && ${sql.val(orgPath)}::uuid[])`;
}

/** Filters of the directory's list. */
export interface HotlineFilters {
  purpose?: HotlinePurpose | undefined;
  language?: Language | undefined;
  /** The path of the organisation the lines must serve (it or one above it). */
  servingPath?: readonly string[] | undefined;
}

/** One page of the lines visible from `orgPath`, filtered. */
export function listHotlines(
  db: Executor,
  orgPath: readonly string[],
  filters: HotlineFilters,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Hotline>> {
  let query = db.selectFrom('hotlines').selectAll().where(visibleTo(orgPath));
  if (filters.purpose) {
    query = query.where(sql<SqlBool>`${filters.purpose}::text = any(hotlines.purposes)`);
  }
  if (filters.language) {
    query = query.where(sql<SqlBool>`${filters.language}::text = any(hotlines.languages)`);
  }
  if (filters.servingPath) {
    query = query.where(sql<SqlBool>`hotlines.serves && ${sql.val(filters.servingPath)}::uuid[]`);
  }
  return keysetPage(query, page, toHotline);
}

/** A line visible from `orgPath`, or undefined. */
export function visibleHotline(
  db: Executor,
  orgPath: readonly string[],
  id: string,
): Promise<HotlineRow | undefined> {
  return db
    .selectFrom('hotlines')
    .selectAll()
    .where('id', '=', id)
    .where(visibleTo(orgPath))
    .executeTakeFirst();
}

/**
 * The lines that may serve someone under the organisation `orgId` (path `orgPath`): those
 * serving it or an organisation above it, and those serving an organisation of its subtree.
 * What one broadcast's footers are chosen from.
 */
export function hotlinesAround(
  db: Executor,
  orgId: string,
  orgPath: readonly string[],
): Promise<HotlineRow[]> {
  return db
    .selectFrom('hotlines')
    .selectAll()
    .where(
      sql<SqlBool>`(hotlines.serves && ${sql.val(orgPath)}::uuid[] or exists (
        select 1 from organisations o where o.id = any(hotlines.serves) and ${orgId}::uuid = any(o.path)))`,
    )
    .orderBy('id')
    .execute();
}

/** Stores a line and returns its row. */
export function insertHotline(
  db: Executor,
  input: z.output<typeof HotlineInput>,
  now: Date,
): Promise<HotlineRow> {
  return db
    .insertInto('hotlines')
    .values({
      id: uuidv7(),
      org_id: input.orgId,
      number: input.number,
      e164: input.e164 ?? null,
      name: JSON.stringify(input.name),
      purposes: input.purposes,
      languages: input.languages,
      hours: input.hours ?? null,
      serves: input.serves,
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Applies a patch to the line `id`; only the fields given change. */
export function updateHotline(
  db: Executor,
  id: string,
  patch: z.output<typeof HotlinePatch>,
  now: Date,
): Promise<HotlineRow> {
  return db
    .updateTable('hotlines')
    .set({
      ...(patch.number !== undefined ? { number: patch.number } : {}),
      ...(patch.e164 !== undefined ? { e164: patch.e164 } : {}),
      ...(patch.name !== undefined ? { name: JSON.stringify(patch.name) } : {}),
      ...(patch.purposes !== undefined ? { purposes: patch.purposes } : {}),
      ...(patch.languages !== undefined ? { languages: patch.languages } : {}),
      ...(patch.hours !== undefined ? { hours: patch.hours } : {}),
      ...(patch.serves !== undefined ? { serves: patch.serves } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes the line `id`. */
export async function deleteHotlineRow(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('hotlines').where('id', '=', id).execute();
}
