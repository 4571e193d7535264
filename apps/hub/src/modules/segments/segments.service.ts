import {
  SafenetError,
  type SegmentCount,
  type SegmentDryRunInput,
  type SegmentInput,
  type SegmentQuery,
} from '@safenet/core';
import type { z } from 'zod';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope, orgInScope } from '../../platform/tenancy/lookups.js';
import { countSegment } from '../contacts/index.js';
import {
  deleteSegmentRow,
  insertSegment,
  segmentIsUsed,
  segmentNamed,
  toSegment,
} from './segments.store.js';
import { type Executor, own, type SegmentRow } from './segments.tables.js';

/** Every organisation a query names must be one the caller can see. */
async function checkQueryScope(db: Executor, auth: AuthContext, query: SegmentQuery) {
  for (const orgId of query.underOrgIds ?? []) await orgInScope(db, auth, orgId);
}

/**
 * Saves a segment of an organisation of the caller's subtree; the organisations its query
 * names must be in that subtree too (404 otherwise).
 */
export async function createSegment(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof SegmentInput>,
): Promise<SegmentRow> {
  const { orgId, name, query } = input;
  await orgInScope(db, auth, orgId);
  await checkQueryScope(db, auth, query);
  return insertSegment(db, { orgId, name, query });
}

/** Counts who a query would reach under an organisation of the caller's subtree (a dry run). */
export async function countSegmentQuery(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof SegmentDryRunInput>,
): Promise<SegmentCount> {
  const { orgId, query } = input;
  await orgInScope(db, auth, orgId);
  await checkQueryScope(db, auth, query);
  return countSegment(share(db), orgId, query);
}

/** Counts who a saved segment of the caller's subtree reaches now. */
export async function countSavedSegment(
  db: Executor,
  auth: AuthContext,
  id: string,
): Promise<SegmentCount> {
  const segment = toSegment(await findInScope(db, auth, 'segments', id));
  return countSegment(share(db), segment.orgId, segment.query);
}

/**
 * Deletes a segment of the caller's subtree (404 otherwise) that no broadcast used;
 * `conflict` when one did.
 */
export async function deleteSegment(db: Executor, auth: AuthContext, id: string): Promise<void> {
  const segment = await findInScope(db, auth, 'segments', id);
  if (await segmentIsUsed(db, segment.id)) {
    // Broadcasts keep a copy of the query, but the row anchors their history.
    throw new SafenetError('conflict', 'A broadcast used this segment; it is kept for the record');
  }
  await deleteSegmentRow(db, segment.id);
}

/** A segment of the caller's subtree (404 otherwise), e.g. the audience of a new broadcast. */
export function findSegment(
  db: ExecutorHandle | Executor,
  auth: AuthContext,
  id: string,
): Promise<SegmentRow> {
  return findInScope(own(db), auth, 'segments', id);
}

/**
 * A saved segment by id, whoever asks (undefined when it was deleted): for a worker comparing
 * what was approved with the segment as it stands now.
 */
export function segmentById(
  db: ExecutorHandle | Executor,
  id: string,
): Promise<SegmentRow | undefined> {
  return own(db).selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Changes a segment of the caller's subtree (404 otherwise): its name, its query, or both; the
 * organisations a new query names must be in the subtree too. Broadcasts already sending keep
 * the query they froze; a large send's approval tied to the old query is void (the expand
 * worker compares them before planning).
 */
export async function updateSegment(
  db: Executor,
  auth: AuthContext,
  id: string,
  patch: { name?: string | undefined; query?: SegmentQuery | undefined },
): Promise<SegmentRow> {
  const segment = await findInScope(db, auth, 'segments', id);
  if (patch.query) await checkQueryScope(db, auth, patch.query);
  return db
    .updateTable('segments')
    .set({
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.query === undefined ? {} : { query: JSON.stringify(patch.query) }),
    })
    .where('id', '=', segment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The saved segment of `orgId` with this name and query: found, or — `create` — saved now
 * (undefined when absent and not created). For audiences the hub names itself, such as a
 * programme file's announcement audience: the same name and query find the same segment on
 * every load. The caller vouches for the organisations the query names.
 */
export async function segmentOf(
  handle: ExecutorHandle,
  input: { orgId: string; name: string; query: SegmentQuery },
  options: { create: boolean },
): Promise<string | undefined> {
  const db = own(handle);
  const found = await segmentNamed(db, input);
  if (found || !options.create) return found;
  return (await insertSegment(db, input)).id;
}
