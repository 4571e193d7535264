import type { Hotline, HotlineInput, HotlineListQuery, HotlinePatch } from '@safenet/core';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope, notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import {
  deleteHotlineRow,
  insertHotline,
  listHotlines,
  toHotline,
  updateHotline,
  visibleHotline,
} from './hotlines.store.js';
import type { Db, Executor } from './hotlines.tables.js';

/** Every organisation a line serves must be in the caller's subtree (404 otherwise). */
async function checkServes(db: Executor, auth: AuthContext, serves: readonly string[]) {
  for (const orgId of serves) await orgInScope(db, auth, orgId);
}

/**
 * The lines the caller may see: kept in their subtree, or serving their organisation or one
 * above it (a school sees its province's line and the national one), filtered.
 */
export async function listVisibleHotlines(
  db: Executor,
  auth: AuthContext,
  query: z.output<typeof HotlineListQuery>,
): Promise<Page<Hotline>> {
  const servingPath = query.orgId ? (await orgInScope(db, auth, query.orgId)).path : undefined;
  return listHotlines(
    db,
    auth.orgPath,
    { purpose: query.purpose, language: query.language, servingPath },
    { cursor: query.cursor, limit: query.limit },
  );
}

/** One line the caller may see (see {@link listVisibleHotlines}), or 404. */
export async function getHotline(db: Executor, auth: AuthContext, id: string): Promise<Hotline> {
  const row = await visibleHotline(db, auth.orgPath, id);
  if (!row) throw notFound('hotline', id);
  return toHotline(row);
}

/**
 * Adds a line kept by an organisation of the caller's subtree, serving organisations of that
 * subtree (404 for any outside it).
 */
export async function createHotline(
  db: Db,
  auth: AuthContext,
  input: z.output<typeof HotlineInput>,
): Promise<Hotline> {
  await orgInScope(db, auth, input.orgId);
  await checkServes(db, auth, input.serves);
  return toHotline(await insertHotline(db, input, new Date()));
}

/**
 * Changes a line kept in the caller's subtree (404 otherwise: a line that only serves them
 * is someone else's to change). Checked and written in one transaction.
 */
export async function patchHotline(
  db: Db,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof HotlinePatch>,
): Promise<Hotline> {
  return db.transaction().execute(async (trx) => {
    const current = await findInScope(trx, auth, 'hotlines', id);
    if (patch.serves) await checkServes(trx, auth, patch.serves);
    return toHotline(await updateHotline(trx, current.id, patch, new Date()));
  });
}

/** Deletes a line kept in the caller's subtree (404 otherwise). */
export async function deleteHotline(db: Db, auth: AuthContext, id: string): Promise<void> {
  const current = await findInScope(db, auth, 'hotlines', id);
  await deleteHotlineRow(db, current.id);
}
