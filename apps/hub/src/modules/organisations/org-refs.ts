import { formatPath, type OrgRef } from '@safenet/core';
import { type SqlBool, sql } from 'kysely';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { own } from './organisations.tables.js';

/** An organisation a reference resolved to. */
export interface ResolvedOrg {
  id: string;
  kind: string;
  name: string;
  /** Ids from the root down to it. */
  path: string[];
}

/** One reference to resolve, and where it is in the file (`['organisers', 0, 'org']`). */
export interface OrgRefAt {
  at: readonly (string | number)[];
  ref: OrgRef;
}

/** A reference that names no organisation in reach: where, a stable code, what to fix. */
export interface OrgRefProblem {
  at: readonly (string | number)[];
  code: 'unknown_org' | 'ambiguous_org';
  message: string;
}

/** Every reference resolved (by its formatted path in the file), and every one that was not. */
export interface OrgRefResolution {
  resolved: Map<string, ResolvedOrg>;
  problems: OrgRefProblem[];
}

/**
 * Resolves organisation references (core's `OrgRef`) as a programme file makes them, in a
 * fixed number of queries whatever their count — one for the ids, one for the codes, one for
 * the names of the paths:
 * - `{ id }` and `{ code }`: an organisation of the subtree of `reachOrgId` (the caller's);
 * - `{ path: [names…] }`: names read from `base` down, one level a name; `[]` is `base`
 *   itself. `base` must be in reach.
 *
 * Organisations outside reach are unknown, exactly as ids that never existed (nothing outside
 * the caller's subtree is told apart). Problems are returned, never thrown, so a file with
 * many gets them all reported at once.
 */
export async function resolveOrgRefs(
  db: ExecutorHandle,
  input: { reachOrgId: string; base: ResolvedOrg; refs: readonly OrgRefAt[] },
): Promise<OrgRefResolution> {
  const { reachOrgId, base, refs } = input;
  const q = own(db);
  const ids = unique(refs.flatMap(({ ref }) => ('id' in ref ? [ref.id] : [])));
  const codes = unique(refs.flatMap(({ ref }) => ('code' in ref ? [ref.code] : [])));
  const paths = refs.flatMap(({ ref }) => ('path' in ref ? [ref.path] : []));
  const names = unique(paths.flat());
  const depth = Math.max(0, ...paths.map((p) => p.length));
  const columns = ['id', 'kind', 'name', 'path', 'parent_id', 'code'] as const;

  const [byId, byCode, named] = await Promise.all([
    ids.length === 0
      ? []
      : q
          .selectFrom('organisations')
          .select(columns)
          // Ids that are not UUIDs cannot match; the cast would fail on them.
          .where(sql<string>`id::text`, 'in', ids)
          .where(inSubtree('organisations.id', reachOrgId))
          .execute(),
    codes.length === 0
      ? []
      : q
          .selectFrom('organisations')
          .select(columns)
          .where('code', 'in', codes)
          .where(inSubtree('organisations.id', reachOrgId))
          .execute(),
    names.length === 0
      ? []
      : q
          .selectFrom('organisations')
          .select(columns)
          .where('name', 'in', names)
          .where(inSubtree('organisations.id', base.id))
          .where(sql<SqlBool>`cardinality(path) <= ${base.path.length + depth}`)
          .execute(),
  ]);
  const idMap = new Map(byId.map((row) => [row.id, row]));
  const codeMap = new Map(byCode.map((row) => [row.code as string, row]));
  const children = new Map<string, typeof named>();
  for (const row of named) {
    const key = `${row.parent_id}\u0000${row.name}`;
    children.set(key, [...(children.get(key) ?? []), row]);
  }

  const resolved = new Map<string, ResolvedOrg>();
  const problems: OrgRefProblem[] = [];
  const keep = (at: OrgRefAt['at'], row: ResolvedOrg) =>
    resolved.set(formatPath(at), { id: row.id, kind: row.kind, name: row.name, path: row.path });
  for (const { at, ref } of refs) {
    if ('id' in ref) {
      const row = idMap.get(ref.id);
      if (row) keep(at, row);
      else
        problems.push({
          at,
          code: 'unknown_org',
          message: `no organisation ${ref.id} in your subtree: check the id, or name it by code or path`,
        });
    } else if ('code' in ref) {
      const row = codeMap.get(ref.code);
      if (row) keep(at, row);
      else
        problems.push({
          at,
          code: 'unknown_org',
          message: `no organisation with the code "${ref.code}" in your subtree: set it with PATCH /v1/organisations/:id, or name the organisation by path`,
        });
    } else {
      let current: ResolvedOrg = base;
      let failure: OrgRefProblem | null = null;
      for (const [level, name] of ref.path.entries()) {
        const found = children.get(`${current.id}\u0000${name}`) ?? [];
        const under = level === 0 ? `"${base.name}"` : `"${ref.path.slice(0, level).join(' / ')}"`;
        if (found.length !== 1) {
          failure = {
            at: [...at, 'path', level],
            code: found.length === 0 ? 'unknown_org' : 'ambiguous_org',
            message:
              found.length === 0
                ? `no organisation named "${name}" directly under ${under}: check the spelling (names are matched exactly) and the level`
                : `${found.length} organisations named "${name}" are directly under ${under}: name it by code or id instead`,
          };
          break;
        }
        current = found[0] as ResolvedOrg;
      }
      if (failure) problems.push(failure);
      else keep(at, current);
    }
  }
  return { resolved, problems };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
